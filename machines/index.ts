/**
 * The XState machines: one per host role, and the procedure (cluster) machine that drives
 * them. Pure definitions: no React, DOM or Node imports.
 */
import type { AnyStateMachine } from 'xstate';
import { backupHostMachine } from './backupHostMachine';
import { haDeviceMachine } from './haDeviceMachine';
import { procedureMachine } from './procedureMachine';
import { processingHostMachine } from './processingHostMachine';
import { standaloneServerMachine } from './standaloneServerMachine';
import { storageHostMachine } from './storageHostMachine';
import type { HostKind } from './types';

export {
  backupHostMachine,
  haDeviceMachine,
  procedureMachine,
  processingHostMachine,
  standaloneServerMachine,
  storageHostMachine,
};

/** The machine that defines each kind of host. */
export const HOST_MACHINES: Readonly<Record<HostKind, AnyStateMachine>> = {
  storage: storageHostMachine,
  processing: processingHostMachine,
  backup: backupHostMachine,
  device: haDeviceMachine,
  server: standaloneServerMachine,
};

/** Every machine a run is made of: the procedure (cluster) first, then one per kind of host. */
export const MACHINES: readonly AnyStateMachine[] = [
  procedureMachine,
  ...Object.values(HOST_MACHINES),
];
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
