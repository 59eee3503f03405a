import { useSelector } from '@xstate/react';
import type { PlayerSnapshot } from './selectors';
import { usePlayer } from './usePlayer';

/**
 * Reads one value from the player's snapshot; re-renders only when it changes.
 * @param selector A module-level selector from `selectors.ts`.
 * @param compare Equality of two selected values (default `===`).
 */
export function usePlayerSelector<T>(
  selector: (snapshot: PlayerSnapshot) => T,
  compare?: (a: T, b: T) => boolean,
): T {
  return useSelector(usePlayer(), selector, compare);
}
