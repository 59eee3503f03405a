/**
 * Monte Carlo over seeds: a scenario run once per seed (S, S+1, …, S+N−1), each run boiled down
 * to a Sample, and the samples summed up as percentiles, frequencies and chances. A sample
 * depends only on the scenario and its seed, so how the seeds are shared among workers never
 * changes the result.
 */
import type { DurationKey, DurationValue, InvariantId, Outcome } from '../../machines/types';
import { OUTCOMES } from '../../machines/types';
import { longestOutages } from './downtimeRows';
import { reportPasses } from './report';
import { hadChance, sampleSimulator } from './runner';
import { noChanceWords } from './warnings';
import type { Shard } from './explore';
import type { Scenario } from './types';
import { largest } from './extremes';

/** The version of `rehearse run --samples --json`'s shape; it changes only with this number. */
export const SAMPLES_FORMAT = 1;

/** One run of a scenario, boiled down to what the summary needs. Plain data (it crosses workers). */
export interface Sample {
  readonly seed: number;
  readonly outcome: Outcome;
  /** How long the run took (ms). */
  readonly duration: number;
  /** Every workload's downtime added up (ms). */
  readonly total: number;
  /** Each workload's downtime (ms), in the scenario's order. */
  readonly downtime: readonly number[];
  /** Each workload's longest outage (ms), in the scenario's order. */
  readonly longest: readonly number[];
  /** The invariants violated (and not expected to be). */
  readonly violated: readonly InvariantId[];
  /** Whether an `expect` entry was missed. */
  readonly missed: boolean;
  /** Whether the run passed as `rehearse run` judges it. */
  readonly passed: boolean;
  /** Indexes of the scenario's faults that fired at least once. */
  readonly fired: readonly number[];
  /**
   * The varying `durations:` keys whose drawn value timed something in the run, in the
   * scenario's order: those the seed made a difference with (see `drawnDurations`).
   */
  readonly drawn: readonly DurationKey[];
  /**
   * The run's warnings, as `rehearse run` prints them (absent: none). A fault left to chance
   * that did not strike is none: `risks` counts it.
   */
  readonly warnings?: readonly string[];
}

/**
 * Runs the scenario with one seed and boils the run down to a Sample: a function of the seed
 * that works out what every run of the scenario shares once, however many seeds it is given.
 * The runs keep no trace: a sample reads none of it, and every figure it does read is the same
 * without it. Deterministic.
 * @example
 * const sample = sampler(scenario);
 * const worst = Math.max(...[1, 2, 3].map((seed) => sample(seed).total));
 */
export function sampler(scenario: Scenario): (seed: number) => Sample {
  const run = sampleSimulator(scenario);
  const expected = new Set(scenario.expect?.violations ?? []);
  return (seed) => {
    const ran = run({ seed, trace: false });
    const { report } = ran;
    return {
      seed,
      outcome: report.outcome,
      duration: report.duration,
      total: report.downtime.total,
      downtime: report.workloads.map((workload) => workload.downtime),
      longest: longestOutages(ran),
      violated: report.invariants
        .filter((invariant) => !invariant.holds && !expected.has(invariant.id))
        .map((invariant) => invariant.id),
      missed: report.expectations?.met === false,
      passed: reportPasses(report, scenario),
      fired: [...new Set(ran.fired)].sort((a, b) => a - b),
      drawn: ran.drawn ?? [],
      ...(report.warnings.length === 0 ? {} : { warnings: report.warnings }),
    };
  };
}

/** The largest seed a run takes: seeds are whole numbers a double holds exactly. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/**
 * Why `count` seeds from `first` on cannot all be run, if they cannot: the last would be past
 * {@link MAX_SEED}, where seeds no longer differ by one (two runs of the same seed, a worst run
 * that `--seed` refuses to replay). Pure.
 */
export function seedRangeProblem(first: number, count: number): string | undefined {
  if (first + (count - 1) <= MAX_SEED) return undefined;
  return `${count.toLocaleString('en-US')} seeds from ${first} on go past ${MAX_SEED}, the largest seed: start at ${MAX_SEED - count + 1} or lower, or take fewer samples`;
}

/** Runs `count` seeds from `first` on, one after another. Deterministic. */
export function sampleRuns(scenario: Scenario, first: number, count: number): Sample[] {
  const sample = sampler(scenario);
  const samples: Sample[] = [];
  for (let i = 0; i < count; i++) samples.push(sample(first + i));
  return samples;
}

