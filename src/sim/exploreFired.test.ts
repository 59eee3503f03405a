import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { allFired, explore, singleFaults } from './explore';
import { simulate } from './runner';
import { parseScenario } from './scenario';
import type { Scenario } from './types';
import type * as Warnings from './warnings';

// Warnings are words for people: reworded, they must not change what the explorer finds.
vi.mock('./warnings', async (importOriginal) => {
  const actual = await importOriginal<typeof Warnings>();
  return {
    ...actual,
    scenarioWarnings: (...args: Parameters<typeof actual.scenarioWarnings>) =>
      actual
        .scenarioWarnings(...args)
        .map((warning) => warning.replace('never fired', 'was not reached')),
  };
});

const guiUpdate: Scenario = {
  ...parseScenario(
    readFileSync('scenarios/serverware-5.x-gui-update-cluster.yaml', 'utf8'),
    'gui.yaml',
  ),
  faults: [],
};

describe('Run.fired', () => {
  it('should list the faults that fired, by index, and leave out those that did not', () => {
    const run = simulate(
      parseScenario(
        `
name: one fires, one does not
system: standalone
version: { from: 1.0.0, to: 1.1.0 }
faults:
  - { fault: upgrade-failure, when: { step: install } }
  - { fault: host-crash, target: server, when: { at: 100h } }
`,
        'x.yaml',
      ),
    );
    // The procedure has ended long before the crash's time.
    expect(run.fired).toEqual([0]);
    expect(allFired(run.scenario, run)).toBe(false);
    expect(allFired({ ...run.scenario, faults: run.scenario.faults.slice(0, 1) }, run)).toBe(true);
  });
});

describe('explore: which runs are merged', () => {
  it('should merge exactly the candidates whose faults did not all fire, whatever the warnings say', () => {
    // Every single fault the explorer tries on this scenario fires; some pairs do not (a second
    // fault at the step the first one struck): the pairs as the explorer makes them.
    const baseline = simulate(guiUpdate).report;
    const seen = new Set<string>();
    const pairs: Scenario[] = [];
    for (const first of singleFaults(guiUpdate, baseline)) {
      const firstSpec = { ...first, index: 0 };
      const single: Scenario = { ...guiUpdate, faults: [firstSpec] };
      const report = simulate(single).report;
      const from = report.steps.findIndex((step) => step.status === 'failed' || step.recovery);
      for (const second of singleFaults(single, report, Math.max(0, from))) {
        const keys = [JSON.stringify(first), JSON.stringify(second)].sort();
        if (seen.has(keys.join('+'))) continue;
        seen.add(keys.join('+'));
        pairs.push({ ...guiUpdate, faults: [firstSpec, { ...second, index: 1 }] });
      }
    }
    const unfired = pairs.filter((scenario) => {
      const { report } = simulate(scenario);
      return report.warnings.some((warning) => warning.includes('was not reached'));
    }).length;
    expect(unfired).toBeGreaterThan(0);
    const result = explore(guiUpdate, { faults: 2, reduction: false });
    expect(result.merged).toBe(unfired);
    expect(result.runs).toBe(1 + singleFaults(guiUpdate, baseline).length + pairs.length - unfired);
  });
});
