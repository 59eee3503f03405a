/**
 * Tables of CONTRACT.md and the documentation, written out here as the tests expect them: restated on
 * purpose rather than imported from the engine, so a change on either side shows.
 */
import type { FaultType, InvariantId, SystemKind } from '../../src/sim';

/** The invariants of CONTRACT.md that apply to each system, in the report's order. */
export const APPLICABLE_INVARIANTS: Readonly<Record<SystemKind, readonly InvariantId[]>> = {
  // No backup step in the SERVERware document (the Backup host is a role) and no preemption.
  serverware: [
    'rollback-only-on-standby',
    'no-maintenance-on-active',
    'one-member-down-at-a-time',
    'consistent-before-change',
    'failover-to-ready-peer',
    'no-hop-skipped',
    'version-skew-within-one-hop',
    'settles',
  ],
  'ha-pair': [
    'rollback-only-on-standby',
    'no-maintenance-on-active',
    'one-member-down-at-a-time',
    'backup-before-change',
    'consistent-before-change',
    'preemption-off-during-upgrade',
    'failover-to-ready-peer',
    'no-hop-skipped',
    'version-skew-within-one-hop',
    'settles',
  ],
  // One host: no pair, so no standby, no peer and no skew.
  standalone: ['backup-before-change', 'consistent-before-change', 'no-hop-skipped', 'settles'],
};

/** The faults that apply to each system, as the fault table of docs/faults-and-recoveries.md gives them. */
export const APPLICABLE_FAULTS: Readonly<Record<SystemKind, readonly FaultType[]>> = {
  serverware: [
    'upgrade-failure',
    'boot-failure',
    'power-loss',
    'host-crash',
    'failover-timeout',
    'pool-degraded',
    'precheck-failure',
  ],
  'ha-pair': [
    'upgrade-failure',
    'boot-failure',
    'power-loss',
    'host-crash',
    'failover-timeout',
    'sync-failure',
    'session-loss',
    'split-brain',
    'backup-failure',
  ],
  standalone: [
    'upgrade-failure',
    'boot-failure',
    'power-loss',
    'host-crash',
    'backup-failure',
    'precheck-failure',
  ],
};
