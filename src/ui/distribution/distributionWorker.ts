/** The sampling worker: runs one sampling per message and posts player events back. */
import {
  distributionJob,
  type DistributionMessage,
  type DistributionRequest,
} from './distributionJob';

/** The parts of a dedicated worker's global scope used here (the DOM typings describe a window). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<DistributionRequest>) => void) | null;
  postMessage(message: DistributionMessage): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  distributionJob(event.data, (message) => scope.postMessage(message));
};
