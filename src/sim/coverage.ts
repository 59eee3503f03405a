import type { AnyStateMachine } from 'xstate';
import { toDirectedGraph, type DirectedGraphNode } from 'xstate/graph';
import { HOST_MACHINES, MACHINES, procedureMachine } from '../../machines';
import type { Scenario, TraceEntry } from './types';
import { shortEvent } from './xstateInternals';

/** What the coverage of one machine counts. */
export interface MachineCoverage {
  readonly machine: string;
  readonly states: { readonly visited: number; readonly total: number };
  readonly transitions: { readonly visited: number; readonly total: number };
  /** Leaf states never entered, as `region.state`. */
  readonly unvisitedStates: readonly string[];
  /** Transitions never taken, as `source --event--> target`. */
  readonly unvisitedTransitions: readonly string[];
}

interface Graph {
  readonly id: string;
  /** Leaf state paths relative to the machine (`lifecycle.online`, `running.onHost`). */
  readonly leaves: readonly string[];
  /** Transitions as `source|event|target`, paths relative to the machine. */
  readonly edges: readonly string[];
  /** States left at once by an eventless transition: never seen in a trace. */
  readonly transient: ReadonlySet<string>;
}

const graphs = new Map<AnyStateMachine, Graph>();

function relative(machineId: string, nodeId: string): string {
  return nodeId === machineId ? '' : nodeId.slice(machineId.length + 1);
}

/** The machine's leaf states and transitions, from its own definition (`xstate/graph`). */
function graphOf(machine: AnyStateMachine): Graph {
  const cached = graphs.get(machine);
  if (cached) return cached;
  const root = toDirectedGraph(machine);
  const leaves: string[] = [];
  const edges: string[] = [];
  const transient = new Set<string>();
  const walk = (node: DirectedGraphNode) => {
    if (node.children.length === 0 && node.id !== root.id) leaves.push(relative(root.id, node.id));
    if (node.stateNode.always?.length) transient.add(relative(root.id, node.id));
    for (const edge of node.edges) {
      edges.push(
        `${relative(root.id, edge.source.id)}|${shortEvent(edge.label.text)}|${relative(root.id, edge.target.id)}`,
      );
    }
    node.children.forEach(walk);
  };
  walk(root);
  const graph = { id: root.id, leaves, edges: [...new Set(edges)], transient };
  graphs.set(machine, graph);
  return graph;
}

/** `running.onHost` → ['running.onHost', 'running']. Pure. */
function ancestorsOf(path: string): string[] {
  const parts = path.split('.');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('.'));
}

/** `lifecycle.online, role.primary` → ['lifecycle.online', 'role.primary']. Pure. */
function regionsOf(state: string): string[] {
  return state.split(', ').filter((part) => part.length > 0);
}

/** What runs visited, per machine id: leaf states and `source|event|target` transitions. */
export type VisitedMap = Record<string, { states: string[]; edges: string[] }>;

const ALL_MACHINES: readonly AnyStateMachine[] = MACHINES;

/** Accumulates which states and transitions runs visited, per machine. */
export class CoverageCollector {
  private readonly visitedStates = new Map<AnyStateMachine, Set<string>>();
  private readonly visitedEdges = new Map<AnyStateMachine, Set<string>>();

  /** What was visited, as plain data (to send from a worker). */
  toJSON(): VisitedMap {
    const out: VisitedMap = {};
    for (const machine of ALL_MACHINES) {
      const states = this.visitedStates.get(machine);
      if (!states) continue;
      out[machine.id] = {
        states: [...states].sort(),
        edges: [...(this.visitedEdges.get(machine) ?? [])].sort(),
      };
    }
    return out;
  }

  /** Adds what another collector (a worker's) visited. */
  merge(visited: VisitedMap): void {
    for (const machine of ALL_MACHINES) {
      const part = visited[machine.id];
      if (!part) continue;
      const states = this.set(this.visitedStates, machine);
      for (const state of part.states) states.add(state);
      const edges = this.set(this.visitedEdges, machine);
      for (const edge of part.edges) edges.add(edge);
    }
  }

