/**
 * Hostile and careless files given to the command line: devices, pipes, huge and sparse files,
 * links planted where Rehearse writes, destinations that cannot take a file. Cases that would
 * hang a process run the built CLI in a child with a hang guard; the rest run in-process.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cli,
  hasStackTrace,
  HA_PAIR,
  MIRROR,
  PRIMARY_FIRST,
  workspace,
  type Workspace,
} from './helpers';

/** A hang guard, not a speed target: each refused input takes well under a second. */
const HANG_GUARD_MS = 15_000;

let ws: Workspace;
/** A copy of the built CLI in a tree of its own, whose `scenarios/` the tests fill. */
let cliCopy: string;

beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  ws = workspace();
  mkdirSync(join(ws.dir, 'tree/dist'), { recursive: true });
  cliCopy = join(ws.dir, 'tree/dist/cli.mjs');
  copyFileSync('dist/cli.mjs', cliCopy);
}, 60_000);

afterAll(() => ws?.cleanup());

/** Runs the built CLI in a child, killed after the hang guard. */
function rehearse(args: readonly string[], options: { cwd?: string; bin?: string } = {}) {
  const result = spawnSync(process.execPath, [options.bin ?? cliCopy, ...args], {
    encoding: 'utf8',
    cwd: options.cwd ?? ws.dir,
    timeout: HANG_GUARD_MS,
    killSignal: 'SIGKILL',
  });
  expect(result.signal, `still running after ${HANG_GUARD_MS} ms: killed (a hang)`).toBeNull();
  return result;
}

/** The one line the CLI prints for a refused input. */
function expectOneLine(stderr: string, pattern: RegExp): void {
  expect(hasStackTrace(stderr), stderr).toBe(false);
  expect(stderr).not.toMatch(/internal error/);
  expect(stderr.endsWith('\n') && !stderr.slice(0, -1).includes('\n'), `one line: ${stderr}`).toBe(
    true,
  );
  expect(stderr.trimEnd()).toMatch(pattern);
}

const fifo = (path: string): void => {
  const made = spawnSync('mkfifo', [path]);
  expect(made.status, String(made.stderr)).toBe(0);
};

