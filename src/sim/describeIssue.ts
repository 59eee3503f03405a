/**
 * A schema issue (zod's) in the words scenario errors use: the key path, what is wrong, and what
 * was expected — `steps[1].at: got the text "90" (expected a whole number)` rather than the
 * library's `Invalid input: expected int, received string`. Imports nothing of zod at run time.
 */
import type { z } from 'zod';
import { child, describeValue, gotReason, quote, tick, unknownReason } from './scenario/read';
import { listNames } from './scenario/suggest';

type Issue = z.core.$ZodIssue;

/** A kind of value the schema wanted, in words. */
const KIND_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  set: 'a list',
  object: 'an object',
  record: 'an object',
  map: 'an object',
  null: 'null',
  nonoptional: 'a value',
};

interface Wording {
  readonly path: string;
  readonly reason: string;
  readonly expected?: string;
}

/** `a.b[1]` from `prefix` and zod's path, written as scenario errors write them. Pure. */
function pathOf(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) => child(text, typeof key === 'number' ? key : String(key)),
    prefix,
  );
}

/** A value the schema allows, as written in JSON or YAML. Pure. */
function literal(value: unknown): string {
  return typeof value === 'string' ? quote(value) : String(value);
}

function isWhole(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value);
}

function invalidType(issue: z.core.$ZodIssueInvalidType, path: string): Wording {
  const expected = KIND_WORDS[issue.expected] ?? `a value of type ${issue.expected}`;
  if (issue.input === undefined) return { path, reason: 'missing', expected };
  if (issue.expected === 'int' && typeof issue.input === 'number' && !isWhole(issue.input))
    return { path, reason: `${issue.input} is not a whole number`, expected };
  return { path, reason: gotReason(describeValue(issue.input)), expected };
}

/** `at least 0`, `more than 0`, `at most 3`, `less than 3`. Pure. */
function bound(side: 'least' | 'most', limit: number | bigint, inclusive = true): string {
  if (inclusive) return `at ${side} ${limit}`;
  return side === 'least' ? `more than ${limit}` : `less than ${limit}`;
}

function sizeOf(input: unknown): number | undefined {
  if (typeof input === 'string' || Array.isArray(input)) return input.length;
  return input instanceof Set ? input.size : undefined;
}

function outOfRange(
  issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig,
  path: string,
): Wording {
  const small = issue.code === 'too_small';
  const limit = small ? issue.minimum : issue.maximum;
  const expected = bound(small ? 'least' : 'most', limit, issue.inclusive);
  const { input, origin } = issue;
  if (origin === 'string' || origin === 'array' || origin === 'set') {
    const text = origin === 'string';
    const unit = text ? 'characters' : 'items';
    const size = sizeOf(input);
    if (small && size === 0)
      return text
        ? { path, reason: 'empty text', expected: 'text that is not empty' }
        : { path, reason: 'an empty list', expected: 'at least one item' };
    const count = size === undefined ? '' : `: ${size}`;
    return {
      path,
      reason: `${small ? 'too few' : 'too many'} ${unit}${count}`,
      expected: `${expected} ${unit}`,
    };
  }
  const written = typeof input === 'number' || typeof input === 'bigint' ? `${input} ` : '';
  return { path, reason: `${written}is too ${small ? 'small' : 'large'}`.trim(), expected };
}

function invalidValue(issue: z.core.$ZodIssueInvalidValue, path: string): Wording {
  const { input, values } = issue;
  const [only] = values;
  if (values.length === 1)
    return { path, reason: gotReason(describeValue(input)), expected: literal(only) };
  const expected = `one of: ${listNames(values.map(String), 12)}`;
  if (typeof input === 'string')
    return { path, reason: unknownReason('value', input, values.map(String)), expected };
  return { path, reason: gotReason(describeValue(input)), expected };
}

function invalidFormat(issue: z.core.$ZodIssueInvalidStringFormat, path: string): Wording {
  const written = typeof issue.input === 'string' ? `${quote(issue.input)} ` : '';
  if (issue.format === 'regex' && issue.pattern !== undefined)
    return {
      path,
      reason: `${written}is not in the form expected`.trim(),
      expected: `text matching ${issue.pattern}`,
    };
  return { path, reason: `${written}is not a valid ${issue.format}`.trim() };
}

/**
 * A union no branch of which matched: when every branch wanted another kind of value, what it
 * got against all of them (`got no value (expected text or a number)`); otherwise the wording of
 * the branch that went furthest (its first issue lies deepest), as if it were the only one.
 */
function invalidUnion(issue: z.core.$ZodIssueInvalidUnion, path: string): Wording {
  const branches = issue.errors.filter((errors) => errors.length > 0);
  const kinds = branches.map((errors) => {
    const [first] = errors;
    return errors.length === 1 && first?.code === 'invalid_type' && first.path.length === 0
      ? first
      : undefined;
  });
  if (branches.length > 0 && kinds.every((kind) => kind !== undefined)) {
    const expected = [...new Set(kinds.map((kind) => invalidType(kind, path).expected))];
    const [one] = kinds;
    const reason = one === undefined ? 'no value' : invalidType(one, path).reason;
    return { path, reason, expected: expected.join(' or ') };
  }
  const depth = (errors: readonly Issue[]) => errors[0]?.path.length ?? 0;
  const furthest = branches.reduce<readonly Issue[] | undefined>(
    (best, errors) => (best === undefined || depth(errors) > depth(best) ? errors : best),
    undefined,
  );
  const first = furthest?.[0];
  if (first === undefined) return { path, reason: 'matches none of the forms allowed here' };
  return wordingOf(first, path);
}

function wordingOf(issue: Issue, prefix: string): Wording {
  const path = pathOf(prefix, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return invalidType(issue, path);
    case 'too_small':
    case 'too_big':
      return outOfRange(issue, path);
    case 'invalid_value':
      return invalidValue(issue, path);
    case 'invalid_format':
      return invalidFormat(issue, path);
    case 'not_multiple_of':
      return {
        path,
        reason: `${typeof issue.input === 'number' ? `${issue.input} ` : ''}is not a multiple of ${issue.divisor}`,
      };
    case 'unrecognized_keys': {
      const [key] = issue.keys;
      if (issue.keys.length === 1 && key !== undefined)
        return { path: child(path, key), reason: `unknown key ${tick(key)}` };
      return { path, reason: `unknown keys ${issue.keys.map(tick).join(', ')}` };
    }
    case 'invalid_union':
      return invalidUnion(issue, path);
    case 'invalid_key':
    case 'invalid_element': {
      const [inner] = issue.issues;
      return inner === undefined ? { path, reason: 'not allowed here' } : wordingOf(inner, path);
    }
    case 'custom':
      // Written by the schema's author, in words already.
      return { path, reason: issue.message };
  }
}

/**
 * One schema issue as one line, `PATH: what is wrong (expected …)`, worded as scenario errors
 * are. The issue must come from a parse with `{ reportInput: true }`: without the value it got,
 * a wrong value reads as a missing one. Pure.
 * @param prefix the path of the value checked, inside a larger file (`runs[1].report`)
 * @example
 * describeIssue(reportSchema.safeParse(value, { reportInput: true }).error.issues[0])
 * // 'invariants[0].violations[1].at: got the text "90" (expected a whole number)'
 */
export function describeIssue(issue: Issue, prefix = ''): string {
  const { path, reason, expected } = wordingOf(issue, prefix);
  const line = `${path === '' ? '' : `${path}: `}${reason}${expected === undefined ? '' : ` (expected ${expected})`}`;
  return line.replace(/\s*[\r\n]+\s*/g, ' ');
}
