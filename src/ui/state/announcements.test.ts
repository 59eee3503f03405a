import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../sim';
import { pendingDecision } from '../drill/drillLogic';
import { announcements, headline, inView, passed } from './announcements';
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
          item.text.startsWith(invariant.id),
      );
      expect(said?.text).toBe(
        `${invariant.id} violated (${violation.cause}): ${violation.message}`,
      );
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
    expect(decision?.text).toBe(
      `install failed on device-a: rollback host, chosen by the documented default; source: ${failed.run.report.decisions[0]?.source.ref}`,
    );
    expect(headline(decision ?? list[0]!)).toMatch(/^Decision · \d+:\d\d:\d\d$/);
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
        expect(text).toContain(`source: ${decision.source.ref}`);
        if (decision.source.kind === 'assumption') {
          assumed++;
          expect(text).toContain("Rehearse's default (an assumption)");
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
