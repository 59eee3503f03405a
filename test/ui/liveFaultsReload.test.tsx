// @vitest-environment jsdom
import { act, cleanup } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LIMITS, parseScenario, simulate, type FaultSpec } from '../../src/sim';
import { App } from '../../src/ui/App';
import {
  LIVE_KEY,
  PLAYHEAD_KEY,
  readPlayhead,
  readStoredFaults,
  readStoredSource,
  storedFaults,
  writePlayhead,
  type StoredFaults,
} from '../../src/ui/state/persistence';
import type { PlayerActor } from '../../src/ui/state/PlayerContext';
import { fixtureText, memoryStorage, MODES, renderWithPlayer, startPlayer } from './harness';

const HA = fixtureText('ha-pair.yaml');
const context = (actor: PlayerActor) => actor.getSnapshot().context;
const notices = (actor: PlayerActor) => context(actor).notices.map((notice) => notice.text);

/** The HA pair's text and these faults, stored as the app stores them. */
function stored(faults: readonly Readonly<Record<string, unknown>>[], text = HA): StoredFaults {
  return storedFaults(text, faults);
}

/** The HA pair simulated with `faults` written into it: what the run on screen must be. */
function expected(faults: readonly FaultSpec[]) {
  const scenario = parseScenario(HA, 'ha-pair.yaml');
  return simulate({ ...scenario, faults: [...scenario.faults, ...faults] }).report;
}

describe.each(MODES)('faults injected by hand, across a reload (%s)', (_, strict) => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('should be stored beside the text and injected again, the same run on screen', () => {
    vi.useFakeTimers();
    const storage = memoryStorage();
    const actor = startPlayer('ha-pair.yaml');
    renderWithPlayer(actor, <App storage={storage} />, strict);
    act(() => {
      actor.send({ type: 'seek', at: 60_000 });
      actor.send({ type: 'fault.inject', fault: 'host-crash', target: 'standby' });
    });
    const install = context(actor).view?.run.report.steps.find((s) => s.action === 'install');
    act(() => {
      actor.send({ type: 'seek', at: (install?.start ?? 0) + 90_500 });
      actor.send({
        type: 'fault.inject',
        fault: 'upgrade-failure',
        target: 'device-b',
        params: { times: 2 },
      });
    });
    const { live, view } = context(actor);
    expect(live).toHaveLength(2);
    act(() => void vi.advanceTimersByTime(1_000));
    cleanup();

    // What the app reads at start-up (src/ui/main.tsx).
    const source = readStoredSource(storage);
    const faults = readStoredFaults(storage);
    if (!source || !('source' in source) || !('stored' in faults) || !faults.stored)
      throw new Error('nothing stored');
    const reloaded = startPlayer('ha-pair.yaml', {
      initial: source.source,
      restore: faults.stored,
    });
    expect(context(reloaded).live).toEqual(live);
    expect(context(reloaded).view?.run.report).toEqual(view?.run.report);
    expect(context(reloaded).view?.run.report).toEqual(expected(live));
    expect(notices(reloaded)).toEqual([
      'The 2 faults you had injected by hand before the reload are injected again: the run is the one you left.',
    ]);
    // Removing them forgets them.
    renderWithPlayer(reloaded, <App storage={storage} />, strict);
    act(() => {
      reloaded.send({ type: 'fault.remove', index: 1 });
      reloaded.send({ type: 'fault.remove', index: 0 });
    });
    act(() => void vi.advanceTimersByTime(1_000));
    expect(storage.items.has(LIVE_KEY)).toBe(false);
  });

  it('should keep them stored while their run waits (a reload held back by the freeze guard)', () => {
    vi.useFakeTimers();
    const storage = memoryStorage();
    const faults = stored([{ fault: 'host-crash', target: 'standby', when: { at: '1m' } }]);
    const actor = startPlayer('ha-pair.yaml', { restore: faults, hold: true });
    expect(context(actor).view).toBeUndefined();
    renderWithPlayer(actor, <App storage={storage} />, strict);
    act(() => void vi.advanceTimersByTime(1_000));
    expect(readStoredFaults(storage)).toEqual({ stored: faults });
    act(() => void actor.send({ type: 'simulation.run' }));
    expect(context(actor).live).toEqual([
      { index: 0, fault: 'host-crash', target: 'standby', when: { at: 60_000 }, times: 1 },
    ]);
  });
});

