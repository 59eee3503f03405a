// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Header } from '../../src/ui/panels/Header';
import { Notices } from '../../src/ui/panels/Notices';
import { MODES, renderWithPlayer, startPlayer } from './harness';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
  vi.unstubAllGlobals();
});

const noop = () => undefined;

describe.each(MODES)('a share link too long for browsers (%s)', (_mode, strict) => {
  it('should be refused, nothing copied, with the file to send instead', () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    // 3 MB of scenario: its link would be 4 MB long, past what Chromium opens (2 MB).
    const big = `name: big\n#${'x'.repeat(3_000_000)}\n`;
    const actor = startPlayer('ha-pair.yaml', { initial: { text: big, edited: true } });
    renderWithPlayer(
      actor,
      <>
        <Notices />
        <Header presenter={false} onPresenter={noop} onHelp={noop} />
      </>,
      strict,
    );
    act(() => void fireEvent.click(screen.getByTestId('share')));
    expect(writeText).not.toHaveBeenCalled();
    expect(window.location.hash).toBe('');
    expect(screen.getByRole('alert').textContent).toMatch(
      /^Not shared: the link would be 4,000,0\d\d characters long, and browsers open no link past 2,000,000; nothing was copied\. Send this scenario as a file instead/,
    );
  });
});
