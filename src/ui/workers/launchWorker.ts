/** One kind of job run in a module worker: how to start the worker and what its messages mean. */
export interface WorkerJob<Message> {
  /**
   * Starts the worker. Written where the worker's script is named, so the bundler finds the
   * script: `new Worker(new URL('./x.ts', import.meta.url), { type: 'module' })` for a bundle of
   * its own, or `new Worker(url, { type: 'module' })` with `url` imported from
   * `'./x.ts?worker-chunk'` for a chunk of the app's build (see `scripts/workerChunks.ts`).
   */
  readonly create: () => Worker;
  /** What the job is called in failures: `simulation`, `exploration`. */
  readonly what: string;
  /** The job's own failure message. */
  readonly failed: (message: string) => Message;
  /** Whether a message is the job's last: the worker is then terminated. */
  readonly isLast: (message: Message) => boolean;
}

const text = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Runs one request in a new module worker, so it never blocks the page, and reports each of its
 * messages; returns a function that stops it (the worker is terminated). Failures (no worker
 * support, a script that does not load, a message that cannot be sent or read) come back as the
 * job's failure message.
 * @example
 * const stop = launchWorker(simulationWorkerJob, request, (message) => actor.send(message));
 */
export function launchWorker<Request, Message>(
  job: WorkerJob<Message>,
  request: Request,
  report: (message: Message) => void,
): () => void {
  let worker: Worker;
  try {
    worker = job.create();
  } catch (error) {
    report(job.failed(`The ${job.what} worker could not start: ${text(error)}`));
    return () => undefined;
  }
  worker.onmessage = (event: MessageEvent<Message>) => {
    report(event.data);
    if (job.isLast(event.data)) worker.terminate();
  };
  worker.onerror = (event) => {
    // Handled here and shown in the app: not an uncaught error of the page.
    event.preventDefault();
    report(
      job.failed(`The ${job.what} worker failed: ${event.message || 'its script did not load'}`),
    );
    worker.terminate();
  };
  worker.onmessageerror = () =>
    report(job.failed(`A message from the ${job.what} worker could not be read.`));
  try {
    worker.postMessage(request);
  } catch (error) {
    report(job.failed(`The scenario could not be sent to the worker: ${text(error)}`));
  }
  return () => worker.terminate();
}
