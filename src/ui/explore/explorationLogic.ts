import { fromCallback, type EventObject } from 'xstate';
import type { ExploreRequest, ExploreRunner } from './exploreJob';

/**
 * The player's exploration actor: runs the request with `runner` and sends its progress,
 * result or failure back as events; stopping the actor (cancel, or leaving the state) stops it.
 * @param runner The worker in the app; a synchronous in-process run in tests.
 */
export function explorationLogic(runner: ExploreRunner) {
  return fromCallback<EventObject, ExploreRequest | undefined>(({ input, sendBack }) => {
    if (!input) {
      sendBack({ type: 'explore.failed', message: 'There is no scenario to explore.' });
      return undefined;
    }
    return runner(input, sendBack);
  });
}
