import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Command } from './command';
import type { CliIo } from './io';
import { loadScenario } from './loadScenario';
import { scenarioFilesIn } from './operands';
import { systemName } from './runResult';
import { oneLine } from './terminal';
import { table } from './text';

/** The first folder of built-in scenarios that exists. */
function scenarioDir(io: CliIo): string | undefined {
  const candidates = io.scenarioDirs ?? [join(io.cwd, 'scenarios')];
  for (const candidate of candidates) {
    try {
      io.listDir(candidate);
      return candidate;
    } catch {
      // not there: try the next one
    }
  }
  return undefined;
}

/** A path to show: relative to the working directory when inside it, so it can be run as is. */
export function shownPath(io: Pick<CliIo, 'cwd'>, path: string): string {
  const rel = relative(io.cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** One line of `rehearse list --json`. */
type ListEntry =
  | {
      readonly file: string;
      readonly name: string;
      readonly system: string;
      readonly topology?: string;
      readonly from: string;
      readonly to: string;
    }
  | { readonly file: string; readonly error: string };

/** `rehearse list [--json]`. */
export const listCommand: Command = {
  name: 'list',
  synopsis: '[--json]',
  summary: 'list the built-in scenarios',
  options: [{ name: 'json', help: 'print an array of { file, name, system, topology, from, to }' }],
  details: [
    'A file that does not parse is listed with its error. Run one with `rehearse run FILE`.',
  ],
  run(args, { io, paint }) {
    if (args.operands.length > 0) {
      io.stderr(
        `rehearse list: takes no FILE (got ${oneLine(args.operands.join(' '))}); to run one: rehearse run FILE\n`,
      );
      return 2;
    }
    const dir = scenarioDir(io);
    const files = dir === undefined ? [] : scenarioFilesIn(io, dir);
    const entries: ListEntry[] = files.map((file) => {
      const shown = shownPath(io, resolve(dir as string, file));
      const loaded = loadScenario(shown, io);
      if (!loaded.ok) return { file: shown, error: loaded.message };
      const { scenario } = loaded;
      return {
        file: shown,
        name: scenario.name,
        system: scenario.system,
        ...(scenario.topology ? { topology: scenario.topology } : {}),
        from: scenario.version.from,
        to: scenario.version.to,
      };
    });
    if (args.flags.has('json')) {
      io.stdout(`${JSON.stringify(entries, null, 2)}\n`);
      return 0;
    }
    if (entries.length === 0) {
      const where = (io.scenarioDirs ?? [join(io.cwd, 'scenarios')]).join(', ');
      io.stdout(`no built-in scenarios (looked in ${where})\n`);
      return 0;
    }
    const rows = [
      ['file', 'name', 'system', 'versions'],
      ...entries.map((entry) =>
        'error' in entry
          ? [oneLine(entry.file), paint.red(`✗ ${entry.error}`), '', '']
          : [
              oneLine(entry.file),
              oneLine(entry.name),
              systemName(entry),
              `${entry.from} → ${entry.to}`,
            ],
      ),
    ];
    io.stdout(`${table(rows).join('\n')}\n`);
    return 0;
  },
};
