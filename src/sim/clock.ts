import { SimulatedClock } from 'xstate';

/**
 * XState's `SimulatedClock`, which also knows when its next timer is due, so the runner can
 * jump virtual time straight to the next thing that happens.
 */
export class VirtualClock extends SimulatedClock {
  private readonly due = new Map<number | undefined, number>();

  override setTimeout(fn: (...args: unknown[]) => void, timeout: number): number {
    const at = this.now() + timeout;
    // Set the due time before the id exists, then move it under the id the clock returns.
    let id: number | undefined;
    const wrapped = (...args: unknown[]) => {
      this.due.delete(id);
      fn(...args);
    };
    id = super.setTimeout(wrapped, timeout);
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
