import { describe, expect, it } from 'vitest';
import { parseScenario, simulate, type Report } from '../src/sim';

/**
 * The operators' steps that act on hosts without a host of their own to run them — a backup, a
 * preemption setting — cannot act on a host that is down: the procedure waits for it, and one
 * that a crash interrupts is done again once the host is back (Rehearse's assumption; the
 * documents are silent). Before, a backup of a crashed server was "done" and later restored.
 */

const HA = `system: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\nservices: [vpn]\n`;
const SINGLE = `system: standalone\nversion: { from: 2.0.0, to: 2.1.0 }\nservices: [app]\n`;

function run(body: string): Report {
  return simulate(parseScenario(`name: case\n${body}`, 'case.yaml')).report;
}

/** `5 backup failed 0m–15m assumption` for each step of the report, in words. */
function steps(report: Report, action: string): string[] {
  return report.steps
    .filter((step) => step.action === action)
    .map(
      (step) =>
        `${step.seq} ${step.status} ${(step.start ?? 0) / 60_000}m–${(step.end ?? 0) / 60_000}m ${step.source.kind}`,
    );
}

/** Each host's lifecycle and preemption setting at every `preemption.set` it received. */
function preemptionSets(report: Report): string[] {
  return report.trace
    .filter((entry) => entry.event === 'preemption.set')
    .map((entry) => `${entry.actor} ${/lifecycle\.(\w+)/.exec(entry.state)?.[1] ?? '?'}`);
}

describe('a backup or a preemption setting on a host that is down', () => {
  it('should take the backup of a server a crash interrupted again once it is back', () => {
    const report = run(
      `${SINGLE}faults: [ { fault: host-crash, target: server, when: { step: backup }, duration: 20m } ]`,
    );
    // The crash at 0m for 20m: the first backup fails, the second is taken from 20m.
    expect(steps(report, 'backup')).toEqual([
      '1 failed 0m–15m document',
      '2 done 20m–35m assumption',
    ]);
    expect(report.steps[1]?.note).toMatch(/again: server went down during it/);
    expect(report.invariants.find((i) => i.id === 'backup-before-change')?.holds).toBe(true);
    expect(report.outcome).toBe('completed');
  });

  it('should wait for a device that is down before backing up both devices', () => {
    // device-a, standby after step 1's switchover, crashes at 3m for 30m.
    const report = run(
      `${HA}faults: [ { fault: host-crash, target: device-a, when: { at: 3m }, duration: 30m } ]`,
    );
    const [backup] = steps(report, 'backup');
    expect(backup).toMatch(/^5 done 33m–48m document$/);
  });

  it('should never set preemption on a device that is down, and set it once the device is back', () => {
    const report = run(
      `${HA}policy: { preemption: enabled }\nfaults: [ { fault: host-crash, target: device-a, when: { step: backup }, duration: 20m } ]`,
    );
    const sets = preemptionSets(report);
    expect(sets.length).toBeGreaterThan(0);
    expect(sets.filter((set) => / (down|consoleRecovery)$/.test(set))).toEqual([]);
    // Step 4 reached both devices: each received preemption.set off before the first install.
    const install = report.steps.find((step) => step.action === 'install')?.start ?? 0;
    const before = report.trace.filter(
      (entry) => entry.event === 'preemption.set' && entry.at <= install,
    );
    expect(new Set(before.map((entry) => entry.actor))).toEqual(new Set(['device-a', 'device-b']));
    expect(report.invariants.every((i) => i.holds)).toBe(true);
  });
});

describe('a single server’s soak and service check while the server is down', () => {
  // Back from an unplanned restart, its services are checked as after the planned one (step 6),
  // then it soaks and is tested again (step 7); tests cut short are no failed upgrade.
  it.each([
    {
      during: 'the soak',
      // The soak from 53m to 58m; the crash at its start keeps the server down until 1h38m.
      fault: '{ fault: host-crash, target: server, when: { step: wait }, duration: 45m }',
      checks: ['8 done 52m–53m document', '10 done 98m–99m assumption'],
      soaks: ['9 failed 53m–58m document', '11 done 99m–104m assumption'],
      tests: ['12 done 104m–109m document'],
      again: 11,
    },
    {
      during: 'the tests',
      // The tests from 58m to 1h3m; the crash at 1h keeps the server down until 1h30m.
      fault: '{ fault: host-crash, target: server, when: { at: 60m }, duration: 30m }',
      checks: ['8 done 52m–53m document', '11 done 90m–91m assumption'],
      soaks: ['9 done 53m–58m document', '12 done 91m–96m assumption'],
      tests: ['10 failed 58m–60m document', '13 done 96m–101m assumption'],
      again: 13,
    },
  ])(
    'should check the services, soak and only then test once a server that crashed during $during is back',
    ({ fault, checks, soaks, tests, again }) => {
      const report = run(`${SINGLE}faults: [ ${fault} ]`);
      expect(steps(report, 'check-services')).toEqual(checks);
      expect(steps(report, 'wait')).toEqual(soaks);
      expect(steps(report, 'verify')).toEqual(tests);
      expect(report.steps.find((step) => step.seq === again)?.note).toMatch(
        /again: server went down during it$/,
      );
      expect(report.decisions).toEqual([]);
      expect(report.outcome).toBe('completed');
    },
  );

  it('should check the services again once a server that crashed during the check is back', () => {
    const report = run(
      `${SINGLE}faults: [ { fault: host-crash, target: server, when: { at: 52m30s }, duration: 30m } ]`,
    );
    // The check from 52m to 53m; the crash halfway through it keeps the server down to 1h22m30s.
    expect(steps(report, 'check-services')).toEqual([
      '8 failed 52m–53m document',
      '9 done 82.5m–83.5m assumption',
    ]);
  });

  it('should mark no soak, service check or test done while the server was down, wherever a crash strikes', () => {
    const plain = run(SINGLE);
    let crashes = 0;
    for (const { start } of plain.steps) {
      if (start === undefined) continue;
      const down = 40 * 60_000;
      const report = run(
        `${SINGLE}faults: [ { fault: host-crash, target: server, when: { at: ${start / 1000}s }, duration: 40m } ]`,
      );
      crashes++;
      const done = report.steps.filter(
        (step) =>
          ['wait', 'check-services', 'verify', 'backup'].includes(step.action) &&
          step.status === 'done' &&
          (step.start ?? 0) < start + down &&
          (step.end ?? 0) > start,
      );
      expect(
        done.map((step) => `${step.seq} ${step.action}`),
        `crash at ${start / 60_000}m`,
      ).toEqual([]);
    }
    expect(crashes).toBeGreaterThan(8);
  });
});
