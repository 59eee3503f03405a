import { describe, expect, it } from 'vitest';
import { LIMITS, parseScenario, simulate } from '../../sim';
import type { Scenario } from '../../sim';
import { DRILL } from '../../../test/support/drillScenario';
import {
  choiceAt,
  choiceRefused,
  drillYaml,
  pendingDecision,
  type DrillChoice,
} from './drillLogic';

/** `count` entries of `decisions:` for a point the drill's run never reaches, each `times` long. */
function withDecisions(count: number, times = 1): string {
  const entry = `  - { at: sessions-not-synchronized, choose: wait, times: ${times} }\n`;
  return `${DRILL}decisions:\n${entry.repeat(count)}`;
}

/** The trainee's choice of `option` at the first decision the run of `scenario` stops at. */
function firstChoice(scenario: Scenario, option: 'retry' | 'abort'): DrillChoice {
  const pending = pendingDecision(simulate(scenario));
  if (pending === undefined) throw new Error('the run stops at no decision');
  return choiceAt(pending, option);
}

describe('choiceRefused', () => {
  it.each([
    ['as many entries as a scenario may hold', withDecisions(LIMITS.decisions)],
    [
      'entries that take as many decisions as a scenario may',
      withDecisions(1, LIMITS.decisionTimes),
    ],
  ])('should refuse a choice on a scenario with %s, saying why', (_name, text) => {
    const scenario = parseScenario(text, 'at-the-cap.yaml');
    const reason = choiceRefused(scenario, []);
    expect(reason).toMatch(/1,000/);
    expect(reason).toMatch(/decisions:/);
    // What it keeps from happening: an export the parser refuses.
    const exported = drillYaml(scenario, [], [firstChoice(scenario, 'retry')]);
    expect(() => parseScenario(exported, 'drill.yaml')).toThrow(/decisions/);
  });

  it.each([
    ['entries', withDecisions(LIMITS.decisions - 1)],
    ['decisions', withDecisions(1, LIMITS.decisionTimes - 1)],
  ])(
    'should take the last choice there is room for, in %s, and its export should open',
    (_name, text) => {
      const scenario = parseScenario(text, 'below-the-cap.yaml');
      expect(choiceRefused(scenario, [])).toBeUndefined();
      const choice = firstChoice(scenario, 'retry');
      const exported = drillYaml(scenario, [], [choice]);
      expect(parseScenario(exported, 'drill.yaml').decisions?.[0]).toMatchObject({
        choose: 'retry',
      });
      expect(choiceRefused(scenario, [choice])).toBeDefined();
    },
  );

  it('should take any choice on a scenario without decisions', () => {
    expect(choiceRefused(parseScenario(DRILL, 'drill.yaml'), [])).toBeUndefined();
  });
});
