/**
 * FILE operands as the user means them on every shell: a folder stands for the scenario files
 * in it, a glob pattern (`scenarios/*.yaml`, `scenarios/**\/*.yaml`) for the files it matches —
 * expanded here, so a quoted pattern and a Windows shell work as a POSIX shell's expansion does —
 * and `-` for standard input.
 */
import { join } from 'node:path';
import type { CliEntry, CliIo } from './io';
import { UsageError } from './parseArgs';
import { append } from '../sim';

/** The operand that reads the scenario from standard input. */
export const STDIN = '-';

/** Scenario files; golden summaries (`x.summary.json`) sit beside them and are not scenarios. */
const SCENARIO_FILE = /\.(ya?ml|json)$/i;

/** How deep a folder is searched for scenario files. */
const MAX_DEPTH = 16;

/**
 * Whether a folder's walk passes over an entry: hidden ones (`.git`) and `node_modules`, whose
 * packages' YAML and JSON files are not scenarios. Pure.
 */
function skipped(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

/** Whether a name is a scenario file (and not a golden summary). Pure. */
function isScenarioName(name: string): boolean {
  return SCENARIO_FILE.test(name) && !name.endsWith('.summary.json');
}

function listing(io: CliIo, path: string): readonly CliEntry[] | undefined {
  try {
    return io.listDir(path);
  } catch {
    return undefined;
  }
}

/**
 * Scenario files under a folder, recursively, as paths relative to it with `/`, sorted. Hidden
 * entries and `node_modules` are skipped; a folder reached twice through symbolic links (a loop) is listed once;
 * unreadable folders are skipped.
 */
export function scenarioFilesIn(
  io: CliIo,
  dir: string,
  prefix = '',
  seen = new Set<string>(),
): string[] {
  const here = join(dir, prefix);
  let real: string;
  try {
    real = io.realPath?.(here) ?? here;
  } catch {
    return [];
  }
  if (seen.has(real) || seen.size > 10_000) return [];
  seen.add(real);
  const entries = listing(io, here);
  if (entries === undefined) return [];
  const found: string[] = [];
  for (const entry of entries) {
    if (skipped(entry.name)) continue;
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.directory) {
      if (path.split('/').length <= MAX_DEPTH) append(found, scenarioFilesIn(io, dir, path, seen));
    } else if (isScenarioName(entry.name)) found.push(path);
  }
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Whether an operand is a glob pattern: it holds `*`, `?` or a `[…]` class. Pure. */
export function isPattern(operand: string): boolean {
  return /[*?]|\[[^\]]*\]/.test(operand);
}

/** One path segment of a pattern as a regular expression (`*`, `?`, `[…]`). Pure. */
function segmentMatcher(segment: string): RegExp {
  let source = '';
  for (let index = 0; index < segment.length; index++) {
    const char = segment[index] as string;
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '[') {
      const end = segment.indexOf(']', index + 2);
      if (end < 0) source += '\\[';
      else {
        const body = segment
          .slice(index + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        source += `[${body}]`;
        index = end;
      }
    } else source += char.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * The files a pattern matches, sorted, written as the pattern was (relative stays relative).
 * `**` matches any number of folders; `*` and `?` never match a leading dot, as in a shell.
 */
function expandPattern(io: CliIo, pattern: string): string[] {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter((segment, index) => segment !== '' || index === 0);
  const start = absolute ? '/' : '';
  const results: string[] = [];
  const walk = (shown: string, at: number, depth: number): void => {
    if (at === segments.length) {
      results.push(shown);
      return;
    }
    const segment = segments[at] as string;
    if (segment === '' && at === 0) {
      walk(start, at + 1, depth);
      return;
    }
    const base = shown === '' ? io.cwd : shown.startsWith('/') ? shown : join(io.cwd, shown);
    const under = (name: string): string =>
      shown === '' ? name : shown.endsWith('/') ? `${shown}${name}` : `${shown}/${name}`;
    if (segment === '**') {
      walk(shown, at + 1, depth);
      if (depth >= MAX_DEPTH) return;
      for (const entry of listing(io, base) ?? []) {
        if (entry.directory && !skipped(entry.name)) walk(under(entry.name), at, depth + 1);
      }
      return;
    }
    const last = at === segments.length - 1;
    if (!isPattern(segment)) {
      if (last) {
        if (io.exists?.(join(base, segment)) ?? true) results.push(under(segment));
      } else walk(under(segment), at + 1, depth);
      return;
    }
    const matcher = segmentMatcher(segment);
    const entries = [...(listing(io, base) ?? [])].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      if (entry.name.startsWith('.') && !segment.startsWith('.')) continue;
      if (!matcher.test(entry.name)) continue;
      if (last) {
        if (!entry.directory) results.push(under(entry.name));
      } else if (entry.directory) walk(under(entry.name), at + 1, depth);
    }
  };
  walk('', 0, 0);
  return [...new Set(results)].filter(
    (file) => !file.endsWith('.summary.json') || pattern.endsWith('.summary.json'),
  );
}

/**
 * The files a command's FILE operands stand for, in order: a file as given; `-` as is (standard
 * input); a folder as the scenario files under it, sorted; a pattern as the files it matches,
 * sorted. An operand that stands for nothing (a pattern without a match, a folder without a
 * scenario) is kept as given, so that reading it says why.
 * @throws UsageError when `-` is given more than once.
 */
export function expandOperands(operands: readonly string[], io: CliIo): string[] {
  if (operands.filter((operand) => operand === STDIN).length > 1)
    throw new UsageError('standard input (-) can be read only once');
  return operands.flatMap((operand) => {
    if (operand === STDIN) return [operand];
    const path = operand.startsWith('/') ? operand : join(io.cwd, operand);
    if (io.exists?.(path) ?? false) {
      if (listing(io, path) === undefined) return [operand];
      const inside = scenarioFilesIn(io, path).map((file) =>
        operand.endsWith('/') ? `${operand}${file}` : `${operand}/${file}`,
      );
      return inside.length > 0 ? inside : [operand];
    }
    if (!isPattern(operand)) return [operand];
    const matched = expandPattern(io, operand);
    return matched.length > 0 ? matched : [operand];
  });
}