/** Runs of one scenario, one per seed: what a worker (or a shard) is given to sample. */
export interface SampleBatch {
  readonly scenario: Scenario;
  readonly seeds: readonly number[];
}

/**
 * The seeds of part `shard.index` of `shard.count` among `count` runs with the seeds `first`,
 * `first + 1`, …: the k-th run of the whole (0-based, `offset` runs coming before these) belongs
 * to part k mod `shard.count`, so the parts together hold every run once and need no
 * coordination. Pure.
 * @example seedsOfShard(1, 10, { index: 1, count: 3 }) // [2, 5, 8]
 */
export function seedsOfShard(first: number, count: number, shard: Shard, offset = 0): number[] {
  const seeds: number[] = [];
  const start = (((shard.index - offset) % shard.count) + shard.count) % shard.count;
  for (let k = start; k < count; k += shard.count) seeds.push(first + k);
  return seeds;
}

/**
 * The nearest-rank percentile: the smallest value with at least p% of the values at or below
 * it, i.e. the value of rank ⌈p/100 × N⌉ in ascending order (rank 1 for p = 0). Pure.
 * @param sorted the values in ascending order, at least one.
 * @example nearestRank([1, 2, 3, 4], 50) // 2
 */
export function nearestRank(sorted: readonly number[], p: number): number {
  return atNearestRank(sorted, p) ?? 0;
}

/** The item of rank ⌈p/100 × N⌉ of `sorted` (rank 1 for p = 0); undefined when it is empty. Pure. */
function atNearestRank<T>(sorted: readonly T[], p: number): T | undefined {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** A proportion with its 95% Wilson score interval. */
export interface Chance {
  readonly count: number;
  readonly of: number;
  /** count / of. */
  readonly rate: number;
  /** The 95% Wilson score interval of the rate. */
  readonly low: number;
  readonly high: number;
}

const Z95 = 1.959963984540054;

/** `12.5%`, or `<0.1%` for a rate above 0 that rounds to nothing. Pure. */
export function formatRate(rate: number): string {
  if (rate > 0 && rate < 0.0005) return '<0.1%';
  return `${(rate * 100).toFixed(1)}%`;
}

/**
 * A chance as the CLI and the debugger say it. Pure.
 * @example formatChance(wilson(25, 200)) // '12.5% (25 of 200; 95% CI 8.6–17.8%)'
 */
export function formatChance(chance: Chance): string {
  const count = (value: number) => value.toLocaleString('en');
  return `${formatRate(chance.rate)} (${count(chance.count)} of ${count(chance.of)}; 95% CI ${formatRate(chance.low)}–${formatRate(chance.high)})`;
}

/** `count` out of `of`, with its 95% Wilson score interval. Pure. */
export function wilson(count: number, of: number): Chance {
  if (of === 0) return { count, of, rate: 0, low: 0, high: 1 };
  const p = count / of;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * of)) / (1 + z2 / of);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / of + z2 / (4 * of * of))) / (1 + z2 / of);
  // At 0 of N (N of N) the bound is exactly 0 (1): the formula's rounding left 1.7e-18 in JSON.
  return {
    count,
    of,
    rate: p,
    low: count === 0 ? 0 : Math.max(0, centre - half),
    high: count === of ? 1 : Math.min(1, centre + half),
  };
}

/** p50, p90, p99 (nearest rank) and the maximum of some values, in ms. */
export interface Spread {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

function spreadOf(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: nearestRank(sorted, 50),
    p90: nearestRank(sorted, 90),
    p99: nearestRank(sorted, 99),
    max: sorted[sorted.length - 1] ?? 0,
  };
}

/** A workload's downtime over the samples. */
export interface WorkloadSpread extends Spread {
  readonly name: string;
  /** Its longest single outage in any sample (ms). */
  readonly longestOutage: number;
}

