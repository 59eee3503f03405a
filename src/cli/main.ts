/**
 * The `rehearse` executable: wires Node's streams, files and environment into `runCli` and sets
 * the exit status. Bundled into dist/cli.mjs, which bin/rehearse.mjs imports.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, type CliEntry, type CliIo } from './cli';

/** A reader that went away (`rehearse run … | head`) ends the program quietly. */
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  process.stderr.write(`rehearse: cannot write the output: ${error.message}\n`);
  process.exit(2);
});
// Nowhere left to report a failure to write a message; the exit status still tells.
process.stderr.on('error', () => undefined);

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

const cwd = process.cwd();
const io: CliIo = {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
  readFile: (path) => readFileSync(path, 'utf8'),
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
};

try {
  process.exitCode = await runCli(process.argv.slice(2), io);
} catch (error) {
  process.stderr.write(
    `rehearse: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 2;
}
