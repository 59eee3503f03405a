import type { AnyStateMachine, AnyStateNode } from 'xstate';
import {
  childrenOf,
  historyDepth,
  initialKey,
  readTransitions,
  stateKind,
  type MachineTransition,
} from './machineGraph';

/**
 * Machine definitions written out for other tools: a `createMachine` configuration as JSON (what
 * Stately's editor imports), a Mermaid state diagram, a Graphviz DOT graph and W3C SCXML. Each is
 * read from the definition by `machineGraph.ts`, so none can drift from the machines. Pure.
 */

/** The formats `rehearse machines --format` writes, with the file extension of each. */
export const MACHINE_FORMATS = {
  json: 'json',
  mermaid: 'mmd',
  dot: 'dot',
  scxml: 'scxml',
} as const;

export type MachineFormat = keyof typeof MACHINE_FORMATS;

/** A machine's states and transitions, read once for every format. */
interface Read {
  readonly machine: AnyStateMachine;
  readonly root: AnyStateNode;
  readonly transitions: readonly MachineTransition[];
  /** Transitions by the state they leave, in document order. */
  readonly from: ReadonlyMap<AnyStateNode, readonly MachineTransition[]>;
}

function read(machine: AnyStateMachine): Read {
  const root = machine.root as AnyStateNode;
  const transitions = readTransitions(root);
  const from = new Map<AnyStateNode, MachineTransition[]>();
  for (const t of transitions) {
    const list = from.get(t.source);
    if (list) list.push(t);
    else from.set(t.source, [t]);
  }
  return { machine, root, transitions, from };
}

/** An action as a name: its `type` when it has one (named and built-in actions), else `inline`. */
function actionName(action: unknown): string {
  if (typeof action === 'string') return action;
  if (action !== null && (typeof action === 'object' || typeof action === 'function')) {
    const { type } = action as { type?: unknown };
    if (typeof type === 'string') return type;
  }
  return 'inline';
}

function actionNames(actions: unknown): string[] {
  return (Array.isArray(actions) ? (actions as unknown[]) : []).map(actionName);
}

// --- createMachine configuration (JSON) ------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function transitionConfig(t: MachineTransition): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  if (t.target) out.target = `#${t.target.id}`;
  if (t.guard !== undefined) out.guard = t.guard;
  const names = actionNames(t.actions);
  if (names.length > 0) out.actions = names;
  return out;
}

/**
 * A machine as the configuration `createMachine` takes: states nested as in the definition,
 * targets as `#id`, guards, actions and delays by name (their code stays in Rehearse). Pure.
 */
export function machineConfig(machine: AnyStateMachine): { [key: string]: Json } {
  const { root, from } = read(machine);
  const node = (state: AnyStateNode, top: boolean): { [key: string]: Json } => {
    const out: { [key: string]: Json } = top ? { id: machine.id } : {};
    const kind = stateKind(state);
    if (kind === 'parallel' || kind === 'final' || kind === 'history') out.type = kind;
    if (kind === 'history') out.history = historyDepth(state);
    const initial = initialKey(state);
    if (initial !== undefined) out.initial = initial;
    const entry = actionNames(state.entry);
    if (entry.length > 0) out.entry = entry;
    const exit = actionNames(state.exit);
    if (exit.length > 0) out.exit = exit;
    const on: { [key: string]: Json } = {};
    const after: { [key: string]: Json } = {};
    const always: Json[] = [];
    for (const t of from.get(state) ?? []) {
      const config = transitionConfig(t);
      const push = (group: { [key: string]: Json }, key: string) => {
        const list = group[key];
        if (Array.isArray(list)) list.push(config);
        else group[key] = [config];
      };
      if (t.event === '') always.push(config);
      else if (t.delay !== undefined) push(after, String(t.delay));
      else push(on, t.eventType);
    }
    if (Object.keys(on).length > 0) out.on = on;
    if (Object.keys(after).length > 0) out.after = after;
    if (always.length > 0) out.always = always;
    const children = childrenOf(state);
    if (children.length > 0) {
      const states: { [key: string]: Json } = {};
      for (const child of children) states[child.key] = node(child, false);
      out.states = states;
    }
    return out;
  };
  return node(root, true);
}

// --- Mermaid ---------------------------------------------------------------------------------

