import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore, parseScenario, simulate, singleFaults } from '../../src/sim';
import type { ExploreResult } from '../../src/sim';
import { exploreScenarioArbs, smallExploreScenarioArbs } from './exploreScenarios';

/**
 * The reduction of `explore --faults 2` against the full search on generated scenarios: every
 * system and topology, durations that vary or differ per host or role, `decisions:` entries,
 * `recovery:` and `policy:` keys, written plans with steps left out or added, and faults of the
 * scenario's own (which exploring sets aside). Composing a pair from the run of an equivalent
 * candidate instead of running it must change nothing the exploration finds, field for field,
 * but the counts of how the work was done. test/exploreReduction.test.ts compares the built-ins.
 *
 * Each case is two searches of pairs, so the cases are few and small (see
 * `smallExploreScenarioArbs`), with at most `MAX_SINGLES` single faults, a few hundred pairs:
 * the tests here take under a minute on a busy two-core machine. Each system's checks that some
 * pairs were composed at all. For a longer hunt, `REHEARSE_REDUCTION_RUNS` sets the cases per system,
 * `REHEARSE_REDUCTION_SEED` the seed, `REHEARSE_REDUCTION_SINGLES` the bound, and
 * `REHEARSE_REDUCTION_LARGER=1` takes derived plans and more hops for every system too:
 * `REHEARSE_REDUCTION_LARGER=1 REHEARSE_REDUCTION_RUNS=100 REHEARSE_REDUCTION_SINGLES=120 npx vitest run test/property/exploreReduction.test.ts`.
 */
const RUNS = process.env.REHEARSE_REDUCTION_RUNS;
/** Cases per system: a single server's pairs are the fewest, an HA pair's the most. */
const CASES: Readonly<Record<string, number>> = { serverware: 3, 'ha-pair': 2, standalone: 6 };
/** Fixed, so a failure reproduces; fast-check prints the seed and path to replay a shrunk case. */
const SEED = Number(process.env.REHEARSE_REDUCTION_SEED ?? 20_261_207);
const MAX_SINGLES = Number(process.env.REHEARSE_REDUCTION_SINGLES ?? 24);
const ARBITRARIES =
  process.env.REHEARSE_REDUCTION_LARGER === '1' ? exploreScenarioArbs : smallExploreScenarioArbs;

/** What the exploration found, without the counts of how the work was done. */
function findings(result: ExploreResult): unknown {
  const { explored: _explored, covered: _covered, converged: _converged, ...rest } = result;
  return JSON.parse(JSON.stringify(rest));
}

/**
 * A Cluster whose processing host may be reinstalled once: a pair whose first fault spent that
 * reinstall stands, once the host is back in the plan, as the single fault's run stood at the
 * same step, all but its record of the past. A second failed install of that host in hop 2 then
 * stops the procedure where the single fault's run reinstalls it: such a pair may not be composed
 * from that run, however alike the two stand.
 */
const ONE_REINSTALL = `
name: A Cluster whose processing host may be reinstalled once
system: serverware
topology: cluster
version: { from: 4.1.0 }
hosts: { processing: 1 }
vps: 1
recovery: { reinstalls: 1 }
plan:
  - upgrade: processing-1
  - upgrade: processing-1
`;

describe('explore with and without the reduction, on generated scenarios', () => {
  it('should not compose a pair from a run that decided with another record of the past', () => {
    const scenario = parseScenario(ONE_REINSTALL, 'one-reinstall.yaml');
    const reduced = explore(scenario, { faults: 2 });
    expect(reduced.covered).toBeGreaterThan(0);
    expect(findings(reduced)).toEqual(findings(explore(scenario, { faults: 2, reduction: false })));
  }, 300_000);

  it.each(Object.entries(ARBITRARIES))(
    'should find the same with pairs of faults on generated %s scenarios',
    (system, arbitrary) => {
      let covered = 0;
      fc.assert(
        fc.property(arbitrary, ({ text }) => {
          const scenario = parseScenario(text, 'generated.yaml');
          const base = { ...scenario, faults: [] };
          fc.pre(singleFaults(base, simulate(base).report).length <= MAX_SINGLES);
          const result = explore(scenario, { faults: 2 });
          covered += result.covered;
          const reduced = findings(result);
          const full = findings(explore(scenario, { faults: 2, reduction: false }));
          // fast-check prints the scenario's text of a failing case, shrunk.
          expect(reduced).toEqual(full);
        }),
        { seed: SEED, numRuns: Number(RUNS ?? CASES[system]), maxSkipsPerRun: 100 },
      );
      // Some pairs were composed: else the two searches took the same path.
      expect(covered).toBeGreaterThan(0);
    },
    300_000,
  );
});
