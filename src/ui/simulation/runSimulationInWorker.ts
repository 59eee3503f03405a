import { launchWorker, type WorkerJob } from '../workers';
import type { SimulationMessage, SimulationRunner } from './simulationJob';

/**
 * Simulates in a module worker, one per run, so a long run never blocks the page; stopping
 * terminates the worker (cancel, or a newer edit). Failures (no worker support, a script that
 * does not load, an engine error) come back as `simulation.failed`.
 */
export const runSimulationInWorker: SimulationRunner = (request, report) => {
  const job: WorkerJob<SimulationMessage> = {
    create: () =>
      new Worker(new URL('./simulationWorker.ts', import.meta.url), {
        type: 'module',
        name: 'rehearse-simulate',
      }),
    what: 'simulation',
    failed: (message) => ({ type: 'simulation.failed', id: request.id, message }),
    isLast: (message) => message.type !== 'simulation.progress',
  };
  return launchWorker(job, request, report);
};
