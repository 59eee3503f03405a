import {
  createActor,
  type AnyActorRef,
  type AnyMachineSnapshot,
  type InspectionEvent,
} from 'xstate';
import type { ProcedureContext } from '../../machines/procedureMachine';
import { procedureMachine } from '../../machines/procedureMachine';
import { AvailabilityTracker, type WorkloadGroup } from './availability';
import { VirtualClock } from './clock';
import { monitorsFor, type Monitor } from './monitors/invariants';
import { planProcedure } from './planner';
import { buildReport } from './report';
import type { Outcome, PlannedStep, Report, Role, Scenario, TraceEntry, Violation } from './types';
import {
  formatState,
  hostStateOf,
  procedureStateOf,
  shortEvent,
  type HostState,
  type Observation,
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
}

/** Start and end of each step, by step id. */
export interface StepTiming {
  start?: number;
  end?: number;
}

/** What one trace entry left behind: the host that moved, or the procedure. */
export interface Frame {
  readonly host?: HostState;
  readonly procedure?: ProcedureState;
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
}

const THIRTY_DAYS = 30 * 24 * 3_600_000;
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
  const seed = options.seed ?? scenario.seed;
  const maxTime = options.maxTime ?? THIRTY_DAYS;
  const plan = planProcedure(scenario);
  const clock = new VirtualClock();
  const roles = new Map<string, Role>(scenario.hosts.map((host) => [host.name, host.role]));
  const hosts = new Map<string, HostState>();
  for (const spec of scenario.hosts) {
    hosts.set(spec.name, {
      name: spec.name,
      kind: spec.kind,
      role: spec.role,
      lifecycle: 'online',
      version: scenario.version.from,
      serving: true,
      ready: true,
      maintenance: false,
      leading: spec.role === 'primary' || spec.role === 'active',
      poolOnline: true,
      servicesUp: true,
      preemption: spec.kind === 'device' && scenario.policy.preemption === 'enabled',
    });
  }
  let procedure: ProcedureState = {
    state: 'ready',
    stepNumber: 1,
    backedUp: [],
    syncVerified: false,
    precheckPassed: false,
    interrupted: [],
    final: false,
  };
  const versions = [scenario.version.from, ...scenario.path];
  const world: { -readonly [K in keyof World]: World[K] } = {
    system: scenario.system,
    versions,
    order: scenario.hosts.map((host) => host.name),
    hosts,
    procedure,
  };
  const availability = new AvailabilityTracker(scenario.system, scenario.workloads, world);
  const slots: MonitorSlot[] = monitorsFor(scenario.system).map((monitor) => ({
    monitor,
    memory: monitor.init(world),
    violations: [],
  }));
  const sinks = options.sinks ?? [];
  for (const sink of sinks) sink.start?.(world);

  const trace: TraceEntry[] = [];
  const frames: Frame[] = [];
  const lastState = new Map<AnyActorRef, string>();
  const lastContext = new Map<AnyActorRef, unknown>();
  const timings = new Map<number, StepTiming>();
  const rootRef: { current?: AnyActorRef } = {};
  let lastProcedure: ProcedureContext | undefined;

  // Steps are only ever inserted after the cursor, so a running step keeps its position.
  let running: { index: number; id: number } | undefined;
  const timeSteps = (context: ProcedureContext, at: number) => {
    if (running) {
      const step = context.steps[running.index];
      if (step?.id === running.id && step.status !== 'running') {
        const timing = timings.get(step.id);
        if (timing) timing.end = at;
        running = undefined;
      }
    }
    const step = context.steps[context.cursor];
    if (step?.status === 'running' && !timings.has(step.id)) {
      timings.set(step.id, { start: at });
      running = { index: context.cursor, id: step.id };
    } else if (step?.status === 'failed' && !timings.has(step.id)) {
      timings.set(step.id, { start: at, end: at });
    }
  };

  const currentEvent = new Map<AnyActorRef, string>();
  const observe = (actorRef: AnyActorRef, eventType: string, snapshot: AnyMachineSnapshot) => {
    const isRoot = actorRef === rootRef.current;
    const state = formatState(snapshot.value);
    if (lastState.get(actorRef) === state && lastContext.get(actorRef) === snapshot.context) return;
    lastState.set(actorRef, state);
    lastContext.set(actorRef, snapshot.context);
    const at = clock.now();
    let step: string | undefined;
    if (isRoot) {
      const context = snapshot.context as ProcedureContext;
      const current = context.steps[context.cursor];
      if (current)
        step = `${context.cursor + 1} ${current.action}${current.host ? ` ${current.host}` : ''}`;
    }
    const entry: TraceEntry = {
      seq: trace.length,
      at,
      actor: isRoot ? 'procedure' : actorRef.id,
      event: shortEvent(eventType),
      state,
      ...(step !== undefined ? { step } : {}),
    };
    trace.push(entry);
    let before: HostState | undefined;
    let after: HostState | undefined;
    if (isRoot) {
      const context = snapshot.context as ProcedureContext;
      lastProcedure = context;
      timeSteps(context, at);
      procedure = procedureStateOf(snapshot);
      world.procedure = procedure;
    } else {
      before = hosts.get(actorRef.id);
      after = hostStateOf(snapshot, roles.get(actorRef.id) ?? 'server');
      hosts.set(actorRef.id, after);
    }
    frames.push(after ? { host: after } : { procedure });
    availability.update(world, after, at);
    const observation: Observation = after ? { entry, world, before, after } : { entry, world };
    for (const slot of slots) {
      const verdict = slot.monitor.check(slot.memory, observation);
      slot.memory = verdict.state;
      if (verdict.message !== undefined) {
        slot.violations.push({ at, seq: entry.seq, message: verdict.message });
      }
    }
    for (const sink of sinks) sink.send(observation);
  };

  const actor = createActor(procedureMachine, {
    clock,
    input: {
      system: scenario.system,
      ...(scenario.topology ? { topology: scenario.topology } : {}),
      from: scenario.version.from,
      path: scenario.path,
      hosts: scenario.hosts,
      steps: plan,
      explicit: scenario.plan !== 'auto',
      faults: scenario.faults,
      durations: scenario.durations,
      policy: scenario.policy,
      services: scenario.system === 'ha-pair' ? scenario.workloads.map((w) => w.name) : [],
    },
    inspect: (event) => {
      options.inspect?.(event);
      if (event.type === '@xstate.microstep') {
        currentEvent.set(event.actorRef as AnyActorRef, event.event.type);
      } else if (
        event.type === '@xstate.event' &&
        event.sourceRef &&
        lastState.has(event.sourceRef as AnyActorRef)
      ) {
        // An actor's new state is committed before the events it sends are delivered, but
        // announced after them: record the sender first so the trace keeps causal order.
        const source = event.sourceRef as AnyActorRef;
        const committed = source.getSnapshot() as AnyMachineSnapshot;
        if (
          committed.context !== lastContext.get(source) ||
          formatState(committed.value) !== lastState.get(source)
        ) {
          observe(source, currentEvent.get(source) ?? event.event.type, committed);
        }
      } else if (event.type === '@xstate.snapshot' && 'value' in event.snapshot) {
        observe(
          event.actorRef as AnyActorRef,
          event.event.type,
          event.snapshot as AnyMachineSnapshot,
        );
      }
    },
  });
  rootRef.current = actor;
  actor.start();
  for (const fault of scenario.faults) {
    if (!('at' in fault.when)) continue;
    const index = fault.index;
    if (fault.when.at === 0) actor.send({ type: 'fault.inject', index });
    else {
      clock.setTimeout(() => {
        // A fault due after the procedure settled has nothing left to strike.
        if (actor.getSnapshot().status === 'active') actor.send({ type: 'fault.inject', index });
      }, fault.when.at);
    }
  }
  actor.send({ type: 'procedure.start' });
  let stalled = false;
  let ticks = 0;
  while (actor.getSnapshot().status === 'active') {
    const next = clock.nextDue();
    if (next === undefined || next > maxTime || ++ticks > MAX_TICKS) {
      stalled = true;
      actor.send({ type: 'procedure.stall' });
      break;
    }
    clock.set(next);
  }
  const end = clock.now();
  const finalState = formatState(actor.getSnapshot().value);
  const outcome = FINAL_OUTCOME[finalState] ?? 'stuck';
  const context = lastProcedure ?? actor.getSnapshot().context;
  actor.stop();

  for (const sink of sinks) sink.stop?.(world);
  const groups = availability.finish(end);
  const invariants = slots.map((slot) => {
    const message = slot.monitor.finish?.(slot.memory, world);
    const violations =
      message === undefined
        ? slot.violations
        : [...slot.violations, { at: end, seq: Math.max(0, trace.length - 1), message }];
    return { id: slot.monitor.id, holds: violations.length === 0, violations };
  });
  const report = buildReport({
    scenario,
    seed,
    outcome,
    reason:
      context.reason ??
      (stalled && outcome === 'stuck' ? 'the procedure stopped making progress' : undefined),
    context,
    timings,
    world,
    duration: end,
    workloads: availability.report(world),
    invariants,
    trace,
  });
  return { scenario, plan, report, groups, frames };
}
