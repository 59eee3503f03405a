import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  assign,
  createActor,
  createMachine,
  sendTo,
  setup,
  spawnChild,
  type AnyActorRef,
  type AnyMachineSnapshot,
  type InspectionEvent,
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
import { scenarioFiles, scenarioPath } from '../../test/support/scenarioFiles';
import { parseScenario, simulate } from './index';

/** A parent that spawns a child, assigns and sends to it: every kind of inspection event. */
const child = createMachine({
  id: 'child',
  initial: 'idle',
  states: { idle: { on: { go: 'done' } }, done: {} },
});
const parent = createMachine({
  id: 'parent',
  context: { count: 0 },
  initial: 'waiting',
  entry: assign({ count: 1 }),
  invoke: { id: 'kid', src: child },
  states: {
    waiting: {
      on: {
        start: {
          target: 'started',
          actions: [
            assign({ count: ({ context }) => context.count + 1 }),
            sendTo('kid', { type: 'go' }),
          ],
        },
      },
    },
    started: { always: 'settled' },
    settled: {},
  },
});

/** What identifies an inspection event: its kind, the actor (the root by role) and its event. */
function describeEvent(event: InspectionEvent): string {
  const actor = (event.actorRef as AnyActorRef).id === 'kid' ? 'kid' : 'root';
  return 'event' in event ? `${event.type} ${actor} ${event.event.type}` : `${event.type} ${actor}`;
}

describe('listenDirectly', () => {
  it("should take XState's events, microsteps and snapshots from its dispatcher, in order", () => {
    const everything: InspectionEvent[] = [];
    const publicWay = createActor(parent, { inspect: (event) => everything.push(event) });
    publicWay.start();
    publicWay.send({ type: 'start' });

    const direct: InspectionEvent[] = [];
    const actor = createActor(parent);
    // Fails when XState no longer has the dispatcher: the runner would then fall back to the
    // slower public `inspect` option without anyone noticing.
    expect(listenDirectly(actor.system, (event) => direct.push(event))).toBe(true);
    actor.start();
    actor.send({ type: 'start' });

    const observed = everything.filter(
      (event) => event.type !== '@xstate.action' && event.type !== '@xstate.actor',
    );
    expect(everything.length).toBeGreaterThan(observed.length);
    expect(direct.map(describeEvent)).toEqual(observed.map(describeEvent));
    expect(new Set(direct.map((event) => event.type))).toEqual(
      new Set(['@xstate.event', '@xstate.microstep', '@xstate.snapshot']),
    );
  });

  it('should change nothing on a system without the dispatcher', () => {
    const system = {} as Parameters<typeof listenDirectly>[0];
    expect(listenDirectly(system, () => undefined)).toBe(false);
    expect(system).toEqual({});
  });

  it('should give the same report as the public inspect option on every scenario', () => {
    const files = scenarioFiles();
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const scenario = parseScenario(readFileSync(scenarioPath(file), 'utf8'), file);
      let events = 0;
      const direct = simulate(scenario);
      const publicWay = simulate(scenario, { inspect: () => void events++ });
      expect(events, file).toBeGreaterThan(0);
      expect(JSON.stringify(direct.report), file).toBe(JSON.stringify(publicWay.report));
      expect(JSON.stringify(direct.frames), file).toBe(JSON.stringify(publicWay.frames));
    }
  });
});

describe('VirtualClock', () => {
  it('should know its next due timer and fire every timer due, in order, when set', () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 2000);
    clock.setTimeout(() => fired.push('a'), 1000);
    const dropped = clock.setTimeout(() => fired.push('never'), 1500);
    clock.setTimeout(() => fired.push('c'), 3000);
    clock.clearTimeout(dropped);
    expect(clock.nextDue()).toBe(1000);
    clock.set(2000);
    expect(fired).toEqual(['a', 'b']);
    expect(clock.now()).toBe(2000);
    expect(clock.nextDue()).toBe(3000);
    clock.set(3000);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(clock.nextDue()).toBeUndefined();
  });
});

/** A child that waits `after` a delay, spawned with a system id by a parent that counts. */
const waiter = setup({ delays: { wait: 1000 } }).createMachine({
  id: 'waiter',
  initial: 'waiting',
  states: { waiting: { after: { wait: 'done' } }, done: {} },
});
const spawner = setup({
  types: { context: {} as { count: number } },
  actors: { waiter },
}).createMachine({
  id: 'spawner',
  context: { count: 0 },
  // Spawned with an id and a system id, as the procedure spawns its hosts.
  entry: spawnChild('waiter', { id: 'host-1', systemId: 'host-1' }),
  initial: 'idle',
  states: {
    idle: { on: { bump: { actions: assign({ count: ({ context }) => context.count + 1 }) } } },
  },
});

