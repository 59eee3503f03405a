/**
 * Sweeps: a scenario run over a grid of values of some of its keys (`durations.failover` from
 * 10m to 30m by 5m, `hosts.processing` from 2 to 8), each point the scenario with those values
 * written into its text and read again by the scenario parser, so a point is valid exactly when
 * a file with those values would be. A point whose runs draw nothing from the seed runs once;
 * the others run once per seed, through the Monte Carlo engine.
 */
import {
  isAlias,
  isCollection,
  isMap,
  isScalar,
  parseDocument,
  YAMLMap,
  type Document,
  type Node,
} from 'yaml';
import { DEFAULT_DURATIONS } from './defaults';
import type { Shard } from './explore';
import { seedsOfShard, summarizeSamples, type Sample, type SamplesReport } from './samples';
import { formatDuration, readDuration } from './scenario/duration';
import { POLICY_SCOPE, RECOVERY_SCOPE } from './scenario/parse';
import { suggest } from './scenario/suggest';
import type { Scenario } from './types';
import { append } from './extremes';

/** The version of `rehearse sweep --json`'s shape; it changes only with this number. */
export const SWEEP_FORMAT = 1;

/** The most points a sweep runs: past it, a grid is refused before anything runs. */
export const MAX_SWEEP_POINTS = 10_000;

/** What a swept key takes: durations (`10m..30m:5m`), whole numbers (`2..8`) or words (`a,b`). */
type SweepKind = 'duration' | 'count' | 'word';

/** One value of a swept key. */
export interface SweepValue {
  /** As a scenario file writes it, and as the sweep shows it: `10m`, `3`, `always`. */
  readonly text: string;
  /** What goes into the scenario: the duration's text, a number, a word or a boolean. */
  readonly value: string | number | boolean;
  /** Where it sits on a plot's axis (ms for a duration); undefined for a word. */
  readonly at?: number;
}

/** One `--set KEY=VALUES`, read. */
export interface SweepParameter {
  /** The key path as written: `durations.failover`, `hosts.processing`. */
  readonly key: string;
  readonly kind: SweepKind;
  readonly values: readonly SweepValue[];
  /** The setting as given, `durations.failover=10m..30m:5m`, for messages. */
  readonly setting: string;
}

/** The keys a sweep can set that take a number or a duration; every other one takes words. */
const NOT_WORDS: Readonly<Record<string, SweepKind>> = {
  'hosts.processing': 'count',
  vps: 'count',
  services: 'count',
  'policy.sync-retries': 'count',
  'policy.session-checks': 'count',
  'recovery.reinstalls': 'count',
  'recovery.hold': 'duration',
};

/**
 * The keys a sweep can set besides `durations.KEY` and `durations.KEY.HOST` (a host name, a
 * role or `default`), with what each takes: the counts, then every key of `policy:` and
 * `recovery:` the parser knows (before, a list of its own, which the recovery keys added later
 * were missing from). The scenario parser judges each value: a point is valid when a file with
 * its values would be.
 */
const SWEEP_KEYS: Readonly<Record<string, SweepKind>> = Object.fromEntries(
  [
    'hosts.processing',
    'vps',
    'services',
    ...Object.keys(POLICY_SCOPE).map((key) => `policy.${key}`),
    ...Object.keys(RECOVERY_SCOPE).map((key) => `recovery.${key}`),
  ].map((key): [string, SweepKind] => [key, NOT_WORDS[key] ?? 'word']),
);

const DURATION_KEYS = Object.keys(DEFAULT_DURATIONS);

/** Every key a sweep accepts, as a message lists them. */
const KEYS_TEXT = `durations.KEY (${DURATION_KEYS.join(', ')}), durations.KEY.HOST (a host name, a role or default: one host's override), ${Object.keys(SWEEP_KEYS).join(', ')}`;

