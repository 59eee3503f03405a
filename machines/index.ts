/**
 * The XState machines: one per host role, and the procedure (cluster) machine that drives
 * them. Pure definitions: no React, DOM or Node imports.
 */
export { backupHostMachine } from './backupHostMachine';
export { processingHostMachine } from './processingHostMachine';
export { storageHostMachine } from './storageHostMachine';
export { haDeviceMachine } from './haDeviceMachine';
export { standaloneServerMachine } from './standaloneServerMachine';
export { procedureMachine } from './procedureMachine';
export type { ProcedureContext, ProcedureEvent, ProcedureInput } from './procedureMachine';
export type {
  HostContext,
  HostEvent,
  HostInput,
  HostReportEvent,
  StepFault,
} from './hostLifecycle';
export type { ProcedureStep, HostView, ArmedFault } from './procedureSteps';
export { planRecovery } from './recovery';
export type { FailureSituation, RecoveryPlan } from './recovery';
export { assumed } from './sources';
