/**
 * The `rehearse` executable: wires Node's streams, files and environment into `runCli` and sets
 * the exit status. Bundled into dist/cli.mjs, which bin/rehearse.mjs imports.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort } from 'node:worker_threads';
import { exploreShard, sampler, type Sample } from '../sim';
import { runCli, type CliEntry, type CliIo } from './cli';
import {
  prepareFile,
  prepareFolder,
  readStandardInput,
  readTextFile,
  writeFileAtomic,
} from './files';
import { ShardPool, type ShardJob, type ShardMessage } from './shardPool';
import { watchFiles } from './watchFiles';
import { oneLine, terminalSafe } from './terminal';

function listDir(path: string): CliEntry[] {
  return readdirSync(path, { withFileTypes: true }).map((entry) => {
    let directory = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      try {
        directory = statSync(join(path, entry.name)).isDirectory();
      } catch {
        directory = false;
      }
    }
    return { name: entry.name, directory };
  });
}

/** How often a worker reports its progress, in ms. */
const PROGRESS_MS = 200;

/** Whether a status line is on screen (to be cleared before anything else is written). */
let statusShown = false;

/** Writes or clears the status line at the bottom of a terminal's stderr. */
function showProgress(line: string | undefined): void {
  const width = Math.max(20, (process.stderr.columns || 80) - 1);
  if (line === undefined) {
    if (statusShown) process.stderr.write('\r\u001b[2K');
    statusShown = false;
    return;
  }
  // The line is the CLI's own words and sanitized names; cut to the width so it never wraps.
  const text = [...terminalSafe(oneLine(line), false)].slice(0, width).join('');
  process.stderr.write(`\r\u001b[2K${text}`);
  statusShown = true;
}

/** How long a watch waits after a change for the editor to finish writing, in ms. */
const SETTLE_MS = 100;

/** Whether Ctrl-C has been taken over for `run --watch`. */
let watchingInterrupts = false;

/** Resolves with the first of `paths` to change, once the editor has finished writing it. */
function waitForChange(paths: readonly string[]): Promise<string> {
  if (!watchingInterrupts) {
    watchingInterrupts = true;
    // A watch ends only with Ctrl-C: the status says so, as for an interrupted exploration.
    process.on('SIGINT', () => {
      showProgress(undefined);
      process.stderr.write('rehearse: interrupted\n');
      process.exit(130);
    });
  }
  return new Promise((resolve, reject) => {
    let done = false;
    const watch = watchFiles(paths, {
      settleMs: SETTLE_MS,
      onChange: (changed) => {
        if (done) return;
        done = true;
        watch.close();
        resolve(changed[0] ?? '');
      },
      onError: (folder, error) => {
        if (done) return;
        done = true;
        watch.close();
        const code = (error as { code?: unknown }).code;
        reject(
          new Error(
            `cannot watch ${folder}: ${code === 'ENOENT' ? 'no such folder' : String(error)}`,
          ),
        );
      },
    });
  });
}

async function main(): Promise<void> {
  /** A reader that went away (`rehearse run … | head`) ends the program quietly. */
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    process.stderr.write(`rehearse: cannot write the output: ${error.message}\n`);
    process.exit(2);
  });
  // Nowhere left to report a failure to write a message; the exit status still tells.
  process.stderr.on('error', () => undefined);
  const cwd = process.cwd();
  const pool = new ShardPool(new URL(import.meta.url));
  const io: CliIo = {
    stdout: (text) => {
      showProgress(undefined);
      process.stdout.write(text);
    },
    stderr: (text) => {
      showProgress(undefined);
      process.stderr.write(text);
    },
    readFile: (path) => readTextFile(path),
    readStdin: () => readStandardInput(),
    listDir,
    isTTY: process.stdout.isTTY === true,
    cwd,
    env: process.env,
    // dist/cli.mjs → the repository's scenarios/; src/cli/main.ts run from source → two levels up.
    scenarioDirs: [
      fileURLToPath(new URL('../scenarios/', import.meta.url)),
      fileURLToPath(new URL('../../scenarios/', import.meta.url)),
      join(cwd, 'scenarios'),
    ],
    writeFile: writeFileAtomic,
    prepareFolder,
    prepareFile,
    realPath: (path) => realpathSync(path),
    exists: existsSync,
    runShards: async (scenario, options, count, onProgress) => {
      // While the workers explore, the main thread waits and can take Ctrl-C at once.
      const interrupted = (): void => {
        showProgress(undefined);
        process.stderr.write('rehearse: interrupted\n');
        process.exit(130);
      };
      process.once('SIGINT', interrupted);
      try {
        return await pool.run(scenario, options, count, onProgress);
      } finally {
        process.off('SIGINT', interrupted);
      }
    },
    runSamples: async (batches, workers, onProgress) => {
      const interrupted = (): void => {
        showProgress(undefined);
        process.stderr.write('rehearse: interrupted\n');
        process.exit(130);
      };
      process.once('SIGINT', interrupted);
      try {
        return await pool.sample(batches, workers, onProgress);
      } finally {
        process.off('SIGINT', interrupted);
      }
    },
    ...(process.stderr.isTTY ? { progress: showProgress } : {}),
    waitForChange,
    ...(process.stdout.isTTY
      ? { clearScreen: () => process.stdout.write('\u001b[2J\u001b[3J\u001b[H') }
      : {}),
    cores: availableParallelism(),
    now: () => performance.now(),
    // dist/cli.mjs → dist/app/, where `npm run build` (and the package) put the debugger.
    appDir: fileURLToPath(new URL('./app/', import.meta.url)),
    untilInterrupted: () =>
      new Promise<void>((done) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          done();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }),
  };

  try {
    process.exitCode = await runCli(process.argv.slice(2), io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(terminalSafe(`rehearse: internal error: ${oneLine(message)}\n`, false));
    process.exitCode = 2;
  } finally {
    await pool.close();
  }
}

if (!isMainThread) {
  // An exploration worker: this same file, started by ShardPool (main() below). It explores one shard
  // per job and stays up for the next, so exploring several files warms it up only once.
  parentPort?.on('message', (job: ShardJob) => {
    if ('batches' in job) {
      const count = job.batches.reduce((sum, batch) => sum + batch.seeds.length, 0);
      const samples: Sample[] = [];
      let last = 0;
      for (const batch of job.batches) {
        // One sampler per scenario: its plan is worked out once for all its seeds.
        const sample = sampler(batch.scenario);
        for (const seed of batch.seeds) {
          samples.push(sample(seed));
          const now = performance.now();
          if (now - last >= PROGRESS_MS) {
            last = now;
            parentPort?.postMessage({ progress: [samples.length, count] } satisfies ShardMessage);
          }
        }
      }
      parentPort?.postMessage({ samples } satisfies ShardMessage);
      return;
    }
    let last = 0;
    const onProgress = (done: number, total: number): void => {
      const now = performance.now();
      if (now - last < PROGRESS_MS && done < total) return;
      last = now;
      parentPort?.postMessage({ progress: [done, total] } satisfies ShardMessage);
    };
    const options = job.progress ? { ...job.options, onProgress } : job.options;
    const result = exploreShard(job.scenario, options);
    parentPort?.postMessage({ result } satisfies ShardMessage);
  });
} else {
  await main();
}
