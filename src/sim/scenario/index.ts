/**
 * Scenario files: parsing, validation, defaults, and the errors they report.
 */
export { parseScenario } from './parse';
export { ScenarioError } from './errors';
export type { ScenarioErrorDetails } from './errors';
export { parseDuration, formatDuration } from './duration';
