import type { PlannedStep } from './types';
import { assumed } from './sources';

/** An unplanned change of the HA pair's active role: a takeover after a crash, or a preemption. */
interface RoleChange {
  readonly how: 'takeover' | 'preemption';
  /** The device that takes the active role. */
  readonly to: string;
  /** The versions the two devices run: sessions do not survive a change across versions. */
  readonly fromVersion: string;
  readonly toVersion: string;
  readonly services: readonly string[];
  readonly hop: number;
}

/**
 * What an unplanned role change across versions costs: every service's sessions are lost until a
 * step restores them. Same version: nothing. The document's step 6 says so of its planned
 * switchover (sessions may fail to synchronize between versions; interrupted services are
 * restored); of a takeover or a preemption it says nothing, so the step is Rehearse's
 * assumption, after step 6. Pure.
 * @returns the services interrupted and the step that restores them.
 */
export function sessionsLostAt(change: RoleChange): {
  readonly lost: readonly string[];
  readonly restore: readonly PlannedStep[];
} {
  if (change.fromVersion === change.toVersion) return { lost: [], restore: [] };
  const what =
    change.how === 'takeover'
      ? `${change.to} took over from a device on ${change.fromVersion} across a version difference`
      : `${change.to} took the active role on its own across a version difference`;
  return {
    lost: change.services,
    restore: [
      {
        action: 'restore-sessions',
        hop: change.hop,
        note: `${what}: restore the services whose sessions were lost`,
        source: assumed(
          `after an unplanned ${change.how}, the services are restored as the document's step 6 restores them after its planned switchover: sessions may fail to synchronize across versions`,
        ),
      },
    ],
  };
}
