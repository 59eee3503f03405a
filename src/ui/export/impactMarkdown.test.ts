import { describe, expect, it } from 'vitest';
import { parseScenario, planImpact, simulate } from '../../sim';
import { impactMarkdown } from './impactMarkdown';

describe('impactMarkdown', () => {
  it('should say of each violation whether the procedure or a fault brought it about', () => {
    // The active device crashes while the standby installs (the fault's); once it is back, the
    // plan upgrades it while it is still active (the procedure's).
    const scenario = parseScenario(
      `name: crash, then a wrong step
system: ha-pair
version: { from: 9.0.1, to: 9.1.0 }
services: 1
faults: [ { fault: host-crash, target: active, when: { step: install, host: standby }, duration: 10m } ]
plan: [ sync-config, check-sync, { backup: all }, { upgrade: device-b }, { upgrade: device-a } ]
`,
      'case.yaml',
    );
    const { report } = simulate(scenario);
    const markdown = impactMarkdown(planImpact(scenario), report);
    const row = (id: string) => markdown.split('\n').find((line) => line.startsWith(`| ${id} |`));
    expect(row('one-member-down-at-a-time')).toMatch(/violated 1×: 0:\d\d:\d\d \(fault\) At /);
    const active = report.invariants.find((i) => i.id === 'no-maintenance-on-active');
    expect(active?.violations.length).toBeGreaterThan(0);
    expect(row('no-maintenance-on-active')?.match(/\(procedure\) At /g)).toHaveLength(
      active?.violations.length ?? -1,
    );
    expect(markdown).toContain('_procedure_');
  });
});