/** What a fault with a probability did over the samples. */
export interface FaultRisk {
  /** Its index under `faults:`. */
  readonly index: number;
  readonly fault: string;
  readonly target?: string;
  readonly probability: number;
  /** The runs in which it struck at least once. */
  readonly struck: Chance;
  /** Mean total downtime (ms) of the runs where it struck, and where it did not (undefined: none). */
  readonly meanWhenStruck?: number;
  readonly meanOtherwise?: number;
  /** meanWhenStruck − meanOtherwise, when both exist. */
  readonly adds?: number;
  /**
   * The 95% interval of `adds` (ms): Welch's, for two means of unequal variances, with the normal
   * quantile (difference ± 1.96·√(s₁²/n₁ + s₂²/n₂), each s² the sample variance, n − 1 below).
   * Present only when both groups have at least two runs: one run has no spread to measure.
   */
  readonly addsInterval?: { readonly low: number; readonly high: number };
  /**
   * Where it struck in no run: why it had no chance to in the first seed's run (`no step install
   * ran on active`), which is the scenario's doing, not chance's. Absent when it struck, or had
   * chances and the seeds drew no strike.
   */
  readonly noChance?: string;
  /** Each outcome's chance among the runs where it struck. */
  readonly outcomes: Readonly<Partial<Record<Outcome, Chance>>>;
}

/**
 * The 95% interval of the downtime a fault adds, as the CLI and the debugger say it, or why there
 * is none: a group of one run has no spread to measure. Pure.
 * @param samples the number of runs in all.
 * @param say how a signed length of time reads.
 * @example addsIntervalWords(risk, 200, say) // '95% interval -9m12s to 2m2s'
 */
export function addsIntervalWords(
  risk: Pick<FaultRisk, 'addsInterval' | 'struck'>,
  samples: number,
  say: (ms: number) => string,
): string {
  if (risk.addsInterval !== undefined)
    return `95% interval ${say(risk.addsInterval.low)} to ${say(risk.addsInterval.high)}`;
  const one = risk.struck.count === 1 ? 'it struck in' : 'it spared';
  return `no interval: ${one} a single run of ${samples.toLocaleString('en')}`;
}

/** The summary of `rehearse run FILE --samples N`. */
export interface SamplesReport {
  readonly format: typeof SAMPLES_FORMAT;
  readonly scenario: string;
  readonly samples: number;
  /** Seeds `firstSeed` … `firstSeed + samples − 1`. */
  readonly firstSeed: number;
  /** How many samples passed (every invariant held, every expectation met). */
  readonly passed: number;
  /** Every workload's downtime added up. */
  readonly total: Spread;
  /** How long the run took: the maintenance window it needs. */
  readonly duration: Spread;
  readonly workloads: readonly WorkloadSpread[];
  /** Each outcome that happened, with its chance. */
  readonly outcomes: Readonly<Partial<Record<Outcome, Chance>>>;
  /** Each invariant violated in some sample (not expected to be), with its chance. */
  readonly violations: Readonly<Partial<Record<InvariantId, Chance>>>;
  /** Samples that missed an `expect` entry. */
  readonly missedExpectations: Chance;
  /**
   * The worst run: the largest total downtime, then among equals the worst outcome, a failed check,
   * the longest window, and the smallest seed (see {@link sampleAtPercentile}).
   */
  readonly worst: { readonly seed: number; readonly total: number; readonly outcome: Outcome };
  /**
   * The run with the longest window (`duration.max`), which the worst run need not be: the worse
   * outcome, then the smallest seed, among equals.
   */
  readonly longestWindow: {
    readonly seed: number;
    readonly duration: number;
    readonly outcome: Outcome;
  };
  /** Faults with a probability: how often each struck and what it cost. */
  readonly risks: readonly FaultRisk[];
  /**
   * What the seed drew, as key paths of the scenario (`durations.install`, `faults[0]`; see
   * {@link drawnKeys}): the faults left to chance or to a drawn time, and the varying durations
   * whose drawn value timed something in at least one of the runs (a `failover: 10m..30m` where no
   * failover happened is not one). Empty: every seed gives the same run, so the samples repeat
   * one run.
   */
  readonly draws: readonly string[];
  /**
   * The durations that vary but timed nothing in any of the runs, as key paths
   * (`durations.failover` where no failover happened): the seed draws them in no way that shows,
   * so they are not in `draws`.
   */
  readonly timedNothing: readonly string[];
  /**
   * Each warning some run gave (see {@link Sample.warnings}), in the order the seeds first gave
   * it, with how many runs gave it: before, `--samples` left out what one run says (a
   * `durations:` value for a host that timed nothing), so the percentiles read as if it counted.
   */
  readonly warnings: readonly SampleWarning[];
}

