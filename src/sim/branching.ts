import type { ProcedureContext } from '../../machines/procedureMachine';
import { stepNameOf } from '../../machines/procedureSteps';
import { itemAt } from '../../machines/stepList';
import {
  resumeFrom,
  simulate,
  simulateWith,
  type Boundaries,
  type Checkpoint,
  type Comparable,
  type Run,
  type RunningSession,
  type Standing,
} from './runner';
import type { FaultSpec, Scenario } from './types';
import { largest } from './extremes';

/** A step the procedure reached: its name, hop and host (or role) as the plan had them then. */
interface Reached {
  readonly name: string;
  readonly hop: number;
  readonly host?: string;
}

/** A run of a scenario that branches off a parent run. */
export interface Branch {
  /** The run; stopped at the merge point when it merged into the parent. */
  readonly run: Run;
  /** Trace entries before this index are the parent's: the branch started from there. */
  readonly from: number;
  /** Each actor's state (by trace name) just before `from`. */
  readonly before: ReadonlyMap<string, string>;
  /**
   * Set when the branch reached a state the parent had been in: from there on the branch goes
   * exactly as the parent went, so it was stopped, and the rest is the parent's from this point.
   */
  readonly merged?: Sync;
}

/** The parent's state just after a step started: what branches are compared with there. */
interface Sync {
  /** What is compared. */
  readonly at: Comparable;
  readonly traceLength: number;
  readonly now: number;
  /** Decisions the parent had taken by then. */
  readonly decisions: number;
  /** The parent's checkpoint there; left out when the syncs are kept light. */
  readonly checkpoint?: Checkpoint;
}

/** Where a parent run that is itself a branch started: a checkpoint of the run it branched from. */
interface Origin {
  readonly root: Branching;
  readonly checkpoint: Checkpoint;
  readonly faults: readonly FaultSpec[];
}

/**
 * How a branch is stopped where it comes back to a state of the parent: `true` as the explorer
 * does; `'history'` also where only the decision history differs, as long as the parent takes
 * no decision from there on (so nothing reads it); `false` never.
 */
type Merge = boolean | 'history';

/**
 * Prefix sharing and state merging for the explorer. A run with one more fault than a parent
 * run is the parent run, transition for transition, until that fault can first fire; so it
 * starts from a checkpoint of the parent taken just before then instead of from the beginning.
 * And once its fault is spent, a branch that comes back to a state the parent was in (same
 * machine states and contexts, same timers pending, same monitor memories) would go on exactly
 * as the parent did: it is stopped there and the rest is taken from the parent.
 *
 * `Branching` runs the parent and notes which steps each timer firing reached; `prepare` runs
 * it again to keep checkpoints: before each firing a branch starts from, and after each step
 * start (the points where branches are compared with it). A branch that is not merged has the
 * same report, byte for byte, as a fresh run of its scenario; where that cannot be assured (a
 * fault timed by the clock, a fault the parent never reaches) the branch runs from the start.
 */
export class Branching {
  /** The parent's own run. */
  readonly run: Run;
  /** What each timer firing reached, by firing number (0: the start). */
  private readonly reached: Reached[][] = [];
  /** The firings that reached a step of each name, in order (see `firingsReaching`). */
  private reaching?: Map<string, number[]>;
  /** The first firing at which a fault could fire, by where it strikes (see `firstChance`). */
  private readonly firstChances = new Map<string, number | undefined>();
  private readonly hostNames: ReadonlySet<string>;
  private readonly checkpoints = new Map<number, Checkpoint>();
  /** The parent's state just after each step started, by that step's id (-1: the end). */
  private readonly syncs = new Map<number, Sync>();
  /** The most steps the parent's plan had at any time. */
  peakSteps = 0;
  private readonly forkable: boolean;
  private prepared = false;
  /** The parent's faults' JSON, made on the first question about a branch (see `addedTo`). */
  private inheritedJson?: readonly string[];
  /** What each scenario asked about adds to the parent's faults (see `added`). */
  private readonly addedBy = new WeakMap<Scenario, FaultSpec[] | undefined>();
  /** Set when the parent run is a branch of another run's: it started from there. */
  private readonly origin?: Origin;
  /** Where the parent stood after each timer firing, when kept (see the constructor). */
  private readonly standings: Standing[] = [];

