import { describe, expect, it } from 'vitest';
import { parseScenario, simulate, ScenarioError } from '../src/sim';
import { reportSchema } from '../src/sim/reportSchema';
import type { Report } from '../src/sim';
import { optionsAt } from '../src/sim';
import { rehearseMatchers, sim } from '../src/testing';

expect.extend(rehearseMatchers);

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const HA = lines(
  'name: HA pair, a failed install on the standby',
  'system: ha-pair',
  'version: { from: 9.0.1, to: 9.1.0 }',
  'faults:',
  '  - { fault: upgrade-failure, target: standby, when: { step: install } }',
);

const MIRROR = lines(
  'name: Mirror from 4.5.0, the former Primary fails to install',
  'system: serverware',
  'topology: mirror',
  'version: { from: 4.5.0 }',
  'vps: [vps-1]',
  'faults:',
  '  - { fault: upgrade-failure, target: storage-1, when: { step: install, hop: 1 } }',
);

function run(text: string, decisions: string[] = []): Report {
  const full = decisions.length === 0 ? text : `${text}decisions:\n${decisions.join('\n')}\n`;
  return simulate(parseScenario(full, 'x.yaml')).report;
}

/** `action host` of the steps that ran, recovery steps marked. */
function ran(report: Report): string[] {
  return report.steps
    .filter((step) => step.status === 'done' || step.status === 'failed')
    .map(
      (step) =>
        `${step.action}${step.host ? ` ${step.host}` : ''}${step.status === 'failed' ? ' ✗' : ''}`,
    );
}

