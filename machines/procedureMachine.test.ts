import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyEventObject } from 'xstate';
import { TEST_DURATIONS } from './hostMachineTesting';
import { procedureMachine, type ProcedureEvent, type ProcedureInput } from './procedureMachine';
import { assumed } from './sources';
import { itemAt, itemsOf } from './stepList';
import type { FaultSpec, HostSpec, PlannedStep, Policy } from './types';

const POLICY: Policy = {
  preemption: 'disabled',
  syncRetries: 2,
  sessionChecks: 2,
  backup: 'per-version',
  finalFailover: 'documented',
  serverwareRecovery: 'reinstall',
  reinstalls: 1,
  hold: 2 * 3_600_000,
  stopVps: false,
  vpsDisks: 'storage',
  failedRestart: 'wait',
  checkAfterCrash: true,
  installAgainAfterCrash: true,
};
const source = assumed('a step of the test');
const SERVER: HostSpec[] = [{ name: 'server', kind: 'server', role: 'server' }];
const MIRROR: HostSpec[] = [
  { name: 'backup', kind: 'backup', role: 'backup' },
  { name: 'storage-1', kind: 'storage', role: 'primary' },
  { name: 'storage-2', kind: 'storage', role: 'secondary' },
];

function input(
  steps: readonly Omit<PlannedStep, 'source'>[],
  more: Partial<ProcedureInput> = {},
): ProcedureInput {
  return {
    system: 'standalone',
    from: '1.0.0',
    path: ['1.1.0'],
    hosts: SERVER,
    steps: steps.map((step) => ({ ...step, source })),
    faults: [],
    durations: TEST_DURATIONS,
    policy: POLICY,
    services: [],
    ...more,
  };
}

type Snapshot = ReturnType<typeof initialTransition<typeof procedureMachine>>[0];
type Actions = ReturnType<typeof initialTransition<typeof procedureMachine>>[1];
interface Step {
  readonly snapshot: Snapshot;
  readonly actions: Actions;
}

function start(procedure: ProcedureInput): Step {
  const [ready] = initialTransition(procedureMachine, procedure);
  return send({ snapshot: ready, actions: [] }, { type: 'procedure.start' });
}

function send({ snapshot }: Step, event: ProcedureEvent): Step {
  const [next, actions] = transition(procedureMachine, snapshot, event);
  return { snapshot: next, actions };
}

/** Fires the delayed event `delay` the last transition scheduled. */
function fire(step: Step, delay: string): Step {
  const raise = step.actions.find((action) =>
    (action.params as { event?: AnyEventObject } | undefined)?.event?.type.startsWith(
      `xstate.after.${delay}.`,
    ),
  );
  const event = (raise?.params as { event?: AnyEventObject } | undefined)?.event;
  if (!event) throw new Error(`no ${delay} timer scheduled`);
  return send(step, event as unknown as ProcedureEvent);
}

/** The events the last transition sent to hosts: `host: type`. */
function sent(step: Step): string[] {
  return step.actions.flatMap((action) => {
    const params = action.params as { targetId?: string; event?: AnyEventObject } | undefined;
    return action.type === 'xstate.sendTo' && params?.event
      ? [`${params.targetId ?? '?'}: ${params.event.type}`]
      : [];
  });
}

/** The delayed events the last transition scheduled, by delay name, with their lengths. */
function timers(step: Step): Record<string, number> {
  const out: Record<string, number> = {};
  for (const action of step.actions) {
    const params = action.params as { event?: AnyEventObject; delay?: number } | undefined;
    if (action.type === 'xstate.raise' && params?.delay !== undefined && params.event)
      out[params.event.type.split('.')[2] ?? ''] = params.delay;
  }
  return out;
}

const UPGRADE = [
  { action: 'install', host: 'server', hop: 1 },
  { action: 'reboot', host: 'server', hop: 1 },
] as const;

describe('procedureMachine host steps', () => {
  it('should send the host its command and wait for its report', () => {
    const installing = start(input(UPGRADE));
    expect(installing.snapshot.value).toEqual({ running: 'onHost' });
    expect(sent(installing)).toEqual(['server: install.start']);
    expect(itemAt(installing.snapshot.context.steps, 0)).toMatchObject({
      status: 'running',
      version: '1.1.0',
    });
  });

  it("should take the host's report of its step, not another host's", () => {
    const installing = start(input(UPGRADE));
    const other = send(installing, {
      type: 'step.done',
      host: 'someone-else',
      action: 'install',
      version: '1.1.0',
    });
    expect(other.snapshot.context.cursor).toBe(0);
    const done = send(installing, {
      type: 'step.done',
      host: 'server',
      action: 'install',
      version: '1.1.0',
    });
    expect(done.snapshot.context.cursor).toBe(1);
    expect(itemAt(done.snapshot.context.steps, 0)?.status).toBe('done');
    expect(sent(done)).toEqual(['server: reboot.start']);
  });

  it('should attach a step-bound fault to the command of the step it names and note it fired', () => {
    const fault: FaultSpec = {
      index: 0,
      fault: 'upgrade-failure',
      when: { step: 'install' },
      times: 1,
    };
    const installing = start(input(UPGRADE, { faults: [fault] }));
    const command = installing.actions.find((a) => a.type === 'xstate.sendTo')?.params as {
      event: { fault?: unknown };
    };
    expect(command.event.fault).toEqual({ type: 'upgrade-failure', index: 0 });
    expect(installing.snapshot.context.fired).toEqual([0]);
    expect(installing.snapshot.context.faults[0]?.remaining).toBe(0);
  });
});