  /**
   * Runs the parent. With `root`, a run whose scenario is a branch of `root`'s parent (its
   * faults after those of `root`'s): it starts from `root`'s checkpoint (which `root` must have
   * prepared) and plays to its end, and its own checkpoints are taken from there on too. With
   * `standings`, where the parent stands after each timer firing is kept (see
   * {@link Branching.standingAt}), and so are the standings branches are compared with where
   * steps start: {@link Branching.keepCheckpoints} then prepares branches.
   */
  constructor(
    private readonly parent: Scenario,
    root?: Branching,
    options: { readonly standings?: boolean } = {},
  ) {
    this.hostNames = new Set(parent.hosts.map((host) => host.name));
    this.forkable = parent.faults.every((fault) => 'step' in fault.when);
    const start = root?.start(parent);
    let cursor = 0;
    let at: number | undefined;
    const record: Boundaries['after'] = (session, firings) => {
      const context = session.context();
      const { steps, cursor: now } = context;
      if (options.standings) {
        const standing = session.standing();
        this.standings[firings] = standing;
        const ahead = stepAhead(context);
        if (ahead !== at) {
          at = ahead;
          if (!this.syncs.has(ahead)) {
            const { traceLength, now: time } = standing;
            const decisions = context.decisions.length;
            this.syncs.set(ahead, { at: standing, traceLength, now: time, decisions });
          }
        }
      }
      this.peakSteps = Math.max(this.peakSteps, steps.size);
      const reached: Reached[] = [];
      for (let index = cursor; index <= now && index < steps.size; index++) {
        const step = itemAt(steps, index);
        if (step)
          reached.push({
            name: stepNameOf(step.action),
            hop: step.hop,
            ...(step.host !== undefined ? { host: step.host } : {}),
          });
      }
      this.reached[firings] = reached;
      cursor = now;
    };
    if (root && start) {
      this.origin = { root, ...start };
      const firing = start.checkpoint.firings;
      for (let index = 0; index <= firing; index++) this.reached[index] = root.reached[index] ?? [];
      const context = start.checkpoint.root.context as ProcedureContext;
      cursor = context.cursor;
      this.peakSteps = context.steps.size;
      this.run = resumeFrom(parent, start.checkpoint, start.faults, { after: record });
    } else {
      this.run = simulateWith(parent, { after: record });
    }
  }

  /**
   * The parent's own run as a branch of the run it started from (the whole run, from the start,
   * when it has no origin).
   */
  own(): Branch {
    if (!this.origin) return { run: this.run, from: 0, before: new Map() };
    return { run: this.run, ...beforeOf(this.origin.checkpoint) };
  }

  /** Where the parent stood after `firings` timer firings, when the standings were kept. */
  standingAt(firings: number): Standing | undefined {
    return this.standings[firings];
  }

  /**
   * Runs the parent again up to the last of `firings`, keeping a checkpoint after each of them:
   * branches that start at the next firings start there. The parent must have kept its
   * standings (its syncs are those).
   */
  keepCheckpoints(firings: readonly number[]): void {
    const wanted = new Set(firings.filter((firing) => firing > this.startFiring));
    if (!this.forkable || wanted.size === 0) return;
    const last = largest(wanted);
    const keep: Boundaries['after'] = (session, done) => {
      if (wanted.has(done)) this.checkpoints.set(done, session.checkpoint());
      return done >= last ? 'stop' : undefined;
    };
    if (this.origin)
      resumeFrom(this.parent, this.origin.checkpoint, this.origin.faults, { after: keep });
    else simulateWith(this.parent, { after: keep });
  }

