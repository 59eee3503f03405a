import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate, type Report } from '../src/sim';

/**
 * A step labelled `document` is one the document prescribes at that point. A recovery the
 * document describes elsewhere (step 7's rollback) is Rehearse's assumption where the document
 * prescribes something else (step 8: sync manually, then troubleshoot), and a switchover step 6
 * makes only "if synchronized" is Rehearse's when the sessions are not.
 */

function run(text: string): Report {
  return simulate(parseScenario(text, 'case.yaml')).report;
}

function sources(report: Report, from: number): string[] {
  return report.steps
    .filter((step) => step.seq >= from)
    .map((step) => `${step.action} ${step.source.kind}`);
}

describe('where a recovery step comes from', () => {
  it('should label a rollback chosen after step 8’s failed sync report an assumption, in step 7’s order', () => {
    const report = run(`name: case
system: ha-pair
version: { from: 9.0.1, to: 9.1.0 }
services: [vpn]
faults: [ { fault: sync-failure, when: { step: sync, hop: 1 }, times: 2 } ]
decisions: [ { at: final-sync-failed, choose: rollback-pair } ]
`);
    const failed = report.steps.find(
      (step) => step.action === 'check-sync' && step.status === 'failed',
    );
    expect(failed).toBeDefined();
    const recovery = report.steps.filter((step) => step.seq > (failed?.seq ?? 0));
    const rollbacks = recovery.filter(
      (step) => step.action === 'rollback' || step.action === 'switchover',
    );
    expect(rollbacks.map((step) => `${step.action} ${step.host}`)).toEqual([
      'rollback device-b',
      'switchover device-b',
      'rollback device-a',
    ]);
    for (const step of rollbacks) {
      expect(step.source.kind).toBe('assumption');
      expect(step.source.ref).toMatch(/only after a failed upgrade \(steps 5 and 7\)/);
    }
  });

  it('should keep a rollback after a failed upgrade the document’s (steps 5 and 7)', () => {
    const report = run(`name: case
system: ha-pair
version: { from: 9.0.1, to: 9.1.0 }
services: [vpn]
faults: [ { fault: upgrade-failure, target: device-a, when: { step: install, hop: 1 } } ]
`);
    const rollback = report.steps.find((step) => step.action === 'rollback');
    expect(rollback?.source.kind).toBe('document');
  });

  it('should label the switchover made with the sessions still not synchronized an assumption', () => {
    const file = 'scenarios/golden/ha-pair-sessions-not-synchronized.yaml';
    const report = run(readFileSync(file, 'utf8'));
    const anyway = report.steps.find((step) => /switch over anyway/.test(step.note ?? ''));
    expect(anyway?.action).toBe('switchover');
    expect(anyway?.source.kind).toBe('assumption');
    expect(anyway?.source.ref).toMatch(/only "if synchronized"/);
    // The switchovers made with the sessions synchronized stay the document's.
    expect(sources(report, 0)).toContain('switchover document');
  });
});

describe('what a SERVERware step and decision say of their source', () => {
  it('should say to confirm services and the pool after the former Primary only on a Cluster, as the document does', () => {
    for (const topology of ['mirror', 'cluster'] as const) {
      const { steps } = run(
        `name: case\nsystem: serverware\ntopology: ${topology}\nversion: { from: 4.5.0 }\nvps: 2\n`,
      );
      const former = steps.find((step) => /former Primary/.test(step.note ?? ''));
      expect(former?.source.kind, topology).toBe('document');
      expect(/confirm services up and the pool ONLINE/.test(former?.note ?? ''), topology).toBe(
        topology === 'cluster',
      );
    }
  });

  it('should say to confirm services and the pool only where the section of the starting version says it', () => {
    // The Cluster sections from 3.3.x – 4.2.x and 4.3.x – 4.8.x end their step 4 with "we will
    // ensure all services are up and the pool is ONLINE"; the section from 3.2.x and earlier,
    // which covers all three of its hops, does not.
    for (const [from, says] of [
      ['3.2.4', false],
      ['3.4.0', true],
      ['4.5.0', true],
    ] as const) {
      const { steps } = run(
        `name: case\nsystem: serverware\ntopology: cluster\nversion: { from: ${from} }\nvps: 2\n`,
      );
      const former = steps.filter((step) => /former Primary/.test(step.note ?? ''));
      expect(former.length, from).toBeGreaterThan(0);
      for (const step of former) {
        expect(/confirm services up and the pool ONLINE/.test(step.note ?? ''), from).toBe(says);
      }
    }
  });

  it('should say what the default rollback-hop does, not that it stops for support', () => {
    const report = run(
      readFileSync(
        'scenarios/golden/serverware-mirror-upgrade-failure-former-primary-rollback-hop.yaml',
        'utf8',
      ),
    );
    const decision = report.decisions.find((d) => d.chosen === 'rollback-hop');
    expect(decision?.source.kind).toBe('assumption');
    // Before: "Rehearse stops for support with the Primary serving", for a hop rolled back.
    expect(decision?.source.ref).toMatch(
      /rolls every host back to the version the hop started from/,
    );
  });
});

describe('after an unplanned takeover by an upgraded device', () => {
  it('should check the services on the new active device before upgrading the new standby (step 7)', () => {
    // The active device crashes during step 6's wait; device-a, upgraded and verified, takes
    // over. Before: device-b's install followed the sessions' restore with no service check, as
    // "step 5: upgrade the standby device".
    const report = run(`name: case
system: ha-pair
version: { from: 9.0.1, to: 9.1.0 }
services: [vpn, web]
faults: [ { fault: host-crash, target: active, when: { step: wait, hop: 1 }, duration: 20m } ]
`);
    const install = report.steps.findIndex((s) => s.action === 'install' && s.host === 'device-b');
    expect(install).toBeGreaterThan(0);
    expect(report.steps[install - 1]?.action).toBe('check-services');
    expect(report.steps[install - 1]?.source.ref).toMatch(/step 7/);
    expect(report.steps[install]?.note).toMatch(/^upgrade the new standby device device-b/);
    expect(report.steps[install]?.source.ref).toMatch(/step 7/);
    expect(report.outcome).toBe('completed');
  });
});

describe('a decision and the steps it leads to say the same source', () => {
  const HA = 'name: case\nsystem: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\nservices: [vpn]\n';
  const cases: Record<string, string> = {
    // A crash during step 6's switchover: no failed upgrade, so the rollback is Rehearse's.
    'crash during the switchover':
      'faults: [ { fault: host-crash, target: device-a, when: { step: switchover, hop: 1 }, duration: 20m } ]',
    'failed install': 'faults: [ { fault: upgrade-failure, target: device-a } ]',
    'failed restart': 'faults: [ { fault: boot-failure, target: device-b } ]',
    'failed check':
      'faults: [ { fault: upgrade-failure, target: device-a, when: { step: verify } } ]',
  };
  for (const [name, faults] of Object.entries(cases)) {
    it(`should label a default rollback as its rollback steps are labelled: ${name}`, () => {
      const report = run(`${HA}${faults}\n`);
      const decision = report.decisions.find(
        (d) => d.by === 'default' && d.chosen.startsWith('rollback'),
      );
      expect(decision, name).toBeDefined();
      const rollback = report.steps.find((step) => step.action === 'rollback' && step.recovery);
      expect(rollback, name).toBeDefined();
      expect(decision?.source.kind, name).toBe(rollback?.source.kind);
    });
  }
});
