import { SimulatedClock } from 'xstate';

/**
 * XState's `SimulatedClock`, which also knows when its next timer is due, so the runner can
 * jump virtual time straight to the next thing that happens.
 */
export class VirtualClock extends SimulatedClock {
  private readonly due = new Map<number | undefined, number>();

  override setTimeout(fn: (...args: unknown[]) => void, timeout: number): number {
    const at = this.now() + timeout;
    // The callback needs its own id, which exists only once the clock has returned it.
    const box: { id?: number } = {};
    const id = super.setTimeout((...args: unknown[]) => {
      this.due.delete(box.id);
      fn(...args);
    }, timeout);
    box.id = id;
    this.due.set(id, at);
    return id;
  }

  override clearTimeout(id: number): void {
    this.due.delete(id);
    super.clearTimeout(id);
  }

  /** Virtual time of the earliest pending timer, or undefined when nothing is scheduled. */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const at of this.due.values()) {
      if (next === undefined || at < next) next = at;
    }
    return next;
  }
}
