import type { PlannedStep } from './types';
import { needsRollback, type FailureSituation } from './recoveryCommon';
import { documented } from './sources';

const RESTORE = documented(
  'standalone',
  'step 8 (the rollback plan: restore the system to the state before the upgrade)',
);

/** The single server's rollback plan: restore the backup, restart, test, start services. Pure. */
export function standaloneRecovery(s: FailureSituation, hop: number): PlannedStep[] {
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
