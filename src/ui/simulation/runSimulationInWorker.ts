import { launchWorker, type WorkerJob } from '../workers';
import { unpackRun, type PackedDone } from './packedRun';
import type { SimulationMessage, SimulationRunner } from './simulationJob';
// Built with the page, so the worker shares the engine's chunk (see scripts/workerChunks.ts).
import simulationWorkerUrl from './simulationWorker.ts?worker-chunk';

function startWorker(): Worker {
  return new Worker(simulationWorkerUrl, {
    type: 'module',
    name: 'rehearse-simulate',
  });
}

/** A worker started before it is needed: its script loads and compiles while nothing waits. */
let spare: Worker | undefined;

/**
 * Starts a simulation worker ahead of the next run: the app calls it first thing at start, so the
 * first run does not wait for the worker's script behind the page's own start-up, and each run
 * calls it when it is done. Does nothing where workers are missing: the run then reports that
 * the worker could not start.
 */
export function warmSimulationWorker(): void {
  if (spare !== undefined || typeof Worker === 'undefined') return;
  try {
    const worker = startWorker();
    // A script that fails to load before the worker is taken: the next run starts its own.
    worker.addEventListener('error', () => {
      if (spare !== worker) return;
      spare = undefined;
      worker.terminate();
    });
    spare = worker;
  } catch {
    // The run that needs a worker tries again and reports the failure.
  }
}

/** The spare worker if there is one, else a new one. */
function takeWorker(): Worker {
  const worker = spare ?? startWorker();
  spare = undefined;
  return worker;
}

/** Most milliseconds the page spends rebuilding a packed run before it lets other tasks run. */
const SLICE_MS = 12;

/**
 * Runs `steps` a slice of {@link SLICE_MS} at a time, each slice a task of its own, and hands
 * what they return to `then` in the task after the last; returns a function that stops them.
 */
function inSlices<Result>(steps: Generator<void, Result>, then: (result: Result) => void) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slice = () => {
    const until = performance.now() + SLICE_MS;
    for (;;) {
      const next = steps.next();
      if (next.done) {
        timer = setTimeout(() => then(next.value));
        return;
      }
      if (performance.now() >= until) break;
    }
    timer = setTimeout(slice);
  };
  timer = setTimeout(slice);
  return () => clearTimeout(timer);
}

/**
 * Simulates in a module worker, one per run, so a long run never blocks the page; stopping
 * terminates the worker (cancel, or a newer edit). Failures (no worker support, a script that
 * does not load, an engine error) come back as `simulation.failed`.
 */
export const runSimulationInWorker: SimulationRunner = (request, report) => {
  type Posted = SimulationMessage | PackedDone;
  const isLast = (message: Posted) => message.type !== 'simulation.progress';
  const job: WorkerJob<Posted> = {
    create: takeWorker,
    what: 'simulation',
    failed: (message) => ({ type: 'simulation.failed', id: request.id, message }),
    isLast,
  };
  let stopped = false;
  let handing: ReturnType<typeof setTimeout> | undefined;
  let unpacking: (() => void) | undefined;
  const stop = launchWorker(job, request, (message) => {
    if (message.type === 'simulation.packed') {
      // A run of many workloads: rebuilt a slice at a time, so no one task holds the page.
      unpacking = inSlices(unpackRun(message), (done) => {
        if (!stopped) report(done);
      });
    } else if (message.type === 'simulation.done') {
      // The run is read from the message (a copy of tens of megabytes for a Cluster of a
      // thousand hosts) in the message's own task, and drawn in the next: one long task less.
      handing = setTimeout(() => {
        if (!stopped) report(message);
      });
    } else report(message);
    // The next run's worker starts once this one is done, not while it simulates.
    if (isLast(message)) warmSimulationWorker();
  });
  return () => {
    stopped = true;
    clearTimeout(handing);
    unpacking?.();
    stop();
  };
};
