/**
 * Everything the engine does with XState beyond its documented API, in one place: the inspection
 * dispatcher, the scheduler of delayed events and its pending
 * list, the shape of a snapshot XState restores an actor system from, and the type of a delayed
 * event. `xstateInternals.test.ts` asserts each behaviour relied on here, so an upgrade of XState
 * that changes one fails there, in one place, rather than somewhere in the runner or the explorer.
 * @internal
 */
import {
  type AnyActorRef,
  type AnyMachineSnapshot,
  type EventObject,
  type InspectionEvent,
  type Snapshot,
} from 'xstate';

/** The inspection events the runner reads; XState also announces every action and actor. */
type Observed = Exclude<InspectionEvent['type'], '@xstate.action' | '@xstate.actor'>;

const OBSERVED: ReadonlySet<string> = new Set<Observed>([
  '@xstate.event',
  '@xstate.microstep',
  '@xstate.snapshot',
]);

type ActorSystem = AnyActorRef['system'];

/**
 * Hands `listener` the inspection events of `system` straight from XState's dispatcher, and
 * only the kinds the runner reads (events, microsteps, snapshots). XState's public `inspect`
 * option copies every event (to add its root id) and also announces each action executed and
 * each actor created; on an HA-pair run, skipping that costs about 6% fewer instructions.
 *
 * `_sendInspectionEvent` is XState's own dispatcher, not public API. Where a version lacks it
 * this returns false and changes nothing, so the `inspect` option the actor was created with
 * keeps delivering every event. Events dispatched this way carry no `rootId`.
 */
export function listenDirectly(
  system: ActorSystem,
  listener: (event: InspectionEvent) => void,
): boolean {
  const internals = system as { _sendInspectionEvent?: unknown };
  if (typeof internals._sendInspectionEvent !== 'function') return false;
  internals._sendInspectionEvent = (event: InspectionEvent) => {
    if (OBSERVED.has(event.type)) listener(event);
  };
  return true;
}

/** The key XState files a scheduled delayed event under: its source's session id and its id. */
function scheduleKey(source: AnyActorRef, id: string): string {
  return `${source.sessionId}.${id}`;
}

/**
 * Calls `noted` with the key and the delay of every delayed event `system` schedules from now
 * on (a state's `after`, a delayed send), before XState schedules it as it would have.
 */
export function watchSchedule(
  system: ActorSystem,
  noted: (key: string, delay: number) => void,
): void {
  const scheduler = system.scheduler;
  const schedule = scheduler.schedule.bind(scheduler);
  scheduler.schedule = (source, target, event, delay, id) => {
    if (id !== undefined) noted(scheduleKey(source, id), delay);
    schedule(source, target, event, delay, id);
  };
}

/** A delayed event XState has pending. */
interface PendingDelayed {
  /** The key {@link watchSchedule} reported it under. */
  readonly key: string;
  readonly source: AnyActorRef;
  readonly target: AnyActorRef;
  readonly event: EventObject;
  readonly id: string;
}

/** The delayed events `system` has pending, in the order they were scheduled. */
export function pendingDelayed(system: ActorSystem): PendingDelayed[] {
  const pending: PendingDelayed[] = [];
  const scheduled = system.getSnapshot()._scheduledEvents;
  for (const [key, entry] of Object.entries(scheduled)) {
    if (entry.id === undefined) continue;
    pending.push({
      key,
      source: entry.source,
      target: entry.target,
      event: entry.event,
      id: entry.id,
    });
  }
  return pending;
}

/** Schedules a delayed event again (a restored system has dropped the ones pending). */
export function scheduleDelayed(
  system: ActorSystem,
  timer: {
    readonly source: AnyActorRef;
    readonly target: AnyActorRef;
    readonly event: EventObject;
    readonly delay: number;
    readonly id: string;
  },
): void {
  system.scheduler.schedule(timer.source, timer.target, timer.event, timer.delay, timer.id);
}

/** A child actor to restore: its snapshot, its logic and its system id. */
export interface ChildToRestore {
  readonly snapshot: AnyMachineSnapshot;
  readonly src: unknown;
  readonly systemId?: string;
}

/**
 * What XState restores an actor system from (`createActor(logic, { snapshot })`): a machine
 * snapshot without its functions, with `context` in place of the root's, and each child by its
 * logic (`src`) and system id. Restored, the system has no delayed events pending: schedule
 * them again with {@link scheduleDelayed}.
 */
export function restorableSnapshot(
  root: AnyMachineSnapshot,
  context: unknown,
  children: ReadonlyMap<string, ChildToRestore>,
): Snapshot<unknown> {
  const plain = (snapshot: AnyMachineSnapshot, ctx: unknown, kids: Record<string, unknown>) => ({
    status: snapshot.status,
    value: snapshot.value as unknown,
    context: ctx,
    output: snapshot.output as unknown,
    error: snapshot.error,
    historyValue: snapshot.historyValue,
    children: kids,
  });
  const kids: Record<string, unknown> = {};
  for (const [id, child] of children) {
    kids[id] = {
      snapshot: plain(child.snapshot, child.snapshot.context, {}),
      src: child.src,
      systemId: child.systemId,
      syncSnapshot: false,
    };
  }
  return plain(root, context, kids) as unknown as Snapshot<unknown>;
}

const AFTER = 'xstate.after.';

/**
 * The name a trace gives an event: XState's delayed events carry the id of the state that
 * scheduled them, `xstate.after.install.storageHost.lifecycle.installing` → `xstate.after.install`.
 * Pure.
 */
export function shortEvent(type: string): string {
  if (!type.startsWith(AFTER)) return type;
  return `${AFTER}${type.slice(AFTER.length).split('.')[0] ?? ''}`;
}
