import { traceEventName } from '../../sim/machineGraph';
import type { StatechartLayout } from './fromElk';

/** Splits at commas that are not inside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/**
 * Reads a state as `formatState` writes it into the paths of its active leaf states:
 * `lifecycle.installing, role.secondary` → `['lifecycle.installing', 'role.secondary']`,
 * `running.onHost` → `['running.onHost']`, `a.(b.c, d.e)` → `['a.b.c', 'a.d.e']`. Pure.
 * @param formatted - a trace entry's `state`
 * @returns the active leaf paths, relative to the machine's root
 */
export function parseActiveState(formatted: string): string[] {
  const out: string[] = [];
  for (const part of splitTopLevel(formatted)) {
    const open = part.indexOf('.(');
    if (open >= 0 && part.endsWith(')')) {
      const prefix = part.slice(0, open);
      for (const inner of parseActiveState(part.slice(open + 2, -1)))
        out.push(`${prefix}.${inner}`);
    } else {
      out.push(part);
    }
  }
  return out;
}

/**
 * Every active state path, leaves and their ancestors (the root is `''`). Pure.
 * @param leaves - paths from {@link parseActiveState}
 */
export function activePaths(leaves: readonly string[]): Set<string> {
  const out = new Set<string>(leaves.length > 0 ? [''] : []);
  for (const leaf of leaves) {
    const keys = leaf.split('.');
    for (let i = 1; i <= keys.length; i++) out.add(keys.slice(0, i).join('.'));
  }
  return out;
}

/**
 * The edges the last transition took into the active state: edges carrying `lastEvent` whose
 * target is active now and whose source was active before it (`before`: the state of the actor's
 * entry before that transition), and, when the event led to a state that left at once, the
 * eventless (`always`) edges from there into the active state. Without `before` (the actor's
 * first entry), every edge carrying the event into the active state. Before: every edge with the
 * event into the active state was lit, three `install.start` edges into a storage host's
 * `lifecycle.installing` (from booted, online and failed) where one was taken. Pure.
 * @param layout - its edges (from `layoutStatechart`)
 * @param active - from {@link activePaths}
 * @param lastEvent - a trace entry's `event` (`install.start`, `xstate.after.install`)
 * @param before - the active paths before that transition ({@link activePaths} of the actor's
 *   entry before), when there is one
 * @returns ids of the edges to highlight
 */
export function lastTransitionEdges(
  layout: Pick<StatechartLayout, 'boxes' | 'edges'>,
  active: ReadonlySet<string>,
  lastEvent: string | undefined,
  before?: ReadonlySet<string>,
): Set<string> {
  const out = new Set<string>();
  if (lastEvent === undefined || lastEvent === '') return out;
  const event = traceEventName(lastEvent);
  const pathOf = new Map(layout.boxes.map((b) => [b.id, b.path]));
  const isActive = (id: string) => active.has(pathOf.get(id) ?? '\u0000');
  const wasActive = (id: string) =>
    before === undefined || before.size === 0 || before.has(pathOf.get(id) ?? '\u0000');
  const drawn = layout.edges.filter((e) => e.kind === 'transition');
  const passedThrough = new Set<string>();
  for (const edge of drawn) {
    if (!edge.transitions.some((t) => t.event === event) || !wasActive(edge.source)) continue;
    if (isActive(edge.target)) out.add(edge.id);
    else passedThrough.add(edge.target);
  }
  for (const edge of drawn) {
    if (!passedThrough.has(edge.source) || !isActive(edge.target)) continue;
    if (!edge.transitions.some((t) => t.event === '')) continue;
    out.add(edge.id);
    for (const first of drawn) {
      if (
        first.target === edge.source &&
        first.transitions.some((t) => t.event === event) &&
        wasActive(first.source)
      )
        out.add(first.id);
    }
  }
  return out;
}
