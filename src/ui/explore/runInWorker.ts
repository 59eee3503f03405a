import type { ExploreMessage, ExploreRunner } from './exploreJob';

function failed(message: string): ExploreMessage {
  return { type: 'explore.failed', message };
}

/**
 * Runs an exploration in a module worker, loaded only when an exploration starts; stopping
 * terminates the worker. Failures (no worker support, a script that does not load, an engine
 * error) come back as `explore.failed`.
 */
export const runInWorker: ExploreRunner = (request, report) => {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./exploreWorker.ts', import.meta.url), {
      type: 'module',
      name: 'rehearse-explore',
    });
  } catch (error) {
    report(
      failed(
        `The exploration worker could not start: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
    return () => undefined;
  }
  worker.onmessage = (event: MessageEvent<ExploreMessage>) => report(event.data);
  worker.onerror = (event) => {
    // Handled here and shown in the panel: not an uncaught error of the page.
    event.preventDefault();
    report(failed(`The exploration worker failed: ${event.message || 'its script did not load'}`));
    worker.terminate();
  };
  worker.onmessageerror = () =>
    report(failed('A message from the exploration worker could not be read.'));
  try {
    worker.postMessage(request);
  } catch (error) {
    report(
      failed(
        `The scenario could not be sent to the worker: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }
  return () => worker.terminate();
};
