import { useCallback } from 'react';
import { usePlayer } from '../state/usePlayer';

/**
 * Plays one seed of the Distribution tab's samples on the stage: the player writes the seed into
 * the scenario and plays its run, and the page scrolls back up to the stage, where it plays (the
 * focus stays where it was).
 * @returns `(seed, what)`, `what` naming the run in the notice (`the worst run of the samples`).
 */
export function usePlaySample(): (seed: number, what: string) => void {
  const actor = usePlayer();
  return useCallback(
    (seed, what) => {
      actor.send({ type: 'distribution.play', seed, what });
      document.querySelector('.stage')?.scrollIntoView?.({ block: 'start' });
    },
    [actor],
  );
}
