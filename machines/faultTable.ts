/**
 * Every fault type, one record each: the systems it can happen on, where it fires by default,
 * when it acts, which steps it affects and how, the words a failure it causes is reported in,
 * how long its effect lasts, and how the explorer tries it. The parser, the procedure, the
 * hosts, the explorer and the test driver all read this table; the fault table of
 * docs/faults-and-recoveries.md describes it (a test compares the two). Plain data and pure
 * functions only.
 */
import type {
  Action,
  DurationKey,
  Durations,
  FaultTrigger,
  HostKind,
  PrecheckKind,
  Role,
  StepName,
  SystemKind,
} from './types';

/**
 * When a fault acts:
 * - `step-bound`: it rides on the command that starts a step it affects, and fails or slows
 *   that step;
 * - `on-host`: it acts on its target at once, when it fires (at a step, just after the step
 *   started; or at its time);
 * - `before-step`: it acts on its target at once, just before the step it is tied to starts,
 *   so that step sees it.
 */
type FaultTiming = 'step-bound' | 'on-host' | 'before-step';

/**
 * What a step-bound fault does to a step it affects: makes it fail, makes it take longer, or
 * lets it finish while interrupting services (sessions lost at a switchover).
 */
type FaultEffect = 'fails' | 'slows' | 'interrupts';

/** How a fault affects one action, and what a failure it causes there is reported as. */
interface ActionEffect {
  readonly effect: FaultEffect;
  /** Overrides the fault's `reason` at this action. */
  readonly reason?: string;
  /**
   * What a failure it causes at this action is reported as when the host is being brought back
   * to a version it ran before (a rollback's or a restore's restart and check, which the
   * upgrade's words would misname); `{version}` stands for that version.
   */
  readonly goingBack?: string;
}

/** Which hosts the explorer aims a fault at, at a step it tries it. */
export type ExploreTargets =
  /** The host the step acts on (none for a cluster-wide step). */
  | 'step-host'
  /** The step's host and every pair member (storage or HA devices). */
  | 'step-host-and-pair'
  /** Every storage host. */
  | 'storage'
  /** No target: the fault hits whichever host the step names. */
  | 'none'
  /** One role, resolved when the fault fires. */
  | { readonly role: Role };

/** How many attempts in a row the explorer lets a fault fail. */
export type ExploreTimes =
  | 1
  /** Every retry the policy allows: `policy.sync-retries` + 1 failed sync reports. */
  | 'every-sync-retry'
  /** Every comparison the policy allows: `policy.session-checks` failed comparisons. */
  | 'every-session-check';

/** The candidates the explorer makes from a fault at one step. */
export interface ExploreRule {
  readonly targets: ExploreTargets;
  readonly times: readonly ExploreTimes[];
  /** The fault's `duration` in the candidates, in virtual ms. */
  readonly duration?: number;
}

/** How long a fault's effect lasts when the scenario gives no `duration`. */
type FaultLasts =
  | { readonly key: DurationKey; readonly times: number }
  /** A multiple of the normal length of the step it slows. */
  | { readonly stepTimes: number };

/** Everything Rehearse knows about one fault type. */
interface FaultRecord {
  /** The systems it can happen on. */
  readonly systems: readonly SystemKind[];
  /** Why it cannot happen on the other systems (for the parser's message). */
  readonly notElsewhere?: string;
  /** Where it fires without `when`: one trigger, one per system, or none (`when` required). */
  readonly when?: FaultTrigger | { readonly bySystem: Partial<Record<SystemKind, FaultTrigger>> };
  readonly timing: FaultTiming;
  /** Step-bound faults: the actions it can act on, and how. */
  readonly affects: Readonly<Partial<Record<Action, ActionEffect>>>;
  /** What a failure it causes is reported as (a host's words, or the procedure's). */
  readonly reason?: string;
  /** Precheck failures: the missing prerequisite, by `check`. */
  readonly checks?: Readonly<Record<PrecheckKind, string>>;
  /** The kinds of host its `target` must be, per system (absent: any host). */
  readonly targetKinds?: Partial<Record<SystemKind, readonly HostKind[]>>;
  /** With `when.at`, whether it needs a `target` (at a given time no step names a host). */
  readonly needsTargetAt: boolean;
  /**
   * Step-bound faults: at a time (`when.at`) it strikes its target at once, the way power is
   * lost whenever it is, instead of waiting for the next step it affects.
   */
  readonly strikesHostAtTime?: boolean;
  /** The role it strikes when it acts on a host and the scenario names none. */
  readonly fallbackTarget?: Role;
  /** How long its effect lasts when the scenario gives no `duration`. */
  readonly lasts?: FaultLasts;
  /**
   * The steps where a retry meets it again when it lasts (a failed install, not yet fixed): the
   * decision search tries it there failing once and failing every attempt. Not the check after
   * a restart: a lasting failure there would fail the rollback's own check of the old version.
   */
  readonly lastingAt?: readonly StepName[];
  /** How the explorer tries it: at every step it affects (step-bound), else at every step. */
  readonly explore: ExploreRule & {
    /** A different rule at some actions. */
    readonly at?: Readonly<Partial<Record<Action, ExploreRule>>>;
  };
}

