import type { AnyMachineSnapshot } from 'xstate';
import type { HostContext } from '../../machines/hostLifecycle';
import type { ProcedureContext } from '../../machines/procedureMachine';
import type { ProcedureStep } from '../../machines/procedureSteps';
import { itemAt, lastIndexWhere, type StepList } from '../../machines/stepList';
import type { Durations, HostKind, Role, Scenario, SystemKind, TraceEntry } from './types';

/** A host as the monitors and the downtime accounting see it at one instant. */
export interface HostState {
  readonly name: string;
  readonly kind: HostKind;
  readonly role: Role;
  /** The lifecycle state: online, installing, rebooting, failed… */
  readonly lifecycle: string;
  readonly version: string;
  readonly staged?: string;
  /** Its workloads run (tag `serving`). */
  readonly serving: boolean;
  /** Verified and able to take over a role (tag `ready`). */
  readonly ready: boolean;
  /** Under planned work (tag `maintenance`). */
  readonly maintenance: boolean;
  /** Holds the serving role: Primary or active (tag `leading`). */
  readonly leading: boolean;
  /**
   * A storage host in a planned failover, handing the Primary role over or taking it (tag
   * `handing-over`): the pair goes on serving the processing hosts' VPS volumes meanwhile.
   */
  readonly handingOver: boolean;
  readonly poolOnline: boolean;
  readonly servicesUp: boolean;
  readonly preemption: boolean;
  /**
   * A processing host that went down without warning, whose VPSs the controller has started on
   * another processing host (region `vps`, state `movedAway`).
   */
  readonly vpsMoved: boolean;
  /**
   * How long the crash or power loss that took it down keeps it down, in virtual ms (the time it
   * is back is the time it went down plus this); 0 while it is not down. Absent from hosts rebuilt
   * from a report, which does not keep it.
   */
  readonly downFor?: number;
  /**
   * How long the timed step in progress on it lasts in this run, as its command said: a duration
   * drawn for the step or set for this host (`reboot: { default: 5m, processing-3: 20m }`).
   * Absent when the step takes the host's own duration, and from hosts rebuilt from a report.
   */
  readonly stepTime?: number;
  /**
   * The host's own durations for this run, its overrides and draws applied: what it times a
   * takeover, a switchover or a crash's restore with. Absent from hosts rebuilt from a report.
   */
  readonly durations?: Durations;
}

/** The procedure as the monitors see it at one instant. */
export interface ProcedureState {
  readonly state: string;
  readonly step?: ProcedureStep;
  /** 1-based position of the current step. */
  readonly stepNumber: number;
  /** The step before the current one: a role change lands when its failover or switchover ends. */
  readonly previous?: ProcedureStep;
  /** Why the procedure ended the way it did, when it did not complete. */
  readonly reason?: string;
  readonly backedUp: readonly string[];
  readonly syncVerified: boolean;
  readonly precheckPassed: boolean;
  readonly interrupted: readonly string[];
  /** SERVERware: every VPS stopped, from the start of a `stop-vps` step to the end of a `start-vps`. */
  readonly vpsStopped: boolean;
  /**
   * How long the current step the procedure times itself lasts (a failover, a switchover, a
   * wait, a check), in virtual ms: its duration, or the real length of a failover a fault slows.
   * Absent from states rebuilt from a report.
   */
  readonly stepTime?: number;
  readonly final: boolean;
}

/** Everything a monitor may look at after one transition. */
export interface World {
  readonly system: SystemKind;
  readonly versions: readonly string[];
  readonly order: readonly string[];
  readonly hosts: ReadonlyMap<string, HostState>;
  readonly procedure: ProcedureState;
  /** Where each group of VPSs placed on a processing host runs now (see {@link nextPlacement}). */
  readonly placement: Placement;
}

/**
 * Where each group of VPSs placed on a processing host runs now, by the key of the group (the
 * processing host the scenario placed it on): a processing host's name, or `''` while no
 * processing host can take it. VPSs that follow the Primary are not in it.
 */
export type Placement = ReadonlyMap<string, string>;

/** One transition as the monitors receive it. */
export interface Observation {
  readonly entry: TraceEntry;
  readonly world: World;
  /** The host that moved, before and after, when the actor is a host. */
  readonly before?: HostState;
  readonly after?: HostState;
}

/** Formats a state value as text: `online`, or `lifecycle.online, role.primary` for regions. Pure. */
export function formatState(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return String(value);
  const parts: string[] = [];
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const inner = formatState(child);
    parts.push(inner.includes(',') ? `${key}.(${inner})` : `${key}.${inner}`);
  }
  return parts.join(', ');
}

function region(value: unknown, name: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const child = (value as Record<string, unknown>)[name];
  return typeof child === 'string' ? child : undefined;
}