  /** The timer firing at which the parent run started from its origin (0: from the start). */
  get startFiring(): number {
    return this.origin?.checkpoint.firings ?? 0;
  }

  /** Whether `fault` could fire at a step reached like `step`. Errs towards yes. */
  private mayFire(fault: FaultSpec, step: Reached): boolean {
    const when = fault.when;
    if (!('step' in when) || when.step !== step.name) return false;
    if (when.hop !== undefined && step.hop > 0 && when.hop !== step.hop) return false;
    const where = when.host ?? fault.target;
    if (where === undefined || step.host === undefined) return true;
    // Two different hosts named outright cannot match; a role may resolve to either.
    return !(this.hostNames.has(where) && this.hostNames.has(step.host) && where !== step.host);
  }

  /** The faults `scenario` adds to the parent's, or undefined when it is not a branch of it. */
  private added(scenario: Scenario): FaultSpec[] | undefined {
    if (this.addedBy.has(scenario)) return this.addedBy.get(scenario);
    const added = this.addedTo(scenario);
    this.addedBy.set(scenario, added);
    return added;
  }

  private addedTo(scenario: Scenario): FaultSpec[] | undefined {
    const inherited = this.parent.faults;
    if (scenario.faults.length <= inherited.length) return undefined;
    this.inheritedJson ??= inherited.map((fault) => JSON.stringify(fault));
    for (let index = 0; index < inherited.length; index++) {
      const fault = scenario.faults[index];
      if (fault !== inherited[index] && JSON.stringify(fault) !== this.inheritedJson[index])
        return undefined;
    }
    const added = scenario.faults.slice(inherited.length);
    return added.every((fault) => 'step' in fault.when) ? added : undefined;
  }

  /**
   * The firings that reached a step named `name`, in order: a fault can fire only at a step of
   * the name it gives, so only those firings need a look (a run has hundreds, and the explorer
   * asks about each of hundreds of thousands of pairs). Made once the run is done.
   */
  private firingsReaching(name: string): readonly number[] {
    if (!this.reaching) {
      const reaching = new Map<string, number[]>();
      for (let firing = 0; firing < this.reached.length; firing++) {
        for (const step of this.reached[firing] ?? []) {
          const list = reaching.get(step.name);
          if (!list) reaching.set(step.name, [firing]);
          else if (list[list.length - 1] !== firing) list.push(firing);
        }
      }
      this.reaching = reaching;
    }
    return this.reaching.get(name) ?? [];
  }

  /** Whether `fault` could fire at one of the steps firing number `firing` reached. */
  private mayFireAt(fault: FaultSpec, firing: number): boolean {
    return (this.reached[firing] ?? []).some((step) => this.mayFire(fault, step));
  }

  /** The last firing at which `faults` could fire in the parent run. */
  private lastChance(faults: readonly FaultSpec[]): number {
    let last = 0;
    for (const fault of faults) {
      if (!('step' in fault.when)) continue;
      const firings = this.firingsReaching(fault.when.step);
      for (let index = firings.length - 1; index >= 0; index--) {
        const firing = firings[index] as number;
        if (firing <= last) break;
        if (this.mayFireAt(fault, firing)) {
          last = firing;
          break;
        }
      }
    }
    return last;
  }

  /** The firing before which `faults` cannot have fired: the branch starts just before it. */
  private branchFiring(faults: readonly FaultSpec[]): number | undefined {
    let first: number | undefined;
    for (const fault of faults) {
      const firing = this.firstChance(fault);
      if (firing !== undefined && (first === undefined || firing < first)) first = firing;
    }
    return first;
  }

