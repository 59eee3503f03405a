/**
 * The best recovery, found by search: every option at every decision point each fault (or pair
 * of faults) leads to, run to the end and compared by the downtime it costs and the invariants
 * it keeps.
 */
import type { DecisionOption, DecisionPoint, DecisionRule } from '../../machines/decisions';
import { lastsAt } from '../../machines/faultTable';
import { singleFaults, withFaults } from './explore';
import { simulate } from './runner';
import type { FaultSpec, InvariantId, Outcome, Report, Scenario } from './types';

/** One option tried at one decision point. */
export interface OptionResult {
  readonly option: DecisionOption;
  readonly outcome: Outcome;
  /** Total downtime over every workload, in virtual ms. */
  readonly downtime: number;
  /** Workloads still down when the run ended: their downtime goes on past it. */
  readonly leftDown: number;
  /** The run's length, in virtual ms. */
  readonly duration: number;
  /** Invariants the procedure (or the recovery) violated: the operator's to avoid. */
  readonly violates: readonly InvariantId[];
  /** Invariants only the fault violated: a risk the option cannot remove. */
  readonly faultViolates: readonly InvariantId[];
  /** Why the option could not be taken here (the default was run instead). */
  readonly refused?: string;
}

/** What the search found at one decision point of one faulty run. */
export interface DecisionFinding {
  /** The faults injected, as a scenario's `faults:` lists them. */
  readonly faults: readonly FaultSpec[];
  readonly point: DecisionPoint;
  readonly host?: string;
  readonly hop: number;
  /** When the decision comes, in the run with the defaults. */
  readonly at: number;
  readonly default: DecisionOption;
  readonly results: readonly OptionResult[];
  /**
   * Of the options that violate no invariant themselves, the one that gets the upgrade
   * furthest (completed, then rolled back or stopped with the system serving, then stuck), then
   * leaves fewest workloads down at its end, then costs the least total downtime, then rolled
   * back rather than stopped half-way, then the shorter run (then the table's order); undefined
   * when every option violates one.
   */
  readonly best?: DecisionOption;
}

export interface DecisionSearchOptions {
  /** Single faults (1, the default) or pairs (2). */
  readonly faults?: 1 | 2;
  /** Called after each faulty run searched, with how many there are. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Asked between runs; true stops the search with what it found so far. */
  readonly cancelled?: () => boolean;
}

export interface DecisionSearchResult {
  readonly scenario: string;
  /** Simulations run (the defaults' runs and each option's). */
  readonly runs: number;
  /** Faulty runs (fault sets) searched. */
  readonly faultSets: number;
  readonly findings: readonly DecisionFinding[];
  /** The findings where an option does better than the default. */
  readonly better: readonly DecisionFinding[];
  readonly complete: boolean;
}

type Injection = Omit<FaultSpec, 'index'>;

/** Whether a fault is searched lasting too: where a retry meets it again (the fault table's `lastingAt`). */
function lasting(fault: Injection): boolean {
  return fault.times === 1 && 'step' in fault.when && lastsAt(fault.fault, fault.when.step);
}

/** Attempts a lasting fault fails: more than any retry or reinstall the search makes. */
const PERSISTENT = 10;

function resultOf(option: DecisionOption, report: Report, refused?: string): OptionResult {
  const violates: InvariantId[] = [];
  const faultViolates: InvariantId[] = [];
  for (const invariant of report.invariants) {
    if (invariant.holds) continue;
    if (invariant.violations.some((v) => v.cause === 'procedure')) violates.push(invariant.id);
    else faultViolates.push(invariant.id);
  }
  return {
    option,
    outcome: report.outcome,
    downtime: report.downtime.total,
    leftDown: report.workloads.filter((w) => w.downAtEnd === true).length,
    duration: report.duration,
    violates,
    faultViolates,
    ...(refused !== undefined ? { refused } : {}),
  };
}

/**
 * How far each outcome gets the upgrade: done, cleanly undone, stopped half-way, or stuck.
 * Ranked before downtime: stopping at once always costs the least downtime in the window, and
 * leaves the upgrade to do again.
 */
const OUTCOME_RANK: Readonly<Record<Outcome, number>> = {
  completed: 0,
  // Both leave the system serving and the upgrade to do again; a rollback is no better for
  // having moved more (on SERVERware it fails back onto the old version to do so).
  'rolled-back': 1,
  aborted: 1,
  stuck: 2,
};

