import {
  faultAffects,
  faultRecord,
  faultsOn,
  isImmediateFault,
  type ExploreRule,
  type ExploreTargets,
  type ExploreTimes,
} from '../../machines/faultTable';
import { stepNameOf } from '../../machines/procedureSteps';
import { invariantWords } from './monitors/invariants';
import { OUTCOMES } from '../../machines/types';
import { CoverageCollector, type MachineCoverage, type VisitedMap } from './coverage';
import { Branching, type Branch } from './branching';
import { seededRandom } from './random';
import { simulate, standingOf, type Run, type Standing } from './runner';
import {
  EquivalentRuns,
  ownsCandidate,
  type Representative,
  type StepView,
} from './equivalentRuns';
import type { ProcedureContext } from '../../machines/procedureMachine';
import type {
  Cause,
  FaultSpec,
  FaultType,
  InvariantId,
  InvariantResult,
  Outcome,
  Report,
  Scenario,
  StepRecord,
  SystemKind,
  TraceEntry,
} from './types';

/** Fault types that can be injected into each system, in the fault table's order. */
export const APPLICABLE_FAULTS: Readonly<Record<SystemKind, readonly FaultType[]>> = {
  serverware: faultsOn('serverware'),
  'ha-pair': faultsOn('ha-pair'),
  standalone: faultsOn('standalone'),
};

/** A fault as the explorer injects it, before it gets its index in the scenario. */
type Injection = Omit<FaultSpec, 'index'>;

/** The shortest run found that violates an invariant. */
export interface Counterexample {
  readonly invariant: InvariantId;
  /** The faults that reproduce it, as a scenario's `faults:` list. */
  readonly faults: readonly FaultSpec[];
  /** How many steps the run started before the first violation: the length of the trace to it. */
  readonly steps: number;
  readonly outcome: Outcome;
  /** The first violation of the invariant in that run. */
  readonly at: number;
  readonly seq: number;
  /** Whether the procedure or one of the faults brought that violation about. */
  readonly cause: Cause;
  readonly message: string;
  /** The scenario with these faults and an `expect` naming the violation: replays it exactly. */
  readonly scenario: Scenario;
  /** Position of the run among all candidates: breaks ties the same way for any worker count. */
  readonly ordinal: number;
}

/** A named situation worth reaching, and whether the exploration reached it. */
export interface Situation {
  readonly name: string;
  readonly reached: boolean;
  /** How many runs reached it. */
  readonly runs: number;
}

export interface ExploreOptions {
  /** How many faults per run in systematic mode (1 by default; 2 for pairs). */
  readonly faults?: number;
  /** Random (swarm) mode: this many runs with fault sets drawn from the seed. */
  readonly random?: { readonly runs: number; readonly seed: number };
  /** Only the candidates `i` with `i % count === index` (for parallel workers or machines). */
  readonly shard?: Shard;
  /**
   * Pairs that inject their second fault where another candidate's run stood alike are composed
   * from that run instead of run (see {@link EquivalentRuns}): true by default; false runs every
   * candidate. The findings are the same either way.
   */
  readonly reduction?: boolean;
  /**
   * Called for each candidate composed from the representative of its class (a run, or one
   * merged because its faults did not all fire), with the faults of both.
   * @internal For tests of the classes; not for a worker (a function does not cross).
   */
  readonly onCovered?: (faults: readonly FaultSpec[], by: readonly FaultSpec[]) => void;
  /** Called after every run with how many are done and how many there are (when known). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ExploreResult {
  readonly scenario: string;
  readonly mode: 'systematic' | 'random';
  readonly faults: number;
  /** Runs found (after merging runs whose faults could not all fire): explored and covered. */
  readonly runs: number;
  /** Runs simulated. */
  readonly explored: number;
  /**
   * Runs composed from the run of an equivalent candidate instead of simulated: they inject
   * their last fault where that run stood alike, so they go on as it did.
   */
  readonly covered: number;
  /** Candidate fault sets merged into a smaller run because some of their faults never fired. */
  readonly merged: number;
  /**
   * Runs explored that were stopped early because, their faults spent, they came back to a
   * state the run they branched from had been in at the same step: the rest of each is that
   * run's.
   */
  readonly converged: number;
  /** Distinct states (hosts and procedure) reached over all runs. */
  readonly distinctStates: number;
  readonly outcomes: Readonly<Record<Outcome, number>>;
  /** Per violated invariant, the shortest counterexample (fewest faults, then fewest steps). */
  readonly counterexamples: readonly Counterexample[];
  readonly coverage: readonly MachineCoverage[];
  readonly situations: readonly Situation[];
}

function ranStep(step: Pick<StepRecord, 'status'>): boolean {
  return step.status === 'done' || step.status === 'failed';
}

/** The hosts a fault is aimed at by the explorer at one step (undefined: no target). */
function targetsOf(
  targets: ExploreTargets,
  step: StepRecord,
  hosts: { readonly storage: readonly string[]; readonly pair: readonly string[] },
): readonly (string | undefined)[] {
  if (targets === 'none') return [undefined];
  if (targets === 'step-host') return [step.host];
  if (targets === 'storage') return hosts.storage;
  if (targets === 'step-host-and-pair')
    return [...new Set([...(step.host !== undefined ? [step.host] : []), ...hosts.pair])];
  return [targets.role];
}

