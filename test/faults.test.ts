import { describe, expect, it } from 'vitest';
import { formatDuration, parseScenario, simulate, type Report } from '../src/sim';

/** Documented recovery, fault by fault: outcome, who is rolled back, failovers, downtime. */

const HA = `system: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\n`;
const MIRROR = `system: serverware\ntopology: mirror\nvps: 2\n`;
const CLUSTER = `system: serverware\ntopology: cluster\nhosts: { processing: 2 }\nvps: [ { name: vps-db, host: primary }, { name: vps-1, host: processing-1 }, { name: vps-2, host: processing-2 } ]\n`;
const SINGLE = `system: standalone\nversion: { from: 1.0.0, to: 1.1.0 }\nservices: 1\n`;

function run(body: string): Report {
  return simulate(parseScenario(`name: fault case\n${body}`, 'case.yaml')).report;
}

/** `rollback device-b` for every recovery rollback, in order. */
function rollbacks(report: Report): string[] {
  return report.steps
    .filter((s) => s.recovery && s.action === 'rollback')
    .map((s) => `${s.host} → ${s.version}`);
}

function violated(report: Report): string[] {
  return report.invariants.filter((i) => !i.holds).map((i) => i.id);
}

function downtime(report: Report): Record<string, string> {
  return Object.fromEntries(
    report.workloads.map((w) => [w.name, `${formatDuration(w.downtime)}/${w.outages}`]),
  );
}

interface Case {
  readonly name: string;
  readonly yaml: string;
  readonly outcome: Report['outcome'];
  readonly rollbacks: readonly string[];
  readonly failovers: number;
  readonly downtime: Readonly<Record<string, string>>;
  readonly violated?: readonly string[];
}

