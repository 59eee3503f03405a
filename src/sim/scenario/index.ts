/**
 * Scenario files: parsing, validation, defaults, and the errors they report.
 */
export { parseScenario } from './parse';
export { ScenarioError } from './errors';
export { parseDuration, formatDuration } from './duration';
export { scenarioToYaml } from './serialize';
export { keyPosition } from './tree';
export { readFaultEntry } from './faults';
