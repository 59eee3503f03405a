/**
 * Extremes and appends over lists of any length. `Math.max(...values)` and
 * `list.push(...items)` pass one argument per element, and past some 100,000 elements
 * (a scenario with 200,000 VPSs) the call overflows the stack.
 */

/**
 * The largest of `values`, or `floor` when none is larger. Pure.
 * @param floor returned for an empty list
 * @default floor -Infinity, as `Math.max()` with no arguments
 * @example largest([3, 9, 4]) // 9
 */
export function largest(values: Iterable<number>, floor = Number.NEGATIVE_INFINITY): number {
  let most = floor;
  for (const value of values) if (value > most || Number.isNaN(value)) most = value;
  return most;
}

/**
 * The smallest of `values`, or `ceiling` when none is smaller. Pure.
 * @param ceiling returned for an empty list
 * @default ceiling Infinity, as `Math.min()` with no arguments
 */
export function smallest(values: Iterable<number>, ceiling = Number.POSITIVE_INFINITY): number {
  let least = ceiling;
  for (const value of values) if (value < least || Number.isNaN(value)) least = value;
  return least;
}

/**
 * Appends every item to `target`, one at a time, however many there are.
 * @returns target
 */
export function append<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