describe('procedureMachine timed steps', () => {
  it('should fail a backup that carries a backup failure, with the fault table’s words', () => {
    const fault: FaultSpec = {
      index: 0,
      fault: 'backup-failure',
      when: { step: 'backup' },
      times: 1,
    };
    const backingUp = start(input([{ action: 'backup', hop: 0 }, ...UPGRADE], { faults: [fault] }));
    expect(backingUp.snapshot.value).toEqual({ running: 'timed' });
    expect(timers(backingUp)).toEqual({ stepTime: TEST_DURATIONS.backup });
    const failed = fire(backingUp, 'stepTime');
    expect(itemAt(failed.snapshot.context.steps, 0)?.status).toBe('failed');
    expect(failed.snapshot.context.reason).toContain('the backup failed');
    // Nothing changed yet: the upgrade is skipped.
    expect(
      itemsOf(failed.snapshot.context.steps)
        .slice(1, 3)
        .map((s) => s.status),
    ).toEqual(['skipped', 'skipped']);
  });

  it('should make a failover that carries a failover timeout take twice as long', () => {
    const failover = [{ action: 'failover', hop: 1 }] as const;
    const mirror = { system: 'serverware', topology: 'mirror', hosts: MIRROR } as const;
    const normal = start(input(failover, mirror));
    expect(normal.snapshot.value).toEqual({ running: 'failingOver' });
    expect(timers(normal)).toEqual({ stepTime: TEST_DURATIONS.failover });
    expect(sent(normal)).toEqual(['storage-1: failover.begin', 'storage-2: failover.begin']);
    const fault: FaultSpec = {
      index: 0,
      fault: 'failover-timeout',
      when: { step: 'failover' },
      times: 1,
    };
    const slow = start(input(failover, { ...mirror, faults: [fault] }));
    expect(timers(slow)).toEqual({ stepTime: 2 * TEST_DURATIONS.failover });
    const swapped = fire(slow, 'stepTime');
    expect(sent(swapped)).toEqual(['storage-1: failover.complete', 'storage-2: failover.complete']);
    expect(swapped.snapshot.context.failovers).toBe(1);
  });
});

describe('procedureMachine host reports', () => {
  it('should wait for a host that went down, and go on once it is back', () => {
    const mirror = { system: 'serverware', topology: 'mirror', hosts: MIRROR } as const;
    const steps = [
      { action: 'wait', hop: 0, duration: 60_000 },
      { action: 'install', host: 'storage-2', hop: 1 },
    ] as const;
    const waiting = start(input(steps, mirror));
    const down = send(waiting, {
      type: 'host.down',
      host: 'storage-2',
      reason: 'the host crashed',
    });
    // The wait's timer was scheduled before the report came.
    const holding = fire({ snapshot: down.snapshot, actions: waiting.actions }, 'stepTime');
    expect(holding.snapshot.value).toEqual({ running: 'holding' });
    expect(timers(holding)).toEqual({ hold: POLICY.hold });
    const back = send(holding, {
      type: 'host.up',
      host: 'storage-2',
      version: '1.0.0',
      interrupted: false,
    });
    expect(back.snapshot.value).toEqual({ running: 'onHost' });
    expect(sent(back)).toEqual(['storage-2: install.start']);
  });

  it('should degrade the pool of the Primary for a pool fault at 0, and hold storage steps until it is ONLINE', () => {
    const mirror = { system: 'serverware', topology: 'mirror', hosts: MIRROR } as const;
    const fault: FaultSpec = { index: 0, fault: 'pool-degraded', when: { at: 0 }, times: 1 };
    const [ready] = initialTransition(
      procedureMachine,
      input([{ action: 'install', host: 'storage-2', hop: 1 }], { ...mirror, faults: [fault] }),
    );
    const struck = send({ snapshot: ready, actions: [] }, { type: 'fault.inject', index: 0 });
    expect(sent(struck)).toEqual(['storage-1: pool.degrade']);
    const holding = send(struck, { type: 'procedure.start' });
    expect(holding.snapshot.value).toEqual({ running: 'holding' });
    const online = send(holding, { type: 'pool.online', host: 'storage-1' });
    expect(sent(online)).toEqual(['storage-2: install.start']);
  });
});
