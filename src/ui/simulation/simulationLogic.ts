import { fromCallback, type EventObject } from 'xstate';
import type { SimulationRequest, SimulationRunner } from './simulationJob';

/**
 * The player's simulation actor: runs the request with `runner` and sends its progress and
 * result back as events; stopping the actor (cancel, a newer run) stops it.
 * @param runner The worker in the app; a synchronous in-process run in tests.
 */
export function simulationLogic(runner: SimulationRunner) {
  return fromCallback<EventObject, SimulationRequest | undefined>(({ input, sendBack }) => {
    if (!input) return undefined;
    return runner(input, sendBack);
  });
}
