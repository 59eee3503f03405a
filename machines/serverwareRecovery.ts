import type { PlannedStep } from './types';
import { needsRollback, rollbackSteps, type FailureSituation } from './recoveryCommon';
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