function timesOf(times: ExploreTimes, policy: Scenario['policy']): number {
  if (times === 'every-sync-retry') return policy.syncRetries + 1;
  if (times === 'every-session-check') return policy.sessionChecks;
  return times;
}

/**
 * Every single fault that can hit the run at each of its steps, as the fault table's explorer
 * rules make them: the step-bound faults that can make this step fail or slow down, then the
 * faults that strike a host (crashes, degraded pools, split brains) at its start. Pure.
 */
export function singleFaults(scenario: Scenario, report: Report, from = 0): Injection[] {
  return [...singleFaultsOf(scenario)(report, from).values()];
}

/**
 * {@link singleFaults} of any run of `scenario`, each by its JSON. The faults at a step depend
 * only on its action, hop and host, so they are worked out once for each of those: the
 * explorer asks for the second faults of every step of every first fault's run.
 */
function singleFaultsOf(
  scenario: Scenario,
): (report: Report, from?: number) => ReadonlyMap<string, Injection> {
  const applicable = faultsOn(scenario.system);
  const stepBound = applicable.filter((fault) => !isImmediateFault(fault));
  const striking = applicable.filter((fault) => isImmediateFault(fault));
  const hosts = {
    storage: scenario.hosts.filter((h) => h.kind === 'storage').map((h) => h.name),
    pair: scenario.hosts
      .filter((h) => h.kind === 'storage' || h.kind === 'device')
      .map((h) => h.name),
  };
  const byPlace = new Map<string, readonly (readonly [string, Injection])[]>();
  const faultsAt = (step: StepRecord): readonly (readonly [string, Injection])[] => {
    const place = `${step.action}\n${step.hop}\n${step.host ?? ''}`;
    const known = byPlace.get(place);
    if (known) return known;
    const found: (readonly [string, Injection])[] = [];
    const when = {
      step: stepNameOf(step.action),
      ...(step.hop > 0 ? { hop: step.hop } : {}),
      ...(step.host !== undefined ? { host: step.host } : {}),
    };
    const add = (fault: FaultType, rule: ExploreRule) => {
      for (const target of targetsOf(rule.targets, step, hosts)) {
        for (const times of rule.times) {
          const injection: Injection = {
            fault,
            ...(target !== undefined ? { target } : {}),
            when,
            times: timesOf(times, scenario.policy),
            ...(rule.duration !== undefined ? { duration: rule.duration } : {}),
          };
          found.push([JSON.stringify(injection), injection]);
        }
      }
    };
    for (const fault of stepBound) {
      if (!faultAffects(fault, step.action)) continue;
      const rule = faultRecord(fault).explore;
      add(fault, rule.at?.[step.action] ?? rule);
    }
    for (const fault of striking) add(fault, faultRecord(fault).explore);
    byPlace.set(place, found);
    return found;
  };
  return (report, from = 0) => {
    const found = new Map<string, Injection>();
    for (let index = from; index < report.steps.length; index++) {
      const step = report.steps[index] as StepRecord;
      if (!ranStep(step)) continue;
      for (const [key, injection] of faultsAt(step)) if (!found.has(key)) found.set(key, injection);
    }
    return found;
  };
}

/** The scenario with exactly these faults, indexed in order. Pure. */
export function withFaults(scenario: Scenario, faults: readonly Injection[]): Scenario {
  return { ...scenario, faults: faults.map((fault, index) => ({ ...fault, index })) };
}

/** Steps the run had started by virtual time `at` (the measure of a counterexample's length). */
function stepsUntil(steps: readonly StepRecord[], at: number): number {
  return steps.filter((step) => step.start !== undefined && step.start <= at).length;
}

/** How a run ended, as the situations look at it. */
type Ending = Pick<Report, 'outcome' | 'invariants' | 'failovers'> & {
  readonly steps: readonly StepView[];
};

/**
 * What the findings take from one run: how it ended, and the part of its trace that is its
 * own. A branch's first entries are its parent's; a merged branch's last ones would be too.
 */
interface RunView {
  readonly scenario: Scenario;
  readonly ending: Ending;
  /** The run's own steps, timed: what a counterexample's length is counted on. */
  readonly timed: readonly StepRecord[];
  readonly trace: readonly TraceEntry[];
  readonly from: number;
  readonly before: ReadonlyMap<string, string>;
  /** Violations at or after this trace position are the parent's, carried over on a merge. */
  readonly ownUntil: number;
  /** Whether every fault fired (a run whose faults did not all fire is merged away). */
  readonly fired: boolean;
  /** Whether the run was stopped on coming back to a state of its parent. */
  readonly converged: boolean;
}

function fullView(scenario: Scenario, run: Pick<Run, 'report' | 'fired'>): RunView {
  const { report } = run;
  return {
    scenario,
    ending: report,
    timed: report.steps,
    trace: report.trace,
    from: 0,
    before: new Map(),
    ownUntil: report.trace.length,
    fired: allFired(scenario, run),
    converged: false,
  };
}

