import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseScenario, simulate, type Report, type StepRecord } from './index';

/**
 * `boot-failure`: "the host does not boot the new version" (docs/faults-and-recoveries.md). It
 * strikes a restart into a version the host moves up to, never the restart after a rollback or
 * a restore, which boots the version the host ran before: a boot failure aimed at a hop's reboot
 * whose install had failed struck the restore's reboot instead and left the run stuck, "the host
 * did not boot the new version".
 */

function run(text: string): Report {
  return simulate(parseScenario(text, 'case.yaml')).report;
}

/** The failed restarts of a report that booted no newer version: the last staging step on their host was a rollback or a restore. */
function failedOldBoots(steps: readonly StepRecord[]): string[] {
  const staged = new Map<string, StepRecord>();
  const wrong: string[] = [];
  for (const step of [...steps].sort((a, b) => (a.start ?? 0) - (b.start ?? 0) || a.seq - b.seq)) {
    if (step.host === undefined || step.start === undefined) continue;
    if (['install', 'rollback', 'restore'].includes(step.action) && step.status === 'done')
      staged.set(step.host, step);
    if (step.action === 'reboot') {
      const before = staged.get(step.host);
      if (step.status === 'failed' && before !== undefined && before.action !== 'install')
        wrong.push(`${step.seq} reboot ${step.host} after ${before.seq} ${before.action}`);
      staged.delete(step.host);
    }
  }
  return wrong;
}

const TWO_HOPS = `name: two hops
system: standalone
version: { from: 1.0.0, path: [2.0.0, 3.0.0] }
faults:
  - { fault: upgrade-failure, target: server, when: { step: install, hop: 1 } }
  - { fault: boot-failure, target: server, when: { step: reboot, hop: 1 } }
`;

describe('a boot failure strikes only a restart into a new version', () => {
  it('aimed at the reboot of a hop whose install failed, it leaves the restore’s reboot alone and says why it never fired', () => {
    const report = run(TWO_HOPS);
    expect(report.outcome).toBe('rolled-back');
    expect(report.reason).toMatch(/the installation failed/);
    expect(report.reason).not.toMatch(/new version/);
    expect(failedOldBoots(report.steps)).toEqual([]);
    expect(report.warnings).toContain(
      'faults[1] (boot-failure on server) never fired: no step reboot of hop 1 booted a new version on server (a restart after a rollback or a restore boots the version the host ran before, which it does not strike)',
    );
  });

  it('aimed at a reboot that boots the new version, it still strikes it', () => {
    const report = run(TWO_HOPS.replace(/install, hop: 1/, 'install, hop: 2'));
    expect(report.outcome).toBe('rolled-back');
    expect(report.reason).toMatch(
      /^reboot on server failed; .*the host did not boot the new version/,
    );
    expect(report.warnings.some((line) => line.startsWith('faults[1]'))).toBe(false);
  });

  it('timed after a failed install, it waits for a restart into a new version on every built-in procedure: a rollback’s or a restore’s restart never fails', () => {
    const dir = 'scenarios';
    const files = readdirSync(dir).filter(
      (file) => file.endsWith('.yaml') && file !== 'serverware-cluster-large.yaml',
    );
    let cases = 0;
    for (const file of files) {
      const base = readFileSync(`${dir}/${file}`, 'utf8').replace(
        /^(faults|expect):[\s\S]*?(?=^\S|$(?![\s\S]))/gm,
        '',
      );
      const plain = run(base);
      const installs = plain.steps.filter(
        (step) => step.action === 'install' && step.host !== undefined && step.end !== undefined,
      );
      for (const install of installs.slice(0, 8)) {
        const report = run(
          `${base}\nfaults:\n  - { fault: upgrade-failure, target: ${install.host}, when: { step: install, hop: ${install.hop} } }\n  - { fault: boot-failure, target: ${install.host}, when: { at: ${formatDuration((install.end ?? 0) + 1000)} } }\n`,
        );
        cases++;
        expect(failedOldBoots(report.steps), `${file}: install ${install.seq}`).toEqual([]);
        if (report.outcome === 'stuck')
          expect(report.reason, `${file}: install ${install.seq}`).not.toMatch(/new version/);
      }
    }
    expect(cases).toBeGreaterThan(40);
  });
});
