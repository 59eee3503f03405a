import fc from 'fast-check';
import { SimulatedClock } from 'xstate';
import { describe, expect, test } from 'vitest';
import { VirtualClock } from './clock';

interface Like {
  setTimeout(fn: () => void, timeout: number): unknown;
  clearTimeout(id: unknown): void;
  set(time: number): void;
}

/** What a timer does when it fires: set more timers (some due at once), clear one. */
type Plan = { readonly delay: number; readonly spawn: readonly number[]; readonly clear?: number };

/** Fires the same timers on `clock`, returning the order they fired in and when. */
function play(clock: Like, plans: readonly Plan[], steps: readonly number[]): string[] {
  const fired: string[] = [];
  const ids = new Map<number, unknown>();
  let now = 0;
  let next = 0;
  const schedule = (planIndex: number) => {
    const label = next++;
    const plan = plans[planIndex % plans.length] as Plan;
    ids.set(
      label,
      clock.setTimeout(() => {
        fired.push(`${label}@${now}`);
        if (label > 200) return;
        for (const spawn of plan.spawn) schedule(spawn);
        if (plan.clear !== undefined && ids.has(plan.clear))
          clock.clearTimeout(ids.get(plan.clear));
      }, plan.delay),
    );
  };
  for (let index = 0; index < plans.length; index++) schedule(index);
  for (const step of steps) {
    now += step;
    clock.set(now);
  }
  return fired;
}

describe('VirtualClock', () => {
  test('fires timers in the order XState’s SimulatedClock fires them', () => {
    const plan = fc.record({
      delay: fc.constantFrom(0, 0, 5, 10, 10, 25),
      spawn: fc.array(fc.nat({ max: 9 }), { maxLength: 2 }),
      clear: fc.option(fc.nat({ max: 30 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(plan, { minLength: 1, maxLength: 10 }),
        fc.array(fc.constantFrom(0, 5, 10, 20), { minLength: 1, maxLength: 12 }),
        (plans, steps) => {
          expect(play(new VirtualClock(), plans, steps)).toEqual(
            play(new SimulatedClock(), plans, steps),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  test('knows when the next live timer is due', () => {
    const clock = new VirtualClock();
    const early = clock.setTimeout(() => undefined, 10);
    clock.setTimeout(() => undefined, 30);
    expect(clock.nextDue()).toBe(10);
    clock.clearTimeout(early);
    expect(clock.nextDue()).toBe(30);
    clock.set(30);
    expect(clock.nextDue()).toBeUndefined();
  });
});