/**
 * A branch seen whole. Merged into its parent, it ends as the parent ended, and the parent's
 * violations after the merge point are its own too, shifted to its time and trace positions;
 * its steps are its own up to where it merged and the parent's from there, and its failovers
 * its own so far and the parent's since.
 */
function branchView(scenario: Scenario, branch: Branch, parent: Report): RunView {
  const { report } = branch.run;
  const { merged } = branch;
  if (!merged)
    return { ...fullView(scenario, branch.run), from: branch.from, before: branch.before };
  // The branch stopped at the merge point: its report covers the run up to there.
  const shiftAt = report.duration - merged.now;
  const shiftSeq = report.trace.length - merged.traceLength;
  const invariants: InvariantResult[] = report.invariants.map((own, index) => {
    const later = (parent.invariants[index]?.violations ?? [])
      .filter((violation) => violation.seq >= merged.traceLength)
      .map((violation) => ({
        ...violation,
        at: violation.at + shiftAt,
        seq: violation.seq + shiftSeq,
      }));
    const violations = [...own.violations, ...later];
    return { id: own.id, holds: violations.length === 0, violations };
  });
  // Where the branch came back to, the parent's steps from its cursor on were the branch's too;
  // those behind may differ (when the record of the past was set aside), and stay the branch's.
  const theirs = merged.at.root.context as ProcedureContext;
  const behind = report.steps.length - (theirs.steps.size - theirs.cursor);
  return {
    scenario,
    ending: {
      outcome: parent.outcome,
      steps: [...report.steps.slice(0, behind), ...parent.steps.slice(theirs.cursor)],
      invariants,
      failovers: report.failovers + parent.failovers - theirs.failovers,
    },
    timed: report.steps,
    trace: report.trace,
    from: branch.from,
    before: branch.before,
    ownUntil: report.trace.length,
    fired: true,
    converged: true,
  };
}

interface SituationCheck {
  readonly name: string;
  readonly systems: readonly SystemKind[];
  readonly reached: (report: Ending, scenario: Scenario) => boolean;
}

const SW: readonly SystemKind[] = ['serverware'];
const HA: readonly SystemKind[] = ['ha-pair'];
const SA: readonly SystemKind[] = ['standalone'];
const ALL: readonly SystemKind[] = ['serverware', 'ha-pair', 'standalone'];

/** Situations worth reaching, per system, and how to tell a run reached them. */
const SITUATIONS: readonly SituationCheck[] = [
  {
    name: 'a failed host reinstalled after the failover',
    systems: SW,
    reached: (report) => {
      let failover = -1;
      report.steps.forEach((step, index) => {
        if (step.action === 'failover' && ranStep(step) && !step.recovery && failover < 0)
          failover = index;
      });
      return (
        failover >= 0 &&
        report.steps.some(
          (step, index) =>
            index > failover && step.recovery && step.action === 'install' && ranStep(step),
        )
      );
    },
  },
  {
    name: 'the Secondary taking over from a lost Primary',
    systems: SW,
    reached: (report) =>
      report.failovers >
      report.steps.filter((step) => step.action === 'failover' && step.status === 'done').length,
  },
  {
    name: 'a failover timeout during the upgrade',
    systems: SW,
    reached: (report, scenario) =>
      scenario.faults.some((f) => f.fault === 'failover-timeout') && report.outcome === 'completed',
  },
  {
    name: 'the Primary down while the Secondary is mid-upgrade',
    systems: SW,
    reached: (report) =>
      report.invariants.some((i) => i.id === 'one-member-down-at-a-time' && !i.holds),
  },
  {
    name: 'a rollback of the second HA device (switch over, roll back the other)',
    systems: HA,
    reached: (report, scenario) =>
      scenario.system === 'ha-pair' &&
      report.steps.some((s) => s.recovery && s.action === 'switchover'),
  },
  {
    name: 'a sync report resolved and checked again',
    systems: HA,
    reached: (report) =>
      report.steps.some((s) => s.action === 'resolve-sync' && s.status === 'done'),
  },
  {
    name: 'sessions lost and restored',
    systems: HA,
    reached: (report) =>
      report.steps.some((s) => s.action === 'restore-sessions' && s.status === 'done'),
  },
  {
    name: 'both HA devices active, one switched to standby',
    systems: HA,
    reached: (report) => report.steps.some((s) => s.action === 'demote' && s.status === 'done'),
  },
  {
    name: 'a storage step waiting for the pool',
    systems: SW,
    reached: (report, scenario) =>
      scenario.faults.some((f) => f.fault === 'pool-degraded') && report.outcome === 'completed',
  },
  {
    name: 'a backup restored on a single server',
    systems: SA,
    reached: (report) => report.steps.some((s) => s.action === 'restore' && s.status === 'done'),
  },
  {
    name: 'a procedure stopped with the system serving',
    systems: ALL,
    reached: (report) => report.outcome === 'aborted',
  },
  {
    name: 'a procedure that cannot go on',
    systems: ALL,
    reached: (report) => report.outcome === 'stuck',
  },
];

