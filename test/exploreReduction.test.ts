import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explore, parseScenario, simulate } from '../src/sim';
import type { ExploreResult, Scenario } from '../src/sim';

/**
 * The explorer's reduction against the full search: composing a pair from the run of an
 * equivalent candidate, instead of running it, must change how long exploring takes, never
 * what it finds — the runs found and merged, each outcome's count, the distinct states, each
 * invariant's shortest counterexample (faults, length, outcome, message, scenario), the coverage
 * and the situations, field for field. Pairs on the smaller built-ins (single faults take the
 * same path either way: each is alone of its kind at its step); `npm run bench -- reduction`
 * compares pairs on every built-in.
 */

/** Built-ins whose pairs both searches explore in seconds. */
const SMALLER = [
  'scenarios/standalone.yaml',
  'scenarios/standalone-multi-version.yaml',
  'scenarios/serverware-5.x-gui-update.yaml',
  'scenarios/serverware-5.x-gui-update-cluster.yaml',
  'scenarios/ha-pair-preemption-enabled.yaml',
  'scenarios/serverware-mirror-4.3-4.8.yaml',
  'scenarios/serverware-cluster-4.3-4.8.yaml',
];

function load(file: string): Scenario {
  return parseScenario(readFileSync(file, 'utf8'), file);
}

/** What the exploration found, without the counts of how the work was done. */
function findings(result: ExploreResult): object {
  const { explored: _explored, covered: _covered, converged: _converged, ...rest } = result;
  return rest;
}

describe('explore with and without the reduction', () => {
  it.each(SMALLER)(
    'should find the same with pairs of faults in %s',
    (file) => {
      const scenario = load(file);
      const reduced = explore(scenario, { faults: 2 });
      const full = explore(scenario, { faults: 2, reduction: false });
      expect(findings(reduced)).toEqual(findings(full));
      expect(full.covered).toBe(0);
      expect(reduced.explored + reduced.covered).toBe(full.runs);
      // The smaller built-ins have equivalent runs to compose, except where nothing can pair:
      // with one step (a GUI update only), every second fault strikes where the first did.
      const steps = simulate(scenario).report.steps.length;
      if (full.runs > 10 && steps > 1) expect(reduced.covered).toBeGreaterThan(0);
    },
    300_000,
  );
});
