/**
 * Durations that vary from run to run, and faults that strike by chance: every draw comes from a
 * stream of its own, derived from the run's seed and what is drawn (the kind of step, the host,
 * the step), so a draw never depends on how many other draws came before it. A scenario whose
 * durations are all fixed draws nothing.
 */
import { seededRandom } from './random';
import type { DurationKey, DurationRange, DurationRule, DurationSpread, Durations } from './types';

/** FNV-1a over the text's UTF-16 code units: a 32-bit seed for one stream. Pure. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The generator of one draw: the run's seed and the parts that name what is drawn.
 * Pure: the same seed and parts give the same numbers.
 * @example streamOf(7, 'install', 'processing-1', 12)();
 */
export function streamOf(seed: number, ...parts: readonly (string | number)[]): () => number {
  return seededRandom(hash(`${seed}\u0000${parts.join('\u0000')}`));
}

/** A standard normal draw (Box–Muller). */
function normal(next: () => number): number {
  const u = 1 - next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

/** A Gamma(shape, 1) draw for shape ≥ 1 (Marsaglia and Tsang). */
function gamma(shape: number, next: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(next);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = 1 - next();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * The PERT shape parameters of a three-point estimate: alpha = 1 + 4(likely − min)/(max − min),
 * beta = 1 + 4(max − likely)/(max − min). Pure.
 */
export function pertShape(range: Required<DurationRange>): { alpha: number; beta: number } {
  const width = range.max - range.min;
  return {
    alpha: 1 + (4 * (range.likely - range.min)) / width,
    beta: 1 + (4 * (range.max - range.likely)) / width,
  };
}

/**
 * Draws a duration in `[min, max]`: uniform, or PERT (a Beta distribution scaled to the range)
 * when the range has `likely`; in whole seconds when both ends are, else in milliseconds. Pure
 * given the generator.
 */
export function drawRange(range: DurationRange, next: () => number): number {
  const { min, max } = range;
  if (max <= min) return min;
  // Whole seconds when both ends are: a drawn install reads 21m14s, not 21m14s387ms.
  const unit = min % 1000 === 0 && max % 1000 === 0 ? 1000 : 1;
  const steps = (max - min) / unit;
  if (range.likely === undefined) {
    return min + Math.min(steps, Math.floor(next() * (steps + 1))) * unit;
  }
  const { alpha, beta } = pertShape({ min, likely: range.likely, max });
  const x = gamma(alpha, next);
  const y = gamma(beta, next);
  return min + Math.min(steps, Math.max(0, Math.round((x / (x + y)) * steps))) * unit;
}

/** The mean of a range (uniform: the midpoint; PERT: (min + 4·likely + max) / 6), in ms. Pure. */
export function typicalDuration(range: DurationRange): number {
  return range.likely === undefined
    ? Math.round((range.min + range.max) / 2)
    : Math.round((range.min + 4 * range.likely + range.max) / 6);
}

/** The longest a rule can make a step last. Pure. */
export function longestOf(rule: DurationRule): number {
  const values = [rule.default, ...Object.values(rule.by ?? {})];
  return Math.max(...values.map((value) => (typeof value === 'number' ? value : value.max)));
}

/** A host as a draw sees it: its name and the role it has now. */
interface DrawHost {
  readonly name: string;
  readonly role: string;
}

/**
 * A rule's value for a host: by its name, then by its role, then the rule's `default` (no host:
 * the default). The one place that order is kept: the draw and the account of what was drawn
 * (`drawnDurations`) both read it. Pure.
 */
export function ruleValue(
  rule: DurationRule,
  name: string | undefined,
  role: string | undefined,
): DurationRule['default'] {
  return (
    (name === undefined
      ? undefined
      : (rule.by?.[name] ?? (role === undefined ? undefined : rule.by?.[role]))) ?? rule.default
  );
}

/**
 * How long a step of kind `key` lasts on `host`: the fixed duration when the scenario gives one,
 * else the rule's value for the host (its name, then its role, then `default`), drawn from the
 * stream of (seed, key, host, occurrence) when it varies. Pure.
 * @param occurrence what tells this step from the others of its kind on the host: its hop and
 *   how many of them ran before it there (not its place in the list, which other steps move).
 */
export function drawDuration(
  durations: Durations,
  spread: DurationSpread | undefined,
  seed: number,
  key: DurationKey,
  host: DrawHost | undefined,
  occurrence: string | number,
): number {
  const rule = spread?.[key];
  if (rule === undefined) return durations[key];
  const value = ruleValue(rule, host?.name, host?.role);
  if (typeof value === 'number') return value;
  return drawRange(value, streamOf(seed, key, host?.name ?? '', occurrence));
}

/**
 * A host's own durations for a run, the ones no procedure step times (a takeover, the
 * controller restarting VPSs): each varying key drawn once per host and run. Pure.
 */
export function hostDurations(
  durations: Durations,
  spread: DurationSpread | undefined,
  seed: number,
  host: DrawHost,
): Durations {
  if (spread === undefined) return durations;
  const out: Record<string, number> = { ...durations };
  for (const key of Object.keys(spread) as DurationKey[]) {
    out[key] = drawDuration(durations, spread, seed, key, host, 'host');
  }
  return out as unknown as Durations;
}

/**
 * Whether a fault with a probability strikes at one opportunity: the stream of (seed, fault,
 * host, the step's occurrence — its hop and how many steps of its kind ran on the host before it
 * there — how many times the fault struck before) decides, so the same run always decides the
 * same way. The count makes a step started again after the fault struck it (a crashed host's
 * install, run again once it is back) a new opportunity with a draw of its own; without it the
 * same draw would strike again at every new start, for ever. Until the fault first strikes the
 * count is left out of the stream. Pure.
 */
export function strikes(
  probability: number,
  seed: number,
  fault: number,
  host: string,
  step: number | string,
  struck = 0,
): boolean {
  const stream =
    struck === 0
      ? streamOf(seed, 'fault', fault, host, step)
      : streamOf(seed, 'fault', fault, host, step, struck);
  return stream() < probability;
}
