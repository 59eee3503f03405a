import { fromCallback, type EventObject } from 'xstate';
import type { DistributionRequest, DistributionRunner } from './distributionJob';

/**
 * The player's sampling actor: runs the request with `runner` and sends its progress, result or
 * failure back as events; stopping the actor (cancel, or leaving the state) stops it.
 * @param runner The worker in the app; a synchronous in-process run in tests.
 */
export function distributionLogic(runner: DistributionRunner) {
  return fromCallback<EventObject, DistributionRequest | undefined>(({ input, sendBack }) => {
    if (!input) {
      sendBack({ type: 'distribution.failed', message: 'There is no scenario to sample.' });
      return undefined;
    }
    return runner(input, sendBack);
  });
}