/** What a setting looks like, for `(expected …)`. */
const SETTING_EXPECTED =
  'KEY=VALUES: a list (durations.failover=10m,20m,45m), a range with a step (durations.failover=10m..30m:5m, hosts.processing=2..8:2; a step of 1 by default for whole numbers)';

/** A setting read, or why it cannot be. */
type SettingResult =
  | { readonly ok: true; readonly parameter: SweepParameter }
  | { readonly ok: false; readonly reason: string };

/** The kind of a key, or undefined when a sweep cannot set it. Pure. */
function kindOf(key: string): SweepKind | undefined {
  const parts = key.split('.');
  if (parts[0] === 'durations') {
    if (parts.length < 2 || parts.length > 3 || !DURATION_KEYS.includes(parts[1] ?? ''))
      return undefined;
    return parts.length === 3 && parts[2] === '' ? undefined : 'duration';
  }
  return SWEEP_KEYS[key];
}

/** `unknown key … (did you mean …?)`. Pure. */
function unknownKey(key: string): string {
  const parts = key.split('.');
  const candidates =
    parts[0] === 'durations' && parts.length === 2
      ? DURATION_KEYS.map((name) => `durations.${name}`)
      : parts[0] === 'durations' && parts.length === 3
        ? DURATION_KEYS.map((name) => `durations.${name}.${parts[2] ?? ''}`)
        : [...DURATION_KEYS.map((name) => `durations.${name}`), ...Object.keys(SWEEP_KEYS)];
  const match = suggest(key, candidates);
  return `a sweep cannot set ${JSON.stringify(key)}${match === undefined ? '' : ` (did you mean ${match}?)`}; it sets ${KEYS_TEXT}`;
}

/** A number of a kind read from one end of a range or one item of a list. */
type Amount =
  { readonly ok: true; readonly n: number } | { readonly ok: false; readonly reason: string };

function readAmount(kind: 'duration' | 'count', text: string): Amount {
  if (kind === 'duration') {
    const result = readDuration(text);
    return result.ok ? { ok: true, n: result.ms } : { ok: false, reason: result.reason };
  }
  const n = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n))
    return { ok: false, reason: `${JSON.stringify(text.trim())} is not a whole number` };
  return { ok: true, n };
}

function valueOf(kind: 'duration' | 'count', n: number): SweepValue {
  return kind === 'duration'
    ? { text: formatDuration(n), value: formatDuration(n), at: n }
    : { text: String(n), value: n, at: n };
}

/**
 * One item of a list: a value, or a range `A..B` with a step `:S` (the values A, A+S, … up to B,
 * B itself when a step lands on it). Durations need the step; whole numbers default to 1.
 */
function readItem(
  kind: 'duration' | 'count',
  item: string,
):
  | { readonly ok: true; readonly values: SweepValue[] }
  | { readonly ok: false; readonly reason: string } {
  const dots = item.indexOf('..');
  if (dots < 0) {
    const one = readAmount(kind, item);
    return one.ok ? { ok: true, values: [valueOf(kind, one.n)] } : one;
  }
  const colon = item.indexOf(':', dots);
  const fromText = item.slice(0, dots);
  const toText = item.slice(dots + 2, colon < 0 ? undefined : colon);
  const stepText = colon < 0 ? undefined : item.slice(colon + 1);
  const shown = JSON.stringify(item.trim());
  if (toText.includes('..')) return { ok: false, reason: `${shown} has more than one ..` };
  if (stepText === undefined && kind === 'duration') {
    return {
      ok: false,
      reason: `the range ${shown} needs a step, like ${item.trim()}:5m (a duration that varies within each point is written in the scenario file)`,
    };
  }
  const from = readAmount(kind, fromText);
  if (!from.ok) return { ok: false, reason: `in the range ${shown}: ${from.reason}` };
  const to = readAmount(kind, toText);
  if (!to.ok) return { ok: false, reason: `in the range ${shown}: ${to.reason}` };
  const step = stepText === undefined ? { ok: true as const, n: 1 } : readAmount(kind, stepText);
  if (!step.ok) return { ok: false, reason: `the step of ${shown}: ${step.reason}` };
  const show = (n: number) => valueOf(kind, n).text;
  if (from.n > to.n) {
    return {
      ok: false,
      reason: `the range ${shown} ends before it starts: write the smaller end first (${show(to.n)}..${show(from.n)})`,
    };
  }
  if (step.n <= 0)
    return { ok: false, reason: `the step of ${shown} is ${show(step.n)}: it must be more than 0` };
  const count = Math.floor((to.n - from.n) / step.n) + 1;
  if (count > MAX_SWEEP_POINTS) {
    return {
      ok: false,
      reason: `the range ${shown} has ${count.toLocaleString('en-US')} values, more than the ${MAX_SWEEP_POINTS.toLocaleString('en-US')} points a sweep runs at most: take a larger step`,
    };
  }
  return {
    ok: true,
    values: Array.from({ length: count }, (_, index) => valueOf(kind, from.n + index * step.n)),
  };
}