/** A warning of the samples, and how many of them gave it. */
export interface SampleWarning {
  readonly text: string;
  readonly runs: number;
}

/**
 * A warning of the samples as the CLI and the debugger say it: its text, and how many of the
 * runs gave it when not all did. Pure.
 * @example warningLine({ text: 'durations.reboot: …', runs: 13 }, 2000) // 'durations.reboot: … (in 13 of 2,000 runs)'
 */
export function warningLine(warning: SampleWarning, samples: number): string {
  const count = (value: number) => value.toLocaleString('en');
  return warning.runs === samples
    ? warning.text
    : `${warning.text} (in ${count(warning.runs)} of ${count(samples)} runs)`;
}

/** The samples' warnings, each with the number of runs that gave it, in seed order. Pure. */
function warningCounts(ordered: readonly Sample[]): SampleWarning[] {
  const runs = new Map<string, number>();
  for (const sample of ordered) {
    for (const text of new Set(sample.warnings ?? [])) runs.set(text, (runs.get(text) ?? 0) + 1);
  }
  return [...runs].map(([text, count]) => ({ text, runs: count }));
}

/** How bad each outcome is, for ranking runs of equal downtime: a run that did not settle last. */
const SEVERITY: Readonly<Record<Outcome, number>> = {
  completed: 0,
  'rolled-back': 1,
  aborted: 2,
  stuck: 3,
};

function mean(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The sample variance (n − 1 below) of at least two values around their mean. Pure. */
function variance(values: readonly number[], centre: number): number {
  return values.reduce((sum, value) => sum + (value - centre) ** 2, 0) / (values.length - 1);
}

/**
 * The 95% interval of the difference of two groups' means, Welch's with the normal quantile:
 * (mean₁ − mean₂) ± 1.96·√(s₁²/n₁ + s₂²/n₂). Undefined when a group has fewer than two values,
 * whose variance is not known. Pure.
 * @example welchInterval([3, 5], [1, 1, 1]) // { low: 1.04…, high: 4.96… }
 */
export function welchInterval(
  first: readonly number[],
  second: readonly number[],
): { low: number; high: number } | undefined {
  const a = mean(first);
  const b = mean(second);
  if (a === undefined || b === undefined || first.length < 2 || second.length < 2) return undefined;
  const half =
    Z95 * Math.sqrt(variance(first, a) / first.length + variance(second, b) / second.length);
  return { low: a - b - half, high: a - b + half };
}

function outcomeChances(samples: readonly Sample[]): Partial<Record<Outcome, Chance>> {
  const out: Partial<Record<Outcome, Chance>> = {};
  for (const outcome of OUTCOMES) {
    const count = samples.filter((sample) => sample.outcome === outcome).length;
    if (count > 0) out[outcome] = wilson(count, samples.length);
  }
  return out;
}

/**
 * Sums the samples of one scenario up. The samples may come in any order: they are taken in
 * the order of their seeds. Pure.
 * @param samples at least one.
 */
export function summarizeSamples(scenario: Scenario, samples: readonly Sample[]): SamplesReport {
  const ordered = [...samples].sort((a, b) => a.seed - b.seed);
  const first = ordered[0];
  if (first === undefined) throw new Error('summarizeSamples needs at least one sample');
  const n = ordered.length;
  const workloads = scenario.workloads.map((workload, index) => ({
    name: workload.name,
    ...spreadOf(ordered.map((sample) => sample.downtime[index] ?? 0)),
    longestOutage: largest(
      ordered.map((sample) => sample.longest[index] ?? 0),
      0,
    ),
  }));
  const violated = new Map<InvariantId, number>();
  for (const sample of ordered) {
    for (const id of sample.violated) violated.set(id, (violated.get(id) ?? 0) + 1);
  }
  const worst = sampleAtPercentile(ordered, 100);
  let longest = first;
  for (const sample of ordered) {
    const longer =
      sample.duration - longest.duration || SEVERITY[sample.outcome] - SEVERITY[longest.outcome];
    if (longer > 0) longest = sample;
  }
  const risks = scenario.faults
    .filter((fault) => fault.probability !== undefined)
    .map((fault): FaultRisk => {
      const struck = ordered.filter((sample) => sample.fired.includes(fault.index));
      const otherwise = ordered.filter((sample) => !sample.fired.includes(fault.index));
      const whenStruck = mean(struck.map((sample) => sample.total));
      const other = mean(otherwise.map((sample) => sample.total));
      const interval = welchInterval(
        struck.map((sample) => sample.total),
        otherwise.map((sample) => sample.total),
      );
      return {
        index: fault.index,
        fault: fault.fault,
        ...(fault.target === undefined ? {} : { target: fault.target }),
        probability: fault.probability ?? 0,
        struck: wilson(struck.length, n),
        ...(whenStruck === undefined ? {} : { meanWhenStruck: Math.round(whenStruck) }),
        ...(other === undefined ? {} : { meanOtherwise: Math.round(other) }),
        ...(whenStruck === undefined || other === undefined
          ? {}
          : { adds: Math.round(whenStruck - other) }),
        ...(interval === undefined
          ? {}
          : {
              addsInterval: { low: Math.round(interval.low), high: Math.round(interval.high) },
            }),
        outcomes: outcomeChances(struck),
        ...(struck.length === 0 && !hadChance(scenario, fault.index, first.seed)
          ? { noChance: `${noChanceWords(fault)} in the run of seed ${first.seed}` }
          : {}),
      };
    });
  const varying = seedDraws(scenario);
  const drawn = drawnInRuns(varying, ordered);
  return {
    format: SAMPLES_FORMAT,
    scenario: scenario.name,
    samples: n,
    firstSeed: first.seed,
    draws: drawnKeys(drawn),
    timedNothing: varying.durations
      .filter((key) => !drawn.durations.includes(key))
      .map((key) => `durations.${key}`),
    passed: ordered.filter((sample) => sample.passed).length,
    total: spreadOf(ordered.map((sample) => sample.total)),
    duration: spreadOf(ordered.map((sample) => sample.duration)),
    workloads,
    outcomes: outcomeChances(ordered),
    violations: Object.fromEntries(
      [...violated]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([id, count]) => [id, wilson(count, n)]),
    ),
    missedExpectations: wilson(ordered.filter((sample) => sample.missed).length, n),
    worst: { seed: worst.seed, total: worst.total, outcome: worst.outcome },
    longestWindow: { seed: longest.seed, duration: longest.duration, outcome: longest.outcome },
    risks,
    warnings: warningCounts(ordered),
  };
}

