import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate, type Run } from '../src/sim';
import type { HostState } from '../src/sim/world';
import { scenarioFiles, scenarioPath } from './support/scenarioFiles';

/**
 * What the HA pair and single-server documents say about failures, and the vendor timings
 * where they are silent: detection before a takeover, the preemption delay, step 6's session
 * comparison, step 8's troubleshooting, the rollback switchover's safeguards, the single
 * server's services in use from step 6, and backups before each version.
 */

const HA = `system: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\nservices: 1\n`;
const SINGLE = `system: standalone\nservices: 1\n`;
const SECOND = 1_000;

function run(body: string): Run {
  return simulate(parseScenario(`name: case\n${body}`, 'case.yaml'));
}

function downtime(r: Run, workload = 'service-1'): number {
  return r.report.workloads.find((w) => w.name === workload)?.downtime ?? -1;
}

function outages(r: Run): readonly (readonly [number, number])[] {
  return r.groups[0]?.outages ?? [];
}

function steps(r: Run, from = 0): string[] {
  return r.report.steps
    .slice(from)
    .filter((s) => s.status !== 'skipped' && s.status !== 'pending')
    .map((s) => `${s.action}${s.status === 'failed' ? ' ✗' : ''}`);
}

function stepOf(r: Run, action: string, nth = 0) {
  const found = r.report.steps.filter((s) => s.action === action && s.status === 'done')[nth];
  if (!found) throw new Error(`no ${action} step #${nth}`);
  return found;
}

/** The last state of every host, from the run's frames. */
function finalHosts(r: Run): Map<string, HostState> {
  const hosts = new Map<string, HostState>();
  for (const frame of r.frames) if (frame.host) hosts.set(frame.host.name, frame.host);
  return hosts;
}

describe('HA pair: an unplanned takeover after a crash', () => {
  const crash = (extra = '') =>
    run(
      `${HA}${extra}faults: [ { fault: host-crash, target: active, when: { at: 1m }, duration: 10m } ]`,
    );

  it('should leave the services down from the crash until the standby has detected it', () => {
    const r = crash();
    expect(r.report.failovers).toBe(3);
    // The takeover (15 s, Cisco ASA's unit hold time) and the two planned switchovers.
    expect(outages(r)[0]).toEqual([60 * SECOND, 75 * SECOND]);
    expect(downtime(r)).toBe(15 * SECOND + 2 * 10 * SECOND);
  });

  it('should take the detection time from `durations.detect`', () => {
    const r = crash('durations: { detect: 45s }\n');
    expect(outages(r)[0]).toEqual([60 * SECOND, 105 * SECOND]);
  });

  it('should lose the sessions across versions and keep the services down until restored', () => {
    // Just after step 6's switchover device-a (9.1.0) is active, device-b (9.0.1) standby.
    const r = run(
      `${HA}faults: [ { fault: host-crash, target: active, when: { at: 55m30s }, duration: 10m } ]`,
    );
    const restore = stepOf(r, 'restore-sessions');
    // The document's step 6 restores the services after its planned switchover; of a takeover
    // it says nothing (before: "document, step 6").
    expect(restore.source).toMatchObject({ kind: 'assumption' });
    expect(restore.source.ref).toMatch(/^after an unplanned takeover, .*step 6/);
    const lost = outages(r).find(([start]) => start === 55 * 60 * SECOND + 30 * SECOND);
    expect(lost).toEqual([55 * 60 * SECOND + 30 * SECOND, restore.end]);
    expect(r.report.outcome).toBe('completed');
  });
});

