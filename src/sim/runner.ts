import {
  createActor,
  type Actor,
  type AnyActorRef,
  type AnyMachineSnapshot,
  type EventObject,
  type InspectionEvent,
  type Snapshot,
} from 'xstate';
import {
  listenDirectly,
  pendingDelayed,
  restorableSnapshot,
  scheduleDelayed,
  shortEvent,
  watchSchedule,
  type ChildToRestore,
} from './xstateInternals';
import { VirtualClock } from './clock';
import { movedByFault, type HostContext } from '../../machines/hostLifecycle';
import type { DecisionRule } from '../../machines/decisions';
import type { ProcedureContext, ProcedureInput } from '../../machines/procedureMachine';
import {
  pastReadAhead,
  procedureMachine,
  repeatsAllowed,
  REPEATED_STEPS,
} from '../../machines/procedureMachine';
import { itemAt, itemsOf } from '../../machines/stepList';
import { drawnDurations } from './drawnDurations';
import { longestOf } from '../../machines/durationDraw';
import { armFault } from '../../machines/procedureSteps';
import { AvailabilityTracker, type WorkloadGroup } from './availability';
import { monitorsFor, type Monitor } from './monitors/invariants';
import { planProcedure } from './planner';
import { buildReport } from './report';
import { formatDuration } from './scenario/duration';
import { LIMITS } from './defaults';
import type {
  Cause,
  DurationKey,
  DurationRule,
  DurationSpread,
  Durations,
  FaultSpec,
  Outcome,
  PlannedStep,
  Report,
  Role,
  Scenario,
  TraceEntry,
  Violation,
} from './types';
import {
  formatState,
  hostStateOf,
  initialHostStates,
  initialPlacement,
  nextPlacement,
  initialProcedureState,
  procedureStateOf,
  vpsStoppedBehind,
  type HostState,
  type Observation,
  type Placement,
  type ProcedureState,
  type World,
} from './world';

/** Where observations leave the runner: the CLI, the debugger and tests each plug one in. */
export interface MonitorSink {
  start?(world: World): void;
  send(observation: Observation): void;
  stop?(world: World): void;
}

export interface SimulateOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Receives XState's inspection events (for the debugger's inspector). */
  readonly inspect?: (event: InspectionEvent) => void;
  /** Receive every observation as it happens. */
  readonly sinks?: readonly MonitorSink[];
  /** Virtual time after which a run that has not settled is stopped as stuck (default 30 days). */
  readonly maxTime?: number;
  /**
   * Keep the trace: each transition's entry in `report.trace` and its state in `frames`
   * (default true). Without it both are empty and every other figure of the run is the same:
   * for callers that read only the figures, such as Monte Carlo, which runs thousands.
   * @default true
   */
  readonly trace?: boolean;
}

/** Start and end of each step, by step id. */
export interface StepTiming {
  start?: number;
  end?: number;
  /**
   * The role its host held as it started, where the scenario times some step per host or role
   * (`durations.install: { primary: 2h }`): what tells an override that timed nothing.
   */
  role?: string;
}

/** What one trace entry left behind: the host that moved, or the procedure. */
export interface Frame {
  readonly host?: HostState;
  readonly procedure?: ProcedureState;
  /** A fault injected into the procedure (at its time, or by a step's start): its index. */
  readonly fault?: number;
}

/** Everything a run produced: the report, and what the debugger needs to draw it. */
export interface Run {
  readonly scenario: Scenario;
  readonly plan: readonly PlannedStep[];
  readonly report: Report;
  /** Availability of each group of workloads that share a placement. */
  readonly groups: readonly WorkloadGroup[];
  /** The state each trace entry produced, aligned with `report.trace` by index. */
  readonly frames: readonly Frame[];
  /** Indexes (`FaultSpec.index`) of the scenario's faults that fired, in firing order. */
  readonly fired: readonly number[];
  /**
   * The varying `durations:` keys whose drawn value timed something (see {@link drawnDurations});
   * absent in a run read back from its report, which does not say.
   */
  readonly drawn?: readonly DurationKey[];
}

const THIRTY_DAYS = 30 * 24 * 3_600_000;

/**
 * The virtual time after which a run that has not settled is stopped: 30 days, or more for a
 * plan long enough to need it (twice its steps, and the steps of every reinstall or retry its
 * input allows, each taken to last as long as the longest duration, or its own), so that a
 * procedure is never cut short merely for being long: 10,000 hosts upgraded one after another
 * take months, and so do 1,000 reinstalls chosen against a failure that keeps striking. Never
 * more than {@link LIMITS.runTime}. Pure.
 */
function timeBound(
  plan: readonly PlannedStep[],
  repeats: number,
  durations: Durations,
  spread: DurationSpread = {},
): number {
  let longest = 0;
  for (const value of Object.values(durations) as number[]) longest = Math.max(longest, value);
  for (const rule of Object.values(spread) as (DurationRule | undefined)[]) {
    if (rule !== undefined) longest = Math.max(longest, longestOf(rule));
  }
  let planned = 0;
  for (const step of plan) planned += Math.max(step.duration ?? 0, longest);
  planned += repeats * REPEATED_STEPS * longest;
  return Math.min(LIMITS.runTime, Math.max(THIRTY_DAYS, 2 * planned));
}
/**
 * What every run of one scenario shares, whatever its seed: its plan, the procedure machine's
 * input but the seed, the monitors that apply and the run's time bound. Worked out once per
 * scenario by {@link simulator}; read, never changed, by each run.
 */
interface Prepared {
  readonly scenario: Scenario;
  readonly plan: readonly PlannedStep[];
  readonly roles: ReadonlyMap<string, Role>;
  readonly versions: readonly string[];
  readonly order: readonly string[];
  readonly monitors: readonly Monitor<unknown>[];
  readonly input: Omit<ProcedureInput, 'seed'>;
  /** The virtual time after which a run that has not settled is stopped (see {@link timeBound}). */
  readonly bound: number;
}

