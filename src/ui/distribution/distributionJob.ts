import {
  sampleAtPercentile,
  sampleRuns,
  summarizeSamples,
  totalsHistogram,
  type HistogramBar,
  type Outcome,
  type Sample,
  type SamplesReport,
  type Scenario,
} from '../../sim';

/**
 * The seeds to sample: the scenario run once with each of `first` … `first + count − 1`, as
 * `rehearse run FILE --samples count --seed first` does. Plain data: posted to the worker.
 */
export interface DistributionRequest {
  readonly scenario: Scenario;
  readonly first: number;
  readonly count: number;
}

/** A run picked from the samples, to replay. */
export interface PickedRun {
  readonly seed: number;
  readonly total: number;
  readonly outcome: Outcome;
}

/** What the samples sum up to: the CLI's summary, and what the debugger draws and replays. */
export interface DistributionResult {
  /** Exactly `summarizeSamples(scenario, sampleRuns(scenario, first, count))`. */
  readonly report: SamplesReport;
  /** The histogram of total downtime, as the CLI's `--svg` draws it. */
  readonly bars: readonly HistogramBar[];
  /** The run at the 95th percentile of total downtime (nearest rank). */
  readonly p95: PickedRun;
}

/** What a sampling reports, as the player's own events. Plain data: posted from the worker. */
export type DistributionMessage =
  | { readonly type: 'distribution.progress'; readonly done: number; readonly total: number }
  | { readonly type: 'distribution.done'; readonly result: DistributionResult }
  | { readonly type: 'distribution.failed'; readonly message: string };

/**
 * Starts a sampling and says how it goes; returns a function that stops it (a worker is
 * terminated; a synchronous run has already finished).
 */
export type DistributionRunner = (
  request: DistributionRequest,
  report: (message: DistributionMessage) => void,
) => () => void;

/** Fewest wall-clock milliseconds between two progress reports: enough for a smooth bar. */
const PROGRESS_EVERY_MS = 50;

function picked(sample: Sample): PickedRun {
  return { seed: sample.seed, total: sample.total, outcome: sample.outcome };
}

/**
 * Runs the request's seeds one after another with the engine's `sampleRuns`, reporting
 * throttled progress, then sums them up with `summarizeSamples` (the CLI's summary) or reports
 * the error. Used by the worker and by tests.
 * @param now Wall-clock milliseconds, for throttling.
 */
export function distributionJob(
  request: DistributionRequest,
  report: (message: DistributionMessage) => void,
  now: () => number = () => performance.now(),
): void {
  const { scenario, first, count } = request;
  let last = -Infinity;
  try {
    const samples: Sample[] = [];
    for (let done = 0; done < count; done++) {
      const at = now();
      if (at - last >= PROGRESS_EVERY_MS) {
        last = at;
        report({ type: 'distribution.progress', done, total: count });
      }
      samples.push(...sampleRuns(scenario, first + done, 1));
    }
    report({ type: 'distribution.progress', done: count, total: count });
    report({
      type: 'distribution.done',
      result: {
        report: summarizeSamples(scenario, samples),
        bars: totalsHistogram(samples),
        p95: picked(sampleAtPercentile(samples, 95)),
      },
    });
  } catch (error) {
    report({
      type: 'distribution.failed',
      message: error instanceof Error ? error.message : String(error),
    });
  }
}
