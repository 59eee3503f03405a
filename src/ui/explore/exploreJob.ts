import {
  explore,
  searchDecisions,
  type DecisionSearchResult,
  type ExploreOptions,
  type ExploreResult,
  type Scenario,
} from '../../sim';

/** What to explore and how. Plain data: it is posted to the exploration worker. */
export interface ExploreRequest {
  readonly scenario: Scenario;
  /** Faults per run in systematic mode: 1 (every single fault) or 2 (every pair). */
  readonly faults: 1 | 2;
  /** Random (swarm) mode instead: this many fault sets drawn from the seed. */
  readonly random?: { readonly runs: number; readonly seed: number };
  /** The decision search instead: every option at every decision point each fault leads to. */
  readonly decisions?: true;
}

/** What an exploration reports, as the player's own events. Plain data: posted from the worker. */
export type ExploreMessage =
  | { readonly type: 'explore.progress'; readonly done: number; readonly total: number }
  | {
      readonly type: 'explore.done';
      readonly result: ExploreResult;
    }
  | {
      readonly type: 'explore.decided';
      /** Exactly `searchDecisions(scenario, { faults })`'s result. */
      readonly search: DecisionSearchResult;
    }
  | { readonly type: 'explore.failed'; readonly message: string };

/**
 * Starts an exploration and says how it goes; returns a function that stops it (a worker is
 * terminated; a synchronous run has already finished).
 */
export type ExploreRunner = (
  request: ExploreRequest,
  report: (message: ExploreMessage) => void,
) => () => void;

/** Fewest wall-clock milliseconds between two progress reports: enough for a smooth bar. */
const PROGRESS_EVERY_MS = 50;

function failure(error: unknown): ExploreMessage {
  return {
    type: 'explore.failed',
    message: error instanceof Error ? error.message : String(error),
  };
}

/**
 * Runs {@link explore} (or, for a decisions request, `searchDecisions`) on the request and
 * reports throttled progress, then the result or the error. The result is exactly the
 * engine's. Used by the worker and by tests.
 * @param now Wall-clock milliseconds, for throttling.
 */
export function exploreJob(
  request: ExploreRequest,
  report: (message: ExploreMessage) => void,
  now: () => number = () => performance.now(),
): void {
  let last = -Infinity;
  let total = 0;
  const onProgress = (done: number, of: number) => {
    total = of;
    const at = now();
    if (at - last < PROGRESS_EVERY_MS) return;
    last = at;
    report({ type: 'explore.progress', done, total: of });
  };
  if (request.decisions) {
    let search: DecisionSearchResult;
    try {
      search = searchDecisions(request.scenario, { faults: request.faults, onProgress });
    } catch (error) {
      report(failure(error));
      return;
    }
    report({ type: 'explore.progress', done: total, total });
    report({ type: 'explore.decided', search });
    return;
  }
  const options: ExploreOptions = {
    ...(request.random ? { random: request.random } : { faults: request.faults }),
    onProgress,
  };
  let result: ExploreResult;
  try {
    result = explore(request.scenario, options);
  } catch (error) {
    report(failure(error));
    return;
  }
  // Candidates merged into smaller runs are not counted as done: the end is the whole bar.
  report({ type: 'explore.progress', done: total, total });
  report({ type: 'explore.done', result });
}