/** The role each state of a host's `role` region stands for, in reports and monitors alike. */
export const ROLE_STATES: Readonly<Record<string, Role>> = {
  primary: 'primary',
  secondary: 'secondary',
  // During a failover the roles are in transition; report the role being handed over.
  demoting: 'primary',
  promoting: 'secondary',
  takingOverPrimary: 'secondary',
  active: 'active',
  standby: 'standby',
  // An HA device about to take the active role is standby until it has it.
  comingUp: 'standby',
  preemptionPending: 'standby',
  preempting: 'standby',
  takingOver: 'standby',
  // Down while taking over: no device is active; it is standby until it has the role.
  downTakingOver: 'standby',
};

/** Reads a host's state from its actor snapshot. Pure. */
export function hostStateOf(snapshot: AnyMachineSnapshot, fallbackRole: Role): HostState {
  const context = snapshot.context as HostContext;
  const value: unknown = snapshot.value;
  const roleState = region(value, 'role');
  const role = (roleState === undefined ? undefined : ROLE_STATES[roleState]) ?? fallbackRole;
  return {
    name: context.name,
    kind: context.kind,
    role,
    lifecycle: region(value, 'lifecycle') ?? 'online',
    version: context.version,
    // Present even when undefined: every host state then has one shape, which V8's optimized
    // code (the monitors read these on every transition) does not have to tell apart.
    staged: context.staged,
    serving: snapshot.hasTag('serving'),
    ready: snapshot.hasTag('ready'),
    maintenance: snapshot.hasTag('maintenance'),
    leading: snapshot.hasTag('leading'),
    handingOver: snapshot.hasTag('handing-over'),
    poolOnline: context.kind !== 'storage' || snapshot.hasTag('pool-online'),
    servicesUp: context.kind !== 'server' || snapshot.hasTag('services-up'),
    preemption: context.preemption,
    vpsMoved: region(value, 'vps') === 'movedAway',
    downFor: context.downFor,
    stepTime: context.stepTime,
    durations: context.durations,
  };
}

/** Every host as a run starts: the keys of `hostStateOf`, in its order (one shape). Pure. */
export function initialHostStates(scenario: Scenario): Map<string, HostState> {
  const hosts = new Map<string, HostState>();
  for (const spec of scenario.hosts) {
    hosts.set(spec.name, {
      name: spec.name,
      kind: spec.kind,
      role: spec.role,
      lifecycle: 'online',
      version: scenario.version.from,
      staged: undefined,
      serving: true,
      ready: true,
      maintenance: false,
      leading: spec.role === 'primary' || spec.role === 'active',
      handingOver: false,
      poolOnline: true,
      servicesUp: true,
      preemption: spec.kind === 'device' && scenario.policy.preemption === 'enabled',
      vpsMoved: false,
      downFor: 0,
      stepTime: undefined,
      durations: undefined,
    });
  }
  return hosts;
}

const FINAL = new Set(['completed', 'rolledBack', 'aborted', 'stuck']);

/**
 * Reads the procedure's state from its snapshot. Pure.
 * @param state the snapshot's value as {@link formatState} writes it, when the caller has it
 */
export function procedureStateOf(
  snapshot: AnyMachineSnapshot,
  state: string = formatState(snapshot.value),
): ProcedureState {
  const context = snapshot.context as ProcedureContext;
  const step = itemAt(context.steps, context.cursor);
  const previous = itemAt(context.steps, context.cursor - 1);
  // Optional fields present even when undefined, as in `hostStateOf`: one shape.
  return {
    state,
    step,
    stepNumber: context.cursor + 1,
    previous,
    reason: context.reason,
    backedUp: context.backedUp,
    syncVerified: context.syncVerified,
    precheckPassed: context.precheckPassed,
    interrupted: context.interrupted,
    vpsStopped: context.system === 'serverware' && vpsStoppedIn(context.steps, context.cursor),
    stepTime: context.stepTime,
    final: FINAL.has(state),
  };
}

/** The procedure before it starts: the keys of `procedureStateOf`, in its order. Pure. */
export function initialProcedureState(): ProcedureState {
  return {
    state: 'ready',
    step: undefined,
    stepNumber: 1,
    previous: undefined,
    reason: undefined,
    backedUp: [],
    syncVerified: false,
    precheckPassed: false,
    interrupted: [],
    vpsStopped: false,
    stepTime: 0,
    final: false,
  };
}

/**
 * Whether every VPS is stopped while the step at `cursor` is current: a `stop-vps` step at or
 * before it has started, and no `start-vps` step between them has finished. Steps are only ever
 * inserted after the cursor, so the report's steps answer it for any past cursor too. Pure.
 */