/** A Mermaid identifier for a state: its path below the root, `_`-joined. */
function mermaidId(root: AnyStateNode, state: AnyStateNode): string {
  const path = state === root ? root.id : state.id.slice(root.id.length + 1);
  return path.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Text Mermaid shows as it is: no line breaks, and none of the characters its syntax uses. */
function mermaidText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[;{}"]/g, ' ');
}

function edgeLabel(t: MachineTransition): string {
  const label = t.guard === undefined ? t.label : `${t.label} [${t.guard}]`;
  return t.target ? label : `${label} (stays)`;
}

/** The innermost state that holds both ends of a transition: where Mermaid wants it drawn. */
function commonParent(a: AnyStateNode, b: AnyStateNode): AnyStateNode | undefined {
  const above = new Set<AnyStateNode>();
  for (let node: AnyStateNode | undefined = a.parent; node; node = node.parent) above.add(node);
  for (let node: AnyStateNode | undefined = b.parent; node; node = node.parent)
    if (above.has(node)) return node;
  return undefined;
}

/** A machine as a Mermaid `stateDiagram-v2`. Pure. */
export function machineMermaid(machine: AnyStateMachine): string {
  const { root, transitions } = read(machine);
  const inside = new Map<AnyStateNode, MachineTransition[]>();
  for (const t of transitions) {
    const holder = commonParent(t.source, t.target ?? t.source) ?? root;
    const list = inside.get(holder);
    if (list) list.push(t);
    else inside.set(holder, [t]);
  }
  const lines = ['stateDiagram-v2'];
  const body = (state: AnyStateNode, indent: string) => {
    const children = childrenOf(state);
    const initial = initialKey(state);
    const regions = stateKind(state) === 'parallel';
    children.forEach((child, index) => {
      if (regions && index > 0) lines.push(`${indent}--`);
      const id = mermaidId(root, child);
      if (childrenOf(child).length > 0) {
        lines.push(`${indent}state ${id} {`);
        body(child, `${indent}  `);
        lines.push(`${indent}}`);
      } else {
        lines.push(`${indent}state "${mermaidText(child.key)}" as ${id}`);
      }
      if (child.key === initial) lines.push(`${indent}[*] --> ${id}`);
      if (stateKind(child) === 'final') lines.push(`${indent}${id} --> [*]`);
    });
    for (const t of inside.get(state) ?? []) {
      const target = t.target ?? t.source;
      lines.push(
        `${indent}${mermaidId(root, t.source)} --> ${mermaidId(root, target)} : ${mermaidText(edgeLabel(t))}`,
      );
    }
  };
  // The root is a state of its own, so a machine of parallel regions can separate them.
  lines.push(`  state ${mermaidId(root, root)} {`);
  body(root, '    ');
  lines.push('  }');
  return `${lines.join('\n')}\n`;
}

// --- Graphviz DOT ----------------------------------------------------------------------------

function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

/** A machine as a Graphviz `digraph`: compound states as clusters, regions dashed. Pure. */
export function machineDot(machine: AnyStateMachine): string {
  const { root, transitions } = read(machine);
  const lines = [
    `digraph ${dotString(machine.id)} {`,
    '  compound=true;',
    '  rankdir=LR;',
    '  node [shape=box, style=rounded, fontname="sans-serif"];',
    '  edge [fontname="sans-serif", fontsize=10];',
  ];
  /** Where edges of a compound state start and end: an invisible point inside its cluster. */
  const anchor = (state: AnyStateNode) =>
    childrenOf(state).length > 0 ? `${state.id}#anchor` : state.id;
  const walk = (state: AnyStateNode, indent: string) => {
    const children = childrenOf(state);
    const initial = initialKey(state);
    if (children.length === 0) {
      const final = stateKind(state) === 'final' ? ', peripheries=2' : '';
      lines.push(`${indent}${dotString(state.id)} [label=${dotString(state.key)}${final}];`);
      return;
    }
    lines.push(`${indent}subgraph ${dotString(`cluster_${state.id}`)} {`);
    lines.push(`${indent}  label=${dotString(state === root ? machine.id : state.key)};`);
    if (stateKind(state) === 'parallel') lines.push(`${indent}  style=dashed;`);
    lines.push(`${indent}  ${dotString(anchor(state))} [shape=point, style=invis];`);
    if (initial !== undefined) {
      const start = `${state.id}#initial`;
      lines.push(`${indent}  ${dotString(start)} [shape=point, width=0.1];`);
      const first = children.find((child) => child.key === initial);
      if (first) {
        const head =
          childrenOf(first).length > 0 ? `, lhead=${dotString(`cluster_${first.id}`)}` : '';
        lines.push(
          `${indent}  ${dotString(start)} -> ${dotString(anchor(first))} [arrowsize=0.6${head}];`,
        );
      }
    }
    for (const child of children) walk(child, `${indent}  `);
    lines.push(`${indent}}`);
  };
  walk(root, '  ');
  for (const t of transitions) {
    const target = t.target ?? t.source;
    const attributes = [`label=${dotString(edgeLabel(t))}`];
    if (childrenOf(t.source).length > 0)
      attributes.push(`ltail=${dotString(`cluster_${t.source.id}`)}`);
    if (childrenOf(target).length > 0 && target !== t.source)
      attributes.push(`lhead=${dotString(`cluster_${target.id}`)}`);
    if (t.guard !== undefined) attributes.push('style=dashed');
    lines.push(
      `  ${dotString(anchor(t.source))} -> ${dotString(anchor(target))} [${attributes.join(', ')}];`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

// --- SCXML -----------------------------------------------------------------------------------

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** An SCXML delay: milliseconds as `Nms`; a named delay only its machine can compute. */
function scxmlDelay(delay: number | string): string {
  return typeof delay === 'number' ? `delay="${delay}ms"` : `delayexpr="${xml(delay)}"`;
}

/**
 * A machine as a W3C SCXML document. Delayed transitions become the event a `<send>` raises on
 * entry (as XState implements them); guards are `cond` attributes holding their names. Pure.
 */
export function machineScxml(machine: AnyStateMachine): string {
  const { root, from } = read(machine);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const initialOf = (state: AnyStateNode) => {
    const initial = initialKey(state);
    const child = childrenOf(state).find((c) => c.key === initial);
    return child ? ` initial="${xml(child.id)}"` : '';
  };
  const transitionsOf = (state: AnyStateNode, indent: string) => {
    for (const t of from.get(state) ?? []) {
      const attributes: string[] = [];
      if (t.event !== '') attributes.push(`event="${xml(t.eventType)}"`);
      if (t.guard !== undefined) attributes.push(`cond="${xml(t.guard)}"`);
      if (t.target) attributes.push(`target="${xml(t.target.id)}"`);
      lines.push(`${indent}<transition ${attributes.join(' ')}/>`);
    }
  };
  const delayed = (state: AnyStateNode, indent: string) => {
    const sends = (from.get(state) ?? []).filter((t) => t.delay !== undefined);
    const seen = new Set<string>();
    const unique = sends.filter((t) => !seen.has(t.eventType) && seen.add(t.eventType));
    if (unique.length === 0) return;
    lines.push(`${indent}<onentry>`);
    for (const t of unique)
      lines.push(
        `${indent}  <send event="${xml(t.eventType)}" ${scxmlDelay(t.delay as number | string)} id="${xml(t.eventType)}"/>`,
      );
    lines.push(`${indent}</onentry>`);
    lines.push(`${indent}<onexit>`);
    for (const t of unique) lines.push(`${indent}  <cancel sendid="${xml(t.eventType)}"/>`);
    lines.push(`${indent}</onexit>`);
  };
  const walk = (state: AnyStateNode, indent: string) => {
    const kind = stateKind(state);
    const id = `id="${xml(state.id)}"`;
    if (kind === 'history') {
      lines.push(`${indent}<history ${id} type="${historyDepth(state)}"/>`);
      return;
    }
    const tag = kind === 'parallel' ? 'parallel' : kind === 'final' ? 'final' : 'state';
    const initial = kind === 'compound' ? initialOf(state) : '';
    const children = childrenOf(state);
    const hasBody = children.length > 0 || from.has(state);
    if (!hasBody) {
      lines.push(`${indent}<${tag} ${id}/>`);
      return;
    }
    lines.push(`${indent}<${tag} ${id}${initial}>`);
    delayed(state, `${indent}  `);
    transitionsOf(state, `${indent}  `);
    for (const child of children) walk(child, `${indent}  `);
    lines.push(`${indent}</${tag}>`);
  };
  // The root is a state of its own, so transitions defined on it keep their place.
  lines.push(
    `<scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" name="${xml(machine.id)}" initial="${xml(root.id)}">`,
  );
  walk(root, '  ');
  lines.push('</scxml>');
  return `${lines.join('\n')}\n`;
}

/** A machine in one of the formats. Pure. */
export function writeMachine(machine: AnyStateMachine, format: MachineFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(machineConfig(machine), null, 2)}\n`;
    case 'mermaid':
      return machineMermaid(machine);
    case 'dot':
      return machineDot(machine);
    case 'scxml':
      return machineScxml(machine);
  }
}