/**
 * The one order of runs from the best day to the worst: by total downtime, then among equal
 * downtime by outcome (completed, rolled back, aborted, stuck), then a run that failed a check (an
 * invariant violated, an `expect` entry missed) after one that did not, then by the window (the
 * run's duration). Runs equal in all of these are alike to the reader; the seed tells them apart.
 * Pure.
 */
function compareDays(a: Sample, b: Sample): number {
  return (
    a.total - b.total ||
    SEVERITY[a.outcome] - SEVERITY[b.outcome] ||
    Number(!a.passed) - Number(!b.passed) ||
    a.duration - b.duration
  );
}

/**
 * The sample at the p-th percentile of the runs ranked from the best day to the worst (by total
 * downtime, then outcome, a failed check and the window: see {@link compareDays}): the run of
 * nearest rank ⌈p/100 × N⌉, the smallest seed among the runs alike to it. Its total downtime is the
 * nearest-rank percentile of the totals; p = 100 gives the worst run of `summarizeSamples`: among
 * equal downtime, one where something went wrong whenever there is one. The order the samples
 * come in changes nothing. Pure.
 * @param samples at least one.
 */
export function sampleAtPercentile(samples: readonly Sample[], p: number): Sample {
  const at = atNearestRank([...samples].sort(compareDays), p);
  if (at === undefined) throw new Error('sampleAtPercentile needs at least one sample');
  let found = at;
  for (const sample of samples) {
    if (sample.seed < found.seed && compareDays(sample, at) === 0) found = sample;
  }
  return found;
}

/** One bar of the histogram of total downtime: the samples in [from, to) (the last: [from, to]). */
export interface HistogramBar {
  readonly from: number;
  readonly to: number;
  readonly samples: number;
  /**
   * A run of the bar to replay: its median run (the lower median, ranked as
   * {@link sampleAtPercentile} ranks); none when the bar is empty.
   */
  readonly seed?: number;
}

