// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Notices } from '../../src/ui/panels/Notices';
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
    renderWithPlayer(actor, <Notices />, strict);
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
});