/** What runs of `scenario` share. Pure. */
function prepare(scenario: Scenario): Prepared {
  const plan = planProcedure(scenario);
  const input: Omit<ProcedureInput, 'seed'> = {
    system: scenario.system,
    ...(scenario.topology ? { topology: scenario.topology } : {}),
    from: scenario.version.from,
    path: scenario.path,
    hosts: scenario.hosts,
    steps: plan,
    explicit: scenario.plan !== 'auto',
    faults: scenario.faults,
    ...(scenario.decisions ? { decisions: scenario.decisions } : {}),
    durations: scenario.durations,
    ...(scenario.spread === undefined ? {} : { spread: scenario.spread }),
    policy: scenario.policy,
    services: scenario.system === 'ha-pair' ? scenario.workloads.map((w) => w.name) : [],
  };
  return {
    scenario,
    plan,
    roles: new Map(scenario.hosts.map((host) => [host.name, host.role])),
    versions: [scenario.version.from, ...scenario.path],
    order: scenario.hosts.map((host) => host.name),
    monitors: monitorsFor(scenario.system),
    input,
    bound: timeBound(plan, repeatsAllowed(input), scenario.durations, scenario.spread),
  };
}

/** Timer firings after which a run that keeps scheduling work is stopped as stuck. */
const MAX_TICKS = 5_000_000;
const FINAL_OUTCOME: Readonly<Record<string, Outcome>> = {
  completed: 'completed',
  rolledBack: 'rolled-back',
  aborted: 'aborted',
  stuck: 'stuck',
};

interface MonitorSlot {
  readonly monitor: Monitor<unknown>;
  memory: unknown;
  readonly violations: Violation[];
}

/** A delayed event XState had scheduled when a checkpoint was taken. */
interface PendingTimer {
  readonly source: string;
  readonly target: string;
  readonly event: EventObject;
  readonly id: string;
  readonly due: number;
}

/**
 * Where a run stood between two timer firings: enough to carry on from there in a new actor
 * system (see {@link resumeFrom}). Shares the parent run's immutable data; copies what it mutates.
 */
export interface Checkpoint {
  /** Timer firings done before this point. */
  readonly firings: number;
  readonly now: number;
  /** The procedure's snapshot and each host's (XState snapshots are immutable values). */
  readonly root: AnyMachineSnapshot;
  readonly children: ReadonlyMap<string, ChildSnapshot>;
  readonly timers: readonly PendingTimer[];
  readonly hosts: ReadonlyMap<string, HostState>;
  readonly procedure: ProcedureState;
  /** Where each group of VPSs runs (immutable: a move makes a new map). */
  readonly placement: Placement;
  readonly availability: AvailabilityTracker;
  readonly memories: readonly unknown[];
  readonly violations: readonly (readonly Violation[])[];
  /** The parent run's trace and frames (which grow on), and how much of them is this point's. */
  readonly trace: readonly TraceEntry[];
  readonly frames: readonly Frame[];
  readonly traceLength: number;
  readonly lastState: ReadonlyMap<string, string>;
  readonly lastContext: ReadonlyMap<string, unknown>;
  readonly currentEvent: ReadonlyMap<string, EventObject>;
  readonly timings: ReadonlyMap<number, StepTiming>;
  /** When each decision the procedure took so far was taken. */
  readonly decisionTimes: readonly number[];
  readonly running?: { readonly index: number; readonly id: number };
  readonly lastProcedure?: ProcedureContext;
}

/** The parts of a checkpoint that decide how a run goes on: what {@link RunningSession.sameAs} compares. */
export interface Comparable extends Pick<
  Checkpoint,
  'now' | 'timers' | 'memories' | 'placement' | 'running' | 'timings'
> {
  readonly root: StateOnly;
  readonly children: ReadonlyMap<string, { readonly snapshot: StateOnly }>;
}

/**
 * What is compared of an actor's snapshot: a snapshot itself also holds the actors it spawned,
 * and through them the whole actor system of its run.
 */
interface StateOnly {
  readonly status: AnyMachineSnapshot['status'];
  readonly value: unknown;
  readonly context: unknown;
}

function stateOnly(snapshot: AnyMachineSnapshot): StateOnly {
  const state: StateOnly = snapshot;
  return { status: state.status, value: state.value, context: state.context };
}

/**
 * Where a run stands, cheaper than a checkpoint (nothing to fork from): what `sameAs` compares,
 * and what the run had cost by then.
 */
export interface Mark extends Comparable {
  /** Total downtime over every workload had the run ended now. */
  readonly downtime: number;
  /** Violations each monitor had found by now. */
  readonly violations: readonly number[];
}

/**
 * Where a run stands, as another run composed from it needs it: what {@link sameStanding}
 * compares, and how far the run had got by then. Cheaper than a checkpoint, and it holds no
 * actor, so it may be kept long after its run ended.
 */
export interface Standing extends Comparable {
  /** Steps started so far: a counterexample's length counts them. */
  readonly started: number;
  /** Whether each monitor had found a violation by then. */
  readonly violated: readonly boolean[];
  /** Trace entries so far. */
  readonly traceLength: number;
}

/** A checkpoint's standing. Pure. */
export function standingOf(checkpoint: Checkpoint): Standing {
  const children = new Map<string, { snapshot: StateOnly }>();
  for (const [id, child] of checkpoint.children) {
    children.set(id, { snapshot: stateOnly(child.snapshot) });
  }
  const running = checkpoint.running;
  const timing = running && checkpoint.timings.get(running.id);
  return {
    now: checkpoint.now,
    root: stateOnly(checkpoint.root),
    children,
    timers: checkpoint.timers,
    memories: checkpoint.memories,
    placement: checkpoint.placement,
    timings: new Map(running && timing ? [[running.id, timing]] : []),
    ...(running ? { running } : {}),
    started: checkpoint.timings.size,
    violated: checkpoint.violations.map((found) => found.length > 0),
    traceLength: checkpoint.traceLength,
  };
}

/** A host actor as a checkpoint keeps it. */
type ChildSnapshot = ChildToRestore;

/** What a run lets its caller see between two timer firings. */
export interface RunningSession {
  /** The procedure's context as last observed. */
  context(): ProcedureContext;
  /** Where the run stands now, to fork other runs from. */
  checkpoint(): Checkpoint;
  /** Where the run stands now, to compare other runs with. */
  mark(): Mark;
  /** Where the run stands now, to compose other runs with (see {@link sameStanding}). */
  standing(): Standing;
  /**
   * Whether the run is now in the state `checkpoint` was in, up to the time: same machine
   * states and contexts (counting only the first `inherited` faults, the others being spent),
   * same timers due in the same order after the same delays, same monitor memories. From two
   * such states a run goes on the same way, transition for transition. `loose`: the decision
   * history (decisions taken, `decisions:` entries and their uses, reinstalls counted, the
   * steps behind the cursor) left out, which only a decision reads: the states then go on the
   * same way up to the next decision point, and end the same way, though a trace would number
   * their steps differently.
   */
  sameAs(checkpoint: Comparable, inherited: number, loose?: boolean): boolean;
}

