import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../sim';
import { pendingDecision } from '../drill/drillLogic';
import { invariantWords } from '../format';
import {
  afterMove,
  announcements,
  decisionText,
  headline,
  inView,
  lead,
  passed,
  type Shown,
} from './announcements';
import { buildRunView } from './runView';

function viewOf(file: string, edit: (text: string) => string = (text) => text) {
  const run = simulate(parseScenario(edit(readFileSync(file, 'utf8')), file));
  return buildRunView(run);
}

const wrong = viewOf('scenarios/must-fail/ha-pair-preemption-left-on.yaml');
const failed = viewOf('scenarios/golden/ha-pair-upgrade-failure-first-standby.yaml');
// The same scenario with an `expect` it misses and a fault that never fires.
const missed = viewOf('scenarios/golden/ha-pair-upgrade-failure-first-standby.yaml', (text) =>
  `${text.replace(/^expect:[\s\S]*?(?=^\S|(?![\s\S]))/m, '')}\nexpect:\n  outcome: aborted\n  downtime: { vpn: 1s }\n`.replace(
    /^faults:\n/m,
    'faults:\n  - fault: host-crash\n    target: active\n    when: { at: 30h }\n',
  ),
);

describe('announcements', () => {
  it('should say every violation with its invariant, cause and message, at its entry', () => {
    const list = announcements(wrong.run, wrong.markers);
    const violations = wrong.run.report.invariants.flatMap((invariant) =>
      invariant.violations.map((violation) => ({ invariant, violation })),
    );
    expect(violations.length).toBeGreaterThan(0);
    for (const { invariant, violation } of violations) {
      const said = list.find(
        (item) =>
          item.kind === 'violation' &&
          item.seq === violation.seq &&
          item.text.startsWith(invariantWords(invariant.id)),
      );
      // The invariant as the Invariants panel names it, never its id: before, "Invariant
      // violated · 0:19:10 preemption-off-during-upgrade".
      expect(said?.text).toBe(
        `${invariantWords(invariant.id)} violated (${violation.cause}): ${violation.message}`,
      );
      expect(said?.text).not.toContain(invariant.id);
      expect(said?.at).toBe(violation.at);
    }
  });

  it('should say each marker of the timeline, and each decision at the entry a drill stops at', () => {
    const list = announcements(failed.run, failed.markers);
    for (const marker of failed.markers) {
      expect(list.some((item) => item.seq === marker.seq && item.kind === marker.kind)).toBe(true);
    }
    const decision = list.find((item) => item.kind === 'decision');
    const pending = pendingDecision(failed.run);
    expect(decision?.seq).toBe(pending?.seq);
    // In words: the situation and the option as the decision table says them, no key.
    expect(decision?.text).toBe(
      'An install (or a GUI update) failed (device-a): roll back (or restore) only the failed host, then stop — chosen by the documented default.',
    );
    expect(decision?.detail).toBe(`The document: ${failed.run.report.decisions[0]?.source.ref}.`);
    expect(headline(decision ?? list[0]!)).toMatch(/^Decision · \d+:\d\d:\d\d$/);
  });

  it('should say what a wait waits for at each decision point: sessions are compared on an HA pair only', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? files(join(dir, entry.name))
          : entry.name.endsWith('.yaml')
            ? [join(dir, entry.name)]
            : [],
      );
    let waits = 0;
    for (const file of files('scenarios')) {
      const { run } = viewOf(file);
      for (const decision of run.report.decisions) {
        if (decision.chosen !== 'wait') continue;
        waits++;
        const text = decisionText(decision);
        // Before: "wait (for the peer, or a few minutes more before comparing again)" on a
        // SERVERware Primary that crashed; the SERVERware document compares no sessions.
        if (decision.situation !== 'sessions-not-synchronized')
          expect(text, `${file}: ${text}`).not.toMatch(/compar|session/);
        if (decision.situation === 'peer-down') expect(text).toContain('wait for the peer');
      }
    }
    expect(waits).toBeGreaterThan(0);
  });

  it('should call a default documented only where its source is the document', () => {
    let assumed = 0;
    for (const file of [
      'scenarios/golden/serverware-cluster-boot-failure-processing.yaml',
      'scenarios/golden/ha-pair-upgrade-failure-first-standby.yaml',
    ]) {
      const view = viewOf(file);
      const said = announcements(view.run, view.markers).filter((item) => item.kind === 'decision');
      view.run.report.decisions.forEach((decision, index) => {
        if (decision.by !== 'default') return;
        const text = said[index]?.text ?? '';
        expect(text.includes('the documented default')).toBe(decision.source.kind === 'document');
        expect(said[index]?.detail).toContain(decision.source.ref);
        if (decision.source.kind === 'assumption') {
          assumed++;
          expect(text).toContain("Rehearse's default (an assumption)");
          // The scenario key that changes it is the detail's, never the words the class reads.
          if (decision.source.key !== undefined) {
            expect(text).not.toContain(decision.source.key);
            expect(said[index]?.detail).toContain(decision.source.key);
          }
        }
      });
    }
    expect(assumed).toBeGreaterThan(0);
  });

  it("should say a missed expect and the report's warnings at the run's last entry", () => {
    const list = announcements(missed.run, missed.markers);
    const last = missed.run.report.trace.at(-1)?.seq;
    const miss = list.find((item) => item.kind === 'expectation');
    expect(miss?.text).toMatch(/^expected outcome: aborted, got /);
    expect(miss?.seq).toBe(last);
    // A downtime is said as a duration, as the scenario file writes it, never in milliseconds.
    const downtime = list.find((item) => item.kind === 'expectation' && /vpn/.test(item.text));
    expect(downtime?.text).toMatch(/^expected downtime\.vpn: 1s, got (\d+[hms])+$/);
    const warning = list.find((item) => item.kind === 'warning');
    expect(warning?.text).toMatch(/never fired/);
    expect(warning?.seq).toBe(last);
  });

  it('should list them in the order the playhead meets them', () => {
    for (const view of [wrong, failed, missed]) {
      const list = announcements(view.run, view.markers);
      for (let i = 1; i < list.length; i++) {
        expect(list[i]!.seq).toBeGreaterThanOrEqual(list[i - 1]!.seq);
      }
    }
  });
});

