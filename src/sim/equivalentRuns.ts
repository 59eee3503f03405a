import { pastReadAhead, type ProcedureContext } from '../../machines/procedureMachine';
import type { Shard } from './explore';
import { sameStanding, type Standing } from './runner';
import { StandingKeys } from './standingKey';
import type { FaultSpec, Outcome, StepRecord } from './types';

/** What the situations read of a step. */
export type StepView = Pick<StepRecord, 'action' | 'status' | 'recovery'>;

/**
 * How a run explored in full went on from where its last fault was injected: what another run
 * injecting the same fault where it stood alike takes from it instead of running.
 */
export interface Representative {
  /** Its faults. */
  readonly faults: readonly FaultSpec[];
  /** Where it stood just before its last fault could first fire. */
  readonly standing: Standing;
  /**
   * Whether it took no decision from there on (nor did the run it came back to, from there):
   * then a run that stands there with another record of the past goes on alike too.
   */
  readonly loose: boolean;
  /** The most steps its plan had from there on (the procedure bounds their number). */
  readonly peakSteps: number;
  /** Whether its last fault fired. */
  readonly fired: boolean;
  readonly outcome: Outcome;
  /** Its steps at its end from where it stood on (those behind stay as they were), for the situations. */
  readonly stepsAhead: readonly StepView[];
  readonly failovers: number;
  /** Per invariant (in report order): whether it was violated from there on. */
  readonly violatedAfter: readonly boolean[];
  /**
   * Per invariant: for its first violation from there on in the run's own part, how many steps
   * started from there until it; undefined when there was none (a violation after it came back
   * to the run it branched from is that run's, with fewer faults).
   */
  readonly stepsToViolation: readonly (number | undefined)[];
}

/**
 * The classes of equivalent candidate runs of one exploration: candidates that inject the same
 * fault where their runs stand alike (see {@link sameStanding}) go on alike from there, so one
 * of each class, its representative, is run and the others are composed from it. Every shard
 * sees every candidate's key in the same order, so they all agree on which candidate is first in
 * its class and which shard owns the class (the shard of its first candidate): a class is
 * explored and composed in one shard only, and the shards' counts add up to one process's.
 */
export class EquivalentRuns {
  private readonly keys = new StandingKeys();
  /** The first candidate with each key, by ordinal. */
  private readonly first = new Map<string, number>();
  /** The representatives of the classes this shard owns, by key. */
  private readonly representatives = new Map<string, Representative[]>();
  /** Interned steps (see `intern`). */
  private readonly steps = new Map<string, readonly StepView[]>();

  constructor(private readonly shard: Shard) {}

  /** The key of a standing; undefined when a fault is still to fire there (a class of one). */
  standingKey(standing: Standing): string | undefined {
    return this.keys.keyOf(standing);
  }

  /**
   * Notes a candidate (`ordinal`) injecting a fault (`fault`: a number the caller gives each
   * distinct fault) at a standing of key `standingKey`: the key of its class, when this shard
   * owns the class, else undefined.
   */
  claim(standingKey: string, fault: number, ordinal: number): string | undefined {
    const key = `${standingKey} ${fault}`;
    let first = this.first.get(key);
    if (first === undefined) {
      first = ordinal;
      this.first.set(key, ordinal);
    }
    return ownsCandidate(this.shard, first) ? key : undefined;
  }

  /** The representative of the class `key` whose run a run standing at `standing` goes on as. */
  find(key: string, standing: Standing): Representative | undefined {
    for (const representative of this.representatives.get(key) ?? []) {
      if (alike(standing, representative)) return representative;
    }
    return undefined;
  }

  /**
   * The steps as the situations see them, one copy for all the representatives whose steps
   * from where they stood on were alike (most are: their plans go on alike).
   */
  intern(steps: readonly StepView[]): readonly StepView[] {
    const key = steps.map((s) => `${s.action}:${s.status}:${s.recovery ? 1 : 0}`).join(' ');
    const known = this.steps.get(key);
    if (known) return known;
    const views = steps.map(({ action, status, recovery }) => ({
      action,
      status,
      ...(recovery ? { recovery } : {}),
    }));
    this.steps.set(key, views);
    return views;
  }

  /** Adds a representative to the class `key`. */
  add(key: string, representative: Representative): void {
    const list = this.representatives.get(key);
    if (list) list.push(representative);
    else this.representatives.set(key, [representative]);
  }
}

/**
 * Whether a run standing at `standing` goes on as `representative` did from its own standing:
 * they stand alike, their records of the past aside as far as the procedure does not read them
 * any more (see {@link pastReadAhead}: when the representative took decisions from there, what
 * decisions read of the record must be alike too), and with this run's other number of steps the
 * procedure's bound on them holds as well. Pure.
 */
function alike(standing: Standing, representative: Representative): boolean {
  const theirs = representative.standing;
  const mine = standing.root.context as ProcedureContext;
  const other = theirs.root.context as ProcedureContext;
  const more = mine.steps.size - other.steps.size;
  const loose =
    representative.peakSteps + Math.max(0, more) <= mine.stepCap &&
    (representative.loose || pastReadAhead(mine, true) === pastReadAhead(other, true));
  // Loosely alike takes in alike with the record of the past too.
  return sameStanding(standing, theirs, loose);
}

/** Whether the shard `shard` owns the candidate `ordinal`: candidate `i` is part `i mod N`'s. */
export function ownsCandidate(shard: Shard, ordinal: number): boolean {
  return ordinal % shard.count === shard.index;
}