describe('HA pair: preemption after its delay', () => {
  // Two versions: the pair ends on device-b, and step 10 enables preemption again with
  // device-a, the preferred device, standby.
  const TWO = `system: ha-pair\nversion: { from: 9.0.1, path: [9.1.0, 9.2.0] }\nservices: 1\n`;
  const preempting = (extra = '') => run(`${TWO}policy: { preemption: enabled }\n${extra}`);

  it('should not let the preferred device take the active role the instant it boots', () => {
    const scenario = parseScenario(
      readFileSync(scenarioPath('must-fail/ha-pair-preemption-left-on.yaml'), 'utf8'),
      'left-on.yaml',
    );
    const r = simulate(scenario);
    const boot = stepOf(r, 'reboot');
    // Preemption left on: device-a comes up standby and, 60 s later (Huawei HRP's default),
    // takes the active role across the version difference.
    const preemption = outages(r).find(([start]) => start > (boot.end ?? 0));
    expect(preemption?.[0]).toBe((boot.end ?? 0) + 60 * SECOND);
  });

  it('should end only after the preferred device has preempted, with its switchover counted', () => {
    const r = preempting();
    const restore = stepOf(r, 'preemption-restore');
    expect(r.report.duration).toBe((restore.end ?? 0) + 70 * SECOND);
    // Step 1, each version's step 6, and the preemption: 10 s each.
    expect(r.report.failovers).toBe(4);
    expect(downtime(r)).toBe(4 * 10 * SECOND);
    expect(finalHosts(r).get('device-a')?.leading).toBe(true);
  });

  it('should take the delay from `durations.preemption-delay`', () => {
    const r = preempting('durations: { preemption-delay: 5m }\n');
    const restore = stepOf(r, 'preemption-restore');
    expect(r.report.duration).toBe((restore.end ?? 0) + 5 * 60 * SECOND + 10 * SECOND);
  });

  it.each(scenarioFiles().filter((f) => f.includes('ha-pair')))(
    'should never end %s with preemption on and the preferred device healthy but standby',
    (file) => {
      const scenario = parseScenario(readFileSync(scenarioPath(file), 'utf8'), file);
      const r = simulate(scenario);
      const preferred = finalHosts(r).get(scenario.policy.preferred ?? '');
      if (!preferred?.preemption || preferred.lifecycle !== 'online') return;
      expect(preferred.leading).toBe(true);
    },
  );

  it('should warn when a switchover by hand leaves the preferred device standby with preemption on', () => {
    // Step 1 switches over to device-b; the sync report keeps failing and the procedure stops
    // before step 4 ever turns preemption off. A manual switchover triggers no preemption.
    const r = run(
      `${HA}policy: { preemption: enabled }\nfaults: [ { fault: sync-failure, times: 3 } ]`,
    );
    expect(r.report.outcome).toBe('aborted');
    expect(finalHosts(r).get('device-a')?.leading).toBe(false);
    expect(r.report.warnings).toContainEqual(
      expect.stringMatching(
        /^device-a, the preferred device, ended standby with preemption enabled/,
      ),
    );
  });
});

describe('HA pair: step 6, sessions not synchronized', () => {
  const unsynced = (times: number, extra = '') =>
    run(
      `${HA}${extra}faults: [ { fault: session-loss, when: { step: verify, hop: 1 }, times: ${times} } ]`,
    );

  it('should wait and compare again, then switch over as usual once they are synchronized', () => {
    const r = unsynced(1);
    expect(steps(r, 8).slice(0, 6)).toEqual([
      'wait',
      'check-sessions ✗',
      'wait',
      'check-sessions',
      'switchover',
      'check-services',
    ]);
    expect(r.report.outcome).toBe('completed');
    expect(downtime(r)).toBe(2 * 10 * SECOND);
  });

  it('should switch over anyway after the comparisons and restore the interrupted services', () => {
    const r = unsynced(2);
    expect(steps(r, 8).slice(0, 6)).toEqual([
      'wait',
      'check-sessions ✗',
      'wait',
      'check-sessions ✗',
      'switchover',
      'restore-sessions',
    ]);
    expect(r.report.outcome).toBe('completed');
    expect(r.report.steps.some((s) => s.action === 'rollback')).toBe(false);
    const restore = stepOf(r, 'restore-sessions');
    const second = stepOf(r, 'switchover', 1);
    expect(outages(r)[1]).toEqual([second.start, restore.end]);
  });

  it('should compare as many times as `policy.session-checks` says', () => {
    const r = unsynced(1, 'policy: { session-checks: 1 }\n');
    expect(steps(r, 8).slice(0, 4)).toEqual([
      'wait',
      'check-sessions ✗',
      'switchover',
      'restore-sessions',
    ]);
  });

  it('should still read a failed check of the upgraded standby as a failed upgrade', () => {
    const r = run(
      `${HA}faults: [ { fault: upgrade-failure, target: device-a, when: { step: verify, hop: 1 } } ]`,
    );
    expect(r.report.outcome).toBe('rolled-back');
  });
});

describe('HA pair: step 8, the sync report fails after both devices are upgraded', () => {
  const final = (times: number) =>
    run(`${HA}faults: [ { fault: sync-failure, when: { step: sync, hop: 1 }, times: ${times} } ]`);

  it('should synchronize manually and check again', () => {
    const r = final(1);
    expect(r.report.outcome).toBe('completed');
    expect(steps(r).slice(-4)).toEqual([
      'check-sync ✗',
      'sync-config',
      'check-sync',
      'check-services',
    ]);
  });

  it('should stop for troubleshooting with both devices upgraded and serving, not roll back', () => {
    const r = final(2);
    expect(r.report.outcome).toBe('aborted');
    expect(r.report.reason).toMatch(/troubleshoot/);
    expect(r.report.steps.some((s) => s.action === 'rollback')).toBe(false);
    expect(r.report.hosts.map((h) => h.version)).toEqual(['9.1.0', '9.1.0']);
    expect([...finalHosts(r).values()].filter((h) => h.leading && h.serving)).toHaveLength(1);
    expect(r.report.failovers).toBe(2);
  });
});