describe('delayed events', () => {
  it('should be scheduled through the scheduler, listed pending under the same key, and named after their delay', () => {
    const clock = new VirtualClock();
    const actor = createActor(waiter, { clock });
    const noted: [string, number][] = [];
    watchSchedule(actor.system, (key, delay) => noted.push([key, delay]));
    actor.start();
    expect(noted).toEqual([[expect.stringMatching(/\./) as unknown as string, 1000]]);
    const pending = pendingDelayed(actor.system);
    expect(
      pending.map(({ key, source, target, event }) => ({
        key,
        source,
        target,
        type: shortEvent(event.type),
      })),
    ).toEqual([{ key: noted[0]?.[0], source: actor, target: actor, type: 'xstate.after.wait' }]);
    expect(pending[0]?.event.type).toBe('xstate.after.wait.waiter.waiting');
    expect(clock.nextDue()).toBe(1000);
    clock.set(1000);
    expect(actor.getSnapshot().value).toBe('done');
    expect(pendingDelayed(actor.system)).toEqual([]);
  });
});

describe('restorableSnapshot', () => {
  it('should restore the root with a new context and each child by its system id, with no timers pending until scheduled again', () => {
    const first = createActor(spawner, { clock: new VirtualClock() });
    first.start();
    first.send({ type: 'bump' });
    const root = first.getSnapshot() as AnyMachineSnapshot;
    const children = new Map<string, ChildToRestore>();
    for (const [id, child] of Object.entries(root.children as Record<string, AnyActorRef>)) {
      children.set(id, {
        snapshot: child.getSnapshot() as AnyMachineSnapshot,
        src: child.src,
        systemId: id,
      });
    }
    const timers = pendingDelayed(first.system);
    expect(timers).toHaveLength(1);

    const clock = new VirtualClock();
    clock.set(400);
    const restored = createActor(spawner, {
      clock,
      snapshot: restorableSnapshot(root, { count: 7 }, children),
    });
    restored.start();
    const snapshot = restored.getSnapshot();
    expect(snapshot.value).toBe('idle');
    expect(snapshot.context).toEqual({ count: 7 });
    const child = restored.system.get('host-1') as AnyActorRef | undefined;
    expect((child?.getSnapshot() as AnyMachineSnapshot | undefined)?.value).toBe('waiting');
    // Persisted snapshots drop pending delayed events: the runner schedules them again.
    expect(pendingDelayed(restored.system)).toEqual([]);
    expect(clock.nextDue()).toBeUndefined();
    const timer = timers[0];
    if (!child || !timer) throw new Error('no child or timer');
    scheduleDelayed(restored.system, {
      source: child,
      target: child,
      event: timer.event,
      delay: 600,
      id: timer.id,
    });
    expect(clock.nextDue()).toBe(1000);
    clock.set(1000);
    expect((child.getSnapshot() as AnyMachineSnapshot).value).toBe('done');
  });
});

describe('inspection events', () => {
  it('should commit a new state before delivering the events it sends, and announce it after them', () => {
    const seen: string[] = [];
    const actor = createActor(parent, {
      inspect: (event) => {
        const ref = event.actorRef as AnyActorRef;
        if (event.type === '@xstate.microstep')
          seen.push(`microstep ${ref === actor ? 'root' : ref.id} ${event.event.type}`);
        if (event.type === '@xstate.event' && event.sourceRef === actor) {
          // What the runner reads when a sender's event shows before its snapshot.
          const committed = (actor.getSnapshot() as AnyMachineSnapshot).value as string;
          seen.push(`event ${event.event.type} from root (root already ${committed})`);
        }
        if (event.type === '@xstate.snapshot' && ref === actor)
          seen.push(`snapshot root ${(event.snapshot as AnyMachineSnapshot).value as string}`);
      },
    });
    actor.start();
    seen.length = 0;
    actor.send({ type: 'start' });
    // The eventless transition is a microstep of the same event; the child's step comes between.
    expect(seen).toEqual([
      'microstep root start',
      'microstep root start',
      'event go from root (root already settled)',
      'microstep kid go',
      'snapshot root settled',
    ]);
  });
});