function situationsFor(system: SystemKind): SituationCheck[] {
  return SITUATIONS.filter((situation) => situation.systems.includes(system));
}

/** What one shard of an exploration found, as plain data (it crosses worker boundaries). */
export interface ShardResult {
  readonly scenario: Scenario;
  readonly mode: ExploreResult['mode'];
  readonly faults: number;
  readonly runs: number;
  readonly covered: number;
  readonly merged: number;
  readonly converged: number;
  readonly states: readonly string[];
  readonly outcomes: Readonly<Record<Outcome, number>>;
  readonly best: readonly Counterexample[];
  readonly visited: VisitedMap;
  readonly reached: Readonly<Record<string, number>>;
}

/** A count of zero for every outcome, in report order. */
function noOutcomes(): Record<Outcome, number> {
  return Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Record<Outcome, number>;
}

function better(
  a: Pick<Counterexample, 'faults' | 'steps' | 'ordinal'>,
  b: Pick<Counterexample, 'faults' | 'steps' | 'ordinal'> | undefined,
): boolean {
  if (!b) return true;
  if (a.faults.length !== b.faults.length) return a.faults.length < b.faults.length;
  if (a.steps !== b.steps) return a.steps < b.steps;
  return a.ordinal < b.ordinal;
}

/** Everything one shard keeps as runs come in. */
class Findings {
  runs = 0;
  merged = 0;
  converged = 0;
  covered = 0;
  readonly states = new Set<string>();
  readonly outcomes = noOutcomes();
  readonly best = new Map<InvariantId, Counterexample>();
  readonly coverage = new CoverageCollector();
  readonly reached: Record<string, number> = {};

  constructor(private readonly base: Scenario) {}

  add(view: RunView, ordinal: number): void {
    const { scenario, ending } = view;
    this.runs++;
    if (view.converged) this.converged++;
    this.outcomes[ending.outcome]++;
    this.coverage.add(scenario, view.trace, view.from, view.before);
    const hash = new StateHash(view.before);
    for (let index = view.from; index < view.trace.length; index++) {
      const entry = view.trace[index] as TraceEntry;
      this.states.add(hash.set(entry.actor, entry.state));
    }
    this.situations(ending, scenario);
    for (const invariant of ending.invariants) {
      const first = invariant.violations[0];
      // A violation carried over from the parent is the parent's counterexample, shorter.
      if (invariant.holds || !first || first.seq >= view.ownUntil) continue;
      const candidate = this.counterexample(view, invariant.id, ordinal);
      if (candidate && better(candidate, this.best.get(invariant.id)))
        this.best.set(invariant.id, candidate);
    }
  }

  /**
   * A run composed from the representative of its class instead of run: it stood where the
   * representative stood when their last fault was injected, so from there it went on as the
   * representative did. Its states and transitions from there are the representative's (those
   * before are its first fault's run's): nothing new to count. `first` is its first fault's
   * run, whose steps behind the point it stood at are its own.
   */
  addCovered(
    scenario: Scenario,
    ordinal: number,
    { representative, standing }: { representative: Representative; standing: Standing },
    first: Report,
  ): void {
    if (!representative.fired) {
      this.merged++;
      return;
    }
    this.runs++;
    this.covered++;
    this.outcomes[representative.outcome]++;
    const mine = standing.root.context as ProcedureContext;
    const theirs = representative.standing.root.context as ProcedureContext;
    const ending: Ending = {
      outcome: representative.outcome,
      steps: [...first.steps.slice(0, mine.cursor), ...representative.stepsAhead],
      failovers: mine.failovers + representative.failovers - theirs.failovers,
      invariants: first.invariants.map(({ id }, index) => {
        const holds = !(standing.violated[index] || representative.violatedAfter[index]);
        return { id, holds, violations: [] };
      }),
    };
    this.situations(ending, scenario);
    for (const [index, { id }] of first.invariants.entries()) {
      // Violated before: its first fault's run has the same violation, with one fault fewer.
      if (standing.violated[index]) continue;
      const after = representative.stepsToViolation[index];
      if (after === undefined) continue;
      const steps = standing.started + after;
      const shortest = this.best.get(id);
      if (shortest && !better({ faults: scenario.faults, steps, ordinal }, shortest)) continue;
      // The one that would be kept is replayed: its violation, trace positions and scenario
      // are its own run's.
      const replayed = this.counterexample(fullView(scenario, simulate(scenario)), id, ordinal);
      if (replayed?.steps !== steps) {
        throw new Error(
          `explore: the run of ${JSON.stringify(scenario.faults)} composed from its class violates ${id} after ${steps} steps, but replayed it ${replayed ? `does after ${replayed.steps}` : 'does not'}; rerun with --no-reduction`,
        );
      }
      this.best.set(id, replayed);
    }
  }

  private situations(ending: Ending, scenario: Scenario): void {
    for (const { name, reached } of situationsFor(scenario.system)) {
      if (reached(ending, scenario)) this.reached[name] = (this.reached[name] ?? 0) + 1;
    }
  }

