import { createContext } from 'react';
import type { Actor } from 'xstate';
import type { playerMachine } from './playerMachine';

/** The running player actor. */
export type PlayerActor = Actor<typeof playerMachine>;

/** Carries the player actor to the views; created once, outside React, by whoever mounts the app. */
export const PlayerContext = createContext<PlayerActor | null>(null);