describe('a fault injected by hand into a scenario whose faults: are at the limit', () => {
  afterEach(cleanup);

  it('should be refused, saying why, rather than make a text the parser refuses', () => {
    const late = '  - { fault: session-loss, target: active, when: { at: 900h } }\n';
    const full = `${HA.replace(/\nfaults:[^]*?(?=\n\S|$)/, '')}\nfaults:\n${late.repeat(LIMITS.faults)}`;
    expect(parseScenario(full, 'full.yaml').faults).toHaveLength(LIMITS.faults);
    const actor = startPlayer('ha-pair.yaml', { initial: { text: full, edited: true } });
    renderWithPlayer(actor, <App storage={memoryStorage()} />, false);
    const before = context(actor).view?.run;
    act(() => {
      actor.send({ type: 'seek', at: 60_000 });
      actor.send({ type: 'fault.inject', fault: 'host-crash', target: 'standby' });
    });
    expect(context(actor).live).toEqual([]);
    expect(context(actor).view?.run).toBe(before);
    expect(notices(actor).at(-1)).toMatch(
      /^Not injected: the scenario already has 1,000 faults, the most a scenario file may hold/,
    );
  });
});

describe('faults stored before a reload that no longer apply', () => {
  it('should not inject them into another text, and say which they were', () => {
    const faults = stored([
      { fault: 'host-crash', target: 'standby', when: { at: '1m' } },
      { fault: 'failover-timeout', target: 'active', when: { at: '1h' }, duration: '40m' },
    ]);
    const actor = startPlayer('ha-pair.yaml', {
      initial: { text: `${HA}# changed since\n`, edited: true },
      restore: faults,
    });
    expect(context(actor).live).toEqual([]);
    expect(context(actor).view?.run.report).toEqual(expected([]));
    expect(notices(actor)).toEqual([
      'The 2 faults you had injected by hand before the reload were not injected again: the text is not the one they were injected into. As faults: entries: { fault: host-crash, target: standby, when: { at: 1m } }, { fault: failover-timeout, target: active, when: { at: 1h }, duration: 40m }.',
    ]);
    expect(context(actor).restore).toBeUndefined();
  });

  it('should not inject them into the text of a link opened instead', () => {
    const faults = stored([{ fault: 'host-crash', target: 'standby', when: { at: '1m' } }]);
    const actor = startPlayer('ha-pair.yaml', {
      restore: faults,
      open: { text: fixtureText('standalone.yaml'), file: 'shared-link.yaml' },
    });
    expect(context(actor).source).toBe(fixtureText('standalone.yaml'));
    expect(context(actor).live).toEqual([]);
    expect(notices(actor).join(' ')).toMatch(
      /^The fault you had injected by hand before the reload was not injected again: the text is not the one they were injected into\./,
    );
  });

  it('should inject those that still read and fire, and say why each other one is left out', () => {
    const actor = startPlayer('ha-pair.yaml', {
      restore: stored([
        { fault: 'pool-degraded', target: 'standby', when: { at: '2m' } },
        { fault: 'host-crash', target: 'device-z', when: { at: '3m' } },
        { fault: 'host-crash', target: 'standby', when: { at: '1m' } },
        // Long after the run's end: it never fires.
        { fault: 'upgrade-failure', target: 'standby', when: { at: '20h' } },
        { fault: 'power-loss', target: 'active', when: { at: '4m' }, duration: 'soon' },
      ]),
    });
    const live: FaultSpec[] = [
      { index: 0, fault: 'host-crash', target: 'standby', when: { at: 60_000 }, times: 1 },
    ];
    expect(context(actor).live).toEqual(live);
    expect(context(actor).view?.run.report).toEqual(expected(live));
    const [back, refused] = notices(actor);
    expect(back).toMatch(/^The fault you had injected by hand before the reload is injected again/);
    expect(refused).toMatch(
      /^4 faults you had injected by hand before the reload were not injected again: /,
    );
    // Each with the parser's reason, or the run's.
    expect(refused).toMatch(/\{ fault: pool-degraded, .*\} \(fault: pool-degraded cannot happen/);
    expect(refused).toMatch(/\{ fault: host-crash, target: device-z, .*\} \(target: unknown host/);
    expect(refused).toMatch(/\{ fault: power-loss, .*duration: soon \} \(duration: "soon" is not/);
    expect(refused).toMatch(
      /\{ fault: upgrade-failure, target: standby, when: \{ at: 20h \} \} \(it no longer fires in this run\)/,
    );
  });

  it('should say so when the text they belong to has an error', () => {
    const text = 'name: [\n';
    const actor = startPlayer('ha-pair.yaml', {
      initial: { text, edited: true },
      restore: stored([{ fault: 'host-crash', target: 'standby', when: { at: '1m' } }], text),
    });
    expect(context(actor).error).toBeDefined();
    expect(context(actor).live).toEqual([]);
    expect(notices(actor).join(' ')).toMatch(
      /was not injected again: the text has an error \(.*\)\. As faults: entries: \{ fault: host-crash/,
    );
  });
});

describe('the playhead across a reload', () => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('should put the run back where the playhead stood when the page was left, faults and all', () => {
    vi.useFakeTimers();
    const storage = memoryStorage();
    const actor = startPlayer('ha-pair.yaml');
    renderWithPlayer(actor, <App storage={storage} />, false);
    act(() => {
      actor.send({ type: 'seek', at: 60_000 });
      actor.send({ type: 'fault.inject', fault: 'host-crash', target: 'standby' });
    });
    act(() => void actor.send({ type: 'seek', at: 1_234_000 }));
    const { time, cursor } = context(actor);
    expect(time).toBe(1_234_000);
    // Leaving the page (a reload) stores the text, the fault and the playhead.
    act(() => void window.dispatchEvent(new Event('pagehide')));
    cleanup();

    // What the app reads at start-up (src/ui/main.tsx).
    const source = readStoredSource(storage);
    const faults = readStoredFaults(storage);
    const resume = readPlayhead(storage);
    if (!source || !('source' in source) || !('stored' in faults) || !faults.stored)
      throw new Error('nothing stored');
    const reloaded = startPlayer('ha-pair.yaml', {
      initial: source.source,
      restore: faults.stored,
      ...(resume ? { resume } : {}),
    });
    // Before: the run came back at 0:00:00.
    expect(context(reloaded).time).toBe(1_234_000);
    expect(context(reloaded).cursor).toBe(cursor);
    expect(context(reloaded).live).toHaveLength(1);
  });

  it('should start another text at 0, and a later instant than the run at its end', () => {
    const storage = memoryStorage();
    writePlayhead(storage, HA, 90_000);
    const other = startPlayer('ha-pair.yaml', {
      initial: { text: `${HA}# changed since\n`, edited: true },
      resume: readPlayhead(storage),
    });
    expect(context(other).time).toBe(0);
    writePlayhead(storage, HA, 1e12);
    const same = startPlayer('ha-pair.yaml', { resume: readPlayhead(storage) });
    expect(context(same).time).toBe(context(same).view?.duration);
  });

  it('should read an unreadable stored playhead as none', () => {
    const storage = memoryStorage();
    for (const raw of ['{', '[]', '{"of":"x","at":-1}', '{"of":"x","at":"1"}', 'null']) {
      storage.setItem(PLAYHEAD_KEY, raw);
      expect(readPlayhead(storage), raw).toBeUndefined();
    }
  });
});
