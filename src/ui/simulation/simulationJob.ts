import {
  faultEntryText,
  faultOf,
  parseScenario,
  planProcedure,
  readFaultEntry,
  ScenarioError,
  simulate,
  type FaultSpec,
  type MonitorSink,
  type Run,
  type Scenario,
  append,
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
   * Faults injected by hand before a reload, as their `faults:` entries: each is read against
   * the scenario as the parser reads a `faults:` entry and injected after `live`. One that does
   * not read, or no longer fires, is left out, and `simulation.done` says which and why.
   */
  readonly restore?: readonly Readonly<Record<string, unknown>>[];
  /**
   * Simulate in the page rather than in a worker: only for the page's first run of a built-in
   * scenario (see `runSimulation`).
   */
  readonly inPage?: boolean;
}

/** A fault of `SimulationRequest.restore` left out: its entry on one line, and why. */
export interface RefusedFault {
  readonly entry: string;
  readonly why: string;
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
      /** A request's `restore`: the live faults the run has (`live` and those restored), and those left out. */
      readonly restored?: {
        readonly live: readonly FaultSpec[];
        readonly refused: readonly RefusedFault[];
      };
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

/** Why the parser refused an entry, naming its key (`target: unknown host …`), not its place. */
function reasonOf(error: unknown): string {
  const { path, reason } = describeError(error, '');
  const key = path.replace(/^faults\[\d+\]\.?/, '');
  return `${key === '' ? '' : `${key}: `}${reason}`;
}

/**
 * A request's `restore` entries read against the scenario (after its live faults), as the
 * parser reads `faults:` entries: the faults, and the entries refused with the parser's reason.
 */
function readRestored(
  scenario: Scenario,
  live: readonly FaultSpec[],
  entries: readonly Readonly<Record<string, unknown>>[],
): { faults: FaultSpec[]; refused: RefusedFault[] } {
  const faults: FaultSpec[] = [];
  const refused: RefusedFault[] = [];
  for (const entry of entries) {
    try {
      faults.push(readFaultEntry(withLive(scenario, [...live, ...faults]), entry));
    } catch (error) {
      refused.push({ entry: faultEntryText(entry), why: reasonOf(error) });
    }
  }
  return { faults, refused };
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
  let restored: { live: readonly FaultSpec[]; refused: RefusedFault[] } | undefined;
  try {
    const live = request.live;
    let restoring: FaultSpec[] = [];
    const refused: RefusedFault[] = [];
    if (request.restore) {
      const read = readRestored(scenario, live, request.restore);
      restoring = read.faults;
      append(refused, read.refused);
    }
    const whole = withLive(scenario, [...live, ...restoring]);
    steps = planProcedure(whole).length;
    run = simulate(whole, { sinks: [progress] });
    // A restored fault that no longer fires (the engine changed since it was injected) would
    // sit in the run as a silent marker: it is left out and the run simulated without it.
    for (;;) {
      const fired = run.fired;
      const silent = restoring.filter((spec) => !fired.includes(spec.index));
      if (silent.length === 0) break;
      refused.push(
        ...silent.map((spec) => ({
          entry: faultEntryText(faultOf(spec)),
          why: 'it no longer fires in this run',
        })),
      );
      const base = scenario.faults.length + live.length;
      restoring = restoring
        .filter((spec) => fired.includes(spec.index))
        .map((spec, position) => ({ ...spec, index: base + position }));
      run = simulate(withLive(scenario, [...live, ...restoring]));
    }
    if (request.restore) restored = { live: [...live, ...restoring], refused };
  } catch (error) {
    report({
      type: 'simulation.failed',
      id,
      message: error instanceof Error ? error.message : String(error),
    });
    return;
  }
  report({ type: 'simulation.done', id, scenario, run, ...(restored ? { restored } : {}) });
}
