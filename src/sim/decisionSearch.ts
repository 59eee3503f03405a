/**
 * The best recovery, found by search: every option at every decision point each fault (or pair
 * of faults) leads to, run to the end and compared by the downtime it costs and the invariants
 * it keeps.
 */
import {
  optionSource,
  type DecisionOption,
  type DecisionPoint,
  type DecisionRule,
} from '../../machines/decisions';
import type { StepSource } from '../../machines/sources';
import { lastsAt } from '../../machines/faultTable';
import { itemAt } from '../../machines/stepList';
import type { ProcedureContext } from '../../machines/procedureMachine';
import { Branching, stepAhead, withinStepCap } from './branching';
export { BEST_OPTION_RULE } from './bestOptionRule';
import { singleFaults, withFaults } from './explore';
import {
  resumeFrom,
  simulateWith,
  type Boundaries,
  type Checkpoint,
  type Mark,
  type RunningSession,
} from './runner';
import type {
  Cause,
  DecisionRecord,
  FaultSpec,
  InvariantId,
  Outcome,
  Report,
  Scenario,
} from './types';
import { largest, append } from './extremes';

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
  /**
   * Where the option comes from: the document where it prescribes it at this point, else
   * Rehearse's assumption or the operator's choice (see `optionSource`).
   */
  readonly source: StepSource;
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

/** A fault as the search injects it, before it gets its index in the scenario. */
type Injection = Omit<FaultSpec, 'index'>;

/** Whether a fault is searched lasting too: where a retry meets it again (the fault table's `lastingAt`). */
function lasting(fault: Injection): boolean {
  return fault.times === 1 && 'step' in fault.when && lastsAt(fault.fault, fault.when.step);
}

/** Attempts a lasting fault fails: more than any retry or reinstall the search makes. */
const PERSISTENT = 10;

/**
 * What the search reads from one run: how it ended, what it cost, what it violated and which
 * decisions it took. A report gives it, or a run stopped where it came back to a state of the
 * run without faults together with the rest of that run.
 * @internal
 */
interface Ending {
  readonly outcome: Outcome;
  readonly duration: number;
  /** Total downtime over every workload. */
  readonly downtime: number;
  /** Workloads still down at the end. */
  readonly leftDown: number;
  readonly invariants: readonly {
    readonly id: InvariantId;
    readonly violations: readonly { readonly cause: Cause }[];
  }[];
  readonly decisions: readonly DecisionRecord[];
}

function leftDownOf(report: Report): number {
  return report.workloads.filter((w) => w.downAtEnd === true).length;
}

/**
 * The rest of another run, from a state a run came back to: how that run ended, and what it
 * had cost by the time it was in that state.
 * @internal
 */
export interface Rest {
  readonly ending: Ending;
  readonly at: {
    readonly now: number;
    /** Total downtime by then (open outages closed then). */
    readonly downtime: number;
    /** Violations each monitor had found by then. */
    readonly violations: readonly number[];
  };
}

/** The rest of `base` from its checkpoint `merged`. Pure. */
function restOf(base: Ending, merged: Checkpoint): Rest {
  return {
    ending: base,
    at: {
      now: merged.now,
      downtime: merged.availability.downtimeAt(merged.now),
      violations: merged.violations.map((found) => found.length),
    },
  };
}

/**
 * How a run ended: its report's, or, when it was stopped in a state another run was in (that
 * run taking no decision from there: `rest`), its own so far followed by the rest of that run,
 * shifted in time. Pure.
 * @internal
 */
export function endingOf(report: Report, rest?: Rest): Ending {
  if (!rest) {
    return {
      outcome: report.outcome,
      duration: report.duration,
      downtime: report.downtime.total,
      leftDown: leftDownOf(report),
      // Only the causes are read: the rest of each violation (and the trace it names) is left.
      invariants: report.invariants.map((invariant) => ({
        id: invariant.id,
        violations: invariant.violations.map(({ cause }) => ({ cause })),
      })),
      decisions: report.decisions,
    };
  }
  const { ending: other, at } = rest;
  return {
    outcome: other.outcome,
    // The run stopped at its own `duration`, in the state the other run was in at `at.now`.
    duration: report.duration + other.duration - at.now,
    // A stopped run's report closes its open outages at its end, as `downtimeAt` does.
    downtime: report.downtime.total + other.downtime - at.downtime,
    leftDown: other.leftDown,
    invariants: report.invariants.map((invariant, index) => ({
      id: invariant.id,
      violations: [
        ...invariant.violations.map(({ cause }) => ({ cause })),
        ...(other.invariants[index]?.violations.slice(at.violations[index] ?? 0) ?? []),
      ],
    })),
    decisions: report.decisions,
  };
}

