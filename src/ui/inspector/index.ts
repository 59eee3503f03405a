/** The inspector: a filterable, virtualized log of a run's transitions. */
export { InspectorLog } from './InspectorLog';
