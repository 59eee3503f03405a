import ELK, { type ElkNode } from 'elkjs/lib/elk-api.js';
// ELK's own worker script (~1.6 MB), emitted as a file and fetched only when a worker starts.
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';

/**
 * Lays a graph out with ELK in a worker of its own, so the page never waits on it; the worker
 * ends with the layout. Loaded on demand (`import('./elkInWorker')`): neither ELK's API nor its
 * worker script is part of the app's first load. A script that does not load rejects.
 * @example const laidOut = await layoutInWorker(buildElkGraph(model));
 */
export async function layoutInWorker(graph: ElkNode): Promise<ElkNode> {
  let failed: (error: Error) => void = () => undefined;
  const failure = new Promise<never>((_resolve, reject) => {
    failed = reject;
  });
  const elk = new ELK({
    workerFactory: () => {
      const worker = new Worker(elkWorkerUrl, { name: 'rehearse-statechart-layout' });
      worker.addEventListener('error', (event) => {
        // Handled here and shown in the app: not an uncaught error of the page.
        event.preventDefault();
        failed(
          new Error(`the layout worker failed: ${event.message || 'its script did not load'}`),
        );
      });
      return worker;
    },
  });
  try {
    return await Promise.race([elk.layout(graph), failure]);
  } finally {
    elk.terminateWorker();
  }
}
