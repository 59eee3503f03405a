import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseScenario, simulate, type Report, type StepRecord } from './index';

/**
 * A fault that strikes a rollback's or a restore's restart or check says so: the host did not
 * boot, or failed the checks of, the version it was brought back to. The upgrade's own words
 * ("the host did not boot the new version", "the checks after the upgrade failed") named a
 * version the host was not booting: a boot failure aimed at the reboot of a hop whose install had
 * failed struck the restore's reboot, and the run said it was stuck because the host "did not
 * boot the new version".
 */

function run(text: string): Report {
  return simulate(parseScenario(text, 'case.yaml')).report;
}

/**
 * The words each failed restart of a report should be told in: the new version after an
 * install, the version a rollback or a restore staged otherwise.
 */
function expectedWords(steps: readonly StepRecord[]): Map<number, string> {
  const staged = new Map<string, StepRecord>();
  const words = new Map<number, string>();
  const started = steps.filter((step) => step.host !== undefined && step.start !== undefined);
  started.sort((a, b) => (a.start ?? 0) - (b.start ?? 0) || a.seq - b.seq);
  for (const step of started) {
    const host = step.host as string;
    if (['install', 'rollback', 'restore'].includes(step.action) && step.status === 'done')
      staged.set(host, step);
    if (step.action === 'reboot' && step.status === 'failed') {
      const before = staged.get(host);
      if (before !== undefined)
        words.set(
          step.seq,
          before.action === 'install'
            ? 'the host did not boot the new version'
            : `the host did not boot ${before.version ?? '?'}, the version it was brought back to`,
        );
    }
  }
  return words;
}

const TWO_HOPS = `name: two hops
system: standalone
version: { from: 1.0.0, path: [2.0.0, 3.0.0] }
faults:
  - { fault: upgrade-failure, target: server, when: { step: install, hop: 1 } }
  - { fault: boot-failure, target: server, when: { step: reboot, hop: 1 } }
`;

const HA = `name: HA pair, device-b fails its upgrade and then its rollback
system: ha-pair
version: { from: 9.0.1, to: 9.1.0 }
`;

describe('a failure on the way back says which version the host was brought back to', () => {
  it('a boot failure aimed at the reboot of a hop whose install failed strikes the restore’s reboot: stuck, the host did not boot 1.0.0', () => {
    const report = run(TWO_HOPS);
    expect(report.outcome).toBe('stuck');
    expect(report.reason).toBe(
      'recovery could not finish: reboot on server failed (the host did not boot 1.0.0, the version it was brought back to)',
    );
  });

  it('the upgrade’s own restart and check keep the upgrade’s words', () => {
    const report = run(TWO_HOPS.replace(/install, hop: 1/, 'install, hop: 2'));
    expect(report.outcome).toBe('rolled-back');
    expect(report.reason).toMatch(
      /^reboot on server failed; .*\(the host did not boot the new version\)$/,
    );
  });

  it('an HA device that fails the checks of 9.1.0 and then of 9.0.1 after its rollback: the second says 9.0.1', () => {
    const report = run(
      `${HA}faults: [ { fault: upgrade-failure, target: device-b, when: { step: verify }, times: 2 } ]\n`,
    );
    expect(report.outcome).toBe('stuck');
    expect(report.reason).toBe(
      'recovery could not finish: verify on device-b failed (the checks of 9.0.1, the version it was brought back to, failed)',
    );
  });

  it('on every built-in procedure, a boot failure timed after a failed install names the version the restart it strikes was booting', () => {
    const files = readdirSync('scenarios').filter(
      (file) => file.endsWith('.yaml') && file !== 'serverware-cluster-large.yaml',
    );
    let cases = 0;
    let wayBack = 0;
    for (const file of files) {
      const base = readFileSync(`scenarios/${file}`, 'utf8').replace(
        /^(faults|expect):[\s\S]*?(?=^\S|$(?![\s\S]))/gm,
        '',
      );
      const installs = run(base).steps.filter(
        (step) => step.action === 'install' && step.host !== undefined && step.end !== undefined,
      );
      for (const install of installs.slice(0, 8)) {
        const report = run(
          `${base}\nfaults:\n  - { fault: upgrade-failure, target: ${install.host}, when: { step: install, hop: ${install.hop} } }\n  - { fault: boot-failure, target: ${install.host}, when: { at: ${formatDuration((install.end ?? 0) + 1000)} } }\n`,
        );
        cases++;
        const words = expectedWords(report.steps);
        const told = [report.reason ?? '', ...report.decisions.map((d) => JSON.stringify(d))];
        for (const [seq, expected] of words) {
          const step = report.steps.find((s) => s.seq === seq);
          const mentions = told.filter((text) =>
            text.includes(`reboot on ${step?.host ?? '?'} failed`),
          );
          for (const text of mentions) {
            expect(text, `${file}: install ${install.seq}, reboot ${seq}`).toContain(expected);
            if (expected.includes('brought back')) wayBack++;
          }
        }
      }
    }
    expect(cases).toBeGreaterThan(40);
    // Restarts on the way back were struck and told (single server and HA pair).
    expect(wayBack).toBeGreaterThan(5);
  });
});
