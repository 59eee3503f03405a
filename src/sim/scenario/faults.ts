/**
 * `faults:` → FaultSpec[]: each fault checked against the system it is meant to hit.
 */
import type {
  FaultSpec,
  FaultTrigger,
  FaultType,
  HostKind,
  PrecheckKind,
  StepName,
  SystemKind,
} from '../types';
import { LIMITS } from '../defaults';
import { readHostRef, type HostRef, type Model } from './model';
import {
  asDuration,
  asEnum,
  asInt,
  asMap,
  asSeq,
  checkKeys,
  child,
  fail,
  isNull,
  quote,
  tick,
} from './read';
import type { YEntry, YNode } from './tree';

const FAULT_TYPES: readonly FaultType[] = [
  'sync-failure',
  'upgrade-failure',
  'boot-failure',
  'session-loss',
  'failover-timeout',
  'host-crash',
  'pool-degraded',
  'split-brain',
  'backup-failure',
  'precheck-failure',
  'power-loss',
];

const STEP_NAMES: readonly StepName[] = [
  'precheck',
  'backup',
  'sync',
  'install',
  'reboot',
  'failover',
  'switchover',
  'verify',
  'rollback',
  'services',
  'wait',
  'preemption',
];

const PRECHECKS: readonly PrecheckKind[] = ['console', 'firmware', 'licence', 'compatibility'];

const ALL: readonly SystemKind[] = ['serverware', 'ha-pair', 'standalone'];

/** Which systems each fault can happen on, and why not elsewhere. */
const APPLIES: Readonly<
  Record<FaultType, { readonly systems: readonly SystemKind[]; readonly why?: string }>
> = {
  'sync-failure': { systems: ['ha-pair'], why: 'only an HA pair has a configuration sync report' },
  'session-loss': {
    systems: ['ha-pair'],
    why: 'only an HA pair synchronizes sessions across a switchover',
  },
  'split-brain': {
    systems: ['ha-pair'],
    why: 'only an HA pair has two devices that can both turn active',
  },
  'pool-degraded': { systems: ['serverware'], why: 'only SERVERware has a ZFS storage pool' },
  'backup-failure': {
    systems: ['ha-pair', 'standalone'],
    why: "SERVERware's documented procedure has no backup step (its Backup host is upgraded like the others)",
  },
  'precheck-failure': {
    systems: ['serverware', 'standalone'],
    why: "the HA pair's documented procedure has no precheck step",
  },
  'failover-timeout': {
    systems: ['serverware', 'ha-pair'],
    why: 'a single server has nothing to fail over to',
  },
  'upgrade-failure': { systems: ALL },
  'boot-failure': { systems: ALL },
  'host-crash': { systems: ALL },
  'power-loss': { systems: ALL },
};

/** Steps that only some systems run (the others run everywhere an explicit plan puts them). */
const STEP_SYSTEMS: Partial<
  Record<StepName, { readonly systems: readonly SystemKind[]; readonly hint: string }>
> = {
  failover: {
    systems: ['serverware'],
    hint: 'only SERVERware fails over; an HA pair switches over (step: switchover)',
  },
  switchover: {
    systems: ['ha-pair'],
    hint: 'only an HA pair switches over; SERVERware fails over (step: failover)',
  },
  sync: { systems: ['ha-pair'], hint: 'only an HA pair runs configuration syncs' },
  preemption: { systems: ['ha-pair'], hint: 'only an HA pair has a preemption setting' },
};

/** Faults whose target must be a certain kind of host. */
function targetKinds(fault: FaultType, system: SystemKind): readonly HostKind[] | undefined {
  if (fault === 'pool-degraded') return ['storage'];
  if (fault === 'failover-timeout' && system === 'serverware') return ['storage'];
  return undefined;
}

/** Faults that need a host when they fire at a time rather than at a step. */
const NEEDS_HOST_AT: readonly FaultType[] = [
  'host-crash',
  'power-loss',
  'upgrade-failure',
  'boot-failure',
];

