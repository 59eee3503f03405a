/** The simulation worker: simulates one run per message and posts player events back. */
import { simulationJob, type SimulationMessage, type SimulationRequest } from './simulationJob';

/** The parts of a dedicated worker's global scope used here (the DOM typings describe a window). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<SimulationRequest>) => void) | null;
  postMessage(message: SimulationMessage): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  simulationJob(event.data, (message) => scope.postMessage(message));
};
