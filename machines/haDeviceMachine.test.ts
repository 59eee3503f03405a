import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyEventObject } from 'xstate';
import { haDeviceMachine } from './haDeviceMachine';
import type { HostEvent, HostInput } from './hostLifecycle';
import type { Durations } from './types';

const MINUTE = 60_000;
const DEFAULT_DURATIONS: Durations = {
  precheck: 10 * MINUTE,
  backup: 15 * MINUTE,
  sync: 2 * MINUTE,
  check: MINUTE,
  resolve: 15 * MINUTE,
  install: 20 * MINUTE,
  reboot: 5 * MINUTE,
  takeover: 15 * MINUTE,
  'vps-restart': 5 * MINUTE,
  verify: 5 * MINUTE,
  failover: 15 * MINUTE,
  switchover: 10_000,
  rollback: 15 * MINUTE,
  restore: 20 * MINUTE,
  'session-restore': 5 * MINUTE,
  wait: 5 * MINUTE,
  'gui-update': 10 * MINUTE,
  'stop-services': 2 * MINUTE,
  detect: 15_000,
  'preemption-delay': 60_000,
};

/** The device alone: what it would tell the procedure is kept, not sent. */
const device = haDeviceMachine.provide({
  actions: {
    reportPreemptionPending: () => {},
    reportPreempted: () => {},
    reportDone: () => {},
    reportFailed: () => {},
  },
});

type Snapshot = ReturnType<typeof initialTransition<typeof device>>[0];
type Actions = ReturnType<typeof initialTransition<typeof device>>[1];

function start(input: Partial<HostInput>): [Snapshot, Actions] {
  return initialTransition(device, {
    name: 'device-a',
    kind: 'device',
    version: '9.0.1',
    durations: DEFAULT_DURATIONS,
    ...input,
  });
}

/** The delayed events the last transition scheduled, by delay name, with their delays. */
function timers(actions: Actions): Record<string, number> {
  const out: Record<string, number> = {};
  for (const action of actions) {
    const params = action.params as { event?: AnyEventObject; delay?: number } | undefined;
    if (action.type === 'xstate.raise' && params?.delay !== undefined && params.event) {
      out[params.event.type.split('.')[2] ?? ''] = params.delay;
    }
  }
  return out;
}

/** Fires the delayed event `name` the last transition scheduled. */
function fire(snapshot: Snapshot, actions: Actions, name: string): [Snapshot, Actions] {
  const raise = actions.find(
    (a) =>
      a.type === 'xstate.raise' &&
      (a.params as { event?: AnyEventObject }).event?.type.startsWith(`xstate.after.${name}.`),
  );
  expect(raise, `no ${name} timer scheduled`).toBeDefined();
  const event = (raise?.params as { event: AnyEventObject }).event;
  return transition(device, snapshot, event as unknown as HostEvent);
}

function role(snapshot: Snapshot): unknown {
  return (snapshot.value as Record<string, unknown>).role;
}

/** A preferred standby device with preemption on, restarted: it comes up as standby. */
function comeUp(durations: Durations = DEFAULT_DURATIONS): [Snapshot, Actions] {
  const [standby] = start({ preemption: true, preferred: true, durations });
  const [rebooting, actions] = transition(device, standby, { type: 'reboot.start' });
  return fire(rebooting, actions, 'reboot');
}

describe('haDeviceMachine preemption', () => {
  it('should wait the preemption delay, standby, when the preferred device comes up', () => {
    const [booted, actions] = comeUp();
    expect(booted.hasTag('leading')).toBe(false);
    expect(timers(actions)).toEqual({ preemptionDelay: 60_000 });
  });

  it('should switch over after the delay: no device leads during the switchover, then it is active', () => {
    const [booted, actions] = comeUp();
    const [preempting, next] = fire(booted, actions, 'preemptionDelay');
    expect(preempting.hasTag('leading')).toBe(false);
    expect(timers(next)).toEqual({ switchover: DEFAULT_DURATIONS.switchover });
    const [active] = fire(preempting, next, 'switchover');
    expect(role(active)).toBe('active');
    expect(active.hasTag('leading')).toBe(true);
  });

  it('should take the delay from `preemption-delay`', () => {
    const [, actions] = comeUp({ ...DEFAULT_DURATIONS, 'preemption-delay': 300_000 });
    expect(timers(actions)).toEqual({ preemptionDelay: 300_000 });
  });

  it('should not preempt while it restarts', () => {
    const [standby] = start({ preemption: true, preferred: true });
    const [rebooting, actions] = transition(device, standby, { type: 'reboot.start' });
    expect(rebooting.hasTag('leading')).toBe(false);
    expect(timers(actions)).toEqual({ reboot: DEFAULT_DURATIONS.reboot });
  });

  it('should keep the delay running while the device that came up is checked', () => {
    const [booted] = comeUp();
    const [verifying, actions] = transition(device, booted, { type: 'verify.start' });
    expect(role(verifying)).toBe('preemptionPending');
    expect(timers(actions)).toEqual({ verify: DEFAULT_DURATIONS.verify });
  });

  it('should preempt once preemption is enabled again on a standby preferred device', () => {
    const [standby, none] = start({ preemption: false, preferred: true });
    expect(timers(none)).toEqual({});
    const [enabled, actions] = transition(device, standby, {
      type: 'preemption.set',
      enabled: true,
    });
    expect(timers(actions)).toEqual({ preemptionDelay: 60_000 });
    expect(role(enabled)).toBe('preemptionPending');
  });

  it('should leave a manual switchover away from the preferred device in place', () => {
    const [active] = start({ preemption: true, preferred: true, leading: true });
    const [standby, actions] = transition(device, active, { type: 'role.standby' });
    expect(role(standby)).toBe('standby');
    expect(timers(actions)).toEqual({});
  });

  it('should never preempt when it is not the preferred device or preemption is off', () => {
    for (const input of [
      { preemption: true, preferred: false },
      { preemption: false, preferred: true },
    ]) {
      const [standby] = start(input);
      const [rebooting, actions] = transition(device, standby, { type: 'reboot.start' });
      expect(timers(fire(rebooting, actions, 'reboot')[1])).toEqual({});
    }
  });
});

describe('haDeviceMachine takeover', () => {
  it('should take over from a lost active peer only after the detection time', () => {
    const [standby] = start({ leading: false });
    const [detecting, actions] = transition(device, standby, { type: 'role.takeover' });
    expect(detecting.hasTag('leading')).toBe(false);
    expect(timers(actions)).toEqual({ detect: 15_000 });
    const [active] = fire(detecting, actions, 'detect');
    expect(active.hasTag('leading')).toBe(true);
  });
});
