import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../src/sim';

const cluster = (rest: string, processing = 2) => `name: loop
system: serverware
topology: cluster
version: { from: 4.5.0, to: 5.2.1 }
hosts: { processing: ${processing} }
vps: 4
${rest}`;

describe('the bound on recoveries that add steps', () => {
  it('should let a run settle whose reinstalls its own decisions bound', () => {
    // Before: 52 reinstalls chosen against an install that keeps failing ended `stuck` ("the
    // procedure kept adding steps without end") at 172 steps, though the entry's `times` ends them.
    const { report } = simulate(
      parseScenario(
        cluster(`faults:
  - { fault: upgrade-failure, target: processing-1, when: { step: install }, times: 1000 }
decisions:
  - { at: install-failed, host: processing-1, choose: reinstall, times: 52 }
`),
        'loop.yaml',
      ),
    );
    expect(report.outcome).toBe('aborted');
    expect(report.decisions.filter((d) => d.chosen === 'reinstall')).toHaveLength(52);
    expect(report.invariants.find((i) => i.id === 'settles')?.holds).toBe(true);
  });

  it('should let a run settle whose reinstalls recovery.reinstalls bounds on many hosts', () => {
    // Before: 30 processing hosts failing their install 10 times each, reinstalled by default,
    // ended `stuck` at 508 steps.
    const hosts = 30;
    const faults = Array.from(
      { length: hosts },
      (_, i) =>
        `  - { fault: upgrade-failure, target: processing-${i + 1}, when: { step: install }, times: 10 }`,
    ).join('\n');
    const { report } = simulate(
      parseScenario(cluster(`recovery: { reinstalls: 10 }\nfaults:\n${faults}\n`, hosts), 'x.yaml'),
    );
    expect(report.outcome).toBe('completed');
    expect(report.decisions.filter((d) => d.chosen === 'reinstall')).toHaveLength(hosts * 10);
  });

  it('should take every decision written, up to the most a scenario may write', () => {
    const { report } = simulate(
      parseScenario(
        cluster(`recovery: { reinstalls: 10 }
faults:
  - { fault: upgrade-failure, target: processing, when: { step: install }, probability: 1 }
decisions:
  - { at: install-failed, choose: reinstall, times: 1000 }
`),
        'loop.yaml',
      ),
    );
    expect(report.outcome).toBe('aborted');
    expect(report.decisions.filter((d) => d.chosen === 'reinstall')).toHaveLength(1000);
  });

  it('should end a run stuck, naming the bound, whose plan grows past what its input allows', () => {
    // An entry no scenario file can write (a drill's choices are counted one by one): the
    // procedure's bound stops what the input does not.
    const scenario = parseScenario(
      cluster(`faults:
  - { fault: upgrade-failure, target: processing, when: { step: install }, probability: 1 }
decisions:
  - { at: install-failed, choose: reinstall, times: 1 }
`),
      'loop.yaml',
    );
    const [rule] = scenario.decisions ?? [];
    if (rule === undefined) throw new Error('no decision');
    const { report } = simulate({ ...scenario, decisions: [{ ...rule, times: 1_000_000 }] });
    const planned = report.steps.filter((step) => step.recovery !== true).length;
    // Room for 1,000 decisions and one reinstall (the default) of each host.
    const cap = planned * 4 + 100 + 3 * (1000 + report.hosts.length);
    expect(report.outcome).toBe('stuck');
    expect(report.reason).toBe(
      `the procedure kept adding steps without end: its plan passed ${cap} steps, four times the steps planned and 100 more, and three for each reinstall or retry its decisions and recovery.reinstalls allow: the bound on recoveries that add steps`,
    );
    expect(report.steps.length).toBeGreaterThan(cap);
  });
});