/** A word as the scenario file would read it: `true` and `false` are booleans. Pure. */
function wordValue(word: string): SweepValue {
  const value = word === 'true' ? true : word === 'false' ? false : word;
  return { text: word, value };
}

/**
 * Reads one setting, `KEY=VALUES`: the key a sweep can set and its values, in the order given.
 * The values are a comma-separated list of values and ranges with a step. Pure.
 * @example readSweepSetting('durations.failover=10m..20m:5m') // values 10m, 15m, 20m
 */
function readSweepSetting(setting: string): SettingResult {
  const equals = setting.indexOf('=');
  if (equals < 0)
    return {
      ok: false,
      reason: `no = in ${JSON.stringify(setting)} (expected ${SETTING_EXPECTED})`,
    };
  const key = setting.slice(0, equals).trim();
  const text = setting.slice(equals + 1);
  const kind = kindOf(key);
  if (key === '') return { ok: false, reason: `no key before = (expected ${SETTING_EXPECTED})` };
  if (kind === undefined) return { ok: false, reason: unknownKey(key) };
  if (text.trim() === '')
    return { ok: false, reason: `no values after ${key}= (expected ${SETTING_EXPECTED})` };
  const values: SweepValue[] = [];
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (item === '')
      return { ok: false, reason: `an empty item in the list ${JSON.stringify(text)}` };
    if (kind === 'word') {
      if (item.includes('..'))
        return { ok: false, reason: `${key} takes a list of words (a,b,c), not a range` };
      values.push(wordValue(item));
      continue;
    }
    const read = readItem(kind, item);
    if (!read.ok) return read;
    append(values, read.values);
    if (values.length > MAX_SWEEP_POINTS) {
      return {
        ok: false,
        reason: `${values.length.toLocaleString('en-US')} values or more, more than the ${MAX_SWEEP_POINTS.toLocaleString('en-US')} points a sweep runs at most`,
      };
    }
  }
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value.text)) return { ok: false, reason: `${value.text} is given twice` };
    seen.add(value.text);
  }
  return { ok: true, parameter: { key, kind, values, setting } };
}

/** The settings read, or the one that is wrong (none: the grid as a whole) and why. */
type SweepResult =
  | { readonly ok: true; readonly parameters: readonly SweepParameter[] }
  | { readonly ok: false; readonly setting?: string; readonly reason: string };

/**
 * Reads every setting of a sweep and checks them together: no key twice, and a grid of at most
 * MAX_SWEEP_POINTS points. Pure.
 */
