/** The exploration worker: runs one exploration per message and posts player events back. */
import { exploreJob, type ExploreMessage, type ExploreRequest } from './exploreJob';

/** The parts of a dedicated worker's global scope used here (the DOM typings describe a window). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<ExploreRequest>) => void) | null;
  postMessage(message: ExploreMessage): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  exploreJob(event.data, (message) => scope.postMessage(message));
};
