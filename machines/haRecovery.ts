import type { HostView } from './procedureSteps';
import type { PlannedStep } from './types';
import { needsRollback, rollbackSteps, type FailureSituation } from './recoveryCommon';
import { assumed, documented } from './sources';

/** The steps of an upgrade, whose failure steps 5 and 7 say to roll back after. */
const UPGRADE_ACTIONS: ReadonlySet<string> = new Set(['install', 'reboot', 'verify']);

/**
 * The HA pair's rollback, as the document's step 7 orders it: the standby first, then a
 * switchover — with step 6's safeguards (wait, compare sessions, check services) — then the
 * other device. Pure.
 */
export function haRecovery(s: FailureSituation, hop: number): PlannedStep[] {
  const steps: PlannedStep[] = [];
  // Steps 5 and 7 say to roll back after a failed upgrade; after anything else (step 8's failed
  // sync report, say, which says to sync manually and troubleshoot) a rollback is chosen, not
  // prescribed: it follows step 7's order, as Rehearse's assumption.
  const prescribed = UPGRADE_ACTIONS.has(s.failed.action);
  const source = (ref: string) =>
    prescribed
      ? documented('ha-pair', ref)
      : assumed(
          `the document prescribes a rollback only after a failed upgrade (steps 5 and 7); after a failed ${s.failed.action} Rehearse rolls back in step 7's order`,
          'decisions',
        );
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
        source('steps 5 and 7: roll back the current standby first'),
      ),
    );
  }
  const otherView = other === undefined ? undefined : s.hosts[other];
  if (other !== undefined && otherView && needsRollback(otherView, s.baseline)) {
    if (otherView.role === 'active' && first !== undefined) {
      // The switchover crosses the version gap step 6 warns about: its safeguards come with it.
      steps.push(
        {
          action: 'wait',
          hop,
          note: `a safeguard before the rollback switchover: wait a few minutes after ${first} restarts`,
          source: assumed(
            "step 7's rollback switchover keeps step 6's safeguards: wait a few minutes after the restart",
            'durations.wait',
          ),
        },
        {
          action: 'check-sessions',
          hop,
          note: `a safeguard before the rollback switchover: compare sessions: are the critical sessions synchronized to ${first}?`,
          source: assumed(
            "step 7's rollback switchover keeps step 6's safeguards: compare sessions before switching over",
            'policy.session-checks',
          ),
        },
        {
          action: 'switchover',
          host: first,
          hop,
          note: `switch over to ${first} so that ${other} becomes standby`,
          source: source('step 7: then perform an active/standby switchover'),
        },
        {
          action: 'check-services',
          hop,
          note: `a safeguard after the rollback switchover: check the service status on ${first}, the new active device`,
          source: assumed(
            "step 7's rollback switchover keeps step 6's safeguards: check the services on the new active device",
          ),
        },
      );
    }
    steps.push(
      ...rollbackSteps(
        other,
        s.baseline,
        hop,
        `roll back ${other}, now the standby`,
        source('step 7: and roll back the new standby device'),
      ),
    );
  }
  return steps;
}
