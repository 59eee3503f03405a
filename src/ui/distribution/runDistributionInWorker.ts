import { launchWorker, type WorkerJob } from '../workers';
import type { DistributionMessage, DistributionRunner } from './distributionJob';

const job: WorkerJob<DistributionMessage> = {
  create: () =>
    new Worker(new URL('./distributionWorker.ts', import.meta.url), {
      type: 'module',
      name: 'rehearse-distribution',
    }),
  what: 'sampling',
  failed: (message) => ({ type: 'distribution.failed', message }),
  isLast: (message) => message.type !== 'distribution.progress',
};

/**
 * Samples in a module worker, loaded only when a sampling starts, so the page never waits on
 * it; stopping terminates the worker. Failures (no worker support, a script that does not load,
 * an engine error) come back as `distribution.failed`.
 */
export const runDistributionInWorker: DistributionRunner = (request, report) =>
  launchWorker(job, request, report);