  /** The run's counterexample for `invariant`: its first violation of it. */
  private counterexample(
    view: RunView,
    invariant: InvariantId,
    ordinal: number,
  ): Counterexample | undefined {
    const { scenario, ending } = view;
    const first = ending.invariants.find((i) => i.id === invariant)?.violations[0];
    if (!first) return undefined;
    const violated = ending.invariants.filter((i) => !i.holds).map((i) => i.id);
    return {
      invariant,
      faults: scenario.faults,
      steps: stepsUntil(view.timed, first.at),
      outcome: ending.outcome,
      at: first.at,
      seq: first.seq,
      cause: first.cause,
      message: first.message,
      ordinal,
      scenario: {
        ...scenario,
        // Its name is read on screen as the scenario's title: the invariant in words.
        name: `${this.base.name} — counterexample for ${invariantWords(invariant)}`,
        expect: { outcome: ending.outcome, violations: violated },
      },
    };
  }

  shard(mode: ExploreResult['mode'], faults: number): ShardResult {
    return {
      scenario: this.base,
      mode,
      faults,
      runs: this.runs,
      covered: this.covered,
      merged: this.merged,
      converged: this.converged,
      states: [...this.states],
      outcomes: this.outcomes,
      best: [...this.best.values()],
      visited: this.coverage.toJSON(),
      reached: this.reached,
    };
  }
}

/** Which part of an exploration's candidates a shard runs: those `i` with `i % count === index`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/**
 * Part `index` of `count` of a shard (or of the whole, with no outer shard): the parts of
 * `outer` together run exactly its candidates, so machines split an exploration and each
 * machine's workers split its share. Pure.
 */
export function subShard(outer: Shard | undefined, index: number, count: number): Shard {
  if (!outer) return { index, count };
  return { index: outer.index + outer.count * index, count: outer.count * count };
}

/**
 * Several shards of one exploration as one shard: the runs, states, coverage and shortest
 * counterexamples of them all. Combining in any grouping and order, then merging, gives what
 * merging them all at once gives. Pure.
 */
export function combineShards(shards: readonly ShardResult[]): ShardResult {
  const first = shards[0];
  if (!first) throw new Error('combineShards needs at least one shard');
  const states = new Set<string>();
  const outcomes = noOutcomes();
  const best = new Map<InvariantId, Counterexample>();
  const coverage = new CoverageCollector();
  const reached: Record<string, number> = {};
  let runs = 0;
  let covered = 0;
  let merged = 0;
  let converged = 0;
  for (const shard of shards) {
    runs += shard.runs;
    covered += shard.covered;
    merged += shard.merged;
    converged += shard.converged;
    for (const state of shard.states) states.add(state);
    for (const outcome of OUTCOMES) outcomes[outcome] += shard.outcomes[outcome];
    for (const found of shard.best)
      if (better(found, best.get(found.invariant))) best.set(found.invariant, found);
    coverage.merge(shard.visited);
    for (const [name, count] of Object.entries(shard.reached))
      reached[name] = (reached[name] ?? 0) + count;
  }
  return {
    scenario: first.scenario,
    mode: first.mode,
    faults: first.faults,
    runs,
    covered,
    merged,
    converged,
    states: [...states].sort(),
    outcomes,
    best: [...best.values()].sort((a, b) => a.invariant.localeCompare(b.invariant)),
    visited: coverage.toJSON(),
    reached: Object.fromEntries(Object.entries(reached).sort(([a], [b]) => a.localeCompare(b))),
  };
}

/**
 * Combines the shards of one exploration into its result; the same for any number of shards.
 * Pure.
 */
export function mergeShards(shards: readonly ShardResult[]): ExploreResult {
  const all = combineShards(shards);
  const coverage = new CoverageCollector();
  coverage.merge(all.visited);
  return {
    scenario: all.scenario.name,
    mode: all.mode,
    faults: all.faults,
    runs: all.runs,
    explored: all.runs - all.covered,
    covered: all.covered,
    merged: all.merged,
    converged: all.converged,
    distinctStates: all.states.length,
    outcomes: all.outcomes,
    counterexamples: all.best,
    coverage: coverage.report(),
    situations: situationsFor(all.scenario.system).map(({ name }) => ({
      name,
      reached: (all.reached[name] ?? 0) > 0,
      runs: all.reached[name] ?? 0,
    })),
  };
}

/**
 * A fingerprint of every actor's state at one instant, kept up to date one actor at a time:
 * the sum of a hash per actor (two independent 32-bit hashes, so collisions stay rare).
 */
class StateHash {
  private a = 0;
  private b = 0;
  private readonly terms = new Map<string, readonly [number, number]>();

  constructor(states: ReadonlyMap<string, string>) {
    for (const [actor, state] of states) this.set(actor, state);
  }

  set(actor: string, state: string): string {
    const old = this.terms.get(actor);
    if (old) {
      this.a = (this.a - old[0]) | 0;
      this.b = (this.b - old[1]) | 0;
    }
    const term = termOf(`${actor}=${state}`);
    this.terms.set(actor, term);
    this.a = (this.a + term[0]) | 0;
    this.b = (this.b + term[1]) | 0;
    return `${(this.a >>> 0).toString(36)}.${(this.b >>> 0).toString(36)}`;
  }
}

