import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../src/sim';
import type { Report } from '../src/sim';

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

/** Mirror 4.5.0 → 5.2.1 with one fault and, optionally, the recovery switches. */
function mirror(fault: string, recovery?: string): Report {
  return simulate(
    parseScenario(
      lines(
        'name: Mirror from 4.5.0',
        'system: serverware',
        'topology: mirror',
        'version: { from: 4.5.0 }',
        'vps: [vps-1, vps-2]',
        ...(recovery === undefined ? [] : [`recovery: ${recovery}`]),
        'faults:',
        `  - ${fault}`,
      ),
      'mirror.yaml',
    ),
  ).report;
}

/** `action host version` of each step that ran. */
function ran(report: Report): string[] {
  return report.steps
    .filter((step) => step.status === 'done' || step.status === 'failed')
    .map(
      (step) =>
        `${step.action}${step.host ? ` ${step.host}` : ''}${step.version ? ` ${step.version}` : ''}`,
    );
}

describe('SERVERware after a failed upgrade step (the document has no rollback)', () => {
  it('should reinstall the former Primary, never roll back the Primary serving 5.x nor fail back onto 4.5.0', () => {
    const report = mirror(
      '{ fault: upgrade-failure, target: storage-1, when: { step: install, hop: 1 } }',
    );
    expect(ran(report).filter((step) => step.startsWith('rollback'))).toEqual([]);
    expect(report.outcome).toBe('completed');
    // The hop's failover and the documented final one: nothing doubles the VPS downtime.
    expect(report.failovers).toBe(2);
    expect(report.workloads.map((w) => w.downtime)).toEqual([1_800_000, 1_800_000]);
    const reinstall = report.steps.filter((step) => step.recovery);
    expect(reinstall.map((step) => `${step.action} ${step.host ?? ''}`)).toEqual([
      'install storage-1',
      'reboot storage-1',
      'verify storage-1',
    ]);
    for (const step of reinstall) {
      expect(step.source).toMatchObject({ kind: 'assumption', key: 'recovery.reinstalls' });
    }
    expect(report.invariants.every((invariant) => invariant.holds)).toBe(true);
  });

  it('should stop for support with the Primary serving once the reinstalls are spent', () => {
    const report = mirror(
      '{ fault: upgrade-failure, target: storage-1, times: 2, when: { step: install, hop: 1 } }',
    );
    expect(report.outcome).toBe('aborted');
    expect(report.reason).toMatch(/^stopped for support: install on storage-1 failed/);
    expect(
      ran(report).filter((step) => step.startsWith('rollback') || step === 'failover'),
    ).toEqual(['failover']);
    const hosts = Object.fromEntries(report.hosts.map((h) => [h.name, [h.role, h.version]]));
    expect(hosts).toEqual({
      backup: ['backup', '5.2.1'],
      'storage-1': ['secondary', '4.5.0'],
      'storage-2': ['primary', '5.2.1'],
    });
  });

  it('should bring a Secondary that did not boot back on the version it ran before stopping', () => {
    const report = mirror(
      '{ fault: boot-failure, target: storage-2, times: 2, when: { step: reboot, hop: 1 } }',
      '{ reinstalls: 1 }',
    );
    expect(report.outcome).toBe('aborted');
    const recovery = report.steps
      .filter((step) => step.recovery && step.status !== 'skipped')
      .map((step) => step.action);
    // One reinstall that fails to boot again, then the way back onto 4.5.0 for support.
    expect(recovery).toEqual(['install', 'reboot', 'rollback', 'reboot', 'verify']);
    const storage2 = report.hosts.find((host) => host.name === 'storage-2');
    expect(storage2).toMatchObject({ role: 'secondary', version: '4.5.0', state: 'online' });
    expect(report.failovers).toBe(0);
    // The log names what is done: bringing one host back is `rollback-host`, not `abort`
    // ("nothing rolled back"), and says whose choice that is.
    const last = report.decisions.at(-1);
    expect(last).toMatchObject({
      situation: 'boot-failed',
      chosen: 'rollback-host',
      by: 'default',
    });
    expect(last?.source).toMatchObject({ kind: 'assumption', key: 'decisions' });
    const rollback = report.steps.find((step) => step.action === 'rollback');
    expect(rollback?.source).toEqual(last?.source);
  });

  it('should leave a host that did not boot as it is when the scenario chooses to abort', () => {
    const report = simulate(
      parseScenario(
        lines(
          'name: Mirror from 4.5.0',
          'system: serverware',
          'topology: cluster',
          'version: { from: 4.5.0 }',
          'vps: [{ name: vps-1, host: processing-1 }]',
          'faults:',
          '  - { fault: boot-failure, target: processing-1, when: { step: reboot, hop: 1 } }',
          'decisions:',
          '  - { at: boot-failed, choose: abort }',
        ),
        'cluster.yaml',
      ),
    ).report;
    expect(report.outcome).toBe('aborted');
    expect(report.decisions.map((d) => `${d.situation} ${d.chosen} ${d.by}`)).toEqual([
      'boot-failed abort scenario',
    ]);
    // Nothing rolled back: processing-1 is left down, not booted, and its VPS with it.
    expect(report.steps.filter((step) => step.action === 'rollback')).toEqual([]);
    expect(report.hosts.find((host) => host.name === 'processing-1')).toMatchObject({
      version: '4.5.0',
      state: 'bootFailed',
    });
    expect(report.reason).toMatch(/processing-1 left as it is/);
  });

  it('should keep the whole-hop rollback as an explicit choice', () => {
    const report = mirror(
      '{ fault: upgrade-failure, target: storage-1, when: { step: install, hop: 1 } }',
      '{ serverware: rollback-hop }',
    );
    expect(report.outcome).toBe('rolled-back');
    expect(ran(report)).toContain('rollback storage-2 4.5.0');
    const rollback = report.steps.find((step) => step.action === 'rollback');
    expect(rollback?.source).toMatchObject({ kind: 'assumption', key: 'recovery.serverware' });
  });

  it('should refuse a recovery key that does not apply to the system', () => {
    expect(() =>
      parseScenario(
        lines(
          'name: x',
          'system: ha-pair',
          'version: { from: 9.0.2, to: 9.1.0 }',
          'recovery: { serverware: reinstall }',
        ),
        'x.yaml',
      ),
    ).toThrow(/recovery\.serverware.*applies to serverware only/);
  });
});