const cases: Case[] = [
  {
    name: 'HA: the first standby fails to install: only it is rolled back, the active keeps serving',
    yaml: `${HA}services: 1\nfaults: [ { fault: upgrade-failure, target: standby, when: { step: install, hop: 1 } } ]`,
    outcome: 'rolled-back',
    rollbacks: ['device-a → 9.0.1'],
    failovers: 1,
    downtime: { 'service-1': '10s/1' },
  },
  {
    name: 'HA: the second device fails: roll back the current standby, switch over, roll back the other',
    yaml: `${HA}services: 1\nfaults: [ { fault: upgrade-failure, target: device-b } ]`,
    outcome: 'rolled-back',
    rollbacks: ['device-b → 9.0.1', 'device-a → 9.0.1'],
    failovers: 3,
    downtime: { 'service-1': '30s/3' },
  },
  {
    name: 'HA: a sync report that keeps failing stops the procedure before any device changes',
    yaml: `${HA}services: 1\nfaults: [ { fault: sync-failure, times: 3 } ]`,
    outcome: 'aborted',
    rollbacks: [],
    failovers: 1,
    downtime: { 'service-1': '10s/1' },
  },
  {
    name: 'HA: a sync report that fails once is resolved and checked again',
    yaml: `${HA}services: 1\nfaults: [ { fault: sync-failure } ]`,
    outcome: 'completed',
    rollbacks: [],
    failovers: 2,
    downtime: { 'service-1': '20s/2' },
  },
  {
    name: 'HA: sessions lost at the cross-version switchover interrupt their services until restored',
    yaml: `${HA}services: 3\nfaults: [ { fault: session-loss, when: { step: switchover, hop: 1 }, sessions: 2 } ]`,
    outcome: 'completed',
    rollbacks: [],
    failovers: 2,
    downtime: { 'service-1': '5m20s/2', 'service-2': '5m20s/2', 'service-3': '20s/2' },
  },
  {
    name: 'HA: both devices active: one is switched to standby before anything else',
    yaml: `${HA}services: 1\nfaults: [ { fault: split-brain } ]`,
    outcome: 'completed',
    rollbacks: [],
    failovers: 2,
    downtime: { 'service-1': '30s/3' },
  },
  {
    name: 'HA: a slow switchover lengthens the interruption',
    yaml: `${HA}services: 1\nfaults: [ { fault: failover-timeout, when: { step: switchover, hop: 1 }, duration: 3m } ]`,
    outcome: 'completed',
    rollbacks: [],
    failovers: 2,
    downtime: { 'service-1': '3m10s/2' },
  },
  {
    name: 'HA: no backup, no upgrade',
    yaml: `${HA}services: 1\nfaults: [ { fault: backup-failure } ]`,
    outcome: 'aborted',
    rollbacks: [],
    failovers: 1,
    downtime: { 'service-1': '10s/1' },
  },
  {
    name: 'HA: the active device crashes while the standby is mid-upgrade: an outage nobody can take over',
    yaml: `${HA}services: 1\nfaults: [ { fault: host-crash, target: active, when: { step: install, host: standby }, duration: 10m } ]`,
    outcome: 'completed',
    rollbacks: [],
    failovers: 2,
    downtime: { 'service-1': '10m20s/3' },
    violated: ['one-member-down-at-a-time'],
  },
  {
    name: 'SERVERware Mirror: the Secondary fails to install on hop 1: it is reinstalled and the procedure goes on',
    yaml: `${MIRROR}version: { from: 3.2.4 }\nfaults: [ { fault: upgrade-failure, target: secondary, when: { step: install, hop: 1 } } ]`,
    outcome: 'completed',
    rollbacks: [],
    failovers: 3,
    downtime: { 'vps-1': '45m/3', 'vps-2': '45m/3' },
  },
  {
    name: 'SERVERware Mirror: the Secondary fails to install twice: the procedure stops for support, nothing rolled back',
    yaml: `${MIRROR}version: { from: 3.2.4 }\nfaults: [ { fault: upgrade-failure, target: secondary, times: 2, when: { step: install, hop: 1 } } ]`,
    outcome: 'aborted',
    rollbacks: [],
    failovers: 0,
    downtime: { 'vps-1': '0s/0', 'vps-2': '0s/0' },
  },
  {
    name: 'SERVERware Mirror: the former Primary fails to boot after the failover: reinstalled, the serving Primary never touched',
    yaml: `${MIRROR}version: { from: 4.5.0 }\nfaults: [ { fault: boot-failure, target: storage-1 } ]`,
    outcome: 'completed',
    rollbacks: [],
    failovers: 2,
    downtime: { 'vps-1': '30m/2', 'vps-2': '30m/2' },
  },
  {
    name: 'SERVERware Mirror, rollback-hop asked for: the former Primary fails to boot, the whole hop is rolled back',
    yaml: `${MIRROR}version: { from: 4.5.0 }\nrecovery: { serverware: rollback-hop }\nfaults: [ { fault: boot-failure, target: storage-1 } ]`,
    outcome: 'rolled-back',
    rollbacks: ['storage-1 → 4.5.0', 'storage-2 → 4.5.0', 'backup → 4.5.0'],
    failovers: 2,
    downtime: { 'vps-1': '30m/2', 'vps-2': '30m/2' },
  },
  {
    name: 'SERVERware Cluster: a processing host fails on hop 2: it is reinstalled (one more restart for its VPS)',
    yaml: `${CLUSTER}version: { from: 3.2.4 }\nfaults: [ { fault: upgrade-failure, target: processing-2, when: { step: install, hop: 2 } } ]`,
    outcome: 'completed',
    rollbacks: [],
    failovers: 3,
    downtime: { 'vps-db': '45m/3', 'vps-1': '15m/3', 'vps-2': '15m/3' },
  },
  {
    name: 'SERVERware: a slow failover lengthens exactly the downtime of the VPSs on the Primary',
    yaml: `${CLUSTER}version: { from: 4.1.0 }\nfaults: [ { fault: failover-timeout, when: { step: failover, hop: 2 }, duration: 40m } ]`,
    outcome: 'completed',
    rollbacks: [],
    failovers: 2,
    downtime: { 'vps-db': '55m/2', 'vps-1': '10m/2', 'vps-2': '10m/2' },
  },
  {
    name: 'SERVERware: a missing prerequisite stops everything before any change',
    yaml: `${MIRROR}version: { from: 4.5.0 }\nfaults: [ { fault: precheck-failure, check: licence } ]`,
    outcome: 'aborted',
    rollbacks: [],
    failovers: 0,
    downtime: { 'vps-1': '0s/0', 'vps-2': '0s/0' },
  },
  {
    name: 'SERVERware: the Primary crashes while the Secondary is mid-upgrade: an outage the report makes plain, and the Secondary’s restart waits for the Primary',
    yaml: `${MIRROR}version: { from: 4.5.0 }\nfaults: [ { fault: host-crash, target: primary, when: { step: install, host: secondary }, duration: 30m } ]`,
    outcome: 'completed',
    rollbacks: [],
    failovers: 2,
    downtime: { 'vps-1': '1h/3', 'vps-2': '1h/3' },
    violated: ['one-member-down-at-a-time'],
  },
  {
    name: 'Single server: a failed test restores the backup and the previous version',
    yaml: `${SINGLE}faults: [ { fault: upgrade-failure, when: { step: verify } } ]`,
    outcome: 'rolled-back',
    rollbacks: [],
    failovers: 0,
    downtime: { 'service-1': '54m/2' },
  },
  {
    name: 'Single server: a crash during the restore is waited out and the restore done again',
    yaml: `${SINGLE}faults: [ { fault: upgrade-failure, when: { step: install } }, { fault: host-crash, target: server, when: { step: rollback, host: server }, duration: 30m } ]`,
    outcome: 'rolled-back',
    rollbacks: [],
    failovers: 0,
    downtime: { 'service-1': '1h17m/1' },
  },
  {
    name: 'HA: a split brain while the standby is mid-upgrade is resolved by switching it back to standby',
    yaml: `${HA}services: 1\nfaults: [ { fault: split-brain, target: standby, when: { step: reboot, hop: 1, host: device-a } } ]`,
    outcome: 'completed',
    rollbacks: [],
    failovers: 2,
    downtime: { 'service-1': '30s/3' },
  },
  {
    name: 'Single server: no backup, no upgrade',
    yaml: `${SINGLE}faults: [ { fault: backup-failure } ]`,
    outcome: 'aborted',
    rollbacks: [],
    failovers: 0,
    downtime: { 'service-1': '0s/0' },
  },
];

