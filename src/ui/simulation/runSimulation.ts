import { runSimulationInWorker } from './runSimulationInWorker';
import { simulationJob, type SimulationRunner } from './simulationJob';

/**
 * The app's simulations: in a worker, so that no run blocks the page — except a request marked
 * `inPage` (the page's first run, of a built-in scenario whose size is known: 200 ms for the
 * largest), which runs in the page as soon as the current task is done. The page has the engine
 * loaded already; a worker would first have to start, load and compile it, which puts about
 * 150 ms before the first render.
 */
export const runSimulation: SimulationRunner = (request, report) => {
  if (!request.inPage) return runSimulationInWorker(request, report);
  let stopped = false;
  queueMicrotask(() => {
    if (!stopped) simulationJob(request, (message) => stopped || report(message));
  });
  return () => {
    stopped = true;
  };
};
