// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PanelBoundary } from '../../src/ui/PanelBoundary';
import { MODES } from './harness';

function Broken(): never {
  throw new Error('the lane could not be drawn');
}

describe.each(MODES)('PanelBoundary (%s)', (_, strict) => {
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('should show a failing panel’s error inside it and leave the other panels working', () => {
    // React reports caught errors on the console; keep the test output clean.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const tree = (
      <>
        <PanelBoundary name="Timeline">
          <Broken />
        </PanelBoundary>
        <PanelBoundary name="Procedure">
          <p>steps are here</p>
        </PanelBoundary>
      </>
    );
    render(strict ? <StrictMode>{tree}</StrictMode> : tree);
    const error = screen.getByTestId('panel-error');
    expect(error.textContent).toContain('Timeline');
    expect(error.textContent).toContain('the lane could not be drawn');
    expect(screen.getByText('steps are here')).toBeTruthy();
  });
});
