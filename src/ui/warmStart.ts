/**
 * The app's first import: starts the simulation worker while the rest of the page's script is
 * still evaluating, so the first run's worker is loaded and compiled by the time the run is asked
 * for, instead of starting behind the page's first render.
 */
import { warmSimulationWorker } from './simulation/runSimulationInWorker';

warmSimulationWorker();