/** A state a run played to its end was in, with the rest of that run from there. */
interface Seen {
  readonly mark: Mark;
  readonly rest: Rest;
  /** Steps that run's plan had then, and at its end. */
  readonly steps: number;
  readonly finalSteps: number;
}

/** One run watched by {@link SeenStates}. */
interface Watch {
  /** Called between the run's timer firings: `'stop'` where it comes to a state seen before. */
  after(session: RunningSession): 'stop' | undefined;
  /** The rest of the run that was in that state, once the run was stopped there. */
  rest(): Rest | undefined;
  /** How the run ended, when it was played to its end: its states are kept. */
  keep(ending: Ending): void;
}

/**
 * A bound on the memory the kept states take, counted in actor states (each kept state holds
 * the procedure's and every host's): about 250 MB, reached on the 20-host Cluster. Past it no
 * state is kept, and runs play on to their end as they would without any kept.
 */
const SEEN_BUDGET = 600_000;

/** States kept per fingerprint: a bound on the comparisons one step of a run makes. */
const SEEN_PER_KEY = 16;

/**
 * The states the runs played to their end went through, one at each step they started, across
 * every faulty run and option the search plays: a run that comes to one of them, its faults
 * spent as that run's were and that run taking no decision from there, ends as that run did.
 * It is stopped there and its ending composed (see {@link endingOf}). Two faults that leave the
 * system alike (a crash and a power loss of the same host, a storage host's crash during any of
 * several steps) then cost one run to the end, not one each.
 * @internal
 */
export class SeenStates {
  private readonly byKey = new Map<string, Seen[]>();
  /** Actor states kept so far: see {@link SEEN_BUDGET}. */
  private kept = 0;
  /** Each object's number (see {@link hash}). */
  private readonly numbered = new WeakMap<object, number>();

  /**
   * A cheap fingerprint: the step, the procedure's state, its host views and the step ahead,
   * where the VPSs run, each host's state and context. Equal states have equal fingerprints;
   * `sameAs` decides.
   */
  private keyOf(mark: Mark, context: ProcedureContext): string {
    let key = `${stepAhead(context)} ${context.steps.size - context.cursor} ${this.numberOf(mark.root.value)} ${this.numberOf(context.hosts)} ${this.numberOf(itemAt(context.steps, context.cursor))}`;
    key += ` ${this.placementNumber(mark.placement)}`;
    for (const child of mark.children.values()) {
      key += ` ${this.numberOf(child.snapshot.value)}:${this.numberOf(child.snapshot.context)}`;
    }
    return key;
  }

  /** A number for where the VPSs run: the same for the same hosts. */
  private placementNumber(placement: Mark['placement']): number {
    let number = this.numbered.get(placement);
    if (number === undefined) {
      number = this.hash(JSON.stringify([...placement]));
      this.numbered.set(placement, number);
    }
    return number;
  }

  /** A number for the value: the same for values with the same JSON. */
  private numberOf(value: unknown): number {
    if (typeof value !== 'object' || value === null) return this.hash(JSON.stringify(value) ?? '');
    let number = this.numbered.get(value);
    if (number === undefined) {
      number = this.hash(JSON.stringify(value));
      this.numbered.set(value, number);
    }
    return number;
  }

  /**
   * A hash of the JSON: equal values hash alike, and two that collide only cost a comparison
   * (`sameAs` decides). The JSON itself is not kept.
   */
  private hash(json: string): number {
    let low = 0x811c9dc5;
    let high = 0x01000193;
    for (let index = 0; index < json.length; index++) {
      const code = json.charCodeAt(index);
      low = Math.imul(low ^ code, 0x01000193);
      high = Math.imul(high ^ code, 0x5bd1e995) ^ (high >>> 15);
    }
    return (high >>> 0) * 0x100000 + ((low >>> 0) & 0xfffff);
  }

