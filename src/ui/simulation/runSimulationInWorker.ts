import type { SimulationMessage, SimulationRunner } from './simulationJob';

/**
 * Simulates in a module worker, one per run, so a long run never blocks the page; stopping
 * terminates the worker (cancel, or a newer edit). Failures (no worker support, a script that
 * does not load, an engine error) come back as `simulation.failed`.
 */
export const runSimulationInWorker: SimulationRunner = (request, report) => {
  const failed = (message: string): SimulationMessage => ({
    type: 'simulation.failed',
    id: request.id,
    message,
  });
  let worker: Worker;
  try {
    worker = new Worker(new URL('./simulationWorker.ts', import.meta.url), {
      type: 'module',
      name: 'rehearse-simulate',
    });
  } catch (error) {
    report(
      failed(
        `The simulation worker could not start: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
    return () => undefined;
  }
  worker.onmessage = (event: MessageEvent<SimulationMessage>) => {
    report(event.data);
    if (event.data.type !== 'simulation.progress') worker.terminate();
  };
  worker.onerror = (event) => {
    // Handled here and shown in the app: not an uncaught error of the page.
    event.preventDefault();
    report(failed(`The simulation worker failed: ${event.message || 'its script did not load'}`));
    worker.terminate();
  };
  worker.onmessageerror = () =>
    report(failed('A message from the simulation worker could not be read.'));
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