function defaultTrigger(fault: FaultType, system: SystemKind): FaultTrigger | undefined {
  switch (fault) {
    case 'sync-failure':
      return { step: 'sync' };
    case 'upgrade-failure':
    case 'power-loss':
      return { step: 'install' };
    case 'boot-failure':
      return { step: 'reboot' };
    case 'session-loss':
      return { step: 'switchover' };
    case 'failover-timeout':
      return { step: system === 'serverware' ? 'failover' : 'switchover' };
    case 'backup-failure':
      return { step: 'backup' };
    case 'precheck-failure':
      return { step: 'precheck' };
    case 'pool-degraded':
    case 'split-brain':
      return { at: 0 };
    case 'host-crash':
      return undefined;
  }
}

const FAULT_KEYS = ['fault', 'target', 'when', 'duration', 'times', 'check', 'sessions'];
const WHEN_EXPECTED = 'a mapping { step, hop, host } or { at: DURATION }';

function readWhen(m: Model, node: YNode, path: string): FaultTrigger {
  const { ctx } = m;
  const map = asMap(ctx, node, path, WHEN_EXPECTED);
  const fields = checkKeys(ctx, map, path, ['step', 'hop', 'host', 'at']);
  const step = fields.get('step');
  const at = fields.get('at');
  if (step !== undefined && at !== undefined) {
    fail(
      ctx,
      at.keyPos,
      child(path, 'at'),
      'use either when.step or when.at, not both',
      WHEN_EXPECTED,
    );
  }
  if (at !== undefined) {
    for (const key of ['hop', 'host'] as const) {
      const entry = fields.get(key);
      if (entry !== undefined) {
        fail(
          ctx,
          entry.keyPos,
          child(path, key),
          `when.${key} goes with when.step, not with when.at${key === 'host' ? ' (with when.at, the fault hits `target`)' : ''}`,
          WHEN_EXPECTED,
        );
      }
    }
    return { at: asDuration(ctx, at.value, child(path, 'at')) };
  }
  if (step === undefined)
    return fail(ctx, map, child(path, 'step'), 'when needs `step` or `at`', WHEN_EXPECTED);
  const stepPath = child(path, 'step');
  const name = asEnum(ctx, step.value, stepPath, STEP_NAMES, 'step');
  const only = STEP_SYSTEMS[name];
  if (only !== undefined && !only.systems.includes(m.system)) {
    fail(
      ctx,
      step.value,
      stepPath,
      `step ${quote(name)} never runs on ${m.label}: ${only.hint}`,
      `a step of ${m.system}`,
    );
  }
  const trigger: { step: StepName; hop?: number; host?: string } = { step: name };
  const hop = fields.get('hop');
  if (hop !== undefined) {
    const hopPath = child(path, 'hop');
    if (m.path.length === 0) {
      fail(
        ctx,
        hop.value,
        hopPath,
        "this scenario's version path has no hops (a GUI update only)",
        'no hop',
      );
    }
    trigger.hop = asInt(
      ctx,
      hop.value,
      hopPath,
      1,
      m.path.length,
      `a hop of the version path, 1 to ${m.path.length} (${m.path.join(' → ')})`,
    );
  }
  const host = fields.get('host');
  if (host !== undefined) trigger.host = readHostRef(m, host.value, child(path, 'host')).ref;
  return trigger;
}

