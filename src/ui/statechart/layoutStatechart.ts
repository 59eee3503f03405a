import type { ElkNode } from 'elkjs/lib/elk-api';
import type { AnyStateMachine } from 'xstate';
import { buildElkGraph } from './elkGraph';
import { toLayout, type StatechartLayout } from './fromElk';
import { readStatechart } from './statechartModel';

/** Something that lays an ELK graph out: ELK in a worker in the app, ELK itself in tests. */
export type ElkLayout = (graph: ElkNode) => Promise<ElkNode>;

/** ELK in a worker, loaded on first use so the app's first load does not carry it. */
export const layoutInWorker: ElkLayout = async (graph) =>
  (await import('./elkInWorker')).layoutInWorker(graph);

/**
 * Lays a machine's statechart out: reads the definition, builds the ELK graph, lets ELK place
 * states, routes and labels, and turns the result into what the SVG draws.
 * @example const layout = await layoutStatechart(storageHostMachine, layoutInWorker);
 */
export async function layoutStatechart(
  machine: AnyStateMachine,
  elk: ElkLayout,
): Promise<StatechartLayout> {
  const model = readStatechart(machine);
  return toLayout(model, await elk(buildElkGraph(model)));
}

const cache = new WeakMap<ElkLayout, WeakMap<AnyStateMachine, Promise<StatechartLayout>>>();
const done = new WeakMap<ElkLayout, WeakMap<AnyStateMachine, StatechartLayout>>();

/** A layout already computed by {@link cachedLayout}, to draw at once without waiting. */
export function knownLayout(
  machine: AnyStateMachine,
  elk: ElkLayout,
): StatechartLayout | undefined {
  return done.get(elk)?.get(machine);
}

/**
 * The layout of a machine, computed once per machine and engine and shared by every view
 * (switching hosts, tabs); a layout that failed is forgotten so the next view tries again.
 */
export function cachedLayout(machine: AnyStateMachine, elk: ElkLayout): Promise<StatechartLayout> {
  let byMachine = cache.get(elk);
  if (!byMachine) {
    byMachine = new WeakMap();
    cache.set(elk, byMachine);
  }
  const known = byMachine.get(machine);
  if (known) return known;
  const pending = layoutStatechart(machine, elk);
  byMachine.set(machine, pending);
  pending.then(
    (layout) => {
      const finished = done.get(elk) ?? new WeakMap<AnyStateMachine, StatechartLayout>();
      finished.set(machine, layout);
      done.set(elk, finished);
    },
    () => byMachine.delete(machine),
  );
  return pending;
}
