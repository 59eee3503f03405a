import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STANDALONE, workspace, type Workspace } from './helpers';

let ws: Workspace;
const BIN = resolve('bin/rehearse.mjs');
/** Generous: the machine may be busy with other work. */
const WAIT_MS = 30_000;

beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  ws = workspace();
}, 60_000);
afterAll(() => ws?.cleanup());

/** A running `rehearse` whose output is collected, with a way to wait for some of it. */
function start(args: readonly string[]) {
  const child: ChildProcess = spawn(process.execPath, [BIN, ...args], { cwd: ws.dir });
  const output = { stdout: '', stderr: '' };
  const waiters: (() => void)[] = [];
  const notify = (): void => {
    for (const waiter of [...waiters]) waiter();
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
    notify();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString();
    notify();
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  /** Resolves once `ready` holds for the output so far; fails with the output after WAIT_MS. */
  const until = (what: string, ready: (out: typeof output) => boolean): Promise<void> =>
    new Promise((done, fail) => {
      const check = (): void => {
        if (!ready(output)) return;
        clearTimeout(timer);
        waiters.splice(waiters.indexOf(check), 1);
        done();
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(check), 1);
        fail(
          new Error(
            `no ${what} within ${WAIT_MS} ms; stdout:\n${output.stdout}\nstderr:\n${output.stderr}`,
          ),
        );
      }, WAIT_MS);
      waiters.push(check);
      check();
    });
  return { child, output, until, exited };
}

const count = (text: string, part: string): number => text.split(part).length - 1;

describe('rehearse run --watch', () => {
  it('should run again on each save, report a bad file and wait, and stop on Ctrl-C with 130', async () => {
    const file = ws.write('watched.yaml', STANDALONE);
    const run = start(['run', 'watched.yaml', '--watch', '--quiet']);
    const watching = (n: number) => (out: { stderr: string }) =>
      count(out.stderr, 'watching ') >= n;
    try {
      await run.until('first run', watching(1));
      expect(run.output.stdout).toContain('✓ Single server, two versions');

      writeFileSync(file, `${STANDALONE}expect: { outcom: completed }\n`);
      await run.until('error for the bad file', watching(2));
      expect(run.output.stderr).toContain('watched.yaml changed: running again');
      expect(run.output.stderr).toMatch(/watched\.yaml:\d+:11: expect\.outcom: unknown key/);
      expect(run.child.exitCode).toBeNull();

      writeFileSync(file, STANDALONE.replace('two versions', 'renamed'));
      await run.until('run after the fix', (out) => out.stdout.includes('Single server, renamed'));
      await run.until('waiting again', watching(3));

      // The golden summary beside it is followed too.
      writeFileSync(join(ws.dir, 'watched.summary.json'), '{}\n');
      await run.until('run after the summary changed', (out) =>
        out.stdout.includes('the run differs from its golden summary'),
      );
      await run.until('waiting again', watching(4));
    } finally {
      run.child.kill('SIGINT');
    }
    expect(await run.exited).toBe(130);
    expect(run.output.stderr).toContain('rehearse: interrupted');
  }, 120_000);

  it('should refuse standard input and --update', () => {
    for (const args of [
      ['run', '-', '--watch'],
      ['run', 'x.yaml', '--watch', '--update'],
    ]) {
      const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ws.dir, encoding: 'utf8' });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/--watch/);
    }
  });
});