/**
 * Two independent, well-mixed 32-bit hashes of one `actor=state` string: FNV-1a from two
 * offsets, each through MurmurHash3's finalizer, so that sums of terms do not cancel out. Pure.
 */
function termOf(text: string): readonly [number, number] {
  let a = 2166136261;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 16777619);
    b = Math.imul(b ^ code, 16777619);
  }
  return [mix(a), mix(b ^ 0x5bd1e995)];
}

/** MurmurHash3's 32-bit finalizer. Pure. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** Whether every fault of the scenario fired in the run, by the run's record of them. Pure. */
export function allFired(scenario: Scenario, run: Pick<Run, 'fired'>): boolean {
  const fired = new Set(run.fired);
  return scenario.faults.every((fault) => fired.has(fault.index));
}

/**
 * Explores faults systematically: every applicable fault at every step of the procedure (and,
 * with `faults: 2`, every second fault at every step of each faulty run), checking every
 * invariant on every run, keeping per violated invariant the shortest reproducing run.
 * Candidates whose faults cannot all fire are merged into the smaller run they equal.
 * Deterministic: the same scenario gives the same result for any sharding. Pure.
 */
export function explore(scenario: Scenario, options: ExploreOptions = {}): ExploreResult {
  return mergeShards([exploreShard(scenario, options)]);
}

/** One shard of {@link explore}: the candidates `i % count === index`. Pure. */
export function exploreShard(scenario: Scenario, options: ExploreOptions = {}): ShardResult {
  if (options.random) return exploreRandom(scenario, options.random, options);
  const depth = Math.max(1, Math.min(options.faults ?? 1, 2));
  const findings = new Findings(scenario);
  const shard = options.shard ?? { index: 0, count: 1 };
  const base = { ...scenario, faults: [] };
  const root = new Branching(base);
  const baseline = root.run.report;
  if (shard.index === 0) findings.add(fullView(base, root.run), -1);
  const firsts = singleFaults(base, baseline).map((first) => withFaults(base, [first]));
  // Single i belongs to shard i % count, and so do the pairs it starts (so that one shard
  // runs each first fault's run); the pairs take the numbers after the singles'.
  const mine = (ordinal: number) => ownsCandidate(shard, ordinal);
  root.prepare(depth > 1 ? firsts : firsts.filter((_, ordinal) => mine(ordinal)));
  let total = firsts.length;
  let done = 0;
  if (depth < 2) {
    for (const [ordinal, single] of firsts.entries()) {
      if (!mine(ordinal)) continue;
      const view = branchView(single, root.branch(single, 'history'), baseline);
      if (!view.fired) {
        findings.merged++;
        continue;
      }
      findings.add(view, ordinal);
      options.onProgress?.(++done, total);
    }
    return findings.shard('systematic', depth);
  }
  const classes = options.reduction === false ? undefined : new EquivalentRuns(shard);
  // Progress: this shard's singles, then every first fault's pairs (each shard sees them all).
  total = firsts.filter((_, ordinal) => mine(ordinal)).length + firsts.length;
  // The singles first, each until it comes back to the fault-free run: a single's run is the
  // representative of the pairs whose runs stand where it started when their second fault is
  // injected, and its class is its own shard's.
  const fired: boolean[] = [];
  const faultIds = new FaultIds();
  const secondFaults = singleFaultsOf(base);
  for (const [ordinal, single] of firsts.entries()) {
    const start = root.start(single)?.checkpoint;
    const key = classes && start ? classes.standingKey(standingOf(start)) : undefined;
    const first = single.faults[0] as FaultSpec;
    const { index: _index, ...injection } = first;
    const owned =
      key === undefined ? undefined : classes?.claim(key, faultIds.of(injection), ordinal);
    if (!mine(ordinal)) continue;
    const { branch, rest } = exploreBranch(root, single, false);
    const view = branchView(single, branch, baseline);
    fired[ordinal] = view.fired;
    if (!view.fired) findings.merged++;
    else findings.add(view, ordinal);
    options.onProgress?.(++done, total);
    if (classes && owned !== undefined && start) {
      classes.add(owned, representativeOf(classes, view, standingOf(start), branch.run, rest));
    }
  }
  let candidate = firsts.length;
  for (const [ordinal, single] of firsts.entries()) {
    options.onProgress?.(++done, total);
    const wanted = mine(ordinal);
    if (wanted && fired[ordinal] === false) continue;
    // With pairs to come, a single runs to its end: its steps say where second faults go.
    const parent = new Branching(single, root, { standings: true });
    const report = parent.run.report;
    if (!allFired(single, parent.run)) continue;
    // Pairs: every second fault at every step from where the first one struck.
    const firedAt = report.steps.findIndex((step) => step.status === 'failed' || step.recovery);
    const first = single.faults[0] as FaultSpec;
    const { index: _index, ...firstInjection } = first;
    const pairs: Pair[] = [];
    const firstId = faultIds.of(firstInjection);
    for (const [json, second] of secondFaults(report, Math.max(0, firedAt))) {
      const secondId = faultIds.ofJson(json);
      if (!faultIds.firstPair(firstId, secondId)) continue;
      const pairOrdinal = candidate++;
      // The first fault is the single's own object: the branching tells it is inherited by
      // identity, with no JSON of it made for each of the pairs.
      if (classes || wanted)
        pairs.push({
          scenario: { ...single, faults: [first, { ...second, index: 1 }] },
          secondId,
          ordinal: pairOrdinal,
        });
    }
    if (pairs.length === 0) continue;
    if (classes) explorePairs(findings, classes, parent, pairs, report, shard, options.onCovered);
    else {
      parent.keepCheckpoints(
        pairs.flatMap((pair) => {
          const firing = parent.firingOf(pair.scenario);
          return firing === undefined ? [] : [firing - 1];
        }),
      );
      for (const pair of pairs) {
        const pairBranch = parent.branch(pair.scenario, 'history', undefined, true);
        const pairView = branchView(pair.scenario, pairBranch, report);
        if (!pairView.fired) {
          findings.merged++;
          continue;
        }
        findings.add(pairView, pair.ordinal);
      }
    }
  }
  return findings.shard('systematic', depth);
}