export function readSweep(settings: readonly string[]): SweepResult {
  const parameters: SweepParameter[] = [];
  for (const setting of settings) {
    const read = readSweepSetting(setting);
    if (!read.ok) return { ok: false, setting, reason: read.reason };
    const twin = parameters.find((parameter) => parameter.key === read.parameter.key);
    if (twin !== undefined)
      return {
        ok: false,
        setting,
        reason: `${read.parameter.key} is set twice (also by ${twin.setting})`,
      };
    parameters.push(read.parameter);
  }
  const points = sweepPointCount(parameters);
  if (points > MAX_SWEEP_POINTS) {
    return {
      ok: false,
      reason: `${parameters.map((parameter) => parameter.values.length.toLocaleString('en-US')).join(' × ')} = ${points.toLocaleString('en-US')} points, more than the ${MAX_SWEEP_POINTS.toLocaleString('en-US')} a sweep runs at most: take fewer values or larger steps`,
    };
  }
  return { ok: true, parameters };
}

/** How many points a grid has: the product of its parameters' numbers of values. Pure. */
export function sweepPointCount(parameters: readonly SweepParameter[]): number {
  return parameters.reduce((product, parameter) => product * parameter.values.length, 1);
}

/**
 * Every point of the grid, as the index of its value for each parameter: the first parameter
 * changes slowest, as nested loops in the order the settings were given. Pure.
 */
export function sweepGrid(parameters: readonly SweepParameter[]): number[][] {
  let points: number[][] = [[]];
  for (const parameter of parameters) {
    points = points.flatMap((point) => parameter.values.map((_, index) => [...point, index]));
  }
  return points;
}

/** `durations.failover=10m, hosts.processing=2`. Pure. */
export function pointLabel(
  parameters: readonly SweepParameter[],
  point: readonly number[],
): string {
  return parameters
    .map(
      (parameter, index) => `${parameter.key}=${parameter.values[point[index] ?? 0]?.text ?? ''}`,
    )
    .join(', ');
}

/** The keys of a three-point estimate: a mapping with them is one value, not a rule per host. */
const ESTIMATE_KEYS = new Set(['min', 'likely', 'max']);

/** Sets `path` in the document, making the mappings on the way as a scenario file would write them. */
function setPath(doc: Document, path: readonly string[], value: SweepValue['value']): void {
  if (!isMap(doc.contents)) throw new Error('the scenario is not a mapping');
  let map = doc.contents;
  for (const [depth, key] of path.entries()) {
    if (depth === path.length - 1) {
      map.set(doc.createNode(key), doc.createNode(value));
      return;
    }
    let next: unknown = map.get(key, true);
    if (isAlias(next)) {
      // The alias's own copy, to change without changing the anchor's other uses.
      const copy = (next.resolve(doc) as Node | undefined)?.clone();
      if (isCollection(copy) || isScalar(copy)) copy.anchor = undefined;
      next = copy;
    }
    const isRule = path[0] === 'durations' && depth === 1;
    if (next === undefined || (isScalar(next) && next.value === null)) {
      next = new YAMLMap();
    } else if (
      isRule &&
      (!isMap(next) ||
        next.items.some((pair) => isScalar(pair.key) && ESTIMATE_KEYS.has(String(pair.key.value))))
    ) {
      // One value for every host becomes the default beside the host's own.
      const rule = new YAMLMap();
      rule.set(doc.createNode('default'), next);
      next = rule;
    } else if (!isMap(next)) {
      throw new Error(`${path.slice(0, depth + 1).join('.')} is not a mapping in the scenario`);
    }
    map.set(doc.createNode(key), next);
    map = next as typeof map;
  }
}

/**
 * The scenario text with a point's values written in: each key set in the order of the
 * settings, a key before the keys under it (`durations.reboot` before
 * `durations.reboot.processing-3`); a per-host key turns a single value into the rule's
 * `default`. Read the result with the scenario parser. Pure.
 * @throws Error when the text is not a YAML mapping or a key's parent is not a mapping.
 */
