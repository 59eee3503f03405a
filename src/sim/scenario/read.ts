/**
 * Typed readers over the position-keeping tree: each returns a value or throws a ScenarioError
 * pointing at the node, with the expected type in words.
 */
import { isVersion } from '../versions';
import { LIMITS } from '../defaults';
import { formatDuration, readDuration } from './duration';
import { ScenarioError, type Pos } from './errors';
import { listNames, suggest } from './suggest';
import type { YEntry, YMap, YNode, YSeq } from './tree';

/** The file being read, for every error. */
export interface Ctx {
  readonly file: string;
}

/** `a.b` / `a[1]`; keys that are not plain words are quoted. Pure. */
export function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const segment = /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
  return path === '' ? segment : `${path}.${segment}`;
}

/** Quotes user text for a message, shortened and on one line. Pure. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/** Puts a key between backticks for a message. Pure. */
export function tick(key: string): string {
  return `\`${key.length > 60 ? `${key.slice(0, 60)}…` : key}\``.replace(/[\r\n]/g, ' ');
}

export function fail(
  ctx: Ctx,
  at: YNode | Pos | undefined,
  path: string,
  reason: string,
  expected?: string,
): never {
  const pos = at === undefined ? undefined : 'kind' in at ? at.pos : at;
  throw new ScenarioError(reason, {
    file: ctx.file,
    path,
    line: pos?.line,
    column: pos?.column,
    expected,
  });
}

/**
 * What a value is, in words: `the number 7`, `the text "x"`, `a list`, `no value`. The one wording
 * of a value of the wrong kind, for scenario files and for any file checked against a schema
 * (a JSON report, a shard file). Pure.
 * @param source how the value was written, when known (`3.10` rather than `3.1`)
 */
export function describeValue(value: unknown, source?: string): string {
  if (value === null || value === undefined) return 'no value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'boolean') return `the boolean ${source || String(value)}`;
  if (typeof value === 'number' || typeof value === 'bigint')
    return `the number ${source ?? String(value)}`;
  if (typeof value === 'string') return `the text ${quote(value)}`;
  if (typeof value === 'object') return 'an object';
  return source === undefined ? 'a value of another kind' : `the value ${quote(source)}`;
}

/**
 * What is wrong with a value of the wrong kind, from what it is in words: `got the number 7`,
 * or `no value`. Pure.
 */
export function gotReason(what: string): string {
  return what === 'no value' ? what : `got ${what}`;
}

/** What a node is, in words: `the number 7`, `a list`, `the text "x"`. Pure. */
export function describe(node: YNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  // A scalar of another tag (`!!binary`, `!!timestamp`) is said as written.
  if (typeof node.value === 'object' && node.value !== null)
    return `the value ${quote(node.source)}`;
  return describeValue(node.value, node.source);
}

export function typeError(ctx: Ctx, node: YNode, path: string, expected: string): never {
  return fail(ctx, node, path, gotReason(describe(node)), expected);
}

export function isNull(node: YNode): boolean {
  return node.kind === 'scalar' && (node.value === null || node.value === undefined);
}

export function asMap(ctx: Ctx, node: YNode, path: string, expected: string): YMap {
  if (node.kind !== 'map') typeError(ctx, node, path, expected);
  return node;
}

export function asSeq(ctx: Ctx, node: YNode, path: string, expected: string): YSeq {
  if (node.kind !== 'seq') typeError(ctx, node, path, expected);
  return node;
}

/**
 * Refuses a list longer than `limit`, at the list, naming what it counts: the one check behind
 * every length limit on a scenario's lists. Returns the list.
 */
export function atMost(
  ctx: Ctx,
  list: YSeq,
  path: string,
  limit: number,
  noun: string,
  expected: string,
): YSeq {
  if (list.items.length > limit)
    fail(ctx, list, path, `too many ${noun}: ${list.items.length}, more than ${limit}`, expected);
  return list;
}

/**
 * The text of a scalar as written: strings as they are, numbers and booleans as their source
 * (`3.2` stays `3.2`). Lists, mappings and empty values are errors.
 */
export function asText(ctx: Ctx, node: YNode, path: string, expected: string): string {
  if (node.kind !== 'scalar' || isNull(node)) return typeError(ctx, node, path, expected);
  const text = typeof node.value === 'string' ? node.value : node.source;
  return text;
}

/**
 * A whole number in [min, max]. Quoted numbers are refused: `seed: "7"` is text. `tooLarge`
 * words the message for a number above `max` (a count past a limit).
 */
export function asInt(
  ctx: Ctx,
  node: YNode,
  path: string,
  min: number,
  max: number,
  expected: string,
  tooLarge?: (written: string) => string,
): number {
  if (node.kind !== 'scalar' || typeof node.value !== 'number') {
    return typeError(ctx, node, path, expected);
  }
  const { value } = node;
  if (!Number.isInteger(value)) {
    return fail(ctx, node, path, `${node.source} is not a whole number`, expected);
  }
  if (value < min) {
    return fail(ctx, node, path, `${node.source} is too small (at least ${min})`, expected);
  }
  if (value > max || !Number.isSafeInteger(value)) {
    const reason = tooLarge?.(node.source) ?? `${node.source} is too large (at most ${max})`;
    return fail(ctx, node, path, reason, expected);
  }
  return value;
}

