import type {
  Action,
  DurationKey,
  Durations,
  FaultSpec,
  FaultType,
  HostKind,
  PlannedStep,
  Role,
  StepName,
  StepStatus,
} from './types';
import { drawRange, streamOf, strikes } from './durationDraw';
import { faultAffects, faultRecord, isImmediateFault, strikesBeforeStep } from './faultTable';
import type { StepFault } from './hostLifecycle';

/** A step in the procedure's list: planned, or added to recover from a failure. */
export interface ProcedureStep extends PlannedStep {
  /** Stable identity of the step, kept when steps are inserted before it. */
  readonly id: number;
  readonly status: StepStatus;
  readonly recovery?: boolean;
}

/** What the procedure knows about a host at this moment, from its own commands and reports. */
export interface HostView {
  readonly name: string;
  readonly kind: HostKind;
  readonly role: Role;
  /** Version running now. */
  readonly version: string;
  /** Version installed and waiting for a restart. */
  readonly staged?: string;
  readonly down: boolean;
  /** Checked since its last restart (a restarted host is not, until its verify step). */
  readonly verified: boolean;
  /** The last step on this host failed and it has not been rolled back yet. */
  readonly failed: boolean;
  readonly poolOnline: boolean;
  /**
   * Back from a crash or a power loss and not checked since: the derived procedure checks it
   * before it changes its peer or hands it a role (Rehearse's assumption).
   */
  readonly backFromCrash?: boolean;
}

/** A fault of the scenario with how many more times it fires. */
export interface ArmedFault {
  readonly spec: FaultSpec;
  readonly remaining: number;
  /**
   * A timed fault resolved to a host: it waits for that host's next matching step, or for the
   * next matching step that names no host (see {@link faultForStep}); {@link ANY_HOST} when it
   * named no target, for the next matching step wherever it runs.
   */
  readonly boundTo?: string;
}

/** What a timed fault with no target is bound to: the next step it acts on, on any host. */
export const ANY_HOST = '*';

/** Actions executed by a host machine rather than by the procedure itself. */
const HOST_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'install',
  'reboot',
  'verify',
  'rollback',
  'restore',
  'stop-services',
  'start-services',
]);

/** Whether a host machine executes this action. Pure. */
export function isHostAction(action: Action): boolean {
  return HOST_ACTIONS.has(action);
}

/** The step names (`when.step`) a fault that acts through a step can strike. Pure. */
export function stepNamesStruck(fault: FaultType): StepName[] {
  return [...new Set(Object.keys(faultRecord(fault).affects).map((a) => stepNameOf(a as Action)))];
}

/** The `when.step` name an action answers to. Pure. */
export function stepNameOf(action: Action): StepName {
  switch (action) {
    case 'precheck':
    case 'announce':
      return 'precheck';
    case 'backup':
      return 'backup';
    case 'sync-config':
    case 'check-sync':
    case 'resolve-sync':
      return 'sync';
    case 'install':
    case 'gui-update':
      return 'install';
    case 'reboot':
      return 'reboot';
    case 'verify':
    case 'check-services':
    case 'check-sessions':
    case 'restore-sessions':
      return 'verify';
    case 'rollback':
    case 'restore':
      return 'rollback';
    case 'failover':
      return 'failover';
    case 'switchover':
    case 'demote':
      return 'switchover';
    case 'wait':
      return 'wait';
    case 'stop-services':
    case 'start-services':
    case 'stop-vps':
    case 'start-vps':
      return 'services';
    case 'preemption-off':
    case 'preemption-restore':
      return 'preemption';
  }
}

const DURATION_OF: Partial<Record<Action, DurationKey>> = {
  precheck: 'precheck',
  backup: 'backup',
  'sync-config': 'sync',
  'check-sync': 'check',
  'resolve-sync': 'resolve',
  'check-services': 'check',
  'check-sessions': 'check',
  'restore-sessions': 'session-restore',
  demote: 'switchover',
  wait: 'wait',
  'gui-update': 'gui-update',
  failover: 'failover',
  switchover: 'switchover',
  'stop-vps': 'stop-services',
  'start-vps': 'vps-restart',
};

/** What times the steps a host machine runs (the host's own delays). */
const HOST_DURATION_OF: Partial<Record<Action, DurationKey>> = {
  install: 'install',
  reboot: 'reboot',
  verify: 'verify',
  rollback: 'rollback',
  restore: 'restore',
  'stop-services': 'stop-services',
};

