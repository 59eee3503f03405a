import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli, type CliIo } from '../../src/cli/cli';
import { prepareFile, prepareFolder, readTextFile, writeFileAtomic } from '../../src/cli/files';

/** What one in-process run of the CLI printed and returned. */
interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A temporary folder of scenario files, removed by `cleanup()`. */
export interface Workspace {
  readonly dir: string;
  /** Writes a file (creating folders) and returns its absolute path. */
  write(name: string, text: string): string;
  cleanup(): void;
}

export function workspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-cli-'));
  return {
    dir,
    write(name, text) {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      return path;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `rehearse ARGV` in-process with real files, captured output and the given terminal. */
export async function cli(
  argv: readonly string[],
  overrides: Partial<CliIo> = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readFile: (path) => readTextFile(path),
    listDir: (path) =>
      readdirSync(path, { withFileTypes: true }).map((entry) => ({
        name: entry.name,
        directory: entry.isDirectory(),
      })),
    isTTY: false,
    cwd: process.cwd(),
    env: {},
    scenarioDirs: [],
    writeFile: writeFileAtomic,
    prepareFolder,
    prepareFile,
    realPath: (path) => realpathSync(path),
    exists: existsSync,
    ...overrides,
  };
  const status = await runCli(argv, io);
  return { status, stdout, stderr };
}

/**
 * A spawned CLI's stderr without the estimate a long exploration prints up front (terminal or
 * not: see `progressReporter`): whether it comes depends on how busy the machine is.
 */
export function withoutEstimate(stderr: string): string {
  return stderr.replace(/^exploring .+ will take about \S+ at the pace of the first \S+\n/gm, '');
}

/** Whether any line looks like a JavaScript stack frame. */
export function hasStackTrace(text: string): boolean {
  return text.split('\n').some((line) => line.startsWith('    at '));
}

export const MIRROR = `name: SERVERware Mirror from 3.2.4
system: serverware
topology: mirror
version: { from: 3.2.4 }
vps: 6
`;

export const CLUSTER = `name: SERVERware Cluster from 4.5.0
system: serverware
topology: cluster
version: { from: 4.5.0 }
hosts: { processing: 3 }
vps: 9
`;

export const HA_PAIR = `name: HA pair with preemption
system: ha-pair
version: { from: 9.0.1, to: 9.1.0 }
policy: { preemption: enabled }
`;

export const STANDALONE = `name: Single server, two versions
system: standalone
version: { from: 2.1.0, path: [2.2.0, 2.3.0] }
`;

/** A written procedure that upgrades the Primary first: breaks no-maintenance-on-active. */
export const PRIMARY_FIRST = `name: Primary first
system: serverware
topology: mirror
version: { from: 4.5.0 }
plan:
  - upgrade: storage-1
`;

/**
 * A shard file's text with its `digest` made again for what it now holds: what a deliberate edit
 * that knew the digest would give, so a test can reach the checks behind the digest's.
 */
export function resealed(text: string): string {
  const { digest: _digest, ...doc } = JSON.parse(text) as Record<string, unknown>;
  const digest = createHash('sha256').update(JSON.stringify(doc)).digest('hex');
  return `${JSON.stringify({ ...doc, digest })}\n`;
}
