import type { ProcedureContext } from '../../machines/procedureMachine';
import { stepNameOf } from '../../machines/procedureSteps';
import { itemAt } from '../../machines/stepList';
import {
  resumeFrom,
  simulate,
  simulateWith,
  type Boundaries,
  type Checkpoint,
  type Run,
  type RunningSession,
} from './runner';
import type { FaultSpec, Scenario } from './types';

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
  readonly merged?: {
    readonly traceLength: number;
    readonly now: number;
    /** The parent's checkpoint at the state the branch came back to. */
    readonly checkpoint: Checkpoint;
  };
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
  private readonly hostNames: ReadonlySet<string>;
  private readonly checkpoints = new Map<number, Checkpoint>();
  /** The parent's state just after each step started, by that step's id (-1: the end). */
  private readonly syncs = new Map<number, Checkpoint>();
  /** How many steps the parent's plan had at its end (recoveries insert steps). */
  private finalSteps = 0;
  private readonly forkable: boolean;
  private prepared = false;

  constructor(private readonly parent: Scenario) {
    this.hostNames = new Set(parent.hosts.map((host) => host.name));
    this.forkable = parent.faults.every((fault) => 'step' in fault.when);
    let cursor = 0;
    this.run = simulateWith(parent, {
      after: (session, firings) => {
        const { steps, cursor: now } = session.context();
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
      },
    });
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
    const inherited = this.parent.faults;
    if (scenario.faults.length <= inherited.length) return undefined;
    for (let index = 0; index < inherited.length; index++) {
      if (JSON.stringify(scenario.faults[index]) !== JSON.stringify(inherited[index]))
        return undefined;
    }
    const added = scenario.faults.slice(inherited.length);
    return added.every((fault) => 'step' in fault.when) ? added : undefined;
  }

  /** The firing before which `faults` cannot have fired: the branch starts just before it. */
  private branchFiring(faults: readonly FaultSpec[]): number | undefined {
    for (let firing = 0; firing < this.reached.length; firing++) {
      const reached = this.reached[firing] ?? [];
      if (reached.some((step) => faults.some((fault) => this.mayFire(fault, step)))) return firing;
    }
    return undefined;
  }

  /** Runs the parent again, keeping the checkpoints the given branches will need. */
  prepare(branches: readonly Scenario[]): void {
    if (!this.forkable || this.prepared) return;
    this.prepared = true;
    const wanted = new Set<number>();
    for (const scenario of branches) {
      const added = this.added(scenario);
      const firing = added && this.branchFiring(added);
      // Firing 0 is the start itself: such a branch has nothing to share.
      if (firing !== undefined && firing > 0) wanted.add(firing - 1);
    }
    if (wanted.size === 0) return;
    let at: number | undefined;
    const keep = (session: RunningSession, firings: number) => {
      if (wanted.has(firings)) this.checkpoints.set(firings, session.checkpoint());
      const context = session.context();
      this.finalSteps = context.steps.size;
      const now = stepAhead(context);
      if (now !== at) {
        at = now;
        if (!this.syncs.has(now)) this.syncs.set(now, session.checkpoint());
      }
    };
    simulateWith(this.parent, { after: keep });
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
  ): { after(session: RunningSession): 'stop' | undefined; merged(): Checkpoint | undefined } {
    const inherited = this.parent.faults.length;
    const decisions = this.run.report.decisions.length;
    let at = stepAhead(checkpoint.root.context as ProcedureContext);
    let merged: Checkpoint | undefined;
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
        const theirs = sync.root.context as ProcedureContext;
        if (loose) {
          // The parent's decisions to come would be the branch's: not so with another history.
          if (theirs.decisions.length !== decisions) return undefined;
          if (!withinStepCap(context, theirs.steps.size, this.finalSteps)) return undefined;
        } else if (context.cursor !== theirs.cursor) return undefined;
        if (session.sameAs(sync, inherited, loose)) {
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
    const checkpoint = firing ? this.checkpoints.get(firing - 1) : undefined;
    return added && checkpoint ? { checkpoint, faults: added } : undefined;
  }

  /**
   * The run of `scenario`: a branch when it was prepared as one, else a run from the start.
   * With `merge` false the branch runs to its end even where it could merge. `watch` is called
   * between the run's timer firings, counted as a run from the start counts them (to take
   * checkpoints of the branch itself); returning `'stop'` ends the run there.
   */
  branch(scenario: Scenario, merge: Merge = true, watch?: Boundaries['after']): Branch {
    const start = this.start(scenario);
    if (!start) {
      const run = watch ? simulateWith(scenario, { after: watch }) : simulate(scenario);
      return { run, from: 0, before: new Map() };
    }
    const { checkpoint, faults: added } = start;
    const converging = this.converging(checkpoint, merge);
    const run = resumeFrom(scenario, checkpoint, added, {
      after: (session, firings) => {
        if (watch?.(session, firings) === 'stop') return 'stop';
        return converging.after(session);
      },
    });
    const merged = converging.merged();
    const before = new Map<string, string>();
    for (const [key, state] of checkpoint.lastState)
      before.set(key === '' ? 'procedure' : key, state);
    return {
      run,
      from: checkpoint.traceLength,
      before,
      ...(merged
        ? { merged: { traceLength: merged.traceLength, now: merged.now, checkpoint: merged } }
        : {}),
    };
  }
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
 * when that run's plan had `theirs` steps and which ended with `theirFinal`, stays within the
 * bound on the number of steps as that run did: the steps it inserted stay in its plan, and the
 * other run's later insertions add to them.
 */
export function withinStepCap(
  context: Pick<ProcedureContext, 'steps' | 'stepCap'>,
  theirs: number,
  theirFinal: number,
): boolean {
  return context.steps.size - theirs + theirFinal <= context.stepCap;
}