/** Calls a run makes between its timer firings, to take checkpoints along the way. */
export interface Boundaries {
  /** After firing number `firings` (0: the start itself). Returning `'stop'` ends the run there. */
  after?(session: RunningSession, firings: number): void | 'stop';
}

/** The root actor's key in the per-actor maps of a checkpoint (host names cannot be empty). */
const ROOT = '';

/** One run of the procedure machine: its actor system, its clock and everything it observed. */
/** A session's options: a run's, and what only the runner itself asks of one. */
interface SessionOptions extends SimulateOptions {
  /**
   * Whether a fault that strikes by chance and did not strike is run again certain, to tell a
   * seed that drew no strike from a fault that had no chance (see `hadChance`); not in that run.
   * @default true
   */
  readonly chances?: boolean;
}

class Session implements RunningSession {
  readonly plan: readonly PlannedStep[];
  private readonly clock = new VirtualClock();
  private readonly scenario: Scenario;
  private readonly roles: ReadonlyMap<string, Role>;
  private readonly hosts: Map<string, HostState>;
  private procedure: ProcedureState;
  private readonly world: { -readonly [K in keyof World]: World[K] };
  private readonly availability: AvailabilityTracker;
  private readonly slots: MonitorSlot[];
  private readonly sinks: readonly MonitorSink[];
  private readonly trace: TraceEntry[];
  private readonly frames: Frame[];
  /** Whether the trace and the frames are kept (see {@link SimulateOptions.trace}). */
  private readonly keep: boolean;
  /** Transitions observed so far: the next trace entry's `seq`, kept or not. */
  private seq: number;
  private readonly lastState = new Map<AnyActorRef, string>();
  private readonly lastContext = new Map<AnyActorRef, unknown>();
  /** The event of each actor's microstep in progress: what moved it, for its trace entry. */
  private readonly currentEvent = new Map<AnyActorRef, EventObject>();
  /** The last snapshot object observed per actor: the same object needs no second look. */
  private readonly lastSnapshot = new Map<AnyActorRef, AnyMachineSnapshot>();
  private readonly timings: Map<number, StepTiming>;
  private readonly decisionTimes: number[];
  /** Steps are only ever inserted after the cursor, so a running step keeps its position. */
  private running: { index: number; id: number } | undefined;
  private lastProcedure: ProcedureContext | undefined;
  private readonly actor: Actor<typeof procedureMachine>;
  /** When each delayed event XState scheduled is due, by scheduled-event id. */
  private readonly due = new Map<string, number>();
  private firings = 0;
  /** The host actors' states as last compared, and their snapshots (see `comparableChildren`). */
  private lastChildren?: {
    readonly ids: readonly string[];
    readonly from: readonly AnyMachineSnapshot[];
    readonly children: ReadonlyMap<string, { readonly snapshot: StateOnly }>;
  };
  /** The step in progress's timing as last compared, and the map of it compared. */
  private lastCompared?: {
    readonly timing: StepTiming | undefined;
    readonly timings: ReadonlyMap<number, StepTiming>;
  };
  private restoring = false;
  /** Restored from a checkpoint: already started. */
  private readonly resumed: boolean;

  constructor(
    private readonly prepared: Prepared,
    private readonly options: SessionOptions,
    from?: {
      readonly checkpoint: Checkpoint;
      readonly faults: readonly FaultSpec[];
      readonly rules?: readonly DecisionRule[];
    },
  ) {
    const { scenario } = prepared;
    this.scenario = scenario;
    this.plan = prepared.plan;
    this.roles = prepared.roles;
    this.sinks = options.sinks ?? [];
    const checkpoint = from?.checkpoint;
    this.resumed = checkpoint !== undefined;
    if (checkpoint) {
      this.clock.set(checkpoint.now);
      this.firings = checkpoint.firings;
    }
    this.hosts = checkpoint ? new Map(checkpoint.hosts) : initialHostStates(scenario);
    this.procedure = checkpoint?.procedure ?? initialProcedureState();
    this.world = {
      system: scenario.system,
      versions: prepared.versions,
      order: prepared.order,
      hosts: this.hosts,
      procedure: this.procedure,
      placement:
        checkpoint?.placement ??
        initialPlacement(
          scenario.workloads.map((workload) => workload.placement),
          this.hosts,
        ),
    };
    this.availability = checkpoint
      ? checkpoint.availability.clone()
      : new AvailabilityTracker(
          scenario.system,
          scenario.workloads,
          this.world,
          scenario.policy.vpsDisks,
        );
    this.slots = prepared.monitors.map((monitor, index) => ({
      monitor,
      memory: checkpoint ? checkpoint.memories[index] : monitor.init(this.world),
      violations: checkpoint ? [...(checkpoint.violations[index] ?? [])] : [],
    }));
    this.trace = checkpoint ? checkpoint.trace.slice(0, checkpoint.traceLength) : [];
    this.frames = checkpoint ? checkpoint.frames.slice(0, checkpoint.traceLength) : [];
    this.keep = options.trace ?? true;
    this.seq = checkpoint ? checkpoint.traceLength : 0;
    this.timings = new Map(checkpoint?.timings);
    this.decisionTimes = checkpoint ? checkpoint.decisionTimes.slice() : [];
    this.running = checkpoint?.running;
    this.lastProcedure = checkpoint?.lastProcedure;

    const input: ProcedureInput = { ...prepared.input, seed: options.seed ?? scenario.seed };
    let snapshot: Snapshot<unknown> | undefined;
    if (checkpoint && from) {
      // The checkpoint's procedure, with the new faults and decision rules armed as a fresh
      // start would arm them.
      const context = checkpoint.root.context as ProcedureContext;
      snapshot = restorableSnapshot(
        checkpoint.root,
        {
          ...context,
          faults: [...context.faults, ...from.faults.map(armFault)],
          ...(from.rules ? { rules: [...context.rules, ...from.rules] } : {}),
        },
        checkpoint.children,
      );
    }
    this.actor = createActor(procedureMachine, {
      clock: this.clock,
      input,
      ...(snapshot ? { snapshot } : {}),
      inspect: (event) => this.inspect(event),
    });
    // A caller who asked for XState's inspection events gets them all, the public way.
    if (!options.inspect) listenDirectly(this.actor.system, (event) => this.inspect(event));
    // Remember when each delayed event is due, so a checkpoint can schedule it again.
    watchSchedule(this.actor.system, (key, delay) => this.due.set(key, this.clock.now() + delay));
    for (const sink of this.sinks) sink.start?.(this.world);
    if (checkpoint) this.resume(checkpoint);
  }