describe('passed', () => {
  const list = announcements(wrong.run, wrong.markers);
  const last = wrong.run.report.trace.length - 1;

  it('should give what lies in (from, to] moving forward, and nothing moving back', () => {
    for (let from = -1; from <= last; from += 3) {
      for (let to = from; to <= last; to += 7) {
        expect(passed(list, from, to)).toEqual(
          list.filter((item) => item.seq > from && item.seq <= to),
        );
        expect(passed(list, to, from)).toEqual([]);
      }
    }
  });
});

describe('afterMove', () => {
  // A Mirror whose Primary is upgraded first: violations at 0:40, 1:00 and later.
  const mirror = viewOf('scenarios/must-fail/serverware-mirror-primary-upgraded-first.yaml');
  const list = announcements(mirror.run, mirror.markers);
  const last = mirror.run.report.trace.length - 1;
  const violations = list.filter((item) => item.kind === 'violation');
  const [first, second] = violations;
  if (!first || !second || second.seq <= first.seq)
    throw new Error('two violations, one after the other');
  const seqs = (shown: readonly Shown[]) => shown.map((item) => `${item.seq} ${item.kind}`);
  const play = (from: number, to: number, shown: readonly Shown[] = []) => {
    let now = shown;
    for (let at = from; at < to; at++) now = afterMove(now, list, at, at + 1, 3);
    return now;
  };

  it('should withdraw what lies after the playhead when it moves back before it, however it moves', () => {
    const past = play(0, second.seq);
    expect(seqs(past)).toContain(`${first.seq} violation`);
    expect(seqs(past)).toContain(`${second.seq} violation`);
    // A seek back to the start (Home, a click on the timeline, a reload of the same instant).
    expect(afterMove(past, list, second.seq, 0, 3)).toEqual([]);
    // A step back past the later one keeps the earlier one, which is still behind the playhead.
    const stepped = afterMove(past, list, second.seq, second.seq - 1, 3);
    expect(stepped.every((item) => item.seq <= second.seq - 1)).toBe(true);
    expect(seqs(stepped)).toContain(`${first.seq} violation`);
    expect(seqs(stepped)).not.toContain(`${second.seq} violation`);
    // Back to the moment of the earlier one: it happened at the playhead, so it stays.
    expect(seqs(afterMove(past, list, second.seq, first.seq, 3))).toContain(
      `${first.seq} violation`,
    );
  });

  it('should withdraw every announcement of a later moment, from any instant to any earlier one', () => {
    for (let from = 0; from <= last; from += 5) {
      const shown = afterMove([], list, -1, from, 3);
      for (let to = 0; to <= from; to += 3) {
        const after = afterMove(shown, list, from, to, 3);
        expect(after.every((item) => item.seq <= to)).toBe(true);
        // And nothing that was not on screen comes back moving back.
        expect(after.every((item) => shown.includes(item))).toBe(true);
      }
    }
  });

  it('should say again what the playhead passes again moving forward, and nothing on its own', () => {
    const past = play(0, first.seq);
    const rewound = afterMove(past, list, first.seq, first.seq - 1, 3);
    expect(seqs(rewound)).not.toContain(`${first.seq} violation`);
    const again = afterMove(rewound, list, first.seq - 1, first.seq, 3);
    expect(seqs(again).filter((item) => item === `${first.seq} violation`)).toHaveLength(1);
    // Back and forth on the far side of it: no second copy, nothing new.
    const back = afterMove(again, list, first.seq, first.seq, 3);
    expect(back).toBe(again);
  });

  it('should keep the last few of a jump, the first saying how many more it passed', () => {
    const many = announcements(wrong.run, wrong.markers);
    expect(many.length).toBeGreaterThan(3);
    const jump = afterMove([], many, -1, wrong.run.report.trace.length - 1, 3);
    expect(jump.map((item) => item.key)).toEqual(
      many.slice(-3).map((item) => `${item.seq}-${item.kind}-${item.text}`),
    );
    expect(jump.map((item) => item.more)).toEqual([many.length - 3, 0, 0]);
    expect(new Set(jump.map((item) => item.move)).size).toBe(1);
  });
});

