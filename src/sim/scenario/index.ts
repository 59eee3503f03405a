/**
 * Scenario files: parsing, validation, defaults, and the errors they report.
 */
export { parseScenario } from './parse';
export { ScenarioError } from './errors';
export { parseDuration, formatDuration } from './duration';
export { faultOf, scenarioToYaml, writtenPlan } from './serialize';
export { keyPosition } from './tree';
export { PLAN_STEPS } from './plan';
export { readFaultEntry } from './faults';
export { faultEntryText, writeFaultsIntoText } from './writeFaults';
export { writeSeedIntoText } from './writeSeed';
export { rewriteScenarioText } from './rewrite';
export { suggest } from './suggest';
export { OVERRIDE_DEFAULT } from './durationValue';