  private key(ref: AnyActorRef): string {
    return ref === this.actor ? ROOT : ref.id;
  }

  private ref(key: string): AnyActorRef | undefined {
    return key === ROOT ? this.actor : (this.actor.system.get(key) as AnyActorRef | undefined);
  }

  /** Starts a restored actor system without recording its start, then re-arms its timers. */
  private resume(checkpoint: Checkpoint): void {
    this.restoring = true;
    this.actor.start();
    this.restoring = false;
    for (const [key, state] of checkpoint.lastState) {
      const ref = this.ref(key);
      if (!ref) continue;
      this.lastState.set(ref, state);
      this.lastContext.set(
        ref,
        key === ROOT
          ? (ref.getSnapshot() as AnyMachineSnapshot).context
          : checkpoint.lastContext.get(key),
      );
    }
    for (const [key, event] of checkpoint.currentEvent) {
      const ref = this.ref(key);
      if (ref) this.currentEvent.set(ref, event);
    }
    this.lastProcedure = (this.actor.getSnapshot() as AnyMachineSnapshot)
      .context as ProcedureContext;
    for (const timer of checkpoint.timers) {
      const source = this.ref(timer.source);
      const target = this.ref(timer.target);
      if (!source || !target) continue;
      scheduleDelayed(this.actor.system, {
        source,
        target,
        event: timer.event,
        delay: timer.due - this.clock.now(),
        id: timer.id,
      });
    }
  }

  /** The procedure's context as last observed. */
  context(): ProcedureContext {
    return this.lastProcedure ?? this.actor.getSnapshot().context;
  }

  /** The host actors' snapshots, by name. */
  private childSnapshots(root: AnyMachineSnapshot): Map<string, ChildSnapshot> {
    const children = new Map<string, ChildSnapshot>();
    for (const [id, child] of Object.entries(root.children as Record<string, AnyActorRef>)) {
      // Hosts are spawned with their name as both id and system id.
      children.set(id, {
        snapshot: child.getSnapshot() as AnyMachineSnapshot,
        src: child.src,
        systemId: id,
      });
    }
    return children;
  }

  /** What {@link sameAs} and {@link sameStanding} compare of where the run is now. */
  private comparable(): Comparable {
    const root = this.actor.getSnapshot() as AnyMachineSnapshot;
    const running = this.running;
    const timing = running && this.timings.get(running.id);
    // Only the step in progress's timing is compared.
    let compared = this.lastCompared;
    if (compared === undefined || compared.timing !== timing) {
      compared = { timing, timings: new Map(running && timing ? [[running.id, timing]] : []) };
      this.lastCompared = compared;
    }
    return {
      now: this.clock.now(),
      root: stateOnly(root),
      children: this.comparableChildren(root),
      timers: this.pendingTimers(),
      memories: this.slots.map((slot) => slot.memory),
      placement: this.world.placement,
      timings: compared.timings,
      ...(running ? { running } : {}),
    };
  }

  /**
   * The host actors' states, as {@link comparable} gives them: the same entry as last time for
   * each host that did not move, and the same map while none did (a run is compared or kept at
   * every timer firing, and most firings move one host or none; maps and entries are never
   * changed, only replaced).
   */
  private comparableChildren(
    root: AnyMachineSnapshot,
  ): ReadonlyMap<string, { readonly snapshot: StateOnly }> {
    const refs = root.children as Record<string, AnyActorRef>;
    const last = this.lastChildren;
    if (last) {
      let index = 0;
      let same = true;
      for (const id in refs) {
        if (last.ids[index] !== id || last.from[index] !== refs[id]?.getSnapshot()) {
          same = false;
          break;
        }
        index++;
      }
      if (same && index === last.ids.length) return last.children;
    }
    const ids: string[] = [];
    const from: AnyMachineSnapshot[] = [];
    const children = new Map<string, { readonly snapshot: StateOnly }>();
    for (const id in refs) {
      const snapshot = refs[id]?.getSnapshot() as AnyMachineSnapshot;
      ids.push(id);
      from.push(snapshot);
      const kept = last?.children.get(id);
      const unmoved = kept !== undefined && last?.from[last.ids.indexOf(id)] === snapshot;
      children.set(id, unmoved ? kept : { snapshot: stateOnly(snapshot) });
    }
    this.lastChildren = { ids, from, children };
    return children;
  }

  mark(): Mark {
    const comparable = this.comparable();
    return {
      ...comparable,
      downtime: this.availability.downtimeAt(comparable.now),
      violations: this.slots.map((slot) => slot.violations.length),
    };
  }

  standing(): Standing {
    return {
      ...this.comparable(),
      started: this.timings.size,
      violated: this.slots.map((slot) => slot.violations.length > 0),
      traceLength: this.trace.length,
    };
  }

  /** Where the run stands now, to fork other runs from. */
  checkpoint(): Checkpoint {
    const timers = this.pendingTimers();
    const byKey = <V>(map: ReadonlyMap<AnyActorRef, V>) =>
      new Map([...map].map(([ref, value]) => [this.key(ref), value] as const));
    const root = this.actor.getSnapshot() as AnyMachineSnapshot;
    const children = this.childSnapshots(root);
    return {
      firings: this.firings,
      now: this.clock.now(),
      root,
      children,
      timers,
      hosts: new Map(this.hosts),
      procedure: this.procedure,
      placement: this.world.placement,
      availability: this.availability.clone(),
      memories: this.slots.map((slot) => slot.memory),
      violations: this.slots.map((slot) => slot.violations.slice()),
      trace: this.trace,
      frames: this.frames,
      traceLength: this.seq,
      lastState: byKey(this.lastState),
      lastContext: byKey(this.lastContext),
      currentEvent: byKey(this.currentEvent),
      timings: new Map(this.timings),
      decisionTimes: this.decisionTimes.slice(),
      ...(this.running ? { running: this.running } : {}),
      ...(this.lastProcedure ? { lastProcedure: this.lastProcedure } : {}),
    };
  }