  /**
   * The first firing at which `fault` could fire in the parent run, kept by what decides it
   * (its step, hop and host or target): the explorer asks about hundreds of thousands of pairs,
   * whose second faults share a few hundred places to strike.
   */
  private firstChance(fault: FaultSpec): number | undefined {
    const when = fault.when;
    if (!('step' in when)) return undefined;
    const place = `${when.step}\n${when.hop ?? ''}\n${when.host ?? fault.target ?? ''}`;
    if (this.firstChances.has(place)) return this.firstChances.get(place);
    let first: number | undefined;
    for (const firing of this.firingsReaching(when.step)) {
      if (this.mayFireAt(fault, firing)) {
        first = firing;
        break;
      }
    }
    this.firstChances.set(place, first);
    return first;
  }

  /**
   * The timer firing before which the faults `scenario` adds to the parent's cannot have fired
   * (a branch of it starts just before), or undefined when it is not a branch of the parent or
   * none of the steps the parent reached could fire them.
   */
  firingOf(scenario: Scenario): number | undefined {
    const added = this.added(scenario);
    return added && this.branchFiring(added);
  }

  /**
   * Runs the parent again, keeping the checkpoints the given branches will need (those that
   * start before the parent's own origin start from the origin's checkpoints).
   */
  prepare(branches: readonly Scenario[]): void {
    if (!this.forkable || this.prepared) return;
    this.prepared = true;
    const wanted = new Set<number>();
    const from = this.startFiring;
    for (const scenario of branches) {
      const firing = this.firingOf(scenario);
      // Firing 0 is the start itself: such a branch has nothing to share.
      // A branch that starts where the parent itself started starts from the origin's checkpoint.
      if (firing !== undefined && firing > 0 && firing - 1 > from) wanted.add(firing - 1);
    }
    if (wanted.size === 0) return;
    let at: number | undefined;
    const keep = (session: RunningSession, firings: number) => {
      if (wanted.has(firings)) this.checkpoints.set(firings, session.checkpoint());
      const context = session.context();
      const now = stepAhead(context);
      if (now !== at) {
        at = now;
        if (!this.syncs.has(now)) {
          const decisions = context.decisions.length;
          const checkpoint = session.checkpoint();
          const { traceLength, now: time } = checkpoint;
          this.syncs.set(now, { at: checkpoint, traceLength, now: time, decisions, checkpoint });
        }
      }
    };
    if (this.origin) {
      resumeFrom(this.parent, this.origin.checkpoint, this.origin.faults, { after: keep });
    } else simulateWith(this.parent, { after: keep });
  }

  /**
   * Watches a run that started from `checkpoint` (a branch of the parent, with its faults after
   * the parent's): `after` says `'stop'` once it comes back to a state the parent was in, as
   * `merge` allows, and `merged` then names the parent's checkpoint there. With `'history'`,
   * only where the parent takes no decision from there on: the branch's decisions are then all
   * in its own run.
   */
  converging(
    checkpoint: Checkpoint,
    merge: Merge,
  ): { after(session: RunningSession): 'stop' | undefined; merged(): Sync | undefined } {
    const inherited = this.parent.faults.length;
    const decisions = this.run.report.decisions.length;
    let at = stepAhead(checkpoint.root.context as ProcedureContext);
    let merged: Sync | undefined;
    return {
      after: (session) => {
        if (merge === false) return undefined;
        const context = session.context();
        const now = stepAhead(context);
        if (now === at) return undefined;
        at = now;
        const sync = this.syncs.get(now);
        if (!sync) return undefined;
        const loose = merge === 'history';
        const theirs = sync.at.root.context as ProcedureContext;
        if (loose) {
          // The parent's decisions to come would be the branch's: not so with another history.
          if (sync.decisions !== decisions) return undefined;
          if (!withinStepCap(context, theirs.steps.size, this.peakSteps)) return undefined;
        } else if (context.cursor !== theirs.cursor) return undefined;
        if (session.sameAs(sync.at, inherited, loose)) {
          merged = sync;
          return 'stop';
        }
        return undefined;
      },
      merged: () => merged,
    };
  }

