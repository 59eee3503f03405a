import { describe, expect, it } from 'vitest';
import type { ProcedureStep } from '../../../machines/procedureSteps';
import type { InvariantId, SystemKind } from '../types';
import type { HostState, Observation, ProcedureState, World } from '../world';
import { MONITORS, monitorsFor, type Monitor } from './invariants';

/** Hand-made traces: each monitor must be able to fail. */

function host(name: string, patch: Partial<HostState> = {}): HostState {
  const kind =
    patch.kind ??
    (name.startsWith('storage') ? 'storage' : name.startsWith('device') ? 'device' : 'server');
  return {
    name,
    kind,
    role: 'secondary',
    lifecycle: 'online',
    version: '1.0.0',
    serving: true,
    ready: true,
    maintenance: false,
    leading: false,
    handingOver: false,
    poolOnline: true,
    servicesUp: true,
    preemption: false,
    vpsMoved: false,
    ...patch,
  };
}

const step: ProcedureStep = {
  id: 0,
  action: 'install',
  host: 'x',
  hop: 1,
  status: 'running',
  source: { kind: 'document', ref: 'a test' },
};

function procedure(patch: Partial<ProcedureState> = {}): ProcedureState {
  return {
    state: 'running.onHost',
    step,
    stepNumber: 3,
    backedUp: [],
    syncVerified: true,
    precheckPassed: true,
    interrupted: [],
    vpsStopped: false,
    final: false,
    ...patch,
  };
}

function world(system: SystemKind, hosts: HostState[], proc: Partial<ProcedureState> = {}): World {
  return {
    system,
    versions: ['1.0.0', '2.0.0', '3.0.0'],
    order: hosts.map((h) => h.name),
    hosts: new Map(hosts.map((h) => [h.name, h])),
    procedure: procedure(proc),
    placement: new Map(),
  };
}

/** Feeds a sequence of (before → after) host transitions to one monitor; returns its messages. */
function run(
  id: InvariantId,
  initial: World,
  moves: ReadonlyArray<readonly [HostState, Partial<ProcedureState>?]>,
  end?: Partial<ProcedureState>,
): string[] {
  const monitor = MONITORS.find((m) => m.id === id) as Monitor<unknown>;
  let memory = monitor.init(initial);
  const hosts = new Map(initial.hosts);
  let current = initial;
  const messages: string[] = [];
  moves.forEach(([after, proc], seq) => {
    const before = hosts.get(after.name);
    hosts.set(after.name, after);
    current = {
      ...current,
      hosts: new Map(hosts),
      procedure: procedure({ ...current.procedure, ...proc }),
    };
    const obs: Observation = {
      entry: { seq, at: seq * 60_000, actor: after.name, event: 'test', state: after.lifecycle },
      world: current,
      ...(before ? { before } : {}),
      after,
    };
    const verdict = monitor.check(memory, obs);
    memory = verdict.state;
    if (verdict.message) messages.push(verdict.message);
  });
  if (end) {
    const message = monitor.finish?.(memory, {
      ...current,
      procedure: procedure({ ...current.procedure, ...end }),
    });
    if (message) messages.push(message);
  }
  return messages;
}

const primary = host('storage-1', { role: 'primary', leading: true });
const secondary = host('storage-2');
const pair = () => world('serverware', [primary, secondary]);

