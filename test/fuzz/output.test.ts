import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspace, type Workspace } from '../cli/helpers';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/rehearse.mjs');

/** Big enough that the golden summary is several megabytes (one line per VPS). */
const BIG = `name: Cluster with 300,000 VPSs
system: serverware
topology: cluster
version: { from: 4.5.0 }
vps: 300000
`;

let ws: Workspace;

beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build-cli.mjs'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(build.status, build.stderr).toBe(0);
  ws = workspace();
}, 60_000);

afterAll(() => ws?.cleanup());

interface Killed {
  /** The summary file's content after the process ended, or undefined when there is none. */
  readonly summary: string | undefined;
  readonly signal: NodeJS.Signals | null;
}

/**
 * Runs `rehearse run --update FILE` and kills it with SIGKILL after `delayMs`, or (`delayMs`
 * undefined) as soon as anything changes in the folder: the moment a write starts.
 */
function killDuringUpdate(dir: string, file: string, delayMs: number | undefined): Promise<Killed> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'run', '--update', file], {
      cwd: dir,
      stdio: 'ignore',
    });
    const kill = () => child.kill('SIGKILL');
    const watcher = delayMs === undefined ? watch(dir, kill) : undefined;
    const timer = delayMs === undefined ? undefined : setTimeout(kill, delayMs);
    child.once('close', (_code, signal) => {
      watcher?.close();
      clearTimeout(timer);
      const path = join(dir, file.replace(/\.yaml$/, '.summary.json'));
      resolve({ summary: existsSync(path) ? readFileSync(path, 'utf8') : undefined, signal });
    });
  });
}

/** A deterministic sequence of fractions in [0, 1). */
function fractions(count: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  });
}

describe('rehearse run --update', () => {
  it('should leave the old summary whole or write the new one, whenever it is killed', async () => {
    const dir = join(ws.dir, 'atomic');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'big.yaml'), BIG);
    const summaryPath = join(dir, 'big.summary.json');

    // The new content, and how long a whole run takes.
    const started = performance.now();
    const full = spawnSync(process.execPath, [BIN, 'run', '--update', 'big.yaml'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const runMs = performance.now() - started;
    expect(full.status, full.stderr).toBe(0);
    const fresh = readFileSync(summaryPath, 'utf8');
    expect(fresh.length).toBeGreaterThan(5_000_000);
    const old = `${JSON.stringify({ scenario: 'the old summary', steps: ['1 precheck: done'] }, null, 2)}\n`;

    // Twice at the first change in the folder (the write starting), then at random moments.
    const delays = [undefined, undefined, ...fractions(5, 7).map((f) => f * runMs * 1.1)];
    const seen = new Set<string>();
    for (const delay of delays) {
      writeFileSync(summaryPath, old);
      const { summary, signal } = await killDuringUpdate(dir, 'big.yaml', delay);
      const which = summary === old ? 'old' : summary === fresh ? 'new' : 'partial';
      seen.add(which);
      expect(
        which,
        `killed ${delay === undefined ? 'as the write started' : `after ${Math.round(delay)} ms`} (${signal ?? 'not killed'}): the summary is ${summary === undefined ? 'missing' : `${summary.length} characters`}`,
      ).not.toBe('partial');
    }
    // At least one kill landed before the rename: the old file survived it.
    expect(seen.has('old')).toBe(true);
  }, 120_000);

  it('should say in one line, exit 2 and clean up when the summary cannot be replaced', () => {
    const dir = join(ws.dir, 'blocked');
    mkdirSync(join(dir, 'x.summary.json', 'inside'), { recursive: true });
    writeFileSync(join(dir, 'x.yaml'), BIG.replace('vps: 300000', 'vps: 2'));
    const result = spawnSync(process.execPath, [BIN, 'run', '--update', 'x.yaml'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(dir).sort()).toEqual(['x.summary.json', 'x.yaml']);
    expect(readdirSync(join(dir, 'x.summary.json'))).toEqual(['inside']);
  });
});

describe('piping into a reader that stops early', () => {
  const commands: readonly (readonly string[])[] = [
    ['run', '--json', 'scenarios/serverware-cluster-large.yaml'],
    ['explore', '--json', 'scenarios/standalone.yaml'],
    ['plan', '--markdown', 'scenarios/serverware-cluster-large.yaml'],
    ['list'],
  ];
  // `head -1` reads a line and leaves; `head -n 0` leaves before the first write.
  it.each(
    commands.flatMap((argv) =>
      ['head -1', 'head -n 0'].map((reader) => [argv.join(' '), reader] as const),
    ),
  )(
    'should end quietly: rehearse %s | %s',
    (args, reader) => {
      const result = spawnSync(
        'bash',
        [
          '-c',
          `"${process.execPath}" bin/rehearse.mjs ${args} | ${reader}; echo "status \${PIPESTATUS[0]} \${PIPESTATUS[1]}" >&2`,
        ],
        { cwd: ROOT, encoding: 'utf8' },
      );
      expect(result.status).toBe(0);
      // Nothing but the statuses this test itself prints: rehearse's, then the reader's.
      expect(result.stderr).toBe('status 0 0\n');
    },
    60_000,
  );
});