/** Negative when `a` is the better result (both keep the invariants). Pure. */
function compareResults(a: OptionResult, b: OptionResult): number {
  return (
    OUTCOME_RANK[a.outcome] - OUTCOME_RANK[b.outcome] ||
    // A workload left down costs more than any downtime the window shows.
    a.leftDown - b.leftDown ||
    a.downtime - b.downtime ||
    // At equal cost, a system rolled back to one version is cleaner than one stopped half-way.
    Number(a.outcome !== 'rolled-back') - Number(b.outcome !== 'rolled-back') ||
    a.duration - b.duration
  );
}

/** The best of the results, by the rule {@link DecisionFinding.best} states. Pure. */
export function bestOption(results: readonly OptionResult[]): DecisionOption | undefined {
  let best: OptionResult | undefined;
  for (const result of results) {
    if (result.violates.length > 0 || result.refused !== undefined) continue;
    if (best === undefined || compareResults(result, best) < 0) best = result;
  }
  return best?.option;
}

/** Whether the best option beats the default: it keeps an invariant the default broke, or does better. */
function beats(finding: DecisionFinding): boolean {
  if (finding.best === undefined || finding.best === finding.default) return false;
  const chosen = finding.results.find((r) => r.option === finding.best);
  const fallback = finding.results.find((r) => r.option === finding.default);
  if (!chosen || !fallback) return false;
  return fallback.violates.length > 0 || compareResults(chosen, fallback) < 0;
}

/**
 * Searches the decisions each fault (or pair) leads to. For every faulty run, the first
 * decision at each (point, host, hop) is tried with every option it offers, the others left to
 * their defaults. Deterministic: the same scenario gives the same result.
 */
export function searchDecisions(
  scenario: Scenario,
  options: DecisionSearchOptions = {},
): DecisionSearchResult {
  const base = simulate({ ...scenario, faults: [] }).report;
  let runs = 1;
  const sets: Injection[][] = [];
  for (const fault of singleFaults(scenario, base)) {
    sets.push([fault]);
    // A retry meets a lasting fault again: searched both ways, the fault failing once and always.
    if (lasting(fault)) sets.push([{ ...fault, times: PERSISTENT }]);
  }
  if (options.faults === 2) {
    const singles = [...sets];
    for (const [first] of singles) {
      if (!first) continue;
      const report = simulate(withFaults(scenario, [first])).report;
      runs++;
      for (const second of singleFaults(scenario, report)) {
        if (JSON.stringify(second) !== JSON.stringify(first)) sets.push([first, second]);
      }
    }
  }
  const findings: DecisionFinding[] = [];
  let done = 0;
  let complete = true;
  for (const faults of sets) {
    if (options.cancelled?.()) {
      complete = false;
      break;
    }
    const faulty = withFaults(scenario, faults);
    const report = simulate(faulty).report;
    runs++;
    const seen = new Set<string>();
    for (const decision of report.decisions) {
      const key = `${decision.situation} ${decision.host ?? ''} ${decision.hop}`;
      if (seen.has(key) || decision.options.length < 2) continue;
      seen.add(key);
      const results = decision.options.map((option) => {
        if (option === decision.chosen) return resultOf(option, report);
        const rule: DecisionRule = {
          index: 0,
          at: decision.situation,
          ...(decision.host !== undefined ? { host: decision.host } : {}),
          hop: decision.hop,
          choose: option,
          times: 1,
        };
        const tried = simulate({ ...faulty, decisions: [rule] }).report;
        runs++;
        const taken = tried.decisions.find((d) => d.situation === decision.situation);
        return resultOf(option, tried, taken?.refused);
      });
      const finding: DecisionFinding = {
        faults: faulty.faults,
        point: decision.situation,
        ...(decision.host !== undefined ? { host: decision.host } : {}),
        hop: decision.hop,
        at: decision.at,
        default: decision.chosen,
        results,
      };
      const best = bestOption(results);
      findings.push(best === undefined ? finding : { ...finding, best });
    }
    done++;
    options.onProgress?.(done, sets.length);
  }
  return {
    scenario: scenario.name,
    runs,
    faultSets: done,
    findings,
    better: findings.filter(beats),
    complete,
  };
}