export function vpsStoppedAt(
  steps: readonly { readonly action: string; readonly status: string }[],
  cursor: number,
): boolean {
  for (let index = Math.min(cursor, steps.length - 1); index >= 0; index--) {
    const step = steps[index] as { readonly action: string; readonly status: string };
    if (step.action === 'stop-vps' && step.status !== 'pending' && step.status !== 'skipped')
      return true;
    if (step.action === 'start-vps' && index < cursor && step.status === 'done') return false;
  }
  return false;
}

const startsOrStops = (step: ProcedureStep) =>
  step.action === 'stop-vps' || step.action === 'start-vps';

/**
 * What the steps behind `cursor` say of the VPSs: stopped by a `stop-vps` step that started,
 * or started again by a `start-vps` step that finished (false when neither is there). Where the
 * steps from the cursor on do not answer, {@link vpsStoppedIn} answers this, now and at every
 * later step: two procedures with the same steps from their cursors on and the same answer
 * here count the VPSs stopped alike from then on. Pure.
 */
export function vpsStoppedBehind(steps: StepList<ProcedureStep>, cursor: number): boolean {
  let index = lastIndexWhere(steps, cursor - 1, startsOrStops);
  while (index >= 0) {
    const step = itemAt(steps, index) as ProcedureStep;
    if (step.action === 'stop-vps' && step.status !== 'pending' && step.status !== 'skipped')
      return true;
    if (step.action === 'start-vps' && step.status === 'done') return false;
    index = lastIndexWhere(steps, index - 1, startsOrStops);
  }
  return false;
}

/**
 * {@link vpsStoppedAt} on the procedure's own list: it jumps from one `stop-vps` or `start-vps`
 * step to the one before, so a long procedure costs no more per transition than a short one.
 */
function vpsStoppedIn(steps: StepList<ProcedureStep>, cursor: number): boolean {
  let index = lastIndexWhere(steps, cursor, startsOrStops);
  while (index >= 0) {
    const step = itemAt(steps, index) as ProcedureStep;
    if (step.action === 'stop-vps' && step.status !== 'pending' && step.status !== 'skipped')
      return true;
    if (step.action === 'start-vps' && index < cursor && step.status === 'done') return false;
    index = lastIndexWhere(steps, index - 1, startsOrStops);
  }
  return false;
}

/**
 * Every group of VPSs placed on a processing host, where the scenario placed it. Pure.
 * @param placements the workloads' placements, in scenario order
 */
export function initialPlacement(
  placements: readonly string[],
  hosts: ReadonlyMap<string, { readonly kind: HostKind }>,
): Placement {
  const placement = new Map<string, string>();
  for (const key of placements) if (hosts.get(key)?.kind === 'processing') placement.set(key, key);
  return placement;
}

/** Whether a placement has groups waiting for a host, computed once per (immutable) placement. */
const WAITING = new WeakMap<Placement, boolean>();

function hasWaiting(placement: Placement): boolean {
  let waiting = WAITING.get(placement);
  if (waiting === undefined) {
    waiting = false;
    for (const where of placement.values()) if (where === '') waiting = true;
    WAITING.set(placement, waiting);
  }
  return waiting;
}

/** A processing host the controller can start VPSs on: up, and not under planned work. */
function canTake(host: HostState): boolean {
  return host.kind === 'processing' && host.serving && !host.maintenance;
}

/**
 * Where the groups of VPSs run after one host moved from `before` to `after` (SERVERware's
 * controller, Bicom "SERVERware 3: how does the failover work"). When a processing host's VPSs
 * are to start elsewhere (it entered `vpsMoved`), every group it runs goes to the first
 * processing host in scenario order that is up and not under maintenance, or waits (`''`) for
 * one; groups waiting go to the first such host as soon as there is one (the crashed host
 * itself, back). Groups stay where they were moved: no failback. Returns `placement` itself
 * when nothing moves. Pure.
 */
export function nextPlacement(
  placement: Placement,
  hosts: ReadonlyMap<string, HostState>,
  order: readonly string[],
  before: HostState | undefined,
  after: HostState,
): Placement {
  if (after.kind !== 'processing' || placement.size === 0) return placement;
  const handOver = after.vpsMoved && before?.vpsMoved !== true;
  // Most transitions move nothing: answer those without looking at every group.
  if (!handOver && !hasWaiting(placement)) return placement;
  const from = handOver ? after.name : undefined;
  let leaving = false;
  if (from !== undefined)
    for (const where of placement.values()) if (where === from) leaving = true;
  let target = '';
  for (const name of order) {
    const host = hosts.get(name);
    if (host !== undefined && canTake(host)) {
      target = name;
      break;
    }
  }
  if (target === '' && !leaving) return placement;
  const next = new Map(placement);
  for (const [key, where] of placement) if (where === '' || where === from) next.set(key, target);
  return next;
}
