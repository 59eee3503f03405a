/**
 * Durations that vary: a fixed duration (`15m`), a range (`15m..30m`, uniform), a three-point
 * estimate (`{ min: 10m, likely: 15m, max: 45m }`, PERT), and under `durations:` an override per
 * host or role (`{ default: 5m, processing-3: 20m }`).
 */
import { typicalDuration } from '../../../machines/durationDraw';
import type { DurationRange, DurationRule, DurationValue } from '../types';
import { formatDuration, readDurationRange } from './duration';
import {
  asMap,
  asStepDuration,
  checkKeys,
  child,
  fail,
  tooLongForStep,
  unknownReason,
} from './read';
import type { Model } from './model';
import type { YMap, YNode } from './tree';
import type { Ctx } from './read';

/** The key of an override mapping that holds the value for every host it does not name. */
export const OVERRIDE_DEFAULT = 'default';

/** The keys of a three-point estimate. */
const ESTIMATE_KEYS = ['min', 'likely', 'max'];

const VALUE_EXPECTED =
  'a duration (15m), a range (15m..30m) or an estimate ({ min: 10m, likely: 15m, max: 45m })';

function readEstimate(ctx: Ctx, map: YMap, path: string, allowZero: boolean): DurationRange {
  const fields = checkKeys(ctx, map, path, ESTIMATE_KEYS);
  const read = (key: string): number | undefined => {
    const entry = fields.get(key);
    return entry === undefined
      ? undefined
      : asStepDuration(ctx, entry.value, child(path, key), allowZero);
  };
  const min = read('min');
  const likely = read('likely');
  const max = read('max');
  for (const [key, value] of [
    ['min', min],
    ['likely', likely],
    ['max', max],
  ] as const) {
    if (value === undefined) {
      // Without `likely` it is no three-point estimate: a range between two ends is written
      // `8m..50m` (uniform), and a mapping missing `likely` was drawn as one, unsaid.
      const range = key === 'likely' ? ' (its most likely value; a range is written min..max)' : '';
      fail(ctx, map, child(path, key), `an estimate needs \`${key}\`${range}`, VALUE_EXPECTED);
    }
  }
  const low = min ?? 0;
  const high = max ?? 0;
  if (low > high) {
    fail(
      ctx,
      fields.get('max')?.value ?? map,
      child(path, 'max'),
      `max ${formatDuration(high)} is shorter than min ${formatDuration(low)}`,
      'max at least min',
    );
  }
  if (likely !== undefined && (likely < low || likely > high)) {
    fail(
      ctx,
      fields.get('likely')?.value ?? map,
      child(path, 'likely'),
      `likely ${formatDuration(likely)} is outside min..max (${formatDuration(low)}..${formatDuration(high)})`,
      'likely between min and max',
    );
  }
  return { min: low, likely: likely ?? low, max: high };
}

/**
 * Reads one duration that may vary: fixed, a range or an estimate. Zero is refused when
 * `allowZero` is false (for a range: its shorter end).
 */
export function readDurationValue(
  ctx: Ctx,
  node: YNode,
  path: string,
  allowZero = true,
): DurationValue {
  if (node.kind === 'map') return readEstimate(ctx, node, path, allowZero);
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    const range = readDurationRange(node.value);
    if (range !== undefined) {
      if (!range.ok) return fail(ctx, node, path, range.reason, range.expected);
      const tooLong = tooLongForStep(range.max);
      if (tooLong !== undefined) return fail(ctx, node, path, `in the range: ${tooLong}`);
      if (!allowZero && range.min === 0) {
        return fail(ctx, node, path, 'this duration must be longer than 0s', VALUE_EXPECTED);
      }
      return { min: range.min, max: range.max };
    }
  }
  return asStepDuration(ctx, node, path, allowZero);
}

/** A fixed duration, or the mean of one that varies (for the plan and its costs). Pure. */
export function typicalOf(value: DurationValue): number {
  return typeof value === 'number' ? value : typicalDuration(value);
}

/**
 * Reads one key of `durations:`: a value that may vary, or a mapping with `default` and an
 * override per host name or role. `fallback` is the default when the mapping gives none.
 */
export function readDurationRule(
  m: Model,
  node: YNode,
  path: string,
  fallback: number,
): DurationValue | DurationRule {
  const { ctx } = m;
  const names = [OVERRIDE_DEFAULT, ...m.hosts.map((host) => host.name), ...m.roles];
  if (node.kind === 'map') {
    // Both an estimate's keys and a host's or `default`: two shapes in one mapping, named as
    // such (before: "unknown key 'default'", as if `default` were the mistake).
    const estimate = node.entries.find((entry) => ESTIMATE_KEYS.includes(entry.key));
    const other = node.entries.find((entry) => names.includes(entry.key));
    if (estimate && other) {
      fail(
        ctx,
        other.keyPos,
        child(path, other.key),
        `\`${other.key}\` beside \`${estimate.key}\`: a value is either an estimate ({ min, likely, max }) or a value per host or role ({ default, HOST: … }), not both`,
        `an estimate per host: { default: { min: 10m, likely: 15m, max: 45m }, ${m.hosts[0]?.name ?? 'HOST'}: 20m }`,
      );
    }
  }
  if (node.kind !== 'map' || node.entries.some((entry) => ESTIMATE_KEYS.includes(entry.key))) {
    return readDurationValue(ctx, node, path);
  }
  const map = asMap(ctx, node, path, VALUE_EXPECTED);
  if (map.entries.length === 0) {
    fail(
      ctx,
      map,
      path,
      'the mapping is empty',
      `${VALUE_EXPECTED}, or { default: 5m, processing-3: 20m }`,
    );
  }
  let defaultValue: DurationValue = fallback;
  const by: Record<string, DurationValue> = {};
  for (const entry of map.entries) {
    const entryPath = child(path, entry.key);
    if (!names.includes(entry.key)) {
      fail(
        ctx,
        entry.keyPos,
        entryPath,
        unknownReason('host or role', entry.key, names, 'key'),
        `default, a host (${m.hosts
          .map((host) => host.name)
          .slice(0, 8)
          .join(', ')}${m.hosts.length > 8 ? ', …' : ''}) or a role (${m.roles.join(', ')})`,
      );
    }
    const value = readDurationValue(ctx, entry.value, entryPath);
    if (entry.key === OVERRIDE_DEFAULT) defaultValue = value;
    else by[entry.key] = value;
  }
  return Object.keys(by).length === 0 ? defaultValue : { default: defaultValue, by };
}