/** A candidate pair of faults: the first's scenario with the second added. */
interface Pair {
  readonly scenario: Scenario;
  /** The second fault's number (see {@link FaultIds}). */
  readonly secondId: number;
  readonly ordinal: number;
}

/**
 * A number for each distinct fault (as the explorer injects it, index aside), in the order they
 * are first asked about: a pair of faults and a class of runs are told apart by these rather
 * than by the faults' JSON, which the 20-host Cluster's hundreds of thousands of pairs would
 * each keep a copy of.
 */
class FaultIds {
  private readonly ids = new Map<string, number>();
  /** The pairs met so far: by the smaller number of the two, the larger ones. */
  private readonly pairs: Set<number>[] = [];

  of(fault: Injection): number {
    return this.ofJson(JSON.stringify(fault));
  }

  /** The number of the fault whose JSON is `json`. */
  ofJson(json: string): number {
    let id = this.ids.get(json);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(json, id);
    }
    return id;
  }

  /** Whether the pair of faults `a` and `b`, in either order, is met for the first time. */
  firstPair(a: number, b: number): boolean {
    const low = Math.min(a, b);
    const high = Math.max(a, b);
    const seen = (this.pairs[low] ??= new Set());
    if (seen.has(high)) return false;
    seen.add(high);
    return true;
  }
}

/**
 * The pairs one first fault starts, reduced: each pair injects its second fault where the first
 * fault's run stands at that point; a pair that injects the same fault where another candidate's
 * run stood alike (an earlier pair's, or a single's at the start) goes on as that one did, and
 * is composed from it instead of run (see {@link EquivalentRuns}). The others are run, and become
 * their classes' representatives.
 */
function explorePairs(
  findings: Findings,
  classes: EquivalentRuns,
  parent: Branching,
  pairs: readonly Pair[],
  report: Report,
  shard: Shard,
  onCovered: ExploreOptions['onCovered'],
): void {
  const byFiring = new Map<number, Pair[]>();
  const run: { pair: Pair; key?: string; standing?: Standing }[] = [];
  const covered = new Map<Pair, { representative: Representative; standing: Standing }>();
  for (const pair of pairs) {
    const firing = parent.firingOf(pair.scenario);
    if (firing === undefined || firing - 1 <= parent.startFiring) {
      // It may fire before the first fault's run left the run it branched from: a class of one.
      if (ownsCandidate(shard, pair.ordinal)) run.push({ pair });
      continue;
    }
    const list = byFiring.get(firing - 1);
    if (list) list.push(pair);
    else byFiring.set(firing - 1, [pair]);
  }
  const starts: number[] = [];
  for (const [firing, here] of byFiring) {
    const standing = parent.standingAt(firing) as Standing;
    const key = classes.standingKey(standing);
    let start = false;
    for (const pair of here) {
      if (key === undefined) {
        if (ownsCandidate(shard, pair.ordinal)) {
          run.push({ pair });
          start = true;
        }
        continue;
      }
      const owned = classes.claim(key, pair.secondId, pair.ordinal);
      if (owned === undefined) continue;
      const representative = classes.find(owned, standing);
      if (representative) covered.set(pair, { representative, standing });
      else {
        run.push({ pair, key: owned, standing });
        start = true;
      }
    }
    if (start) starts.push(firing);
  }
  parent.keepCheckpoints(starts);
  for (const { pair, key, standing } of run) {
    const { branch, rest } = exploreBranch(parent, pair.scenario, true);
    const view = branchView(pair.scenario, branch, report);
    if (!view.fired) findings.merged++;
    else findings.add(view, pair.ordinal);
    if (key !== undefined && standing !== undefined) {
      classes.add(key, representativeOf(classes, view, standing, branch.run, rest));
    }
  }
  for (const pair of pairs) {
    const found = covered.get(pair);
    if (!found) continue;
    findings.addCovered(pair.scenario, pair.ordinal, found, report);
    onCovered?.(pair.scenario.faults, found.representative.faults);
  }
}

