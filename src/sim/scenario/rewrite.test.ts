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

  it('should keep a comment beside a value it rewrites, and write entries as the author did', () => {
    // Before: "# spring upgrade" went with the name, the faults kept were written again in block
    // style and lost the comment above them, and a new fault was a block of five lines among
    // one-line entries.
    const text = `# Our production cluster
name: our cluster # spring upgrade
system: serverware
topology: cluster
version: { from: 3.3.1 }
faults:
  # the crash we fear most
  - { fault: host-crash, target: primary, when: { step: failover, hop: 1 } }
  - { fault: upgrade-failure, target: processing-2, when: { step: install, hop: 1 } } # then this
decisions:
  - at: install-failed
    host: storage-1
    choose: reinstall
`;
    const ours = parseScenario(text, 'ours.yaml');
    const [crash, failure] = ours.faults as [(typeof ours.faults)[0], (typeof ours.faults)[0]];
    const rule = ours.decisions?.[0];
    if (!rule) throw new Error('the text has a decision');
    const wanted = {
      ...ours,
      name: 'our cluster — counterexample',
      faults: [
        crash,
        { ...failure, target: 'processing-1' },
        { ...crash, fault: 'pool-degraded' as const, index: 2 },
      ],
      decisions: [...(ours.decisions ?? []), { ...rule, host: 'storage-2' }],
    };
    const out = rewriteScenarioText(text, 'ours.yaml', wanted);
    expect(scenarioToYaml(parseScenario(out, 'ours.yaml'))).toBe(scenarioToYaml(wanted));
    expect(out).toBe(`# Our production cluster
name: our cluster — counterexample # spring upgrade
system: serverware
topology: cluster
version: { from: 3.3.1 }
faults:
  # the crash we fear most
  - { fault: host-crash, target: primary, when: { step: failover, hop: 1 } }
  - { fault: upgrade-failure, target: processing-1, when: { step: install, hop: 1 } }
  - { fault: pool-degraded, target: primary, when: { step: failover, hop: 1 } }
decisions:
  - at: install-failed
    host: storage-1
    choose: reinstall
  - at: install-failed
    host: storage-2
    choose: reinstall
`);
  });

  it('should keep a comment with quotes in it, a flow list as a flow list, and write a new list as the others are', () => {
    // Before: "# Ana's plan, \"final\"" went with the name; `faults: [ … ]   # one-liners` came
    // back as a seven-line block without its comment; a new `decisions:` was a four-line block
    // under one-line faults.
    const flow = `name: Core pair # Ana's plan, "final"
system: ha-pair
version: { from: 9.0.1, to: 9.1.0 }
hosts: { devices: [core-1, core-2] }
faults: [ { fault: session-loss, target: core-2, when: { step: switchover, hop: 1 } } ]   # one-liners
`;
    const ours = parseScenario(flow, 'flow.yaml');
    const [loss] = ours.faults as [(typeof ours.faults)[0]];
    const wanted = {
      ...ours,
      name: 'Core pair — counterexample',
      faults: [loss, { ...loss, target: 'core-1', index: 1 }],
      decisions: [
        { index: 0, at: 'sessions-not-synchronized' as const, choose: 'wait' as const, times: 1 },
      ],
    };
    const out = rewriteScenarioText(flow, 'flow.yaml', wanted);
    expect(scenarioToYaml(parseScenario(out, 'flow.yaml'))).toBe(scenarioToYaml(wanted));
    expect(out).toBe(`name: Core pair — counterexample # Ana's plan, "final"
system: ha-pair
version: { from: 9.0.1, to: 9.1.0 }
hosts: { devices: [core-1, core-2] }
faults: [ { fault: session-loss, target: core-2, when: { step: switchover, hop: 1 } }, { fault: session-loss, target: core-1, when: { step: switchover, hop: 1 } } ]   # one-liners
decisions: [ { at: sessions-not-synchronized, choose: wait } ]
`);
    // One entry per line: a new list is written one entry per line too.
    const lines = `name: a
system: ha-pair
version: { from: 9.0.1, to: 9.1.0 }
faults:
  - { fault: session-loss, target: device-b, when: { step: switchover, hop: 1 } } # the one we fear
`;
    const mine = parseScenario(lines, 'lines.yaml');
    const added = rewriteScenarioText(lines, 'lines.yaml', {
      ...mine,
      decisions: wanted.decisions,
    });
    expect(added).toBe(`${lines}decisions:
  - { at: sessions-not-synchronized, choose: wait }
`);
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