  /**
   * Where a branch of `scenario` starts, and the faults it adds there: undefined when it runs
   * from the start.
   */
  start(
    scenario: Scenario,
  ): { readonly checkpoint: Checkpoint; readonly faults: readonly FaultSpec[] } | undefined {
    const added = this.added(scenario);
    const firing = added && this.branchFiring(added);
    // Up to where the parent started from its origin, the parent is the origin's run.
    if (this.origin && firing !== undefined && firing - 1 <= this.origin.checkpoint.firings)
      return this.origin.root.start(scenario);
    const checkpoint = firing ? this.checkpoints.get(firing - 1) : undefined;
    return added && checkpoint ? { checkpoint, faults: added } : undefined;
  }

  /**
   * The run of `scenario`: a branch when it was prepared as one, else a run from the start.
   * With `merge` false the branch runs to its end even where it could merge. `watch` is called
   * between the run's timer firings, counted as a run from the start counts them (to take
   * checkpoints of the branch itself); returning `'stop'` ends the run there.
   */
  branch(
    scenario: Scenario,
    merge: Merge = true,
    watch?: Boundaries['after'],
    stopUnfired = false,
  ): Branch {
    const own = stopUnfired ? (this.added(scenario) ?? []) : [];
    const last = own.length > 0 ? this.lastChance(own) : undefined;
    // Until one of its faults fires the branch is the parent, and past the parent's last step
    // where one could, none will: it is a run its faults never change.
    const unfired = (session: RunningSession, firings: number) => {
      if (last === undefined || firings < last) return false;
      const fired = session.context().fired;
      return own.every((fault) => !fired.includes(fault.index));
    };
    const start = this.start(scenario);
    if (!start) {
      const after: Boundaries['after'] = (session, firings) =>
        watch?.(session, firings) === 'stop' || unfired(session, firings) ? 'stop' : undefined;
      const run =
        watch || last !== undefined ? simulateWith(scenario, { after }) : simulate(scenario);
      return { run, from: 0, before: new Map() };
    }
    const { checkpoint, faults: added } = start;
    const converging = this.converging(checkpoint, merge);
    const run = resumeFrom(scenario, checkpoint, added, {
      after: (session, firings) => {
        if (watch?.(session, firings) === 'stop') return 'stop';
        if (unfired(session, firings)) return 'stop';
        return converging.after(session);
      },
    });
    const merged = converging.merged();
    return { run, ...beforeOf(checkpoint), ...(merged ? { merged } : {}) };
  }
}

/** Where a branch from `checkpoint` starts in the trace, and each actor's state just before. */
function beforeOf(checkpoint: Checkpoint): Pick<Branch, 'from' | 'before'> {
  const before = new Map<string, string>();
  for (const [key, state] of checkpoint.lastState)
    before.set(key === '' ? 'procedure' : key, state);
  return { from: checkpoint.traceLength, before };
}

/**
 * The step the procedure stands at, by its id (-1 past the last step): a branch is compared
 * with the parent where they stand at the same step, though steps inserted behind it may have
 * moved it to another position.
 */
export function stepAhead(context: Pick<ProcedureContext, 'steps' | 'cursor'>): number {
  return itemAt(context.steps, context.cursor)?.id ?? -1;
}

/**
 * Whether a run whose plan has `context.steps.size` steps, come to a state another run was in
 * when that run's plan had `theirs` steps and which had at most `theirMost` from then on, stays
 * within the bound on the number of steps as that run did: the steps it inserted stay in its
 * plan, and the other run's later changes to its plan are made to it too.
 */
export function withinStepCap(
  context: Pick<ProcedureContext, 'steps' | 'stepCap'>,
  theirs: number,
  theirMost: number,
): boolean {
  return context.steps.size - theirs + theirMost <= context.stepCap;
}