describe('lead', () => {
  it('should keep the newest move in view, and of one move what went wrong first', () => {
    expect(lead([])).toBe(-1);
    // A violation said earlier gives way to a role change said later.
    expect(
      lead([
        { kind: 'violation', move: 1 },
        { kind: 'failover', move: 2 },
      ]),
    ).toBe(1);
    // A crash, the step it failed and a decision, passed in one move: the crash.
    expect(
      lead([
        { kind: 'failover', move: 1 },
        { kind: 'fault', move: 2 },
        { kind: 'fault', move: 2 },
        { kind: 'decision', move: 2 },
      ]),
    ).toBe(2);
  });
});

describe('inView', () => {
  it('keeps a fault in view over its consequences, what went wrong first, the newer of two alike', () => {
    const kinds = ['fault', 'fault', 'decision', 'decision'] as const;
    // A crash, the step it failed, two decisions: the crash and the failed step stay in view.
    expect(
      [
        ...inView(
          kinds.map((kind) => ({ kind })),
          2,
        ),
      ].sort(),
    ).toEqual([0, 1]);
    const mixed = ['decision', 'violation', 'warning', 'failover', 'failover'] as const;
    expect(
      [
        ...inView(
          mixed.map((kind) => ({ kind })),
          2,
        ),
      ].sort(),
    ).toEqual([1, 4]);
    expect(inView([], 2).size).toBe(0);
  });
});