  /** Transitions already counted, as `machine|before|event|after`: each is worked out once. */
  private readonly seen = new Set<string>();

  /**
   * Adds what one run visited: its trace entries from `from` on (the ones before are another
   * run's, counted with it), `before` giving each actor's state just before `from`.
   */
  add(
    scenario: Scenario,
    trace: readonly TraceEntry[],
    from = 0,
    before: ReadonlyMap<string, string> = new Map(),
  ): void {
    const kinds = new Map(scenario.hosts.map((host) => [host.name, host.kind]));
    const last = new Map(before);
    for (let index = from; index < trace.length; index++) {
      const entry = trace[index] as TraceEntry;
      const machine =
        entry.actor === 'procedure'
          ? procedureMachine
          : HOST_MACHINES[kinds.get(entry.actor) ?? 'server'];
      const previousState = last.get(entry.actor);
      last.set(entry.actor, entry.state);
      const key = `${machine.id}|${previousState ?? ''}|${entry.event}|${entry.state}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      const states = this.set(this.visitedStates, machine);
      const edges = this.set(this.visitedEdges, machine);
      const now = regionsOf(entry.state);
      for (const leaf of now) states.add(leaf);
      if (previousState === undefined) continue;
      const previous = regionsOf(previousState);
      const event = shortEvent(entry.event);
      edges.add(`*|${event}|*`);
      for (const from of previous) edges.add(`${from}|${event}|*`);
      for (const [index, leaf] of now.entries()) {
        const from = previous[index] ?? leaf;
        // A transition may name a compound state as source or target (`running`): count its
        // ancestors as well as the leaves the trace shows.
        for (const source of ancestorsOf(from)) {
          for (const target of ancestorsOf(leaf)) edges.add(`${source}|${event}|${target}`);
        }
        // A transition declared on the region (or on the machine) itself, such as a crash.
        const region = leaf.split('.')[0] ?? '';
        edges.add(`${region}|${event}|${leaf}`);
        edges.add(`|${event}|${leaf}`);
      }
    }
  }

  private set(map: Map<AnyStateMachine, Set<string>>, machine: AnyStateMachine): Set<string> {
    let set = map.get(machine);
    if (!set) {
      set = new Set();
      map.set(machine, set);
    }
    return set;
  }

  /** Coverage of every machine that appeared, procedure first. */
  report(): MachineCoverage[] {
    const machines = ALL_MACHINES.filter((m) => this.visitedStates.has(m));
    return machines.map((machine) => {
      const graph = graphOf(machine);
      const states = this.visitedStates.get(machine) ?? new Set<string>();
      const edges = this.visitedEdges.get(machine) ?? new Set<string>();
      // Transient states (left at once by an eventless transition) never show in a trace.
      const relevantLeaves = graph.leaves.filter((leaf) => !graph.transient.has(leaf));
      const unvisitedStates = relevantLeaves.filter((leaf) => !states.has(leaf));
      const taken = (edge: string) => {
        if (edges.has(edge)) return true;
        const [source = '', event = '', target = ''] = edge.split('|');
        // Into a transient state: seen as the event leaving the source, wherever it led.
        if (graph.transient.has(target) || graph.transient.has(source))
          return edges.has(`*|${event}|*`);
        // A transition that stays put (an action only): seen as the event happening.
        if (source === target || source === '') return edges.has(`*|${event}|*`);
        return false;
      };
      const unvisitedTransitions = graph.edges.filter((edge) => !taken(edge));
      return {
        machine: graph.id,
        states: {
          visited: relevantLeaves.length - unvisitedStates.length,
          total: relevantLeaves.length,
        },
        transitions: {
          visited: graph.edges.length - unvisitedTransitions.length,
          total: graph.edges.length,
        },
        unvisitedStates,
        unvisitedTransitions: unvisitedTransitions.map((edge) => {
          const [source, event, target] = edge.split('|');
          return `${source || '(machine)'} --${event ?? ''}--> ${target ?? ''}`;
        }),
      };
    });
  }
}
