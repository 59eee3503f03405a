import { useContext } from 'react';
import { PlayerContext, type PlayerActor } from './PlayerContext';

/**
 * The player actor, to send events to.
 * @throws Error outside a `PlayerContext` provider.
 */
export function usePlayer(): PlayerActor {
  const actor = useContext(PlayerContext);
  if (!actor)
    throw new Error('usePlayer: no player; wrap the views in <PlayerContext value={actor}>.');
  return actor;
}
