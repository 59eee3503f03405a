import type { HostView } from './procedureSteps';
import type { PlannedStep } from './types';
import {
  needsRollback,
  rollbackSteps,
  startVpsAgain,
  type FailureSituation,
} from './recoveryCommon';
import { assumed } from './sources';

const SERVERWARE_ROLLBACK = assumed(
  'the SERVERware document describes no rollback; Rehearse rolls every host back to the version the hop started from',
  'recovery.serverware',
);

/**
 * SERVERware's reaction to a failed step. The document describes no rollback. Pure.
 */
export function serverwareRecovery(s: FailureSituation, hop: number): PlannedStep[] {
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

/** What the procedure knows, beside the failure, to choose between a reinstall and a stop. */
export interface ReinstallSituation extends FailureSituation {
  /** The version the failed host was moving to. */
  readonly target: string;
  /** How many more times the failed host may be reinstalled. */
  readonly reinstallsLeft: number;
  /** Reinstall even the Primary: the scenario or an operator chose it. */
  readonly force?: boolean;
  /** Why the procedure stops rather than reinstalls (default: the reinstalls are spent). */
  readonly stopWhy?: string;
}

/** What `recovery.serverware: reinstall` does after a failed step. */
export type ReinstallDecision =
  | { readonly kind: 'reinstall'; readonly steps: readonly PlannedStep[] }
  | {
      readonly kind: 'stop';
      readonly steps: readonly PlannedStep[];
      readonly reason: string;
    };

const REINSTALL = assumed(
  'the SERVERware document describes no recovery from a failed upgrade; Rehearse reinstalls the failed host, which carries no VPS of the Primary, and goes on',
  'recovery.reinstalls',
);

/** Lifecycle facts the decision needs that the host view keeps. */
function isDown(host: HostView | undefined): boolean {
  return host?.down === true;
}

/**
 * The default SERVERware reaction to a failed upgrade step: the document has no rollback and
 * keeps the Primary serving. A failed host that is not the Primary is reinstalled (up to
 * `recovery.reinstalls` times) and the procedure goes on; after that, or when the Primary
 * itself failed, the procedure stops for support with the system serving. No host serving on
 * the new version is rolled back and nothing fails back onto the old version. Pure.
 */
export function reinstallOrStop(s: ReinstallSituation, bootFailed: boolean): ReinstallDecision {
  const failed = s.failed;
  const name = failed.host;
  const host = name === undefined ? undefined : s.hosts[name];
  const hop = failed.hop;
  if (name !== undefined && host && (host.role !== 'primary' || s.force) && s.reinstallsLeft > 0) {
    return {
      kind: 'reinstall',
      steps: [
        {
          action: 'install',
          host: name,
          version: s.target,
          hop,
          note: `reinstall ${s.target} on ${name} after the failed ${failed.action}`,
          source: REINSTALL,
        },
        {
          action: 'reboot',
          host: name,
          hop,
          note: `restart ${name} into ${s.target}`,
          source: REINSTALL,
        },
        {
          action: 'verify',
          host: name,
          hop,
          note: `check ${name} runs ${s.target}`,
          source: REINSTALL,
        },
      ],
    };
  }
  const steps: PlannedStep[] = [];
  // Nothing is rolled back on a stop: a host that did not boot stays as it is for support (to
  // bring it back on the version it ran is `rollback-host`, the default once its reinstalls are
  // spent).
  const notBooted =
    name !== undefined && host !== undefined && bootFailed && !isDown(host)
      ? `; ${name} left as it is, down: it did not boot ${s.target}`
      : '';
  if (s.servicesStopped) steps.push(startVpsAgain(hop));
  const primary = s.order.find((n) => s.hosts[n]?.role === 'primary');
  const serving = primary === undefined ? '' : `; the Primary ${primary} keeps serving`;
  const what = `${failed.action}${name === undefined ? '' : ` on ${name}`}`;
  // Why nothing is tried again: a step of the whole system (a failover) has no host to
  // reinstall, the Primary is not reinstalled while it serves, else the reinstalls are spent.
  const why =
    s.stopWhy ??
    (name === undefined
      ? undefined
      : host?.role === 'primary' && !s.force
        ? 'the Primary is not reinstalled while it serves'
        : 'no more reinstalls are allowed');
  return {
    kind: 'stop',
    steps,
    reason: `stopped for support: ${what} failed${why === undefined ? '' : ` and ${why}`}${serving}${notBooted}; every host within one hop`,
  };
}