/** Whether a node holds a number (for `count or list` keys). */
export function isNumber(node: YNode): boolean {
  return node.kind === 'scalar' && typeof node.value === 'number';
}

/** `unknown WHAT "x" — did you mean "y"?` as a reason. Pure. */
export function unknownReason(
  what: string,
  text: string,
  candidates: Iterable<string>,
  style: 'key' | 'value' = 'value',
): string {
  const show = style === 'key' ? tick : quote;
  const guess = suggest(text, candidates);
  return `unknown ${what} ${show(text)}${guess === undefined ? '' : ` — did you mean ${show(guess)}?`}`;
}

/** One of a fixed set of words, with a did-you-mean for typos. */
export function asEnum<T extends string>(
  ctx: Ctx,
  node: YNode,
  path: string,
  options: readonly T[],
  what: string,
): T {
  const expected = `one of: ${options.join(', ')}`;
  const text = asText(ctx, node, path, expected);
  if ((options as readonly string[]).includes(text)) return text as T;
  return fail(ctx, node, path, unknownReason(what, text, options), expected);
}

/** What a version must look like, for `(expected …)`. */
export const VERSION_EXPECTED = 'a version like 3.2.4, 5.x or 9.1.0-h3';

/** A version read from its source text, so `4.10` is not `4.1`. */
export function asVersion(ctx: Ctx, node: YNode, path: string): string {
  const text = asText(ctx, node, path, VERSION_EXPECTED).trim();
  if (isVersion(text)) return text;
  const bare = text.replace(/^[vV](?=\d)/, '');
  if (bare !== text && isVersion(bare)) {
    return fail(
      ctx,
      node,
      path,
      `${quote(text)} is not a version: write it without the v, ${bare}`,
      VERSION_EXPECTED,
    );
  }
  return fail(ctx, node, path, `${quote(text)} is not a version`, VERSION_EXPECTED);
}

/** A duration with a unit, in milliseconds. */
export function asDuration(ctx: Ctx, node: YNode, path: string, allowZero = true): number {
  const expected = 'a duration with a unit: 500ms, 90s, 15m, 1h30m, 2h, 1d';
  const text = asText(ctx, node, path, expected);
  const result = readDuration(text);
  if (!result.ok) return fail(ctx, node, path, result.reason, result.expected);
  if (!allowZero && result.ms === 0) {
    return fail(ctx, node, path, 'this duration must be longer than 0s', expected);
  }
  return result.ms;
}

/** Why `ms` cannot be how long a step lasts, or undefined when it can. Pure. */
export function tooLongForStep(ms: number): string | undefined {
  return ms > LIMITS.duration
    ? `${formatDuration(ms)} is too long for a step: one lasts at most ${formatDuration(LIMITS.duration)}`
    : undefined;
}

/** How long a step lasts: a duration of at most {@link LIMITS.duration}. */
export function asStepDuration(ctx: Ctx, node: YNode, path: string, allowZero = true): number {
  const ms = asDuration(ctx, node, path, allowZero);
  const tooLong = tooLongForStep(ms);
  return tooLong === undefined
    ? ms
    : fail(ctx, node, path, tooLong, `at most ${formatDuration(LIMITS.duration)}`);
}

/** Names of hosts and workloads: a letter or digit, then up to 62 of `A-Za-z0-9._-`. */
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const NAME_EXPECTED =
  "a name of ASCII letters (a–z, A–Z), digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters";

export function asName(ctx: Ctx, node: YNode, path: string, what: string): string {
  const text = asText(ctx, node, path, NAME_EXPECTED);
  if (!NAME_RE.test(text))
    return fail(ctx, node, path, `${quote(text)} is not a valid ${what} name`, NAME_EXPECTED);
  return text;
}

/**
 * Checks a mapping's keys: every key must be one of `allowed` (or `hint` explains why it is
 * refused here). Returns the entries by key.
 */
export function checkKeys(
  ctx: Ctx,
  map: YMap,
  path: string,
  allowed: readonly string[],
  hint?: (key: string, entry: YEntry) => string | undefined,
): Map<string, YEntry> {
  const byKey = new Map<string, YEntry>();
  for (const entry of map.entries) {
    if (!allowed.includes(entry.key)) {
      const reason = hint?.(entry.key, entry) ?? unknownReason('key', entry.key, allowed, 'key');
      fail(ctx, entry.keyPos, child(path, entry.key), reason, `one of: ${listNames(allowed, 20)}`);
    }
    byKey.set(entry.key, entry);
  }
  return byKey;
}