/** The duration key that times a step, procedure-level or run by a host. Pure. */
export function durationKeyOf(action: Action): DurationKey | undefined {
  return DURATION_OF[action] ?? HOST_DURATION_OF[action];
}

/** How long a procedure-level step takes, in virtual ms. Pure. */
export function stepDuration(step: PlannedStep, durations: Durations): number {
  if (step.duration !== undefined) return step.duration;
  const key = DURATION_OF[step.action];
  return key === undefined ? 0 : durations[key];
}

/** Whether a host matches a fault or step target (a host name or a role). Pure. */
export function matchesTarget(host: HostView, target: string): boolean {
  return host.name === target || host.role === target || host.kind === target;
}

/** Resolves a host name or role to the first host that matches it now. Pure. */
export function resolveHost(
  hosts: Readonly<Record<string, HostView>>,
  order: readonly string[],
  target: string,
): HostView | undefined {
  const named = hosts[target];
  if (named) return named;
  for (const name of order) {
    const host = hosts[name];
    if (host && matchesTarget(host, target)) return host;
  }
  return undefined;
}

/** Which of the live faults a step start looks at: those striking before it, or the others. */
export type FaultMoment = 'before-step' | 'at-step';

/**
 * The live faults of one armed list, grouped so that a step start looks only at those that can
 * match it. Under a step name and the place a fault names (a host name, role or kind; `''` for
 * none) only the first live fault of each hop and fault type is kept: the ones after it match
 * exactly when it does, and it fires first. Faults a timed trigger bound to a host are grouped
 * by host, the first of each type. A step then looks at a few dozen faults at most, however
 * long the list, and a long plan under a long fault list costs the sum of their lengths.
 */
interface FaultIndex {
  readonly byStep: ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>;
  readonly bound: ReadonlyMap<string, readonly number[]>;
}

/** The index of each armed list, built when a step first asks: lists change only when a fault fires. */
const INDEXES = new WeakMap<readonly ArmedFault[], FaultIndex>();

function indexOf(faults: readonly ArmedFault[]): FaultIndex {
  const known = INDEXES.get(faults);
  if (known) return known;
  const byStep = new Map<string, Map<string, number[]>>();
  const bound = new Map<string, number[]>();
  const seen = new Set<string>();
  const add = <K>(groups: Map<K, number[]>, key: K, position: number) => {
    const group = groups.get(key);
    if (group) group.push(position);
    else groups.set(key, [position]);
  };
  faults.forEach((armed, position) => {
    if (armed.remaining <= 0) return;
    const { spec } = armed;
    if (armed.boundTo !== undefined) {
      const key = JSON.stringify(['bound', armed.boundTo, spec.fault]);
      if (seen.has(key)) return;
      seen.add(key);
      add(bound, armed.boundTo, position);
      return;
    }
    if (!('step' in spec.when)) return;
    const where = spec.when.host ?? spec.target ?? '';
    const key = JSON.stringify([spec.when.step, where, spec.when.hop ?? null, spec.fault]);
    if (seen.has(key)) return;
    seen.add(key);
    let places = byStep.get(spec.when.step);
    if (!places) byStep.set(spec.when.step, (places = new Map<string, number[]>()));
    add(places, where, position);
  });
  const index: FaultIndex = { byStep, bound };
  INDEXES.set(faults, index);
  return index;
}

/**
 * Finds the fault that fires when `step` starts on `host` in `hop`, if any: the first in
 * scenario order whose trigger names this step, hop and host, among those that strike at
 * `moment` and are not among the positions `fired` at this start already. A step that names no
 * host (a failover, a sync check, a backup) acts on the system as a whole, the hosts its fault
 * targets among them: a fault aimed at any host matches it. Pure.
 */
