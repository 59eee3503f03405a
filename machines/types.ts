/**
 * The domain vocabulary shared by the machines and the engine: systems, hosts, roles, faults,
 * steps and normalized scenarios. Plain data only (JSON-serializable).
 */
import type { DecisionRule } from './decisions';
import type { FaultType } from './faultTable';
import type { StepSource } from './sources';

/** The three systems the source documents describe. */
export type SystemKind = 'serverware' | 'ha-pair' | 'standalone';

/** SERVERware edition: VPSs on the storage Primary (mirror) or on processing hosts (cluster). */
export type Topology = 'mirror' | 'cluster';

/** What a host is, independent of the role it holds at a given moment. */
export type HostKind = 'backup' | 'storage' | 'processing' | 'device' | 'server';

/** Roles that can change during a run (storage pair, HA pair) or that name a kind of host. */
export type Role =
  'primary' | 'secondary' | 'backup' | 'processing' | 'active' | 'standby' | 'server';

/** Roles usable as fault targets and workload placements; resolved when they are used. */
export const ROLES: readonly Role[] = [
  'primary',
  'secondary',
  'backup',
  'processing',
  'active',
  'standby',
  'server',
];

/** A host of the scenario, after default names and counts were applied. */
export interface HostSpec {
  readonly name: string;
  readonly kind: HostKind;
  /** Initial role: `primary`/`secondary` for storage, `active`/`standby` for devices. */
  readonly role: Role;
}

/** A workload: a VPS (SERVERware) or a service / session group (HA pair, single server). */
export interface WorkloadSpec {
  readonly name: string;
  readonly kind: 'vps' | 'service';
  /** A host name, or `primary` for VPSs that follow the storage Primary. */
  readonly placement: string;
}

/** Durations of every timed activity, in virtual milliseconds. */
export interface Durations {
  readonly precheck: number;
  readonly backup: number;
  readonly sync: number;
  readonly check: number;
  readonly resolve: number;
  readonly install: number;
  readonly reboot: number;
  readonly verify: number;
  readonly failover: number;
  readonly switchover: number;
  readonly rollback: number;
  readonly restore: number;
  readonly 'session-restore': number;
  readonly wait: number;
  readonly 'gui-update': number;
  readonly 'stop-services': number;
  /** SERVERware: a healthy Secondary taking over from a Primary lost without a failover. */
  readonly takeover: number;
  readonly 'vps-restart': number;
  /** HA pair: how long the standby takes to notice the active device is gone (unplanned takeover). */
  readonly detect: number;
  /** HA pair: how long a preferred device waits, healthy and standby, before it preempts. */
  readonly 'preemption-delay': number;
}

export type DurationKey = keyof Durations;

/**
 * A duration that varies from run to run: uniform over `[min, max]` (`15m..30m`), or, with
 * `likely`, a three-point estimate drawn from the PERT distribution. Virtual milliseconds.
 */
export interface DurationRange {
  readonly min: number;
  readonly likely?: number;
  readonly max: number;
}

/** A fixed duration (ms) or one that varies. */
export type DurationValue = number | DurationRange;

/**
 * How long one kind of step takes where the scenario says more than one fixed figure: a default
 * and, optionally, an override per host name or role (`reboot: { default: 5m, processing-3: 20m }`).
 */
export interface DurationRule {
  readonly default: DurationValue;
  /** Host names and roles; a host's name wins over its role. */
  readonly by?: Readonly<Record<string, DurationValue>>;
}

/** The duration keys that vary or differ per host; the others are the fixed `durations`. */
export type DurationSpread = Readonly<Partial<Record<DurationKey, DurationRule>>>;

/** A fault type: a key of the fault table (`faultTable.ts`), which says everything about each. */
export type { FaultType } from './faultTable';

/** Step names usable in `when.step`; each planned action belongs to one of them. */
export type StepName =
  | 'precheck'
  | 'backup'
  | 'sync'
  | 'install'
  | 'reboot'
  | 'failover'
  | 'switchover'
  | 'verify'
  | 'rollback'
  | 'services'
  | 'wait'
  | 'preemption';

export type PrecheckKind = 'console' | 'firmware' | 'licence' | 'compatibility';

export type FaultTrigger =
  | { readonly step: StepName; readonly hop?: number; readonly host?: string }
  | { readonly at: number };

