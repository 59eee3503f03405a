import type { AnyStateMachine, AnyStateNode } from 'xstate';

/**
 * Reading an XState machine definition as states and transitions: the one reader behind the
 * debugger's statechart and `rehearse machines`. It reads the definition itself (`machine.root`,
 * each node's `transitions`, `after` and `always`), so neither can drift from the machines.
 */

/** How a state node is drawn and exported. */
export type StateKind = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

/** One transition of the definition, in document order. */
export interface MachineTransition {
  readonly source: AnyStateNode;
  /** Absent for a transition without a target (it runs actions and stays where it is). */
  readonly target: AnyStateNode | undefined;
  /**
   * The event as the trace names it: `install.start`, `xstate.after.install` for a delayed
   * transition, `''` for an eventless (`always`) one.
   */
  readonly event: string;
  /** The event as the definition spells it (`xstate.after.install.storageHost.lifecycle.installing`). */
  readonly eventType: string;
  /** What an edge shows: `install.start`, `after install`, `always`. */
  readonly label: string;
  /** The guard as text, without brackets, when the transition has one. */
  readonly guard?: string;
  /** A delayed transition's delay: milliseconds, or the name of a delay the machine computes. */
  readonly delay?: number | string;
  /** The actions the transition runs, as the definition holds them. */
  readonly actions: readonly unknown[];
}

/** A node's child states, in definition order. Pure. */
export function childrenOf(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states ?? {}) as AnyStateNode[];
}

/** What kind of state a node is. Pure. */
export function stateKind(node: AnyStateNode): StateKind {
  const type = node.type as string;
  if (type === 'parallel' || type === 'final' || type === 'history') return type;
  return childrenOf(node).length > 0 ? 'compound' : 'atomic';
}

/** A history node's depth: `deep` or `shallow` (XState's default). Pure. */
export function historyDepth(node: AnyStateNode): 'deep' | 'shallow' {
  return (node as { history?: unknown }).history === 'deep' ? 'deep' : 'shallow';
}

/** The key of a compound node's initial child, when it has one. Pure. */
export function initialKey(node: AnyStateNode): string | undefined {
  const initial = (node.config as { initial?: unknown }).initial;
  return typeof initial === 'string' ? initial : undefined;
}

function formatStateValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return String(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([key, child]) => `${key}.${formatStateValue(child)}`)
    .join(', ');
}

function formatParam(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  return JSON.stringify(value);
}

/** Describes a guard as text: `hasFault: power-loss`, `preempts && in(lifecycle.booted)`. Pure. */
export function formatGuard(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const fn = guard as { name?: string; guards?: unknown; guard?: unknown; stateValue?: unknown };
    if (Array.isArray(fn.guards)) {
      const op = fn.name === 'or' ? ' || ' : ' && ';
      return fn.guards.map((g) => formatGuard(g)).join(op);
    }
    if (fn.name === 'not' && Array.isArray(fn.guards)) return `!${formatGuard(fn.guards[0])}`;
    if (fn.stateValue !== undefined) return `in(${formatStateValue(fn.stateValue)})`;
    return 'guard';
  }
  if (guard !== null && typeof guard === 'object' && 'type' in guard) {
    const { type, params } = guard as { type: unknown; params?: unknown };
    const name = typeof type === 'string' ? type : 'guard';
    if (params === undefined || typeof params === 'function') return name;
    if (params !== null && typeof params === 'object') {
      const values = Object.values(params as Record<string, unknown>).map(formatParam);
      return values.length > 0 ? `${name}: ${values.join(', ')}` : name;
    }
    return `${name}: ${formatParam(params)}`;
  }
  return 'guard';
}

/**
 * Names an event the way the trace does: delayed events lose the state id XState appends
 * (`xstate.after.install.host.lifecycle.installing` → `xstate.after.install`). Pure.
 */
export function traceEventName(type: string): string {
  if (!type.startsWith('xstate.after.')) return type;
  const delay = type.slice('xstate.after.'.length).split('.')[0] ?? '';
  return `xstate.after.${delay}`;
}

/** A delay as a label: `300000ms`, or the name of the delay the machine computes. Pure. */
export function delayName(delay: number | string): string {
  return typeof delay === 'number' ? `${delay}ms` : delay;
}

interface TransitionLike {
  readonly guard?: unknown;
  readonly target?: readonly AnyStateNode[] | undefined;
  readonly actions?: unknown;
}

/** Every transition under `root` (itself included), in document order. Pure. */
export function readTransitions(root: AnyStateNode): MachineTransition[] {
  const out: MachineTransition[] = [];
  const push = (
    source: AnyStateNode,
    def: TransitionLike,
    eventType: string,
    label: string,
    delay?: number | string,
  ) => {
    const guard = def.guard === undefined ? undefined : formatGuard(def.guard);
    const targets = def.target && def.target.length > 0 ? def.target : [undefined];
    for (const target of targets) {
      out.push({
        source,
        target,
        event: traceEventName(eventType),
        eventType,
        label,
        actions: Array.isArray(def.actions) ? (def.actions as unknown[]) : [],
        ...(guard === undefined ? {} : { guard }),
        ...(delay === undefined ? {} : { delay }),
      });
    }
  };
  const walk = (node: AnyStateNode) => {
    const delayed = new Map<string, number | string>();
    for (const def of node.after) {
      const delay: unknown = def.delay;
      delayed.set(
        String(def.eventType),
        typeof delay === 'number' || typeof delay === 'string' ? delay : 'delay',
      );
    }
    for (const [eventType, defs] of node.transitions) {
      const delay = delayed.get(eventType);
      const label = delay === undefined ? eventType : `after ${delayName(delay)}`;
      for (const def of defs) push(node, def, eventType, label, delay);
    }
    for (const def of node.always ?? []) push(node, def, '', 'always');
    for (const child of childrenOf(node)) walk(child);
  };
  walk(root);
  return out;
}

/** Every state node under a machine's root (the root first), depth first. Pure. */
export function statesOf(machine: AnyStateMachine): AnyStateNode[] {
  const out: AnyStateNode[] = [];
  const walk = (node: AnyStateNode) => {
    out.push(node);
    childrenOf(node).forEach(walk);
  };
  walk(machine.root as AnyStateNode);
  return out;
}
