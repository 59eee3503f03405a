import { parseScenario } from '../../sim';
import type { SystemKind, Topology } from '../../sim';

/** A scenario shipped in the repository's `scenarios/` folder. */
export interface BuiltinScenario {
  /** Path under `scenarios/`, e.g. `serverware-cluster-3.2.yaml`. */
  readonly id: string;
  readonly text: string;
  /** The scenario's `name`, or the file name when the file does not parse. */
  readonly name: string;
  readonly system?: SystemKind;
  readonly topology?: Topology;
  /** Why the file does not parse, when it does not. */
  readonly error?: string;
  /** One of the user's own files, served by `rehearse ui` (its id starts `yours/`). */
  readonly served?: boolean;
}

/** The sub-folder of `scenarios/` a built-in lives in (`golden`, `must-fail`), or `''`. Pure. */
export function builtinFolder(id: string): string {
  const slash = id.lastIndexOf('/');
  return slash < 0 ? '' : id.slice(0, slash);
}

const SYSTEM_ORDER: readonly string[] = ['serverware', 'ha-pair', 'standalone'];

/**
 * Describes scenario files given as `{ path: text }` (what `import.meta.glob` yields): the
 * documented procedures first, then the corpora, each sorted by system and then name. A file that does not parse is still listed, with its error. Pure.
 */
export function describeBuiltins(files: Readonly<Record<string, string>>): BuiltinScenario[] {
  const list = Object.entries(files).map(([path, text]) =>
    describeFile(path.replace(/^.*?scenarios\//, ''), text),
  );
  const rank = (item: BuiltinScenario) => {
    const index = SYSTEM_ORDER.indexOf(item.system ?? '');
    return index < 0 ? SYSTEM_ORDER.length : index;
  };
  // The documented procedures (top-level files) come first, then the corpora in their folders.
  const folderRank = (item: BuiltinScenario) => (item.id.includes('/') ? 1 : 0);
  return list.sort(
    (a, b) =>
      folderRank(a) - folderRank(b) ||
      rank(a) - rank(b) ||
      a.name.localeCompare(b.name) ||
      a.id.localeCompare(b.id),
  );
}

/** One scenario file as the picker lists it: its name and system, or why it does not parse. Pure. */
function describeFile(id: string, text: string): BuiltinScenario {
  try {
    const scenario = parseScenario(text, id);
    return {
      id,
      text,
      name: scenario.name,
      system: scenario.system,
      ...(scenario.topology ? { topology: scenario.topology } : {}),
    };
  } catch (error) {
    return { id, text, name: id, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The user's files as `rehearse ui` serves them (`scenarios.json`), in their order. Pure. */
export function describeServed(
  files: readonly { readonly id: string; readonly text?: string; readonly error?: string }[],
): BuiltinScenario[] {
  return files.map((file) => ({
    ...(file.text === undefined
      ? { id: file.id, text: '', name: file.id, error: file.error ?? 'the file cannot be read' }
      : describeFile(file.id, file.text)),
    served: true,
  }));
}

/**
 * The picker's groups, in plain words, by the folder of `scenarios/` a file lives in: the one
 * place that names them (the scenario picker and Compare's list both read it).
 */
const FOLDER_GROUPS: readonly { readonly folder: string; readonly label: string }[] = [
  { folder: '', label: 'Documented procedures' },
  { folder: 'golden', label: 'Faults rehearsed' },
  { folder: 'must-fail', label: 'Mistakes the checks catch' },
];

/** The group the files `rehearse ui` serves are listed under, before every other. */
const SERVED_GROUP = 'Your files';

/** The label of the group a scenario is listed under in the picker. Pure. */
export function pickerGroup(item: BuiltinScenario): string {
  if (item.served) return SERVED_GROUP;
  const folder = builtinFolder(item.id);
  return FOLDER_GROUPS.find((group) => group.folder === folder)?.label ?? `More: ${folder}`;
}

/**
 * Whether a scenario matches what was typed in the picker's search: every word of the query,
 * ignoring case, appears in its name, its file, its system or its group's label. Pure.
 */
export function matchesSearch(item: BuiltinScenario, query: string): boolean {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '');
  if (words.length === 0) return true;
  const haystack = [item.name, item.id, systemLabel(item.system, item.topology), pickerGroup(item)]
    .join(' ')
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/**
 * The picker's groups of the scenarios that match `query`: the user's files first, then the
 * groups in `FOLDER_GROUPS`' order, then any other folder; each keeps the list's order within. Pure.
 */
export function groupBuiltins(
  builtins: readonly BuiltinScenario[],
  query = '',
): [string, BuiltinScenario[]][] {
  const groups = new Map<string, BuiltinScenario[]>();
  for (const builtin of builtins) {
    if (!matchesSearch(builtin, query)) continue;
    const label = pickerGroup(builtin);
    groups.set(label, [...(groups.get(label) ?? []), builtin]);
  }
  const rank = (label: string) => {
    if (label === SERVED_GROUP) return -1;
    const index = FOLDER_GROUPS.findIndex((group) => group.label === label);
    return index < 0 ? FOLDER_GROUPS.length : index;
  };
  return [...groups].sort(([a], [b]) => rank(a) - rank(b));
}

/** A readable label for a system (and topology). Pure. */
export function systemLabel(system: SystemKind | undefined, topology?: Topology): string {
  switch (system) {
    case 'serverware':
      return topology === 'mirror'
        ? 'SERVERware Mirror'
        : topology === 'cluster'
          ? 'SERVERware Cluster'
          : 'SERVERware';
    case 'ha-pair':
      return 'HA pair';
    case 'standalone':
      return 'Single server';
    default:
      return 'Invalid files';
  }
}