function readFault(m: Model, node: YNode, index: number): FaultSpec {
  const { ctx } = m;
  const path = child('faults', index);
  const map = asMap(
    ctx,
    node,
    path,
    'a mapping like { fault: upgrade-failure, target: storage-2 }',
  );
  const fields = checkKeys(ctx, map, path, FAULT_KEYS);
  const faultEntry = fields.get('fault');
  if (faultEntry === undefined) {
    return fail(
      ctx,
      map,
      child(path, 'fault'),
      '`fault` is required',
      `one of: ${FAULT_TYPES.join(', ')}`,
    );
  }
  const faultPath = child(path, 'fault');
  const fault = asEnum(ctx, faultEntry.value, faultPath, FAULT_TYPES, 'fault');
  const applies = APPLIES[fault];
  if (!applies.systems.includes(m.system)) {
    const possible = FAULT_TYPES.filter((f) => APPLIES[f].systems.includes(m.system));
    fail(
      ctx,
      faultEntry.value,
      faultPath,
      `${fault} cannot happen on ${m.label}: ${applies.why ?? 'it does not apply'}`,
      `a fault that can happen on ${m.system}: ${possible.join(', ')}`,
    );
  }

  let target: HostRef | undefined;
  const targetEntry = fields.get('target');
  if (targetEntry !== undefined) {
    const targetPath = child(path, 'target');
    target = readHostRef(m, targetEntry.value, targetPath);
    const kinds = targetKinds(fault, m.system);
    if (kinds !== undefined && !kinds.includes(target.kind)) {
      const storage = m.hosts.filter((h) => kinds.includes(h.kind)).map((h) => h.name);
      const roles = m.roles.filter((r) => r === 'primary' || r === 'secondary');
      fail(
        ctx,
        targetEntry.value,
        targetPath,
        `${fault} hits the storage pair, not ${quote(target.ref)} (a ${target.kind} ${target.isRole ? 'role' : 'host'})`,
        `a storage host or role: ${[...roles, ...storage].join(', ')}`,
      );
    }
  }

  let when: FaultTrigger | undefined;
  const whenEntry = fields.get('when');
  if (whenEntry !== undefined) when = readWhen(m, whenEntry.value, child(path, 'when'));
  else when = defaultTrigger(fault, m.system);
  if (when === undefined) {
    return fail(
      ctx,
      map,
      child(path, 'when'),
      `${fault} needs \`when\`: the step it interrupts or the time it happens`,
      WHEN_EXPECTED,
    );
  }
  if ('at' in when && target === undefined && NEEDS_HOST_AT.includes(fault)) {
    fail(
      ctx,
      whenEntry?.value ?? map,
      child(path, 'target'),
      `${fault} with when.at needs a \`target\`: at a given time no step names the host`,
      'a host name or a role',
    );
  }

  const durationEntry = fields.get('duration');
  const duration =
    durationEntry === undefined
      ? undefined
      : asDuration(ctx, durationEntry.value, child(path, 'duration'), false);
  const timesEntry = fields.get('times');
  const times =
    timesEntry === undefined
      ? 1
      : asInt(
          ctx,
          timesEntry.value,
          child(path, 'times'),
          1,
          Number.MAX_SAFE_INTEGER,
          'a whole number of attempts, 1 or more',
        );
  const checkEntry = fields.get('check');
  let check: PrecheckKind | undefined;
  if (checkEntry !== undefined) {
    onlyOn(m, checkEntry, child(path, 'check'), fault, 'precheck-failure');
    check = asEnum(ctx, checkEntry.value, child(path, 'check'), PRECHECKS, 'check');
  }
  const sessionsEntry = fields.get('sessions');
  let sessions: number | undefined;
  if (sessionsEntry !== undefined) {
    onlyOn(m, sessionsEntry, child(path, 'sessions'), fault, 'session-loss');
    sessions = asInt(
      ctx,
      sessionsEntry.value,
      child(path, 'sessions'),
      1,
      Number.MAX_SAFE_INTEGER,
      'a whole number of sessions, 1 or more',
    );
  }
  return {
    index,
    fault,
    ...(target === undefined ? {} : { target: target.ref }),
    when,
    ...(duration === undefined ? {} : { duration }),
    times,
    ...(check === undefined ? {} : { check }),
    ...(sessions === undefined ? {} : { sessions }),
  };
}

function onlyOn(m: Model, entry: YEntry, path: string, fault: FaultType, owner: FaultType): void {
  if (fault !== owner) {
    fail(
      m.ctx,
      entry.keyPos,
      path,
      `${tick(entry.key)} applies to ${owner} faults only, not to ${fault}`,
    );
  }
}

/** Reads `faults:` (absent or empty: none). */
export function readFaults(m: Model, entry: YEntry | undefined): FaultSpec[] {
  if (entry === undefined || isNull(entry.value)) return [];
  const expected =
    'a list of faults like - { fault: host-crash, target: processing-1, when: { step: install } }';
  const list = asSeq(m.ctx, entry.value, 'faults', expected);
  if (list.items.length > LIMITS.faults) {
    return fail(
      m.ctx,
      list,
      'faults',
      `too many faults: ${list.items.length}, more than ${LIMITS.faults}`,
      expected,
    );
  }
  return list.items.map((item, index) => readFault(m, item, index));
}
