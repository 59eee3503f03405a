import type { ProcedureContext } from '../../machines/procedureMachine';
import { itemAt } from '../../machines/stepList';
import { HISTORY_FIELDS, type Comparable } from './runner';
import { vpsStoppedBehind } from './world';

/** How many steps ahead a key looks at. */
const AHEAD = 6;

/**
 * Fingerprints of where runs stand: two standings that {@link sameStanding} finds alike, even
 * loosely, get the same key; two that differ almost always get different keys (a collision
 * only costs a comparison). Hashes of the immutable values a standing is made of are kept, so
 * the many standings that share most of their values cost little each.
 */
export class StandingKeys {
  private readonly hashes = new WeakMap<object, number>();
  /** Hashes of the context's field names and of the actors' ids: the same few, every time. */
  private readonly names = new Map<string, number>();
  /** Hashes of plain values (see `valueHash`). */
  private readonly plain = new Map<unknown, number>();
  /** The actors' ids as last seen, and sorted. */
  private children: { readonly seen: readonly string[]; readonly sorted: readonly string[] } = {
    seen: [],
    sorted: [],
  };
  /** The context's field names as last seen, and sorted (contexts keep one shape). */
  private fields: { readonly seen: readonly string[]; readonly sorted: readonly string[] } = {
    seen: [],
    sorted: [],
  };

  /**
   * The key of a standing, or undefined when a fault is still to fire in it (no other run
   * stands there with the same faults to come).
   */
  keyOf(standing: Comparable): string | undefined {
    const context = standing.root.context as ProcedureContext;
    if (context.faults.some((armed) => armed.remaining > 0)) return undefined;
    let a = this.valueHash(standing.root.status);
    let b = 0x2545f491;
    const add = (hash: number) => {
      a = mix(a ^ hash);
      b = mix((b + hash) ^ 0x9e3779b9);
    };
    add(this.valueHash(standing.root.value));
    for (const key of this.sortedFields(context)) {
      // A loose comparison leaves them out (the steps ahead are hashed below): so does the key.
      if (HISTORY_FIELDS.has(key) || key === 'hosts') continue;
      add(this.nameHash(key));
      add(this.valueHash((context as unknown as Record<string, unknown>)[key]));
    }
    // Each host's view is replaced when it changes, the others' kept: hashed one by one.
    for (const [name, view] of Object.entries(context.hosts)) {
      add(this.nameHash(name));
      add(this.valueHash(view));
    }
    // The steps ahead: their number and the first few (a key need not tell every standing apart).
    add(context.steps.size - context.cursor);
    const end = Math.min(context.steps.size, context.cursor + AHEAD);
    for (let k = context.cursor; k < end; k++) add(this.valueHash(itemAt(context.steps, k)));
    add(vpsStoppedBehind(context.steps, context.cursor) ? 1 : 2);
    for (const id of this.sortedChildren(standing.children)) {
      const child = standing.children.get(id)?.snapshot;
      add(this.nameHash(id));
      add(this.valueHash(child?.status));
      add(this.valueHash(child?.value));
      add(this.valueHash(child?.context));
    }
    const running = standing.running;
    if (running) {
      const start = standing.timings.get(running.id)?.start ?? Number.NaN;
      add(textValueHash(`${running.index - context.cursor} ${running.id} ${standing.now - start}`));
    }
    for (const timer of standing.timers) {
      add(textValueHash(`${timer.source} ${timer.target} ${timer.id} ${timer.due - standing.now}`));
      add(this.valueHash(timer.event));
    }
    for (const memory of standing.memories) add(this.valueHash(memory));
    add(this.placementHash(standing.placement));
    return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}`;
  }

  /** The ids of a standing's actors, sorted (a run keeps the same actors, in the same order). */
  private sortedChildren(children: ReadonlyMap<string, unknown>): readonly string[] {
    const last = this.children.seen;
    let same = children.size === last.length;
    if (same) {
      let index = 0;
      for (const id of children.keys()) {
        if (id !== last[index++]) {
          same = false;
          break;
        }
      }
    }
    if (!same) {
      const seen = [...children.keys()];
      this.children = { seen, sorted: [...seen].sort() };
    }
    return this.children.sorted;
  }

  /** The context's field names, sorted. */
  private sortedFields(context: object): readonly string[] {
    const seen = Object.keys(context);
    const last = this.fields.seen;
    if (seen.length !== last.length || seen.some((key, index) => key !== last[index])) {
      this.fields = { seen, sorted: [...seen].sort() };
    }
    return this.fields.sorted;
  }

  /** {@link StandingKeys.valueHash} of a name, kept. */
  private nameHash(name: string): number {
    let hash = this.names.get(name);
    if (hash === undefined) {
      hash = this.valueHash(name);
      this.names.set(name, hash);
    }
    return hash;
  }

  /** A hash of where the VPSs run (a placement is replaced, never changed). */
  private placementHash(placement: Comparable['placement']): number {
    const known = this.hashes.get(placement);
    if (known !== undefined) return known;
    const hash = textHash(JSON.stringify([...placement]));
    this.hashes.set(placement, hash);
    return hash;
  }

  /**
   * A hash of a value's JSON, kept for objects (they are immutable here) and for the few
   * plain values a standing is mostly made of (states, flags, counts).
   */
  private valueHash(value: unknown): number {
    if (typeof value !== 'object' || value === null) {
      let hash = this.plain.get(value);
      if (hash === undefined) {
        hash = textHash(JSON.stringify(value) ?? '');
        // Plain values are few; should a scenario have many, the oldest are let go.
        if (this.plain.size >= PLAIN_KEPT) this.plain.clear();
        this.plain.set(value, hash);
      }
      return hash;
    }
    const known = this.hashes.get(value);
    if (known !== undefined) return known;
    const hash = textHash(JSON.stringify(value));
    this.hashes.set(value, hash);
    return hash;
  }
}

/** How many plain values' hashes a {@link StandingKeys} keeps at most. */
const PLAIN_KEPT = 10_000;

/** The hash `valueHash` gives a string, for strings made once (not worth keeping). Pure. */
function textValueHash(text: string): number {
  return textHash(JSON.stringify(text));
}

/** FNV-1a of a string through MurmurHash3's finalizer. Pure. */
function textHash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return mix(h);
}

/** MurmurHash3's 32-bit finalizer. Pure. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
