export { simulationLogic } from './simulationLogic';
export { simulationJob } from './simulationJob';
export type {
  SimulationMessage,
  SimulationRequest,
  SimulationRunner,
  SourceError,
} from './simulationJob';
export { runSimulationInWorker } from './runSimulationInWorker';
export { runSimulation } from './runSimulation';
