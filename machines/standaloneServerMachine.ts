import { hostContext, hostSetup, lifecycleRegion } from './hostLifecycle';

/**
 * A single server with no redundancy: every minute between stopping its services and starting
 * them again after the restart is downtime. Its services are stopped before the install and
 * started again after the restart (the document's step 6); the soak and the tests run with them
 * in use.
 */
export const standaloneServerMachine = hostSetup.createMachine({
  id: 'standaloneServer',
  type: 'parallel',
  context: hostContext,
  states: {
    lifecycle: lifecycleRegion,
    services: {
      initial: 'running',
      states: {
        running: {
          tags: ['services-up'],
          description: 'Services running and users connected.',
          on: { 'services.stop': { target: 'stopping', actions: 'takeStepTime' } },
        },
        stopping: {
          description: 'Stopping services and notifying users and supervisors.',
          after: {
            stopServices: {
              target: 'stopped',
              actions: [
                { type: 'reportServicesDone', params: { action: 'stop-services' } },
                'clearStepTime',
              ],
            },
          },
        },
        stopped: {
          description: 'Services stopped for the maintenance window.',
          on: {
            'services.start': {
              target: 'running',
              actions: { type: 'reportServicesDone', params: { action: 'start-services' } },
            },
          },
        },
      },
    },
  },
});
