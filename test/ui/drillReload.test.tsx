// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App';
import {
  DRILL_KEY,
  readDrill,
  readPlayhead,
  readStoredSource,
  writeDrill,
  type StorageLike,
} from '../../src/ui/state/persistence';
import type { PlayerActor } from '../../src/ui/state/PlayerContext';
import { DRILL } from '../support/drillScenario';
import { handsOnOffer, memoryStorage, renderWithPlayer, startPlayer } from './harness';

const context = (actor: PlayerActor) => actor.getSnapshot().context;

/** Plays until the player pauses by itself (a decision point or the end). */
function playOn(actor: PlayerActor): void {
  act(() => void actor.send({ type: 'play' }));
  for (let i = 0; i < 10_000 && actor.getSnapshot().matches({ playback: 'playing' }); i++)
    act(() => void actor.send({ type: 'tick', elapsed: 1_000 }));
}

/** Leaves the page as a reload does, and starts the app again on what it stored. */
function reload(storage: StorageLike): PlayerActor {
  act(() => void window.dispatchEvent(new Event('pagehide')));
  cleanup();
  // What the app reads at start-up (src/ui/main.tsx).
  const source = readStoredSource(storage);
  if (!source || !('source' in source)) throw new Error('no text stored');
  const resume = readPlayhead(storage);
  const drill = readDrill(storage);
  const actor = startPlayer('ha-pair.yaml', {
    initial: source.source,
    ...(resume ? { resume } : {}),
    ...(drill ? { resumeDrill: drill } : {}),
  });
  renderWithPlayer(actor, <App storage={storage} />, false);
  return actor;
}

/** The app on the drill's scenario, storing into `storage`. */
function opened(storage: StorageLike): PlayerActor {
  const actor = startPlayer('ha-pair.yaml', { initial: { text: DRILL, edited: true } });
  renderWithPlayer(actor, <App storage={storage} />, false);
  return actor;
}

/** The same, a drill on at 1000×, played to its first decision. */
function atDecision(storage: StorageLike, hideFaults = false): PlayerActor {
  const actor = opened(storage);
  act(() => void actor.send({ type: 'speed.set', speed: 1000 }));
  fireEvent.click(screen.getByTestId('drill-switch'));
  if (hideFaults) fireEvent.click(screen.getByTestId('drill-hide-faults'));
  playOn(actor);
  return actor;
}

describe('a drill across a reload', { timeout: 30_000 }, () => {
  afterEach(cleanup);

  it('should come back with the trainee’s choice, the playhead in the trainee’s run', () => {
    // Before: the drill was dropped and the playhead put back at the same instant of the
    // scenario's own run: device-b "rolling back" where the trainee had retried its install,
    // with nothing said.
    const storage = memoryStorage();
    const actor = atDecision(storage, true);
    fireEvent.click(screen.getByRole('button', { name: /^retry/ }));
    const chosenAt = context(actor).time;
    act(() => void actor.send({ type: 'seek', at: chosenAt + 5 * 60_000 }));
    const left = context(actor);
    expect(left.view?.run.report.decisions[0]).toMatchObject({ chosen: 'retry', by: 'operator' });

    const back = reload(storage);
    const now = context(back);
    expect(now.drill?.choices.map((choice) => choice.rule.choose)).toEqual(['retry']);
    expect(now.drill?.hideFaults).toBe(true);
    expect(now.view?.run.report.decisions[0]).toMatchObject({ chosen: 'retry', by: 'operator' });
    expect(now.view?.run.report.trace).toEqual(left.view?.run.report.trace);
    expect([now.time, now.cursor]).toEqual([left.time, left.cursor]);
    // Paused there, as a reload leaves any run (before the fix, a choice's run played on).
    expect(back.getSnapshot().matches({ playback: 'paused' })).toBe(true);
    expect(now.notices.map((notice) => notice.text)).toContain(
      "The drill you left is back after the reload, with the trainee's 1 choice.",
    );
    expect(screen.getByTestId<HTMLInputElement>('drill-switch').checked).toBe(true);
  });

  it('should come back at the decision the trainee had not taken yet, its card on screen', () => {
    const storage = memoryStorage();
    const actor = atDecision(storage);
    const at = context(actor).time;
    expect(screen.getByRole('dialog', { name: /Decision/ })).toBeTruthy();

    const back = reload(storage);
    expect(context(back).drill?.choices).toEqual([]);
    expect(context(back).notices.map((notice) => notice.text)).toContain(
      'The drill you left is back after the reload.',
    );
    expect(context(back).time).toBe(at);
    expect(screen.getByRole('dialog', { name: /Decision/ })).toBeTruthy();
  });

  it('should bring a hands-on drill back with the trainee’s steps', () => {
    const storage = memoryStorage();
    const actor = opened(storage);
    fireEvent.click(screen.getByTestId('hands-on-switch'));
    for (const item of ['backup all', 'sync-config']) {
      const offer = handsOnOffer(item);
      act(() => void fireEvent.click(offer));
    }
    const steps = context(actor).drill?.handsOn?.steps;
    expect(steps).toHaveLength(2);

    const back = reload(storage);
    expect(context(back).drill?.handsOn?.steps).toEqual(steps);
    expect(context(back).notices.map((notice) => notice.text)).toContain(
      "The hands-on drill you left is back after the reload, with the trainee's 2 steps.",
    );
    expect(screen.getAllByTestId('hands-on-step')).toHaveLength(2);
  });

  it('should forget the drill once it is stopped, and read an unreadable one as none', () => {
    const storage = memoryStorage();
    opened(storage);
    fireEvent.click(screen.getByTestId('drill-switch'));
    fireEvent.click(screen.getByTestId('drill-switch'));
    const back = reload(storage);
    expect(context(back).drill).toBeUndefined();
    expect(storage.items.has(DRILL_KEY)).toBe(false);
    for (const raw of ['{', 'null', '[]', '{"of":"x","hideFaults":true}', '{"of":1}']) {
      storage.setItem(DRILL_KEY, raw);
      expect(readDrill(storage), raw).toBeUndefined();
    }
    writeDrill(storage, DRILL, undefined);
    expect(storage.items.has(DRILL_KEY)).toBe(false);
  });
});