describe('invariant monitors', () => {
  it('should word each rule for every system it checks: no storage pool as if an HA pair had one', () => {
    // Before: an HA pair's hands-on rule read "…and the storage pool is ONLINE".
    for (const monitor of MONITORS) {
      if (!monitor.systems.some((system) => system !== 'serverware')) continue;
      expect(monitor.title, monitor.id).not.toMatch(/(?<!on SERVERware )the storage pool/);
    }
  });

  it('should flag a rollback of the Primary and not of the Secondary', () => {
    expect(
      run('rollback-only-on-standby', pair(), [
        [{ ...primary, lifecycle: 'rollingBack', maintenance: true }],
      ]),
    ).toEqual([
      'At 0s, during step 3 (install on x), storage-1 was rolled back while it was the Primary: roll back the Secondary first, fail over, then roll back the other.',
    ]);
    expect(
      run('rollback-only-on-standby', pair(), [[{ ...secondary, lifecycle: 'rollingBack' }]]),
    ).toEqual([]);
  });

  it('should flag an upgrade of the active device', () => {
    const a = host('device-a', { role: 'active', leading: true });
    const messages = run(
      'no-maintenance-on-active',
      world('ha-pair', [a, host('device-b', { role: 'standby' })]),
      [[{ ...a, lifecycle: 'installing', maintenance: true, staged: '2.0.0' }]],
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('device-a was upgraded while it was the active device');
    // An HA pair switches over; SERVERware fails over.
    expect(messages[0]).toContain('maintenance must only touch the standby — switch over first.');
    const rolledBack = run(
      'rollback-only-on-standby',
      world('ha-pair', [a, host('device-b', { role: 'standby' })]),
      [[{ ...a, lifecycle: 'rollingBack', maintenance: true }]],
    );
    expect(rolledBack[0]).toContain('roll back the standby first, switch over, then');
    const onPrimary = run('no-maintenance-on-active', pair(), [
      [{ ...primary, lifecycle: 'rebooting', maintenance: true }],
    ]);
    expect(onPrimary[0]).toContain('maintenance must only touch the Secondary — fail over first.');
  });

  it('should flag both pair members out of service once per episode, and each member taken into maintenance during it', () => {
    const messages = run('one-member-down-at-a-time', pair(), [
      [{ ...secondary, lifecycle: 'installing', ready: false }],
      [{ ...primary, lifecycle: 'down', serving: false, ready: false }],
      [{ ...secondary, lifecycle: 'installed', ready: false }],
      [{ ...secondary, lifecycle: 'rebooting', ready: false, serving: false }],
      [{ ...primary }],
    ]);
    expect(messages).toEqual([
      'At 1m, during step 3 (install on x), both members of the pair were out of service: storage-1 (Primary) is down and storage-2 (Secondary) is installing.',
      'At 3m, during step 3 (install on x), storage-2 (Secondary) was restarting while its peer was out of service (storage-1 (Primary) is down): wait for the peer before touching the other member.',
    ]);
  });

  it('should flag a change before every unit is backed up', () => {
    const server = host('server', { role: 'server' });
    expect(
      run('backup-before-change', world('standalone', [server]), [
        [{ ...server, lifecycle: 'installing' }],
      ]),
    ).toEqual([
      'At 0s, during step 3 (install on x), server was changed before server was backed up: never upgrade without a backup.',
    ]);
    expect(
      run('backup-before-change', world('standalone', [server], { backedUp: ['server'] }), [
        [{ ...server, lifecycle: 'installing' }],
      ]),
    ).toEqual([]);
  });

  it('should flag a change before the sync report, and a storage step on a degraded pool', () => {
    const a = host('device-a', { role: 'active', leading: true });
    const b = host('device-b', { role: 'standby' });
    expect(
      run('consistent-before-change', world('ha-pair', [a, b], { syncVerified: false }), [
        [{ ...b, lifecycle: 'installing' }],
      ]),
    ).toEqual([
      'At 0s, during step 3 (install on x), device-b (standby device) was changed before the synchronization report was checked and found OK.',
    ]);
    const degraded = world('serverware', [{ ...primary, poolOnline: false }, secondary]);
    expect(
      run('consistent-before-change', degraded, [[{ ...secondary, lifecycle: 'installing' }]])[0],
    ).toContain('was not ONLINE');
  });

  it('should flag an upgrade with preemption on, and preemption not restored at the end', () => {
    const a = host('device-a', { role: 'active', leading: true, preemption: true });
    const b = host('device-b', { role: 'standby', preemption: true });
    const messages = run(
      'preemption-off-during-upgrade',
      world('ha-pair', [a, b]),
      [
        [{ ...b, lifecycle: 'installing' }],
        [{ ...b, lifecycle: 'rebooting' }],
        [{ ...a, preemption: false }],
        [{ ...b, lifecycle: 'online', preemption: false }],
      ],
      {},
    );
    expect(messages).toEqual([
      'At 0s, during step 3 (install on x), device-b (standby device) was installing while preemption was still enabled on device-a and device-b: a restarted preferred device would grab the active role on its own.',
      'When the procedure ended, preemption was still disabled on device-a and device-b: it was enabled before the upgrade and must be enabled again.',
    ]);
  });

  it('should flag a takeover by a device that is not ready', () => {
    const b = host('device-b', { role: 'standby' });
    const messages = run(
      'failover-to-ready-peer',
      world('ha-pair', [host('device-a', { role: 'active', leading: true }), b]),
      [[{ ...b, lifecycle: 'booted', ready: false, role: 'active', leading: true }]],
    );
    expect(messages).toEqual([
      'At 0s, during step 3 (install on x), device-b became the active device while it was restarted but not yet verified, so not ready to take over.',
    ]);
  });

  it('should flag an install that skips a version of the path', () => {
    const server = host('server', { role: 'server' });
    expect(
      run('no-hop-skipped', world('standalone', [server]), [
        [{ ...server, lifecycle: 'installing', staged: '3.0.0' }],
      ]),
    ).toEqual([
      'At 0s, during step 3 (install on x), server was upgraded from 1.0.0 straight to 3.0.0, skipping 2.0.0.',
    ]);
    expect(
      run('no-hop-skipped', world('standalone', [server]), [
        [{ ...server, lifecycle: 'installing', staged: '2.0.0' }],
      ]),
    ).toEqual([]);
  });

  it('should flag hosts two hops apart', () => {
    const moved = { ...secondary, version: '2.0.0', lifecycle: 'installing', staged: '3.0.0' };
    expect(run('version-skew-within-one-hop', pair(), [[moved]])).toEqual([
      'At 0s, during step 3 (install on x), storage-2 (Secondary) moved to 3.0.0 while storage-1 (Primary) was still on 1.0.0: more than one hop apart.',
    ]);
  });

  it('should flag a procedure that does not settle', () => {
    expect(run('settles', pair(), [], { final: true, state: 'completed' })).toEqual([]);
    expect(
      run('settles', pair(), [], {
        final: true,
        state: 'stuck',
        reason: 'install on storage-2 waits for storage-2, which is down and does not come back',
      }),
    ).toEqual([
      'The procedure did not settle: it is stuck — install on storage-2 waits for storage-2, which is down and does not come back.',
    ]);
  });

  it.each<[SystemKind, string]>([
    [
      'serverware',
      'rollback-only-on-standby no-maintenance-on-active one-member-down-at-a-time consistent-before-change failover-to-ready-peer no-hop-skipped version-skew-within-one-hop settles',
    ],
    [
      'ha-pair',
      'rollback-only-on-standby no-maintenance-on-active one-member-down-at-a-time backup-before-change consistent-before-change preemption-off-during-upgrade failover-to-ready-peer no-hop-skipped version-skew-within-one-hop settles',
    ],
    ['standalone', 'backup-before-change consistent-before-change no-hop-skipped settles'],
  ])('should apply the right monitors to %s', (system, ids) => {
    expect(
      monitorsFor(system)
        .map((m) => m.id)
        .join(' '),
    ).toBe(ids);
  });
});
