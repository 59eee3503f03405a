import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MIRROR,
  PRIMARY_FIRST,
  hasStackTrace,
  withoutEstimate,
  workspace,
  type Workspace,
} from './helpers';

let ws: Workspace;

function rehearse(...args: string[]) {
  return spawnSync(process.execPath, ['bin/rehearse.mjs', ...args], { encoding: 'utf8' });
}

beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  ws = workspace();
}, 60_000);

afterAll(() => ws?.cleanup());

describe('the built rehearse binary', () => {
  it('should run a scenario and print its JSON report', () => {
    const file = ws.write('mirror.yaml', MIRROR);
    const result = rehearse('run', file, '--json');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as {
      outcome: string;
      failovers: number;
      path: string[];
    };
    expect(report).toMatchObject({
      outcome: 'completed',
      failovers: 3,
      path: ['3.3.1', '4.8.2', '5.2.1'],
    });
  });

  it('should sample on worker threads with the same summary as on one', () => {
    const file = ws.write(
      'mirror-varying.yaml',
      `${MIRROR.trimEnd()}\ndurations: { failover: 10m..20m, install: { min: 10m, likely: 15m, max: 1h } }\n`,
    );
    const one = rehearse('run', file, '--samples', '30', '--json', '--workers', '1');
    const two = rehearse('run', file, '--samples', '30', '--json', '--workers', '2');
    expect(one.status, one.stderr).toBe(0);
    expect(two.status, two.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect((JSON.parse(one.stdout) as { samples: number }).samples).toBe(30);
  }, 60_000);

  it('should sweep on worker threads with the same table as on one, runs of several points per worker', () => {
    const file = ws.write(
      'mirror-sweep.yaml',
      `${MIRROR.trimEnd()}\ndurations: { failover: 10m..20m }\n`,
    );
    const args = ['sweep', file, '--set', 'vps=1..3', '--set', 'durations.install=10m,20m'];
    const one = rehearse(...args, '--samples', '5', '--json', '--workers', '1');
    const three = rehearse(...args, '--samples', '5', '--json', '--workers', '3');
    expect(one.status, one.stderr).toBe(0);
    expect(three.status, three.stderr).toBe(0);
    expect(three.stdout).toBe(one.stdout);
    expect((JSON.parse(one.stdout) as { points: number }).points).toBe(6);
  }, 60_000);

  it('should explore on worker threads with the same findings as on one', () => {
    const file = ws.write('mirror-explore.yaml', MIRROR);
    const one = rehearse('explore', file, '--json', '--workers', '1');
    const two = rehearse('explore', file, '--json', '--workers', '2');
    expect(withoutEstimate(one.stderr)).toBe('');
    expect(withoutEstimate(two.stderr)).toBe('');
    expect(two.status).toBe(one.status);
    expect(two.stdout).toBe(one.stdout);
    expect((JSON.parse(two.stdout) as { runs: number }).runs).toBeGreaterThan(50);
  }, 60_000);

  it('should explore several files on the same workers, each as if explored alone', () => {
    const files = [
      ws.write('several/mirror.yaml', MIRROR),
      ws.write('several/primary-first.yaml', PRIMARY_FIRST),
    ];
    const together = rehearse('explore', ...files, '--json', '--workers', '2');
    expect(withoutEstimate(together.stderr)).toBe('');
    expect(together.status).toBe(1);
    const results = JSON.parse(together.stdout) as unknown[];
    expect(results).toHaveLength(2);
    for (const [index, file] of files.entries()) {
      const alone = rehearse('explore', file, '--json', '--workers', '1');
      expect(JSON.stringify(results[index])).toBe(JSON.stringify(JSON.parse(alone.stdout)));
    }
  }, 120_000);

  it('should set the exit status from the run', () => {
    const failing = rehearse('run', ws.write('primary-first.yaml', PRIMARY_FIRST));
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain('✗ no-maintenance-on-active');
    const invalid = rehearse('run', ws.write('bad.yaml', 'name: x\nsystem: [serverware\n'));
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toMatch(/bad\.yaml:\d+:\d+: /);
    expect(hasStackTrace(invalid.stderr)).toBe(false);
    expect(rehearse('--version').stdout).toMatch(/^rehearse \d+\.\d+\.\d+\n$/);
  });

  it('should end quietly when the reader closes the pipe early', () => {
    const file = ws.write('pipe.yaml', MIRROR);
    // Well over a pipe buffer of output, of which `head` reads one line.
    const files = Array.from({ length: 40 }, () => file).join(' ');
    const result = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" bin/rehearse.mjs run ${files} --trace | head -1; exit "\${PIPESTATUS[0]}"`,
      ],
      { encoding: 'utf8' },
    );
    expect(result.stdout).toMatch(/^✓ SERVERware Mirror from 3\.2\.4/);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // Forty runs of a real process: a hang guard, not a speed target.
  }, 60_000);
});
