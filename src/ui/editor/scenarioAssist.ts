/**
 * What the scenario editor knows about the text around the cursor: the YAML path there, the
 * keys and values the scenario schema allows at that path, and the description of a key. Every
 * key, enum and description comes from the published JSON Schema (`schema/scenario.schema.json`,
 * generated from `src/sim/scenarioSchema.ts`) and every fault type from the fault table; nothing
 * here lists them again. Independent of any editor component: plain text and offsets in, plain
 * data out. Pure.
 */
import schemaJson from '../../../schema/scenario.schema.json';
import { FAULT_TYPES, faultRecord } from '../../../machines/faultTable';
import { stepNameOf } from '../../../machines/procedureSteps';
import { OVERRIDE_DEFAULT, planProcedure, type Scenario, type SystemKind } from '../../sim';
import { POLICY_SCOPE, RECOVERY_SCOPE } from '../../sim/scenario/parse';
import { faultTargets } from '../state/faultTargets';

/** One step of a YAML path: a mapping key, or `ITEM` (`*`) for an item of a sequence. */
export type PathStep = string;

/** Stands for "an item of the sequence" in a path (which item does not matter to the schema). */
export const ITEM = '*';

/** Where the cursor is, in YAML terms. */
export interface YamlPosition {
  /** The mapping (or sequence) the cursor is in, from the top. */
  readonly path: readonly PathStep[];
  /**
   * `key`: where a key of the mapping at `path` goes (or a plain item of the sequence there, for
   * a sequence of scalars). `value`: the value of the key `key` of that mapping.
   */
  readonly kind: 'key' | 'value';
  /** The key whose value the cursor is in (kind `value`). */
  readonly key?: string;
  /** The word typed so far, up to the cursor. */
  readonly prefix: string;
  /** Offset of the word's first character. */
  readonly from: number;
  /** The keys already written in the mapping the cursor is in (kind `key`). */
  readonly siblings: readonly string[];
}

/** One thing the editor can offer at the cursor. */
export interface Candidate {
  readonly label: string;
  readonly type: 'property' | 'enum' | 'variable' | 'keyword';
  /** A short note shown beside the label. */
  readonly detail?: string;
  /** The key's or value's description. */
  readonly info?: string;
  /** Text inserted instead of the label (`key: ` for a key). */
  readonly apply?: string;
}

/** What the scenario being written has, for the values that name its own parts. */
export interface AssistContext {
  readonly system?: SystemKind;
  /** Its host names. */
  readonly hosts: readonly string[];
  /** The roles a target may name on its system (`primary`, `standby`, …). */
  readonly roles: readonly string[];
  /** The step names its procedure runs, in order (for `when.step`). */
  readonly steps: readonly string[];
}

/** The subset of JSON Schema the generated file uses. */
interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
  /** A mapping whose keys are the writer's own: under `durations:`, `default`, hosts and roles. */
  readonly additionalProperties?: SchemaNode | boolean;
  readonly anyOf?: readonly SchemaNode[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
}

const ROOT = schemaJson as SchemaNode;

/** Keys whose values name a host (or a role). */
const HOST_KEYS = new Set(['target', 'host', 'hosts', 'preferred']);
/** Keys whose values name a fault type. */
const FAULT_KEY = 'fault';

interface Level {
  /** Column of the dash or of the key. */
  readonly indent: number;
  readonly kind: 'dash' | 'key';
  readonly key?: string;
  /** Offsets of the key within the text (kind `key`). */
  readonly from?: number;
  readonly to?: number;
  /** Offset where the value after `key:` starts (kind `key`). */
  readonly valueFrom?: number;
}

