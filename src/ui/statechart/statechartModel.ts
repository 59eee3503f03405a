import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { childrenOf, readTransitions, stateKind, type StateKind } from '../../sim/machineGraph';

/**
 * The statechart as the machine definition describes it, before anything is placed: its states
 * (kinds, regions, the targetless transitions listed inside them) and its transitions grouped
 * into labelled edges. Read from the definition itself, so the drawing cannot drift from it.
 */

/** One transition as it is labelled on an edge. */
export interface EdgeTransition {
  /**
   * The event as the trace names it: `install.start`, `xstate.after.install` for a delayed
   * transition, `''` for an eventless (`always`) one.
   */
  readonly event: string;
  /** What the edge shows: `install.start`, `after install`, `always`. */
  readonly label: string;
  /** The guard as text, without brackets, when the transition has one. */
  readonly guard?: string;
}

/** A state of the machine; parents come before their children. */
export interface ModelState {
  /** The state node's id, e.g. `storageHost.lifecycle.installing`. */
  readonly id: string;
  /** The path from the root as `formatState` writes it (`lifecycle.installing`); `''` for the root. */
  readonly path: string;
  readonly key: string;
  readonly kind: StateKind;
  readonly parent?: string;
  readonly depth: number;
  /** A region of a parallel state. */
  readonly region: boolean;
  readonly description?: string;
  /** The id of the child a compound state starts in, when it names one. */
  readonly initial?: string;
  /** Targetless transitions handled by this state, one line each (`↻ gui.update`). */
  readonly internal: readonly ModelInternal[];
}

/** A targetless transition listed inside its state's box. */
interface ModelInternal {
  /** The id of the `self` edge it stands for. */
  readonly edge: string;
  readonly text: string;
}

/** The transitions between one source and one target, drawn as one labelled edge. */
interface ModelEdge {
  readonly id: string;
  /** Id of the source state. */
  readonly source: string;
  /** Id of the target state (the source itself for a targetless transition). */
  readonly target: string;
  /** `self` for targetless transitions: they are listed inside the source box, not drawn. */
  readonly kind: 'transition' | 'self';
  readonly transitions: readonly EdgeTransition[];
  /** The label's lines: each transition's label, its guard in brackets on the next line. */
  readonly lines: readonly string[];
}

export interface StatechartModel {
  /** The machine's id. */
  readonly id: string;
  readonly states: readonly ModelState[];
  readonly edges: readonly ModelEdge[];
}

function transitionText(t: EdgeTransition): string {
  return t.guard === undefined ? t.label : `${t.label} [${t.guard}]`;
}

/**
 * Reads a machine definition as states and labelled edges, one edge per source, target and kind,
 * in document order. Pure and deterministic.
 * @example readStatechart(storageHostMachine).states.find((s) => s.path === 'lifecycle.online')?.internal
 */
export function readStatechart(machine: AnyStateMachine): StatechartModel {
  const root = machine.root as AnyStateNode;
  interface Group {
    readonly source: AnyStateNode;
    readonly target: AnyStateNode;
    readonly self: boolean;
    readonly transitions: EdgeTransition[];
  }
  const groups: Group[] = [];
  const byKey = new Map<string, Group>();
  for (const t of readTransitions(root)) {
    const self = t.target === undefined;
    const target = t.target ?? t.source;
    const key = `${t.source.id}\u0000${target.id}\u0000${self ? 'self' : 'edge'}`;
    let group = byKey.get(key);
    if (!group) {
      group = { source: t.source, target, self, transitions: [] };
      byKey.set(key, group);
      groups.push(group);
    }
    group.transitions.push(
      t.guard === undefined
        ? { event: t.event, label: t.label }
        : { event: t.event, label: t.label, guard: t.guard },
    );
  }
  const edges: ModelEdge[] = groups.map((g, i) => ({
    id: `${g.self ? 'self' : 'edge'}:${g.source.id}->${g.target.id}#${i}`,
    source: g.source.id,
    target: g.target.id,
    kind: g.self ? 'self' : 'transition',
    transitions: g.transitions,
    lines: g.self
      ? [`↻ ${g.transitions.map(transitionText).join(', ')}`]
      : g.transitions.flatMap((t) =>
          t.guard === undefined ? [t.label] : [t.label, `[${t.guard}]`],
        ),
  }));

  const internal = new Map<string, ModelInternal[]>();
  for (const edge of edges) {
    if (edge.kind !== 'self') continue;
    const list = internal.get(edge.source) ?? [];
    list.push({ edge: edge.id, text: edge.lines[0] ?? '' });
    internal.set(edge.source, list);
  }

  const states: ModelState[] = [];
  const walk = (node: AnyStateNode) => {
    const parent = node.parent;
    const initial = stateKind(node) === 'compound' ? node.initial?.target?.[0] : undefined;
    const initialChild = initial ? childOn(node, initial) : undefined;
    const description = node.description;
    states.push({
      id: node.id,
      path: node.path.join('.'),
      key: node.key,
      kind: stateKind(node),
      ...(parent === undefined ? {} : { parent: parent.id }),
      depth: node.path.length,
      region: parent !== undefined && stateKind(parent) === 'parallel',
      ...(description === undefined ? {} : { description }),
      ...(initialChild === undefined ? {} : { initial: initialChild.id }),
      internal: internal.get(node.id) ?? [],
    });
    childrenOf(node).forEach(walk);
  };
  walk(root);
  return { id: root.id, states, edges };
}

/** The child of `ancestor` that is `node` or contains it; undefined when `node` is outside. */
function childOn(ancestor: AnyStateNode, node: AnyStateNode): AnyStateNode | undefined {
  let current: AnyStateNode | undefined = node;
  while (current && current.parent !== ancestor) current = current.parent;
  return current;
}
