import { and, assign, enqueueActions, setup } from 'xstate';
import type {
  Action,
  DurationSpread,
  Durations,
  FaultSpec,
  HostSpec,
  Outcome,
  PlannedStep,
  Policy,
  Role,
  SystemKind,
  Topology,
} from './types';
import { backupHostMachine } from './backupHostMachine';
import { haDeviceMachine } from './haDeviceMachine';
import type { HostEvent, HostReportEvent, StepFault } from './hostLifecycle';
import { processingHostMachine } from './processingHostMachine';
import {
  effectOn,
  takesEffectUnreported,
  failureReason,
  faultAffects,
  faultDuration,
  faultRecord,
  isImmediateFault,
  strikesAtItsTime,
} from './faultTable';
import { drawDuration, hostDurations } from './durationDraw';
import {
  armFault,
  durationKeyOf,
  faultForStep,
  faultTime,
  isHostAction,
  peerOf,
  resolveHost,
  stepDuration,
  toStepFault,
  ANY_HOST,
  type ArmedFault,
  type HostView,
  type ProcedureStep,
} from './procedureSteps';
import { afterHostReport, initialHostViews } from './hostViews';
import { replanHaPair } from './haReplan';
import { sessionsLostAt } from './haTakeover';
import { failedComparisons, reactToSessionCheck, reactToSyncReport } from './haReactions';
import { assumed, documented, type StepSource } from './sources';
import { endingSteps, planRecovery, type FailureSituation, type RecoveryPlan } from './recovery';
import { needsRollback, rollbackSteps } from './recoveryCommon';
import {
  decide,
  MOST_DECISIONS,
  optionsAt,
  type DecisionOption,
  type DecisionPoint,
  type DecisionRule,
  type DecisionTaken,
} from './decisions';
import { reinstallOrStop } from './serverwareRecovery';
import { replanServerware } from './serverwareReplan';
import { standaloneServerMachine } from './standaloneServerMachine';
import { storageHostMachine } from './storageHostMachine';
import { itemAt, itemsOf, listOf, withItem, type StepList } from './stepList';

export interface ProcedureInput {
  readonly system: SystemKind;
  readonly topology?: Topology;
  readonly from: string;
  readonly path: readonly string[];
  readonly hosts: readonly HostSpec[];
  readonly steps: readonly PlannedStep[];
  /** Whether the steps are a plan written by hand (run exactly as written, mistakes included). */
  readonly explicit?: boolean;
  readonly faults: readonly FaultSpec[];
  readonly durations: Durations;
  /** Durations that vary or differ per host, drawn from `seed`. */
  readonly spread?: DurationSpread;
  /** The run's seed: what varying durations and faults by chance are drawn from (default 1). */
  readonly seed?: number;
  readonly policy: Policy;
  /** Names of the services an HA pair carries (session groups). */
  readonly services: readonly string[];
  /** The scenario's `decisions:` (and an operator's choices in a drill). */
  readonly decisions?: readonly DecisionRule[];
}

export interface ProcedureContext {
  readonly system: SystemKind;
  readonly versions: readonly string[];
  readonly order: readonly string[];
  readonly hosts: Readonly<Record<string, HostView>>;
  /** The steps, one list per version of the context: a status change copies one path, not all. */
  readonly steps: StepList<ProcedureStep>;
  readonly cursor: number;
  readonly faults: readonly ArmedFault[];
  readonly durations: Durations;
  readonly spread?: DurationSpread;
  readonly seed: number;
  readonly policy: Policy;
  /** Preemption as it is set on the devices now. */
  readonly preemption: boolean;
  readonly failovers: number;
  readonly syncFailures: number;
  /** HA devices that reported a preemption under way (its delay running, or its switchover). */
  readonly pendingPreemptions: readonly string[];
  readonly services: readonly string[];
  /** HA services whose sessions were lost and are not restored yet. */
  readonly interrupted: readonly string[];
  readonly backedUp: readonly string[];
  readonly servicesStopped: boolean;
  readonly precheckPassed: boolean;
  readonly syncVerified: boolean;
  readonly recovering: boolean;
  readonly outcome?: Outcome;
  readonly reason?: string;
  /** The fault attached to the procedure-level step in progress. */
  readonly stepFault?: StepFault;
  /**
   * A host the operators' step in progress acts on (a backup, a preemption setting) that went
   * down during it: the step is done again once the host is back.
   */
  readonly downDuringStep?: string;
  /**
   * SERVERware: the storage host taking over the Primary role without a failover, until it
   * reports it has (or goes down itself, abandoning it).
   */
  readonly storageTakingOver?: string;
  /** Length of the procedure-level step in progress. */
  readonly stepTime: number;
  /** Indexes of the scenario's faults that have fired, in firing order. */
  readonly fired: readonly number[];
  /**
   * The faults (positions in `faults`) that struck just before the pending step (by its id)
   * starts: each strikes a start once at most. Cleared when a step starts.
   */
  readonly preStruck?: { readonly step: number; readonly positions: readonly number[] };
  /** The hop the procedure is in (1-based; 0 before the first install). */
  readonly hop: number;
  readonly started: boolean;
  /** A bound on the number of steps, so a procedure that keeps adding steps ends. */
  readonly stepCap: number;
  /** A plan written by hand: it does not wait for the pool the way the derived procedure does. */
  readonly explicit: boolean;
  /** SERVERware: how many times each host was reinstalled after a failed step. */
  readonly reinstalled: Readonly<Record<string, number>>;
  /** SERVERware: the derived plan's final failover, returning the first Primary to its place. */
  readonly finalFailover?: { readonly to: string; readonly source: StepSource };
  /** The scenario's `decisions:` entries, and how many decisions each has taken. */
  readonly rules: readonly DecisionRule[];
  readonly ruleUses: readonly number[];
  /** Every decision taken, in order. */
  readonly decisions: readonly DecisionTaken[];
  /** A step allowed to go ahead although its peer is not ready (`continue` at `peer-down`). */
  readonly waiver?: number;
  /** The wait was given up by a decision (`abort` at `peer-down` or `host-down`). */
  readonly holdAbandoned?: boolean;
}

export type ProcedureEvent =
  | HostReportEvent
  | { type: 'procedure.start' }
  /** `bound`: which bound of the runner stopped the run, when one did. */
  | { type: 'procedure.stall'; bound?: string }
  | { type: 'fault.inject'; index: number };

type Ctx = ProcedureContext;
type Patch = { -readonly [K in keyof Ctx]?: Ctx[K] };

function current(context: Ctx): ProcedureStep | undefined {
  return itemAt(context.steps, context.cursor);
}

/** The steps as an array, for the rare changes that rework the list (made once per list). */
function stepsOf(context: Pick<Ctx, 'steps'>): readonly ProcedureStep[] {
  return itemsOf(context.steps);
}

function withHost(context: Ctx, name: string, patch: Partial<HostView>): Ctx['hosts'] {
  const host = context.hosts[name];
  if (!host) return context.hosts;
  return { ...context.hosts, [name]: { ...host, ...patch } };
}

function replaceStep(
  context: Pick<Ctx, 'steps'>,
  index: number,
  patch: Partial<ProcedureStep>,
): StepList<ProcedureStep> {
  const step = itemAt(context.steps, index);
  return step ? withItem(context.steps, index, { ...step, ...patch }) : context.steps;
}

/**
 * A step interrupted by `host` going down, put again at `at` (a recovery step, as Rehearse's
 * assumption `why`): the procedure waits for the host before it runs.
 */
function doneAgain(
  context: Pick<Ctx, 'steps'>,
  at: number,
  steps: readonly (PlannedStep | ProcedureStep)[],
  host: string,
  why: string,
): StepList<ProcedureStep> {
  const again = steps.map((step): PlannedStep => {
    const { id: _id, status: _status, ...rest } = step as ProcedureStep;
    const note = `${step.note ?? step.action}, again: ${host} went down during it`;
    return { ...rest, note, source: assumed(why) };
  });
  return insertSteps(context, at, again, true);
}

/** Inserts steps at a position; their ids continue after the largest id so far. */
function insertSteps(
  context: Pick<Ctx, 'steps'>,
  at: number,
  steps: readonly PlannedStep[],
  recovery: boolean,
): StepList<ProcedureStep> {
  const all = stepsOf(context);
  let id = all.reduce((max, step) => Math.max(max, step.id), -1);
  const added = steps.map<ProcedureStep>((step) => ({
    ...step,
    id: ++id,
    status: 'pending',
    ...(recovery ? { recovery: true } : {}),
  }));
  return listOf([...all.slice(0, at), ...added, ...all.slice(at)]);
}

/** The first position at or after `from` holding a step that still has to run. */
function advance(steps: StepList<ProcedureStep>, from: number): number {
  let index = from;
  while (itemAt(steps, index)?.status === 'skipped') index++;
  return index;
}

function versionIndex(context: Pick<Ctx, 'versions'>, version: string): number {
  return context.versions.indexOf(version);
}

/** The version a host moves to next on the path, or the last one. */
function nextVersion(context: Pick<Ctx, 'versions'>, host: HostView): string {
  const index = versionIndex(context, host.staged ?? host.version);
  return (
    context.versions[index + 1] ?? context.versions[context.versions.length - 1] ?? host.version
  );
}

function previousVersion(context: Pick<Ctx, 'versions'>, host: HostView): string {
  if (host.staged !== undefined && host.staged !== host.version) return host.version;
  const index = versionIndex(context, host.version);
  return context.versions[Math.max(0, index - 1)] ?? host.version;
}

function pairOf(context: Ctx, kind: 'storage' | 'device'): HostView[] {
  return context.order
    .map((name) => context.hosts[name])
    .filter((host): host is HostView => host?.kind === kind);
}

/**
 * The storage host that takes over the Primary role now, if one can, and the Primary it takes
 * it from (`lost`, gone without a failover): a healthy, verified Secondary that is not
 * mid-maintenance (vendor: Bicom, "if one storage server fails, the other can take over"); else
 * the VPSs on the Primary are down until it returns, or until the Secondary is ready. When the
 * host taking over went down too, no storage host holds the role, and the first one back and
 * ready takes it over (Rehearse's assumption; the documents are silent on losing both). Pure.
 */
function storageTakeover(context: Ctx): { lost?: string; peer: string } | undefined {
  if (context.system !== 'serverware' || context.storageTakingOver !== undefined) return undefined;
  // A failover the procedure started is already moving the roles.
  const step = current(context);
  if (step?.action === 'failover' && step.status === 'running') return undefined;
  const ready = (peer: HostView | undefined): peer is HostView =>
    peer !== undefined &&
    !peer.down &&
    !peer.failed &&
    peer.verified &&
    peer.staged === undefined &&
    peer.poolOnline &&
    !(step?.status === 'running' && step.host === peer.name);
  const lost = lostPrimary(context);
  if (lost !== undefined) {
    const peer = peerOf(context.hosts, context.order, lost);
    return ready(peer) ? { lost, peer: peer.name } : undefined;
  }
  // No storage host holds the role: the one taking it over went down before it had (both
  // storage hosts lost). The first ready one takes it over.
  const storage = pairOf(context, 'storage');
  if (storage.length === 0 || storage.some((host) => host.role === 'primary')) return undefined;
  const peer = storage.find(ready);
  return peer ? { peer: peer.name } : undefined;
}

/**
 * An HA device holding the active role while down whose peer has not taken over — it was
 * mid-step when the active device went down (being checked after its restart, say), or down too
 * and now back — and can now: up, verified since its restart, outside a recovery (whose
 * rollbacks were planned around the roles as they were). A device that finds no active peer
 * takes the role. Pure.
 */
function lostActive(context: Ctx): string | undefined {
  if (context.system !== 'ha-pair' || context.recovering) return undefined;
  for (const device of pairOf(context, 'device')) {
    if (device.role !== 'active' || !device.down) continue;
    const peer = peerOf(context.hosts, context.order, device.name);
    if (peer?.verified && canTakeOver(context, peer)) return device.name;
  }
  return undefined;
}

