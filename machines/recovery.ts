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
  if (s.system === 'serverware' && s.servicesStopped) {
    // The procedure stopped every VPS (policy.stop-vps); whatever ends it, they are started again.
    tail.push(startVpsAgain(hop));
  }
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