/** A fault to inject, as written in the scenario (index = position in `faults`). */
export interface FaultSpec {
  readonly index: number;
  readonly fault: FaultType;
  /** Host name or role; resolved when the fault fires. Absent: the host the step names. */
  readonly target?: string;
  readonly when: FaultTrigger;
  /** Slow failover's real length, crash down-time, resilver time. */
  readonly duration?: number;
  /** `duration` written as a range or an estimate: drawn each time the fault fires. */
  readonly durationRange?: DurationRange;
  /** How many attempts in a row fail (default 1). */
  readonly times: number;
  /**
   * Chance (0 < p ≤ 1) that the fault fires at each step matching `when` on a matching host,
   * drawn from the seed; absent, the fault fires at the first matching step.
   */
  readonly probability?: number;
  readonly check?: PrecheckKind;
  readonly sessions?: number;
}

/** Every action a procedure step can take. */
export type Action =
  | 'precheck'
  | 'announce'
  | 'backup'
  | 'sync-config'
  | 'check-sync'
  | 'resolve-sync'
  | 'check-services'
  | 'check-sessions'
  | 'preemption-off'
  | 'preemption-restore'
  | 'demote'
  | 'stop-services'
  | 'start-services'
  | 'stop-vps'
  | 'start-vps'
  | 'install'
  | 'reboot'
  | 'verify'
  | 'rollback'
  | 'restore'
  | 'restore-sessions'
  | 'failover'
  | 'switchover'
  | 'wait'
  | 'gui-update';

/** One step of a procedure, before it runs. */
export interface PlannedStep {
  readonly action: Action;
  /** The host the step acts on; absent for cluster-wide steps (failover, switchover, wait). */
  readonly host?: string;
  /** Version installed or rolled back to. */
  readonly version?: string;
  /** Hop of the version path (1-based) the step belongs to; 0 before the first hop. */
  readonly hop: number;
  /** Length of a `wait` step, or an override of the default duration. */
  readonly duration?: number;
  /** What the step does and why, in words a trainer can read aloud. */
  readonly note?: string;
  /** Where the step comes from: the document and its step, a vendor, or an assumption. */
  readonly source: StepSource;
}

export type Preemption = 'enabled' | 'disabled';

/** System-specific switches. */
export interface Policy {
  /** HA pair: preemption setting before the upgrade. */
  readonly preemption: Preemption;
  /** HA pair: the device with the higher priority, which preempts when preemption is on. */
  readonly preferred?: string;
  /** HA pair: how many times a failed sync report is resolved and checked again. */
  readonly syncRetries: number;
  /** HA pair: how many session comparisons step 6 makes in all before switching over anyway. */
  readonly sessionChecks: number;
  /** Single server: a backup before each version (`per-version`) or one at the start (`once`). */
  readonly backup: 'per-version' | 'once';
  /** SERVERware: whether to end with a failover that returns the hosts to their places. */
  readonly finalFailover: 'documented' | 'always' | 'never';
  /**
   * SERVERware (`recovery.serverware`): what a failed upgrade step leads to. The document
   * describes no rollback: `reinstall` keeps the Primary serving and tries the failed host
   * again, then stops for support; `rollback-hop` rolls every host back to the hop's version.
   */
  readonly serverwareRecovery: 'reinstall' | 'rollback-hop';
  /** SERVERware (`recovery.reinstalls`): how many times a failed host is reinstalled. */
  readonly reinstalls: number;
  /**
   * Pairs (`recovery.hold`): how long the derived procedure waits for a pair member that is down
   * before it stops with the system serving, in virtual ms.
   */
  readonly hold: number;
  /** SERVERware: stop every VPS before the upgrade and start them at the end (recommended, not mandatory). */
  readonly stopVps: boolean;
  /**
   * SERVERware Cluster (`policy.vps-disks`): where the processing hosts' VPSs keep their disks.
   * `storage` (default): on the storage pair, as Bicom documents the Cluster, so they are down
   * while no storage host serves the volumes (Rehearse's assumption; the upgrade document says
   * only that a planned failover does not affect them). `local`: they do not depend on it.
   */
  readonly vpsDisks: 'storage' | 'local';
  /**
   * SERVERware Cluster (`policy.failed-restart`): what becomes of the VPSs of a processing host
   * whose restart into the new version fails. `wait` (default): they stay down with it until it
   * is reinstalled and back — Rehearse's assumption: the planned restart stopped them, and the
   * controller restarts elsewhere the VPSs of a host that becomes unavailable (Bicom), which a
   * host under planned work is not taken to be. `move`: the controller treats it as unavailable
   * and starts them on another processing host after `vps-restart`, as after a crash.
   */
  readonly failedRestart: 'wait' | 'move';
  /**
   * SERVERware and HA pair (`recovery.check-after-crash`): whether the derived procedure checks a
   * pair member back from a crash (its services, on SERVERware its pool) before it changes its
   * peer or hands it a role, as after a planned restart. Rehearse's assumption: the documents
   * check after each restart and are silent on a crash. `false` relies on it unchecked.
   */
  readonly checkAfterCrash: boolean;
  /**
   * All systems (`recovery.install-again-after-crash`): whether a host that goes down between
   * its install and its restart is installed again once back, before that restart, the version
   * taken to be lost with it (Rehearse's assumption; the documents are silent). `false`: the
   * version installed survives the crash and the restart boots it.
   */
  readonly installAgainAfterCrash: boolean;
}

