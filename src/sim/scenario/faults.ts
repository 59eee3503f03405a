/**
 * `faults:` → FaultSpec[]: each fault checked against the system it is meant to hit.
 */
import {
  FAULT_TYPES,
  defaultTrigger,
  faultRecord,
  faultsOn,
  isImmediateFault,
} from '../../../machines/faultTable';
import { stringify } from 'yaml';
import type {
  FaultSpec,
  FaultTrigger,
  FaultType,
  PrecheckKind,
  Scenario,
  StepName,
  SystemKind,
} from '../types';
import { stepNamesStruck } from '../../../machines/procedureSteps';
import { LIMITS } from '../defaults';
import { readHostRef, systemLabel, systemRoles, type HostRef, type Model } from './model';
import { readDurationValue, typicalOf } from './durationValue';
import {
  asDuration,
  asEnum,
  asText,
  describe,
  asInt,
  asMap,
  asSeq,
  checkKeys,
  child,
  fail,
  isNull,
  quote,
  tick,
  atMost,
} from './read';
import { parseTree, type YEntry, type YNode } from './tree';

/** The steps a fault's `when.step` can name. */
export const STEP_NAMES: readonly StepName[] = [
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

/** What a `precheck-failure` can fail (`check:`). */
export const PRECHECKS: readonly PrecheckKind[] = [
  'console',
  'firmware',
  'licence',
  'compatibility',
];

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

/** The keys of a `faults:` entry. */
export const FAULT_KEYS = [
  'fault',
  'target',
  'when',
  'duration',
  'times',
  'check',
  'sessions',
  'probability',
];
/** The keys of a fault's `when:`. */
export const WHEN_KEYS = ['step', 'hop', 'host', 'at'];
const WHEN_EXPECTED = 'a mapping { step, hop, host } or { at: DURATION }';

/**
 * Reads a fault's `when:`. A fault that acts through a step (it fails or slows the step it
 * strikes) names only a step it acts on, and strikes the host running it: its `when.host` can
 * only name the host its `target` names.
 */
function readWhen(
  m: Model,
  node: YNode,
  path: string,
  fault: FaultType,
  target: HostRef | undefined,
): FaultTrigger {
  const throughStep = !isImmediateFault(fault);
  const { ctx } = m;
  const map = asMap(ctx, node, path, WHEN_EXPECTED);
  const fields = checkKeys(ctx, map, path, WHEN_KEYS);
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
  // A step of another system is told as such (below); one of no system is unknown, and the
  // steps offered instead are this system's: a SERVERware scenario was offered `switchover`.
  const ours = STEP_NAMES.filter((s) => STEP_SYSTEMS[s]?.systems.includes(m.system) ?? true);
  const text = asText(ctx, step.value, stepPath, `one of: ${ours.join(', ')}`);
  const name =
    STEP_NAMES.find((known) => known === text) ?? asEnum(ctx, step.value, stepPath, ours, 'step');
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
  if (throughStep) {
    const acts = stepNamesStruck(fault).filter(
      (s) => STEP_SYSTEMS[s]?.systems.includes(m.system) ?? true,
    );
    if (!acts.includes(name)) {
      fail(
        ctx,
        step.value,
        stepPath,
        `${fault} acts on ${acts.map(quote).join(' and ')} steps, never on ${quote(name)}: it would never fire`,
        `when.step: ${acts.join(' or ')}`,
      );
    }
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
  if (host !== undefined) {
    trigger.host = readHostRef(m, host.value, child(path, 'host')).ref;
    if (throughStep && target !== undefined && target.ref !== trigger.host) {
      fail(
        ctx,
        host.value,
        child(path, 'host'),
        `${fault} fails the step it strikes, on the host running that step: when.host ${quote(trigger.host)} and target ${quote(target.ref)} name different hosts (when.host is for a fault that hits another host than the one stepping, such as a host-crash)`,
        `when.host left out (target names the host), or the host target names`,
      );
    }
  }
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
  const record = faultRecord(fault);
  if (!record.systems.includes(m.system)) {
    fail(
      ctx,
      faultEntry.value,
      faultPath,
      `${fault} cannot happen on ${m.label}: ${record.notElsewhere ?? 'it does not apply'}`,
      `a fault that can happen on ${m.system}: ${faultsOn(m.system).join(', ')}`,
    );
  }

  let target: HostRef | undefined;
  const targetEntry = fields.get('target');
  if (targetEntry !== undefined) {
    const targetPath = child(path, 'target');
    target = readHostRef(m, targetEntry.value, targetPath);
    const kinds = record.targetKinds?.[m.system];
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
  if (whenEntry !== undefined)
    when = readWhen(m, whenEntry.value, child(path, 'when'), fault, target);
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
  if ('at' in when && target === undefined && record.needsTargetAt) {
    fail(
      ctx,
      whenEntry?.value ?? map,
      child(path, 'target'),
      `${fault} with when.at needs a \`target\`: at a given time no step names the host`,
      'a host name or a role',
    );
  }

  const durationEntry = fields.get('duration');
  const durationValue =
    durationEntry === undefined
      ? undefined
      : readDurationValue(ctx, durationEntry.value, child(path, 'duration'), false);
  const duration = durationValue === undefined ? undefined : typicalOf(durationValue);
  const durationRange =
    durationValue === undefined || typeof durationValue === 'number' ? undefined : durationValue;
  const probability = readProbability(m, fields, path, when);
  const timesEntry = fields.get('times');
  const times =
    timesEntry === undefined
      ? 1
      : asInt(
          ctx,
          timesEntry.value,
          child(path, 'times'),
          1,
          LIMITS.faultTimes,
          `a whole number of attempts, 1 to ${LIMITS.faultTimes}; \`probability: 1\` fails every attempt`,
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
    ...(durationRange === undefined ? {} : { durationRange }),
    times,
    ...(probability === undefined ? {} : { probability }),
    ...(check === undefined ? {} : { check }),
    ...(sessions === undefined ? {} : { sessions }),
  };
}

/** `probability:`, a chance per opportunity: only with `when.step`, never with `times`. */
function readProbability(
  m: Model,
  fields: ReadonlyMap<string, YEntry>,
  path: string,
  when: FaultTrigger,
): number | undefined {
  const entry = fields.get('probability');
  if (entry === undefined) return undefined;
  const at = child(path, 'probability');
  const expected = 'a number greater than 0 and at most 1, like 0.02';
  const { value } = entry;
  if (value.kind !== 'scalar' || typeof value.value !== 'number' || !Number.isFinite(value.value)) {
    return fail(m.ctx, value, at, `got ${describe(value)}`, expected);
  }
  if (value.value <= 0 || value.value > 1) {
    return fail(m.ctx, value, at, `${value.source} is not a probability in (0, 1]`, expected);
  }
  if (!('step' in when)) {
    return fail(
      m.ctx,
      entry.keyPos,
      at,
      'a fault with a probability strikes at steps: give when.step, not when.at',
      'when: { step: … } with probability',
    );
  }
  const times = fields.get('times');
  if (times !== undefined) {
    return fail(
      m.ctx,
      times.keyPos,
      child(path, 'times'),
      'a fault with a probability may strike at every matching step; `times` does not apply',
      'no times with probability',
    );
  }
  return value.value;
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
  atMost(m.ctx, list, 'faults', LIMITS.faults, 'faults', expected);
  return list.items.map((item, index) => readFault(m, item, index));
}

/**
 * Reads one more `faults:` entry of an already parsed scenario exactly as the parser reads the
 * entries of a file: the same defaults (`when`, `times`) and the same checks and messages. The
 * entry is plain data as YAML would give it (`{ fault, target, when: { step } , duration: '10m' }`).
 * @returns the fault, with the next index of the scenario's `faults`.
 * @throws ScenarioError as parseScenario would for that entry.
 */
export function readFaultEntry(
  scenario: Scenario,
  entry: Readonly<Record<string, unknown>>,
  file = 'inline.yaml',
): FaultSpec {
  const m: Model = {
    ctx: { file },
    system: scenario.system,
    ...(scenario.topology === undefined ? {} : { topology: scenario.topology }),
    label: systemLabel(scenario.system, scenario.topology),
    from: scenario.version.from,
    path: scenario.path,
    hosts: scenario.hosts,
    hostByName: new Map(scenario.hosts.map((host) => [host.name, host])),
    roles: systemRoles(scenario.system, scenario.topology),
  };
  const node = parseTree(stringify(entry, { lineWidth: 0 }), file);
  if (node === undefined)
    return fail(m.ctx, undefined, child('faults', scenario.faults.length), 'an empty fault');
  return readFault(m, node, scenario.faults.length);
}
