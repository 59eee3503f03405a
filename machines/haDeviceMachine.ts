import { and, stateIn } from 'xstate';
import { hostContext, hostSetup, lifecycleRegion } from './hostLifecycle';

/**
 * One device of an active/standby pair (firewall style). The active device carries traffic;
 * the standby mirrors its configuration (config sync) and connection state (session sync).
 * With preemption enabled, the preferred device takes the active role back as soon as it
 * comes up after a restart.
 */
export const haDeviceMachine = hostSetup.createMachine({
  id: 'haDevice',
  type: 'parallel',
  context: hostContext,
  states: {
    lifecycle: lifecycleRegion,
    role: {
      initial: 'assigning',
      states: {
        assigning: {
          description: 'Takes the role the scenario gives it.',
          always: [{ guard: 'isLeading', target: 'active' }, { target: 'standby' }],
        },
        active: {
          tags: ['leading'],
          description: 'Active: carries the traffic.',
          entry: { type: 'setLeading', params: { leading: true } },
          on: { 'role.standby': 'standby' },
        },
        standby: {
          description: 'Standby: mirrors the active device, ready to take over.',
          entry: { type: 'setLeading', params: { leading: false } },
          on: { 'role.activate': 'active' },
          always: {
            guard: and(['preempts', stateIn({ lifecycle: 'booted' })]),
            target: 'active',
            actions: 'reportPreempted',
          },
        },
      },
    },
    preemption: {
      initial: 'assigning',
      states: {
        assigning: {
          description: 'Takes the preemption setting the scenario gives it.',
          always: [{ guard: 'preemptionEnabled', target: 'enabled' }, { target: 'disabled' }],
        },
        enabled: {
          description:
            'Preemption on: the preferred device grabs the active role when it comes up.',
          on: {
            'preemption.set': {
              guard: { type: 'setsPreemption', params: { enabled: false } },
              target: 'disabled',
              actions: { type: 'setPreemption', params: { enabled: false } },
            },
          },
        },
        disabled: {
          description: 'Preemption off: roles change only on a switchover.',
          on: {
            'preemption.set': {
              guard: { type: 'setsPreemption', params: { enabled: true } },
              target: 'enabled',
              actions: { type: 'setPreemption', params: { enabled: true } },
            },
          },
        },
      },
    },
  },
});