describe('SERVERware when the Primary is lost without a failover', () => {
  it('should let the ready Secondary take over, then re-derive the plan and wait for the crashed host', () => {
    const report = mirror(
      '{ fault: host-crash, target: storage-1, when: { at: 15m }, duration: 2h }',
    );
    // The takeover (15m by default) and the hop's failover: two outages of 15 minutes.
    expect(report.workloads.map((w) => [w.downtime, w.outages])).toEqual([
      [1_800_000, 2],
      [1_800_000, 2],
    ]);
    expect(report.failovers).toBe(2);
    expect(report.outcome).toBe('completed');
    // Nothing touched storage-2 while storage-1 was down (back at 2h15m).
    const install = report.steps.filter(
      (step) => step.action === 'install' && step.host !== 'backup',
    );
    expect(install.map((step) => [step.host, step.start])).toEqual([
      ['storage-1', 8_100_000],
      ['storage-2', 10_800_000],
    ]);
    expect(report.invariants.every((invariant) => invariant.holds)).toBe(true);
    // storage-1 is the Primary again: no final failover was needed to return it.
    expect(report.hosts.find((h) => h.role === 'primary')?.name).toBe('storage-1');
  });

  it('should take as long to take over as durations.takeover says', () => {
    const report = simulate(
      parseScenario(
        lines(
          'name: Mirror, a 3-minute takeover',
          'system: serverware',
          'topology: mirror',
          'version: { from: 4.5.0 }',
          'vps: [vps-1]',
          'durations: { takeover: 3m }',
          'faults: [{ fault: host-crash, target: primary, when: { at: 15m }, duration: 1h }]',
        ),
        'x.yaml',
      ),
    ).report;
    expect(report.workloads[0]?.downtime).toBe(3 * 60_000 + 15 * 60_000);
  });

  it('should hold the Secondary’s restart while the Primary is down, the system in an outage', () => {
    const report = mirror(
      '{ fault: host-crash, target: primary, when: { step: install, host: secondary }, duration: 30m }',
    );
    const reboot = report.steps.find(
      (step) => step.action === 'reboot' && step.host === 'storage-2',
    );
    // The install under way (40m–1h) ends; the restart waits for the Primary, back at 1h10m,
    // and for its check (1m).
    expect(reboot?.start).toBe(71 * 60_000);
    const check = report.steps.find((step) => step.action === 'check-services');
    expect(check).toMatchObject({ host: 'storage-1', start: 70 * 60_000, recovery: true });
    expect(report.failovers).toBe(2);
  });

  it('should keep a failed host’s reinstall in order when the Secondary takes over meanwhile', () => {
    // The Backup host crashes at its restart while the Primary crashes at the same instant: the
    // takeover re-derives the storage steps while the Backup's reinstall waits to start.
    const report = simulate(
      parseScenario(
        lines(
          'name: Mirror, two crashes at the Backup restart',
          'system: serverware',
          'topology: mirror',
          'version: { from: 4.5.0 }',
          'vps: [vps-1]',
          'faults:',
          '  - { fault: host-crash, target: backup, when: { step: reboot, host: backup }, duration: 30m }',
          '  - { fault: host-crash, target: storage-1, when: { step: reboot, host: backup }, duration: 30m }',
        ),
        'x.yaml',
      ),
    ).report;
    expect(report.outcome).toBe('completed');
    const backup = report.steps.filter((step) => step.host === 'backup');
    expect(
      backup.map((step) => `${step.action} ${step.status}${step.recovery ? ' (recovery)' : ''}`),
    ).toEqual([
      'install done',
      'reboot failed',
      'verify skipped',
      'install done (recovery)',
      'reboot done (recovery)',
      'verify done (recovery)',
    ]);
    expect(report.invariants.filter((i) => !i.holds).map((i) => i.id)).toEqual([]);
  });

  it('should stop with the system serving once it has waited recovery.hold for a member', () => {
    const report = mirror(
      '{ fault: host-crash, target: storage-1, when: { at: 15m }, duration: 5h }',
      '{ hold: 1h }',
    );
    expect(report.outcome).toBe('aborted');
    expect(report.reason).toMatch(
      /^stopped after waiting 60 minutes \(recovery\.hold\): install on storage-1 waits for storage-1/,
    );
    expect(report.hosts.find((h) => h.name === 'storage-2')?.role).toBe('primary');
    expect(report.invariants.find((i) => i.id === 'settles')?.holds).toBe(true);
  });
});