/** How a procedure can end. */
export const OUTCOMES = ['completed', 'rolled-back', 'aborted', 'stuck'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Every invariant, in the order reports list them. */
export const INVARIANT_IDS = [
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
] as const;
export type InvariantId = (typeof INVARIANT_IDS)[number];

/** Upper limits on the downtime and outages of some workloads, each optional: "at most". */
export interface DowntimeLimits {
  /** Their downtime added up, in virtual ms. */
  readonly total?: number;
  /** The downtime of any one of them, in virtual ms. */
  readonly each?: number;
  /** Their outages added up. */
  readonly outages?: number;
}

/** Limits for the workloads placed on a group of hosts: host names and roles, as written. */
export interface GroupBudget extends DowntimeLimits {
  readonly hosts: readonly string[];
}

/** `expect.budget`: limits for every workload together, and per role or group of hosts. */
export interface DowntimeBudget extends DowntimeLimits {
  readonly groups?: readonly GroupBudget[];
}

/** `{ max: 20m, outages: 1 }` under `expect.downtime`: one workload's limits. */
export interface WorkloadBudget {
  /** At most this downtime, in virtual ms. */
  readonly max?: number;
  /** At most this many outages. */
  readonly outages?: number;
}

export interface Expectations {
  readonly outcome?: Outcome;
  readonly failovers?: number;
  readonly path?: readonly string[];
  /** Exact downtime per workload, in virtual ms. */
  readonly downtime?: Readonly<Record<string, number>>;
  /** Limits per workload (`expect.downtime: { vps-1: { max: 20m } }`). */
  readonly limits?: Readonly<Record<string, WorkloadBudget>>;
  readonly budget?: DowntimeBudget;
  readonly violations?: readonly InvariantId[];
}

/** A scheduling window in local wall-clock time, used only for warnings. */
export interface Window {
  /** `YYYY-MM-DDTHH:MM` local time. */
  readonly start: string;
}

/** A scenario after parsing, validation and defaults: everything the engine needs. */
export interface Scenario {
  readonly name: string;
  readonly description?: string;
  readonly system: SystemKind;
  readonly topology?: Topology;
  readonly version: { readonly from: string; readonly to: string };
  /** Versions to install, in order (the hops); empty for a GUI-only update. */
  readonly path: readonly string[];
  readonly hosts: readonly HostSpec[];
  readonly workloads: readonly WorkloadSpec[];
  readonly durations: Durations;
  /**
   * The duration keys written as ranges, estimates or per-host overrides; a run draws them from
   * its seed. `durations` holds each such key's typical value (for the plan and its costs).
   */
  readonly spread?: DurationSpread;
  readonly seed: number;
  readonly policy: Policy;
  readonly faults: readonly FaultSpec[];
  /** What the operator chooses where the procedure leaves a choice (`decisions:`). */
  readonly decisions?: readonly DecisionRule[];
  /** `auto` lets the planner derive the procedure; a list runs exactly as written. */
  readonly plan: 'auto' | readonly PlannedStep[];
  readonly expect?: Expectations;
  readonly window?: Window;
}

export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';