describe('decision points', () => {
  it('should record the default decision, with the options legal there, when nobody chose', () => {
    const report = run(HA);
    expect(report.decisions).toEqual([
      expect.objectContaining({
        situation: 'install-failed',
        host: 'device-a',
        hop: 1,
        fault: 'upgrade-failure',
        options: ['retry', 'rollback-host', 'abort'],
        chosen: 'rollback-host',
        by: 'default',
      }),
    ]);
    expect(report.decisions[0]?.source.kind).toBe('document');
    // At the instant the install failed.
    const failed = report.steps.find((step) => step.status === 'failed');
    expect(report.decisions[0]?.at).toBe(failed?.end);
    expect(reportSchema.safeParse(report).success).toBe(true);
  });

  it('should run exactly as the default when the scenario chooses the default', () => {
    const free = run(HA);
    const chosen = run(HA, ['  - { at: install-failed, choose: rollback-host }']);
    expect(chosen.steps).toEqual(free.steps);
    expect(chosen.workloads).toEqual(free.workloads);
    expect(chosen.decisions[0]?.by).toBe('scenario');
  });

  it('should retry a failed install on the standby, then go on to complete', () => {
    const report = run(HA, ['  - { at: install-failed, host: standby, choose: retry }']);
    expect(report.outcome).toBe('completed');
    expect(ran(report).slice(5, 8)).toEqual([
      'install device-a ✗',
      'install device-a',
      'reboot device-a',
    ]);
    expect(report.steps.find((s) => s.recovery)?.source).toMatchObject({
      kind: 'assumption',
      key: 'decisions',
    });
  });

  it('should stop with the active device serving and nothing rolled back on abort', () => {
    const report = run(HA, ['  - { at: install-failed, choose: abort }']);
    expect(report.outcome).toBe('aborted');
    expect(report.reason).toMatch(/^stopped for troubleshooting after install on device-a failed/);
    expect(ran(report).filter((step) => step.startsWith('rollback'))).toEqual([]);
    expect(report.hosts.find((h) => h.role === 'active')).toMatchObject({
      name: 'device-b',
      version: '9.0.1',
    });
  });

  it('should never roll back the active device, whatever the operator chooses after a failed install', () => {
    for (const choose of optionsAt('install-failed', 'ha-pair')) {
      const result = sim(HA).decide('install-failed', choose).run();
      expect(result).toHoldInvariant('rollback-only-on-standby');
      if (result.report.decisions[0]?.by === 'scenario')
        expect(result).toHaveDecided('install-failed', choose);
    }
  });

  it('should offer rollback-pair only when both devices changed', () => {
    const report = run(
      lines(
        'name: HA pair, the second device fails its check',
        'system: ha-pair',
        'version: { from: 9.0.1, to: 9.1.0 }',
        'faults:',
        '  - { fault: upgrade-failure, target: device-b, when: { step: verify, host: device-b } }',
      ),
      ['  - { at: verify-failed, choose: rollback-pair }'],
    );
    expect(report.decisions[0]?.options).toContain('rollback-pair');
    expect(report.decisions[0]?.chosen).toBe('rollback-pair');
    expect(report.outcome).toBe('rolled-back');
    expect(report.hosts.map((h) => h.version)).toEqual(['9.0.1', '9.0.1']);
    expect(report.invariants.find((i) => i.id === 'rollback-only-on-standby')?.holds).toBe(true);
  });

  it('should carry out each SERVERware option, none rolling back the Primary unasked', () => {
    const outcomes = Object.fromEntries(
      optionsAt('install-failed', 'serverware').map((choose) => {
        const report = run(MIRROR, [
          `  - { at: install-failed, host: storage-1, choose: ${choose} }`,
        ]);
        expect(report.decisions[0]).toMatchObject({ chosen: choose, by: 'scenario' });
        return [choose, report.outcome];
      }),
    );
    expect(outcomes).toEqual({
      reinstall: 'completed',
      'rollback-host': 'aborted',
      'rollback-hop': 'rolled-back',
      abort: 'aborted',
    });
    const abort = run(MIRROR, ['  - { at: install-failed, choose: abort }']);
    expect(abort.reason).toMatch(/the scenario chose to stop \(decisions: abort\)/);
    const rollbackHost = run(MIRROR, ['  - { at: install-failed, choose: rollback-host }']);
    expect(rollbackHost.hosts.find((h) => h.role === 'primary')).toMatchObject({
      name: 'storage-2',
      version: '5.2.1',
    });
  });

  it('should bound reinstalls by the entry’s times', () => {
    const twice = lines(MIRROR.replace('hop: 1 } }', 'hop: 1 }, times: 3 }'));
    expect(run(twice).outcome).toBe('aborted');
    const report = run(twice, ['  - { at: install-failed, choose: reinstall, times: 2 }']);
    expect(report.decisions.map((d) => `${d.chosen} ${d.by}`)).toEqual([
      'reinstall scenario',
      'reinstall scenario',
      'abort default',
    ]);
    const again = run(twice, ['  - { at: install-failed, choose: reinstall, times: 3 }']);
    expect(again.outcome).toBe('completed');
  });

  it('should take the default, and say why, when the chosen option is not possible there', () => {
    // Only the failed standby changed: there is no pair to roll back.
    const report = run(HA, ['  - { at: install-failed, choose: rollback-pair }']);
    const decision = report.decisions[0];
    expect(decision).toMatchObject({ by: 'default', chosen: 'rollback-host' });
    expect(decision?.refused).toBe(
      'decisions[0] chose rollback-pair, which is not possible here (possible: retry, rollback-host, abort); rollback-host was taken instead',
    );
    expect(report.warnings).toContain(decision?.refused);
  });

  it('should offer what is possible, not only what is safe, and let the checks judge it', () => {
    // A hand-written plan upgrades the active device first; its install fails while it serves.
    const text = lines(
      'name: HA pair, the active device upgraded first',
      'system: ha-pair',
      'version: { from: 9.0.1, to: 9.1.0 }',
      'plan: [sync-config, check-sync, { backup: all }, { upgrade: device-a }]',
      'faults:',
      '  - { fault: upgrade-failure, target: device-a, when: { step: install } }',
    );
    const retried = run(text, ['  - { at: install-failed, host: active, choose: retry }']);
    expect(retried.decisions[0]).toMatchObject({
      host: 'device-a',
      chosen: 'retry',
      by: 'scenario',
    });
    const noMaintenance = retried.invariants.find((i) => i.id === 'no-maintenance-on-active');
    expect(noMaintenance?.holds).toBe(false);
    expect(noMaintenance?.violations[0]?.cause).toBe('procedure');
  });

  it('should warn about an entry no decision point matched', () => {
    const report = run(HA, ['  - { at: boot-failed, choose: retry }']);
    expect(report.warnings).toContain(
      'decisions[0] (boot-failed: retry) was never used: the run reached no such decision point',
    );
  });
});

describe('the HA pair’s documented choices', () => {
  const sessions = lines(
    'name: HA pair, sessions not synchronized at step 6',
    'system: ha-pair',
    'version: { from: 9.0.1, to: 9.1.0 }',
    'faults:',
    '  - { fault: session-loss, when: { step: verify, hop: 1 }, times: 5 }',
  );

  it('should wait and compare again by default, then switch over anyway', () => {
    const report = run(sessions);
    const at = report.decisions.filter((d) => d.situation === 'sessions-not-synchronized');
    expect(at.length).toBeGreaterThan(0);
    expect(at.map((d) => d.chosen)).toEqual([
      ...Array<string>(at.length - 1).fill('wait'),
      'switch-over-anyway',
    ]);
  });

  it('should switch over at once, or stop, when the operator says so', () => {
    const anyway = run(sessions, [
      '  - { at: sessions-not-synchronized, choose: switch-over-anyway }',
    ]);
    expect(
      anyway.decisions.filter((d) => d.situation === 'sessions-not-synchronized'),
    ).toHaveLength(1);
    expect(anyway.outcome).toBe('completed');
    const stop = run(sessions, ['  - { at: sessions-not-synchronized, choose: abort }']);
    expect(stop.outcome).toBe('aborted');
    expect(stop.steps.filter((s) => s.action === 'rollback')).toEqual([]);
  });

  it('should let a trainee go on past a failed sync report, and the checks say so', () => {
    const text = lines(
      'name: HA pair, a failed sync report',
      'system: ha-pair',
      'version: { from: 9.0.1, to: 9.1.0 }',
      'faults:',
      '  - { fault: sync-failure }',
    );
    const report = run(text, ['  - { at: sync-report-failed, choose: continue }']);
    expect(report.decisions[0]).toMatchObject({
      situation: 'sync-report-failed',
      chosen: 'continue',
    });
    const consistent = report.invariants.find((i) => i.id === 'consistent-before-change');
    expect(consistent?.holds).toBe(false);
    expect(consistent?.violations[0]?.cause).toBe('procedure');
  });
});

