export { distributionLogic } from './distributionLogic';
export { distributionJob } from './distributionJob';
export type {
  DistributionMessage,
  DistributionRequest,
  DistributionResult,
  DistributionRunner,
  PickedRun,
} from './distributionJob';
export { runDistributionInWorker } from './runDistributionInWorker';