describe('HA pair: the rollback switchover', () => {
  it("should keep step 6's safeguards: wait, compare sessions, switch over, check services", () => {
    const r = run(`${HA}faults: [ { fault: upgrade-failure, target: device-b } ]`);
    const recovery = r.report.steps.filter((s) => s.recovery).map((s) => s.action);
    const at = recovery.indexOf('switchover');
    expect(recovery.slice(at - 2, at + 2)).toEqual([
      'wait',
      'check-sessions',
      'switchover',
      'check-services',
    ]);
    for (const step of r.report.steps.filter((s) => s.recovery && s.action !== 'switchover'))
      if (step.action === 'wait' || step.action.startsWith('check'))
        expect(step.source.kind).toBe('assumption');
  });
});

describe('single server: services in use from the restart check on', () => {
  const single = (extra = '') => run(`${SINGLE}version: { from: 1.0.0, to: 1.1.0 }\n${extra}`);

  it('should count downtime from stopping the services to starting them after the restart', () => {
    const r = single();
    const stop = stepOf(r, 'stop-services');
    const start = stepOf(r, 'start-services');
    expect(outages(r)).toEqual([[stop.start, start.end]]);
    expect(steps(r).slice(3)).toEqual([
      'stop-services',
      'install',
      'reboot',
      'start-services',
      'check-services',
      'wait',
      'verify',
    ]);
  });

  it('should soak and test with the services up: a longer soak adds no downtime', () => {
    expect(downtime(single('durations: { wait: 30m }\n'))).toBe(downtime(single()));
  });

  it('should stop the services after a failed test, restore, restart and start them', () => {
    const r = single('faults: [ { fault: upgrade-failure, when: { step: verify } } ]\n');
    expect(r.report.outcome).toBe('rolled-back');
    expect(r.report.steps.filter((s) => s.recovery).map((s) => s.action)).toEqual([
      'stop-services',
      'restore',
      'reboot',
      'start-services',
      'verify',
    ]);
    expect(outages(r)).toHaveLength(2);
  });
});

describe('single server: the restore goes back to a backup that was taken', () => {
  const PATH = `${SINGLE}version: { from: 1.0.0, path: [1.1.0, 1.2.0, 1.3.0] }\n`;
  const failing = (hop: number, extra = '') =>
    run(
      `${PATH}${extra}faults: [ { fault: upgrade-failure, when: { step: install, hop: ${hop} } } ]`,
    );

  it.each([1, 2, 3])('should back up before version %i and restore that backup', (hop) => {
    const r = failing(hop);
    const restore = r.report.steps.find((s) => s.action === 'restore');
    const backups = r.report.steps.filter((s) => s.action === 'backup' && s.status === 'done');
    expect(backups.map((b) => b.version)).toEqual(['1.0.0', '1.1.0', '1.2.0'].slice(0, hop));
    expect(restore?.version).toBe(backups[backups.length - 1]?.version);
  });

  it('should say where each backup comes from: step 1, then an assumption with its key', () => {
    const r = run(`${PATH}`);
    const backups = r.report.steps.filter((s) => s.action === 'backup');
    expect(backups.map((b) => b.source.kind)).toEqual(['document', 'assumption', 'assumption']);
    expect(backups[1]?.source.key).toBe('policy.backup');
  });

  it('should restore the one backup taken with `backup: once`, and say so', () => {
    const r = failing(3, 'policy: { backup: once }\n');
    const backups = r.report.steps.filter((s) => s.action === 'backup' && s.status === 'done');
    expect(backups.map((b) => b.version)).toEqual(['1.0.0']);
    expect(r.report.steps.find((s) => s.action === 'restore')?.version).toBe('1.0.0');
    expect(r.report.reason).toMatch(/only backup taken.*once/);
    expect(r.report.hosts[0]?.version).toBe('1.0.0');
  });

  it.each(['', 'policy: { backup: once }\n'])(
    'should never restore a backup that was not taken (%s)',
    (policy) => {
      for (const step of ['install', 'reboot', 'verify']) {
        for (const hop of [1, 2, 3]) {
          const fault = step === 'reboot' ? 'boot-failure' : 'upgrade-failure';
          const r = run(
            `${PATH}${policy}faults: [ { fault: ${fault}, when: { step: ${step}, hop: ${hop} } } ]`,
          );
          const taken = new Set(
            r.report.steps
              .filter((s) => s.action === 'backup' && s.status === 'done')
              .map((s) => s.version),
          );
          for (const restore of r.report.steps.filter((s) => s.action === 'restore'))
            expect(taken.has(restore.version)).toBe(true);
        }
      }
    },
  );
});
