// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { INFO_FADES_MS, Notices } from '../../src/ui/panels/Notices';
import { NOTICE_FADES_MS } from '../../src/ui/state/playerMachine';
import { MODES, renderWithPlayer, startPlayer } from './harness';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe.each(MODES)('Notices (%s)', (_, strict) => {
  it('should let the answer to a jump with nowhere to go go by itself, and keep every other notice', () => {
    vi.useFakeTimers();
    const actor = startPlayer('cluster.yaml');
    renderWithPlayer(
      actor,
      <>
        <Notices />
        <Notices told />
      </>,
      strict,
    );
    act(() => {
      actor.send({ type: 'notice.add', tone: 'error', text: 'Your drafts are not saved.' });
      actor.send({ type: 'jump.previous' });
    });
    const texts = () => screen.queryAllByTestId('notice').map((notice) => notice.textContent);
    expect(texts()).toEqual([
      'Your drafts are not saved.✕',
      'No failover, fault or violation before the playhead.✕',
    ]);
    // Before: it stayed until closed, a row of the class's screen taken from the stage.
    act(() => {
      vi.advanceTimersByTime(NOTICE_FADES_MS - 1);
    });
    expect(texts()).toHaveLength(2);
    act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(texts()).toEqual(['Your drafts are not saved.✕']);
  });

  it('should float a confirmation out of the page and let it go after a while, an error staying', () => {
    // Before: "The injected fault was written into the scenario …" took a row above the stage
    // until closed, the stage's cards zoomed out under it (24.5 px → 22.2 px at 1080p).
    vi.useFakeTimers();
    const actor = startPlayer('cluster.yaml');
    const { container } = renderWithPlayer(
      actor,
      <>
        <Notices />
        <Notices told />
      </>,
      strict,
    );
    act(() => {
      actor.send({ type: 'notice.add', tone: 'error', text: 'Your drafts are not saved.' });
      actor.send({ type: 'notice.add', tone: 'info', text: 'Written into the scenario.' });
    });
    const info = screen.getByText('Written into the scenario.').closest('[data-testid="notice"]');
    const error = screen.getByText('Your drafts are not saved.').closest('[data-testid="notice"]');
    // Not in the same box: the error in the page's flow, the confirmation in the floating one.
    expect(info?.parentElement).not.toBe(error?.parentElement);
    expect(container.contains(info ?? null)).toBe(true);
    act(() => {
      vi.advanceTimersByTime(INFO_FADES_MS);
    });
    expect(screen.queryByText('Written into the scenario.')).toBeNull();
    expect(screen.getByText('Your drafts are not saved.')).toBeTruthy();
  });
});
