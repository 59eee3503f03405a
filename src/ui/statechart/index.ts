/** The statechart view: a machine drawn from its own definition, with the active state lit. */
export { StatechartView } from './StatechartView';