/**
 * Runs a candidate as a branch of `from`'s run (stopped once its faults can no longer fire, with
 * `stopUnfired`), and what a representative needs of how it went on: the most steps its plan had
 * (counting, when it came back to `from`'s run, that run's), and the decisions that run took
 * after it came back.
 */
function exploreBranch(
  from: Branching,
  scenario: Scenario,
  stopUnfired: boolean,
): { branch: Branch; rest: { readonly peak: number; readonly decisionsAfter: number } } {
  let peak = 0;
  const branch = from.branch(
    scenario,
    'history',
    (session) => {
      peak = Math.max(peak, session.context().steps.size);
      return undefined;
    },
    stopUnfired,
  );
  const merged = branch.merged;
  return {
    branch,
    rest: {
      peak: Math.max(peak, merged ? from.peakSteps : 0),
      decisionsAfter: merged ? from.run.report.decisions.length - merged.decisions : 0,
    },
  };
}

/**
 * A run explored in full, as the representative of its class: how it went on from `standing`,
 * where its last fault was injected. `rest`: the most steps its plan had from there (counting,
 * when it came back to the run it branched from, that run's), and the decisions that run took
 * after it came back. Pure.
 */
function representativeOf(
  classes: EquivalentRuns,
  view: RunView,
  standing: Standing,
  run: Run,
  rest: { readonly peak: number; readonly decisionsAfter: number },
): Representative {
  const context = standing.root.context as ProcedureContext;
  const decisions = run.report.decisions.length - context.decisions.length + rest.decisionsAfter;
  return {
    faults: view.scenario.faults,
    standing,
    loose: decisions === 0,
    peakSteps: Math.max(rest.peak, context.steps.size),
    fired: view.fired,
    outcome: view.ending.outcome,
    stepsAhead: classes.intern(view.ending.steps.slice(context.cursor)),
    failovers: view.ending.failovers,
    violatedAfter: view.ending.invariants.map((invariant) =>
      invariant.violations.some((violation) => violation.seq >= standing.traceLength),
    ),
    stepsToViolation: view.ending.invariants.map((invariant) => {
      const first = invariant.violations.find(
        (violation) => violation.seq >= standing.traceLength && violation.seq < view.ownUntil,
      );
      return first === undefined ? undefined : stepsUntil(view.timed, first.at) - standing.started;
    }),
  };
}

function pick<T>(items: readonly T[], next: () => number): T {
  return items[Math.floor(next() * items.length)] as T;
}

/** Random (swarm) mode: fault sets and timings drawn from the seed; failures shrunk. */
function exploreRandom(
  scenario: Scenario,
  random: { readonly runs: number; readonly seed: number },
  options: ExploreOptions,
): ShardResult {
  const findings = new Findings(scenario);
  const shard = options.shard ?? { index: 0, count: 1 };
  const base = { ...scenario, faults: [] };
  const baseline = simulate(base).report;
  const candidates = singleFaults(base, baseline);
  const next = seededRandom(random.seed);
  for (let run = 0; run < random.runs; run++) {
    // Draw every run's faults even when another shard runs it, so shards stay in step.
    const count = 1 + Math.floor(next() * 3);
    const drawn: Injection[] = [];
    for (let i = 0; i < count; i++) {
      const fault = pick(candidates, next);
      const timed = next() < 0.3;
      drawn.push(
        timed && fault.target !== undefined
          ? { ...fault, when: { at: Math.floor(next() * baseline.duration) } }
          : fault,
      );
    }
    if (!ownsCandidate(shard, run) || candidates.length === 0) continue;
    const drawnScenario = withFaults(base, drawn);
    const drawnRun = simulate(drawnScenario);
    findings.add(fullView(drawnScenario, drawnRun), run);
    options.onProgress?.(run + 1, random.runs);
    if (drawnRun.report.invariants.every((i) => i.holds)) continue;
    const shrunk = shrink(base, drawn, drawnRun.report);
    if (shrunk) findings.add(fullView(shrunk.scenario, shrunk.run), run);
  }
  return findings.shard('random', 3);
}

/** Removes faults one by one while the same invariants stay violated. */
function shrink(
  base: Scenario,
  faults: readonly Injection[],
  report: Report,
): { scenario: Scenario; run: Run } | undefined {
  const target = report.invariants
    .filter((i) => !i.holds)
    .map((i) => i.id)
    .join(' ');
  let current = [...faults];
  let best: { scenario: Scenario; run: Run } | undefined;
  for (let i = current.length - 1; i >= 0 && current.length > 1; i--) {
    const fewer = current.filter((_, index) => index !== i);
    const scenario = withFaults(base, fewer);
    const attempt = simulate(scenario);
    const still = attempt.report.invariants
      .filter((inv) => !inv.holds)
      .map((inv) => inv.id)
      .join(' ');
    if (still === target) {
      current = fewer;
      best = { scenario, run: attempt };
    }
  }
  return best;
}
