import type { PlannedStep } from './types';
import { needsRollback, type FailureSituation } from './recoveryCommon';
import { assumed, documented } from './sources';

const RESTORE = documented(
  'standalone',
  'step 8 (the rollback plan: restore the system to the state before the upgrade)',
);

/**
 * The single server's rollback plan: stop the services if they run (a failed test), restore the
 * backup of `backup` — the version the backup actually taken holds — restart, start the services
 * and test. Pure.
 */
export function standaloneRecovery(
  s: FailureSituation,
  hop: number,
  backup: string,
): PlannedStep[] {
  const server = s.order[0] as string;
  const steps: PlannedStep[] = [];
  const view = s.hosts[server];
  if (view && needsRollback(view, backup)) {
    if (!s.servicesStopped) {
      steps.push({
        action: 'stop-services',
        host: server,
        hop,
        note: 'the test failed: stop the services before restoring the backup',
        source: assumed(
          'the services are stopped before the backup is restored, as step 4 stops them before the install',
        ),
      });
    }
    steps.push(
      {
        action: 'restore',
        host: server,
        version: backup,
        hop,
        note: `restore the backup of ${backup}`,
        source: RESTORE,
      },
      {
        action: 'reboot',
        host: server,
        hop,
        note: `restart ${server} into ${backup}`,
        source: RESTORE,
      },
      {
        action: 'start-services',
        host: server,
        hop,
        note: `services back in use on ${backup}`,
        source: RESTORE,
      },
      {
        action: 'verify',
        host: server,
        hop,
        note: `test ${server} on ${backup}, with the services in use`,
        source: RESTORE,
      },
    );
    return steps;
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