export function faultForStep(
  faults: readonly ArmedFault[],
  step: PlannedStep & { readonly id?: number },
  host: HostView | undefined,
  hop: number,
  moment: FaultMoment,
  seed = 0,
  fired?: ReadonlySet<number>,
  occurrence?: () => string,
): number {
  if (faults.length === 0) return -1;
  const index = indexOf(faults);
  const name = stepNameOf(step.action);
  const places = index.byStep.get(name);
  const candidates: (readonly number[] | undefined)[] = [];
  if (host) candidates.push(index.bound.get(host.name), index.bound.get(ANY_HOST));
  else candidates.push(...index.bound.values());
  if (places) {
    if (host) {
      candidates.push(places.get(''));
      for (const where of new Set([host.name, host.role, host.kind])) {
        candidates.push(places.get(where));
      }
    } else candidates.push(...places.values());
  }
  let first = -1;
  for (const positions of candidates) {
    for (const position of positions ?? []) {
      if (first >= 0 && position >= first) break;
      // A fault strikes a step's start once at most, however many times it may fire in all.
      if (fired?.has(position)) continue;
      const armed = faults[position] as ArmedFault;
      if ((moment === 'before-step') !== strikesBeforeStep(armed.spec.fault)) continue;
      if (
        matchesStep(armed, step, name, host, hop) &&
        byChance(armed, step, host, seed, occurrence)
      )
        first = position;
    }
  }
  return first;
}

/** Whether a live fault fires when `step` (named `name`) starts on `host` in `hop`. Pure. */
function matchesStep(
  armed: ArmedFault,
  step: PlannedStep,
  name: StepName,
  host: HostView | undefined,
  hop: number,
): boolean {
  if (armed.remaining <= 0) return false;
  const { spec } = armed;
  if (armed.boundTo !== undefined) {
    const here = host === undefined || armed.boundTo === ANY_HOST || host.name === armed.boundTo;
    return here && faultAffects(spec.fault, step.action);
  }
  if (!('step' in spec.when)) return false;
  if (spec.when.step !== name) return false;
  if (spec.when.hop !== undefined && spec.when.hop !== hop) return false;
  if (!isImmediateFault(spec.fault) && !faultAffects(spec.fault, step.action)) return false;
  // The stepping host, when the fault hits another host than the one stepping: a step on it.
  if (spec.when.host !== undefined)
    return host !== undefined && matchesTarget(host, spec.when.host);
  // Else the target: a step on it, or a step of the whole system (no stepping host of its own).
  const where = spec.target;
  if (where === undefined || host === undefined) return true;
  return matchesTarget(host, where);
}

/** Whether a fault with a probability strikes at this step (one without always does). Pure. */
function byChance(
  armed: ArmedFault,
  step: { readonly id?: number },
  host: HostView | undefined,
  seed: number,
  occurrence: (() => string) | undefined,
): boolean {
  const { probability, index } = armed.spec;
  if (probability === undefined) return true;
  // A fault by chance is armed never to run out (`armFault`): what it has used is its strikes.
  const struck = Number.MAX_SAFE_INTEGER - armed.remaining;
  const opportunity = occurrence === undefined ? (step.id ?? -1) : occurrence();
  return strikes(probability, seed, index, host?.name ?? '', opportunity, struck);
}

/** Turns an armed fault into what a host receives with its command. Pure. */
export function toStepFault(armed: ArmedFault, seed = 0, occurrence = 0): StepFault {
  const { spec } = armed;
  const duration = faultTime(spec, seed, occurrence);
  return duration === undefined
    ? { type: spec.fault, index: spec.index }
    : { type: spec.fault, index: spec.index, duration };
}

/**
 * How long a fault's effect lasts as the scenario gives it: its `duration`, or a draw from its
 * range for the fault's `occurrence`-th firing. Pure.
 */
export function faultTime(spec: FaultSpec, seed: number, occurrence: number): number | undefined {
  return spec.durationRange === undefined
    ? spec.duration
    : drawRange(spec.durationRange, streamOf(seed, 'fault-duration', spec.index, occurrence));
}

/** A fault of the scenario armed at the start: a fault by chance never runs out. Pure. */
export function armFault(spec: FaultSpec): ArmedFault {
  return { spec, remaining: spec.probability === undefined ? spec.times : Number.MAX_SAFE_INTEGER };
}

/** The peer of a host in a pair (storage pair or HA pair), if it has one. Pure. */
export function peerOf(
  hosts: Readonly<Record<string, HostView>>,
  order: readonly string[],
  name: string,
): HostView | undefined {
  const self = hosts[name];
  if (!self || (self.kind !== 'storage' && self.kind !== 'device')) return undefined;
  for (const other of order) {
    const host = hosts[other];
    if (host && other !== name && host.kind === self.kind) return host;
  }
  return undefined;
}