  /** The delayed events XState has pending, in the order it scheduled them. */
  private pendingTimers(): PendingTimer[] {
    const timers: PendingTimer[] = [];
    for (const event of pendingDelayed(this.actor.system)) {
      const due = this.due.get(event.key);
      if (due === undefined) continue;
      timers.push({
        source: this.key(event.source),
        target: this.key(event.target),
        event: event.event,
        id: event.id,
        due,
      });
    }
    return timers;
  }

  sameAs(checkpoint: Comparable, inherited: number, loose = false): boolean {
    const root = this.actor.getSnapshot() as AnyMachineSnapshot;
    const now = this.clock.now();
    // What tells most runs apart for little is compared first (a branch is compared with its
    // parent at every step, and most never come back to it): the states, where the VPSs run,
    // the step in progress, the timers; the contexts last.
    if (root.status !== checkpoint.root.status || !deepEqual(root.value, checkpoint.root.value))
      return false;
    // Where the VPSs run is the world's memory, not any actor's: from two placements the same
    // states go on differently.
    if (!samePlacement(this.world.placement, checkpoint.placement)) return false;
    // Loosely, a step in progress is compared by where it stands from the cursor: steps may
    // have been inserted behind it.
    const offset = loose
      ? (root.context as ProcedureContext).cursor -
        (checkpoint.root.context as ProcedureContext).cursor
      : 0;
    if (
      this.running !== undefined &&
      checkpoint.running !== undefined &&
      this.running.index - offset !== checkpoint.running.index
    )
      return false;
    if (this.running?.id !== checkpoint.running?.id) return false;
    if (this.running) {
      const mine = this.timings.get(this.running.id)?.start;
      const theirs = checkpoint.timings.get(this.running.id)?.start;
      if (mine === undefined || theirs === undefined) return false;
      if (now - mine !== checkpoint.now - theirs) return false;
    }
    if (!sameTimers(this.pendingTimers(), now, checkpoint.timers, checkpoint.now)) return false;
    const children = root.children as Record<string, AnyActorRef>;
    const snapshots: AnyMachineSnapshot[] = [];
    for (const [id, theirs] of checkpoint.children) {
      const mine = children[id]?.getSnapshot() as AnyMachineSnapshot | undefined;
      if (!mine || !sameState(mine, theirs.snapshot)) return false;
      snapshots.push(mine);
    }
    for (const [index, slot] of this.slots.entries()) {
      if (!deepEqual(slot.memory, checkpoint.memories[index])) return false;
    }
    if (!sameProcedure(root, checkpoint.root, inherited, loose)) return false;
    let index = 0;
    for (const theirs of checkpoint.children.values()) {
      if (!deepEqual((snapshots[index++] as AnyMachineSnapshot).context, theirs.snapshot.context))
        return false;
    }
    // `currentEvent` is left out: it is set again by each microstep before anything reads it.
    return true;
  }

  private timeSteps(context: ProcedureContext, at: number): void {
    if (this.running) {
      const step = itemAt(context.steps, this.running.index);
      if (step?.id === this.running.id && step.status !== 'running') {
        // Timings are replaced, never changed, so checkpoints can share them.
        const timing = this.timings.get(step.id);
        if (timing) this.timings.set(step.id, { ...timing, end: at });
        this.running = undefined;
      }
    }
    const step = itemAt(context.steps, context.cursor);
    if (step?.status === 'running' && !this.timings.has(step.id)) {
      const role =
        this.scenario.spread === undefined || step.host === undefined
          ? undefined
          : context.hosts[step.host]?.role;
      this.timings.set(step.id, role === undefined ? { start: at } : { start: at, role });
      this.running = { index: context.cursor, id: step.id };
    } else if (step?.status === 'failed' && !this.timings.has(step.id)) {
      this.timings.set(step.id, { start: at, end: at });
    }
  }

  private observe(actorRef: AnyActorRef, event: EventObject, snapshot: AnyMachineSnapshot): void {
    if (this.lastSnapshot.get(actorRef) === snapshot) return;
    this.lastSnapshot.set(actorRef, snapshot);
    const isRoot = actorRef === this.actor;
    const state = formatState(snapshot.value);
    // The context before this transition: what the host carried into it decides its cause.
    const priorContext = this.lastContext.get(actorRef);
    if (this.lastState.get(actorRef) === state && priorContext === snapshot.context) return;
    this.lastState.set(actorRef, state);
    this.lastContext.set(actorRef, snapshot.context);
    const at = this.clock.now();
    let step: string | undefined;
    // Only the trace and the sinks read the step's words; the monitors read the procedure's state.
    if (isRoot && (this.keep || this.sinks.length > 0)) {
      const context = snapshot.context as ProcedureContext;
      const current = itemAt(context.steps, context.cursor);
      if (current) step = stepLabel(context.cursor + 1, current);
    }
    const entry: TraceEntry = {
      seq: this.seq++,
      at,
      actor: isRoot ? 'procedure' : actorRef.id,
      event: shortEvent(event.type),
      state,
      ...(step !== undefined ? { step } : {}),
    };
    if (this.keep) this.trace.push(entry);
    let before: HostState | undefined;
    let after: HostState | undefined;
    if (isRoot) {
      const context = snapshot.context as ProcedureContext;
      this.lastProcedure = context;
      this.timeSteps(context, at);
      while (this.decisionTimes.length < context.decisions.length) this.decisionTimes.push(at);
      this.procedure = procedureStateOf(snapshot, state);
      this.world.procedure = this.procedure;
    } else {
      before = this.hosts.get(actorRef.id);
      after = hostStateOf(snapshot, this.roles.get(actorRef.id) ?? 'server');
      this.hosts.set(actorRef.id, after);
      this.world.placement = nextPlacement(
        this.world.placement,
        this.hosts,
        this.world.order,
        before,
        after,
      );
    }
    if (this.keep) {
      const injected = isRoot && event.type === 'fault.inject' ? faultIndexOf(event) : undefined;
      this.frames.push(
        after
          ? { host: after }
          : { procedure: this.procedure, ...(injected !== undefined ? { fault: injected } : {}) },
      );
    }
    this.availability.update(this.world, after, at, entry.seq);
    const observation: Observation = after
      ? { entry, world: this.world, before, after }
      : { entry, world: this.world };
    let cause: Cause | undefined;
    for (const slot of this.slots) {
      const verdict = slot.monitor.check(slot.memory, observation);
      slot.memory = verdict.state;
      if (verdict.message !== undefined) {
        cause ??= causeOf(isRoot, event, priorContext);
        slot.violations.push({ at, seq: entry.seq, cause, message: verdict.message });
      }
    }
    for (const sink of this.sinks) sink.send(observation);
  }

