import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate, type Cause, type InvariantId, type Report } from '../src/sim';
import { scenarioFiles } from './support/scenarioFiles';

/**
 * Every violation says who brought it about: the procedure (the plan or the recovery) or a
 * fault (what an injected fault, or the system's own reaction to it, did to a correctly
 * started step).
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function runFile(file: string): Report {
  return simulate(parseScenario(readFileSync(join(ROOT, file), 'utf8'), file)).report;
}

function runText(body: string): Report {
  return simulate(parseScenario(`name: cause case\n${body}`, 'case.yaml')).report;
}

/** `invariant: cause` for every violation of the run, in report order. */
function causes(report: Report): string[] {
  return report.invariants.flatMap((invariant) =>
    invariant.violations.map((violation) => `${invariant.id}: ${violation.cause}`),
  );
}

function causesOf(report: Report, id: InvariantId): Cause[] {
  return report.invariants.find((i) => i.id === id)?.violations.map((v) => v.cause) ?? [];
}

const HA = `system: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\nservices: 1\n`;

describe('the cause of a violation', () => {
  it('is the fault when the active device crashes while the standby installs', () => {
    const report = runText(
      `${HA}faults: [ { fault: host-crash, target: active, when: { step: install, host: standby }, duration: 10m } ]`,
    );
    expect(causes(report)).toEqual(['one-member-down-at-a-time: fault']);
  });

  it('is the procedure when the plan upgrades the active device', () => {
    const report = runFile('scenarios/must-fail/ha-pair-active-device-upgraded-first.yaml');
    const found = causesOf(report, 'no-maintenance-on-active');
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found)).toEqual(new Set(['procedure']));
  });

  it("is the fault when the pair's own takeover hands the active role to an unverified standby", () => {
    // device-b has restarted into 9.1.0 and waits for its check when device-a crashes: the pair
    // takes over on its own, to a peer that is not ready.
    const report = runText(
      `${HA}faults: [ { fault: host-crash, target: active, when: { at: 45m }, duration: 10m } ]
plan: [ sync-config, check-sync, { backup: all }, { install: device-b }, { reboot: device-b }, { wait: 5m }, { verify: device-b } ]`,
    );
    expect(causes(report)).toEqual([
      'one-member-down-at-a-time: fault',
      'failover-to-ready-peer: fault',
    ]);
  });

  it('is the procedure when the plan switches over to the same unverified standby', () => {
    const report = runText(
      `${HA}plan: [ sync-config, check-sync, { backup: all }, { install: device-b }, { reboot: device-b }, switchover, { verify: device-b } ]`,
    );
    expect(causesOf(report, 'failover-to-ready-peer')).toEqual(['procedure']);
  });

  it('is the procedure when, after a fault, the plan goes on to roll back the active device', () => {
    // device-b crashes while idle and comes back; the plan then rolls back device-a, still active.
    const report = runText(
      `${HA}faults: [ { fault: host-crash, target: device-b, when: { at: 5m }, duration: 10m } ]
plan: [ sync-config, check-sync, { backup: all }, { rollback: device-a } ]`,
    );
    expect(causesOf(report, 'rollback-only-on-standby')).toEqual(['procedure']);
  });

  it('is the procedure when the plan upgrades a device while a fault keeps its peer down', () => {
    // device-a crashes for 2h after the backup and the pair takes over: both are the fault's.
    // Upgrading device-b, now active, while device-a is down is the plan's.
    const report = runText(
      `${HA}faults: [ { fault: host-crash, target: active, when: { at: 20m }, duration: 2h } ]
plan: [ sync-config, check-sync, { backup: all }, { wait: 10m }, { upgrade: device-b } ]`,
    );
    // The install takes the last member out; the restart during that outage is a second step of it.
    expect(causesOf(report, 'one-member-down-at-a-time')).toEqual(['procedure', 'procedure']);
    expect(new Set(causesOf(report, 'no-maintenance-on-active'))).toEqual(new Set(['procedure']));
  });
});

describe('the must-fail corpus', () => {
  // A broken procedure is the operator's to fix: every violation there is the procedure's,
  // including a run that never settles because it waits for a crashed host without end.
  it.each(
    scenarioFiles()
      .filter((file) => file.startsWith('must-fail/'))
      .map((file) => `scenarios/${file}`),
  )('%s: every violation is the procedure’s', (file) => {
    const report = runFile(file);
    const all = causes(report);
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((entry) => !entry.endsWith(': procedure'))).toEqual([]);
  });
});

describe('golden fault scenarios', () => {
  it.each([
    'scenarios/golden/ha-pair-host-crash-active-peer-mid-upgrade.yaml',
    'scenarios/golden/serverware-cluster-host-crash-primary-during-secondary-install.yaml',
    'scenarios/golden/serverware-mirror-host-crash-primary-during-secondary-install.yaml',
  ])('%s: the crash is charged to the fault', (file) => {
    expect(causes(runFile(file))).toEqual(['one-member-down-at-a-time: fault']);
  });
});
