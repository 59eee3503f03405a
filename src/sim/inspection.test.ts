import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  assign,
  createActor,
  createMachine,
  sendTo,
  type AnyActorRef,
  type InspectionEvent,
} from 'xstate';
import { listenDirectly } from './inspection';
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
