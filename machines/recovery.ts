import type { PlannedStep } from './types';
import { haRecovery } from './haRecovery';
import {
  needsRollback,
  startVpsAgain,
  type FailureSituation,
  type RecoveryPlan,
} from './recoveryCommon';
import { serverwareRecovery } from './serverwareRecovery';
import { documented } from './sources';
import { standaloneRecovery } from './standaloneRecovery';

export type { FailureSituation, RecoveryPlan } from './recoveryCommon';

/** `a`, `a and b`, `a, b and c`. Pure. */
function listOf(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? 'nothing';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}

/**
 * Plans the documented reaction to a failed step: roll back whatever changed, only ever on
 * the standby / Secondary, so that every host ends on one version. Pure.
 * @returns the steps to run and the outcome once they have run.
 */
export function planRecovery(s: FailureSituation): RecoveryPlan {
  const hop = s.failed.hop;
  const anyChanged = Object.values(s.hosts).some((host) => needsRollback(host, s.baseline));
  const tail = endingSteps(s, hop);
  if (!anyChanged) {
    const restart =
      s.system === 'standalone' && s.servicesStopped ? standaloneRecovery(s, hop, s.baseline) : [];
    return {
      steps: [...restart, ...tail],
      outcome: 'aborted',
      // In a later hop the hops before it stand: every host runs the baseline they reached.
      reason: `stopped before any host changed${hop > 1 ? ` in hop ${hop} (every host on ${s.baseline})` : ''}: ${s.failed.action}${s.failed.host ? ` on ${s.failed.host}` : ''} failed`,
    };
  }
  const failed = `${s.failed.action}${s.failed.host ? ` on ${s.failed.host}` : ''} failed`;
  if (s.system === 'standalone') {
    // The restore goes back to the backup actually taken, whatever the hop.
    const backup = s.backups[s.backups.length - 1];
    if (!s.backedUp || backup === undefined) {
      return {
        steps: [],
        outcome: 'stuck',
        reason: 'the upgrade failed and there is no backup to restore',
      };
    }
    const lost =
      backup === s.baseline
        ? ''
        : `: the only backup taken (policy backup: once) holds ${backup}, so the versions installed since (up to ${s.baseline}) are undone`;
    return {
      steps: [...standaloneRecovery(s, hop, backup), ...tail],
      outcome: 'rolled-back',
      reason: `${failed}; the server restored from the backup of ${backup}${lost}`,
    };
  }
  const steps = s.system === 'serverware' ? serverwareRecovery(s, hop) : haRecovery(s, hop);
  // The hosts that changed are rolled back; the others never left the baseline.
  const changed = s.order.filter((name) => {
    const host = s.hosts[name];
    return host !== undefined && needsRollback(host, s.baseline);
  });
  return {
    steps: [...steps, ...tail],
    outcome: 'rolled-back',
    reason: `${failed}; ${listOf(changed)} rolled back: every host on ${s.baseline}`,
  };
}

/**
 * What any early end of the procedure does last: preemption set back on (HA step 10) and, when
 * the procedure stopped every SERVERware VPS (`policy.stop-vps`), the VPSs started again. Pure.
 */
export function endingSteps(s: FailureSituation, hop: number): PlannedStep[] {
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
  if (s.system === 'serverware' && s.servicesStopped) tail.push(startVpsAgain(hop));
  return tail;
}
