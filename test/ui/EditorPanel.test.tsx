// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EditorPanel } from '../../src/ui/panels/EditorPanel';
import { TopologyPanel } from '../../src/ui/panels/TopologyPanel';
import { fixtureText, MODES, renderWithPlayer, startPlayer } from './harness';

describe.each(MODES)('EditorPanel (%s)', (_, strict) => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('should mark a validation error at its line and keep showing the last valid run', () => {
    vi.useFakeTimers();
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(
      actor,
      <>
        <EditorPanel />
        <TopologyPanel />
      </>,
      strict,
    );
    const hosts = screen.getAllByTestId('host-card').length;
    const lines = fixtureText('cluster.yaml').split('\n');
    const broken = lines
      .map((line) => (line.startsWith('topology:') ? 'topology: ring' : line))
      .join('\n');
    const errorLine = lines.findIndex((line) => line.startsWith('topology:')) + 1;
    fireEvent.change(screen.getByTestId('source'), { target: { value: broken } });
    expect(screen.getByTestId('editor-status').textContent).toMatch(/Checking/);
    act(() => {
      vi.advanceTimersByTime(300);
    });
    const error = screen.getByTestId('editor-error');
    expect(error.dataset.line).toBe(String(errorLine));
    expect(error.textContent).toContain(`Line ${errorLine}`);
    expect(error.textContent).toContain('topology');
    const marked = document.querySelector('.gutter-line.error');
    expect(marked?.textContent).toContain(String(errorLine));
    expect(screen.getAllByTestId('host-card')).toHaveLength(hosts);
    expect(screen.getByTestId('editor-status').textContent).toMatch(/last valid/);

    fireEvent.change(screen.getByTestId('source'), {
      target: { value: lines.join('\n').replace('processing: 3', 'processing: 4') },
    });
    act(() => {
      vi.advanceTimersByTime(300);
    });
    expect(screen.queryByTestId('editor-error')).toBeNull();
    expect(screen.getAllByTestId('host-card')).toHaveLength(hosts + 1);
  });
});
