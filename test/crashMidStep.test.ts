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
});
