/** The simulation worker: simulates one run per message and posts player events back. */
import { packMessage, type PackedDone } from './packedRun';
import { simulationJob, type SimulationMessage, type SimulationRequest } from './simulationJob';

/** The parts of a dedicated worker's global scope used here (the DOM typings describe a window). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<SimulationRequest>) => void) | null;
  postMessage(message: SimulationMessage | PackedDone, transfer: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  simulationJob(event.data, (message) => {
    // A run of many workloads goes packed: its copy on the page's side is then quick.
    const { message: posted, transfer } = packMessage(message);
    scope.postMessage(posted, transfer);
  });
};
