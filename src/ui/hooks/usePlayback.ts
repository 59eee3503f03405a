import { useEffect } from 'react';
import { selectPlaying } from '../state/selectors';
import { usePlayer } from '../state/usePlayer';
import { usePlayerSelector } from '../state/usePlayerSelector';

/** Longest wall-clock gap one frame may cover (a hidden tab must not leap ahead on return). */
const MAX_FRAME_MS = 250;

/**
 * Drives playback: while the player plays, sends it a `tick` with the wall-clock time elapsed
 * since the last animation frame. The player turns that into virtual time at its speed.
 */
export function usePlayback(): void {
  const actor = usePlayer();
  const playing = usePlayerSelector(selectPlaying);
  useEffect(() => {
    if (!playing) return undefined;
    let last: number | undefined;
    let frame = requestAnimationFrame(function loop(now: number) {
      if (last !== undefined)
        actor.send({ type: 'tick', elapsed: Math.min(MAX_FRAME_MS, Math.max(0, now - last)) });
      last = now;
      frame = requestAnimationFrame(loop);
    });
    return () => cancelAnimationFrame(frame);
  }, [actor, playing]);
}
