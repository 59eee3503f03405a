import { launchWorker, type WorkerJob } from '../workers';
import type { ExploreMessage, ExploreRunner } from './exploreJob';

const job: WorkerJob<ExploreMessage> = {
  create: () =>
    new Worker(new URL('./exploreWorker.ts', import.meta.url), {
      type: 'module',
      name: 'rehearse-explore',
    }),
  what: 'exploration',
  failed: (message) => ({ type: 'explore.failed', message }),
  isLast: (message) => message.type !== 'explore.progress',
};

/**
 * Runs an exploration in a module worker, loaded only when an exploration starts; stopping
 * terminates the worker. Failures (no worker support, a script that does not load, an engine
 * error) come back as `explore.failed`.
 */
export const runInWorker: ExploreRunner = (request, report) => launchWorker(job, request, report);