describe('files that are not regular files', () => {
  it.each([
    ['/dev/zero', 'a character device'],
    ['/dev/urandom', 'a character device'],
  ])('should refuse %s as %s without reading it', (device, kind) => {
    const result = rehearse(['run', device]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expectOneLine(
      result.stderr,
      new RegExp(`^${device}: cannot read: it is ${kind}, not a regular file$`, 'm'),
    );
  });

  it('should refuse a link to /dev/zero, a FIFO and a link to a FIFO, saying what each is', () => {
    symlinkSync('/dev/zero', join(ws.dir, 'zero.yaml'));
    fifo(join(ws.dir, 'pipe.yaml'));
    symlinkSync(join(ws.dir, 'pipe.yaml'), join(ws.dir, 'to-pipe.yaml'));
    for (const [file, kind] of [
      ['zero.yaml', 'a character device'],
      ['pipe.yaml', 'a named pipe \\(FIFO\\)'],
      ['to-pipe.yaml', 'a named pipe \\(FIFO\\)'],
    ] as const) {
      for (const command of ['run', 'plan', 'explore']) {
        const result = rehearse([command, file]);
        expect(result.status, `${command} ${file}`).toBe(2);
        expectOneLine(
          result.stderr,
          new RegExp(`^${file}: cannot read: it is ${kind}, not a regular file$`),
        );
      }
    }
  }, 60_000);

  it('should list the built-in folder with a FIFO, a link to /dev/zero and a link loop in it', () => {
    const dir = join(ws.dir, 'tree/scenarios');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'pair.yaml'), HA_PAIR);
    fifo(join(dir, 'pipe.yaml'));
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    symlinkSync('..', join(dir, 'sub/loop'));
    const result = rehearse(['list', '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const entries = JSON.parse(result.stdout) as { file: string; name?: string; error?: string }[];
    const byFile = new Map(
      entries.map((entry) => [entry.file.replace(/^.*scenarios\//, ''), entry]),
    );
    expect([...byFile.keys()].sort()).toEqual(['pair.yaml', 'pipe.yaml', 'zero.yaml']);
    expect(byFile.get('pair.yaml')?.name).toBe('HA pair with preemption');
    expect(byFile.get('pipe.yaml')?.error).toMatch(
      /it is a named pipe \(FIFO\), not a regular file$/,
    );
    expect(byFile.get('zero.yaml')?.error).toMatch(/it is a character device, not a regular file$/);
  });
});

describe('files past the size limit', () => {
  it('should refuse a 2 GB sparse file from its size, with the size and the limit in bytes', () => {
    const file = join(ws.dir, 'sparse.yaml');
    writeFileSync(file, '');
    truncateSync(file, 2 ** 31);
    const result = rehearse(['run', 'sparse.yaml']);
    expect(result.status).toBe(2);
    expectOneLine(
      result.stderr,
      /^sparse\.yaml: cannot read: the file is 2,147,483,648 bytes; the limit is 16,777,216 bytes \(16 MiB\)/,
    );
  });

  it('should give the exact size of a file just past the limit', async () => {
    const file = ws.write('huge.yaml', `name: x\n#${'y'.repeat(17_000_000 - 10)}\n`);
    expect(readFileSync(file).length).toBe(17_000_000);
    const result = await cli(['run', file]);
    expect(result.status).toBe(2);
    expectOneLine(
      result.stderr,
      /: cannot read: the file is 17,000,000 bytes; the limit is 16,777,216 bytes \(16 MiB\): give large numbers of hosts or VPSs as counts$/,
    );
  });
});

describe('files that are not UTF-8 text', () => {
  it('should refuse binary junk, UTF-16 and Latin-1 as not text, echoing none of it', () => {
    // Before: each was parsed, and the message echoed its junk back: `1:1: … this document is
    // the text "��\u0000n\u0000a"`.
    const junk = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 97 + 13) % 256));
    writeFileSync(join(ws.dir, 'junk.yaml'), junk);
    writeFileSync(join(ws.dir, 'utf16.yaml'), Buffer.from('name: x\n', 'utf16le'));
    writeFileSync(join(ws.dir, 'utf16-bom.yaml'), Buffer.from('\ufeffname: x\n', 'utf16le'));
    writeFileSync(join(ws.dir, 'latin1.yaml'), Buffer.from('name: caf\u00e9\n', 'latin1'));
    const expected: Record<string, RegExp> = {
      'junk.yaml': /^junk\.yaml: cannot read: it is not UTF-8 text \(/,
      'utf16.yaml':
        /^utf16\.yaml: cannot read: it is not text: byte 1 is NUL, as in a binary file or UTF-16 text/,
      'utf16-bom.yaml': /^utf16-bom\.yaml: cannot read: it is not UTF-8 text \(/,
      'latin1.yaml': /^latin1\.yaml: cannot read: it is not UTF-8 text \(/,
    };
    for (const [file, message] of Object.entries(expected)) {
      const result = rehearse(['run', file]);
      expect(result.status, file).toBe(2);
      expectOneLine(result.stderr, message);
    }
  });
});

describe('where --save and --update write', () => {
  it('should refuse a --save folder under /proc at once, before exploring', () => {
    const file = ws.write('mirror.yaml', MIRROR);
    const result = rehearse(['explore', file, '--save', '/proc/rehearse-x', '--workers', '1']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expectOneLine(
      result.stderr,
      /^rehearse explore: --save \/proc\/rehearse-x: cannot create the folder/,
    );
  });

  it('should say that /proc takes no new files, not that a part of its path is missing', () => {
    // Before: "cannot write into /proc: a part of the path does not exist".
    const file = ws.write('mirror.yaml', MIRROR);
    const result = rehearse(['run', file, '--samples', '2', '--svg', '/proc/rehearse-x.svg']);
    expect(result.status).toBe(2);
    expectOneLine(
      result.stderr,
      /^rehearse run: --svg \/proc\/rehearse-x\.svg: cannot write into \/proc: the file system there takes no new files$/,
    );
  });

  it('should refuse a --save that is a file, before exploring, in words', async () => {
    const file = ws.write('first.yaml', PRIMARY_FIRST);
    ws.write('not-a-folder', 'x');
    let explored = false;
    const result = await cli(['explore', file, '--save', join(ws.dir, 'not-a-folder')], {
      runShards: () => {
        explored = true;
        return Promise.resolve([]);
      },
      cores: 2,
    });
    expect(result.status).toBe(2);
    expect(explored).toBe(false);
    expectOneLine(result.stderr, /--save .*not-a-folder: it is a file, not a folder$/);
  });

  it('should refuse a --save folder whose parent is a file', async () => {
    const file = ws.write('first2.yaml', PRIMARY_FIRST);
    ws.write('plain', 'x');
    const result = await cli(['explore', file, '--save', join(ws.dir, 'plain/sub')]);
    expect(result.status).toBe(2);
    expectOneLine(result.stderr, /plain is a file, not a folder$/);
  });

  it.runIf(process.getuid?.() !== 0)(
    'should refuse a read-only folder for --save and --update',
    async () => {
      const file = ws.write('ro/mirror.yaml', MIRROR);
      chmodSync(join(ws.dir, 'ro'), 0o555);
      try {
        const save = await cli(['explore', file, '--save', join(ws.dir, 'ro')]);
        expect(save.status).toBe(2);
        expectOneLine(save.stderr, /cannot write into .*ro: permission denied$/);
        const update = await cli(['run', '--update', file]);
        expect(update.status).toBe(2);
        expectOneLine(
          update.stderr,
          /^rehearse run: --update .*mirror\.summary\.json: cannot write into .*ro: permission denied$/,
        );
      } finally {
        chmodSync(join(ws.dir, 'ro'), 0o755);
      }
    },
  );

  it('should refuse a --save folder the file system will not take (/sys)', () => {
    const file = ws.write('mirror-sys.yaml', MIRROR);
    const result = rehearse(['explore', file, '--save', '/sys/rehearse-x', '--workers', '1']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expectOneLine(
      result.stderr,
      /^rehearse explore: --save \/sys\/rehearse-x: cannot create the folder \/sys\/rehearse-x: /,
    );
  });

  it('should say in one line which file could not be written when a write fails late', async () => {
    const file = ws.write('late/mirror.yaml', MIRROR);
    const denied = (): never => {
      throw Object.assign(new Error('EACCES: permission denied, open …'), { code: 'EACCES' });
    };
    const update = await cli(['run', '--update', file], { writeFile: denied });
    expect(update.status).toBe(2);
    expectOneLine(
      update.stderr,
      /^rehearse run: cannot write .*late\/mirror\.summary\.json: permission denied$/,
    );
    const first = ws.write('late/first.yaml', PRIMARY_FIRST);
    const save = await cli(['explore', first, '--save', join(ws.dir, 'late/saved')], {
      writeFile: denied,
    });
    expect(save.status).toBe(2);
    expectOneLine(
      save.stderr,
      /^rehearse explore: cannot write .*first--[a-z-]+\.yaml: permission denied$/,
    );
  });

  it('should refuse a summary path that is a folder before running', async () => {
    const file = ws.write('dirsum/mirror.yaml', MIRROR);
    mkdirSync(join(ws.dir, 'dirsum/mirror.summary.json'));
    const result = await cli(['run', '--update', file]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expectOneLine(
      result.stderr,
      /mirror\.summary\.json: it is a directory, not a file that can be replaced$/,
    );
  });

  it('should refuse two files that share one golden summary, naming both, and write nothing', async () => {
    const yaml = ws.write('clash/col.yaml', MIRROR);
    const json = ws.write(
      'clash/col.json',
      JSON.stringify({ name: 'x', system: 'ha-pair', version: { from: '9.0.1', to: '9.1.0' } }),
    );
    const result = await cli(['run', '--update', yaml, json]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${yaml} and ${json} would both write`);
    expect(result.stderr).toContain('col.summary.json');
    expect(existsSync(join(ws.dir, 'clash/col.summary.json'))).toBe(false);
  });
});

describe('temporary files', () => {
  it('should never follow a link planted at a temporary name, nor leave a temporary file', () => {
    const dir = join(ws.dir, 'planted');
    mkdirSync(dir);
    writeFileSync(join(dir, 'mirror.yaml'), MIRROR);
    const victim = join(ws.dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    // The names a process-id scheme would use, for the next few hundred processes.
    const last = Number(readFileSync('/proc/sys/kernel/ns_last_pid', 'utf8'));
    for (let pid = last; pid < last + 400; pid++)
      symlinkSync(victim, join(dir, `.mirror.summary.json.${pid}.tmp`));
    const result = rehearse(['run', '--update', 'mirror.yaml'], { cwd: dir });
    expect(result.stderr).toBe('updated mirror.summary.json\n');
    expect(result.status).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(lstatSync(join(dir, 'mirror.summary.json')).isFile()).toBe(true);
    const left = readdirSync(dir).filter((name) => name.endsWith('.tmp'));
    expect(left.every((name) => lstatSync(join(dir, name)).isSymbolicLink())).toBe(true);
    expect(left).toHaveLength(400);
  });
});

describe('long commands', () => {
  it('should print no progress when stderr is not a terminal', () => {
    const file = ws.write('quiet-pair.yaml', HA_PAIR);
    const result = rehearse(['explore', file, '--random', '20', '--workers', '2']);
    expect(result.stderr).toBe('');
    expect([0, 1]).toContain(result.status);
  }, 60_000);

  it('should show progress and an estimate on a terminal, and stop cleanly on Ctrl-C', async () => {
    ws.write('long-pair.yaml', HA_PAIR);
    // `script` gives the CLI a terminal; its output is what the terminal received.
    const child = spawn(
      'script',
      [
        '-qfec',
        `${process.execPath} ${cliCopy} explore long-pair.yaml --random 10000000 --workers 2`,
        '/dev/null',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], cwd: ws.dir },
    );
    let seen = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (seen += chunk));
    const deadline = Date.now() + HANG_GUARD_MS;
    while (!/ left · Ctrl-C stops/.test(seen) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).toMatch(/exploring long-pair\.yaml: \d+\.\d% · about \S+ left · Ctrl-C stops/);
    // Said up front, on a line of its own that stays: the whole exploration at the first pace.
    expect(seen).toMatch(
      /exploring long-pair\.yaml: 10,000,000 random runs will take about \S+ at the pace of the first \S+\r?\n/,
    );
    const ended = new Promise<number | null>((resolve) => child.once('close', resolve));
    // Ctrl-C reaches the CLI, the child of `script`'s shell, as SIGINT.
    const pids = spawnSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' }).stdout;
    const targets = pids.split('\n').filter(Boolean).map(Number);
    const grandchildren = targets.flatMap((pid) =>
      spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter(Boolean)
        .map(Number),
    );
    for (const pid of [...targets, ...grandchildren]) {
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        // Already gone.
      }
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), HANG_GUARD_MS);
    const status = await ended;
    clearTimeout(timer);
    expect(seen).toContain('rehearse: interrupted');
    expect(status).toBe(130);
  }, 60_000);

  it('should say up front how long a long exploration will take when stderr is not a terminal', async () => {
    ws.write('long-log.yaml', HA_PAIR);
    // As in a CI job: stderr is a pipe, so no status line, but the estimate is a line that stays.
    const child = spawn(
      process.execPath,
      [cliCopy, 'explore', 'long-log.yaml', '--random', '10000000', '--workers', '2'],
      { stdio: ['ignore', 'pipe', 'pipe'], cwd: ws.dir },
    );
    let seen = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (seen += chunk));
    const ended = new Promise<number | null>((resolve) => child.once('close', resolve));
    const deadline = Date.now() + HANG_GUARD_MS;
    while (!seen.includes('\n') && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGKILL');
    await ended;
    expect(seen).toMatch(
      /^exploring long-log\.yaml: 10,000,000 random runs will take about \S+ at the pace of the first \S+\n$/,
    );
  }, 60_000);
});
