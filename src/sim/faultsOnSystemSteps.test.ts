import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate, type Report } from './index';

/**
 * Faults aimed at the steps that name no host, because they act on the system as a whole (a
 * SERVERware failover, an HA pair's sync check and backup), and faults timed by the clock with
 * no target: CONTRACT.md, "with `when.at` it fires at that virtual time on whichever host
 * matches `target` then", and "`target` may be left out where the step names its host".
 */
const CLUSTER = `
name: Cluster
system: serverware
topology: cluster
version: { from: 3.2.4 }
hosts: { processing: 3 }
vps: [vps-1, vps-2, vps-3]
`;
const HA = readFileSync('scenarios/ha-pair-preemption-enabled.yaml', 'utf8').replace(
  /^(faults|expect):[\s\S]*?(?=^\S|$(?![\s\S]))/gm,
  '',
);

function run(base: string, fault: string): Report {
  return simulate(parseScenario(`${base}\nfaults:\n  - ${fault}\n`, 'faults.yaml')).report;
}

const MINUTE = 60_000;

/** The failovers' durations in minutes, in order. */
function failovers(report: Report): number[] {
  return report.steps
    .filter((step) => step.action === 'failover')
    .map((step) => ((step.end ?? 0) - (step.start ?? 0)) / MINUTE);
}

describe('faults on the steps that name no host', () => {
  it('the baseline: three failovers of 15 minutes, at 2:40, 5:55 and 9:10', () => {
    const report = simulate(parseScenario(CLUSTER, 'cluster.yaml')).report;
    expect(failovers(report)).toEqual([15, 15, 15]);
    const starts = report.steps.filter((s) => s.action === 'failover').map((s) => s.start);
    expect(starts).toEqual([160 * MINUTE, 355 * MINUTE, 550 * MINUTE]);
  });

  it.each([
    ['timed, no target', '{ fault: failover-timeout, when: { at: 2h30m } }', [30, 15, 15]],
    [
      'timed, on a storage host',
      '{ fault: failover-timeout, target: storage-2, when: { at: 2h30m } }',
      [30, 15, 15],
    ],
    ['timed after the first', '{ fault: failover-timeout, when: { at: 3h } }', [15, 30, 15]],
    [
      'at a failover, on a storage host',
      '{ fault: failover-timeout, target: storage-1, when: { step: failover } }',
      [30, 15, 15],
    ],
    [
      'at hop 2, on the Primary',
      '{ fault: failover-timeout, target: primary, when: { step: failover, hop: 2 } }',
      [15, 30, 15],
    ],
  ])('a slow failover %s strikes the next failover', (_name, fault, expected) => {
    const report = run(CLUSTER, fault);
    expect(report.warnings.filter((w) => w.includes('never fired'))).toEqual([]);
    expect(failovers(report)).toEqual(expected);
  });

  it('a sync failure timed before the sync check fails it (resolved and checked again)', () => {
    const report = run(HA, '{ fault: sync-failure, when: { at: 10s } }');
    expect(report.warnings.filter((w) => w.includes('never fired'))).toEqual([]);
    const failed = report.steps.find((s) => s.action === 'check-sync' && s.status === 'failed');
    expect(failed).toBeDefined();
    expect(report.steps.some((s) => s.action === 'resolve-sync' && s.status === 'done')).toBe(true);
  });

  it('a backup failure timed before the backup stops the procedure before any host changed', () => {
    const report = run(HA, '{ fault: backup-failure, when: { at: 10s } }');
    expect(report.warnings.filter((w) => w.includes('never fired'))).toEqual([]);
    expect(report.steps.find((s) => s.action === 'backup')?.status).toBe('failed');
    expect(report.outcome).toBe('aborted');
  });

  it('a timed fault with no target strikes the next step it acts on, on whichever host', () => {
    // At 1m device-a syncs the configuration; the next switchover is device-b's, at 2m.
    const report = run(HA, '{ fault: session-loss, when: { at: 1m } }');
    const first = report.steps.findIndex((s) => s.action === 'switchover');
    expect(report.steps[first]?.host).toBe('device-b');
    expect(report.steps[first + 1]?.action).toBe('restore-sessions');
  });

  it('a fault whose when.host names the stepping host waits for a step on that host', () => {
    // A single server's service check is a step `verify` of the whole system, before the
    // server's own verify: a crash at "verify on server" is the latter's.
    const text = readFileSync('scenarios/standalone.yaml', 'utf8');
    const baseline = simulate(parseScenario(text, 'standalone.yaml')).report;
    const verify = baseline.steps.find((s) => s.action === 'verify' && s.host === 'server');
    const fault =
      '{ fault: host-crash, target: server, when: { step: verify, hop: 1, host: server }, duration: 30m }';
    const run = simulate(parseScenario(`${text}\nfaults:\n  - ${fault}\n`, 'crash.yaml'));
    const crash = run.report.trace.find((entry) => entry.event === 'host.crash');
    expect(verify?.start).toBeDefined();
    expect(crash?.at).toBe(verify?.start);
  });
});