/** Whether an HA device can take the active role over now: up, not failed, not mid-upgrade. Pure. */
function canTakeOver(context: Ctx, peer: HostView): boolean {
  const step = current(context);
  const busy = step?.status === 'running' ? step.host : undefined;
  return !peer.down && !peer.failed && peer.staged === undefined && busy !== peer.name;
}

/** The storage host that is Primary and down, if there is one. Pure. */
function lostPrimary(context: Ctx): string | undefined {
  if (context.system !== 'serverware') return undefined;
  for (const name of context.order) {
    const host = context.hosts[name];
    if (host?.kind === 'storage' && host.role === 'primary' && host.down) return name;
  }
  return undefined;
}

/** The devices of an HA pair that hold the standby role now. */
function standbys(context: Ctx): readonly string[] {
  return pairOf(context, 'device')
    .filter((host) => host.role === 'standby')
    .map((host) => host.name);
}

/** What a crash or a power loss interrupting an operators' step does to it, in its words. */
const SETTING_AGAIN =
  'a preemption setting interrupted by a crash or a power loss is done again once the host is back (the documents are silent)';

/** Why a host's check after its restart that a crash cut short is done again (see `react`). */
const CHECK_AGAIN =
  'a check that a crash or a power loss cuts short is done again once the host is back, on the version it booted: a crash is not a failed check and changes nothing installed; a single server has its services checked after that restart and soaks again before the tests (steps 6 and 7; the documents are silent on a crash then)';

/**
 * The operators' steps that act on hosts without a host of their own to run them, one entry per
 * action: the hosts it acts on now, which must be up (the procedure waits for one that is down),
 * and why one a crash or a power loss interrupts is done again once the host is back (Rehearse's
 * assumptions). A backup takes every host it names (all of them when it names none); a
 * preemption setting every device; the 5.x GUI update every host (one that is down would keep
 * its old version); on a single server, the soak and the service check after the restart take
 * the server (the soak lets the new version run in use, the check needs the services up), and a
 * service check that names a host (a pair member back from a crash) takes that host; HA step
 * 6's wait and session comparison take the standby about to take over (the active device going
 * down is taken over instead).
 */
const ACTS_ON: Partial<
  Record<
    Action,
    {
      readonly hosts: (context: Ctx, step: ProcedureStep) => readonly string[];
      readonly why: string;
    }
  >
> = {
  backup: {
    hosts: (context, step) => (step.host === undefined ? context.order : [step.host]),
    why: 'a backup interrupted by a crash or a power loss is done again once the host is back (the documents are silent)',
  },
  'preemption-off': {
    hosts: (context) => pairOf(context, 'device').map((host) => host.name),
    why: SETTING_AGAIN,
  },
  'preemption-restore': {
    hosts: (context) => pairOf(context, 'device').map((host) => host.name),
    why: SETTING_AGAIN,
  },
  'gui-update': {
    hosts: (context) => context.order,
    why: 'a GUI update waits for a host that is down, and one a crash or a power loss interrupts is done again once the host is back: every host takes the update (the document is silent on a crash then)',
  },
  wait: {
    hosts: (context) =>
      context.system === 'standalone'
        ? context.order
        : context.system === 'ha-pair'
          ? standbys(context)
          : [],
    why: 'a wait during which the host it waits on went down is done again once it is back: a single server has its services checked after that restart as after any (step 6) and soaks the new version in use again before testing (step 7), and HA step 6 waits after the standby restarts (the documents are silent on a crash then)',
  },
  'check-services': {
    hosts: (context, step) =>
      context.system === 'standalone' ? context.order : step.host === undefined ? [] : [step.host],
    why: 'a service check during which the host it checks went down is done again once it is back (the documents are silent on a crash then)',
  },
  'check-sessions': {
    hosts: standbys,
    why: 'a standby that went down during step 6 is checked again once it is back, then the wait and the session comparison are done again before the switchover (step 6 runs them after the standby restarts; the document is silent on a crash then)',
  },
};

/** The hosts an operators' step acts on (see {@link ACTS_ON}). Pure. */
function hostsActedOn(context: Ctx, step: ProcedureStep): readonly string[] {
  return ACTS_ON[step.action]?.hosts(context, step) ?? [];
}

/**
 * What is done again after `host` went down during the step `step`: the step itself; on an HA
 * pair, the standby's check after its restart first, and a session comparison comes after the
 * wait again (step 6: restart, wait, compare); on a single server, the services are checked
 * after that restart as after any (step 6), and the tests come after the soak again (step 7:
 * "after waiting for a period of time, conduct some tests"). Pure.
 */
function againSteps(
  context: Ctx,
  step: ProcedureStep,
  host: string,
): readonly (PlannedStep | ProcedureStep)[] {
  if (context.system === 'standalone' && (step.action === 'wait' || step.action === 'verify')) {
    const before = stepsOf(context).slice(0, context.cursor);
    const check = before.findLast((s) => s.action === 'check-services' && s.hop === step.hop);
    const soak =
      step.action === 'verify'
        ? before.findLast((s) => s.action === 'wait' && s.hop === step.hop)
        : undefined;
    return [check, soak, step].filter((s) => s !== undefined);
  }
  if (context.system !== 'ha-pair' || (step.action !== 'wait' && step.action !== 'check-sessions'))
    return [step];
  const check: PlannedStep = {
    action: 'verify',
    host,
    hop: step.hop,
    note: `check ${host} before the session comparison`,
    source: step.source,
  };
  if (step.action === 'wait') return [check, step];
  const steps = stepsOf(context);
  const wait = steps.slice(0, context.cursor).findLast((s) => s.action === 'wait');
  return wait ? [check, wait, step] : [check, step];
}

/** Whether the step at the cursor must wait (host down, pool degraded, peer down). */
function mustWait(context: Ctx): boolean {
  const step = current(context);
  if (!step) return false;
  // No backup of a host that is down, no setting changed on one (it would keep its old one).
  if (hostsActedOn(context, step).some((name) => context.hosts[name]?.down === true)) return true;
  const host = step.host ? resolveHost(context.hosts, context.order, step.host) : undefined;
  // No maintenance on a storage host taking over the Primary role: it is about to serve. No
  // failover either while one is taking it over: the roles are moving already.
  if (host !== undefined && host.name === context.storageTakingOver) return true;
  if (step.action === 'failover' && context.storageTakingOver !== undefined) return true;
  // A role no host holds right now (no standby while both devices are active): wait for one.
  if (step.host !== undefined && host === undefined) return true;
  if (host?.down) return true;
  if (context.system === 'serverware') {
    const storage = pairOf(context, 'storage');
    const touchesStorage = step.action === 'failover' || host?.kind === 'storage';
    // The documented procedure waits for the pool; a plan written by hand may not.
    if (touchesStorage && !context.explicit && storage.some((h) => !h.poolOnline)) return true;
    // A failover hands the Primary role over from a running Primary to a running Secondary: with
    // either down it waits (a lost Primary is taken over by its Secondary once that is ready).
    if (step.action === 'failover' && storage.some((h) => h.down)) return true;
  }
  if (step.action === 'switchover') {
    const target = host ?? pairOf(context, 'device').find((h) => h.role === 'standby');
    if (target?.down) return true;
  }
  return (
    !context.explicit &&
    host !== undefined &&
    context.waiver !== step.id &&
    peerUnavailable(context, host, step) !== undefined
  );
}

/**
 * The decision the derived procedure takes when it must wait: for a host that is down, or for a
 * pair member's peer. Undefined when the wait is for the pool (the document says to wait for
 * it) or the same wait was decided already.
 */
function holdDecision(context: Ctx): Patch {
  const step = current(context);
  if (!step) return {};
  const host = step.host ? resolveHost(context.hosts, context.order, step.host) : undefined;
  if (host === undefined) return {};
  const point: DecisionPoint | undefined = host.down
    ? 'host-down'
    : peerUnavailable(context, host, step) !== undefined
      ? 'peer-down'
      : undefined;
  if (point === undefined) return {};
  const last = context.decisions[context.decisions.length - 1];
  if (last?.step === step.id && last.situation === point) return {};
  const { taken, uses } = decide(context.rules, context.ruleUses, {
    point,
    system: context.system,
    host,
    hop: step.hop > 0 ? step.hop : context.hop,
    legal: optionsAt(point, context.system),
    fallback: 'wait',
  });
  return {
    decisions: [...context.decisions, { ...taken, step: step.id }],
    ruleUses: uses,
    ...(taken.chosen === 'continue' ? { waiver: step.id } : {}),
    ...(taken.chosen === 'abort' ? { holdAbandoned: true } : {}),
  };
}

const CHANGES: ReadonlySet<ProcedureStep['action']> = new Set<ProcedureStep['action']>([
  'install',
  'reboot',
  'rollback',
  'restore',
]);

/**
 * Why a pair member cannot be changed now, if it cannot: its peer is down, not verified since
 * its restart, or mid-maintenance — changing it would take the last serving member out (the
 * documents: "the Primary should always be up and running"; HA step 7, "when services are
 * normal"). Undefined when the change may go ahead.
 */
function peerUnavailable(context: Ctx, host: HostView, step: ProcedureStep): string | undefined {
  if (!CHANGES.has(step.action) || (host.kind !== 'storage' && host.kind !== 'device')) return;
  const peer = peerOf(context.hosts, context.order, host.name);
  if (!peer) return undefined;
  if (peer.down) return `${peer.name}, its peer, is down`;
  if (peer.staged !== undefined) return `${peer.name}, its peer, is mid-maintenance`;
  if (!peer.verified) return `${peer.name}, its peer, is not verified since its restart`;
  return undefined;
}

/**
 * The pair member back from a crash, not checked since, that the step at the cursor is about to
 * rely on — the peer of the member it changes, or the member a failover or a switchover hands
 * the role to — with what the step does to it, in words. The derived procedure checks it first:
 * its services (and on SERVERware its pool) after that unplanned restart, as after the planned
 * ones (Rehearse's assumption; the documents check after each restart and are silent on a crash;
 * `recovery.check-after-crash: false` leaves the check out). Pure.
 */
function uncheckedPeer(context: Ctx): { host: HostView; before: string } | undefined {
  if (context.explicit || context.system === 'standalone' || !context.policy.checkAfterCrash)
    return undefined;
  const step = current(context);
  if (step?.status !== 'pending') return undefined;
  const unchecked = (host: HostView | undefined): host is HostView =>
    host?.backFromCrash === true && !host.down && !host.failed && host.staged === undefined;
  const target = step.host ? resolveHost(context.hosts, context.order, step.host) : undefined;
  if (CHANGES.has(step.action) && target) {
    const peer = peerOf(context.hosts, context.order, target.name);
    return unchecked(peer)
      ? { host: peer, before: `${CHANGING_WORDS[step.action] ?? step.action} ${target.name}` }
      : undefined;
  }
  if (step.action === 'failover') {
    const secondary = pairOf(context, 'storage').find((h) => h.role === 'secondary');
    return unchecked(secondary)
      ? { host: secondary, before: 'the failover makes it Primary' }
      : undefined;
  }
  if (step.action === 'switchover') {
    const standby = target ?? pairOf(context, 'device').find((h) => h.role === 'standby');
    return unchecked(standby)
      ? { host: standby, before: 'the switchover makes it active' }
      : undefined;
  }
  return undefined;
}

/** A change on a host, in words: "before restarting storage-2". */
const CHANGING_WORDS: Partial<Record<ProcedureStep['action'], string>> = {
  install: 'installing on',
  reboot: 'restarting',
  rollback: 'rolling back',
  restore: 'restoring',
};

const CHECK_AFTER_CRASH =
  'a pair member back from a crash is checked, as after any restart, before its peer is changed or it is handed a role (the documents check after each restart and are silent on a crash)';

/** What the procedure does when a host reports it went down, or came back: in any state. */
const ON_HOST_DOWN = ['markDown', 'takeOver', 'takeOverStorage'] as const;
const ON_HOST_UP = ['markUp', 'takeOver'] as const;

