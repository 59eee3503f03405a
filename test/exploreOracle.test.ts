import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explore, parseScenario, simulate, singleFaults } from '../src/sim';
import type { FaultSpec, Outcome, Report, Run, Scenario } from '../src/sim';

/**
 * The explorer against the plainest search there is: every candidate fault set played whole,
 * from the start, in a fresh run, and per invariant the run with the fewest faults, then the
 * fewest steps started before its first violation, then the earliest candidate. Checkpoints,
 * merging and convergence must change how long exploring takes, never what it finds.
 */

function load(file: string): Scenario {
  return parseScenario(readFileSync(file, 'utf8'), file);
}

interface Found {
  readonly invariant: string;
  readonly faults: readonly Omit<FaultSpec, 'index'>[];
  readonly steps: number;
  readonly outcome: Outcome;
  readonly at: number;
  readonly seq: number;
  readonly message: string;
}

const neverFired = (run: Run) =>
  run.scenario.faults.some((fault) => !run.fired.includes(fault.index));

function withFaults(base: Scenario, faults: readonly Omit<FaultSpec, 'index'>[]): Scenario {
  return { ...base, faults: faults.map((fault, index) => ({ ...fault, index })) };
}

/** Fresh runs of the baseline, every single fault and (depth 2) every pair, in explorer order. */
function bruteForce(scenario: Scenario, depth: 1 | 2) {
  const base = { ...scenario, faults: [] };
  const baseline = simulate(base).report;
  const runs: { faults: readonly Omit<FaultSpec, 'index'>[]; report: Report }[] = [
    { faults: [], report: baseline },
  ];
  const singles = singleFaults(base, baseline);
  const pairs: Omit<FaultSpec, 'index'>[][] = [];
  const seen = new Set<string>();
  for (const first of singles) {
    const single = withFaults(base, [first]);
    const run = simulate(single);
    if (neverFired(run)) continue;
    const { report } = run;
    runs.push({ faults: [first], report });
    if (depth < 2) continue;
    const struck = report.steps.findIndex((step) => step.status === 'failed' || step.recovery);
    for (const second of singleFaults(single, report, Math.max(0, struck))) {
      const key = [JSON.stringify(first), JSON.stringify(second)].sort().join('+');
      if (seen.has(key)) continue;
      seen.add(key);
      pairs.push([first, second]);
    }
  }
  for (const faults of pairs) {
    const run = simulate(withFaults(base, faults));
    if (!neverFired(run)) runs.push({ faults, report: run.report });
  }
  const best = new Map<string, Found>();
  for (const { faults, report } of runs) {
    for (const invariant of report.invariants) {
      const first = invariant.violations[0];
      if (!first) continue;
      const steps = report.steps.filter((s) => s.start !== undefined && s.start <= first.at).length;
      const held = best.get(invariant.id);
      // Runs come in candidate order, so on a tie the one already kept stays.
      if (
        held &&
        (held.faults.length < faults.length ||
          (held.faults.length === faults.length && held.steps <= steps))
      )
        continue;
      best.set(invariant.id, {
        invariant: invariant.id,
        faults,
        steps,
        outcome: report.outcome,
        at: first.at,
        seq: first.seq,
        message: first.message,
      });
    }
  }
  const outcomes: Record<string, number> = {};
  for (const { report } of runs) outcomes[report.outcome] = (outcomes[report.outcome] ?? 0) + 1;
  return { runs: runs.length, outcomes, best };
}

const CASES: readonly [string, 1 | 2][] = [
  ['scenarios/must-fail/ha-pair-active-device-upgraded-first.yaml', 1],
  ['scenarios/must-fail/serverware-mirror-primary-upgraded-first.yaml', 1],
  ['scenarios/must-fail/ha-pair-preemption-left-on.yaml', 1],
  ['scenarios/ha-pair-preemption-enabled.yaml', 1],
  ['scenarios/serverware-mirror-4.3-4.8.yaml', 1],
  ['scenarios/serverware-cluster-3.2.yaml', 1],
  ['scenarios/serverware-5.x-gui-update.yaml', 1],
  ['scenarios/standalone.yaml', 2],
  ['scenarios/ha-pair-preemption-disabled.yaml', 2],
];

describe('explore against a brute-force search', () => {
  it.each(CASES)(
    'should find in %s (faults: %i) what fresh runs of every candidate find',
    (file, depth) => {
      const scenario = load(file);
      const oracle = bruteForce(scenario, depth);
      const result = explore(scenario, { faults: depth });
      expect(result.runs).toBe(oracle.runs);
      expect(Object.fromEntries(Object.entries(result.outcomes).filter(([, n]) => n > 0))).toEqual(
        oracle.outcomes,
      );
      const found = result.counterexamples.map((c) => ({
        invariant: c.invariant,
        faults: c.faults.map(({ index: _index, ...fault }) => fault),
        steps: c.steps,
        outcome: c.outcome,
        at: c.at,
        seq: c.seq,
        message: c.message,
      }));
      const expected = [...oracle.best.values()];
      const byInvariant = (a: Found, b: Found) => a.invariant.localeCompare(b.invariant);
      expect(found.sort(byInvariant)).toEqual(expected.sort(byInvariant));
    },
    120_000,
  );
});