  /**
   * Watches one run: `after` stops it where it comes to a state seen before, and `rest` is then
   * the rest of the run that was in it; a run played to its end gives its report to `keep`.
   */
  watch(): Watch {
    const pending: { key: string; mark: Mark; decisions: number; steps: number }[] = [];
    let at: number | undefined;
    let finalSteps = 0;
    let found: Rest | undefined;
    return {
      after: (session) => {
        const context = session.context();
        finalSteps = context.steps.size;
        const now = stepAhead(context);
        if (now === at) return undefined;
        at = now;
        // A run with a fault still to fire goes on its own way.
        if (context.faults.some((armed) => armed.remaining > 0)) return undefined;
        const mark = session.mark();
        const key = this.keyOf(mark, context);
        for (const seen of this.byKey.get(key) ?? []) {
          if (!withinStepCap(context, seen.steps, seen.finalSteps)) continue;
          if (session.sameAs(seen.mark, 0, true)) {
            found = seen.rest;
            return 'stop';
          }
        }
        pending.push({ key, mark, decisions: context.decisions.length, steps: context.steps.size });
        return undefined;
      },
      rest: () => found,
      keep: (ending) => {
        for (const { key, mark, decisions, steps } of pending) {
          // A state with a decision still to take goes on its own way.
          if (decisions !== ending.decisions.length) continue;
          const list = this.byKey.get(key) ?? [];
          if (list.length >= SEEN_PER_KEY) continue;
          const size = mark.children.size + 1;
          if (this.kept + size > SEEN_BUDGET) return;
          this.kept += size;
          list.push({
            mark,
            rest: {
              ending,
              at: { now: mark.now, downtime: mark.downtime, violations: mark.violations },
            },
            steps,
            finalSteps,
          });
          this.byKey.set(key, list);
        }
      },
    };
  }
}

