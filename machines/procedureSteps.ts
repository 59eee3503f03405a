import type {
  Action,
  DurationKey,
  Durations,
  FaultSpec,
  HostKind,
  PlannedStep,
  Role,
  StepName,
  StepStatus,
} from './types';
import { faultAffects, isImmediateFault } from './faultTable';
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
}

/** A fault of the scenario with how many more times it fires. */
export interface ArmedFault {
  readonly spec: FaultSpec;
  readonly remaining: number;
  /** A timed fault resolved to a host: it waits for that host's next matching step. */
  readonly boundTo?: string;
}

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

/**
 * Finds the fault that fires when `step` starts on `host` in `hop`, if any: the first in
 * scenario order whose trigger names this step, hop and host. Pure.
 */
export function faultForStep(
  faults: readonly ArmedFault[],
  step: PlannedStep,
  host: HostView | undefined,
  hop: number,
): number {
  const name = stepNameOf(step.action);
  return faults.findIndex((armed) => {
    if (armed.remaining <= 0) return false;
    const { spec } = armed;
    if (armed.boundTo !== undefined) {
      return host?.name === armed.boundTo && faultAffects(spec.fault, step.action);
    }
    if (!('step' in spec.when)) return false;
    if (spec.when.step !== name) return false;
    if (spec.when.hop !== undefined && spec.when.hop !== hop) return false;
    if (!isImmediateFault(spec.fault) && !faultAffects(spec.fault, step.action)) return false;
    // The stepping host: `when.host` when the fault hits another host, else the target.
    const where = spec.when.host ?? spec.target;
    if (where === undefined) return true;
    return host !== undefined && matchesTarget(host, where);
  });
}

/** Turns an armed fault into what a host receives with its command. Pure. */
export function toStepFault(armed: ArmedFault): StepFault {
  const { spec } = armed;
  return spec.duration === undefined
    ? { type: spec.fault, index: spec.index }
    : { type: spec.fault, index: spec.index, duration: spec.duration };
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
