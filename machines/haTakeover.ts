import type { PlannedStep } from './types';
import { documented } from './sources';

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
 * What an unplanned role change across versions costs: every service's sessions are lost (the
 * document's step 6: sessions may fail to synchronize between versions) until a step restores
 * them. Same version: nothing. Pure.
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
        source: documented(
          'ha-pair',
          'step 6: sessions may fail to synchronize across versions; interrupted services need to be restored',
        ),
      },
    ],
  };
}
