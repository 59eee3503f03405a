import type { HostView } from './procedureSteps';
import type { RecoveryPlan } from './recoveryCommon';
import { assumed, documented } from './sources';
import type { PlannedStep } from './types';

/** A failed sync report of the HA procedure: step 2's, before any change, or step 8's, after. */
interface SyncReportFailure {
  readonly hop: number;
  /** Step 8 (both devices upgraded) rather than step 2. */
  readonly final: boolean;
  /** Failed reports in a row, this one included. */
  readonly failures: number;
  /** `policy.sync-retries`: how many times step 2's differences are resolved and checked again. */
  readonly retries: number;
  readonly devices: readonly HostView[];
  /** Preemption must be enabled again (it was on and the procedure turned it off). */
  readonly restorePreemption: boolean;
}

/**
 * The document's reaction to a failed sync report. Step 2: resolve the configuration
 * differences and check again (`policy.sync-retries` times; then the procedure stops before any
 * change, which the caller's recovery does). Step 8: "perform manual synchronization. If it
 * still fails, troubleshoot issues": one manual sync and a second check, then a stop with both
 * devices upgraded and serving — no rollback. Pure.
 * @returns steps to run next, or a plan that ends the procedure, or undefined (the caller's recovery).
 */
export function reactToSyncReport(
  s: SyncReportFailure,
): { readonly retry: readonly PlannedStep[] } | { readonly stop: RecoveryPlan } | undefined {
  if (!s.final) {
    if (s.failures > s.retries) return undefined;
    return {
      retry: [
        {
          action: 'resolve-sync',
          hop: s.hop,
          note: 'resolve the configuration differences',
          source: documented(
            'ha-pair',
            'step 2: if it fails, locate the cause and resolve the configuration differences',
          ),
        },
        {
          action: 'check-sync',
          hop: s.hop,
          note: 'check the synchronization report again',
          source: documented('ha-pair', 'step 2'),
        },
      ],
    };
  }
  if (s.failures <= 1) {
    return {
      retry: [
        {
          action: 'sync-config',
          hop: s.hop,
          note: 'synchronize manually after the failed report',
          source: documented('ha-pair', 'step 8: if it fails, perform manual synchronization'),
        },
        {
          action: 'check-sync',
          hop: s.hop,
          note: 'check the synchronization report again',
          source: documented('ha-pair', 'step 8'),
        },
      ],
    };
  }
  const versions = [...new Set(s.devices.map((d) => d.version))].join(' and ');
  const steps: PlannedStep[] = s.restorePreemption
    ? [
        {
          action: 'preemption-restore',
          hop: s.hop,
          note: 'enable preemption again before handing over for troubleshooting',
          source: documented('ha-pair', 'step 10'),
        },
      ]
    : [];
  return {
    stop: {
      steps,
      outcome: 'aborted',
      reason: `stopped for troubleshooting: the synchronization report still fails after a manual synchronization (step 8: "if it still fails, troubleshoot issues"); both devices are upgraded (${versions}) and serving, nothing rolled back`,
    },
  };
}

/** A failed session comparison of step 6 (or of a rollback's switchover). */
interface SessionCheckFailure {
  readonly hop: number;
  /** Failed comparisons in a row, this one included. */
  readonly failures: number;
  /** `policy.session-checks`: comparisons in all before switching over anyway. */
  readonly checks: number;
}

/**
 * Counts the failed session comparisons in a row that end at `index`: the comparisons and the
 * waits between them, read backwards. Pure.
 */
export function failedComparisons(
  steps: readonly { readonly action: string; readonly status: string }[],
  index: number,
): number {
  let count = 0;
  for (let i = index; i >= 0; i--) {
    const step = steps[i];
    if (!step) break;
    if (step.action === 'check-sessions' && step.status === 'failed') count++;
    else if (step.action !== 'wait') break;
  }
  return count;
}

/**
 * Step 6 when the critical sessions are not synchronized: the document says to wait a few
 * minutes and compare ("if synchronized, perform an active/standby switchover"), and warns that
 * across versions "some services may be interrupted and need to be restored" after the
 * switchover. Rehearse waits and compares again until `policy.session-checks` comparisons have
 * failed, then switches over anyway and restores the interrupted services — no rollback. Pure.
 * @returns the wait and comparison to run next, or `switchAnyway`.
 */
export function reactToSessionCheck(
  s: SessionCheckFailure,
): { readonly retry: readonly PlannedStep[] } | { readonly switchAnyway: true } {
  if (s.failures >= s.checks) return { switchAnyway: true };
  const again = assumed(
    'the sessions are compared again after another wait; the document says only "wait a few minutes", so the number of comparisons is Rehearse\'s',
    'policy.session-checks',
  );
  return {
    retry: [
      {
        action: 'wait',
        hop: s.hop,
        note: 'sessions not synchronized yet: wait a few minutes more',
        source: again,
      },
      {
        action: 'check-sessions',
        hop: s.hop,
        note: `compare sessions again (comparison ${s.failures + 1} of ${s.checks})`,
        source: again,
      },
    ],
  };
}
