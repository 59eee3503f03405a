/**
 * The Distribution tab's settings and sampling, as the player keeps them: how many seeds, from
 * which, and what the samples of which scenario gave. Pure helpers of the player machine.
 */
import { drawnByRun, seedDraws, type Run, type Scenario, type SeedDraws } from '../../sim';
import type { DurationKey } from '../../../machines/types';
import type { DistributionRequest, DistributionResult } from '../distribution';

/** How many samples the tab takes unless told otherwise. */
export const DEFAULT_SAMPLES = 200;
/** The most samples the tab takes at once (the CLI's `--samples` goes further). */
const MAX_SAMPLES = 10_000;
/** Samples × workloads kept in the worker's memory at most (two figures each). */
const MAX_SAMPLE_CELLS = 4_000_000;

/** How the Distribution tab samples. */
export interface DistributionSettings {
  readonly samples: number;
  /** The first seed; absent: the scenario's `seed:`, as `rehearse run FILE --samples N` takes. */
  readonly from: number | undefined;
}

/** A change to the settings: `from: null` goes back to the scenario's seed. */
export interface DistributionPatch {
  readonly samples?: number;
  readonly from?: number | null;
}

/** The sampling started last: what it samples, how far it got, and what it found. */
export interface Distribution {
  readonly request: DistributionRequest;
  /** The scenario's name when it started (the editor may have moved on since). */
  readonly scenario: string;
  /** The scenario sampled but for its seed (see {@link sampledKey}). */
  readonly key: string;
  readonly done: number;
  readonly total: number;
  readonly result?: DistributionResult;
  readonly error?: string;
}

/** The most samples the tab takes of a scenario: fewer for one with very many workloads. Pure. */
export function maxSamples(scenario: Scenario | undefined): number {
  const workloads = Math.max(1, scenario?.workloads.length ?? 1);
  return Math.max(1, Math.min(MAX_SAMPLES, Math.floor(MAX_SAMPLE_CELLS / workloads)));
}

/** The settings with a patch applied, each figure a whole number in its range. Pure. */
export function configuredDistribution(
  settings: DistributionSettings,
  patch: DistributionPatch,
): DistributionSettings {
  const whole = (value: number | undefined, min: number, max: number, fallback: number) =>
    value === undefined || !Number.isFinite(value)
      ? fallback
      : Math.min(max, Math.max(min, Math.round(value)));
  return {
    samples: whole(patch.samples, 1, MAX_SAMPLES, settings.samples),
    from:
      patch.from === null
        ? undefined
        : patch.from === undefined
          ? settings.from
          : whole(patch.from, 0, Number.MAX_SAFE_INTEGER, settings.from ?? 0),
  };
}

/** What a sampling of the scenario with these settings runs. Pure. */
export function distributionRequest(
  scenario: Scenario,
  settings: DistributionSettings,
): DistributionRequest {
  return {
    scenario,
    first: settings.from ?? scenario.seed,
    count: Math.min(settings.samples, maxSamples(scenario)),
  };
}

const KEYS = new WeakMap<Scenario, string>();

/**
 * The scenario but for its seed, as text: two scenarios with the same key have the same
 * distribution, so playing a run of it (which writes its seed) leaves the samples current.
 */
export function sampledKey(scenario: Scenario): string {
  let key = KEYS.get(scenario);
  if (key === undefined) {
    key = JSON.stringify({ ...scenario, seed: 0 });
    KEYS.set(scenario, key);
  }
  return key;
}

const DRAWS = new WeakMap<Scenario, SeedDraws>();

/** What the scenario's seed draws (computed once per scenario). */
export function drawsOf(scenario: Scenario): SeedDraws {
  let draws = DRAWS.get(scenario);
  if (draws === undefined) {
    draws = seedDraws(scenario);
    DRAWS.set(scenario, draws);
  }
  return draws;
}

/** What the seed draws in a scenario as its run on screen tells it ({@link drawsShown}). */
export interface ShownDraws {
  /** What two seeds' runs can differ by: nothing, every seed gives the same run. */
  readonly draws: SeedDraws;
  /** The varying durations that timed no step of the run on screen, in the file's order. */
  readonly timedNothing: readonly DurationKey[];
}

const SHOWN = new WeakMap<Run, { readonly scenario: Scenario; readonly shown: ShownDraws }>();
const WRITTEN = new WeakMap<Scenario, ShownDraws>();

/** What the seed draws as the file says it: every varying key (one object per scenario). */
function asWritten(scenario: Scenario): ShownDraws {
  let shown = WRITTEN.get(scenario);
  if (shown === undefined) {
    shown = { draws: drawsOf(scenario), timedNothing: [] };
    WRITTEN.set(scenario, shown);
  }
  return shown;
}

/** `drawn` beside what the file varies: the durations it leaves out timed nothing. */
function shownBy(draws: SeedDraws, drawn: SeedDraws): ShownDraws {
  return {
    draws: drawn,
    timedNothing: draws.durations.filter((key) => !drawn.durations.includes(key)),
  };
}

/**
 * What the seed draws in `scenario`, told by `run` where that is a run of it as sampled (as
 * written, with no fault injected by hand, no drill's choice, any seed) and nothing in it is
 * left to chance: only the varying durations the run took a drawn value of (`Run.drawn`). A
 * range that timed nothing there (`failover: 10m..30m` on one server) times nothing with any
 * other seed either, each value the run took being the same whatever the seed, as `rehearse
 * sweep` finds. Otherwise every varying key, as the file says. Computed once per run.
 */
export function drawsShown(scenario: Scenario, run: Run | undefined): ShownDraws {
  const draws = drawsOf(scenario);
  // Nothing a run could tell: nothing varies, or a fault is left to chance.
  if (run === undefined || draws.faults.length > 0 || draws.durations.length === 0)
    return asWritten(scenario);
  const known = SHOWN.get(run);
  if (known?.scenario === scenario) return known.shown;
  // The run on screen tells only where it is a run of the scenario as sampled (the key read
  // last: a scenario of a million workloads as text).
  const shown: ShownDraws =
    run.drawn !== undefined && sampledKey(run.scenario) === sampledKey(scenario)
      ? shownBy(draws, drawnByRun(draws, { drawn: run.drawn }))
      : asWritten(scenario);
  SHOWN.set(run, { scenario, shown });
  return shown;
}

/** Whether two seeds of the scenario can give different runs, as far as its run on screen tells. */
export function seedMatters(scenario: Scenario, run: Run | undefined): boolean {
  const { draws } = drawsShown(scenario, run);
  return draws.durations.length > 0 || draws.faults.length > 0;
}