const ALL: readonly SystemKind[] = ['serverware', 'ha-pair', 'standalone'];
const ONCE_ON_STEP_HOST: ExploreRule = { targets: 'step-host', times: [1] };
/** A crash the explorer injects lasts long enough to outlast any step it interrupts. */
const EXPLORED_CRASH = 30 * 60_000;

/**
 * The fault table, in the order docs/faults-and-recoveries.md lists faults (which is also the order the explorer
 * tries the faults of one kind at one step).
 */
const FAULTS = {
  'upgrade-failure': {
    systems: ALL,
    when: { step: 'install' },
    timing: 'step-bound',
    affects: {
      install: { effect: 'fails' },
      verify: {
        effect: 'fails',
        reason: 'the checks after the upgrade failed',
        goingBack: 'the checks of {version}, the version it was brought back to, failed',
      },
      'gui-update': { effect: 'fails', reason: 'the step failed' },
    },
    reason: 'the installation failed',
    needsTargetAt: true,
    lastingAt: ['install'],
    explore: ONCE_ON_STEP_HOST,
  },
  'boot-failure': {
    systems: ALL,
    when: { step: 'reboot' },
    timing: 'step-bound',
    affects: {
      reboot: {
        effect: 'fails',
        goingBack: 'the host did not boot {version}, the version it was brought back to',
      },
    },
    reason: 'the host did not boot the new version',
    needsTargetAt: true,
    explore: ONCE_ON_STEP_HOST,
  },
  'power-loss': {
    systems: ALL,
    when: { step: 'install' },
    timing: 'step-bound',
    affects: { install: { effect: 'fails' } },
    reason: 'power was lost while flashing',
    needsTargetAt: true,
    strikesHostAtTime: true,
    lasts: { key: 'restore', times: 1 },
    explore: ONCE_ON_STEP_HOST,
  },
  'host-crash': {
    systems: ALL,
    timing: 'on-host',
    affects: {},
    reason: 'the host crashed',
    needsTargetAt: true,
    lasts: { key: 'reboot', times: 6 },
    explore: { targets: 'step-host-and-pair', times: [1], duration: EXPLORED_CRASH },
  },
  'failover-timeout': {
    systems: ['serverware', 'ha-pair'],
    notElsewhere: 'a single server has nothing to fail over to',
    when: { bySystem: { serverware: { step: 'failover' }, 'ha-pair': { step: 'switchover' } } },
    timing: 'step-bound',
    affects: { failover: { effect: 'slows' }, switchover: { effect: 'slows' } },
    targetKinds: { serverware: ['storage'] },
    needsTargetAt: false,
    lasts: { stepTimes: 2 },
    explore: ONCE_ON_STEP_HOST,
  },
  'pool-degraded': {
    systems: ['serverware'],
    notElsewhere: 'only SERVERware has a ZFS storage pool',
    when: { at: 0 },
    timing: 'before-step',
    affects: {},
    targetKinds: { serverware: ['storage'] },
    needsTargetAt: false,
    fallbackTarget: 'primary',
    lasts: { key: 'verify', times: 6 },
    explore: { targets: 'storage', times: [1] },
  },
  'sync-failure': {
    systems: ['ha-pair'],
    notElsewhere: 'only an HA pair has a configuration sync report',
    when: { step: 'sync' },
    timing: 'step-bound',
    affects: { 'check-sync': { effect: 'fails' } },
    reason: 'the synchronization report shows configuration differences',
    needsTargetAt: false,
    explore: { targets: 'none', times: [1, 'every-sync-retry'] },
  },
  'session-loss': {
    systems: ['ha-pair'],
    notElsewhere: 'only an HA pair synchronizes sessions across a switchover',
    when: { step: 'switchover' },
    timing: 'step-bound',
    // At a switchover: sessions lost across it. At step 6's comparison: not synchronized yet.
    affects: { switchover: { effect: 'interrupts' }, 'check-sessions': { effect: 'fails' } },
    reason: 'the critical sessions are not synchronized between the devices',
    needsTargetAt: false,
    explore: {
      ...ONCE_ON_STEP_HOST,
      // Synchronized at a later comparison, or never: the switchover goes ahead anyway.
      at: { 'check-sessions': { targets: 'none', times: [1, 'every-session-check'] } },
    },
  },
  'split-brain': {
    systems: ['ha-pair'],
    notElsewhere: 'only an HA pair has two devices that can both turn active',
    when: { at: 0 },
    timing: 'before-step',
    affects: {},
    needsTargetAt: false,
    fallbackTarget: 'standby',
    explore: { targets: { role: 'standby' }, times: [1] },
  },
  'backup-failure': {
    systems: ['ha-pair', 'standalone'],
    notElsewhere:
      "SERVERware's documented procedure has no backup step (its Backup host is upgraded like the others)",
    when: { step: 'backup' },
    lastingAt: ['backup'],
    timing: 'step-bound',
    affects: { backup: { effect: 'fails' } },
    reason: 'the backup failed',
    needsTargetAt: false,
    explore: ONCE_ON_STEP_HOST,
  },
  'precheck-failure': {
    systems: ['serverware', 'standalone'],
    notElsewhere: "the HA pair's documented procedure has no precheck step",
    when: { step: 'precheck' },
    lastingAt: ['precheck'],
    timing: 'step-bound',
    affects: { precheck: { effect: 'fails' } },
    reason: 'a prerequisite is missing',
    checks: {
      console: 'there is no console (KVM) access to every host',
      firmware: 'the firmware of a host is not up to date',
      licence: 'the licensing servers cannot be reached through the firewall',
      compatibility:
        'the new version is not compatible with the environment or a dependency is missing',
    },
    needsTargetAt: false,
    explore: ONCE_ON_STEP_HOST,
  },
} as const satisfies Record<string, FaultRecord>;

