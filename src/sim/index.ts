/**
 * The Rehearse engine: scenario parsing, planning, simulation in virtual time, invariant
 * monitors and reports. Runs in Node, in the browser and in web workers alike.
 */
export {
  parseScenario,
  ScenarioError,
  parseDuration,
  formatDuration,
  scenarioToYaml,
  readFaultEntry,
  faultOf,
  faultEntryText,
  writeFaultsIntoText,
  writeSeedIntoText,
  rewriteScenarioText,
  keyPosition,
  writtenPlan,
  PLAN_STEPS,
  suggest,
  OVERRIDE_DEFAULT,
} from './scenario';
export { planProcedure } from './planner';
export { describeIssue } from './describeIssue';
export { describeSource, handWritten, sourceLabel, writtenIndex } from '../../machines/sources';
export {
  DECISION_POINTS,
  DECISION_POINT_NAMES,
  DECISION_OPTIONS,
  DECISION_OPTION_NAMES,
  optionsAt,
  optionWords,
} from '../../machines/decisions';
export { planImpact, plannedScenario, runImpact } from './impact';
export {
  downtimeRows,
  downtimeCells,
  formatAvailability,
  outageText,
  DOWNTIME_COLUMNS,
  DOWN_CAUSE,
  FAULT_EVENTS,
  STRUCK_DOWN,
} from './downtimeRows';
export type { DowntimeRow, DowntimeWindow, OutageOrigin, OutageRecord } from './downtimeRows';
export type { FaultImpact, PlanImpact, StepImpact } from './impact';
export { simulate, stepLabel } from './runner';
export type { Run, Frame, SimulateOptions, MonitorSink, StepTiming } from './runner';
export {
  isUnfinishedWarning,
  REPORT_ENVELOPE_FORMAT,
  reportPasses,
  roleChangeNoun,
} from './report';
export { expectationChecks } from './expectations';
export type { ExpectationCheck } from './expectations';
export { missLine } from './missLine';
export { invariantWords, MONITORS, monitorsFor } from './monitors/invariants';
export type { Monitor, Verdict } from './monitors/invariants';
export { groupUp, volumesServed } from './availability';
export type { Availability, GroupMove, WorkloadGroup, Outage } from './availability';
export type { World, HostState, Placement, ProcedureState, Observation } from './world';
export { formatState, initialPlacement, nextPlacement, ROLE_STATES, vpsStoppedAt } from './world';
export { DEFAULT_DURATIONS, DURATION_DOC, DEFAULT_POLICY, LIMITS } from './defaults';
export { decodeText, notTextRefusal, safeText, sizeRefusal } from './safeText';
export {
  compareVersions,
  serverwarePath,
  serverwareCase,
  NEWEST_SERVERWARE,
  SERVERWARE_RELEASES,
} from './versions';
export { scenarioWarnings } from './warnings';
export { append, largest, smallest } from './extremes';
export {
  explore,
  exploreShard,
  mergeShards,
  combineShards,
  subShard,
  singleFaults,
  APPLICABLE_FAULTS,
} from './explore';
export type {
  ExploreOptions,
  ExploreResult,
  Counterexample,
  Shard,
  ShardResult,
  Situation,
} from './explore';
export type { MachineCoverage } from './coverage';
export { searchDecisions, ruleFor } from './decisionSearch';
export type {
  DecisionFinding,
  DecisionSearchOptions,
  DecisionSearchResult,
  OptionResult,
} from './decisionSearch';
export { summarize, summaryPathFor, formatSummary } from './summary';
export { csvText } from './csv';
export { markdownText } from './markdownText';
export {
  addsIntervalWords,
  drawnByRun,
  drawnInRuns,
  drawnKeys,
  formatChance,
  formatRate,
  nearestRank,
  sampleAtPercentile,
  sampler,
  sampleRuns,
  seedDraws,
  welchInterval,
  seedsOfShard,
  seedRangeProblem,
  MAX_SEED,
  summarizeSamples,
  totalsHistogram,
  warningLine,
  wilson,
  SAMPLES_FORMAT,
} from './samples';
export type {
  Chance,
  FaultRisk,
  HistogramBar,
  Sample,
  SampleBatch,
  SamplesReport,
  SeedDraws,
  Spread,
  WorkloadSpread,
} from './samples';
export type { Summary } from './summary';
export { CAUSES, INVARIANT_IDS, OUTCOMES } from './types';
export {
  applySweepPoint,
  MAX_SWEEP_POINTS,
  pointLabel,
  readSweep,
  summarizeSweep,
  sweepGrid,
  sweepPointCount,
  sweepSeeds,
  SWEEP_FORMAT,
} from './sweep';
export type {
  SweepParameter,
  SweepPointScenario,
  SweepReport,
  SweepRow,
  SweepValue,
} from './sweep';
export type * from './types';
