import { hostContext, hostSetup, lifecycleRegion, wentDown } from './hostLifecycle';

/**
 * A SERVERware storage host. The Primary serves and the Secondary mirrors it; maintenance
 * happens only on the Secondary, and a failover swaps the two roles. The ZFS pool must be
 * ONLINE with no errors before any storage step.
 */
export const storageHostMachine = hostSetup.createMachine({
  id: 'storageHost',
  type: 'parallel',
  context: hostContext,
  states: {
    lifecycle: lifecycleRegion,
    role: {
      initial: 'assigning',
      states: {
        assigning: {
          description: 'Takes the role the scenario gives it.',
          always: [{ guard: 'isLeading', target: 'primary' }, { target: 'secondary' }],
        },
        primary: {
          tags: ['leading'],
          description: 'Primary: serves the pool and the VPSs that run on storage.',
          on: {
            'failover.begin': 'demoting',
            'role.demote': {
              target: 'secondary',
              actions: { type: 'setLeading', params: { leading: false } },
            },
          },
        },
        secondary: {
          description:
            'Secondary: mirrors the Primary; the only storage host maintenance may touch.',
          on: { 'failover.begin': 'promoting', 'takeover.begin': 'takingOverPrimary' },
        },
        takingOverPrimary: {
          description:
            'The Primary was lost without a failover: the mirrored Secondary takes over its pool and VPSs.',
          // Down before it has the role: it abandons the takeover, and no storage host serves
          // until one that is ready takes it over (the procedure decides which).
          always: { guard: wentDown, target: 'secondary' },
          after: {
            takeover: {
              target: 'primary',
              actions: [{ type: 'setLeading', params: { leading: true } }, 'reportTookOver'],
            },
          },
        },
        demoting: {
          tags: ['handing-over'],
          description: 'Failover in progress: handing the Primary role over.',
          on: {
            'failover.abort': 'primary',
            'failover.complete': {
              target: 'secondary',
              actions: { type: 'setLeading', params: { leading: false } },
            },
          },
        },
        promoting: {
          tags: ['handing-over'],
          description: 'Failover in progress: taking the Primary role over.',
          on: {
            'failover.abort': 'secondary',
            'failover.complete': {
              target: 'primary',
              actions: { type: 'setLeading', params: { leading: true } },
            },
          },
        },
      },
    },
    pool: {
      initial: 'online',
      states: {
        online: {
          tags: ['pool-online'],
          description: 'ZFS pool ONLINE with no errors.',
          on: {
            'pool.degrade': {
              target: 'degraded',
              actions: {
                type: 'startResilver',
                params: ({ event }) => ({ duration: event.duration }),
              },
            },
          },
        },
        degraded: {
          description: 'ZFS pool DEGRADED and resilvering; storage steps wait until it is ONLINE.',
          after: { resilver: { target: 'online', actions: ['reportPoolOnline', 'endResilver'] } },
        },
      },
    },
  },
});
