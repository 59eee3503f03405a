/**
 * The engine's data model: the domain vocabulary (defined beside the machines, which share it)
 * and what a run produces: steps as they ran, trace entries and reports. Plain data only, so
 * runs can be saved, diffed and replayed.
 */
import type {
  Action,
  HostKind,
  InvariantId,
  Outcome,
  Role,
  StepStatus,
  SystemKind,
  Topology,
} from '../../machines/types';
import type { StepSource } from '../../machines/sources';
import type { DecisionTaken } from '../../machines/decisions';

export type { SourceKind, StepSource } from '../../machines/sources';
export type {
  DecisionOption,
  DecisionPoint,
  DecisionRule,
  DecisionTaken,
} from '../../machines/decisions';
export type {
  SystemKind,
  Topology,
  HostKind,
  Role,
  HostSpec,
  WorkloadSpec,
  Durations,
  DurationKey,
  DurationRange,
  DurationRule,
  DurationSpread,
  DurationValue,
  FaultType,
  StepName,
  PrecheckKind,
  FaultTrigger,
  FaultSpec,
  Action,
  PlannedStep,
  Preemption,
  Policy,
  Outcome,
  InvariantId,
  Expectations,
  DowntimeLimits,
  DowntimeBudget,
  GroupBudget,
  WorkloadBudget,
  Window,
  Scenario,
  StepStatus,
} from '../../machines/types';
export { INVARIANT_IDS, OUTCOMES, ROLES } from '../../machines/types';

/** A step as it ran. */
export interface StepRecord {
  readonly seq: number;
  readonly action: Action;
  readonly host?: string;
  readonly version?: string;
  readonly hop: number;
  readonly status: StepStatus;
  readonly start?: number;
  readonly end?: number;
  /** True for steps the procedure added to recover from a failure. */
  readonly recovery?: boolean;
  readonly note?: string;
  /** Where the step comes from: a source document, a vendor, or Rehearse's assumption. */
  readonly source: StepSource;
}

/** One transition of one actor. */
export interface TraceEntry {
  readonly seq: number;
  readonly at: number;
  readonly actor: string;
  readonly event: string;
  readonly state: string;
  /** Procedure entries: the step at the cursor, e.g. `5 install storage-2`. */
  readonly step?: string;
}

/**
 * Who brought a violation about: `procedure` — the plan or the recovery did it, the operator's
 * to fix; `fault` — an injected fault (or the system's own reaction to one) produced the
 * offending state after the procedure had correctly started its step, a risk to budget for.
 */
export type Cause = 'procedure' | 'fault';

/** Both causes, in the order reports and filters list them. */
export const CAUSES: readonly Cause[] = ['procedure', 'fault'];

export interface Violation {
  readonly at: number;
  readonly seq: number;
  readonly cause: Cause;
  readonly message: string;
}

export interface InvariantResult {
  readonly id: InvariantId;
  readonly holds: boolean;
  readonly violations: readonly Violation[];
}

export interface HostReport {
  readonly name: string;
  readonly kind: HostKind;
  readonly role: Role;
  readonly version: string;
  readonly state: string;
}

export interface WorkloadReport {
  readonly name: string;
  readonly kind: 'vps' | 'service';
  readonly host: string;
  /**
   * Where the scenario placed it: a host name or the role it follows (`primary`, `active`). A
   * VPS the controller restarted on another processing host runs on `host` and keeps this.
   */
  readonly placed: string;
  readonly downtime: number;
  readonly outages: number;
  /** Still down when the run ended (stopped with it down): its downtime goes on past the end. */
  readonly downAtEnd?: true;
}

export interface ExpectationMiss {
  readonly key: string;
  readonly expected: unknown;
  readonly actual: unknown;
  /** A missed limit (`{ max }`): by how much the actual value is over it (ms, or outages). */
  readonly over?: number;
  /** Which workloads a limit covered or went over, in words (`vps-3, vps-7`). */
  readonly note?: string;
}

/** The JSON report of one run (CONTRACT.md). */
/** A decision the procedure took, as the report lists it. */
export interface DecisionRecord extends Omit<DecisionTaken, 'rule' | 'step'> {
  /** When it was taken, in virtual ms. */
  readonly at: number;
}

export interface Report {
  readonly scenario: string;
  readonly system: SystemKind;
  readonly topology?: Topology;
  /** SERVERware, `policy.vps-disks: local`: processing hosts' VPSs did not depend on storage. */
  readonly vpsDisks?: 'local';
  readonly seed: number;
  readonly outcome: Outcome;
  readonly reason?: string;
  readonly path: readonly string[];
  readonly failovers: number;
  readonly duration: number;
  readonly downtime: { readonly total: number; readonly max: number };
  readonly hosts: readonly HostReport[];
  readonly workloads: readonly WorkloadReport[];
  readonly invariants: readonly InvariantResult[];
  readonly steps: readonly StepRecord[];
  /** Every decision taken where the procedure left a choice, in order. */
  readonly decisions: readonly DecisionRecord[];
  readonly warnings: readonly string[];
  readonly expectations?: { readonly met: boolean; readonly misses: readonly ExpectationMiss[] };
  readonly trace: readonly TraceEntry[];
}
