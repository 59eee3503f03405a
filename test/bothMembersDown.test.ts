import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explore, parseScenario, simulate, type Report } from '../src/sim';

/**
 * Both members of a pair down at once. The one told to take over went down before it had the
 * role, and became active (or Primary) while down when its takeover timer ran out: a real pair
 * finds no peer to hand the role to, and the first member back takes it. A storage host taking
 * over the Primary role got an install meanwhile; an aborted failover handed the role back to a
 * Primary that was down, which `failover-to-ready-peer` counted as a takeover.
 */

function run(text: string): Report {
  return simulate(parseScenario(text, 'case.yaml')).report;
}

const holds = (report: Report, id: string) =>
  report.invariants.find((invariant) => invariant.id === id)?.holds;

/** `33.25 device-b xstate.after.detect role.active` for the trace entries of `actor`. */
function roles(report: Report, actor: string): string[] {
  return report.trace
    .filter((entry) => entry.actor === actor)
    .map((entry) => {
      const role = /role\.(\w+)/.exec(entry.state)?.[1] ?? '?';
      const life = /lifecycle\.(\w+)/.exec(entry.state)?.[1] ?? '?';
      return `${entry.at / 60_000} ${entry.event} ${life} ${role}`;
    });
}

const HA = `name: case
system: ha-pair
version: { from: 9.0.1, to: 9.1.0 }
services: [vpn]
`;

const MIRROR = `name: case
system: serverware
topology: mirror
version: { from: 4.5.0 }
vps: 2
`;

describe('both members of a pair down at once', () => {
  it('HA: the standby that was taking over goes down before it has the role; the device back first takes it', () => {
    // device-b, active after step 1's switchover, crashes at 3m for 30m; device-a, taking over,
    // crashes 5 s later for an hour.
    const report = run(
      `${HA}faults:\n  - { fault: host-crash, target: active, when: { at: 3m }, duration: 30m }\n  - { fault: host-crash, target: device-a, when: { at: 3m5s }, duration: 60m }\n`,
    );
    expect(holds(report, 'failover-to-ready-peer')).toBe(true);
    expect(roles(report, 'device-a')).toContain(
      '3.0833333333333335 host.crash down downTakingOver',
    );
    // device-b is back at 33m and takes over after the detection time (15 s).
    expect(roles(report, 'device-b')).toContain('33.25 xstate.after.detect online active');
    // device-a, back at 1h3m5s, is the standby (the procedure then goes on and upgrades it).
    expect(
      roles(report, 'device-a').find((line) => line.includes('xstate.after.downtime')),
    ).toMatch(/^63\.08\d* xstate\.after\.downtime online standby$/);
    const vpn = report.workloads.find((w) => w.name === 'vpn');
    // Down from 3m to 33m15s, then the procedure's two switchovers of 10 s.
    expect(vpn?.downtime).toBe(30 * 60_000 + 35_000);
    expect(report.outcome).toBe('completed');
  });

  it('HA: both devices crash at the same instant; neither becomes active while down', () => {
    const report = run(
      `${HA}faults:\n  - { fault: host-crash, target: device-a, when: { at: 3m }, duration: 30m }\n  - { fault: host-crash, target: device-b, when: { at: 3m }, duration: 30m }\n`,
    );
    expect(holds(report, 'failover-to-ready-peer')).toBe(true);
    expect(report.outcome).toBe('completed');
  });

  it('storage: the Secondary goes down while taking over from a crashed Primary; the Primary, back first, takes the role, and no install starts on a host taking over', () => {
    const report = run(
      `${MIRROR}faults:\n  - { fault: host-crash, target: primary, when: { at: 5m }, duration: 30m }\n  - { fault: host-crash, target: storage-2, when: { at: 10m }, duration: 60m }\n`,
    );
    expect(holds(report, 'failover-to-ready-peer')).toBe(true);
    expect(roles(report, 'storage-2')).toContain('10 host.crash down secondary');
    expect(roles(report, 'storage-1')).toContain('35 takeover.begin online takingOverPrimary');
    expect(roles(report, 'storage-1')).toContain('50 xstate.after.takeover online primary');
    const during = report.trace.filter(
      (entry) => entry.event === 'install.start' && entry.state.includes('role.takingOverPrimary'),
    );
    expect(during).toEqual([]);
    // The VPSs on the Primary: down from 5m until storage-1 has the role at 50m, then the two
    // planned failovers of 15 minutes.
    expect(report.workloads.map((w) => w.downtime / 60_000)).toEqual([75, 75]);
    expect(report.outcome).toBe('completed');
  });

  it('storage: both hosts crash during a failover, which is aborted; the Primary keeps its role, which is no takeover', () => {
    const report = run(
      `${MIRROR}faults:\n  - { fault: host-crash, target: storage-1, when: { step: failover }, duration: 30m }\n  - { fault: host-crash, target: storage-2, when: { step: failover }, duration: 30m }\n`,
    );
    expect(roles(report, 'storage-1')).toContain('85 failover.abort down primary');
    expect(holds(report, 'failover-to-ready-peer')).toBe(true);
  });

  it('no pair of faults on the Mirror or the HA pairs has a member take a role while it is not ready', () => {
    // Two pair explorations of about 4 s each on an idle core (the bound below is for a busy one).
    for (const file of ['serverware-mirror-4.3-4.8.yaml', 'ha-pair-preemption-disabled.yaml']) {
      const scenario = parseScenario(readFileSync(`scenarios/${file}`, 'utf8'), file);
      const result = explore(scenario, { faults: 2 });
      expect(result.runs, file).toBeGreaterThan(1000);
      expect(
        result.counterexamples.filter((c) => c.invariant === 'failover-to-ready-peer'),
        file,
      ).toEqual([]);
    }
  }, 120_000);
});