const INSTALL_LOST =
  'a host that goes down between its install and its restart is taken to have lost the version it had installed and not booted, so it is installed again once back before that restart (the documents are silent on a crash then)';

/**
 * The plan with the install of `name` done again before its restart still to come, when `name`
 * goes down holding a version it installed and has not booted (lost with it, see
 * `afterHostReport`); undefined when nothing of the kind is pending — a step interrupted on it
 * has its own recovery, and a re-derived plan installs what a host lacks. Pure.
 */
function installAgain(context: Ctx, name: string): StepList<ProcedureStep> | undefined {
  const view = context.hosts[name];
  const step = current(context);
  if (view?.staged === undefined || (step?.status === 'running' && step.host === name)) return;
  const all = stepsOf(context);
  const on = (s: ProcedureStep) =>
    s.host !== undefined && resolveHost(context.hosts, context.order, s.host)?.name === name;
  const reboot = all.findIndex(
    (s, k) => k >= context.cursor && s.status === 'pending' && s.action === 'reboot' && on(s),
  );
  const install = all.findLast(
    (s, k) => k < reboot && s.status === 'done' && s.action === 'install' && on(s),
  );
  if (reboot < 0 || install === undefined) return undefined;
  const { id: _id, status: _status, ...rest } = install;
  const again: PlannedStep = {
    ...rest,
    host: name,
    version: view.staged,
    note: `${install.note ?? 'install'}, again: ${name} went down before its restart and lost it`,
    source: assumed(INSTALL_LOST, 'recovery.install-again-after-crash'),
  };
  return insertSteps(context, reboot, [again], true);
}

/** Why the step at the cursor cannot start; `forGood`: nothing more will happen to change it. */
function blockedReason(context: Ctx, forGood = true): string {
  const step = current(context);
  if (!step) return 'the procedure has nothing left to do';
  const host = step.host ? resolveHost(context.hosts, context.order, step.host) : undefined;
  const what = `${step.action}${host ? ` on ${host.name}` : ''}`;
  if (step.host !== undefined && host === undefined)
    return `${step.action} waits for a host in the role ${step.host}, and none holds it`;
  if (host?.down)
    return `${what} waits for ${host.name}, which is down${forGood ? ' and does not come back' : ''}`;
  const peer = host && !context.explicit ? peerUnavailable(context, host, step) : undefined;
  if (peer !== undefined) return `${what} waits because ${peer}`;
  if (pairOf(context, 'storage').some((h) => !h.poolOnline)) {
    return `${what} waits for the storage pool to be ONLINE`;
  }
  return `${what} cannot start`;
}

function baselineOf(context: Ctx, step: PlannedStep): string {
  const hop = step.hop > 0 ? step.hop : context.hop;
  if (hop > 0) return context.versions[hop - 1] ?? context.versions[0] ?? '';
  let lowest = context.versions.length;
  for (const host of Object.values(context.hosts)) {
    const index = versionIndex(context, host.version);
    if (index >= 0 && index < lowest) lowest = index;
  }
  return context.versions[Math.min(lowest, context.versions.length - 1)] ?? '';
}

/** Resolves role names, versions and hops of the step at the cursor and fires its faults. */
function prepareStep(context: Ctx): { patch: Patch; immediate: ArmedFault[] } {
  const step = current(context);
  if (!step) return { patch: {}, immediate: [] };
  const host = step.host ? resolveHost(context.hosts, context.order, step.host) : undefined;
  const { hop, version } = hopAndVersion(context, step, host);
  const resolved: ProcedureStep = {
    ...step,
    status: 'running',
    hop,
    ...(host ? { host: host.name } : {}),
    ...(version !== undefined ? { version } : {}),
  };
  // Copied only when a fault fires: a long plan under a long fault list copies neither per step.
  let faults = context.faults;
  const immediate: ArmedFault[] = [];
  let fired = context.fired;
  let stepFault: StepFault | undefined;
  // Every fault that strikes this start, each once: several immediate ones may.
  const struck = new Set<number>();
  for (;;) {
    // Faults that strike before a step have had their moment (`firePreStepFaults`).
    const index = faultForStep(faults, resolved, host, hop, 'at-step', context.seed, struck, () =>
      occurrenceOf(context, resolved.action, host?.name, hop),
    );
    if (index < 0) break;
    struck.add(index);
    const armed = faults[index] as ArmedFault;
    faults = faults.with(index, { ...armed, remaining: armed.remaining - 1 });
    fired = [...fired, armed.spec.index];
    if (isImmediateFault(armed.spec.fault)) {
      immediate.push(armed);
    } else if (stepFault === undefined) {
      stepFault = toStepFault(armed, context.seed, firings(context.fired, armed.spec.index));
    }
    if (!isImmediateFault(armed.spec.fault)) break;
  }
  const steps = replaceStep(context, context.cursor, resolved);
  // A host's step is timed by the host (the drawn length goes with its command).
  const duration = isHostAction(resolved.action)
    ? stepDuration(resolved, context.durations)
    : stepTimeOf(context, resolved, host);
  return {
    patch: {
      steps,
      faults,
      fired,
      preStruck: undefined,
      hop,
      stepFault,
      stepTime:
        stepFault && effectOn(stepFault.type, resolved.action) === 'slows'
          ? lasting(stepFault.type, stepFault.duration, context.durations, duration)
          : duration,
    },
    immediate,
  };
}

/** How many times the scenario's fault `index` fired before. Pure. */
function firings(fired: readonly number[], index: number): number {
  let count = 0;
  for (const each of fired) if (each === index) count++;
  return count;
}

/**
 * What tells the step at the cursor from the others of its kind, for the draws it takes (its
 * length when that varies, whether a fault by chance strikes it): its hop, and how many steps of
 * its action on its host ran before it in that hop (`1.1`: the second install of processing-2 in
 * hop 1, a reinstall). Not its place in the list: a policy that adds steps (`stop-vps`) moved
 * every step's id, and with it every draw, so Compare's two runs differed by their draws as much
 * as by their policy. Pure.
 */
function occurrenceOf(context: Ctx, action: Action, host: string | undefined, hop: number): string {
  let before = 0;
  for (let k = 0; k < context.cursor; k++) {
    const other = itemAt(context.steps, k);
    if (
      other?.action === action &&
      other.hop === hop &&
      other.host === host &&
      other.status !== 'pending' &&
      other.status !== 'skipped'
    )
      before++;
  }
  return `${hop}.${before}`;
}

/**
 * How many steps of each action ran on each host in each hop: what {@link occurrenceOf} reads of
 * the past, as text, in a fixed order. Pure.
 */
