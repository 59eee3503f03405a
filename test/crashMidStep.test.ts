import { describe, expect, it } from 'vitest';
import { parseScenario, simulate, type Report } from '../src/sim';

/**
 * A crash while the other member, or the whole system, is in the middle of a step: the step is
 * not counted done against a host that was down, the pair's roles follow the crash, and the run
 * does not end while a takeover is still under way.
 */

function run(text: string): Report {
  return simulate(parseScenario(`name: case\n${text}`, 'case.yaml')).report;
}

/** `11 verify device-a done 64.5m assumption` for each step that ran. */
function ran(report: Report): string[] {
  return report.steps
    .filter((step) => step.start !== undefined)
    .map(
      (step) =>
        `${step.seq} ${step.action}${step.host ? ` ${step.host}` : ''} ${step.status} ${(step.start ?? 0) / 60_000}m ${step.source.kind}`,
    );
}

const HA = `system: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\n`;

describe('a crash in the middle of a step', () => {
  it('HA step 6: the upgraded standby crashes during the session comparison; once back it is checked, the wait and the comparison are done again, then the switchover', () => {
    // device-a down from 54m30s to 1h4m30s, in the comparison of 54m10s–55m10s.
    const report = run(
      `${HA}faults: [ { fault: host-crash, target: device-a, when: { at: 54m30s }, duration: 10m } ]\n`,
    );
    const steps = ran(report);
    expect(steps.slice(9, 14)).toEqual([
      '10 check-sessions failed 54.166666666666664m document',
      '11 verify device-a done 64.5m assumption',
      '12 wait done 69.5m assumption',
      '13 check-sessions done 74.5m assumption',
      '14 switchover device-a done 75.5m document',
    ]);
    expect(report.steps[12]?.note).toMatch(/again: device-a went down during it$/);
    expect(report.invariants.every((invariant) => invariant.holds)).toBe(true);
  });

  it('HA: the active device crashes while the upgraded standby is being checked; the standby takes over once its check is done, not at the planned switchover', () => {
    const report = run(
      `${HA}services: [vpn]\nfaults: [ { fault: host-crash, target: device-b, when: { step: verify, host: device-a }, duration: 30m } ]\n`,
    );
    const takeover = report.trace.find(
      (entry) =>
        entry.actor === 'device-a' &&
        entry.event === 'xstate.after.detect' &&
        entry.state.includes('role.active'),
    );
    // The check ends at 49m10s; device-a is active 15 s later (`detect`).
    expect(takeover?.at).toBe(49 * 60_000 + 25_000);
    // The crash at 44m10s, the takeover, the sessions restored across versions (5m), and the
    // switchover of step 1: 10m10s, where it waited for the planned switchover at 55m20s before.
    expect(report.workloads[0]?.downtime).toBe(10 * 60_000 + 10_000);
    expect(report.outcome).toBe('completed');
  });

  it('SERVERware 5.x GUI update: the Primary crashes during it; the update waits for it and is done again, and the run ends only after the Secondary has taken over', () => {
    const report = run(
      'system: serverware\ntopology: mirror\nversion: { from: 5.1.0 }\nfaults: [ { fault: host-crash, target: storage-1, when: { at: 5m }, duration: 30m } ]\n',
    );
    expect(ran(report)).toEqual([
      '1 gui-update failed 0m document',
      '2 gui-update done 35m assumption',
    ]);
    expect(report.hosts.map((host) => `${host.name} ${host.role} ${host.version}`)).toEqual([
      'backup backup 5.2.1',
      'storage-1 secondary 5.2.1',
      'storage-2 primary 5.2.1',
    ]);
    // The VPSs on the Primary are down from the crash to the end of the 15-minute takeover.
    expect(report.workloads.map((w) => w.downtime / 60_000)).toEqual([15, 15, 15, 15]);
    expect(report.outcome).toBe('completed');
  });

  it('ends no run while a storage takeover is under way', () => {
    // The Primary crashes 5 minutes before a 10-minute GUI update would end, with the takeover
    // taking longer than what is left.
    const report = run(
      'system: serverware\ntopology: mirror\nversion: { from: 5.1.0 }\ndurations: { takeover: 1h }\nfaults: [ { fault: host-crash, target: storage-1, when: { at: 5m }, duration: 10m } ]\n',
    );
    const tookOver = report.trace.find((entry) => entry.event === 'xstate.after.takeover');
    expect(tookOver).toBeDefined();
    expect(report.duration).toBeGreaterThanOrEqual(tookOver?.at ?? Infinity);
  });

  describe('a crash during the check after the restart: the host comes back on the version it booted and is checked again — no failed check, no reinstall, no rollback', () => {
    const cases = [
      [
        'SERVERware Secondary',
        'system: serverware\ntopology: mirror\nversion: { from: 4.5.0 }\n',
        'secondary',
        'storage-2',
      ],
      [
        'SERVERware processing host',
        'system: serverware\ntopology: cluster\nversion: { from: 4.5.0 }\n',
        'processing-1',
        'processing-1',
      ],
      [
        'SERVERware Backup host',
        'system: serverware\ntopology: mirror\nversion: { from: 4.5.0 }\n',
        'backup',
        'backup',
      ],
      ['HA standby', HA, 'standby', 'device-a'],
    ] as const;
    it.each(cases)('%s', (_, system, target, host) => {
      const report = run(
        `${system}faults: [ { fault: host-crash, target: ${target}, when: { step: verify, hop: 1 }, duration: 30m } ]\n`,
      );
      const checks = report.steps.filter((s) => s.action === 'verify' && s.host === host);
      const [interrupted, again] = checks;
      expect(interrupted?.status).toBe('failed');
      expect(again?.status).toBe('done');
      expect(again?.note).toMatch(new RegExp(`again: ${host} went down during it$`));
      expect(again?.source.kind).toBe('assumption');
      // Checked again once back, 30 minutes after the crash; nothing installed again.
      expect(again?.start).toBe((interrupted?.start ?? 0) + 30 * 60_000);
      const changes = report.steps.filter(
        (s) => s.host === host && (s.action === 'install' || s.action === 'rollback'),
      );
      expect(changes.map((s) => s.action)).toEqual(['install']);
      expect(report.decisions.map((d) => d.situation)).not.toContain('verify-failed');
      expect(report.outcome).toBe('completed');
      expect(report.invariants.filter((i) => !i.holds)).toEqual([]);
    });
  });

  describe('a pair member back from a crash is checked before its peer is changed or handed its role', () => {
    it('SERVERware: the Primary, back while the Secondary is mid-upgrade, is checked before the Secondary restarts', () => {
      // storage-1 down from 40m (the Secondary's install) to 1h10m; the install ends at 1h.
      const report = run(
        'system: serverware\ntopology: mirror\nversion: { from: 4.5.0 }\nfaults: [ { fault: host-crash, target: primary, when: { step: install, host: secondary }, duration: 30m } ]\n',
      );
      expect(ran(report).slice(4, 8)).toEqual([
        '5 install storage-2 done 40m document',
        '6 check-services storage-1 done 70m assumption',
        '7 reboot storage-2 done 71m document',
        '8 verify storage-2 done 76m assumption',
      ]);
      expect(report.steps[5]?.note).toBe(
        'check storage-1, back from a crash, before restarting storage-2: services up, pool ONLINE',
      );
      expect(report.steps[5]?.recovery).toBe(true);
      expect(report.outcome).toBe('completed');
    });

    it('HA: the active device, back while the standby is mid-upgrade, is checked before the standby restarts', () => {
      const report = run(
        `${HA}faults: [ { fault: host-crash, target: active, when: { step: install, host: standby }, duration: 30m } ]\n`,
      );
      // device-b down from 19m10s (the standby's install) to 49m10s; the install ends at 39m10s.
      expect(ran(report).slice(5, 8)).toEqual([
        '6 install device-a done 19.166666666666668m document',
        '7 check-services device-b done 49.166666666666664m assumption',
        '8 reboot device-a done 50.166666666666664m document',
      ]);
      expect(report.steps[6]?.note).toBe(
        'check device-b, back from a crash, before restarting device-a: services normal',
      );
      expect(report.outcome).toBe('completed');
    });

    it('checks nothing with `recovery.check-after-crash: false`, the assumption turned off', () => {
      for (const body of [
        'system: serverware\ntopology: mirror\nversion: { from: 4.5.0 }\nfaults: [ { fault: host-crash, target: primary, when: { step: install, host: secondary }, duration: 30m } ]\n',
        `${HA}faults: [ { fault: host-crash, target: active, when: { step: install, host: standby }, duration: 30m } ]\n`,
      ]) {
        const checked = run(body);
        const relied = run(`${body}recovery: { check-after-crash: false }\n`);
        expect(checked.steps.filter((s) => s.recovery).map((s) => s.action)).toEqual([
          'check-services',
        ]);
        // The step the check came before starts when the member is back, with no check.
        expect(relied.steps.filter((s) => s.recovery)).toEqual([]);
        expect(relied.steps.length).toBe(checked.steps.length - 1);
        expect(relied.outcome).toBe('completed');
      }
    });

    it('refuses `check-after-crash` where there is no pair, and anything but true or false', () => {
      expect(() =>
        run(
          'system: standalone\nversion: { from: 1.4.2, to: 1.5.0 }\nrecovery: { check-after-crash: false }\n',
        ),
      ).toThrow(/recovery\.check-after-crash.*applies to serverware and ha-pair only/);
      expect(() => run(`${HA}recovery: { check-after-crash: sometimes }\n`)).toThrow(
        /recovery\.check-after-crash.*true or false/,
      );
    });

    it('checks nothing more when the crashed member is the one changed next', () => {
      // The Secondary crashes while idle (during the Backup host's install) and is upgraded next:
      // its own upgrade ends with its check.
      const own = run(
        'system: serverware\ntopology: mirror\nversion: { from: 4.5.0 }\nfaults: [ { fault: host-crash, target: secondary, when: { step: install, host: backup }, duration: 10m } ]\n',
      );
      expect(own.steps.filter((s) => s.recovery)).toEqual([]);
    });
  });

  describe('a crash between an install and its restart loses the install: it is installed again, never restarted and checked as if it were there', () => {
    it.each([
      [
        'SERVERware Secondary, held for its Primary',
        'system: serverware\ntopology: mirror\nversion: { from: 3.2.4 }\n',
        '{ fault: host-crash, target: storage-1, when: { step: install, hop: 1, host: storage-2 }, duration: 30m }, { fault: host-crash, target: storage-2, when: { at: 65m }, duration: 30m }',
        'storage-2',
        '3.3.1',
      ],
      [
        'HA standby, held for the active device',
        HA,
        '{ fault: host-crash, target: device-b, when: { step: install, host: device-a }, duration: 30m }, { fault: host-crash, target: device-a, when: { at: 45m }, duration: 10m }',
        'device-a',
        '9.1.0',
      ],
    ])('%s', (_, system, faults, host, version) => {
      const report = run(`${system}faults: [ ${faults} ]\n`);
      const mine = report.steps.filter((s) => s.host === host && s.status === 'done');
      const installs = mine.filter((s) => s.action === 'install' && s.version === version);
      expect(installs).toHaveLength(2);
      expect(installs[1]?.note).toMatch(/again: .* went down before its restart/);
      expect(installs[1]?.source.kind).toBe('assumption');
      // Its restart comes after the second install.
      const reboot = mine.find((s) => s.action === 'reboot');
      expect(reboot?.start).toBeGreaterThanOrEqual(installs[1]?.end ?? Infinity);
      expect(report.invariants.filter((i) => !i.holds).map((i) => i.id)).toEqual([
        'one-member-down-at-a-time',
      ]);
      expect(report.outcome).toBe('completed');
    });
  });

  describe('`recovery.install-again-after-crash: false`: the install survives the crash and the restart boots it', () => {
    it.each([
      [
        'SERVERware Secondary',
        'system: serverware\ntopology: mirror\nversion: { from: 3.2.4 }\n',
        '{ fault: host-crash, target: storage-1, when: { step: install, hop: 1, host: storage-2 }, duration: 30m }, { fault: host-crash, target: storage-2, when: { at: 65m }, duration: 30m }',
        'storage-2',
        '3.3.1',
      ],
      [
        'HA standby',
        HA,
        '{ fault: host-crash, target: device-b, when: { step: install, host: device-a }, duration: 30m }, { fault: host-crash, target: device-a, when: { at: 45m }, duration: 10m }',
        'device-a',
        '9.1.0',
      ],
    ])('%s', (_, system, faults, host, version) => {
      const body = `${system}faults: [ ${faults} ]\n`;
      const again = run(body);
      const kept = run(`${body}recovery: { install-again-after-crash: false }\n`);
      const installs = (report: Report) =>
        report.steps.filter(
          (s) =>
            s.host === host &&
            s.action === 'install' &&
            s.version === version &&
            s.status === 'done',
        );
      // By default the install lost with the crash is done again, said to be the assumption
      // the key changes.
      const second = installs(again)[1];
      expect(installs(again)).toHaveLength(2);
      expect(second?.source).toMatchObject({
        kind: 'assumption',
        key: 'recovery.install-again-after-crash',
      });
      // With the key off, one install; the restart after it boots the version it installed.
      expect(installs(kept)).toHaveLength(1);
      const reboot = kept.steps.find((s) => s.host === host && s.action === 'reboot');
      expect(reboot?.status).toBe('done');
      expect(kept.hosts.find((h) => h.name === host)?.version).toBe(kept.path.at(-1));
      expect(kept.outcome).toBe('completed');
    });
  });

  describe('crashes at any moment of a SERVERware hop (found by crashing each host at every 2m30s)', () => {
    const MIRROR_32 = 'system: serverware\ntopology: mirror\nversion: { from: 3.2.4 }\nvps: [v1]\n';
    const MIRROR_45 = 'system: serverware\ntopology: mirror\nversion: { from: 4.5.0 }\nvps: [v1]\n';

    it('starts no planned failover while the Secondary is taking over a crashed Primary', () => {
      // storage-1 (Primary) down 1h2m30s–1h12m30s; storage-2, verified at 1h10m, takes over.
      const report = run(
        `${MIRROR_45}faults: [ { fault: host-crash, target: storage-1, when: { at: 3750s }, duration: 10m } ]\n`,
      );
      // Before: the planned failover started at 1h13m30s, mid-takeover, handed the role back to
      // storage-1, which was then upgraded while Primary (no-maintenance-on-active, procedure).
      const install = report.steps.find((s) => s.action === 'install' && s.host === 'storage-1');
      expect(install?.start).toBe(85 * 60_000);
      expect(report.invariants.filter((i) => !i.holds).map((i) => i.id)).toEqual([
        'one-member-down-at-a-time',
      ]);
      expect(report.outcome).toBe('completed');
    });

    it('counts a hop whose check a crash cut short as reached once the host is checked again', () => {
      const report = run(
        `${MIRROR_32}faults: [ { fault: host-crash, target: storage-2, when: { at: 4200s }, duration: 10m } ]\n`,
      );
      expect(report.path).toEqual(['3.3.1', '4.8.2', '5.2.1']);
    });

    it('blames on the fault, not the procedure, a Secondary checked again while the Primary crashed at that instant', () => {
      const report = run(
        `${MIRROR_32}faults: [ { fault: host-crash, target: storage-2, when: { at: 4200s }, duration: 10m }, { fault: host-crash, target: storage-1, when: { at: 4800s }, duration: 20m } ]\n`,
      );
      const causes = report.invariants.flatMap((i) => i.violations.map((v) => v.cause));
      expect(causes).not.toContain('procedure');
      expect(report.outcome).toBe('completed');
    });

    it('settles when the host taking over at the end crashes and the other one comes back', () => {
      // The last check ends at 5h25m with storage-2 (Primary) down since 5h20m: storage-1 takes
      // over, crashes at 5h30m, when storage-2 is back. Before: stuck, no Primary at all.
      const report = run(
        `${MIRROR_32}faults: [ { fault: host-crash, target: storage-2, when: { at: 19200s }, duration: 10m }, { fault: host-crash, target: storage-1, when: { at: 19800s }, duration: 20m } ]\n`,
      );
      expect(report.outcome).toBe('completed');
      expect(report.hosts.filter((h) => h.role === 'primary').map((h) => h.name)).toHaveLength(1);
      expect(report.invariants.find((i) => i.id === 'settles')?.holds).toBe(true);
    });
  });
});
