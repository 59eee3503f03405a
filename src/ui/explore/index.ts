export { explorationLogic } from './explorationLogic';
export { exploreJob } from './exploreJob';
export type { ExploreMessage, ExploreRequest, ExploreRunner } from './exploreJob';
export { describeFault } from './describeFault';
export { runInWorker } from './runInWorker';