const KEY = /^("[^"]*"|'[^']*'|[^\s#'"{}[\],:][^#{}[\],:]*?)[ \t]*:(?=[ \t]|$)/;

function unquote(key: string): string {
  return /^(["']).*\1$/.test(key) ? key.slice(1, -1) : key;
}

/** The dashes and the key a line starts with, e.g. `  - fault: x` → dash at 2, key at 4. */
function levelsOf(text: string, start: number, end: number): Level[] {
  const levels: Level[] = [];
  let at = start;
  while (at < end && text[at] === ' ') at++;
  for (;;) {
    if (text[at] === '-' && (at + 1 >= end || text[at + 1] === ' ' || text[at + 1] === '\t')) {
      levels.push({ indent: at - start, kind: 'dash' });
      at++;
      while (at < end && (text[at] === ' ' || text[at] === '\t')) at++;
      continue;
    }
    break;
  }
  const match = KEY.exec(text.slice(at, end));
  if (match?.[1] !== undefined) {
    let valueFrom = at + match[0].length;
    while (valueFrom < end && (text[valueFrom] === ' ' || text[valueFrom] === '\t')) valueFrom++;
    levels.push({
      indent: at - start,
      kind: 'key',
      key: unquote(match[1].trim()),
      from: at,
      to: at + match[1].trimEnd().length,
      valueFrom,
    });
  }
  return levels;
}

function lineStartOf(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

function lineEndOf(text: string, pos: number): number {
  const end = text.indexOf('\n', pos);
  return end === -1 ? text.length : end;
}

/** Whether a line holds nothing but spaces or a comment. */
function isBlank(text: string, start: number, end: number): boolean {
  return /^\s*(#.*)?$/.test(text.slice(start, end));
}

/**
 * The keys and sequence items that enclose column `indent` of the line starting at
 * `lineStart`, read from the lines above by their indentation, outermost first.
 */
function ancestors(text: string, lineStart: number, indent: number): PathStep[] {
  const path: PathStep[] = [];
  let need = indent;
  let end = lineStart - 1;
  while (end >= 0 && need > 0) {
    const start = lineStartOf(text, end);
    if (!isBlank(text, start, end)) {
      const levels = levelsOf(text, start, end);
      for (let index = levels.length - 1; index >= 0; index--) {
        const level = levels[index];
        if (level === undefined || level.indent >= need) continue;
        path.push(level.kind === 'dash' ? ITEM : (level.key ?? ''));
        need = level.indent;
      }
      if (levels.length === 0) {
        const own = text.slice(start, end).search(/\S/);
        if (own !== -1 && own < need) need = own;
      }
    }
    end = start - 1;
  }
  return path.reverse();
}

/** The keys written at column `indent` of the block mapping the line at `lineStart` is in. */
function siblingKeys(text: string, lineStart: number, indent: number): string[] {
  const keys: string[] = [];
  const collect = (start: number, end: number, above: boolean): boolean => {
    if (isBlank(text, start, end)) return true;
    const levels = levelsOf(text, start, end);
    const first = levels[0];
    const own = first?.indent ?? text.slice(start, end).search(/\S/);
    if (own < indent) {
      // The line that opens this mapping's sequence item holds one of its keys.
      const key = levels.find((level) => level.indent === indent && level.kind === 'key');
      if (above && key?.key !== undefined) keys.push(key.key);
      return false;
    }
    const key = levels.find((level) => level.indent === indent && level.kind === 'key');
    if (key?.key !== undefined && levels[0] === key) keys.push(key.key);
    else if (levels[0]?.kind === 'dash' && levels[0].indent === indent) return false;
    return true;
  };
  for (let end = lineStart - 1; end >= 0;) {
    const start = lineStartOf(text, end);
    if (!collect(start, end, true)) break;
    end = start - 1;
  }
  for (let start = lineEndOf(text, lineStart) + 1; start <= text.length && start > 0;) {
    const end = lineEndOf(text, start);
    if (!collect(start, end, false)) break;
    start = end + 1;
  }
  return keys;
}

interface Flow {
  readonly path: PathStep[];
  readonly kind: 'key' | 'value';
  readonly key?: string;
  readonly wordFrom: number;
  /** The keys already written in the innermost mapping. */
  readonly siblings: readonly string[];
}

/**
 * Reads a flow collection (`{ from: 9.0.1, to: | }`, `[a, b|]`) from `from` up to the cursor:
 * the keys and items it opened, and whether the cursor is at a key or a value.
 */
function readFlow(text: string, from: number, pos: number): Flow | undefined {
  interface Frame {
    readonly seq: boolean;
    key?: string;
    readonly keys: string[];
  }
  const frames: Frame[] = [];
  let wordFrom = from;
  let quote: string | undefined;
  for (let at = from; at < pos; at++) {
    const char = text[at];
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === '{' || char === '[') {
      frames.push({ seq: char === '[', keys: [] });
      wordFrom = at + 1;
    } else if (char === '}' || char === ']') {
      frames.pop();
      wordFrom = at + 1;
    } else if (char === ',') {
      const top = frames[frames.length - 1];
      if (top) top.key = undefined;
      wordFrom = at + 1;
    } else if (char === ':' && (text[at + 1] === ' ' || at + 1 === pos)) {
      const top = frames[frames.length - 1];
      if (top && !top.seq) {
        top.key = unquote(text.slice(wordFrom, at).trim());
        top.keys.push(top.key);
      }
      wordFrom = at + 1;
    }
  }
  if (frames.length === 0) return undefined;
  while (wordFrom < pos && (text[wordFrom] === ' ' || text[wordFrom] === '\t')) wordFrom++;
  const path: PathStep[] = [];
  frames.forEach((frame, index) => {
    const last = index === frames.length - 1;
    if (frame.seq) path.push(ITEM);
    else if (!last && frame.key !== undefined) path.push(frame.key);
  });
  const top = frames[frames.length - 1];
  const siblings = top?.keys ?? [];
  if (top && !top.seq && top.key !== undefined)
    return { path, kind: 'value', key: top.key, wordFrom, siblings };
  if (top?.seq) return { path: path.slice(0, -1), kind: 'key', wordFrom, siblings: [] };
  return { path, kind: 'key', wordFrom, siblings };
}

/**
 * The YAML path at offset `pos` of `text`, read from indentation (block style) and from the
 * brackets on the cursor's line (flow style), so it works on text that does not parse yet. Pure.
 * @example yamlPositionAt('faults:\n  - fault: up', 20) // { path: ['faults', '*'], kind: 'value', key: 'fault', prefix: 'up', … }
 */
export function yamlPositionAt(text: string, pos: number): YamlPosition {
  const lineStart = lineStartOf(text, pos);
  const levels = levelsOf(text, lineStart, pos);
  const first = levels[0];
  const spaces = /^ */.exec(text.slice(lineStart, pos))?.[0].length ?? 0;
  const path = ancestors(text, lineStart, first?.indent ?? spaces);
  for (const level of levels) if (level.kind === 'dash') path.push(ITEM);
  const key = levels.find((level) => level.kind === 'key');
  // A flow collection that is the line's value, or the line's item (`- { fault: x }`).
  const last = levels[levels.length - 1];
  const flowFrom = key?.valueFrom ?? lineStart + (last?.kind === 'dash' ? last.indent + 1 : 0);
  if (
    pos >= flowFrom &&
    (key?.valueFrom !== undefined || /^\s*[{[]/.test(text.slice(flowFrom, pos)))
  ) {
    const flow = readFlow(text, flowFrom, pos);
    if (flow !== undefined) {
      const inner =
        key?.key !== undefined ? [...path, key.key, ...flow.path] : [...path, ...flow.path];
      return flow.kind === 'value'
        ? {
            path: inner,
            kind: 'value',
            key: flow.key ?? '',
            prefix: text.slice(flow.wordFrom, pos),
            from: flow.wordFrom,
            siblings: [],
          }
        : {
            path: inner,
            kind: 'key',
            prefix: text.slice(flow.wordFrom, pos),
            from: flow.wordFrom,
            siblings: flow.siblings,
          };
    }
  }
  if (key?.valueFrom !== undefined && key.key !== undefined && pos >= key.valueFrom) {
    return {
      path,
      kind: 'value',
      key: key.key,
      prefix: text.slice(key.valueFrom, pos),
      from: key.valueFrom,
      siblings: [],
    };
  }
  let from = lineStart + spaces;
  if (last?.kind === 'dash') {
    from = lineStart + last.indent + 1;
    while (from < pos && (text[from] === ' ' || text[from] === '\t')) from++;
  }
  const indent = from - lineStart;
  return {
    path,
    kind: 'key',
    prefix: text.slice(from, pos),
    from,
    siblings: siblingKeys(text, lineStart, indent),
  };
}

/**
 * The key under offset `pos`, if any: its full path (ending with the key) and where it is. Pure.
 */
export function keyAt(
  text: string,
  pos: number,
): { readonly path: readonly PathStep[]; readonly from: number; readonly to: number } | undefined {
  const lineStart = lineStartOf(text, pos);
  const lineEnd = lineEndOf(text, pos);
  const levels = levelsOf(text, lineStart, lineEnd);
  const key = levels.find((level) => level.kind === 'key');
  if (key?.from !== undefined && key.to !== undefined && key.key !== undefined) {
    if (pos >= key.from && pos <= key.to) {
      const path = ancestors(text, lineStart, levels[0]?.indent ?? 0);
      for (const level of levels) if (level.kind === 'dash') path.push(ITEM);
      return { path: [...path, key.key], from: key.from, to: key.to };
    }
  }
  // A key inside a flow mapping on the line: `version: { from: 9.0.1, to: 9.1.0 }`.
  const line = text.slice(lineStart, lineEnd);
  const flowKey = /[{,]\s*("[^"]*"|'[^']*'|[\w.-]+)\s*:/g;
  for (let match = flowKey.exec(line); match !== null; match = flowKey.exec(line)) {
    const word = match[1] ?? '';
    const from = lineStart + match.index + match[0].indexOf(word);
    const to = from + word.length;
    if (pos >= from && pos <= to) {
      const position = yamlPositionAt(text, from);
      return { path: [...position.path, unquote(word)], from, to };
    }
  }
  return undefined;
}

/** Every alternative a node allows, `anyOf` flattened. */
function alternatives(node: SchemaNode): SchemaNode[] {
  return node.anyOf ? node.anyOf.flatMap(alternatives) : [node];
}

/** The schema nodes the value at `path` may match. */
function nodesAt(path: readonly PathStep[]): SchemaNode[] {
  let nodes: SchemaNode[] = [ROOT];
  for (const step of path) {
    nodes = nodes.flatMap(alternatives).flatMap((node) => {
      if (step === ITEM) return node.items ? [node.items] : [];
      const child = node.properties?.[step] ?? openEntries(node);
      return child ? [child] : [];
    });
  }
  return nodes;
}

/** What any key of an open mapping holds (`durations.reboot.processing-3`), if it is one. */
function openEntries(node: SchemaNode): SchemaNode | undefined {
  return typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
}

/**
 * The mappings a key may still be written into, given the keys already there: a closed mapping
 * (an estimate's `min`, `likely`, `max`) while every key written is one of its own; an open one
 * (`default` and an override per host or role) while none of them is a key of a closed one —
 * the parser reads a mapping holding `min` as an estimate.
 */
function mappingsFor(nodes: readonly SchemaNode[], siblings: readonly string[]): SchemaNode[] {
  const closedKeys = new Set(nodes.flatMap((node) => Object.keys(node.properties ?? {})));
  return nodes.filter((node) =>
    openEntries(node) !== undefined
      ? !siblings.some((key) => closedKeys.has(key))
      : siblings.every((key) => node.properties?.[key] !== undefined),
  );
}

/** A node's description, or that of the first alternative that has one. */
function describe(nodes: readonly SchemaNode[]): string | undefined {
  for (const node of nodes) if (node.description !== undefined) return node.description;
  for (const node of nodes.flatMap(alternatives))
    if (node.description !== undefined) return node.description;
  return undefined;
}

/** The values an enum (or const, or boolean) at these nodes allows. */
function enumValues(nodes: readonly SchemaNode[]): string[] {
  const values = new Set<string>();
  for (const node of nodes.flatMap(alternatives)) {
    for (const value of [...(node.enum ?? []), node.const])
      if (typeof value === 'string' || typeof value === 'number') values.add(String(value));
    if (node.type === 'boolean') {
      values.add('true');
      values.add('false');
    }
  }
  return [...values];
}

/**
 * The description of the key at `path` (ending with the key), from the scenario schema; for a
 * key without one, the values it allows. Pure.
 */
export function docFor(path: readonly PathStep[]): string | undefined {
  const nodes = nodesAt(path);
  if (nodes.length === 0) return undefined;
  const text = describe(nodes);
  if (text !== undefined) return text;
  const values = enumValues(nodes);
  return values.length > 0 ? `One of: ${values.join(', ')}.` : undefined;
}

function matches(label: string, prefix: string): boolean {
  return prefix === '' || label.toLowerCase().startsWith(prefix.toLowerCase());
}

/** The fault types of the fault table, those that can happen on `system` first. */
function faultCandidates(system: SystemKind | undefined): Candidate[] {
  const types = FAULT_TYPES.filter(
    (type) => system === undefined || faultRecord(type).systems.includes(system),
  );
  return types.map((type) => ({
    label: type,
    type: 'enum',
    detail: faultRecord(type).systems.join(', '),
  }));
}

/**
 * What may be written at a position: the keys allowed there with their descriptions (minus
 * those already written), or the values of the key there — fault types from the fault table,
 * this scenario's hosts and roles, its procedure's steps, or the schema's enum values. Pure.
 */
export function candidatesAt(
  position: YamlPosition,
  context: AssistContext | (() => AssistContext),
): Candidate[] {
  // The scenario's names cost a parse: read only where a value names a host, a step or a fault.
  let names: AssistContext | undefined = typeof context === 'function' ? undefined : context;
  const lazy = () => (names ??= (context as () => AssistContext)());
  const found = candidatesFor(position, lazy);
  return found.filter((candidate) => matches(candidate.label, position.prefix.trim()));
}

function candidatesFor(position: YamlPosition, context: () => AssistContext): Candidate[] {
  if (position.kind === 'value') {
    const key = position.key ?? '';
    const valuePath = [...position.path, key];
    if (key === FAULT_KEY && nodesAt(valuePath).length > 0)
      return faultCandidates(context().system);
    if (HOST_KEYS.has(key) && takesText(valuePath)) return hostCandidates(context());
    const steps = key === 'step' && position.path.at(-1) === 'when' ? context().steps : undefined;
    if (steps !== undefined)
      return steps.length > 0
        ? steps.map((step) => ({
            label: step,
            type: 'enum',
            detail: 'a step of this procedure',
          }))
        : enumCandidates(valuePath);
    return enumCandidates(valuePath);
  }
  const nodes = mappingsFor(nodesAt(position.path).flatMap(alternatives), position.siblings);
  const keys = new Map<string, Candidate>();
  for (const node of nodes) {
    const entries = openEntries(node);
    if (entries !== undefined) {
      for (const candidate of overrideCandidates(context(), describe([entries])))
        if (!keys.has(candidate.label) && !position.siblings.includes(candidate.label))
          keys.set(candidate.label, candidate);
    }
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      if (keys.has(key) || position.siblings.includes(key)) continue;
      const info = docFor([...position.path, key]);
      keys.set(key, {
        label: key,
        type: 'property',
        apply: `${key}: `,
        ...(info !== undefined ? { info } : {}),
        ...(child.type === 'object' ? { detail: 'mapping' } : {}),
      });
    }
  }
  // A sequence of plain values: its items are offered as values.
  if (position.path[position.path.length - 1] === ITEM) {
    const parent = position.path.slice(0, -1);
    const key = parent[parent.length - 1];
    if (typeof key === 'string' && HOST_KEYS.has(key) && takesText(position.path))
      return hostCandidates(context());
    for (const value of enumValues(nodesAt(position.path)))
      if (!keys.has(value)) keys.set(value, { label: value, type: 'enum' });
  }
  // A switch of `policy:` or `recovery:` only where this system has it: the parser refuses the
  // others ("applies to serverware only"), which were offered on every system.
  const scope = position.path.length === 1 ? SCOPES[String(position.path[0])] : undefined;
  if (scope !== undefined) {
    const system = context().system;
    if (system !== undefined)
      for (const key of [...keys.keys()])
        if (scope[key] !== undefined && !scope[key].includes(system)) keys.delete(key);
  }
  return [...keys.values()];
}

/** The systems each key of `policy:` and `recovery:` applies to. */
const SCOPES: Readonly<Record<string, Readonly<Record<string, readonly SystemKind[]>>>> = {
  policy: POLICY_SCOPE,
  recovery: RECOVERY_SCOPE,
};

/** Whether the value at `path` may be a plain string (a host reference, not a mapping). */
function takesText(path: readonly PathStep[]): boolean {
  return nodesAt(path)
    .flatMap(alternatives)
    .some((node) => node.type === 'string' && node.enum === undefined);
}

function hostCandidates(context: AssistContext): Candidate[] {
  return [
    ...context.hosts.map((host): Candidate => ({
      label: host,
      type: 'variable',
      detail: 'host of this scenario',
    })),
    ...context.roles
      .filter((role) => !context.hosts.includes(role))
      .map((role): Candidate => ({ label: role, type: 'keyword', detail: 'role' })),
  ];
}

/** The keys of an override per host or role: `default`, then this scenario's hosts and roles. */
function overrideCandidates(context: AssistContext, info: string | undefined): Candidate[] {
  return [
    {
      label: OVERRIDE_DEFAULT,
      type: 'property',
      apply: `${OVERRIDE_DEFAULT}: `,
      detail: 'every host not named',
      ...(info !== undefined ? { info } : {}),
    },
    ...hostCandidates(context).map((candidate) => ({
      ...candidate,
      apply: `${candidate.label}: `,
      ...(info !== undefined ? { info } : {}),
    })),
  ];
}

function enumCandidates(path: readonly PathStep[]): Candidate[] {
  return enumValues(nodesAt(path)).map((value) => ({ label: value, type: 'enum' }));
}

/**
 * What a scenario offers the editor: its system, host names, roles and the steps its procedure
 * runs; nothing but the schema's own values when there is no scenario yet. Pure.
 */
export function assistContext(scenario: Scenario | undefined): AssistContext {
  if (scenario === undefined) return { hosts: [], roles: [], steps: [] };
  const { hosts, roles } = faultTargets(scenario);
  let steps: string[] = [];
  try {
    steps = [...new Set(planProcedure(scenario).map((step) => stepNameOf(step.action)))];
  } catch {
    // A plan the planner refuses still has hosts to offer.
  }
  return { system: scenario.system, hosts, roles, steps };
}
