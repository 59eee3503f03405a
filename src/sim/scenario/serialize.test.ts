import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioFiles, scenarioPath } from '../../../test/support/scenarioFiles';
import type { Scenario } from '../types';
import { parseScenario } from './parse';
import { scenarioToYaml } from './serialize';

const files = scenarioFiles();

/** Notes of explicit plan steps say how the step was written, which may differ after folding. */
function comparable(scenario: Scenario): unknown {
  return scenario.plan === 'auto'
    ? scenario
    : { ...scenario, plan: scenario.plan.map(({ note: _note, ...step }) => step) };
}

describe('scenarioToYaml', () => {
  it.each(files)('should write %s back as YAML that parses to the same scenario', (file) => {
    const scenario = parseScenario(readFileSync(scenarioPath(file), 'utf8'), file);
    const again = parseScenario(scenarioToYaml(scenario), `${file} (written back)`);
    expect(comparable(again)).toEqual(comparable(scenario));
  });

  it('should keep faults, explicit plans and expectations', () => {
    const text = `
name: written back
system: ha-pair
version: { from: 9.0.1, path: [9.0.2, 9.1.0] }
policy: { preemption: enabled }
durations: { switchover: 3s }
faults:
  - { fault: host-crash, target: active, when: { at: 1h30m }, duration: 10m }
  - { fault: sync-failure, when: { step: sync }, times: 3 }
decisions:
  - { at: install-failed, host: standby, hop: 1, fault: upgrade-failure, choose: retry, times: 2 }
  - { at: sync-report-failed, choose: continue }
plan: [ sync-config, check-sync, { backup: all }, { upgrade: { host: device-b, to: 9.0.2 } }, { switchover: device-b }, { rollback: device-b }, { wait: 5m } ]
expect: { outcome: stuck, violations: [settles] }
`;
    const scenario = parseScenario(text, 'x.yaml');
    expect(comparable(parseScenario(scenarioToYaml(scenario), 'y.yaml'))).toEqual(
      comparable(scenario),
    );
  });
});
