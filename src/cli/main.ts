/**
 * The `rehearse` executable: wires Node's streams, files and environment into `runCli` and sets
 * the exit status. Bundled into dist/cli.mjs, which bin/rehearse.mjs imports.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort } from 'node:worker_threads';
import { exploreShard } from '../sim';
import { runCli, type CliEntry, type CliIo } from './cli';
import { prepareFile, prepareFolder, readTextFile, writeFileAtomic } from './files';
import { ShardPool, type ShardJob } from './shardPool';
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
      process.stdout.write(text);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
    readFile: (path) => readTextFile(path),
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
    runShards: (scenario, options, count) => pool.run(scenario, options, count),
    cores: availableParallelism(),
    now: () => performance.now(),
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
    parentPort?.postMessage(exploreShard(job.scenario, job.options));
  });
} else {
  await main();
}
