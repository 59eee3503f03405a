import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from './command';
import { expandOperands } from './operands';
import { UsageError } from './parseArgs';
import { oneLine } from './terminal';
import { shownPath } from './listCommand';
import { startUiServer } from './uiServer';

const DEFAULT_PORT = 7357;

function portOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535)
    throw new UsageError(`--port ${oneLine(value)} is not a port (0 to 65535; 0 picks a free one)`);
  return port;
}

/** `rehearse ui [FILE|DIR…] [--port N]`. */
export const uiCommand: Command = {
  name: 'ui',
  synopsis: '[FILE|DIR…] [--port N]',
  summary: 'open the visual debugger on 127.0.0.1 with your scenario files in its picker',
  options: [
    {
      name: 'port',
      value: 'N',
      help: `the port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one)`,
    },
  ],
  details: [
    'Serves the debugger built into the package: no dev server, nothing beyond 127.0.0.1. The files given (folders and glob patterns as for run) appear under "Your files" in its picker next to the built-in scenarios; saving one in your editor reloads it in the browser (unless you changed it there: then the page says so and keeps your text). Stop with Ctrl-C.',
  ],
  async run(args, { io }) {
    const port = portOf(args.values.get('port'));
    if (args.operands.includes('-'))
      throw new UsageError('standard input (-) cannot be watched: give the file itself');
    const appDir = io.appDir;
    if (appDir === undefined || !existsSync(join(appDir, 'index.html'))) {
      io.stderr(
        `rehearse ui: the debugger is not built${appDir === undefined ? '' : ` (no ${oneLine(join(appDir, 'index.html'))})`}: run npm run build\n`,
      );
      return 2;
    }
    const files = expandOperands(args.operands, io).map((file) => resolve(io.cwd, file));
    const missing = files.filter((file) => !(io.exists?.(file) ?? true));
    if (missing.length > 0) {
      for (const file of missing)
        io.stderr(`rehearse ui: ${oneLine(shownPath(io, file))}: no such file\n`);
      return 2;
    }
    if (!io.untilInterrupted) throw new Error('this host cannot wait for Ctrl-C');
    let server;
    try {
      server = await startUiServer({
        appDir,
        files,
        shown: files.map((file) => shownPath(io, file)),
        read: io.readFile,
        port,
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      io.stderr(
        code === 'EADDRINUSE'
          ? `rehearse ui: port ${port} on 127.0.0.1 is in use: choose another with --port N (0 picks a free one)\n`
          : `rehearse ui: cannot serve the debugger: ${oneLine(error instanceof Error ? error.message : String(error))}\n`,
      );
      return 2;
    }
    io.stdout(`Rehearse debugger: ${server.url}\n`);
    for (const line of watchedLines(files.map((file) => oneLine(shownPath(io, file)))))
      io.stdout(`  ${line}\n`);
    io.stdout('Stop with Ctrl-C.\n');
    await io.untilInterrupted();
    await server.close();
    return 0;
  },
};

/** Files listed one per line up to this many; more are counted by folder. */
const LISTED = 8;

/**
 * What the start-up message says is watched: each file, or for many of them how many in each
 * folder, so a folder of a hundred scenarios does not push the address off the screen. Pure.
 */
export function watchedLines(shown: readonly string[]): string[] {
  if (shown.length <= LISTED) return shown.map((file) => `watching ${file}`);
  const byFolder = new Map<string, number>();
  for (const file of shown) {
    const slash = file.lastIndexOf('/');
    const folder = slash < 0 ? './' : file.slice(0, slash + 1);
    byFolder.set(folder, (byFolder.get(folder) ?? 0) + 1);
  }
  const folders = [...byFolder].map(([folder, count]) => `${count} in ${folder}`);
  return [`watching ${shown.length} files: ${folders.join(', ')}`];
}
