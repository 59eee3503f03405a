/**
 * An immutable list with cheap single-item updates: a 32-way trie whose unchanged branches are
 * shared between versions. Changing one item copies one path (a few dozen references), not the
 * whole list, so a procedure of n steps whose statuses change one at a time costs O(n log n) in
 * all instead of O(n²). Equal versions share their nodes, so comparing two lists that differ in
 * a few items touches only the differing paths.
 */
export interface StepList<T> {
  readonly size: number;
  /** Levels below the root: 0 when the root holds the items themselves. */
  readonly depth: number;
  readonly root: readonly unknown[];
  /** Never set: ties the list to its item type. */
  readonly item?: T;
}

/**
 * A list as its parts. `toJSON` (on the prototype, so comparisons and clones, which read own
 * properties, skip it) makes an inspector that serializes the procedure's context show the
 * steps as the array they are. A class rather than a property defined on each list: a procedure
 * makes a new list at every step it starts or ends.
 */
class Trie<T> implements StepList<T> {
  constructor(
    readonly size: number,
    readonly depth: number,
    readonly root: readonly unknown[],
  ) {}

  toJSON(): readonly T[] {
    return itemsOf(this);
  }
}

function make<T>(size: number, depth: number, root: readonly unknown[]): StepList<T> {
  return new Trie<T>(size, depth, root);
}

const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;

/** The list holding `items`, in order. Pure. */
export function listOf<T>(items: readonly T[]): StepList<T> {
  let level: readonly unknown[][] = chunks(items);
  let depth = 0;
  while (level.length > 1) {
    level = chunks(level);
    depth++;
  }
  const list = make<T>(items.length, depth, level[0] ?? []);
  ARRAYS.set(list, items);
  return list;
}

function chunks(items: readonly unknown[]): unknown[][] {
  const out: unknown[][] = [];
  for (let start = 0; start < items.length; start += WIDTH) {
    out.push(items.slice(start, start + WIDTH));
  }
  return out;
}

/** The item at `index`, or undefined past either end. Pure. */
export function itemAt<T>(list: StepList<T>, index: number): T | undefined {
  if (!Number.isInteger(index) || index < 0 || index >= list.size) return undefined;
  let node = list.root;
  for (let level = list.depth; level > 0; level--) {
    node = node[(index >>> (level * BITS)) & MASK] as readonly unknown[];
  }
  return node[index & MASK] as T;
}

/** The list with the item at `index` replaced (the same list when `index` is out of range). Pure. */
export function withItem<T>(list: StepList<T>, index: number, item: T): StepList<T> {
  if (!Number.isInteger(index) || index < 0 || index >= list.size) return list;
  const replace = (node: readonly unknown[], level: number): unknown[] => {
    const copy = node.slice();
    const slot = (index >>> (level * BITS)) & MASK;
    copy[slot] = level === 0 ? item : replace(node[slot] as readonly unknown[], level - 1);
    return copy;
  };
  return make(list.size, list.depth, replace(list.root, list.depth));
}

/** Arrays already made from (or made into) a list: a list never changes, so neither do they. */
const ARRAYS = new WeakMap<StepList<unknown>, readonly unknown[]>();

/** The list's items as an array, made once per list. Pure. */
export function itemsOf<T>(list: StepList<T>): readonly T[] {
  let items = ARRAYS.get(list) as readonly T[] | undefined;
  if (!items) {
    const out: T[] = [];
    const walk = (node: readonly unknown[], level: number) => {
      if (level === 0) for (const item of node) out.push(item as T);
      else for (const child of node) walk(child as readonly unknown[], level - 1);
    };
    walk(list.root, list.depth);
    items = out;
    ARRAYS.set(list, items);
  }
  return items;
}

/** Nodes already searched, by predicate: whether any item under them may match. */
const HOLDS = new WeakMap<(item: never) => boolean, WeakMap<readonly unknown[], boolean>>();

/**
 * The last index at or before `from` whose item `candidate` accepts, or -1. `candidate` must
 * depend only on what an item keeps for good (the answer per node is remembered), so branches
 * holding no candidate are skipped whole: O(log n) for a candidate-free stretch. A branch of
 * single items is read directly rather than asked: at most 32 calls, where remembering the
 * answer for the branch each new version of the list copies would cost more. Pure.
 */
export function lastIndexWhere<T>(
  list: StepList<T>,
  from: number,
  candidate: (item: T) => boolean,
): number {
  let memo = HOLDS.get(candidate);
  if (!memo) HOLDS.set(candidate, (memo = new WeakMap()));
  const seen = memo;
  const holds = (node: readonly unknown[], level: number): boolean => {
    let answer = seen.get(node);
    if (answer === undefined) {
      answer =
        level === 0
          ? node.some((item) => candidate(item as T))
          : node.some((child) => holds(child as readonly unknown[], level - 1));
      seen.set(node, answer);
    }
    return answer;
  };
  const search = (node: readonly unknown[], level: number, base: number, last: number): number => {
    const span = 1 << (level * BITS);
    for (
      let slot = Math.min(node.length - 1, Math.floor((last - base) / span));
      slot >= 0;
      slot--
    ) {
      const start = base + slot * span;
      if (level === 0) {
        if (candidate(node[slot] as T)) return start;
        continue;
      }
      const child = node[slot] as readonly unknown[];
      if (level > 1 && !holds(child, level - 1)) continue;
      const found = search(child, level - 1, start, Math.min(last, start + span - 1));
      if (found >= 0) return found;
    }
    return -1;
  };
  const last = Math.min(from, list.size - 1);
  return last < 0 ? -1 : search(list.root, list.depth, 0, last);
}