describe('documented recovery', () => {
  it.each(cases)('$name', (c) => {
    const report = run(c.yaml);
    expect({
      outcome: report.outcome,
      rollbacks: rollbacks(report),
      failovers: report.failovers,
      downtime: downtime(report),
      violated: violated(report),
    }).toEqual({
      outcome: c.outcome,
      rollbacks: c.rollbacks,
      failovers: c.failovers,
      downtime: c.downtime,
      violated: c.violated ?? [],
    });
  });

  it('should only ever roll back a host that is not carrying traffic', () => {
    for (const c of cases) {
      const report = run(c.yaml);
      expect(
        report.invariants.find((i) => i.id === 'rollback-only-on-standby')?.holds ?? true,
      ).toBe(true);
    }
  });
});

describe('explicit plans', () => {
  it('should run a single server plan written by hand, services steps included', () => {
    const report = run(
      `${SINGLE}plan: [ { backup: all }, precheck, stop-services, { upgrade: server }, start-services ]`,
    );
    expect(report.outcome).toBe('completed');
    expect(violated(report)).toEqual([]);
    expect(downtime(report)).toEqual({ 'service-1': '32m/1' });
  });

  it('should switch over to the device a plan names', () => {
    const report = run(
      `${HA}plan: [ sync-config, check-sync, { backup: all }, { switchover: device-b }, { upgrade: device-a } ]`,
    );
    expect(report.steps.find((s) => s.action === 'switchover')?.host).toBe('device-b');
    expect(report.hosts.map((h) => `${h.name}:${h.role}`)).toEqual([
      'device-a:standby',
      'device-b:active',
    ]);
    expect(violated(report)).toEqual([]);
  });
});