export function applySweepPoint(
  text: string,
  parameters: readonly SweepParameter[],
  point: readonly number[],
): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new Error(`the text is not valid YAML: ${doc.errors[0]?.message ?? ''}`);
  const order = parameters
    .map((parameter, index) => ({ parameter, index }))
    .sort(
      (a, b) =>
        a.parameter.key.split('.').length - b.parameter.key.split('.').length || a.index - b.index,
    );
  for (const { parameter, index } of order) {
    const value = parameter.values[point[index] ?? 0];
    if (value !== undefined) setPath(doc, parameter.key.split('.'), value.value);
  }
  return doc.toString();
}

/** A point of a sweep, read: its scenario, and whether its runs draw nothing from the seed. */
export interface SweepPointScenario {
  readonly scenario: Scenario;
  /** Its runs draw nothing from the seed: one run is the whole story. */
  readonly exact: boolean;
}

/**
 * The seeds each point runs with: one (`first`) for an exact point, `count` from `first` on for
 * the others; with a shard, only the seeds of the runs that belong to it (the k-th run of the
 * whole sweep, point by point and seed by seed, belongs to part k mod N). Pure.
 */
export function sweepSeeds(
  points: readonly SweepPointScenario[],
  first: number,
  count: number,
  shard?: Shard,
): number[][] {
  let offset = 0;
  return points.map((point) => {
    const runs = point.exact ? 1 : count;
    const seeds =
      shard === undefined
        ? Array.from({ length: runs }, (_, index) => first + index)
        : seedsOfShard(first, runs, shard, offset);
    offset += runs;
    return seeds;
  });
}

/** One point of a sweep's summary. */
export interface SweepRow {
  /** Each swept key's value at this point, as a scenario file writes it. */
  readonly set: Readonly<Record<string, string | number | boolean>>;
  /** The point draws nothing from the seed: it ran once, and that run is the whole story. */
  readonly exact: boolean;
  /** The point's runs summed up, as `rehearse run --samples` sums them. */
  readonly result: SamplesReport;
}

/** The summary of `rehearse sweep`. */
export interface SweepReport {
  readonly format: typeof SWEEP_FORMAT;
  readonly scenario: string;
  /** The swept keys in the order given, each with its values in order. */
  readonly parameters: readonly {
    readonly key: string;
    readonly values: readonly (string | number | boolean)[];
  }[];
  /** Runs of a point that draws from the seed (`--samples`); an exact point runs once. */
  readonly samples: number;
  /** Every point runs with the seeds `firstSeed` … (`firstSeed` alone when exact). */
  readonly firstSeed: number;
  readonly points: number;
  /** Points where every run passed (every invariant held, every expectation met). */
  readonly passed: number;
  /** One per point, the first parameter changing slowest. */
  readonly rows: readonly SweepRow[];
}

/**
 * Sums a sweep up: each point's samples as `run --samples` sums them. Pure.
 * @param samples each point's samples, in the order of the points, at least one each.
 */
export function summarizeSweep(
  parameters: readonly SweepParameter[],
  grid: readonly (readonly number[])[],
  points: readonly SweepPointScenario[],
  samples: readonly (readonly Sample[])[],
  firstSeed: number,
  count: number,
): SweepReport {
  const rows = grid.map((point, index): SweepRow => {
    const read = points[index];
    if (read === undefined) throw new Error('summarizeSweep needs every point');
    return {
      set: Object.fromEntries(
        parameters.map((parameter, at) => [
          parameter.key,
          parameter.values[point[at] ?? 0]?.value ?? '',
        ]),
      ),
      exact: read.exact,
      result: summarizeSamples(read.scenario, samples[index] ?? []),
    };
  });
  return {
    format: SWEEP_FORMAT,
    scenario: points[0]?.scenario.name ?? '',
    parameters: parameters.map((parameter) => ({
      key: parameter.key,
      values: parameter.values.map((value) => value.value),
    })),
    samples: count,
    firstSeed,
    points: rows.length,
    passed: rows.filter((row) => row.result.passed === row.result.samples).length,
    rows,
  };
}
