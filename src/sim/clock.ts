import type { ActorOptions, AnyActorLogic } from 'xstate';

/** The clock an actor system runs on (XState does not export its type). */
type Clock = NonNullable<ActorOptions<AnyActorLogic>['clock']>;

interface Timer {
  readonly id: number;
  readonly due: number;
  readonly fn: () => void;
}

/** A binary heap of timers with lazy deletion: a cleared timer leaves when it reaches the top. */
class TimerHeap {
  private readonly items: Timer[] = [];

  constructor(private readonly first: (a: Timer, b: Timer) => boolean) {}

  push(timer: Timer): void {
    const items = this.items;
    let index = items.length;
    items.push(timer);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = items[parent] as Timer;
      if (!this.first(timer, above)) break;
      items[index] = above;
      index = parent;
    }
    items[index] = timer;
  }

  /** The top timer still in `live`, dropping the others on the way. */
  top(live: ReadonlyMap<number, Timer>): Timer | undefined {
    for (;;) {
      const top = this.items[0];
      if (top === undefined || live.get(top.id) === top) return top;
      this.pop();
    }
  }

  pop(): void {
    const items = this.items;
    const last = items.pop();
    if (last === undefined || items.length === 0) return;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child =
        right < items.length && this.first(items[right] as Timer, items[left] as Timer)
          ? right
          : left;
      if (!this.first(items[child] as Timer, last)) break;
      items[index] = items[child] as Timer;
      index = child;
    }
    items[index] = last;
  }
}

const earlier = (a: Timer, b: Timer) => a.due < b.due || (a.due === b.due && a.id < b.id);

/**
 * A virtual clock for XState that fires timers exactly as XState's `SimulatedClock` does, and
 * knows when its next timer is due, so the runner can jump virtual time straight to the next
 * thing that happens.
 *
 * `SimulatedClock` sorts every pending timer again whenever a firing sets or clears one, which
 * made a scenario with thousands of timed faults cost the square of their number. Here pending
 * timers sit in two heaps, so a firing costs the logarithm. The order is `SimulatedClock`'s:
 * by due time, those due together in the order they were set; a firing that sets or clears a
 * timer makes the clock look again, unless the timer that fired was the last of those pending
 * when it last looked (then a timer set due at once waits for the next `set`, as there).
 */
export class VirtualClock implements Clock {
  private current = 0;
  private nextId = 0;
  private readonly pending = new Map<number, Timer>();
  private readonly soonest = new TimerHeap(earlier);
  private readonly latest = new TimerHeap((a, b) => earlier(b, a));
  private flushing = false;
  private changed = false;

  now(): number {
    return this.current;
  }

  setTimeout(fn: (...args: unknown[]) => void, timeout: number): number {
    const timer: Timer = { id: this.nextId++, due: this.current + timeout, fn: () => fn() };
    this.pending.set(timer.id, timer);
    this.soonest.push(timer);
    this.latest.push(timer);
    this.changed = true;
    return timer.id;
  }

  clearTimeout(id: number): void {
    this.pending.delete(id);
    this.changed = true;
  }

  /** Moves virtual time to `time` and fires every timer due by then. */
  set(time: number): void {
    if (time < this.current) throw new Error('Unable to travel back in time');
    this.current = time;
    this.flush();
  }

  /** Virtual time of the earliest pending timer, or undefined when nothing is scheduled. */
  nextDue(): number | undefined {
    return this.soonest.top(this.pending)?.due;
  }

  private flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    try {
      let last = this.latest.top(this.pending);
      for (;;) {
        const next = this.soonest.top(this.pending);
        if (next === undefined || next.due > this.current) break;
        this.soonest.pop();
        this.pending.delete(next.id);
        this.changed = false;
        next.fn();
        if (this.changed) {
          if (next === last) break;
          last = this.latest.top(this.pending);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
