import { downtimeRows } from './downtimeRows';
import { simulate, type Run } from './runner';
import { typicalOf } from './scenario/durationValue';
import type { Action, DurationKey, DurationRule, Scenario, StepRecord, StepSource } from './types';
import { largest } from './extremes';

/** One step of the procedure with what it costs the workloads. */
export interface StepImpact {
  readonly seq: number;
  readonly action: Action;
  readonly host?: string;
  readonly version?: string;
  readonly hop: number;
  readonly note?: string;
  /** Where the step comes from: a source document, a vendor, or Rehearse's assumption. */
  readonly source: StepSource;
  readonly start: number;
  readonly end: number;
  /** How it ended: done, or failed (a step skipped never ran and is not one of these). */
  readonly status: StepRecord['status'];
  /** A step the procedure added to recover from a failure. */
  readonly recovery?: true;
  /**
   * How many workloads this step takes down: those with an outage it began (the outage's
   * `origin` in {@link downtimeRows}). A workload that a fault takes down while the step runs
   * is counted under the fault, in {@link PlanImpact.faults}, not here.
   */
  readonly affected: number;
  /** A few of their names, for display. */
  readonly examples: readonly string[];
  /** Every one of their names, for a document that must list them all. */
  readonly members: readonly string[];
  /**
   * Downtime this step causes each affected workload (the longest among them): the whole of each
   * outage it began, however long it lasts past the step's end.
   */
  readonly downtime: number;
}

/** The outages one injected fault began at one instant, counted under the fault. */
export interface FaultImpact {
  /** The fault in words, as the downtime table names it: `host-crash on px-2`. */
  readonly fault: string;
  /** When it struck: the start of the outages it began. */
  readonly at: number;
  /** The `seq` of the step the procedure was at when it struck, if it had started. */
  readonly step?: number;
  /** How many workloads it took down. */
  readonly affected: number;
  /** A few of their names, for display. */
  readonly examples: readonly string[];
  /** Every one of their names. */
  readonly members: readonly string[];
  /** Downtime it caused each of them (the longest among them). */
  readonly downtime: number;
}

/** The procedure as the planner derives it, with its impact, for `rehearse plan`. */
export interface PlanImpact {
  readonly scenario: Scenario;
  readonly steps: readonly StepImpact[];
  /**
   * The outages no step began, in the order they began: each fault's (none in a plan, which
   * runs without faults). With `steps`, every outage of the run is counted exactly once.
   */
  readonly faults: readonly FaultImpact[];
  readonly failovers: number;
  readonly duration: number;
  /** Longest total downtime of any one workload. */
  readonly maxDowntime: number;
  readonly path: readonly string[];
  readonly warnings: readonly string[];
}

const EXAMPLES = 3;

/** Workloads taken down by one cause, and for how long each. */
interface Tally {
  readonly members: string[];
  readonly downtime: number[];
}

function tallyOf(tallies: Map<string, Tally>, key: string): Tally {
  let tally = tallies.get(key);
  if (!tally) {
    tally = { members: [], downtime: [] };
    tallies.set(key, tally);
  }
  return tally;
}

/** A tally's figures: how many, a few names, every name, the longest downtime. Pure. */
function figures(
  tally: Tally | undefined,
): Pick<StepImpact, 'affected' | 'examples' | 'members' | 'downtime'> {
  const members = tally?.members ?? [];
  return {
    affected: members.length,
    examples: members.slice(0, EXAMPLES),
    members,
    downtime: largest(tally?.downtime ?? [], 0),
  };
}

/**
 * The scenario as the plan reads it: no faults, and each duration that varies at its mean (a
 * range's midpoint, an estimate's (min + 4·likely + max) / 6), for each host where it is set per
 * host. Nothing is drawn, so the plan is the same whatever the seed. Pure.
 */
export function plannedScenario(scenario: Scenario): Scenario {
  const { spread, ...rest } = scenario;
  const quiet: Scenario = { ...rest, faults: [] };
  if (spread === undefined) return quiet;
  const typical: Partial<Record<DurationKey, DurationRule>> = {};
  for (const [key, rule] of Object.entries(spread) as [DurationKey, DurationRule][]) {
    typical[key] = {
      default: typicalOf(rule.default),
      ...(rule.by === undefined
        ? {}
        : {
            by: Object.fromEntries(
              Object.entries(rule.by).map(([name, value]) => [name, typicalOf(value)]),
            ),
          }),
    };
  }
  return { ...quiet, spread: typical };
}

/**
 * Runs the procedure once without faults, its durations at their means
 * ({@link plannedScenario}), and counts every outage under the step that began it, so each step
 * shows the downtime it costs: the figures come from the model, not a table. Pure.
 */
export function planImpact(scenario: Scenario): PlanImpact {
  return runImpact(simulate(plannedScenario(scenario)));
}

/**
 * The same for a run already simulated, faults and all: the impact of the run on screen. Each
 * outage is counted once, under what began it as the downtime table says
 * ({@link downtimeRows}): the step (a recovery step included), or the fault that struck, listed
 * in `faults` — never under a step that merely ran while a fault took workloads down. Pure.
 */
export function runImpact(
  run: Pick<Run, 'scenario' | 'report' | 'groups' | 'fired'> & Partial<Pick<Run, 'frames'>>,
): PlanImpact {
  const { scenario, report } = run;
  const bySteps = new Map<string, Tally>();
  const byFaults = new Map<string, Tally & { fault: string; at: number; step?: number }>();
  for (const row of downtimeRows(run)) {
    const own = new Map<Tally, number>();
    for (const outage of row.outages) {
      const { step, fault } = outage.origin;
      let tally: Tally;
      if (fault === undefined && step !== undefined) tally = tallyOf(bySteps, String(step));
      else {
        // A fault's outages, or (no step yet, no fault) one before the procedure started.
        const what = fault ?? outage.cause;
        const key = `${what}@${outage.start}`;
        let found = byFaults.get(key);
        if (!found) {
          found = {
            members: [],
            downtime: [],
            fault: what,
            at: outage.start,
            ...(step !== undefined ? { step } : {}),
          };
          byFaults.set(key, found);
        }
        tally = found;
      }
      own.set(tally, (own.get(tally) ?? 0) + outage.end - outage.start);
    }
    for (const [tally, downtime] of own) {
      tally.members.push(row.workload);
      tally.downtime.push(downtime);
    }
  }
  const steps = report.steps
    .filter(
      (step) => step.status === 'done' || step.status === 'failed' || bySteps.has(String(step.seq)),
    )
    .map<StepImpact>((step) => {
      const start = step.start ?? 0;
      return {
        seq: step.seq,
        action: step.action,
        ...(step.host !== undefined ? { host: step.host } : {}),
        ...(step.version !== undefined ? { version: step.version } : {}),
        hop: step.hop,
        ...(step.note !== undefined ? { note: step.note } : {}),
        source: step.source,
        start,
        end: step.end ?? start,
        status: step.status,
        ...(step.recovery === true ? { recovery: true as const } : {}),
        ...figures(bySteps.get(String(step.seq))),
      };
    });
  const faults = [...byFaults.values()]
    .sort((a, b) => a.at - b.at)
    .map<FaultImpact>((tally) => ({
      fault: tally.fault,
      at: tally.at,
      ...(tally.step !== undefined ? { step: tally.step } : {}),
      ...figures(tally),
    }));
  return {
    scenario,
    steps,
    faults,
    failovers: report.failovers,
    duration: report.duration,
    maxDowntime: report.downtime.max,
    path: report.path,
    warnings: report.warnings,
  };
}
