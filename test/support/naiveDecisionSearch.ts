import {
  beats,
  endingOf,
  faultSets,
  findingAt,
  ruleFor,
  searchedDecisions,
  type DecisionFinding,
  type DecisionSearchResult,
} from '../../src/sim/decisionSearch';
import { withFaults } from '../../src/sim/explore';
import { simulate } from '../../src/sim';
import type { Scenario } from '../../src/sim';

/**
 * The decision search with every run played whole from the start: the oracle the search, which
 * shares prefixes between runs, must agree with, field for field.
 */
export function naiveDecisionSearch(scenario: Scenario, faults: 1 | 2 = 1): DecisionSearchResult {
  const play = (s: Scenario) => {
    runs++;
    return simulate(s).report;
  };
  let runs = 0;
  const base = play({ ...scenario, faults: [] });
  const sets = faultSets(scenario, base, faults, play);
  const findings: DecisionFinding[] = [];
  for (const set of sets) {
    const faulty = withFaults(scenario, set);
    const report = endingOf(play(faulty));
    for (const { decision } of searchedDecisions(report)) {
      findings.push(
        findingAt(faulty, report, decision, (option) =>
          endingOf(play({ ...faulty, decisions: [ruleFor(decision, option)] })),
        ),
      );
    }
  }
  return {
    scenario: scenario.name,
    runs,
    faultSets: sets.length,
    findings,
    better: findings.filter(beats),
    complete: true,
  };
}
