import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse';
import { rewriteScenarioText } from './rewrite';
import { scenarioToYaml } from './serialize';

const OURS = `# Our production cluster: upgraded every spring.
name: our cluster
system: serverware
topology: cluster
version: { from: 3.3.1 } # the version on site today
hosts: { processing: 4 }
vps: 12 # spread over the processing hosts
faults:
  # the crash we fear most
  - { fault: host-crash, target: primary, when: { step: failover, hop: 1 } }
policy:
  vps-disks: storage # where Bicom puts them
`;

describe('a scenario text rewritten to read as another scenario', () => {
  it('should rewrite only the keys that differ, keeping every other line and comment', () => {
    const ours = parseScenario(OURS, 'ours.yaml');
    const wanted = {
      ...ours,
      name: 'our cluster — counterexample for settles',
      faults: [{ ...ours.faults[0], target: 'secondary', index: 0 } as (typeof ours.faults)[0]],
      expect: { outcome: 'aborted' as const, violations: ['settles' as const] },
    };
    const text = rewriteScenarioText(OURS, 'ours.yaml', wanted);
    expect(scenarioToYaml(parseScenario(text, 'ours.yaml'))).toBe(scenarioToYaml(wanted));
    for (const kept of [
      '# Our production cluster: upgraded every spring.',
      'version: { from: 3.3.1 } # the version on site today',
      'vps: 12 # spread over the processing hosts',
      'policy:\n  vps-disks: storage # where Bicom puts them\n',
    ])
      expect(text).toContain(kept);
    expect(text).toContain('name: our cluster — counterexample for settles\n');
    expect(text).not.toContain('the crash we fear most');
    expect(text).toMatch(/\nexpect:/);
    // Nothing else: the lines of the text that are not its name, faults or expect are the same.
    const untouched = (yaml: string) =>
      yaml
        .trimEnd()
        .split(/\n(?=[a-z#])/)
        .filter((part) => !/^(name|faults|expect):/.test(part));
    expect(untouched(text)).toEqual(untouched(OURS));
  });

  it('should take out a key the scenario no longer has', () => {
    const ours = parseScenario(OURS, 'ours.yaml');
    const text = rewriteScenarioText(OURS, 'ours.yaml', { ...ours, faults: [] });
    expect(text).not.toMatch(/faults|fear/);
    expect(text).toContain('policy:\n  vps-disks: storage # where Bicom puts them\n');
    expect(parseScenario(text, 'ours.yaml').faults).toEqual([]);
  });

  it('should write the whole scenario again where the text cannot be patched', () => {
    const flow = '{ name: a, system: standalone, version: { from: 1.0.0, to: 2.0.0 } }\n';
    const scenario = { ...parseScenario(flow, 'flow.yaml'), name: 'b' };
    expect(rewriteScenarioText(flow, 'flow.yaml', scenario)).toBe(scenarioToYaml(scenario));
  });
});