/** What one run with `option` chosen gives. Pure. */
function resultOf(
  option: DecisionOption,
  source: StepSource,
  run: Ending,
  refused?: string,
): OptionResult {
  const violates: InvariantId[] = [];
  const faultViolates: InvariantId[] = [];
  for (const invariant of run.invariants) {
    if (invariant.violations.length === 0) continue;
    if (invariant.violations.some((v) => v.cause === 'procedure')) violates.push(invariant.id);
    else faultViolates.push(invariant.id);
  }
  return {
    option,
    outcome: run.outcome,
    downtime: run.downtime,
    leftDown: run.leftDown,
    duration: run.duration,
    violates,
    faultViolates,
    ...(refused !== undefined ? { refused } : {}),
    source,
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

/**
 * Whether the best option beats the default: it keeps an invariant the default broke, or does
 * better. Pure.
 * @internal
 */
export function beats(finding: DecisionFinding): boolean {
  if (finding.best === undefined || finding.best === finding.default) return false;
  const chosen = finding.results.find((r) => r.option === finding.best);
  const fallback = finding.results.find((r) => r.option === finding.default);
  if (!chosen || !fallback) return false;
  return fallback.violates.length > 0 || compareResults(chosen, fallback) < 0;
}

/**
 * The fault sets the search tries, given the run without faults: each single fault the explorer
 * would inject (a lasting one both once and always), and with `faults: 2` each pair a first
 * fault's run leads to. `play` runs a scenario (the pairs' first faults) and is counted by the
 * caller.
 * @internal
 */
export function faultSets(
  scenario: Scenario,
  base: Report,
  faults: 1 | 2,
  play: (scenario: Scenario) => Report,
): Injection[][] {
  const sets: Injection[][] = [];
  for (const fault of singleFaults(scenario, base)) {
    sets.push([fault]);
    // A retry meets a lasting fault again: searched both ways, the fault failing once and always.
    if (lasting(fault)) sets.push([{ ...fault, times: PERSISTENT }]);
  }
  if (faults === 2) {
    const singles = [...sets];
    for (const [first] of singles) {
      if (!first) continue;
      const report = play(withFaults(scenario, [first]));
      for (const second of singleFaults(scenario, report)) {
        if (JSON.stringify(second) !== JSON.stringify(first)) sets.push([first, second]);
      }
    }
  }
  return sets;
}

/**
 * The decisions of a faulty run the search tries: the first at each (point, host, hop) that
 * offers a choice, with their index in the run's decisions. Pure.
 * @internal
 */
export function searchedDecisions(
  report: Pick<Ending, 'decisions'>,
): { readonly index: number; readonly decision: DecisionRecord }[] {
  const seen = new Set<string>();
  const searched: { index: number; decision: DecisionRecord }[] = [];
  for (const [index, decision] of report.decisions.entries()) {
    const key = `${decision.situation} ${decision.host ?? ''} ${decision.hop}`;
    if (seen.has(key) || decision.options.length < 2) continue;
    seen.add(key);
    searched.push({ index, decision });
  }
  return searched;
}

/**
 * The `decisions:` entry that takes `option` at a decision like `decision`, for one decision:
 * what the search runs, and what opening one of its rows as a run loads. Pure.
 * @internal
 */
export function ruleFor(
  decision: {
    readonly situation: DecisionPoint;
    readonly host?: string | undefined;
    readonly hop: number;
  },
  option: DecisionOption,
): DecisionRule {
  return {
    index: 0,
    at: decision.situation,
    ...(decision.host !== undefined ? { host: decision.host } : {}),
    hop: decision.hop,
    choose: option,
    times: 1,
  };
}

/**
 * The finding at one decision: every option's result, the default's from the faulty run
 * itself, and the best. `tried` gives the run with an option chosen. Pure when `tried` is.
 * @internal
 */
export function findingAt(
  faulty: Scenario,
  report: Ending,
  decision: DecisionRecord,
  tried: (option: DecisionOption) => Ending,
): DecisionFinding {
  const results = decision.options.map((option) => {
    // The default's source is the run's own; another option's, where it comes from.
    if (option === decision.chosen) return resultOf(option, decision.source, report);
    const source = optionSource(decision.situation, faulty.system, option);
    const run = tried(option);
    const taken = run.decisions.find((d) => d.situation === decision.situation);
    return resultOf(option, source, run, taken?.refused);
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
  return best === undefined ? finding : { ...finding, best };
}

/**
 * Plays the runs of one faulty scenario and its options, sharing prefixes. The faulty run is a
 * branch of the run without faults, started just before its fault can first fire, and stopped
 * where it comes back to a state that run was in (its decisions are then that run's), or to a
 * state of a run played before it ({@link SeenStates}). Each option is a branch of the faulty
 * run, started just before the first decision its rule could match, with the rule armed there:
 * up to that point a run choosing the option is the faulty run, transition for transition.
 * What the search reads of each run (see `Ending`) is what a fresh run gives.
 */
class SharedRuns {
  private readonly branching: Branching;
  private readonly seen = new SeenStates();
  readonly base: Report;
  private readonly baseEnding: Ending;

  constructor(scenario: Scenario) {
    this.branching = new Branching({ ...scenario, faults: [] });
    this.base = this.branching.run.report;
    this.baseEnding = endingOf(this.base);
  }

  /** Keeps the checkpoints of the run without faults that the faulty runs start from. */
  prepare(sets: readonly Scenario[]): void {
    this.branching.prepare(sets);
  }

  /** A run of `scenario` (a faulty run with no rule of its own), to its end. */
  report(scenario: Scenario): Report {
    return this.branching.branch(scenario, false).run.report;
  }

  /**
   * How a run ended: stopped where it came back to the run without faults (`merged`), or to a
   * state of another run (`seen`), or played to its end (and then kept for the runs to come).
   */
  private ending(report: Report, merged: Checkpoint | undefined, seen: Watch): Ending {
    if (merged) return endingOf(report, restOf(this.baseEnding, merged));
    const rest = seen.rest();
    if (rest) return endingOf(report, rest);
    const ending = endingOf(report);
    seen.keep(ending);
    return ending;
  }

  /** The findings at each decision the faulty run takes, and how many runs they took. */
  findings(faulty: Scenario): { readonly runs: number; readonly findings: DecisionFinding[] } {
    // Decisions taken by the end of each timer firing.
    const taken: number[] = [];
    const count = (session: { context(): { decisions: readonly unknown[] } }, firings: number) => {
      taken[firings] = session.context().decisions.length;
    };
    const seen = this.seen.watch();
    const branch = this.branching.branch(faulty, 'history', (session, firings) => {
      count(session, firings);
      return seen.after(session);
    });
    const report = this.ending(branch.run.report, branch.merged?.checkpoint, seen);
    const searched = searchedDecisions(report);
    if (searched.length === 0) return { runs: 1, findings: [] };
    // Rules of their own would be replaced by the option's: such a run shares nothing.
    const own = (faulty.decisions ?? []).length > 0;
    // The firing in which each decision was taken.
    const firingOf = (index: number): number | undefined => {
      const firing = taken.findIndex((n) => n !== undefined && n > index);
      return firing < 0 ? undefined : firing;
    };
    // A rule for (point, hop) can match no decision before the first one at that point and hop.
    const branchFiring = new Map<number, number | undefined>();
    for (const { index, decision } of searched) {
      const first = report.decisions.findIndex(
        (d) => d.situation === decision.situation && d.hop === decision.hop,
      );
      branchFiring.set(index, own ? undefined : firingOf(first < 0 ? index : first));
    }
    const start = this.branching.start(faulty);
    const startFiring = start?.checkpoint.firings ?? -1;
    // Checkpoints of the faulty run just before each of those firings.
    const wanted = new Set<number>();
    for (const firing of branchFiring.values()) {
      if (firing !== undefined && firing - 1 > startFiring) wanted.add(firing - 1);
    }
    const checkpoints = new Map<number, Checkpoint>();
    if (wanted.size > 0) {
      const last = largest(wanted);
      this.branching.branch(faulty, false, (session, firings) => {
        if (wanted.has(firings)) checkpoints.set(firings, session.checkpoint());
        return firings >= last ? 'stop' : undefined;
      });
    }
    let runs = 1;
    const findings = searched.map(({ index, decision }) =>
      findingAt(faulty, report, decision, (option) => {
        runs++;
        const rule = ruleFor(decision, option);
        const scenario = { ...faulty, decisions: [rule] };
        const firing = branchFiring.get(index);
        const from =
          firing === undefined || firing === 0
            ? undefined
            : firing - 1 === startFiring && start
              ? start
              : checkpoints.has(firing - 1)
                ? { checkpoint: checkpoints.get(firing - 1) as Checkpoint, faults: [] }
                : undefined;
        const watch = this.seen.watch();
        if (!from) {
          const run = simulateWith(scenario, { after: (session) => watch.after(session) });
          return this.ending(run.report, undefined, watch);
        }
        const converging = this.branching.converging(from.checkpoint, 'history');
        const boundaries: Boundaries = {
          after: (session) => converging.after(session) ?? watch.after(session),
        };
        const run = resumeFrom(scenario, from.checkpoint, from.faults, boundaries, [rule]);
        return this.ending(run.report, converging.merged()?.checkpoint, watch);
      }),
    );
    return { runs, findings };
  }
}

/**
 * Searches the decisions each fault (or pair) leads to. For every faulty run, the first
 * decision at each (point, host, hop) is tried with every option it offers, the others left to
 * their defaults. Runs share their prefixes: see {@link SharedRuns}. Deterministic: the same
 * scenario gives the same result.
 */
export function searchDecisions(
  scenario: Scenario,
  options: DecisionSearchOptions = {},
): DecisionSearchResult {
  const shared = new SharedRuns(scenario);
  let runs = 1;
  const sets = faultSets(scenario, shared.base, options.faults ?? 1, (first) => {
    runs++;
    return shared.report(first);
  });
  const scenarios = sets.map((faults) => withFaults(scenario, faults));
  shared.prepare(scenarios);
  const findings: DecisionFinding[] = [];
  let done = 0;
  let complete = true;
  for (const faulty of scenarios) {
    if (options.cancelled?.()) {
      complete = false;
      break;
    }
    const found = shared.findings(faulty);
    runs += found.runs;
    append(findings, found.findings);
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
