export { launchWorker } from './launchWorker';
export type { WorkerJob } from './launchWorker';