describe('waiting for a pair member', () => {
  const crash = lines(
    'name: Mirror, the Primary crashes while the Secondary installs',
    'system: serverware',
    'topology: mirror',
    'version: { from: 4.5.0 }',
    'vps: [vps-1]',
    'faults:',
    '  - { fault: host-crash, target: primary, when: { step: install, host: secondary }, duration: 30m }',
  );

  it('should wait for the peer by default and record it', () => {
    const report = run(crash);
    expect(report.decisions).toEqual([
      expect.objectContaining({
        situation: 'peer-down',
        host: 'storage-2',
        options: ['wait', 'continue', 'abort'],
        chosen: 'wait',
        by: 'default',
        at: 60 * 60_000,
      }),
    ]);
  });

  it('should restart the Secondary at once on continue, and stop on abort', () => {
    const go = run(crash, ['  - { at: peer-down, choose: continue }']);
    const reboot = go.steps.find((s) => s.action === 'reboot' && s.host === 'storage-2');
    expect(reboot?.start).toBe(60 * 60_000);
    // The crash began the outage; restarting the Secondary during it is the procedure's doing.
    const violations = go.invariants.find((i) => i.id === 'one-member-down-at-a-time')?.violations;
    expect(violations?.map((v) => [v.at, v.cause])).toEqual([
      [40 * 60_000, 'fault'],
      [60 * 60_000, 'procedure'],
    ]);
    expect(
      run(crash).invariants.find((i) => i.id === 'one-member-down-at-a-time')?.violations,
    ).toHaveLength(1);
    const stop = run(crash, ['  - { at: peer-down, choose: abort }']);
    expect(stop.reason).toMatch(/^stopped instead of waiting \(decisions\): reboot on storage-2/);
  });
});

describe('decisions: in a scenario file', () => {
  const error = (decision: string): string => {
    try {
      parseScenario(`${HA}decisions:\n  - ${decision}\n`, 'x.yaml');
    } catch (caught) {
      if (caught instanceof ScenarioError) return caught.message;
      throw caught;
    }
    return 'accepted';
  };

  it('should refuse an option the point does not have there, listing the legal ones', () => {
    expect(error('{ at: install-failed, choose: reinstall }')).toBe(
      'x.yaml:7:35: decisions[0].choose: "reinstall" is not an option at install-failed on an HA pair (expected an option at install-failed: retry, rollback-host, rollback-pair, abort)',
    );
  });

  it('should refuse an unknown point, a point the system lacks, and unknown keys', () => {
    expect(error('{ at: instal-failed, choose: retry }')).toMatch(
      /decisions\[0\]\.at: unknown decision point "instal-failed" — did you mean "install-failed"\?/,
    );
    expect(
      (() => {
        try {
          parseScenario(
            lines(
              'name: one server',
              'system: standalone',
              'version: { from: 1.0.0, to: 1.1.0 }',
              'decisions: [{ at: peer-down, choose: wait }]',
            ),
            'x.yaml',
          );
          return 'accepted';
        } catch (caught) {
          return (caught as Error).message;
        }
      })(),
    ).toMatch(/decisions\[0\]\.at: "peer-down" is not a decision point of a standalone server/);
    expect(error('{ at: install-failed, choose: retry, when: 3 }')).toMatch(
      /decisions\[0\]\.when: unknown key `when`/,
    );
    expect(error('{ at: install-failed, choose: retry, times: 0 }')).toMatch(
      /decisions\[0\]\.times: 0 is too small/,
    );
  });

  it('should refuse an option the test driver is given that the point does not have', () => {
    expect(() => sim(HA).decide('install-failed', 'reinstall')).toThrow(
      'reinstall is not an option at install-failed on ha-pair (options: retry, rollback-host, rollback-pair, abort)',
    );
  });
});