  private inspect(event: InspectionEvent): void {
    if (this.restoring) return;
    this.options.inspect?.(event);
    if (event.type === '@xstate.microstep') {
      this.currentEvent.set(event.actorRef as AnyActorRef, event.event);
    } else if (
      event.type === '@xstate.event' &&
      event.sourceRef &&
      this.lastState.has(event.sourceRef as AnyActorRef)
    ) {
      // An actor's new state is committed before the events it sends are delivered, but
      // announced after them: record the sender first so the trace keeps causal order.
      const source = event.sourceRef as AnyActorRef;
      const committed = source.getSnapshot() as AnyMachineSnapshot;
      if (committed === this.lastSnapshot.get(source)) return;
      if (
        committed.context !== this.lastContext.get(source) ||
        formatState(committed.value) !== this.lastState.get(source)
      ) {
        this.observe(source, this.currentEvent.get(source) ?? event.event, committed);
      }
    } else if (event.type === '@xstate.snapshot' && 'value' in event.snapshot) {
      this.observe(
        event.actorRef as AnyActorRef,
        event.event,
        event.snapshot as AnyMachineSnapshot,
      );
    }
  }

  /** Runs to the end (from the start, or from the checkpoint it was restored from). */
  run(boundaries: Boundaries = {}): Run {
    const { scenario, actor, clock } = this;
    const maxTime = this.options.maxTime ?? this.prepared.bound;
    if (!this.resumed) {
      actor.start();
      for (const fault of scenario.faults) {
        if (!('at' in fault.when)) continue;
        const index = fault.index;
        if (fault.when.at === 0) actor.send({ type: 'fault.inject', index });
        else {
          clock.setTimeout(() => {
            // A fault due after the procedure settled has nothing left to strike.
            if (actor.getSnapshot().status === 'active')
              actor.send({ type: 'fault.inject', index });
          }, fault.when.at);
        }
      }
      actor.send({ type: 'procedure.start' });
      if (boundaries.after?.(this, 0) === 'stop') return this.finish(false, true);
    }
    let stalled = false;
    while (actor.getSnapshot().status === 'active') {
      const next = clock.nextDue();
      if (next === undefined || next > maxTime || this.firings + 1 > MAX_TICKS) {
        stalled = true;
        // A bound stops the run while something is still due: say so, not that a step is blocked.
        const reason =
          next === undefined
            ? undefined
            : next > maxTime
              ? `the run reached its bound of ${formatDuration(maxTime)} of virtual time; the next event was due at ${formatDuration(next)}`
              : `the run reached its bound of ${String(MAX_TICKS).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} timer firings`;
        actor.send(
          reason === undefined
            ? { type: 'procedure.stall' }
            : { type: 'procedure.stall', bound: reason },
        );
        break;
      }
      clock.set(next);
      this.firings++;
      if (boundaries.after?.(this, this.firings) === 'stop') return this.finish(false, true);
    }
    return this.finish(stalled);
  }

  /**
   * Ends the run and reports it. `cut`: a boundary stopped it before the procedure ended (the
   * explorer stops a run that reached a state another run had been in), so the checks made at
   * the end do not apply, and the report covers the run so far.
   */
  private finish(stalled: boolean, cut = false): Run {
    const { scenario, actor, clock, world, trace, seq } = this;
    const end = clock.now();
    const finalState = formatState(actor.getSnapshot().value);
    const outcome = FINAL_OUTCOME[finalState] ?? 'stuck';
    const context = this.lastProcedure ?? actor.getSnapshot().context;
    // A run cut short is dropped whole, clock and all: stopping each of its actors first
    // would only spend time (6–7% of exploring the 20-host Cluster).
    if (!cut) actor.stop();

    for (const sink of this.sinks) sink.stop?.(world);
    const groups = this.availability.finish(end);
    const invariants = this.slots.map((slot) => {
      // A run cut short has not ended: what monitors check at the end does not apply yet.
      const message = cut ? undefined : slot.monitor.finish?.(slot.memory, world);
      // What a run leaves behind at its end is the procedure's to answer for, whatever faults
      // struck on the way: a procedure must settle (waiting without end for a host that never
      // returns is a decision it failed to take — abort or roll back), and only its own steps
      // change a setting such as preemption, so only they can leave it wrong. A fault's own
      // consequences are charged where they struck, to the transition that made them.
      const violations: readonly Violation[] =
        message === undefined
          ? slot.violations
          : [
              ...slot.violations,
              { at: end, seq: Math.max(0, seq - 1), cause: 'procedure', message },
            ];
      return { id: slot.monitor.id, holds: violations.length === 0, violations };
    });
    const seed = this.options.seed ?? scenario.seed;
    const report = buildReport({
      scenario,
      seed,
      ...(this.options.chances === false
        ? {}
        : { hadChance: (index: number) => hadChance(scenario, index, seed, this.options.maxTime) }),
      outcome,
      reason:
        context.reason ??
        (stalled && outcome === 'stuck' ? 'the procedure stopped making progress' : undefined),
      context,
      timings: this.timings,
      decisionTimes: this.decisionTimes,
      world,
      duration: end,
      workloads: this.availability.report(world),
      invariants,
      trace,
    });
    return {
      scenario,
      plan: this.plan,
      report,
      groups,
      frames: this.frames,
      fired: context.fired,
      drawn: drawnDurations(
        scenario,
        itemsOf(context.steps),
        itemsOf(context.steps).map((step) => this.timings.get(step.id)?.role),
      ),
    };
  }
}