/** A fault type: a key of the fault table. */
export type FaultType = keyof typeof FAULTS;

/** Every fault type, in the table's order. */
export const FAULT_TYPES = Object.keys(FAULTS) as readonly FaultType[];

/** The record of a fault type. Pure. */
export function faultRecord(fault: FaultType): FaultRecord {
  return FAULTS[fault];
}

/** The fault types that can happen on a system, in the table's order. Pure. */
export function faultsOn(system: SystemKind): FaultType[] {
  return FAULT_TYPES.filter((fault) => faultRecord(fault).systems.includes(system));
}

/** Where a fault fires when the scenario gives no `when`; undefined: `when` is required. Pure. */
export function defaultTrigger(fault: FaultType, system: SystemKind): FaultTrigger | undefined {
  const when = faultRecord(fault).when;
  if (when === undefined || !('bySystem' in when)) return when;
  return when.bySystem[system];
}

/** Whether a fault acts on its target at once rather than through a step. Pure. */
export function isImmediateFault(fault: FaultType): boolean {
  return faultRecord(fault).timing !== 'step-bound';
}

/**
 * Whether a fault timed by the clock (`when.at`) strikes its target at its time: one that acts
 * on a host at once, or a step-bound one that strikes a host at a time (power lost), rather than
 * waiting for the next step it acts on. Pure.
 */
export function strikesAtItsTime(fault: FaultType): boolean {
  return isImmediateFault(fault) || faultRecord(fault).strikesHostAtTime === true;
}

/** Whether a fault tied to a step strikes just before the step starts. Pure. */
export function strikesBeforeStep(fault: FaultType): boolean {
  return faultRecord(fault).timing === 'before-step';
}

/** How a step-bound fault affects an action, if it can. Pure. */
export function effectOn(fault: FaultType, action: Action): FaultEffect | undefined {
  return faultRecord(fault).affects[action]?.effect;
}

/**
 * Whether a step-bound fault striking this action takes effect with no report of its own: a
 * failover or switchover it slows, a switchover whose sessions it loses. No host reports it and
 * no step fails, so the procedure notes it when the step starts (a trace entry of its own, which
 * the debugger marks and announces). A fault that fails its step is told by the failure. Pure.
 */
export function takesEffectUnreported(fault: FaultType, action: Action): boolean {
  const effect = effectOn(fault, action);
  return effect === 'slows' || effect === 'interrupts';
}

/** Whether a step-bound fault can act on this action. Pure. */
export function faultAffects(fault: FaultType, action: Action): boolean {
  return effectOn(fault, action) !== undefined;
}

/**
 * What a failure a fault causes at `action` is reported as: the action's own words, the fault's,
 * or `fallback`; on a host being brought back to `back`, a version it ran before, the words
 * for that where the fault has them. Pure.
 */
export function failureReason(
  fault: FaultType,
  action: Action | undefined,
  fallback: string,
  back?: string,
): string {
  const record = faultRecord(fault);
  const effect = action === undefined ? undefined : record.affects[action];
  if (back !== undefined && effect?.goingBack !== undefined)
    return effect.goingBack.replace('{version}', back);
  return effect?.reason ?? record.reason ?? fallback;
}

/**
 * How long a fault's effect lasts when the scenario gives no `duration`, in virtual ms;
 * `step` is the normal length of the step it slows. Pure.
 */
export function faultDuration(
  fault: FaultType,
  durations: Durations,
  step = 0,
): number | undefined {
  const lasts = faultRecord(fault).lasts;
  if (lasts === undefined) return undefined;
  return 'stepTimes' in lasts ? step * lasts.stepTimes : durations[lasts.key] * lasts.times;
}

/** Whether a retry at step `step` meets the fault again when it lasts (see `lastingAt`). Pure. */
export function lastsAt(fault: FaultType, step: StepName): boolean {
  return faultRecord(fault).lastingAt?.includes(step) === true;
}
