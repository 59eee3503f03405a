import { hostContext, hostSetup, lifecycleRegion } from './hostLifecycle';

/**
 * The SERVERware Backup host: upgraded first on every hop, with no downtime for any VPS.
 */
export const backupHostMachine = hostSetup.createMachine({
  id: 'backupHost',
  type: 'parallel',
  context: hostContext,
  states: {
    lifecycle: lifecycleRegion,
  },
});
