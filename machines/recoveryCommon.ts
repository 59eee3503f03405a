import type { Outcome, PlannedStep, SystemKind } from './types';
import type { HostView } from './procedureSteps';
import { assumed, type StepSource } from './sources';

/** What the procedure knows when a step fails. */
export interface FailureSituation {
  readonly system: SystemKind;
  readonly hosts: Readonly<Record<string, HostView>>;
  /** Hosts in upgrade order (the order the scenario lists them). */
  readonly order: readonly string[];
  /** The version every host returns to. */
  readonly baseline: string;
  readonly failed: PlannedStep;
  /** Whether a backup exists to restore (single server). */
  readonly backedUp: boolean;
  /** The versions the backups taken so far hold, oldest first (single server). */
  readonly backups: readonly string[];
  /** Preemption must be set back on at the end (it was on and the procedure turned it off). */
  readonly restorePreemption: boolean;
  /** Whether the single server's services, or every SERVERware VPS (policy.stop-vps), are stopped. */
  readonly servicesStopped: boolean;
}

/** The steps a failure adds, and how the procedure ends once they have run. */
export interface RecoveryPlan {
  readonly steps: readonly PlannedStep[];
  readonly outcome: Outcome;
  readonly reason: string;
}

/** Whether a host is off the version every host returns to, or failed. Pure. */
export function needsRollback(host: HostView, baseline: string): boolean {
  return host.version !== baseline || host.staged !== undefined || host.failed;
}

/** Rolls one host back: reinstall the version, restart into it, check it. Pure. */
export function rollbackSteps(
  host: string,
  version: string,
  hop: number,
  why: string,
  source: StepSource,
): PlannedStep[] {
  return [
    { action: 'rollback', host, version, hop, note: why, source },
    { action: 'reboot', host, hop, note: `restart ${host} into ${version}`, source },
    { action: 'verify', host, hop, note: `check ${host} is back on ${version}`, source },
  ];
}

/** The SERVERware document has no rollback: every step of one is Rehearse's assumption. */

/**
 * The step that starts every VPS again when a failure ends a SERVERware procedure that stopped
 * them (`policy.stop-vps`). Pure.
 */
export function startVpsAgain(hop: number): PlannedStep {
  return {
    action: 'start-vps',
    hop,
    note: 'start every VPS again: the procedure stopped them and ends here',
    source: assumed(
      'the VPSs stopped before the upgrade are started again when a failure ends it early',
      'policy.stop-vps',
    ),
  };
}
