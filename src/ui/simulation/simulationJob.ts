import {
  parseScenario,
  planProcedure,
  ScenarioError,
  simulate,
  type FaultSpec,
  type MonitorSink,
  type Run,
  type Scenario,
} from '../../sim';

/** Where the editor's text is wrong, as the engine's `ScenarioError` says. Plain data. */
export interface SourceError {
  readonly line?: number;
  readonly column?: number;
  readonly path: string;
  readonly reason: string;
  /** The whole formatted line: `FILE:LINE:COLUMN: PATH: what is wrong (expected …)`. */
  readonly message: string;
}

/**
 * One run to simulate: scenario text to parse (the editor's), or a scenario already parsed (live
 * faults on the run on screen), with faults injected from the fault form. Plain data: it is
 * posted to the simulation worker.
 */
export interface SimulationRequest {
  /** Tells this run's messages from those of a run it replaced. */
  readonly id: number;
  readonly file: string;
  readonly text?: string;
  readonly scenario?: Scenario;
  readonly live: readonly FaultSpec[];
  /**
   * Simulate in the page rather than in a worker: only for the page's first run of a built-in
   * scenario (see `runSimulation`).
   */
  readonly inPage?: boolean;
}

/** What a simulation reports, as the player's own events. Plain data: posted from the worker. */
export type SimulationMessage =
  | {
      readonly type: 'simulation.progress';
      readonly id: number;
      /** The procedure's step reached, 1-based, of about `steps`. */
      readonly step: number;
      readonly steps: number;
      /** Transitions simulated so far. */
      readonly transitions: number;
      /** Virtual time reached (ms). */
      readonly at: number;
    }
  | {
      readonly type: 'simulation.done';
      readonly id: number;
      /** The scenario as written, without the live faults. */
      readonly scenario: Scenario;
      readonly run: Run;
    }
  | { readonly type: 'simulation.invalid'; readonly id: number; readonly error: SourceError }
  | { readonly type: 'simulation.failed'; readonly id: number; readonly message: string };

/**
 * Starts a simulation and says how it goes; returns a function that stops it (a worker is
 * terminated; a synchronous run has already finished).
 */
export type SimulationRunner = (
  request: SimulationRequest,
  report: (message: SimulationMessage) => void,
) => () => void;

/** Fewest wall-clock milliseconds between two progress reports. */
const PROGRESS_EVERY_MS = 100;

/** Describes a parse error as plain data. Pure. */
function describeError(error: unknown, file: string): SourceError {
  if (error instanceof ScenarioError) {
    return {
      ...(error.line !== undefined ? { line: error.line } : {}),
      ...(error.column !== undefined ? { column: error.column } : {}),
      path: error.path,
      reason:
        error.expected === undefined
          ? error.reason
          : `${error.reason} (expected ${error.expected})`,
      message: error.format(),
    };
  }
  const reason = error instanceof Error ? error.message : String(error);
  return { path: '', reason, message: `${file}: ${reason}` };
}

function withLive(scenario: Scenario, live: readonly FaultSpec[]): Scenario {
  return live.length === 0 ? scenario : { ...scenario, faults: [...scenario.faults, ...live] };
}

/**
 * Parses the request's text (when it has one) and simulates it with its live faults, reporting
 * throttled progress and then the run, the parse error or the engine's failure. The run is
 * exactly `simulate(scenario)`'s. Used by the worker and by tests.
 * @param now Wall-clock milliseconds, for throttling.
 */
export function simulationJob(
  request: SimulationRequest,
  report: (message: SimulationMessage) => void,
  now: () => number = () => performance.now(),
): void {
  const { id } = request;
  let scenario: Scenario;
  try {
    if (request.scenario) scenario = request.scenario;
    else scenario = parseScenario(request.text ?? '', request.file);
  } catch (error) {
    report({ type: 'simulation.invalid', id, error: describeError(error, request.file) });
    return;
  }
  let steps = 0;
  let last = now();
  let transitions = 0;
  const progress: MonitorSink = {
    send: ({ entry, world }) => {
      transitions += 1;
      // Checking the clock on every transition would cost more than the throttle saves.
      if ((transitions & 63) !== 0) return;
      const at = now();
      if (at - last < PROGRESS_EVERY_MS) return;
      last = at;
      report({
        type: 'simulation.progress',
        id,
        step: world.procedure.stepNumber,
        steps: Math.max(steps, world.procedure.stepNumber),
        transitions,
        at: entry.at,
      });
    },
  };
  let run: Run;
  try {
    const whole = withLive(scenario, request.live);
    steps = planProcedure(whole).length;
    run = simulate(whole, { sinks: [progress] });
  } catch (error) {
    report({
      type: 'simulation.failed',
      id,
      message: error instanceof Error ? error.message : String(error),
    });
    return;
  }
  report({ type: 'simulation.done', id, scenario, run });
}
