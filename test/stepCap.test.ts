import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../src/sim';

describe('the bound on recoveries that add steps', () => {
  it('should end a run that keeps adding steps stuck, naming the bound', () => {
    // Before: "the procedure kept adding steps without end", the bound a `times: 1000` had run
    // into left unsaid, as though the procedure were at fault.
    const scenario = parseScenario(
      `name: loop
system: serverware
topology: cluster
version: { from: 4.5.0, to: 5.2.1 }
hosts: { processing: 2 }
vps: 4
recovery: { reinstalls: 10 }
faults:
  - { fault: upgrade-failure, target: processing, when: { step: install }, probability: 1 }
decisions:
  - { at: install-failed, choose: reinstall, times: 1000 }
`,
      'loop.yaml',
    );
    const { report } = simulate(scenario);
    const planned = report.steps.filter((step) => step.recovery !== true).length;
    expect(report.outcome).toBe('stuck');
    expect(report.reason).toBe(
      `the procedure kept adding steps without end: its plan passed ${planned * 4 + 100} steps, four times the steps planned and 100 more: the bound on recoveries that add steps`,
    );
    expect(report.steps.length).toBeGreaterThan(planned * 4 + 100);
  });
});