function occurrencesRun(context: Ctx): string {
  const counts = new Map<string, number>();
  for (let k = 0; k < context.cursor; k++) {
    const step = itemAt(context.steps, k);
    if (!step || step.status === 'pending' || step.status === 'skipped') continue;
    const key = `${step.action} ${step.host ?? ''} ${step.hop}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .map(([key, count]) => `${key} ${count}`)
    .sort()
    .join(',');
}

/**
 * How long a step lasts in this run: its own or the scenario's fixed duration, or a draw for this
 * step (by {@link occurrenceOf}) on its host when the duration varies. Pure.
 */
function stepTimeOf(context: Ctx, step: ProcedureStep, host: HostView | undefined): number {
  if (context.spread === undefined || step.duration !== undefined) {
    return stepDuration(step, context.durations);
  }
  const key = durationKeyOf(step.action);
  if (key === undefined) return 0;
  return drawDuration(
    context.durations,
    context.spread,
    context.seed,
    key,
    host === undefined ? undefined : { name: host.name, role: host.role },
    occurrenceOf(context, step.action, host?.name, step.hop),
  );
}

/** Where the scenario's fault `index` sits in the armed list: at its index, as armed. */
function positionOf(faults: readonly ArmedFault[], index: number): number {
  return faults[index]?.spec.index === index
    ? index
    : faults.findIndex((f) => f.spec.index === index);
}

/** Applies the bookkeeping of a step that finished. */
function finishStep(context: Ctx, version: string | undefined): Patch {
  const step = current(context);
  if (!step) return {};
  const steps = replaceStep(context, context.cursor, { status: 'done' });
  const patch: Patch = {
    steps,
    cursor: advance(steps, context.cursor + 1),
    stepFault: undefined,
  };
  const name = step.host;
  const host = name === undefined ? undefined : context.hosts[name];
  if (host && name !== undefined) {
    if (step.action === 'install' || step.action === 'rollback' || step.action === 'restore') {
      patch.hosts = withHost(context, name, { staged: version ?? step.version });
    } else if (step.action === 'reboot') {
      patch.hosts = withHost(context, name, {
        version: version ?? host.staged ?? host.version,
        staged: undefined,
        verified: false,
      });
    } else if (step.action === 'verify') {
      patch.hosts = withHost(context, name, {
        failed: false,
        verified: true,
        backFromCrash: false,
      });
    } else if (step.action === 'check-services' && host.backFromCrash === true) {
      patch.hosts = withHost(context, name, { backFromCrash: false });
    }
  }
  switch (step.action) {
    case 'precheck':
      patch.precheckPassed = true;
      break;
    case 'backup':
      patch.backedUp = [...context.backedUp, ...(name ? [name] : context.order)];
      break;
    case 'check-sync':
      patch.syncVerified = true;
      patch.syncFailures = 0;
      break;
    case 'preemption-off':
      patch.preemption = false;
      break;
    case 'preemption-restore':
      patch.preemption = context.policy.preemption === 'enabled';
      break;
    case 'restore-sessions':
      patch.interrupted = [];
      break;
    case 'stop-services':
    case 'stop-vps':
      patch.servicesStopped = true;
      break;
    case 'start-services':
    case 'start-vps':
      patch.servicesStopped = false;
      break;
    default:
      break;
  }
  return patch;
}

/** How long a fault's effect lasts: the scenario's `duration`, else the fault table's. */
function lasting(
  fault: FaultSpec['fault'],
  duration: number | undefined,
  durations: Durations,
  step?: number,
): number {
  return duration ?? faultDuration(fault, durations, step) ?? 0;
}

const LEAVES_HOST_FAILED: ReadonlySet<ProcedureStep['action']> = new Set<ProcedureStep['action']>([
  'install',
  'reboot',
  'verify',
  'rollback',
  'restore',
]);

/**
 * Pending steps marked skipped, in the order they were to run. A step that names a role (an HA
 * pair's `standby`) names the host that would have held it when the step came: the holder now,
 * swapped by every switchover or failover skipped before it. Resolved at the end of the run
 * instead, the skipped "restart the new standby" of a pair rolled back read the other device,
 * not the one `rehearse plan` names. Pure.
 *
 * A step of a hand-written plan has no hop, and an upgrade no version, until it starts
 * ({@link hopAndVersion}): skipped, it is given those it would have run with had the plan gone on
 * — every step of the plan before it counted as done, the failed one too, recoveries left out —
 * so "install device-a → 9.2.0 · hop 2" reads as in the run without the fault, not
 * "install device-a" in hop 0.
 * @param before The steps before `steps` in the list: what the plan did, or set out to, so far.
 */
function skipAll(
  context: Pick<Ctx, 'hosts' | 'order' | 'versions' | 'hop'>,
  steps: readonly ProcedureStep[],
  before: readonly ProcedureStep[],
): ProcedureStep[] {
  let hosts = context.hosts;
  // The versions as the plan meant them so far (`hosts` keeps the roles as they stand).
  let meant = context.hosts;
  let hop = context.hop;
  for (const step of before) {
    if (step.recovery === true || step.status === 'pending' || step.status === 'skipped') continue;
    if (step.host !== undefined) meant = versionsAfter(meant, step.host, step.action, step.version);
    if (step.hop > 0) hop = step.hop;
  }
  return steps.map((step) => {
    if (step.status !== 'pending') return step;
    // A switchover that names no device (a hand-written plan's) goes to the standby.
    const named = step.host ?? (step.action === 'switchover' ? 'standby' : undefined);
    const host = named === undefined ? undefined : resolveHost(hosts, context.order, named);
    let resolved: { hop?: number; version?: string } = {};
    const view = host === undefined ? undefined : meant[host.name];
    if (step.hop === 0) {
      resolved = hopAndVersion({ versions: context.versions, hop }, step, view);
      hop = resolved.hop ?? hop;
    }
    hosts = rolesAfter(hosts, step.action, host?.name);
    if (host)
      meant = versionsAfter(meant, host.name, step.action, resolved.version ?? step.version);
    return {
      ...step,
      ...resolved,
      status: 'skipped' as const,
      ...(host ? { host: host.name } : {}),
    };
  });
}

/**
 * The hop and version a step runs with, on `host` as it stands when the step starts: a derived
 * plan's step has both (a restart or a check no version), a hand-written plan's step neither until
 * then (an upgrade goes to the next version on the path, a rollback or a restore to the one
 * before, a backup holds what the host runs; the hop is the install's version's, else the hop
 * under way). Pure.
 */
function hopAndVersion(
  context: Pick<Ctx, 'versions' | 'hop'>,
  step: ProcedureStep,
  host: HostView | undefined,
): { hop: number; version?: string } {
  let version = step.version;
  if (host && version === undefined) {
    if (step.action === 'install') version = nextVersion(context, host);
    if (step.action === 'rollback' || step.action === 'restore') {
      version = previousVersion(context, host);
    }
    // A backup holds the version the host runs: a restore names the backup it goes back to.
    if (step.action === 'backup') version = host.version;
  }
  let hop = step.hop;
  if (hop === 0 && version !== undefined && step.action === 'install') {
    hop = Math.max(0, versionIndex(context, version));
  }
  if (hop === 0) hop = context.hop;
  return version === undefined ? { hop } : { hop, version };
}

/**
 * A host's versions once a step of the plan had run as {@link finishStep} counts it: an install
 * stages its version, a restart runs what was staged. Pure.
 */
function versionsAfter(
  hosts: Ctx['hosts'],
  name: string,
  action: ProcedureStep['action'],
  version: string | undefined,
): Ctx['hosts'] {
  const host = hosts[name];
  if (host === undefined) return hosts;
  if (action === 'install' || action === 'rollback' || action === 'restore') {
    return { ...hosts, [name]: { ...host, staged: version ?? host.staged } };
  }
  if (action === 'reboot' && host.staged !== undefined) {
    return { ...hosts, [name]: { ...host, version: host.staged, staged: undefined } };
  }
  return hosts;
}

/**
 * The roles once a switchover to the device `to` or a failover has run, as one skipped would
 * have: the rest of the list names hosts as they would have stood. Pure.
 */
function rolesAfter(
  hosts: Ctx['hosts'],
  action: ProcedureStep['action'],
  to: string | undefined,
): Ctx['hosts'] {
  if (action !== 'failover' && action !== 'switchover') return hosts;
  const roleAfter = (name: string, view: HostView): Role => {
    if (action === 'failover' && view.role === 'primary') return 'secondary';
    if (action === 'failover' && view.role === 'secondary') return 'primary';
    if (action === 'switchover' && view.kind === 'device')
      return name === to ? 'active' : 'standby';
    return view.role;
  };
  const next: Record<string, HostView> = {};
  for (const [name, view] of Object.entries(hosts)) {
    const role = roleAfter(name, view);
    next[name] = role === view.role ? view : { ...view, role };
  }
  return next;
}

/** The steps from `after` on that have not run yet are skipped: the procedure stops there. */
function skipPending(
  context: Pick<Ctx, 'hosts' | 'order' | 'versions' | 'hop'>,
  list: StepList<ProcedureStep>,
  after: number,
): StepList<ProcedureStep> {
  const steps = itemsOf(list);
  const done = steps.slice(0, after);
  return listOf(done.concat(skipAll(context, steps.slice(after), done)));
}

/** The version a failed host was moving to: the failed install's, or the one it had staged. */
function reinstallTarget(context: Ctx, step: ProcedureStep, view: HostView | undefined): string {
  if (step.action === 'install' && step.version !== undefined) return step.version;
  if (view?.staged !== undefined) return view.staged;
  return context.versions[step.hop] ?? (view ? nextVersion(context, view) : '');
}

/** Ends the procedure through `plan`: the pending steps are skipped and the plan's steps run. */
function stopWith(base: Ctx, after: number, plan: RecoveryPlan, reason: string): Patch {
  const steps = stepsOf(base);
  // Services whose sessions an unplanned takeover lost are restored first: they are down meanwhile.
  const restoring = steps.slice(after).filter(isPendingRestore);
  const trimmed = [
    ...steps.slice(0, after),
    ...restoring,
    ...skipAll(
      base,
      steps.slice(after).filter((s) => !isPendingRestore(s)),
      steps.slice(0, after),
    ),
  ];
  const withRecovery = insertSteps(
    { steps: listOf(trimmed) },
    after + restoring.length,
    plan.steps,
    true,
  );
  return {
    steps: withRecovery,
    hosts: base.hosts,
    cursor: advance(withRecovery, after),
    recovering: true,
    outcome: plan.outcome,
    reason: `${plan.reason} (${reason})`,
  };
}

/**
 * Step 6 with the sessions still not synchronized: the next switchover goes ahead, and the
 * fault that kept them apart strikes it, so the services it names are interrupted and restored.
 */
function switchOverAnyway(base: Ctx, after: number): Patch {
  const next = stepsOf(base).findIndex((s, i) => i >= after && s.action === 'switchover');
  const target = pairOf(base, 'device').find((d) => d.role === 'standby');
  const fault = base.stepFault;
  const position = fault === undefined ? -1 : positionOf(base.faults, fault.index);
  const armed = base.faults[position];
  const faults = base.faults.slice();
  if (armed && target) faults[position] = { ...armed, remaining: 1, boundTo: target.name };
  const steps =
    next < 0
      ? base.steps
      : replaceStep(base, next, {
          note: 'the sessions are still not synchronized: switch over anyway; the services interrupted by it are restored next',
          // The document switches over only "if synchronized".
          source: assumed(
            'step 6 switches over only "if synchronized"; after policy.session-checks comparisons Rehearse switches over anyway, and restores the services it interrupts as step 6 says they may need to be',
            'policy.session-checks',
          ),
        });
  return { steps, faults, cursor: advance(steps, after) };
}

function isPendingRestore(step: ProcedureStep): boolean {
  return step.action === 'restore-sessions' && step.status === 'pending';
}

/** The decision point a failed step reaches. */
function pointOf(context: Ctx, step: ProcedureStep): DecisionPoint {
  if (context.system === 'ha-pair' && step.action === 'check-sync') {
    return context.syncVerified ? 'final-sync-failed' : 'sync-report-failed';
  }
  if (context.system === 'ha-pair' && step.action === 'check-sessions') {
    return 'sessions-not-synchronized';
  }
  if (step.action === 'install' || step.action === 'gui-update') return 'install-failed';
  if (step.action === 'reboot') return 'boot-failed';
  if (step.action === 'verify') return 'verify-failed';
  return 'step-failed';
}

/** The options legal now at a failure, in the table's order. */
function legalAfterFailure(
  context: Ctx,
  point: DecisionPoint,
  step: ProcedureStep,
  situation: FailureSituation,
  anyChanged: boolean,
): DecisionOption[] {
  // Possible, not necessarily safe: an option that takes the serving member down is offered,
  // and the invariants judge it.
  const view = step.host === undefined ? undefined : situation.hosts[step.host];
  return optionsAt(point, context.system).filter((option) => {
    switch (option) {
      case 'reinstall':
        return view !== undefined;
      case 'rollback-host':
        if (context.system === 'standalone') return anyChanged && situation.backups.length > 0;
        return view !== undefined && needsRollback(view, situation.baseline);
      case 'rollback-pair':
        // Both members: with only the failed one changed it is the same as `rollback-host`.
        return Object.values(situation.hosts).some(
          (h) =>
            h.kind === 'device' && h.name !== step.host && needsRollback(h, situation.baseline),
        );
      case 'rollback-hop':
        return anyChanged;
      default:
        return true;
    }
  });
}

/** What Rehearse does at a failure when nobody chose: today's documented way or assumption. */
function defaultAfterFailure(
  context: Ctx,
  point: DecisionPoint,
  step: ProcedureStep,
  situation: FailureSituation,
  anyChanged: boolean,
): DecisionOption {
  switch (point) {
    case 'sync-report-failed':
      return context.syncFailures + 1 <= context.policy.syncRetries ? 'retry' : 'abort';
    case 'final-sync-failed':
      return context.syncFailures + 1 <= 1 ? 'retry' : 'abort';
    case 'sessions-not-synchronized':
      // The comparisons failed in a row, the one failing now included.
      return failedComparisons(
        itemsOf(replaceStep(context, context.cursor, { status: 'failed' })),
        context.cursor,
      ) < context.policy.sessionChecks
        ? 'wait'
        : 'switch-over-anyway';
    default:
      break;
  }
  if (!anyChanged) return 'abort';
  if (context.system === 'standalone') return 'rollback-host';
  if (context.system === 'serverware') {
    if (context.policy.serverwareRecovery === 'rollback-hop') return 'rollback-hop';
    const view = step.host === undefined ? undefined : context.hosts[step.host];
    const serving = view?.role === 'primary';
    if (view === undefined || serving) return 'abort';
    if (reinstallsLeft(context, step.host) > 0) return 'reinstall';
    // A host that did not boot the new version, reinstalls spent, is brought back on the one it
    // ran so that its VPSs can run (an assumption); a host that crashed is back on it by itself.
    return step.action === 'reboot' && !view.down ? 'rollback-host' : 'abort';
  }
  const other = context.order.find(
    (name) => name !== step.host && context.hosts[name]?.kind === 'device',
  );
  const otherView = other === undefined ? undefined : situation.hosts[other];
  return otherView !== undefined && needsRollback(otherView, situation.baseline)
    ? 'rollback-pair'
    : 'rollback-host';
}

/** How many times a host was reinstalled so far. */
function reinstallsDone(context: Ctx, name: string | undefined): number {
  // Own keys only: a host may be named like an Object property (`constructor`).
  return name !== undefined && Object.hasOwn(context.reinstalled, name)
    ? (context.reinstalled[name] ?? 0)
    : 0;
}

function reinstallsLeft(context: Ctx, name: string | undefined): number {
  return context.policy.reinstalls - reinstallsDone(context, name);
}

/**
 * What the procedure still reads, from here on, of its record of the past (the decisions taken,
 * the steps behind the cursor, the reinstalls and failovers counted): a wait already decided at
 * a step still to run is not decided again; with durations that vary, how many steps of each
 * action ran on each host in each hop, which time the steps to come (see `occurrenceOf`); and
 * with `deciding`, what a decision and the recovery it leads to read — the reinstalls of each
 * host, the uses of each `decisions:` entry, the versions backed up, and the failed session
 * comparisons just behind the cursor. Two procedures alike in all else and in this go on alike (decisions and all, when
 * `deciding`): the rest of the record only the report reads. Pure.
 */
export function pastReadAhead(context: ProcedureContext, deciding: boolean): string {
  const last = context.decisions[context.decisions.length - 1];
  let decided = '';
  if (last?.step !== undefined) {
    for (let k = context.cursor; k < context.steps.size; k++) {
      if (itemAt(context.steps, k)?.id === last.step) decided = `${last.step} ${last.situation}`;
    }
  }
  const drawn = context.spread === undefined ? '' : occurrencesRun(context);
  if (!deciding) return JSON.stringify([decided, drawn]);
  const reinstalled = Object.entries(context.reinstalled)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const backups: string[] = [];
  for (let k = 0; k < context.steps.size; k++) {
    const step = itemAt(context.steps, k);
    if (step?.action === 'backup' && step.status === 'done' && step.version !== undefined)
      backups.push(step.version);
  }
  let comparisons = 0;
  for (let k = context.cursor; k >= 0; k--) {
    const step = itemAt(context.steps, k);
    if (step?.action === 'check-sessions' && step.status === 'failed') comparisons++;
    else if (step?.action !== 'wait') break;
  }
  return JSON.stringify([decided, drawn, reinstalled, context.ruleUses, backups, comparisons]);
}

/** Whether every pair has a serving member: stopped there, the system is left serving. */
function isServing(context: Ctx): boolean {
  return (['storage', 'device'] as const).every((kind) => {
    const pair = pairOf(context, kind);
    return (
      pair.length === 0 ||
      pair.some((h) => !h.down && (h.role === 'primary' || h.role === 'active'))
    );
  });
}

/** Decides what a failed step leads to: a retry, a recovery, or the end. */
function react(context: Ctx, reason: string): Patch {
  const step = current(context);
  if (!step) return {};
  const steps = replaceStep(context, context.cursor, { status: 'failed' });
  const after = context.cursor + 1;
  if (step.action === 'verify' && step.host !== undefined && context.hosts[step.host]?.down) {
    // A crash or a power loss cut the check short: nothing on the host changed, so it is checked
    // again once it is back, on the version it booted (no failed check, nothing reinstalled).
    const again = againSteps(context, step, step.host);
    return { steps: doneAgain({ steps }, after, again, step.host, CHECK_AGAIN), cursor: after };
  }
  // Only a failed change leaves a host needing a rollback; a failed backup or check does not.
  const hosts =
    step.host === undefined || !LEAVES_HOST_FAILED.has(step.action)
      ? context.hosts
      : withHost(context, step.host, { failed: true });
  const base: Ctx = { ...context, steps, hosts };
  if (context.recovering) {
    const view = step.host === undefined ? undefined : context.hosts[step.host];
    if (view?.down) {
      // The host crashed or lost power under a recovery step: once it is back, do it again.
      return {
        steps: doneAgain(
          base,
          after,
          [step],
          step.host ?? '',
          'a recovery step interrupted by a crash or a power loss is done again once the host is back',
        ),
        hosts,
        cursor: after,
      };
    }
    return {
      steps,
      cursor: context.steps.size,
      outcome: 'stuck',
      reason: `recovery could not finish: ${step.action}${step.host ? ` on ${step.host}` : ''} failed (${reason})`,
    };
  }
  const situation: FailureSituation = {
    system: context.system,
    hosts,
    order: context.order,
    baseline: baselineOf(context, step),
    failed: step,
    backedUp: context.backedUp.length > 0,
    backups: stepsOf(context).flatMap((s) =>
      s.action === 'backup' && s.status === 'done' && s.version !== undefined ? [s.version] : [],
    ),
    restorePreemption: context.policy.preemption === 'enabled' && !context.preemption,
    servicesStopped: context.servicesStopped,
  };
  const anyChanged = Object.values(hosts).some((h) => needsRollback(h, situation.baseline));
  const point = pointOf(context, step);
  const fault = context.stepFault?.type;
  const { taken, uses } = decide(context.rules, context.ruleUses, {
    point,
    system: context.system,
    ...(step.host !== undefined && hosts[step.host] ? { host: hosts[step.host] } : {}),
    hop: step.hop,
    ...(fault !== undefined ? { fault } : {}),
    legal: legalAfterFailure(context, point, step, situation, anyChanged),
    fallback: defaultAfterFailure(context, point, step, situation, anyChanged),
  });
  const patch = carryOut(base, after, step, situation, taken, reason);
  return { ...patch, decisions: [...context.decisions, taken], ruleUses: uses };
}

/**
 * Installs, restarts and checks the failed host again (its failed upgrade's remaining steps are
 * skipped). `forced`: chosen, so even the Primary is reinstalled. Undefined when it cannot be.
 */
function reinstall(
  base: Ctx,
  after: number,
  step: ProcedureStep,
  situation: FailureSituation,
  forced: boolean,
  source?: StepSource,
): Patch | undefined {
  const context = base;
  const { steps, hosts } = base;
  const name = step.host;
  const view = name === undefined ? undefined : hosts[name];
  const decision = reinstallOrStop(
    {
      ...situation,
      target: reinstallTarget(context, step, view),
      reinstallsLeft: forced ? 1 : reinstallsLeft(context, name),
      force: forced,
    },
    step.action === 'reboot',
  );
  if (decision.kind !== 'reinstall') return undefined;
  // The reinstall is the host's upgrade again: the rest of the failed one is skipped.
  const rest = itemsOf(steps).slice();
  for (let k = after; k < rest.length; k++) {
    const next = rest[k] as ProcedureStep;
    if (next.status !== 'pending' || next.host !== step.host || next.hop !== step.hop) break;
    if (next.action !== 'reboot' && next.action !== 'verify') break;
    rest[k] = { ...next, status: 'skipped' };
  }
  const done = reinstallsDone(context, name);
  const added =
    source === undefined ? decision.steps : decision.steps.map((s) => ({ ...s, source }));
  return {
    steps: insertSteps({ steps: listOf(rest) }, after, added, true),
    hosts,
    cursor: after,
    reinstalled: { ...context.reinstalled, [name ?? '']: done + 1 },
  };
}

/** Carries out the option chosen at a failure. */
function carryOut(
  base: Ctx,
  after: number,
  step: ProcedureStep,
  situation: FailureSituation,
  taken: DecisionTaken,
  reason: string,
): Patch {
  const context = base;
  const { chosen } = taken;
  const forced = taken.by !== 'default';
  const { steps, hosts } = base;
  const hop = step.hop;
  if (step.action === 'check-sync' && context.system === 'ha-pair') {
    const failures = context.syncFailures + 1;
    const syncReaction = (count: number, retries: number) =>
      reactToSyncReport({
        hop,
        final: context.syncVerified,
        failures: count,
        retries,
        devices: pairOf(context, 'device'),
        restorePreemption: situation.restorePreemption,
      });
    if (chosen === 'retry') {
      const reaction = syncReaction(context.syncVerified ? 1 : failures, Number.MAX_SAFE_INTEGER);
      if (reaction && 'retry' in reaction) {
        return {
          steps: insertSteps(base, after, reaction.retry, false),
          cursor: after,
          syncFailures: failures,
        };
      }
    }
    if (chosen === 'continue')
      return { steps, cursor: advance(steps, after), syncFailures: failures };
    if (chosen === 'abort' && context.syncVerified) {
      const reaction = syncReaction(Math.max(failures, 2), 0);
      if (reaction && 'stop' in reaction) return stopWith(base, after, reaction.stop, reason);
    }
  }
  if (step.action === 'check-sessions' && context.system === 'ha-pair') {
    if (chosen === 'wait') {
      const failures = failedComparisons(itemsOf(steps), context.cursor);
      const reaction = reactToSessionCheck({
        hop,
        failures,
        checks: Math.max(context.policy.sessionChecks, failures + 1),
      });
      if ('retry' in reaction) {
        return { steps: insertSteps(base, after, reaction.retry, false), cursor: after };
      }
    }
    if (chosen === 'switch-over-anyway') return switchOverAnyway(base, after);
  }
  const failed = `${step.action}${step.host ? ` on ${step.host}` : ''}`;
  const name = step.host;
  const view = name === undefined ? undefined : hosts[name];
  switch (chosen) {
    case 'reinstall': {
      const patch = reinstall(base, after, step, situation, forced);
      if (patch !== undefined) return patch;
      break;
    }
    case 'retry': {
      // A host that did not boot, or failed its check, takes no restart or check as it is:
      // doing the step again means installing again.
      if ((step.action === 'reboot' || step.action === 'verify') && view !== undefined) {
        const patch = reinstall(base, after, step, situation, true, taken.source);
        if (patch !== undefined) return patch;
      }
      const { id: _id, status: _status, recovery: _recovery, ...again } = step;
      return {
        steps: insertSteps(
          base,
          after,
          [
            {
              ...again,
              note: `${step.note ?? step.action}, again after it failed`,
              source: taken.source,
            },
          ],
          true,
        ),
        hosts,
        cursor: after,
      };
    }
    case 'rollback-host': {
      if (context.system === 'standalone' || name === undefined || view === undefined) break;
      const back = context.system === 'ha-pair' ? situation.baseline : view.version;
      const others = Object.values(hosts).some(
        (h) => h.name !== name && needsRollback(h, situation.baseline),
      );
      // The failed device is the only one to roll back: that is the document's whole rollback.
      if (context.system === 'ha-pair' && !others) break;
      const plan: RecoveryPlan = {
        steps: [
          ...rollbackSteps(
            name,
            back,
            hop,
            `roll back only ${name}, the failed host, to ${back}`,
            taken.source,
          ),
          ...endingSteps(situation, hop),
        ],
        outcome: others ? 'aborted' : 'rolled-back',
        reason: others
          ? `${failed} failed; only ${name} rolled back to ${back}, the other hosts left as they are`
          : `${failed} failed; ${name} rolled back to ${back}`,
      };
      return stopWith(base, after, plan, reason);
    }
    case 'abort': {
      const anyChanged = Object.values(hosts).some((h) => needsRollback(h, situation.baseline));
      if (!anyChanged) break;
      if (context.system === 'serverware') {
        const decision = reinstallOrStop(
          {
            ...situation,
            target: reinstallTarget(context, step, view),
            reinstallsLeft: 0,
            ...(forced ? { stopWhy: `the ${taken.by} chose to stop (decisions: abort)` } : {}),
          },
          step.action === 'reboot',
        );
        if (decision.kind === 'stop') {
          const stopped = skipPending({ ...context, hosts }, steps, after);
          const withSteps = insertSteps({ ...base, steps: stopped }, after, decision.steps, true);
          return {
            steps: withSteps,
            hosts,
            cursor: advance(withSteps, after),
            recovering: true,
            outcome: 'aborted',
            reason: `${decision.reason} (${reason})`,
          };
        }
      }
      return stopWith(
        base,
        after,
        {
          steps: endingSteps(situation, hop),
          outcome: 'aborted',
          reason: `stopped for troubleshooting after ${failed} failed: nothing rolled back, ${
            context.system === 'standalone' && context.servicesStopped
              ? 'the services left stopped'
              : 'the system left serving as it is'
          }`,
        },
        reason,
      );
    }
    default:
      break;
  }
  return stopWith(base, after, planRecovery(situation), reason);
}

/**
 * After the active role moved on its own, the derived HA procedure re-derives its remaining
 * upgrade steps from where the pair is (a hand-written plan runs on as written). The step in
 * progress and anything before it are kept; the rest is replaced.
 */
function replanAfterTakeover(context: Ctx): Patch {
  // Before the first upgrade the plan's steps 5–7 name roles and adapt on their own.
  if (context.explicit || context.recovering || context.system !== 'ha-pair' || context.hop < 1)
    return {};
  const step = current(context);
  const keep = step?.status === 'running' ? context.cursor + 1 : context.cursor;
  const all = stepsOf(context);
  const upcoming = all.slice(keep);
  // Restoring lost sessions comes first, whatever else is replanned.
  const restore = upcoming.filter((s) => s.action === 'restore-sessions' && s.status === 'pending');
  // Steps 1–4 (hop 0: sync, switchover, checks, backup, preemption) stay; the upgrade is replanned.
  const firstUpgrade = upcoming.findIndex((s) => s.status === 'pending' && s.hop >= 1);
  if (firstUpgrade < 0) return {};
  const before = upcoming.slice(0, firstUpgrade).filter((s) => s.action !== 'restore-sessions');
  const replanned = replanHaPair({
    devices: pairOf(context, 'device'),
    versions: context.versions,
    hop: context.hop,
    restorePreemption: context.policy.preemption === 'enabled' && !context.preemption,
  });
  const kept = [...all.slice(0, keep), ...restore, ...before];
  const steps = insertSteps({ steps: listOf(kept) }, kept.length, replanned, false);
  return { steps, ...cursorAfterReplan(context, steps, keep) };
}

/**
 * Where the cursor goes once the steps after `keep` were replaced: a running step keeps it; a
 * step waiting at the cursor (held for a host, say) gives way to the first replanned step that
 * still has to run, past the steps already skipped.
 */
function cursorAfterReplan(context: Ctx, steps: StepList<ProcedureStep>, keep: number): Patch {
  return current(context)?.status === 'running' ? {} : { cursor: advance(steps, keep) };
}

/**
 * After a Secondary took over from a lost Primary, the derived SERVERware procedure re-derives
 * its remaining storage steps from where the pair is (a hand-written plan runs on as written):
 * the steps it had planned name hosts whose roles have swapped.
 */
function replanStorage(context: Ctx): Patch {
  if (context.explicit || context.recovering || context.system !== 'serverware') return {};
  const step = current(context);
  const keep = step?.status === 'running' ? context.cursor + 1 : context.cursor;
  const all = stepsOf(context);
  const upcoming = all.slice(keep).filter((s) => s.status === 'pending');
  if (upcoming.length === 0) return {};
  const replanned = replanServerware({
    hosts: context.hosts,
    order: context.order,
    versions: context.versions,
    upcoming,
    ...(context.finalFailover ? { finalFailover: context.finalFailover } : {}),
    ...(step?.status === 'running' ? { running: step } : {}),
  });
  const kept = [...all.slice(0, keep), ...all.slice(keep).filter((s) => s.status !== 'pending')];
  const steps = insertSteps({ steps: listOf(kept) }, kept.length, replanned, false);
  return { steps, ...cursorAfterReplan(context, steps, keep) };
}

/**
 * Records services whose sessions an unplanned role change lost, and schedules their restore
 * before the step waiting at the cursor (after the step in progress, if one is running).
 */
function withLostSessions(context: Ctx, lost: ReturnType<typeof sessionsLostAt>): Patch {
  if (lost.lost.length === 0) return {};
  const at = current(context)?.status === 'running' ? context.cursor + 1 : context.cursor;
  return {
    interrupted: [...new Set([...context.interrupted, ...lost.lost])],
    steps: insertSteps(context, at, lost.restore, false),
  };
}

/**
 * What a fault that strikes a host at once does (a crash, a degraded pool, a split brain, power
 * lost at a given time): the events it sends and what the procedure notes.
 */
function immediateEffect(
  context: Ctx,
  spec: FaultSpec,
  host: HostView,
  insertAt: number,
): { sends: [string, HostEvent][]; patch: Patch } {
  switch (spec.fault) {
    case 'host-crash':
      return {
        sends: [
          [
            host.name,
            {
              type: 'host.crash',
              duration: lasting(
                spec.fault,
                faultTime(spec, context.seed, firings(context.fired, spec.index)),
                context.durations,
              ),
              byFault: true,
            },
          ],
        ],
        patch: {},
      };
    case 'pool-degraded':
      return {
        sends: [
          [
            host.name,
            {
              type: 'pool.degrade',
              duration: lasting(
                spec.fault,
                faultTime(spec, context.seed, firings(context.fired, spec.index)),
                context.durations,
              ),
              byFault: true,
            },
          ],
        ],
        patch: { hosts: withHost(context, host.name, { poolOnline: false }) },
      };
    case 'power-loss':
      return {
        sends: [
          [
            host.name,
            {
              type: 'power.loss',
              duration: lasting(
                spec.fault,
                faultTime(spec, context.seed, firings(context.fired, spec.index)),
                context.durations,
              ),
              byFault: true,
            },
          ],
        ],
        patch: {},
      };
    case 'split-brain':
      return {
        sends: [[host.name, { type: 'role.activate', byFault: true }]],
        patch: {
          hosts: withHost(context, host.name, { role: 'active' }),
          steps: insertSteps(
            context,
            insertAt,
            [
              {
                action: 'demote',
                host: host.name,
                hop: context.hop,
                note: `both devices are active: switch ${host.name} to standby before anything else`,
                source: documented(
                  'ha-pair',
                  'step 5: if both devices are active, manually switch one to standby',
                ),
              },
            ],
            false,
          ),
        },
      };
    default:
      return { sends: [], patch: {} };
  }
}

/** The fault to apply before the pending step at the cursor starts, as its position in `faults`. */
function preStepFault(context: Ctx): number {
  if (context.faults.length === 0) return -1;
  const step = current(context);
  if (!step || step.status !== 'pending') return -1;
  const host = step.host ? resolveHost(context.hosts, context.order, step.host) : undefined;
  const hop = step.hop > 0 ? step.hop : context.hop;
  return faultForStep(
    context.faults,
    step,
    host,
    hop,
    'before-step',
    context.seed,
    new Set(preStruckAt(context, step)),
    () => occurrenceOf(context, step.action, host?.name, hop),
  );
}

/** The faults that struck just before `step` starts, this time. Pure. */
function preStruckAt(context: Ctx, step: ProcedureStep): readonly number[] {
  return context.preStruck?.step === step.id ? context.preStruck.positions : [];
}

/** Steps a reinstall adds (install, restart, check): the most one repetition adds. */
export const REPEATED_STEPS = 3;

/**
 * How many reinstalls or retries a run's input allows: each decision its `decisions:` entries
 * take (at most {@link MOST_DECISIONS} in all) and each reinstall `recovery.reinstalls` gives each
 * host. The bounds on a run's steps and on its time make room for them, so that a run its own
 * input bounds always settles. Pure.
 */
export function repeatsAllowed(
  input: Pick<ProcedureInput, 'decisions' | 'hosts' | 'policy'>,
): number {
  const decided = (input.decisions ?? []).reduce((sum, rule) => sum + rule.times, 0);
  return Math.min(decided, MOST_DECISIONS) + input.policy.reinstalls * input.hosts.length;
}

/**
 * The bound on a run's steps: four times the steps planned and 100 more, for recoveries that
 * stop the procedure or redo what a crash undid, and {@link REPEATED_STEPS} for each repetition
 * the input allows ({@link repeatsAllowed}). Pure.
 */
function stepCapOf(
  input: Pick<ProcedureInput, 'steps' | 'decisions' | 'hosts' | 'policy'>,
): number {
  return input.steps.length * 4 + 100 + REPEATED_STEPS * repeatsAllowed(input);
}

/** The derived SERVERware plan's last failover, if it ends with one returning the Primary. */
function finalFailoverOf(input: ProcedureInput): Pick<Ctx, 'finalFailover'> {
  const last = input.steps[input.steps.length - 1];
  const primary = input.hosts.find((host) => host.role === 'primary');
  if (input.explicit || input.system !== 'serverware' || last?.action !== 'failover' || !primary)
    return {};
  return { finalFailover: { to: primary.name, source: last.source } };
}

function machineFor(kind: HostSpec['kind']) {
  switch (kind) {
    case 'storage':
      return 'storageHost' as const;
    case 'processing':
      return 'processingHost' as const;
    case 'backup':
      return 'backupHost' as const;
    case 'device':
      return 'haDevice' as const;
    case 'server':
      return 'standaloneServer' as const;
  }
}

function hostCommand(
  step: ProcedureStep,
  stepFault: StepFault | undefined,
  duration: number | undefined,
): HostEvent | undefined {
  const extra = {
    ...(stepFault ? { fault: stepFault } : {}),
    ...(duration === undefined ? {} : { duration }),
  };
  switch (step.action) {
    case 'install':
      return { type: 'install.start', version: step.version ?? '', ...extra };
    case 'reboot':
      return { type: 'reboot.start', ...extra };
    case 'verify':
      return { type: 'verify.start', ...extra };
    case 'rollback':
      return { type: 'rollback.start', version: step.version ?? '', ...extra };
    case 'restore':
      return { type: 'restore.start', version: step.version ?? '', ...extra };
    case 'stop-services':
      return { type: 'services.stop', ...extra };
    case 'start-services':
      return { type: 'services.start', ...extra };
    default:
      return undefined;
  }
}

/**
 * The procedure (cluster) machine: spawns one actor per host, runs the planned steps one at a
 * time, waits for each host to report, and reacts to failures the way the source documents
 * say (resolve and re-check a failed sync report, roll back only the standby, fail over before
 * touching the former Primary).
 */
export const procedureMachine = setup({
  types: {
    context: {} as ProcedureContext,
    events: {} as ProcedureEvent,
    input: {} as ProcedureInput,
  },
  actors: {
    storageHost: storageHostMachine,
    processingHost: processingHostMachine,
    backupHost: backupHostMachine,
    haDevice: haDeviceMachine,
    standaloneServer: standaloneServerMachine,
  },
  delays: {
    stepTime: ({ context }) => context.stepTime,
    /** No time at all: just after the events already sent at this instant. */
    settle: 0,
    hold: ({ context }) => context.policy.hold,
  },
  guards: {
    isFinished: ({ context }) => context.cursor >= context.steps.size,
    hasStepsLeft: ({ context }) => context.cursor < context.steps.size,
    /** Nothing left to happen on its own: no preemption pending, no storage takeover under way. */
    settled: ({ context }) =>
      context.pendingPreemptions.length === 0 && context.storageTakingOver === undefined,
    mustWait: ({ context }) => mustWait(context),
    hostDownDuringStep: ({ context }) => context.downDuringStep !== undefined,
    storageTakeoverDue: ({ context }) => storageTakeover(context) !== undefined,
    activeTakeoverDue: ({ context }) => lostActive(context) !== undefined,
    canProceed: ({ context }) => !mustWait(context),
    isHostStep: ({ context }) => {
      const step = current(context);
      return step !== undefined && isHostAction(step.action);
    },
    isFailover: ({ context }) => current(context)?.action === 'failover',
    isSwitchover: ({ context }) => current(context)?.action === 'switchover',
    isCurrentHost: ({ context, event }) =>
      'host' in event &&
      current(context)?.host === event.host &&
      current(context)?.status === 'running',
    stepFaultFails: ({ context }) => {
      const step = current(context);
      const fault = context.stepFault;
      return (
        step !== undefined && fault !== undefined && effectOn(fault.type, step.action) === 'fails'
      );
    },
    isDerived: ({ context }) => !context.explicit && context.system !== 'standalone',
    peerCheckDue: ({ context }) => uncheckedPeer(context) !== undefined,
    holdAbandoned: ({ context }) => context.holdAbandoned === true,
    tooManySteps: ({ context }) => context.steps.size > context.stepCap,
    outcomeIs: ({ context }, params: { outcome: Outcome }) => context.outcome === params.outcome,
    preStepFaultDue: ({ context }) => preStepFault(context) >= 0,
    roleTargetDown: ({ context }) => {
      const step = current(context);
      if (step?.action === 'failover') {
        return pairOf(context, 'storage').some((host) => host.role === 'secondary' && host.down);
      }
      const target = step?.host === undefined ? undefined : context.hosts[step.host];
      return (
        step?.action === 'switchover' &&
        target !== undefined &&
        target.down &&
        target.role !== 'active'
      );
    },
  },
  actions: {
    spawnHosts: enqueueActions(({ context, enqueue }) => {
      for (const name of context.order) {
        const host = context.hosts[name];
        if (!host) continue;
        const leading = host.role === 'primary' || host.role === 'active';
        enqueue.spawnChild(machineFor(host.kind), {
          id: host.name,
          systemId: host.name,
          input: {
            name: host.name,
            kind: host.kind,
            version: context.versions[0] ?? '',
            durations: hostDurations(context.durations, context.spread, context.seed, {
              name: host.name,
              role: host.role,
            }),
            leading,
            preemption: context.policy.preemption === 'enabled',
            preferred: host.kind === 'device' && context.policy.preferred === host.name,
            keepsInstallOnCrash: !context.policy.installAgainAfterCrash,
            movesOnFailedRestart:
              host.kind === 'processing' && context.policy.failedRestart === 'move',
          },
        });
      }
    }),
    startStep: enqueueActions(({ context, enqueue }) => {
      const { patch, immediate } = prepareStep(context);
      enqueue.assign(patch);
      const next = { ...context, ...patch };
      const step = current(next);
      if (!step) return;
      if (isHostAction(step.action) && step.host !== undefined) {
        const host = next.hosts[step.host];
        const duration = next.spread === undefined ? undefined : stepTimeOf(next, step, host);
        const command = hostCommand(step, next.stepFault, duration);
        if (command) enqueue.sendTo(step.host, command);
      }
      for (const armed of immediate) {
        enqueue.raise({ type: 'fault.inject', index: -1 - armed.spec.index });
      }
      // A fault that slows the step (or loses its sessions) shows nowhere else: noted here.
      if (next.stepFault && takesEffectUnreported(next.stepFault.type, step.action)) {
        enqueue.raise({ type: 'fault.inject', index: -1 - next.stepFault.index });
      }
    }),
    completeStep: assign(({ context, event }) =>
      finishStep(context, 'version' in event ? event.version : undefined),
    ),
    failStep: assign(({ context, event }) => {
      const reason =
        'reason' in event ? event.reason : `${current(context)?.action ?? 'the step'} failed`;
      const patch = react(context, reason);
      return { ...patch, stepFault: undefined };
    }),
    failTimedStep: assign(({ context }) => {
      const fault = context.stepFault;
      const check = context.faults.find((f) => f.spec.index === fault?.index)?.spec.check;
      const missing =
        fault && check !== undefined ? faultRecord(fault.type).checks?.[check] : undefined;
      const why =
        missing ??
        (fault === undefined
          ? 'the step failed'
          : failureReason(fault.type, current(context)?.action, 'the step failed'));
      return { ...react(context, why), stepFault: undefined };
    }),
    beginFailover: enqueueActions(({ context, enqueue }) => {
      for (const host of pairOf(context, 'storage')) {
        enqueue.sendTo(host.name, { type: 'failover.begin' });
      }
      enqueue.assign({ failovers: context.failovers + 1 });
    }),
    completeFailover: enqueueActions(({ context, enqueue }) => {
      let hosts = context.hosts;
      for (const host of pairOf(context, 'storage')) {
        enqueue.sendTo(host.name, { type: 'failover.complete' });
        hosts = {
          ...hosts,
          [host.name]: { ...host, role: host.role === 'primary' ? 'secondary' : 'primary' },
        };
      }
      enqueue.assign({ hosts });
    }),
    abortFailover: enqueueActions(({ context, enqueue }) => {
      for (const host of pairOf(context, 'storage'))
        enqueue.sendTo(host.name, { type: 'failover.abort' });
    }),
    abortSwitchover: enqueueActions(({ context, enqueue }) => {
      const target = current(context)?.host;
      const previous = pairOf(context, 'device').find((device) => device.name !== target);
      if (previous && !previous.down) enqueue.sendTo(previous.name, { type: 'role.activate' });
    }),
    failRoleChange: assign(({ context }) => ({
      ...react(context, 'the peer taking over went down during the role change'),
      stepFault: undefined,
    })),
    beginSwitchover: enqueueActions(({ context, enqueue }) => {
      const step = current(context);
      const devices = pairOf(context, 'device');
      const target = step?.host
        ? context.hosts[step.host]
        : devices.find((device) => device.role === 'standby');
      if (!target || target.role === 'active') {
        enqueue.assign({ stepTime: 0 });
        return;
      }
      for (const device of devices) {
        if (device.role === 'active') enqueue.sendTo(device.name, { type: 'role.standby' });
      }
      const steps = replaceStep(context, context.cursor, { host: target.name });
      enqueue.assign({ failovers: context.failovers + 1, steps });
    }),
    completeSwitchover: enqueueActions(({ context, enqueue }) => {
      const step = current(context);
      const target = step?.host ? context.hosts[step.host] : undefined;
      if (!target || target.role === 'active') return;
      enqueue.sendTo(target.name, { type: 'role.activate' });
      let hosts = context.hosts;
      for (const device of pairOf(context, 'device')) {
        hosts = {
          ...hosts,
          [device.name]: { ...device, role: device.name === target.name ? 'active' : 'standby' },
        };
      }
      const patch: Patch = { hosts };
      const fault = context.stepFault;
      if (fault !== undefined && effectOn(fault.type, 'switchover') === 'interrupts') {
        const count = context.faults.find((f) => f.spec.index === fault.index)?.spec.sessions ?? 1;
        const lost = context.services.slice(0, Math.max(1, count));
        patch.interrupted = [...new Set([...context.interrupted, ...lost])];
        patch.steps = insertSteps(
          context,
          context.cursor + 1,
          [
            {
              action: 'restore-sessions',
              hop: step?.hop ?? 0,
              note: `restore ${lost.length} service${lost.length === 1 ? '' : 's'} whose sessions were lost at the switchover`,
              source: documented(
                'ha-pair',
                'step 6: after the switchover some services may be interrupted and need to be restored',
              ),
            },
          ],
          false,
        );
      }
      enqueue.assign(patch);
    }),
    applyTimedStep: enqueueActions(({ context, enqueue }) => {
      const step = current(context);
      if (!step) return;
      const devices = pairOf(context, 'device');
      if (step.action === 'preemption-off' || step.action === 'preemption-restore') {
        const enabled =
          step.action === 'preemption-restore' && context.policy.preemption === 'enabled';
        for (const device of devices) {
          enqueue.sendTo(device.name, { type: 'preemption.set', enabled });
        }
      }
      if (step.action === 'gui-update' && step.version !== undefined) {
        for (const name of context.order) {
          enqueue.sendTo(name, { type: 'gui.update', version: step.version });
        }
        let hosts = context.hosts;
        for (const name of context.order) {
          const host = hosts[name];
          if (host) hosts = { ...hosts, [name]: { ...host, version: step.version } };
        }
        enqueue.assign({ hosts });
      }
      if (step.action === 'demote' && step.host !== undefined) {
        enqueue.sendTo(step.host, { type: 'role.standby' });
        enqueue.assign({ hosts: withHost(context, step.host, { role: 'standby' }) });
      }
    }),
    applyFault: enqueueActions(({ context, enqueue, event }) => {
      if (event.type !== 'fault.inject') return;
      // Negative indexes are faults fired by a step start (already counted); others are timed.
      const viaStep = event.index < 0;
      const index = viaStep ? -1 - event.index : event.index;
      const position = positionOf(context.faults, index);
      const armed = context.faults[position];
      if (!armed) return;
      const { spec } = armed;
      const patch: Patch = {};
      if (!viaStep) {
        patch.fired = [...context.fired, index];
      }
      const fallback =
        faultRecord(spec.fault).fallbackTarget ?? current(context)?.host ?? context.order[0] ?? '';
      const host = resolveHost(context.hosts, context.order, spec.target ?? fallback);
      if (!host) {
        enqueue.assign(patch);
        return;
      }
      if (viaStep ? isImmediateFault(spec.fault) : strikesAtItsTime(spec.fault)) {
        const effect = immediateEffect(
          context,
          spec,
          host,
          context.started ? context.cursor + 1 : context.cursor,
        );
        for (const [target, hostEvent] of effect.sends) enqueue.sendTo(target, hostEvent);
        Object.assign(patch, effect.patch);
      } else if (!viaStep) {
        const faults = context.faults.slice();
        const step = current(context);
        // With no target, the next step it acts on wherever it runs (CONTRACT: "on whichever
        // host matches `target` then"; without one, any host does).
        const anywhere =
          spec.target === undefined && faultRecord(spec.fault).fallbackTarget === undefined;
        if (
          step?.status === 'running' &&
          (anywhere || step.host === host.name) &&
          isHostAction(step.action) &&
          faultAffects(spec.fault, step.action)
        ) {
          enqueue.sendTo(step.host ?? host.name, {
            type: 'fault.arm',
            fault: toStepFault(armed, context.seed, firings(context.fired, spec.index)),
            byFault: true,
          });
          faults[position] = { ...armed, remaining: armed.remaining - 1 };
        } else {
          faults[position] = { ...armed, boundTo: anywhere ? ANY_HOST : host.name };
          patch.fired = context.fired;
        }
        patch.faults = faults;
      }
      if (!viaStep && isImmediateFault(spec.fault)) {
        const faults = (patch.faults ?? context.faults).slice();
        faults[position] = { ...armed, remaining: armed.remaining - 1 };
        patch.faults = faults;
      }
      enqueue.assign(patch);
    }),
    firePreStepFaults: enqueueActions(({ context, enqueue }) => {
      const position = preStepFault(context);
      const armed = context.faults[position];
      if (!armed) return;
      const faults = context.faults.slice();
      faults[position] = { ...armed, remaining: armed.remaining - 1 };
      const fallback = faultRecord(armed.spec.fault).fallbackTarget ?? 'standby';
      const host = resolveHost(context.hosts, context.order, armed.spec.target ?? fallback);
      const step = current(context) as ProcedureStep;
      const patch: Patch = {
        faults,
        fired: [...context.fired, armed.spec.index],
        preStruck: { step: step.id, positions: [...preStruckAt(context, step), position] },
      };
      if (host) {
        const effect = immediateEffect(context, armed.spec, host, context.cursor);
        for (const [target, hostEvent] of effect.sends) enqueue.sendTo(target, hostEvent);
        Object.assign(patch, effect.patch);
      }
      enqueue.assign(patch);
    }),
    markDown: assign(({ context, event }) => {
      if (event.type !== 'host.down') return {};
      const hosts = afterHostReport(context.hosts, event);
      const step = current(context);
      const interrupted =
        step?.status === 'running' &&
        context.downDuringStep === undefined &&
        hostsActedOn(context, step).includes(event.host);
      // A storage host down while taking over the Primary role abandons it.
      const abandoned =
        context.storageTakingOver === event.host ? { storageTakingOver: undefined } : {};
      const lost = event.keptInstall ? undefined : installAgain(context, event.host);
      const steps = lost === undefined ? {} : { steps: lost };
      return interrupted
        ? { hosts, downDuringStep: event.host, ...abandoned, ...steps }
        : { hosts, ...abandoned, ...steps };
    }),
    checkAfterCrash: assign(({ context }) => {
      const due = uncheckedPeer(context);
      const step = current(context);
      if (!due || !step) return {};
      const { host, before } = due;
      const what = host.kind === 'storage' ? 'services up, pool ONLINE' : 'services normal';
      // An operator's check of a host that serves throughout: nothing on the host changes.
      const check: PlannedStep = {
        action: 'check-services',
        host: host.name,
        hop: step.hop,
        note: `check ${host.name}, back from a crash, before ${before}: ${what}`,
        source: assumed(CHECK_AFTER_CRASH, 'recovery.check-after-crash'),
      };
      return { steps: insertSteps(context, context.cursor, [check], true) };
    }),
    retakeTimedStep: assign(({ context }) => {
      const step = current(context);
      const host = context.downDuringStep;
      if (!step || host === undefined) return {};
      const steps = replaceStep(context, context.cursor, { status: 'failed' });
      const after = context.cursor + 1;
      return {
        steps: doneAgain(
          { steps },
          after,
          againSteps(context, step, host),
          host,
          ACTS_ON[step.action]?.why ??
            'a step interrupted by a crash or a power loss is done again once the host is back (the documents are silent)',
        ),
        cursor: after,
        downDuringStep: undefined,
        stepFault: undefined,
      };
    }),
    takeOver: enqueueActions(({ context, enqueue, event }) => {
      if (context.system !== 'ha-pair') return;
      // When the active device goes down, its peer takes over at once if it can; otherwise the
      // first moment it can (see `lostActive`).
      const gone = event.type === 'host.down' ? event.host : lostActive(context);
      if (gone === undefined) return;
      const host = context.hosts[gone];
      const peer = peerOf(context.hosts, context.order, gone);
      if (!host || host.role !== 'active' || !peer || !canTakeOver(context, peer)) return;
      // The pair's own reaction to its active device going down, not a step of the procedure.
      enqueue.sendTo(gone, { type: 'role.standby', byFault: true });
      // The peer takes over once it has noticed: the detection time is an outage.
      enqueue.sendTo(peer.name, { type: 'role.takeover', byFault: true });
      let hosts = withHost(context, gone, { role: 'standby' });
      hosts = { ...hosts, [peer.name]: { ...peer, role: 'active' } };
      const lost = sessionsLostAt({
        how: 'takeover',
        to: peer.name,
        fromVersion: host.version,
        toVersion: peer.version,
        services: context.services,
        hop: context.hop,
      });
      const patch = withLostSessions(context, lost);
      const steps = patch.steps ?? context.steps;
      enqueue.assign({
        ...patch,
        hosts,
        failovers: context.failovers + 1,
        ...replanAfterTakeover({ ...context, hosts, steps }),
      });
    }),
    // A Primary lost (as it goes down, or once its Secondary is ready) is taken over.
    takeOverStorage: enqueueActions(({ context, enqueue }) => {
      const takeover = storageTakeover(context);
      if (takeover === undefined) return;
      const { lost, peer } = takeover;
      if (lost !== undefined) enqueue.sendTo(lost, { type: 'role.demote', byFault: true });
      enqueue.sendTo(peer, { type: 'takeover.begin', byFault: true });
      enqueue.assign({
        ...(lost === undefined ? {} : { hosts: withHost(context, lost, { role: 'secondary' }) }),
        failovers: context.failovers + 1,
        storageTakingOver: peer,
      });
    }),
    markTookOver: assign(({ context, event }) => {
      if (event.type !== 'host.took-over') return {};
      const hosts = afterHostReport(context.hosts, event);
      return { hosts, storageTakingOver: undefined, ...replanStorage({ ...context, hosts }) };
    }),
    markUp: assign(({ context, event }) =>
      event.type === 'host.up' ? { hosts: afterHostReport(context.hosts, event) } : {},
    ),
    markPreempted: enqueueActions(({ context, enqueue, event }) => {
      if (event.type !== 'host.preempted') return;
      const host = context.hosts[event.host];
      const peer = peerOf(context.hosts, context.order, event.host);
      if (!host) return;
      let hosts = withHost(context, event.host, { role: 'active' });
      let patch: Patch = { failovers: context.failovers + 1 };
      if (peer) {
        enqueue.sendTo(peer.name, { type: 'role.standby' });
        hosts = { ...hosts, [peer.name]: { ...peer, role: 'standby' } };
        const lost = sessionsLostAt({
          how: 'preemption',
          to: event.host,
          fromVersion: peer.version,
          toVersion: host.version,
          services: context.services,
          hop: context.hop,
        });
        patch = { ...patch, ...withLostSessions(context, lost) };
      }
      const steps = patch.steps ?? context.steps;
      enqueue.assign({ ...patch, hosts, ...replanAfterTakeover({ ...context, hosts, steps }) });
    }),
    notePreemption: assign(({ context, event }) => {
      if (event.type !== 'preemption.pending') return {};
      const others = context.pendingPreemptions.filter((name) => name !== event.host);
      return { pendingPreemptions: event.pending ? [...others, event.host] : others };
    }),
    markPoolOnline: assign(({ context, event }) =>
      event.type === 'pool.online' ? { hosts: afterHostReport(context.hosts, event) } : {},
    ),
    markStarted: assign({ started: true }),
    stall: assign(({ context, event }) => {
      const bound = event.type === 'procedure.stall' ? event.bound : undefined;
      return {
        outcome: 'stuck' as const,
        // At the bound, what the procedure was waiting for still says why it did not settle.
        reason:
          bound === undefined
            ? blockedReason(context)
            : `${bound}; by then ${blockedReason(context, false)}`,
        steps: replaceStep(context, context.cursor, { status: 'failed' }),
      };
    }),
    decideHold: assign(({ context }) => holdDecision(context)),
    abandonHold: assign(({ context }) => ({
      outcome: isServing(context) ? ('aborted' as const) : ('stuck' as const),
      reason: `stopped instead of waiting (decisions): ${blockedReason(context, false)}`,
      steps: skipPending(context, context.steps, context.cursor),
    })),
    giveUp: assign(({ context }) => {
      const serving = isServing(context);
      const minutes = Math.round(context.policy.hold / 60_000);
      return {
        outcome: serving ? ('aborted' as const) : ('stuck' as const),
        reason: `stopped after waiting ${minutes} minutes (recovery.hold): ${blockedReason(context, false)}`,
        steps: skipPending(context, context.steps, context.cursor),
      };
    }),
    // Past `stepCap`, which makes room for every repetition the input allows, the plan grows by
    // something nothing bounds: the run ends there, with the bound named.
    capSteps: assign(({ context }) => ({
      outcome: 'stuck' as const,
      reason: `the procedure kept adding steps without end: its plan passed ${context.stepCap} steps, four times the steps planned and 100 more, and three for each reinstall or retry its decisions and recovery.reinstalls allow: the bound on recoveries that add steps`,
    })),
  },
}).createMachine({
  id: 'procedure',
  context: ({ input }) => ({
    system: input.system,
    versions: [input.from, ...input.path],
    order: input.hosts.map((host) => host.name),
    hosts: initialHostViews(input.hosts, input.from),
    steps: listOf(input.steps.map((step, id) => ({ ...step, id, status: 'pending' as const }))),
    cursor: 0,
    faults: input.faults.map(armFault),
    durations: input.durations,
    ...(input.spread === undefined ? {} : { spread: input.spread }),
    seed: input.seed ?? 1,
    policy: input.policy,
    preemption: input.policy.preemption === 'enabled',
    failovers: 0,
    syncFailures: 0,
    pendingPreemptions: [],
    services: input.services,
    interrupted: [],
    backedUp: [],
    servicesStopped: false,
    precheckPassed: false,
    syncVerified: false,
    recovering: false,
    stepTime: 0,
    fired: [],
    hop: 0,
    started: false,
    stepCap: stepCapOf(input),
    explicit: input.explicit ?? false,
    reinstalled: {},
    rules: input.decisions ?? [],
    ruleUses: [],
    decisions: [],
    ...finalFailoverOf(input),
  }),
  entry: 'spawnHosts',
  on: {
    'fault.inject': { actions: 'applyFault' },
    'host.down': { actions: ON_HOST_DOWN },
    'host.up': { actions: ON_HOST_UP },
    'host.preempted': { actions: 'markPreempted' },
    'host.took-over': { actions: 'markTookOver' },
    'preemption.pending': { actions: 'notePreemption' },
    'pool.online': { actions: 'markPoolOnline' },
  },
  initial: 'ready',
  states: {
    ready: {
      description: 'Hosts are in place; timed faults at 0 are applied before the first step.',
      on: { 'procedure.start': { target: 'running', actions: 'markStarted' } },
    },
    running: {
      initial: 'next',
      on: { 'procedure.stall': { target: 'finished', actions: 'stall' } },
      states: {
        next: {
          description: 'Picks the next step of the plan.',
          always: [
            {
              guard: 'preStepFaultDue',
              target: 'next',
              reenter: true,
              actions: 'firePreStepFaults',
            },
            { guard: 'tooManySteps', target: '#procedure.finished', actions: 'capSteps' },
            {
              // The Secondary became ready (verified) with the Primary still down: it takes over.
              guard: 'storageTakeoverDue',
              target: 'next',
              reenter: true,
              actions: 'takeOverStorage',
            },
            {
              // The standby's step is over (or it is back) with the active device still down.
              guard: 'activeTakeoverDue',
              target: 'next',
              reenter: true,
              actions: 'takeOver',
            },
            { guard: 'isFinished', target: '#procedure.settling' },
            { guard: and(['mustWait', 'isDerived']), target: 'holding', actions: 'decideHold' },
            { guard: 'mustWait', target: 'blocked' },
            {
              // A pair member back from a crash is checked before the step relies on it (the
              // step can start: the guards above let it through).
              guard: 'peerCheckDue',
              target: 'next',
              reenter: true,
              actions: 'checkAfterCrash',
            },
            { guard: 'isHostStep', target: 'onHost', actions: 'startStep' },
            { guard: 'isFailover', target: 'failingOver', actions: ['startStep', 'beginFailover'] },
            {
              guard: 'isSwitchover',
              target: 'switchingOver',
              actions: ['startStep', 'beginSwitchover'],
            },
            { target: 'timed', actions: 'startStep' },
          ],
        },
        blocked: {
          description:
            'A hand-written plan waits for a host to come back or the pool to be ONLINE, however long.',
          always: { guard: 'canProceed', target: 'next' },
        },
        holding: {
          description:
            'The derived procedure waits for a host to come back, its peer to be ready or the pool to be ONLINE, up to the hold limit.',
          always: [
            { guard: 'holdAbandoned', target: '#procedure.finished', actions: 'abandonHold' },
            { guard: 'canProceed', target: 'next' },
          ],
          after: { hold: { target: '#procedure.finished', actions: 'giveUp' } },
        },
        onHost: {
          description: 'A host carries out the step; the procedure waits for its report.',
          on: {
            'step.done': { guard: 'isCurrentHost', target: 'next', actions: 'completeStep' },
            'step.failed': { guard: 'isCurrentHost', target: 'next', actions: 'failStep' },
          },
        },
        timed: {
          description: 'A step the operators carry out: checks, backups, waits, settings.',
          after: {
            stepTime: [
              { guard: 'hostDownDuringStep', target: 'next', actions: 'retakeTimedStep' },
              { guard: 'stepFaultFails', target: 'next', actions: 'failTimedStep' },
              { target: 'next', actions: ['applyTimedStep', 'completeStep'] },
            ],
          },
        },
        failingOver: {
          description: 'Storage failover: the Secondary takes over as Primary.',
          after: {
            stepTime: [
              {
                guard: 'roleTargetDown',
                target: 'next',
                actions: ['abortFailover', 'failRoleChange'],
              },
              { target: 'next', actions: ['completeFailover', 'completeStep'] },
            ],
          },
        },
        switchingOver: {
          description: 'Active/standby switchover.',
          after: {
            stepTime: [
              {
                guard: 'roleTargetDown',
                target: 'next',
                actions: ['abortSwitchover', 'failRoleChange'],
              },
              { target: 'next', actions: ['completeSwitchover', 'completeStep'] },
            ],
          },
        },
      },
    },
    settling: {
      description:
        'The last step is done: hosts report what they did at that same instant (a preemption, say) before the outcome is settled.',
      always: [
        // A storage host ready to take over a Primary role no one holds takes it here too.
        {
          guard: 'storageTakeoverDue',
          target: 'settling',
          reenter: true,
          actions: 'takeOverStorage',
        },
        { guard: 'hasStepsLeft', target: 'running' },
      ],
      // A device with preemption on takes the active role back before the procedure ends; a
      // host going down or coming back settles the outcome again (a takeover may be due, or
      // abandoned).
      on: {
        'host.down': { target: 'settling', reenter: true, actions: ON_HOST_DOWN },
        'host.up': { target: 'settling', reenter: true, actions: ON_HOST_UP },
        'preemption.pending': { target: 'settling', reenter: true, actions: 'notePreemption' },
        // A storage host taking over the Primary role finishes before the outcome is settled.
        'host.took-over': { target: 'settling', reenter: true, actions: 'markTookOver' },
      },
      after: { settle: { guard: 'settled', target: 'finished' } },
    },
    finished: {
      description: 'The last step is behind: settle on the outcome.',
      always: [
        { guard: { type: 'outcomeIs', params: { outcome: 'rolled-back' } }, target: 'rolledBack' },
        { guard: { type: 'outcomeIs', params: { outcome: 'aborted' } }, target: 'aborted' },
        { guard: { type: 'outcomeIs', params: { outcome: 'stuck' } }, target: 'stuck' },
        { target: 'completed' },
      ],
    },
    completed: { type: 'final', description: 'Every step done; every host on the target version.' },
    rolledBack: {
      type: 'final',
      description: 'A failure was recovered: every host is back on one earlier version.',
    },
    aborted: {
      type: 'final',
      description:
        'Stopped with the system serving and nothing rolled back: before any host changed, for support after a failure (SERVERware), or for troubleshooting with both devices upgraded (HA step 8).',
    },
    stuck: { type: 'final', description: 'The procedure cannot go on.' },
  },
});
