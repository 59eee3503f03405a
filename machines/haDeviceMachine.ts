import { and, not, or, stateIn } from 'xstate';
import { hostContext, hostSetup, isBack, lifecycleRegion, wentDown } from './hostLifecycle';

/** Up on the version it booted: serving, back from a restart, or being checked. */
const healthy = or([
  stateIn({ lifecycle: 'online' }),
  stateIn({ lifecycle: 'booted' }),
  stateIn({ lifecycle: 'verifying' }),
]);

/** The preferred device, preemption on, healthy: it will take the active role back. */
const canPreempt = and(['preempts', healthy]);

const clearPending = { type: 'reportPreemptionPending', params: { pending: false } } as const;
const pending = { type: 'reportPreemptionPending', params: { pending: true } } as const;

/**
 * One device of an active/standby pair (firewall style). The active device carries traffic;
 * the standby mirrors its configuration (config sync) and connection state (session sync).
 * With preemption enabled, the preferred device takes the active role back when it comes up as
 * standby (after a restart or a crash) or when preemption is enabled while it is standby — after
 * the preemption delay, by a switchover of its own. A manual switchover does not trigger it.
 * A standby whose active peer is gone takes over once it has noticed, after the detection time.
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
          on: {
            'role.activate': 'active',
            'role.takeover': 'takingOver',
            'preemption.set': {
              guard: and([
                { type: 'setsPreemption', params: { enabled: true } },
                'isPreferred',
                healthy,
              ]),
              target: 'preemptionPending',
              actions: pending,
            },
          },
          always: { guard: and(['preempts', not(healthy)]), target: 'comingUp' },
        },
        comingUp: {
          description:
            'Standby, preferred, preemption on, restarting or down: it preempts once it is back.',
          on: { 'role.activate': 'active', 'role.takeover': 'takingOver' },
          always: [
            { guard: canPreempt, target: 'preemptionPending', actions: pending },
            { guard: not('preempts'), target: 'standby' },
          ],
        },
        preemptionPending: {
          description:
            'Preferred, healthy and standby with preemption on: preempts once the preemption delay has passed (Huawei HRP: 60 s by default).',
          on: {
            'role.activate': { target: 'active', actions: clearPending },
            'role.takeover': { target: 'takingOver', actions: clearPending },
          },
          always: { guard: not(canPreempt), target: 'standby', actions: clearPending },
          after: { preemptionDelay: { target: 'preempting', actions: 'reportPreempted' } },
        },
        preempting: {
          description:
            'Preempting: a switchover onto this device; neither device carries traffic meanwhile.',
          on: {
            'role.standby': { target: 'standby', actions: clearPending },
            'role.activate': { target: 'active', actions: clearPending },
          },
          after: { switchover: { target: 'active', actions: clearPending } },
        },
        takingOver: {
          description:
            'Its active peer is gone: the device declares it failed after the hold time (Cisco ASA: 15 s by default), then takes the active role; services are down meanwhile.',
          on: { 'role.standby': 'standby', 'role.activate': 'active' },
          always: { guard: wentDown, target: 'downTakingOver' },
          after: { detect: 'active' },
        },
        downTakingOver: {
          description:
            'Went down while taking over: no device is active. Back, it takes over again, unless its peer came back first and took the role (an assumption: the pair has no active device to hand the role back to).',
          on: { 'role.standby': 'standby', 'role.activate': 'active' },
          always: { guard: isBack, target: 'takingOver' },
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
            'Preemption on: the preferred device takes the active role back when it comes up as standby.',
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
