import { simulate, type Run } from './runner';
import type { Action, Scenario, StepSource } from './types';

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
  /** How many workloads are down at some point during this step. */
  readonly affected: number;
  /** A few of their names, for display. */
  readonly examples: readonly string[];
  /** Every one of their names, for a document that must list them all. */
  readonly members: readonly string[];
  /** Downtime this step causes each affected workload (the longest among them). */
  readonly downtime: number;
}

/** The procedure as the planner derives it, with its impact, for `rehearse plan`. */
export interface PlanImpact {
  readonly scenario: Scenario;
  readonly steps: readonly StepImpact[];
  readonly failovers: number;
  readonly duration: number;
  /** Longest total downtime of any one workload. */
  readonly maxDowntime: number;
  readonly path: readonly string[];
  readonly warnings: readonly string[];
}

const EXAMPLES = 3;

/**
 * Runs the procedure once without faults and attributes every outage to the steps it overlaps,
 * so each step shows the downtime it costs: the figures come from the model, not a table. Pure.
 */
export function planImpact(scenario: Scenario): PlanImpact {
  const quiet: Scenario = { ...scenario, faults: [] };
  return runImpact(simulate(quiet));
}

/**
 * The same attribution for a run already simulated, faults and all: the impact of the run on
 * screen, recovery steps included. Pure.
 */
export function runImpact(run: Pick<Run, 'scenario' | 'report' | 'groups'>): PlanImpact {
  const { scenario, report, groups } = run;
  const steps = report.steps
    .filter((step) => step.status === 'done' || step.status === 'failed')
    .map<StepImpact>((step) => {
      const start = step.start ?? 0;
      const end = step.end ?? start;
      let affected = 0;
      let downtime = 0;
      const examples: string[] = [];
      const members: string[] = [];
      for (const group of groups) {
        let overlap = 0;
        for (const [from, to] of group.outages) {
          const a = Math.max(from, start);
          const b = Math.min(to, end);
          if (b > a) overlap += b - a;
        }
        if (overlap === 0) continue;
        affected += group.members.length;
        if (overlap > downtime) downtime = overlap;
        members.push(...group.members);
        for (const name of group.members) {
          if (examples.length >= EXAMPLES) break;
          examples.push(name);
        }
      }
      return {
        seq: step.seq,
        action: step.action,
        ...(step.host !== undefined ? { host: step.host } : {}),
        ...(step.version !== undefined ? { version: step.version } : {}),
        hop: step.hop,
        ...(step.note !== undefined ? { note: step.note } : {}),
        source: step.source,
        start,
        end,
        affected,
        examples,
        members,
        downtime,
      };
    });
  return {
    scenario,
    steps,
    failovers: report.failovers,
    duration: report.duration,
    maxDowntime: report.downtime.max,
    path: report.path,
    warnings: report.warnings,
  };
}
