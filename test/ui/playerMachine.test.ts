import { waitFor } from 'xstate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { APPLICABLE_FAULTS, parseScenario, simulate } from '../../src/sim';
import { clock } from '../../src/ui/format';
import { injectionTime } from '../../src/ui/state/faultReach';
import { faultTargets } from '../../src/ui/state/faultTargets';
import { SPEEDS } from '../../src/ui/state/playerMachine';
import { cursorAtTime, groupsDownAt, hostAt, procedureAt } from '../../src/ui/state/runView';
import type { SimulationRequest } from '../../src/ui/simulation';
import { fixtureText, simulateInProcess, startPlayer } from './harness';

afterEach(() => {
  vi.useRealTimers();
});

describe('playerMachine', () => {
  it('should start on the given scenario, paused at the first transition', () => {
    const actor = startPlayer('cluster.yaml');
    const snapshot = actor.getSnapshot();
    expect(snapshot.matches({ playback: 'paused' })).toBe(true);
    expect(snapshot.context.cursor).toBe(0);
    expect(snapshot.context.time).toBe(0);
    expect(snapshot.context.view?.run.report.scenario).toBe(
      'Cluster from 3.2.4, three processing hosts',
    );
  });

  it('should run only its first run of a built-in scenario in the page, every other run in a worker', () => {
    const requests: SimulationRequest[] = [];
    const recording = (
      request: SimulationRequest,
      report: Parameters<typeof simulateInProcess>[1],
    ) => {
      requests.push(request);
      return simulateInProcess(request, report);
    };
    const actor = startPlayer('cluster.yaml', {}, undefined, recording);
    // Even a built-in picked later: the page has a worker ready by then.
    actor.send({ type: 'scenario.select', id: 'ha-pair.yaml' });
    expect(requests[0]?.inPage).toBe(true);
    expect(requests.slice(1).length).toBeGreaterThan(0);
    expect(requests.slice(1).every((request) => request.inPage === undefined)).toBe(true);
    // A first run of a text that is no built-in's (stored typing, a link) goes to a worker.
    const edited: SimulationRequest[] = [];
    startPlayer(
      'cluster.yaml',
      { initial: { text: `${fixtureText('cluster.yaml')}\n# mine\n`, edited: true } },
      undefined,
      (request, report) => {
        edited.push(request);
        return simulateInProcess(request, report);
      },
    );
    expect(edited.map((request) => request.inPage)).toEqual([undefined]);
  });

  it('should drop what it said of a text once another replaces it, and keep its errors', () => {
    const actor = startPlayer('cluster.yaml');
    actor.send({ type: 'notice.add', tone: 'info', text: 'A link to this scenario was copied.' });
    actor.send({ type: 'notice.add', tone: 'error', text: 'Your drafts are not saved.' });
    actor.send({ type: 'scenario.select', id: 'ha-pair.yaml' });
    const texts = actor.getSnapshot().context.notices.map((notice) => notice.text);
    expect(texts).not.toContain('A link to this scenario was copied.');
    expect(texts).toContain('Your drafts are not saved.');
  });

  it('should drop what it said of the run once faults are injected or removed by hand, and keep its errors', () => {
    const actor = startPlayer('ha-pair.yaml');
    const said = 'The fault you had injected by hand before the reload is injected again.';
    const texts = () => actor.getSnapshot().context.notices.map((notice) => notice.text);
    actor.send({ type: 'notice.add', tone: 'info', text: said });
    actor.send({ type: 'notice.add', tone: 'error', text: 'Your drafts are not saved.' });
    actor.send({ type: 'seek', at: 60_000 });
    actor.send({ type: 'fault.inject', fault: 'host-crash', target: 'standby' });
    // Before: the notice about the reload stayed over a run with another fault in it.
    expect(texts()).not.toContain(said);
    expect(texts()).toContain('Your drafts are not saved.');
    actor.send({ type: 'notice.add', tone: 'info', text: said });
    const [live] = actor.getSnapshot().context.live;
    if (!live) throw new Error('a live fault');
    actor.send({ type: 'fault.remove', index: live.index });
    expect(texts()).not.toContain(said);
    expect(texts()).toContain('Your drafts are not saved.');
  });

  it('should cope with no built-in scenarios at all', () => {
    const actor = startPlayer('cluster.yaml', { builtins: [], initial: undefined });
    const snapshot = actor.getSnapshot();
    expect(snapshot.context.view).toBeUndefined();
    actor.send({ type: 'play' });
    expect(actor.getSnapshot().matches({ playback: 'paused' })).toBe(true);
  });

  it('should advance virtual time by speed × elapsed wall time and stop at the end', () => {
    const actor = startPlayer('cluster.yaml');
    actor.send({ type: 'speed.set', speed: 1000 });
    actor.send({ type: 'play' });
    actor.send({ type: 'tick', elapsed: 16 });
    expect(actor.getSnapshot().context.time).toBe(16_000);
    const view = actor.getSnapshot().context.view;
    const duration = view?.duration ?? 0;
    actor.send({ type: 'tick', elapsed: duration });
    const snapshot = actor.getSnapshot();
    expect(snapshot.context.time).toBe(duration);
    expect(snapshot.context.cursor).toBe((view?.times.length ?? 0) - 1);
    expect(snapshot.matches({ playback: 'paused' })).toBe(true);
    // Playing again from the end starts over.
    actor.send({ type: 'play' });
    expect(actor.getSnapshot().context.cursor).toBe(0);
  });

  it('should step one transition at a time and pause', () => {
    const actor = startPlayer('ha-pair.yaml');
    actor.send({ type: 'play' });
    actor.send({ type: 'step.forward' });
    actor.send({ type: 'step.forward' });
    const { context } = actor.getSnapshot();
    expect(context.cursor).toBe(2);
    expect(context.time).toBe(context.view?.run.report.trace[2]?.at);
    expect(actor.getSnapshot().matches({ playback: 'paused' })).toBe(true);
    actor.send({ type: 'step.back' });
    expect(actor.getSnapshot().context.cursor).toBe(1);
    actor.send({ type: 'step.back' });
    actor.send({ type: 'step.back' });
    expect(actor.getSnapshot().context.cursor).toBe(0);
  });

  it('should jump to the next failover, fault or violation, where its instant has settled', () => {
    const actor = startPlayer('cluster.yaml');
    const view = actor.getSnapshot().context.view;
    const trace = view?.run.report.trace ?? [];
    const failovers = trace
      .filter((e) => e.actor === 'procedure' && e.state === 'running.failingOver')
      .map((e) => e.seq);
    expect(failovers).toHaveLength(3);
    // The last entry of the failover's instant, the procedure still failing over: the storage
    // hosts have taken its commands and the VPS on the Primary is down. Before: the procedure's
    // own entry, where the narration said "every VPS on the Primary is down meanwhile" beside a
    // green vps-db and a Primary not yet handing over.
    const settled = (seq: number | undefined) => {
      let last = seq ?? -1;
      while (
        trace[last + 1]?.at === trace[last]?.at &&
        !(
          trace[last + 1]?.actor === 'procedure' && trace[last + 1]?.state !== 'running.failingOver'
        )
      )
        last++;
      return last;
    };
    actor.send({ type: 'jump.next' });
    const landed = actor.getSnapshot().context.cursor;
    expect(landed).toBe(settled(failovers[0]));
    expect(landed).toBeGreaterThan(failovers[0] ?? 0);
    const db = view?.run.groups.findIndex((group) => group.members.includes('vps-db')) ?? -1;
    const down = (cursor: number) =>
      view ? groupsDownAt(view, cursor, view.times[cursor] ?? 0)[db] : undefined;
    expect([down(failovers[0] ?? 0), down(landed)]).toEqual([false, true]);
    actor.send({ type: 'jump.next', kind: 'failover' });
    expect(actor.getSnapshot().context.cursor).toBe(settled(failovers[1]));
    actor.send({ type: 'jump.previous' });
    expect(actor.getSnapshot().context.cursor).toBe(settled(failovers[0]));
    // Nothing to jump to is said, once however often the button is pressed; the playhead stays.
    actor.send({ type: 'jump.previous' });
    actor.send({ type: 'jump.previous' });
    const { context } = actor.getSnapshot();
    expect(context.cursor).toBe(settled(failovers[0]));
    expect(context.notices.map((notice) => notice.text)).toEqual([
      'No failover, fault or violation before the playhead.',
    ]);
    actor.send({ type: 'seek.end' });
    actor.send({ type: 'jump.next', kind: 'violation' });
    expect(actor.getSnapshot().context.notices.at(-1)?.text).toBe(
      'No violation ahead of the playhead.',
    );
  });

  it('should seek to a sequence number or a virtual time', () => {
    const actor = startPlayer('cluster.yaml');
    actor.send({ type: 'seek', at: 3_600_000 });
    const { context } = actor.getSnapshot();
    const trace = context.view?.run.report.trace ?? [];
    expect(context.time).toBe(3_600_000);
    expect(trace[context.cursor]?.at).toBeLessThanOrEqual(3_600_000);
    expect(trace[context.cursor + 1]?.at).toBeGreaterThan(3_600_000);
    actor.send({ type: 'seek', seq: 5 });
    expect(actor.getSnapshot().context.cursor).toBe(5);
  });

  it('should inject a fault at the current virtual time and keep the run identical up to it', () => {
    const actor = startPlayer('ha-pair.yaml');
    const before = actor.getSnapshot().context.view?.run;
    const install = before?.report.steps.find((s) => s.action === 'install');
    const at = (install?.start ?? 0) + 5 * 60_000;
    actor.send({ type: 'seek', at });
    const cursor = actor.getSnapshot().context.cursor;
    actor.send({ type: 'fault.inject', fault: 'upgrade-failure', target: 'standby' });
    const { context } = actor.getSnapshot();
    expect(context.live).toEqual([
      { index: 0, fault: 'upgrade-failure', target: 'standby', when: { at }, times: 1 },
    ]);
    // The playhead stays at its instant, past the fault's own transitions there.
    expect(context.time).toBe(at);
    expect(context.cursor).toBeGreaterThan(cursor);
    expect(context.cursor).toBe(context.view && cursorAtTime(context.view, at));
    const after = context.view?.run;
    expect(after?.report.trace.slice(0, cursor + 1)).toEqual(
      before?.report.trace.slice(0, cursor + 1),
    );
    expect(after?.report.outcome).toBe('rolled-back');
    // The same as simulating the scenario with the fault written into it.
    const scenario = parseScenario(fixtureText('ha-pair.yaml'), 'ha-pair.yaml');
    const expected = simulate({
      ...scenario,
      faults: [{ index: 0, fault: 'upgrade-failure', target: 'standby', when: { at }, times: 1 }],
    });
    expect(after?.report).toEqual(expected.report);
    actor.send({ type: 'fault.remove', index: 0 });
    expect(actor.getSnapshot().context.view?.run.report).toEqual(before?.report);
  });

  it("should strike after what the screen shows of the playhead's own instant, at any instant", () => {
    // Before: paused in a failover started at 1:10:00, a crash injected there struck at
    // 1:10:00, first among that instant's events, before the failover: the run on screen went
    // back to the step before it and the fault was blamed for a violation it never caused.
    for (const file of ['cluster.yaml', 'ha-pair.yaml'] as const) {
      const actor = startPlayer(file);
      const view = actor.getSnapshot().context.view;
      const entries = view?.times.length ?? 0;
      let struck = 0;
      for (let seq = 1; seq < entries - 1; seq += 3) {
        actor.send({ type: 'seek', seq });
        const { cursor } = actor.getSnapshot().context;
        const before = view?.run.report.trace.slice(0, cursor + 1);
        for (const target of ['primary', 'secondary', 'active', 'standby']) {
          actor.send({ type: 'fault.inject', fault: 'host-crash', target });
          const after = actor.getSnapshot().context;
          if (after.live.length === 0) continue;
          struck++;
          expect(
            after.view?.run.report.trace.slice(0, cursor + 1),
            `${file} ${seq} ${target}`,
          ).toEqual(before);
          actor.send({ type: 'fault.remove', index: 0 });
        }
      }
      expect(struck, file).toBeGreaterThan(10);
    }
  }, 120_000);

  it('should inject a fault after a seek between seconds at the next whole second', () => {
    const actor = startPlayer('ha-pair.yaml');
    const install = actor
      .getSnapshot()
      .context.view?.run.report.steps.find((s) => s.action === 'install');
    const at = (install?.start ?? 0) + 5 * 60_000 + 778;
    actor.send({ type: 'seek', at });
    actor.send({ type: 'fault.inject', fault: 'upgrade-failure', target: 'standby' });
    const { context } = actor.getSnapshot();
    expect(context.live[0]?.when).toEqual({ at: at - 778 + 1000 });
    expect(context.view?.run.report.outcome).toBe('rolled-back');
  });

  it('should show a fault injected while paused at once: the playhead moves to the instant it strikes, the host struck', () => {
    // Before: paused in a failover at 2:40:38, a crash injected "at 2:40:39" left the playhead
    // where it was, the Primary still failing over on its card, until the class stepped twice.
    const actor = startPlayer('cluster.yaml');
    const failover = actor
      .getSnapshot()
      .context.view?.run.report.steps.find((s) => s.action === 'failover');
    const at = (failover?.start ?? 0) + 38_500;
    actor.send({ type: 'seek', at });
    actor.send({ type: 'fault.inject', fault: 'host-crash', target: 'primary' });
    const { context } = actor.getSnapshot();
    const view = context.view;
    if (!view) throw new Error('a run');
    const strikes = at - 500 + 1000;
    expect(context.live[0]?.when).toEqual({ at: strikes });
    expect(context.time).toBe(strikes);
    expect(context.cursor).toBe(cursorAtTime(view, strikes));
    const struck = view.markers.find((marker) => marker.kind === 'fault');
    expect(struck?.label).toMatch(/^host crash on primary \((storage-\d)\)$/);
    const host = /\((storage-\d)\)/.exec(struck?.label ?? '')?.[1] ?? '';
    expect(hostAt(view, host, context.cursor)?.lifecycle).toBe('down');
  });

  it('should inject a fault while playing at the playhead time, with its parameters, and keep playing', () => {
    const actor = startPlayer('ha-pair.yaml');
    const before = actor.getSnapshot().context.view?.run;
    const switchover = before?.report.steps.find((s) => s.action === 'switchover');
    const at = (switchover?.start ?? 0) - 60_000;
    actor.send({ type: 'seek', at });
    actor.send({ type: 'play' });
    actor.send({
      type: 'fault.inject',
      fault: 'failover-timeout',
      target: 'active',
      params: { duration: 40 * 60_000 },
    });
    const { context } = actor.getSnapshot();
    expect(actor.getSnapshot().matches({ playback: 'playing' })).toBe(true);
    expect(context.live).toEqual([
      {
        index: 0,
        fault: 'failover-timeout',
        target: 'active',
        when: { at },
        times: 1,
        duration: 40 * 60_000,
      },
    ]);
    // The same run as the scenario with the fault written into it: the switchover lasts 40m.
    const scenario = parseScenario(fixtureText('ha-pair.yaml'), 'ha-pair.yaml');
    const expected = simulate({ ...scenario, faults: context.live });
    expect(context.view?.run.report).toEqual(expected.report);
    const lengths = expected.report.steps
      .filter((s) => s.action === 'switchover')
      .map((s) => (s.end ?? 0) - (s.start ?? 0));
    expect(lengths).toContain(40 * 60_000);
  });

  // A live fault strikes at the playhead's next whole second: at the run's end, or from just
  // before it, that is the end or past it, and nothing is left to strike. Every fault type on a
  // role and a host is refused at once (no run simulated) with the form's reason.
  it.each(['ha-pair.yaml', 'standalone.yaml', 'cluster.yaml'] as const)(
    'should refuse every fault aimed at the end of the run at once, and say why: %s',
    (fixture) => {
      let runs = 0;
      const actor = startPlayer(fixture, {}, undefined, (request, report) => {
        runs++;
        return simulateInProcess(request, report);
      });
      const { view, scenario } = actor.getSnapshot().context;
      if (!view || !scenario) throw new Error('no run');
      const { roles, hosts } = faultTargets(scenario);
      const end = clock(view.duration);
      const before = runs;
      let refused = 0;
      for (const playhead of [view.duration, view.duration - 999]) {
        for (const fault of APPLICABLE_FAULTS[scenario.system]) {
          for (const target of [roles[0], hosts[0]]) {
            if (target === undefined) continue;
            actor.send({ type: 'seek', at: playhead });
            const notices = actor.getSnapshot().context.notices.length;
            actor.send({ type: 'fault.inject', fault, target });
            const { context } = actor.getSnapshot();
            expect(context.live, `${fault} on ${target}`).toEqual([]);
            expect(context.view).toBe(view);
            // The instant it would strike: the end, or the second after it where the end's own
            // events are on screen.
            const at = clock(injectionTime(context.time, view.times[context.cursor]));
            expect(context.notices.slice(notices).map((notice) => notice.text)).toEqual([
              `Not injected: ${fault} on ${target} at ${at} comes after the run's end at ${end}; rewind to inject a fault.`,
            ]);
            refused++;
          }
        }
      }
      expect(refused).toBeGreaterThan(0);
      expect(runs).toBe(before);
    },
  );

  it('should keep the playhead where it was when a fault is refused', () => {
    const actor = startPlayer('ha-pair.yaml');
    actor.send({ type: 'seek.end' });
    const { cursor, time } = actor.getSnapshot().context;
    actor.send({ type: 'fault.inject', fault: 'host-crash', target: 'standby' });
    expect(actor.getSnapshot().context).toMatchObject({ cursor, time, live: [] });
    // A second earlier the crash strikes before the end, and is injected.
    actor.send({ type: 'seek', at: time - 1000 });
    actor.send({ type: 'fault.inject', fault: 'host-crash', target: 'standby' });
    expect(actor.getSnapshot().context.live).toHaveLength(1);
  });

  it('should keep playing while a comparison opens or a report is imported', () => {
    const actor = startPlayer('ha-pair.yaml');
    actor.send({ type: 'play' });
    actor.send({ type: 'compare.open', with: { kind: 'policy', key: 'preemption' } });
    expect(actor.getSnapshot().matches({ playback: 'playing' })).toBe(true);
    actor.send({ type: 'run.import', text: '{' });
    expect(actor.getSnapshot().matches({ playback: 'playing' })).toBe(true);
  });

  it('should write the live faults into the text as faults: entries, clear them, and run the same run', () => {
    const actor = startPlayer('ha-pair.yaml');
    const install = actor
      .getSnapshot()
      .context.view?.run.report.steps.find((s) => s.action === 'install');
    actor.send({ type: 'seek', at: (install?.start ?? 0) + 60_000 });
    actor.send({ type: 'fault.inject', fault: 'upgrade-failure', target: 'standby' });
    const injected = actor.getSnapshot().context;
    const report = injected.view?.run.report;
    const text = injected.source;
    actor.send({ type: 'fault.write' });
    const written = actor.getSnapshot().context;
    expect(written.live).toEqual([]);
    expect(written.source).not.toBe(text);
    expect(written.source.startsWith(text.trimEnd())).toBe(true);
    expect(written.scenario?.faults).toEqual(injected.live);
    expect(written.view?.run.report).toEqual(report);
    expect(written.time).toBe(injected.time);
    expect(written.dirty).toBe(true);
    // Undo brings back the text before the write.
    actor.send({ type: 'scenario.undo' });
    actor.send({ type: 'replace.confirm', at: 1 });
    expect(actor.getSnapshot().context.source).toBe(text);
  });

  it('should not write faults while the editor holds other text than the run', () => {
    vi.useFakeTimers();
    const actor = startPlayer('ha-pair.yaml');
    actor.send({ type: 'seek', at: 3_600_000 });
    actor.send({ type: 'fault.inject', fault: 'host-crash', target: 'standby' });
    actor.send({ type: 'scenario.edit', text: `${fixtureText('ha-pair.yaml')}\n# typed` });
    actor.send({ type: 'fault.write' });
    expect(actor.getSnapshot().context.source).toBe(`${fixtureText('ha-pair.yaml')}\n# typed`);
  });

  it('should not jump ahead to a fault or a violation in spoiler-free mode, only to the next step', () => {
    const actor = startPlayer('ha-left-on.yaml', { spoilerFree: true });
    const view = actor.getSnapshot().context.view;
    const ahead = view?.markers.filter((marker) => marker.kind !== 'failover') ?? [];
    expect(ahead.length).toBeGreaterThan(0);
    actor.send({ type: 'jump.next', kind: 'violation' });
    expect(actor.getSnapshot().context.cursor).toBe(0);
    // Said rather than silently ignored, in words that tell nothing of what lies ahead.
    expect(actor.getSnapshot().context.notices.at(-1)?.text).toBe(
      'Spoiler-free: a jump goes to the next step, never to an event ahead.',
    );
    const steps = view?.run.report.steps.length ?? 0;
    let jumps = 0;
    for (let jump = 0; jump < steps + 2; jump++) {
      const before = actor.getSnapshot().context.cursor;
      actor.send({ type: 'jump.next' });
      const after = actor.getSnapshot().context.cursor;
      if (after === before) break;
      jumps++;
      // Landed in the instant a step becomes current (or at the run's end), never on a fault or
      // a violation of a later instant: one there is in that instant, as playing there shows.
      const at = view?.times[after];
      const step = view ? procedureAt(view, after).step : -1;
      const current = view ? view.procFrames[view.procStep.indexOf(step)] : undefined;
      if (after < (view?.times.length ?? 0) - 1)
        expect(current === undefined ? undefined : view?.times[current]).toBe(at);
    }
    expect(jumps).toBeGreaterThan(steps / 2);
    expect(actor.getSnapshot().context.notices.at(-1)?.text).toBe(
      'The run has ended: nothing is left to play.',
    );
    actor.send({ type: 'spoilers.set', on: false });
    actor.send({ type: 'seek', seq: 0 });
    actor.send({ type: 'jump.next', kind: 'violation' });
    expect(actor.getSnapshot().context.cursor).toBeGreaterThan(0);
  });

  it('should validate edits after a pause in typing and keep the last valid run while the text is invalid', () => {
    vi.useFakeTimers();
    const actor = startPlayer('ha-pair.yaml');
    const valid = actor.getSnapshot().context.view;
    const text = fixtureText('ha-pair.yaml').replace(
      'services: [vpn, web-portal, voip]',
      'services: [vpn, web-portal, voip\nbogus: 1',
    );
    actor.send({ type: 'scenario.edit', text });
    expect(actor.getSnapshot().context.error).toBeUndefined();
    vi.advanceTimersByTime(299);
    expect(actor.getSnapshot().context.error).toBeUndefined();
    vi.advanceTimersByTime(1);
    const { context } = actor.getSnapshot();
    expect(context.error?.line).toBeGreaterThan(0);
    expect(context.view).toBe(valid);
    actor.send({
      type: 'scenario.edit',
      text: fixtureText('ha-pair.yaml').replace('9.1.0', '9.2.0'),
    });
    vi.advanceTimersByTime(300);
    expect(actor.getSnapshot().context.error).toBeUndefined();
    expect(actor.getSnapshot().context.view?.run.report.path).toEqual(['9.2.0']);
    expect(actor.getSnapshot().context.edited).toBe(true);
  });

  it('should compare with preemption toggled and with preemption left on', () => {
    const actor = startPlayer('ha-pair.yaml');
    actor.send({ type: 'compare.open', with: { kind: 'policy', key: 'preemption' } });
    const toggled = actor.getSnapshot().context.comparison;
    expect(toggled?.right?.scenario.policy.preemption).toBe('disabled');
    actor.send({ type: 'compare.open', with: { kind: 'preemption-left-on' } });
    const leftOn = actor.getSnapshot().context.comparison;
    expect(leftOn?.right?.plan.some((step) => step.action === 'preemption-off')).toBe(false);
    expect(
      leftOn?.right?.report.invariants.find((i) => i.id === 'preemption-off-during-upgrade')?.holds,
    ).toBe(false);
    actor.send({ type: 'compare.open', with: { kind: 'builtin', id: 'standalone.yaml' } });
    expect(actor.getSnapshot().context.comparison?.right?.report.system).toBe('standalone');
  });

  it('should replay an imported report read-only, paused at its start', async () => {
    const actor = startPlayer('ha-pair.yaml');
    const { report } = simulate(parseScenario(fixtureText('standalone.yaml'), 'standalone.yaml'));
    actor.send({ type: 'play' });
    actor.send({ type: 'run.import', text: JSON.stringify(report), name: 'standalone.json' });
    const snapshot = await waitFor(actor, (s) => s.matches({ importer: 'idle' }));
    expect(snapshot.matches({ playback: 'paused', simulation: 'idle' })).toBe(true);
    expect(snapshot.context.view?.run.report.system).toBe('standalone');
    expect(snapshot.context.view?.run.report.trace).toEqual(report.trace);
    expect(snapshot.context.cursor).toBe(0);
    expect(snapshot.context.notices.at(-1)?.text).toContain(
      'Replaying "standalone.json" read-only',
    );
  });

  it('should replay the run picked from a file of several, and keep the run on screen when a file is refused', async () => {
    const actor = startPlayer('ha-pair.yaml');
    const reports = (['standalone.yaml', 'ha-left-on.yaml'] as const).map(
      (name) => simulate(parseScenario(fixtureText(name), name)).report,
    );
    const text = JSON.stringify({
      format: 1,
      passed: false,
      runs: reports.map((report, index) => ({ file: `f${index}.yaml`, passed: true, report })),
      errors: [],
    });
    actor.send({ type: 'run.import', text, name: 'ci.json' });
    let snapshot = await waitFor(actor, (s) => s.matches({ importer: 'idle' }));
    expect(snapshot.context.view?.run.report.scenario).toBe(reports[0]?.scenario);
    expect(snapshot.context.importedFile?.choices).toHaveLength(2);
    expect(snapshot.context.notices.at(-1)?.text).toContain(
      'The file holds 2 runs; showing the first, f0.yaml: ',
    );
    expect(snapshot.context.notices.at(-1)?.text).toMatch(/picker\)\. Pick or edit/);

    actor.send({ type: 'run.import', text, name: 'ci.json', pick: 1 });
    snapshot = await waitFor(actor, (s) => s.matches({ importer: 'idle' }));
    expect(snapshot.context.view?.run.report.scenario).toBe(reports[1]?.scenario);
    expect(snapshot.context.importedFile?.picked).toBe(1);

    const { view, importedFile } = snapshot.context;
    actor.send({
      type: 'run.import',
      text: text.replace('"format":1', '"format":7'),
      name: 'new.json',
    });
    snapshot = await waitFor(actor, (s) => s.matches({ importer: 'idle' }));
    expect(snapshot.context.view).toBe(view);
    expect(snapshot.context.importedFile).toBe(importedFile);
    expect(snapshot.context.notices.at(-1)).toMatchObject({ tone: 'error' });
    expect(snapshot.context.notices.at(-1)?.text).toMatch(
      /^Could not import new\.json: a report envelope of format 7, which this debugger cannot read/,
    );
  });

  it('should offer the documented speeds', () => {
    expect(SPEEDS).toEqual([1, 10, 60, 100, 1000]);
  });

  it('should report an unknown built-in and a bad import as notices, keeping the run', async () => {
    const actor = startPlayer('ha-pair.yaml');
    const view = actor.getSnapshot().context.view;
    actor.send({ type: 'scenario.select', id: 'nope.yaml' });
    actor.send({ type: 'run.import', text: '{"not": "a report"}', name: 'x.json' });
    await waitFor(actor, (snapshot) => snapshot.matches({ importer: 'idle' }));
    const { context } = actor.getSnapshot();
    expect(context.view).toBe(view);
    expect(context.notices.map((notice) => notice.tone)).toEqual(['error', 'error']);
    expect(context.notices[1]?.text).toContain('x.json');
  });
});