/**
 * A step as the trace names it: its number in the plan, its action and its host
 * (`5 install storage-2`). Pure.
 */
export function stepLabel(
  number: number,
  step: { readonly action: string; readonly host?: string | undefined },
): string {
  return `${number} ${step.action}${step.host ? ` ${step.host}` : ''}`;
}

/**
 * The fault a `fault.inject` event names: its index (a step's start raises it as `-1 - index`).
 * Pure.
 */
function faultIndexOf(event: EventObject): number | undefined {
  const index = (event as { readonly index?: unknown }).index;
  if (typeof index !== 'number') return undefined;
  return index < 0 ? -1 - index : index;
}

/**
 * Who made one transition: for a host, {@link movedByFault} on the event that moved it and its
 * context before; the procedure itself is moved by a fault only when a fault is injected into it
 * (its reactions to hosts' reports are its own decisions). Pure.
 */
function causeOf(isRoot: boolean, event: EventObject, prior: unknown): Cause {
  if (isRoot) return event.type === 'fault.inject' ? 'fault' : 'procedure';
  return movedByFault(event, prior as HostContext | undefined) ? 'fault' : 'procedure';
}

/**
 * Structural equality of plain data (JSON-like values, as contexts and memories are); a key
 * whose value is undefined counts as absent. Allocates nothing: the explorer compares runs at
 * every step.
 */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index++) if (!deepEqual(a[index], b[index])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  return sameFields(a as Record<string, unknown>, b as Record<string, unknown>);
}

/** {@link deepEqual} of two objects' fields, leaving out those named in `skip`. */
function sameFields(
  left: Readonly<Record<string, unknown>>,
  right: Readonly<Record<string, unknown>>,
  skip?: ReadonlySet<string>,
): boolean {
  let count = 0;
  for (const key of Object.keys(left)) {
    const value = left[key];
    if (value === undefined || skip?.has(key)) continue;
    count++;
    if (!deepEqual(value, right[key])) return false;
  }
  let theirs = 0;
  for (const key of Object.keys(right)) {
    if (right[key] !== undefined && !skip?.has(key)) theirs++;
  }
  return count === theirs;
}

function samePlacement(a: Placement, b: Placement): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [key, host] of a) if (b.get(key) !== host) return false;
  return true;
}

/** Whether two actors are in the same state, their contexts aside. */
function sameState(a: StateOnly, b: StateOnly): boolean {
  return a.status === b.status && deepEqual(a.value, b.value);
}

/** Whether two runs have the same timers pending, due after the same delays from `aNow` and `bNow`. */
function sameTimers(
  a: readonly PendingTimer[],
  aNow: number,
  b: readonly PendingTimer[],
  bNow: number,
): boolean {
  if (a.length !== b.length) return false;
  for (const [index, timer] of a.entries()) {
    const other = b[index] as PendingTimer;
    if (
      timer.source !== other.source ||
      timer.target !== other.target ||
      timer.id !== other.id ||
      timer.due - aNow !== other.due - bNow ||
      !deepEqual(timer.event, other.event)
    )
      return false;
  }
  return true;
}

/**
 * The procedure's snapshots compared, its faults aside: the first `inherited` must be the
 * same, the others spent. Which faults fired only shows in the report's warnings. `loose`:
 * the decision history aside too (see {@link RunningSession.sameAs}).
 */
function sameProcedure(a: StateOnly, b: StateOnly, inherited: number, loose: boolean): boolean {
  if (a.status !== b.status || !deepEqual(a.value, b.value)) return false;
  const mine = a.context as ProcedureContext;
  const theirs = b.context as ProcedureContext;
  for (let index = inherited; index < mine.faults.length; index++) {
    if ((mine.faults[index] as ProcedureContext['faults'][number]).remaining > 0) return false;
  }
  const kept = Math.min(inherited, mine.faults.length);
  if (kept !== Math.min(inherited, theirs.faults.length)) return false;
  for (let index = 0; index < kept; index++) {
    if (!deepEqual(mine.faults[index], theirs.faults[index])) return false;
  }
  return sameContext(mine, theirs, loose);
}

/** The fields of the procedure's context {@link sameContext} leaves out: its faults. */
const FAULT_FIELDS: ReadonlySet<string> = new Set(['faults', 'fired']);

/**
 * The fields a loose comparison leaves out besides: what only a decision reads (the decisions
 * taken so far, and the steps behind the cursor: a failure reads them, to plan its recovery;
 * see {@link sameStepsAhead}) and what only the report reads (the failovers counted, the reason
 * the procedure gives for how it ended).
 */
export const HISTORY_FIELDS: ReadonlySet<string> = new Set([
  ...FAULT_FIELDS,
  'decisions',
  'rules',
  'ruleUses',
  'reinstalled',
  'failovers',
  'reason',
  'steps',
  'cursor',
]);

/** The procedure's contexts compared, faults aside; `loose`: its history aside too. */
function sameContext(a: ProcedureContext, b: ProcedureContext, loose: boolean): boolean {
  const record = (context: ProcedureContext) =>
    context as unknown as Readonly<Record<string, unknown>>;
  if (!loose) return sameFields(record(a), record(b), FAULT_FIELDS);
  // The number of steps ahead first: it tells most runs that differ apart for nothing.
  return (
    a.steps.size - a.cursor === b.steps.size - b.cursor &&
    sameFields(record(a), record(b), HISTORY_FIELDS) &&
    sameStepsAhead(a, b) &&
    sameHistoryAhead(a, b)
  );
}

/** What the procedure reads of its record of the past from here on, no decision taken. */
function sameHistoryAhead(a: ProcedureContext, b: ProcedureContext): boolean {
  return pastReadAhead(a, false) === pastReadAhead(b, false);
}

/**
 * Whether two runs stand where they go on alike: the same machine states and contexts, the
 * same timers due after the same delays, the same monitor memories, the same VPS placement, and
 * no fault left to fire in either (which faults fired, and when, aside). From two such standings
 * the runs go on transition for transition alike, times shifted. `loose`: the record of the
 * past aside too (decisions taken, the steps behind the cursor, reinstalls counted, failovers
 * counted), as long as it decides nothing more: true only for a run that takes no decision from
 * there on, whose steps stay within the procedure's bound either way. Pure.
 */
