import type { Outcome, PlannedStep, SystemKind } from './types';
import type { HostView } from './procedureSteps';
import { assumed, documented, type StepSource } from './sources';

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
  /** Preemption must be set back on at the end (it was on and the procedure turned it off). */
  readonly restorePreemption: boolean;
  /** Whether the single server's services are stopped. */
  readonly servicesStopped: boolean;
}

export interface RecoveryPlan {
  readonly steps: readonly PlannedStep[];
  readonly outcome: Outcome;
  readonly reason: string;
}

function needsRollback(host: HostView, baseline: string): boolean {
  return host.version !== baseline || host.staged !== undefined || host.failed;
}

function rollbackSteps(
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
const SERVERWARE_ROLLBACK = assumed(
  'the SERVERware document describes no rollback; Rehearse rolls every host back to the version the hop started from',
  'recovery.serverware',
);

function serverwareRecovery(s: FailureSituation, hop: number): PlannedStep[] {
  const steps: PlannedStep[] = [];
  const pending = new Set(
    s.order.filter((name) => {
      const host = s.hosts[name];
      return host !== undefined && needsRollback(host, s.baseline);
    }),
  );
  const take = (name: string, why: string) => {
    if (!pending.delete(name)) return;
    steps.push(...rollbackSteps(name, s.baseline, hop, why, SERVERWARE_ROLLBACK));
  };
  const failedHost = s.failed.host;
  const storage = s.order.filter((name) => s.hosts[name]?.kind === 'storage');
  const secondary = storage.find((name) => s.hosts[name]?.role === 'secondary');
  const primary = storage.find((name) => s.hosts[name]?.role === 'primary');
  const secondaryView = secondary === undefined ? undefined : s.hosts[secondary];
  if (
    failedHost !== undefined &&
    failedHost === primary &&
    secondary !== undefined &&
    secondaryView !== undefined &&
    !secondaryView.down &&
    !needsRollback(secondaryView, s.baseline)
  ) {
    // The Primary itself failed (a plan that upgraded it first): hand its role to the ready
    // Secondary before touching it.
    steps.push({
      action: 'failover',
      hop,
      note: `fail over to ${secondary}, which is ready, so that ${failedHost} can be rolled back as Secondary`,
      source: SERVERWARE_ROLLBACK,
    });
    take(failedHost, `roll the former Primary ${failedHost} back to ${s.baseline}`);
    for (const name of [...s.order].reverse()) {
      take(name, `roll ${name} back to ${s.baseline} so every host runs one version`);
    }
    return steps;
  }
  if (failedHost !== undefined)
    take(failedHost, `roll ${failedHost} back to ${s.baseline}: it failed`);
  if (secondary !== undefined)
    take(secondary, `roll the Secondary ${secondary} back to ${s.baseline}`);
  if (primary !== undefined && pending.has(primary)) {
    steps.push({
      action: 'failover',
      hop,
      note: `fail over so that ${primary} becomes Secondary and can be rolled back`,
      source: SERVERWARE_ROLLBACK,
    });
    take(primary, `roll the former Primary ${primary} back to ${s.baseline}`);
  }
  for (const name of [...s.order].reverse()) {
    take(name, `roll ${name} back to ${s.baseline} so every host runs one version`);
  }
  return steps;
}

function haRecovery(s: FailureSituation, hop: number): PlannedStep[] {
  const steps: PlannedStep[] = [];
  const devices = s.order.filter((name) => s.hosts[name]?.kind === 'device');
  const failed = s.failed.host ?? devices.find((name) => s.hosts[name]?.role === 'standby');
  const first = failed !== undefined && s.hosts[failed] ? failed : undefined;
  const other = devices.find((name) => name !== first);
  if (first !== undefined && needsRollback(s.hosts[first] as HostView, s.baseline)) {
    steps.push(
      ...rollbackSteps(
        first,
        s.baseline,
        hop,
        `roll back ${first}, the current standby`,
        documented('ha-pair', 'steps 5 and 7: roll back the current standby first'),
      ),
    );
  }
  const otherView = other === undefined ? undefined : s.hosts[other];
  if (other !== undefined && otherView && needsRollback(otherView, s.baseline)) {
    if (otherView.role === 'active' && first !== undefined) {
      steps.push({
        action: 'switchover',
        host: first,
        hop,
        note: `switch over to ${first} so that ${other} becomes standby`,
        source: documented('ha-pair', 'step 7: then perform an active/standby switchover'),
      });
    }
    steps.push(
      ...rollbackSteps(
        other,
        s.baseline,
        hop,
        `roll back ${other}, now the standby`,
        documented('ha-pair', 'step 7: and roll back the new standby device'),
      ),
    );
  }
  return steps;
}

const RESTORE = documented(
  'standalone',
  'step 8 (the rollback plan: restore the system to the state before the upgrade)',
);

function standaloneRecovery(s: FailureSituation, hop: number): PlannedStep[] {
  const server = s.order[0] as string;
  const steps: PlannedStep[] = [];
  const view = s.hosts[server];
  if (view && needsRollback(view, s.baseline)) {
    steps.push(
      {
        action: 'restore',
        host: server,
        version: s.baseline,
        hop,
        note: `restore the backup and version ${s.baseline}`,
        source: RESTORE,
      },
      {
        action: 'reboot',
        host: server,
        hop,
        note: `restart ${server} into ${s.baseline}`,
        source: RESTORE,
      },
      {
        action: 'verify',
        host: server,
        hop,
        note: `test ${server} on ${s.baseline}`,
        source: RESTORE,
      },
    );
  }
  if (s.servicesStopped) {
    steps.push({
      action: 'start-services',
      host: server,
      hop,
      note: 'start services again',
      source: RESTORE,
    });
  }
  return steps;
}

/**
 * Plans the documented reaction to a failed step: roll back whatever changed, only ever on
 * the standby / Secondary, so that every host ends on one version. Pure.
 * @returns the steps to run and the outcome once they have run.
 */
export function planRecovery(s: FailureSituation): RecoveryPlan {
  const hop = s.failed.hop;
  const anyChanged = Object.values(s.hosts).some((host) => needsRollback(host, s.baseline));
  const tail: PlannedStep[] = s.restorePreemption
    ? [
        {
          action: 'preemption-restore',
          hop,
          note: 'enable preemption again',
          source: documented('ha-pair', 'step 10'),
        },
      ]
    : [];
  if (!anyChanged) {
    const restart =
      s.system === 'standalone' && s.servicesStopped ? standaloneRecovery(s, hop) : [];
    return {
      steps: [...restart, ...tail],
      outcome: 'aborted',
      reason: `stopped before any host changed: ${s.failed.action}${s.failed.host ? ` on ${s.failed.host}` : ''} failed`,
    };
  }
  if (s.system === 'standalone' && !s.backedUp) {
    return {
      steps: [],
      outcome: 'stuck',
      reason: 'the upgrade failed and there is no backup to restore',
    };
  }
  const steps =
    s.system === 'serverware'
      ? serverwareRecovery(s, hop)
      : s.system === 'ha-pair'
        ? haRecovery(s, hop)
        : standaloneRecovery(s, hop);
  return {
    steps: [...steps, ...tail],
    outcome: 'rolled-back',
    reason: `${s.failed.action}${s.failed.host ? ` on ${s.failed.host}` : ''} failed; every host rolled back to ${s.baseline}`,
  };
}
