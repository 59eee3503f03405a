/**
 * Durations as scenario files write them (`500ms`, `90s`, `15m`, `1h30m`, `2h`, `1d`) and back.
 */
import { LIMITS } from '../defaults';

const UNITS = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
] as const;

type Unit = (typeof UNITS)[number][0];

const UNIT_MS: Readonly<Record<Unit, number>> = Object.fromEntries(UNITS) as Record<Unit, number>;

/** The examples every duration message shows. */
const DURATION_EXAMPLES = '15m, 90s, 500ms, 1h30m';

/** What a duration must look like, for `(expected …)`. */
const DURATION_EXPECTED = 'a number with a unit: 500ms, 90s, 15m, 1h30m, 2h, 1d';

/** A parsed duration, or why the text is not one. */
type DurationResult =
  | { readonly ok: true; readonly ms: number }
  | { readonly ok: false; readonly reason: string; readonly expected?: string };

const COMPONENT = /(\d+(?:\.\d+)?)\s*(ms|d|h|m|s)/y;

/**
 * Reads a duration without throwing: the scenario parser turns the reason into a ScenarioError at
 * the right line and column. Zero (`0s`) is accepted; callers refuse it where it makes no sense.
 * Pure.
 */
export function readDuration(text: string): DurationResult {
  const source = text.trim();
  const shown = JSON.stringify(source.length > 40 ? `${source.slice(0, 40)}…` : source);
  if (source === '') {
    return { ok: false, reason: 'a duration cannot be empty', expected: DURATION_EXPECTED };
  }
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i.test(source)) {
    return { ok: false, reason: `durations need a unit: ${DURATION_EXAMPLES}` };
  }
  if (source.includes('..')) {
    return {
      ok: false,
      reason: `${shown} is a range: a range is accepted only under durations: and as a fault's duration; give one duration here`,
      expected: DURATION_EXPECTED,
    };
  }
  if (/^-\s*\d/.test(source)) {
    return { ok: false, reason: `a duration cannot be negative: ${source}` };
  }
  let position = 0;
  let total = 0;
  let lastRank = -1;
  while (position < source.length) {
    COMPONENT.lastIndex = position;
    const match = COMPONENT.exec(source);
    if (match === null) {
      return { ok: false, reason: `${shown} is not a duration`, expected: DURATION_EXPECTED };
    }
    const amount = Number(match[1]);
    const unit = match[2] as Unit;
    const rank = UNITS.findIndex(([name]) => name === unit);
    if (rank <= lastRank) {
      return {
        ok: false,
        reason: `${shown} is not a duration: write each unit once, from the largest to the smallest (d, h, m, s, ms)`,
        expected: 'a duration like 1h30m',
      };
    }
    lastRank = rank;
    total += amount * UNIT_MS[unit];
    position = COMPONENT.lastIndex;
    while (source[position] === ' ') position++;
  }
  const ms = Math.round(total);
  if (Math.abs(total - ms) > 1e-6) {
    return { ok: false, reason: `${shown} is not a whole number of milliseconds` };
  }
  if (ms > LIMITS.runTime) {
    return {
      ok: false,
      reason: `${shown} is too long for a duration: at most ${formatDuration(LIMITS.runTime)}, 1,000 years`,
    };
  }
  return { ok: true, ms };
}

/** A parsed range `15m..30m`, or why the text is not one. */
type RangeResult =
  | { readonly ok: true; readonly min: number; readonly max: number }
  | { readonly ok: false; readonly reason: string; readonly expected?: string };

const RANGE_EXPECTED = 'a range of two durations, the shorter first: 15m..30m';

/**
 * Reads a range of durations, `15m..30m` (both ends included), without throwing. Pure.
 * @returns undefined when the text has no `..` (it is not meant as a range).
 */
export function readDurationRange(text: string): RangeResult | undefined {
  const at = text.indexOf('..');
  if (at < 0) return undefined;
  const ends = [text.slice(0, at), text.slice(at + 2)];
  const ms: number[] = [];
  for (const end of ends) {
    if (end.includes('..')) {
      return {
        ok: false,
        reason: `${JSON.stringify(text.trim())} has more than one ..`,
        expected: RANGE_EXPECTED,
      };
    }
    const result = readDuration(end);
    if (!result.ok) {
      return {
        ok: false,
        reason: `in the range ${JSON.stringify(text.trim())}: ${result.reason}`,
        expected: RANGE_EXPECTED,
      };
    }
    ms.push(result.ms);
  }
  const [min = 0, max = 0] = ms;
  if (min > max) {
    return {
      ok: false,
      reason: `the range ${JSON.stringify(text.trim())} ends before it starts: write the shorter duration first (${formatDuration(max)}..${formatDuration(min)})`,
      expected: RANGE_EXPECTED,
    };
  }
  return { ok: true, min, max };
}

/**
 * Parses a duration with a unit (`500ms`, `90s`, `15m`, `1h30m`, `2h`, `1d`) into milliseconds.
 * A bare number is refused (durations need a unit), as are negative durations and garbage; `0s`
 * is accepted. Pure.
 * @throws Error with a one-line message when the text is not a duration.
 */
export function parseDuration(text: string): number {
  const result = readDuration(text);
  if (result.ok) return result.ms;
  const expected = result.expected === undefined ? '' : ` (expected ${result.expected})`;
  throw new Error(`${result.reason}${expected}`);
}

/**
 * Formats milliseconds compactly: `15m`, `1h30m`, `45s`, `500ms`, `0s`, `2d3h`. Pure.
 * Fractions of a millisecond are rounded; negative durations get a leading `-`.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  let rest = Math.round(Math.abs(ms));
  if (rest === 0) return '0s';
  let out = ms < 0 ? '-' : '';
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out;
}
