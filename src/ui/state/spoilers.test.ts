import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseScenario, simulate } from '../../sim';
import { cardStatusAt } from './cardStatus';
import { buildRunView, cursorAtTime, procedureAt } from './runView';
import {
  axisEnd,
  horizonOf,
  isVisible,
  nextJump,
  outagesUntil,
  plannedEnd,
  segmentsUntil,
  visibleAt,
} from './spoilers';

const TEXT = readFileSync('scenarios/must-fail/ha-pair-preemption-left-on.yaml', 'utf8');
const VIEW = buildRunView(simulate(parseScenario(TEXT, 'left-on.yaml')));
const HOUR = 3_600_000;

describe('spoiler-free mode', () => {
  it('should show everything when off, and again once the playhead is at the last transition', () => {
    expect(horizonOf(false, VIEW, 0, 0)).toBeUndefined();
    expect(horizonOf(true, VIEW, 3, 10)).toEqual({ cursor: 3, time: 10, why: 'spoiler-free' });
    expect(horizonOf(true, VIEW, VIEW.times.length - 1, VIEW.duration)).toBeUndefined();
  });

  it("should stop at a drill's decision still to take, spoiler-free or not, unless the playhead comes first", () => {
    const undecided = { cursor: 20, time: HOUR };
    const decision = { ...undecided, why: 'decision' };
    expect(horizonOf(false, VIEW, 0, 0, undecided)).toEqual(decision);
    expect(horizonOf(false, VIEW, 20, HOUR, undecided)).toEqual(decision);
    // Spoiler-free, the playhead short of the decision is the horizon; at it, the decision is.
    expect(horizonOf(true, VIEW, 3, 10, undecided)).toEqual({
      cursor: 3,
      time: 10,
      why: 'spoiler-free',
    });
    expect(horizonOf(true, VIEW, 20, HOUR, undecided)).toEqual(decision);
    // The run's last transition is not its end while a decision before it is to take.
    const last = VIEW.times.length - 1;
    expect(horizonOf(true, VIEW, last, VIEW.duration, undecided)).toEqual(decision);
    expect(horizonOf(true, undefined, 3, 10, undecided)).toBeUndefined();
  });

  it('should show an event once the playhead has reached its entry, and not before', () => {
    const horizon = { cursor: 10, time: 5_000 };
    expect(isVisible(horizon, { seq: 10 })).toBe(true);
    expect(isVisible(horizon, { seq: 11 })).toBe(false);
    expect(isVisible(horizon, { at: 5_000 })).toBe(true);
    expect(isVisible(horizon, { at: 5_001 })).toBe(false);
    expect(isVisible(undefined, { seq: 1e9 })).toBe(true);
  });

  it('should keep every marker, segment and outage past the playhead out', () => {
    const violation = VIEW.run.report.invariants.flatMap((item) => item.violations)[0];
    expect(violation).toBeDefined();
    const seq = violation?.seq ?? 0;
    const before = { cursor: seq - 1, time: VIEW.times[seq - 1] ?? 0 };
    const at = { cursor: seq, time: VIEW.times[seq] ?? 0 };
    const kinds = (horizon: typeof at) => visibleAt(VIEW.markers, horizon).map((m) => m.kind);
    expect(visibleAt(VIEW.markers, before).every((m) => m.seq <= before.cursor)).toBe(true);
    expect(kinds(before)).not.toContain('violation');
    expect(kinds(at)).toContain('violation');
    for (const segments of VIEW.segments.values()) {
      const cut = segmentsUntil(segments, before.time);
      expect(cut.every((s) => s.start <= before.time && s.end <= before.time)).toBe(true);
      expect(segmentsUntil(segments, undefined)).toBe(segments);
    }
    for (const group of VIEW.run.groups) {
      const cut = outagesUntil(group.outages, before.time);
      expect(cut.every(([start, end]) => start <= before.time && end <= before.time)).toBe(true);
    }
  });

  it('should end a spoiler-free time axis a little past the playhead, never where the run or its plan ends', () => {
    const MINUTE = 60_000;
    // Without a horizon, the run's end.
    expect(axisEnd(undefined, 11 * HOUR, 5 * HOUR)).toBe(11 * HOUR);
    // Spoiler-free: what has been reached and a margin, whatever the run's length or its plan's
    // (before, the fault-free plan's end: for a run without faults that is the run's own length,
    // and at 0:03:06 of a 1h31m run the axis ran to 1h31m, ticked at 0:30 and 1:00).
    const early = { cursor: 3, time: 3 * MINUTE + 6000, why: 'spoiler-free' } as const;
    const shown = axisEnd(early, 91 * MINUTE, 91 * MINUTE);
    expect(shown).toBeGreaterThan(early.time);
    expect(shown).toBeLessThanOrEqual(10 * MINUTE);
    for (const [duration, planned] of [
      [11 * HOUR, 5 * HOUR],
      [2 * HOUR, undefined],
      [5 * MINUTE, 4 * MINUTE],
    ] as const)
      expect(axisEnd(early, duration, planned)).toBe(shown);
    // It grows in steps with the playhead, not at every frame, and always past it.
    expect(axisEnd({ ...early, time: 3 * MINUTE + 30_000 }, 91 * MINUTE, undefined)).toBe(shown);
    for (const time of [0, 1000, 59_000, 7 * MINUTE, HOUR, 7 * HOUR, 30 * HOUR]) {
      const end = axisEnd({ cursor: 3, time, why: 'spoiler-free' }, 91 * MINUTE, 91 * MINUTE);
      expect(end, `at ${time}`).toBeGreaterThan(time);
      expect(end, `at ${time}`).toBeLessThanOrEqual(Math.max(2 * time, 2 * MINUTE));
    }
    // A drill's decision still to take (not spoiler-free) keeps the plan's end, or the decision's.
    const decision = { cursor: 3, time: HOUR, why: 'decision' } as const;
    expect(axisEnd(decision, 11 * HOUR, 5 * HOUR)).toBe(5 * HOUR);
    expect(axisEnd({ ...decision, time: 7 * HOUR }, 11 * HOUR, 5 * HOUR)).toBe(7 * HOUR);
    expect(axisEnd(decision, 11 * HOUR, undefined)).toBe(HOUR);
  });

  it("should take the plan's end from the run on screen only when it is the fault-free run", () => {
    const scenario = VIEW.run.scenario;
    const quiet = { view: VIEW, scenario, live: [], drill: undefined, plan: undefined };
    expect(scenario.faults).toEqual([]);
    expect(plannedEnd(quiet)).toBe(VIEW.duration);
    // With a fault injected by hand the run is not the plan: the plan simulated for it is.
    const live = [{ index: 0, fault: 'host-crash', when: { at: 0 }, times: 1 }];
    expect(plannedEnd({ ...quiet, live })).toBeUndefined();
    expect(plannedEnd({ ...quiet, live, plan: { scenario, end: 42 } })).toBe(42);
    // A plan of another scenario (the text changed since) is not this one's.
    expect(plannedEnd({ ...quiet, live, plan: { scenario: { ...scenario }, end: 42 } })).toBe(
      undefined,
    );
    expect(plannedEnd({ ...quiet, view: { ...VIEW, imported: true } })).toBeUndefined();
  });

  it('should jump ahead, spoiler-free, to the next step as playing on would, whatever the run holds ahead', () => {
    // Before: only to a failover ahead, and "no failover ahead" otherwise, which on the
    // must-fail Mirror (the Primary upgraded before any failover) is the exercise's answer.
    const blind = { ...VIEW, markers: [] };
    let jumps = 0;
    for (let cursor = 0; cursor < VIEW.times.length; cursor++) {
      const landing = nextJump(VIEW, cursor, undefined, true);
      // Nothing ahead is looked at: the same landing without any marker.
      expect(nextJump(blind, cursor, undefined, true)).toEqual(landing);
      expect(nextJump(VIEW, cursor, 'violation', true)).toBeUndefined();
      expect(nextJump(VIEW, cursor, 'failover', true)).toBeUndefined();
      if (!landing) {
        expect(cursor).toBe(VIEW.times.length - 1);
        continue;
      }
      jumps++;
      const { step } = procedureAt(VIEW, cursor);
      expect(landing.at).toBe(VIEW.times[landing.seq]);
      if (landing.seq === VIEW.times.length - 1 && procedureAt(VIEW, landing.seq).step === step)
        continue;
      // The next step, in the instant it becomes current, once that instant has settled (its
      // hosts have taken their commands; before, its first entry showed it PENDING though it
      // started then), and no step skipped on the way.
      const next = procedureAt(VIEW, landing.seq).step;
      expect(next, `${cursor} → ${landing.seq}`).toBeGreaterThan(step);
      const first = VIEW.procFrames[VIEW.procStep.indexOf(next)] as number;
      for (let seq = cursor + 1; seq < first; seq++)
        expect(procedureAt(VIEW, seq).step, `${cursor} → ${landing.seq}`).toBe(step);
      expect(VIEW.times[landing.seq]).toBe(VIEW.times[first]);
      const after = landing.seq + 1;
      if (after < VIEW.times.length && VIEW.times[after] === landing.at)
        expect(
          procedureAt(VIEW, after).step,
          'the instant goes on only into another step',
        ).not.toBe(next);
    }
    expect(jumps).toBeGreaterThan(10);
    expect(nextJump(VIEW, 0, 'violation', false)).toBeDefined();
  });

  it('should keep cards from saying when anything is back, or how long a failover lasts', () => {
    const crash = readFileSync('test/ui/fixtures/cluster-crash.yaml', 'utf8');
    for (const view of [VIEW, buildRunView(simulate(parseScenario(crash, 'crash.yaml')))]) {
      let downs = 0;
      for (let at = 0; at <= view.duration; at += 30_000) {
        const cursor = cursorAtTime(view, at);
        const status = cardStatusAt(view, cursor, at, { spoilerFree: true });
        for (const group of status.groups) {
          if (!group) continue;
          downs++;
          expect(group.text).toBe(`down: ${group.cause}`);
        }
        for (const host of status.hosts.values()) {
          expect(host.text).not.toMatch(/back at/);
          // A scenario's own durations are known beforehand; a failover's length is the run's.
          if (/^(failing|switching) over/.test(host.text)) expect(host.text).not.toMatch(/ of /);
          expect(host.backAt).toBeUndefined();
        }
      }
      expect(downs).toBeGreaterThan(0);
    }
  });

  it("should keep a drawn step's length from the cards, and say a fixed one", () => {
    const text = [
      'name: drawn',
      'system: serverware',
      'topology: cluster',
      'version: { from: 4.5.0 }',
      'hosts: { processing: 2 }',
      'vps: 3',
      'durations: { install: 15m..30m }',
    ].join('\n');
    const view = buildRunView(simulate(parseScenario(text, 'drawn.yaml')));
    let installing = 0;
    let restarting = 0;
    for (let at = 0; at <= view.duration; at += 60_000) {
      const cursor = cursorAtTime(view, at);
      for (const host of cardStatusAt(view, cursor, at, { spoilerFree: true }).hosts.values()) {
        // Before: "installing · 2m2s of 35m45s", the run's draw, where the step list hides it.
        if (host.text.startsWith('installing')) {
          installing++;
          expect(host.text).not.toMatch(/ of /);
        }
        // A restart takes the scenario's fixed 5m, known beforehand.
        if (host.text.startsWith('restarting')) {
          restarting++;
          expect(host.text).toMatch(/ of 5m$/);
        }
      }
    }
    expect(installing).toBeGreaterThan(0);
    expect(restarting).toBeGreaterThan(0);
  });
});