export function sameStanding(a: Comparable, b: Comparable, loose: boolean): boolean {
  // The cheap tells first, the contexts last (as in `sameAs`).
  if (a.root.status !== b.root.status || !deepEqual(a.root.value, b.root.value)) return false;
  const rest = a.root.context as ProcedureContext;
  const others = b.root.context as ProcedureContext;
  if (!samePlacement(a.placement, b.placement)) return false;
  const offset = loose ? rest.cursor - others.cursor : 0;
  if (a.running?.id !== b.running?.id) return false;
  if (a.running && b.running) {
    if (a.running.index - offset !== b.running.index) return false;
    const mine = a.timings.get(a.running.id)?.start;
    const their = b.timings.get(b.running.id)?.start;
    if (mine === undefined || their === undefined) return false;
    if (a.now - mine !== b.now - their) return false;
  }
  if (!sameTimers(a.timers, a.now, b.timers, b.now)) return false;
  if (a.children.size !== b.children.size) return false;
  for (const [id, child] of a.children) {
    const other = b.children.get(id);
    if (!other || !sameState(child.snapshot, other.snapshot)) return false;
  }
  if (a.memories.length !== b.memories.length) return false;
  for (const [index, memory] of a.memories.entries()) {
    if (!deepEqual(memory, b.memories[index])) return false;
  }
  if (rest.faults.some((armed) => armed.remaining > 0)) return false;
  if (others.faults.some((armed) => armed.remaining > 0)) return false;
  if (!sameContext(rest, others, loose)) return false;
  for (const [id, child] of a.children) {
    const other = b.children.get(id) as { readonly snapshot: StateOnly };
    if (!deepEqual(child.snapshot.context, other.snapshot.context)) return false;
  }
  return true;
}

/**
 * Whether two procedures have the same steps from their cursors on: the step in progress and
 * those still to come, ids and all (ids are kept when steps are inserted before them). What
 * lies behind the cursors may differ, as it does after a recovery inserted its steps, except
 * where the VPSs were last stopped or started, which the downtime accounting reads
 * ({@link vpsStoppedBehind}); the rest of it only a failure's recovery plan and the wording of
 * violations read.
 */
function sameStepsAhead(
  a: Pick<ProcedureContext, 'steps' | 'cursor'>,
  b: Pick<ProcedureContext, 'steps' | 'cursor'>,
): boolean {
  const ahead = a.steps.size - a.cursor;
  if (ahead !== b.steps.size - b.cursor) return false;
  if (vpsStoppedBehind(a.steps, a.cursor) !== vpsStoppedBehind(b.steps, b.cursor)) return false;
  for (let k = 0; k < ahead; k++) {
    if (!deepEqual(itemAt(a.steps, a.cursor + k), itemAt(b.steps, b.cursor + k))) return false;
  }
  return true;
}

/**
 * Runs a scenario in virtual time: plans the procedure, starts the procedure machine with
 * XState's simulated clock, jumps from timer to timer until the procedure settles, checks
 * every invariant on every transition and accounts every workload's downtime.
 * Deterministic: the same scenario and seed give the same report, byte for byte.
 * @example
 * const { report } = simulate(parseScenario(text, 'x.yaml'));
 * report.outcome; // 'completed'
 */
export function simulate(scenario: Scenario, options: SimulateOptions = {}): Run {
  return new Session(prepare(scenario), options).run();
}

/**
 * Whether the scenario's fault `index`, which strikes by chance and did not strike in the run of
 * `seed`, had a chance to: the same run with the fault certain goes exactly as that run did up
 * to the fault's first chance, where it strikes. A fault that strikes in neither had none (its
 * step never ran on its target), which is the scenario's doing, not the seed's.
 */
export function hadChance(
  scenario: Scenario,
  index: number,
  seed: number,
  maxTime?: number,
): boolean {
  const certain: Scenario = {
    ...scenario,
    faults: scenario.faults.map((fault) => {
      if (fault.index !== index) return fault;
      const { probability: _chance, ...always } = fault;
      return always;
    }),
  };
  const run = new Session(prepare(certain), {
    seed,
    trace: false,
    chances: false,
    ...(maxTime === undefined ? {} : { maxTime }),
  }).run();
  return run.fired.includes(index);
}

/**
 * {@link simulate} for many runs of one scenario, as Monte Carlo makes one per seed: what every
 * run shares (the plan, the machine's input, the time bound) is worked out once, here. Each run
 * is the one `simulate(scenario, options)` gives.
 * @example
 * const run = simulator(scenario);
 * const outcomes = [1, 2, 3].map((seed) => run({ seed }).report.outcome);
 */
export function simulator(scenario: Scenario): (options?: SimulateOptions) => Run {
  const prepared = prepare(scenario);
  return (options = {}) => new Session(prepared, options).run();
}

/**
 * {@link simulator} for Monte Carlo: each run's figures alike, its report's warnings not told
 * apart by a run with each unfired chance fault made certain (a sample reads no warning; the
 * summary asks once, of a fault that struck in no sample).
 */
export function sampleSimulator(scenario: Scenario): (options?: SimulateOptions) => Run {
  const prepared = prepare(scenario);
  return (options = {}) => new Session(prepared, { ...options, chances: false }).run();
}

/** {@link simulate}, calling `boundaries` between timer firings (to take checkpoints). */
export function simulateWith(scenario: Scenario, boundaries: Boundaries): Run {
  return new Session(prepare(scenario), {}).run(boundaries);
}

/**
 * Carries a run on from `checkpoint` in a new actor system, with `faults` (and decision `rules`)
 * armed in addition to the ones the checkpoint's run had. The result equals a fresh run of
 * `scenario` (whose faults and `decisions:` are the checkpoint run's followed by these) as long
 * as none of `faults` could have fired, and none of `rules` could have matched a decision,
 * before the checkpoint.
 */
export function resumeFrom(
  scenario: Scenario,
  checkpoint: Checkpoint,
  faults: readonly FaultSpec[],
  boundaries: Boundaries = {},
  rules?: readonly DecisionRule[],
): Run {
  return new Session(
    prepare(scenario),
    {},
    {
      checkpoint,
      faults,
      ...(rules ? { rules } : {}),
    },
  ).run(boundaries);
}
