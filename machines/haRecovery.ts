import type { HostView } from './procedureSteps';
import type { PlannedStep } from './types';
import { needsRollback, rollbackSteps, type FailureSituation } from './recoveryCommon';
import { documented } from './sources';

/** The HA pair's rollback, as the document's step 7 orders it: the standby first. Pure. */
export function haRecovery(s: FailureSituation, hop: number): PlannedStep[] {
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
