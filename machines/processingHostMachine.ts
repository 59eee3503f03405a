import { hostContext, hostSetup, lifecycleRegion } from './hostLifecycle';

/**
 * A SERVERware Cluster processing host: runs VPSs whose disks live on the storage pair. While
 * it restarts, the VPSs left on it are down; a storage failover does not affect them.
 */
export const processingHostMachine = hostSetup.createMachine({
  id: 'processingHost',
  type: 'parallel',
  context: hostContext,
  states: {
    lifecycle: lifecycleRegion,
  },
});