/**
 * The histogram of the samples' total downtime: at most `count` bars of equal width over
 * [min, max], one bar when every sample has the same total. The CLI's SVG and the debugger draw
 * these bars. Pure.
 */
export function totalsHistogram(samples: readonly Sample[], count = 20): HistogramBar[] {
  if (samples.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const sample of samples) {
    min = Math.min(min, sample.total);
    max = Math.max(max, sample.total);
  }
  const width = (max - min) / count;
  const bars = max === min ? 1 : count;
  const members: Sample[][] = Array.from({ length: bars }, () => []);
  for (const sample of samples) {
    const index = bars === 1 ? 0 : Math.min(count - 1, Math.floor((sample.total - min) / width));
    members[index]?.push(sample);
  }
  return members.map((inBar, index) => {
    const from = bars === 1 ? min : min + index * width;
    const to = bars === 1 || index === count - 1 ? max : min + (index + 1) * width;
    if (inBar.length === 0) return { from, to, samples: 0 };
    return { from, to, samples: inBar.length, seed: sampleAtPercentile(inBar, 50).seed };
  });
}

/** What a scenario's seed draws: nothing when every seed gives the same run. */
export interface SeedDraws {
  /** The keys under `durations:` with a value that varies (a range or an estimate). */
  readonly durations: readonly DurationKey[];
  /** Faults (their index under `faults:`) that strike by chance or last a drawn time. */
  readonly faults: readonly {
    readonly index: number;
    /** Strikes at each opportunity with this chance (under 1). */
    readonly probability?: number;
    /** Its `duration` is a range or an estimate. */
    readonly duration: boolean;
  }[];
}

function varies(value: DurationValue): boolean {
  return typeof value !== 'number' && value.max > value.min;
}

/**
 * What the seed draws in a scenario: the duration keys that vary and the faults that strike by
 * chance (a probability under 1) or last a varying time. Both empty: the durations are all fixed
 * (per-host overrides included) and no fault is left to chance, so every seed gives the same
 * run. Pure.
 */
export function seedDraws(scenario: Scenario): SeedDraws {
  const durations = (Object.keys(scenario.spread ?? {}) as DurationKey[]).filter((key) => {
    const rule = scenario.spread?.[key];
    return rule !== undefined && [rule.default, ...Object.values(rule.by ?? {})].some(varies);
  });
  const faults = scenario.faults.flatMap((fault) => {
    const chance = fault.probability !== undefined && fault.probability < 1;
    const duration = fault.durationRange !== undefined && varies(fault.durationRange);
    if (!chance && !duration) return [];
    return [
      { index: fault.index, ...(chance ? { probability: fault.probability } : {}), duration },
    ];
  });
  return { durations, faults };
}

/**
 * What the seed drew in some runs of a scenario: its faults left to chance or to a drawn time,
 * and those of its varying durations that timed something in at least one of the runs
 * ({@link Sample.drawn}). Pure.
 */
export function drawnInRuns(
  draws: SeedDraws,
  samples: readonly Pick<Sample, 'drawn'>[],
): SeedDraws {
  const timed = new Set(samples.flatMap((sample) => sample.drawn));
  return { ...draws, durations: draws.durations.filter((key) => timed.has(key)) };
}

/**
 * What the seed draws in a scenario, as one run of it (any seed) tells: with durations alone
 * varying, those the run took a drawn value of (`failover: 10m..30m` where no failover happens
 * times nothing with any seed: every value the run took is the same whatever the seed, so it
 * takes the same steps and values again); beside a fault left to chance, every varying key (a
 * fault that fires may start steps the run took none of). Empty: every seed gives the same run.
 * What `rehearse sweep` runs a point once to know, and the debugger reads off the run on screen.
 * Pure.
 */
export function drawnByRun(draws: SeedDraws, run: Pick<Sample, 'drawn'>): SeedDraws {
  if (draws.faults.length > 0 || draws.durations.length === 0) return draws;
  return drawnInRuns(draws, [run]);
}

/**
 * What a scenario's seed draws, as key paths of its file (`durations.install`, `faults[0]`), for
 * messages. Empty: every seed gives the same run. Pure.
 */
export function drawnKeys(draws: SeedDraws): string[] {
  return [
    ...draws.durations.map((key) => `durations.${key}`),
    ...draws.faults.map((fault) => `faults[${fault.index}]`),
  ];
}
