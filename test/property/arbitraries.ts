/**
 * fast-check arbitraries for VALID scenario files on all three systems, as YAML or JSON text.
 *
 * Choices that depend on other choices (a fault's target among the hosts, a plan step's host)
 * are drawn as plain numbers and resolved against the scenario as it takes shape, so every
 * field shrinks on its own and a failing case shrinks to a small file.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { PROTOTYPE_NAMES } from '../fuzz/names';
import { APPLICABLE_FAULTS, APPLICABLE_INVARIANTS } from '../support/contract';
import { isImmediateFault } from '../../machines/faultTable';
import { stepNamesStruck } from '../../machines/procedureSteps';

type SystemKind = 'serverware' | 'ha-pair' | 'standalone';
type Doc = Record<string, unknown>;

/** The SERVERware versions the document covers, one or more per case of its table. */
const SERVERWARE_FROM = ['2.9.0', '3.2.4', '3.5.0', '4.1.0', '4.5.0', '4.8.2', '5.0.3'];

/** Valid `version.to` per running version (undefined: the default, the newest release). */
function serverwareTargets(from: string): (string | undefined)[] {
  const fives = ['5.0.3', '5.1.2', '5.2.1', '5.x', undefined];
  const major = Number(from.split('.')[0]);
  const minor = Number(from.split('.')[1]);
  if (major < 3 || (major === 3 && minor <= 2)) return ['3.3.1', '4.8.2', ...fives];
  if (major === 3 || (major === 4 && minor <= 2)) return ['4.8.2', ...fives];
  if (major === 4) return fives;
  return ['5.1.2', '5.2.1', '5.x', undefined];
}

/** The hops the document gives, to choose `when.hop` and `expect.path` from. */
function serverwareHops(from: string, to: string | undefined): string[] {
  const target = to === undefined || to === '5.x' ? '5.2.1' : to;
  const major = Number(from.split('.')[0]);
  const minor = Number(from.split('.')[1]);
  let full: string[];
  if (major < 3 || (major === 3 && minor <= 2)) full = ['3.3.1', '4.8.2', target];
  else if (major === 3 || (major === 4 && minor <= 2)) full = ['4.8.2', target];
  else if (major === 4) full = [target];
  else return [];
  const stop = full.indexOf(target);
  return full.slice(0, stop + 1);
}

/** The step keys of `durations:` (the host-timed ones aside), to draw overrides of. */
export const DURATION_KEYS = [
  'precheck',
  'backup',
  'sync',
  'check',
  'resolve',
  'install',
  'reboot',
  'verify',
  'failover',
  'switchover',
  'rollback',
  'restore',
  'session-restore',
  'wait',
  'gui-update',
  'stop-services',
] as const;

const COMMON_STEPS = [
  'precheck',
  'backup',
  'install',
  'reboot',
  'verify',
  'rollback',
  'services',
  'wait',
];
const WHEN_STEPS: Readonly<Record<SystemKind, readonly string[]>> = {
  serverware: [...COMMON_STEPS, 'failover'],
  'ha-pair': [...COMMON_STEPS, 'sync', 'switchover', 'preemption'],
  standalone: COMMON_STEPS,
};

/** Faults that need a target when they fire at a time. */
const NEEDS_HOST_AT = ['host-crash', 'power-loss', 'upgrade-failure', 'boot-failure'];

const PLAN_STEPS: Readonly<Record<SystemKind, readonly string[]>> = {
  serverware: [
    'precheck',
    'announce',
    'backup',
    'check-services',
    'upgrade',
    'install',
    'reboot',
    'verify',
    'rollback',
    'wait',
    'failover',
    'gui-update',
    'upgrade',
    'upgrade',
    'failover',
  ],
  'ha-pair': [
    'precheck',
    'announce',
    'backup',
    'check-services',
    'upgrade',
    'install',
    'reboot',
    'verify',
    'rollback',
    'wait',
    'sync-config',
    'check-sync',
    'resolve-sync',
    'check-sessions',
    'restore-sessions',
    'preemption',
    'demote',
    'switchover',
    'upgrade',
    'switchover',
  ],
  standalone: [
    'precheck',
    'announce',
    'backup',
    'check-services',
    'upgrade',
    'install',
    'reboot',
    'verify',
    'rollback',
    'wait',
    'stop-services',
    'start-services',
    'restore',
    'upgrade',
  ],
};

const RESERVED = new Set([
  'primary',
  'secondary',
  'backup',
  'processing',
  'active',
  'standby',
  'server',
  'all',
  'storage-1',
  'storage-2',
  'device-a',
  'device-b',
]);

/** Host and workload names as the parser accepts them, some of them YAML look-alikes (`007`, `null`, `1e3`) or Object's own (`constructor`). */
const nameArb = fc
  .oneof(
    { weight: 4, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('007', 'null', 'true', 'No', '1e3', '0x1F', '1.5', 'NaN', 'x.y'),
    },
    // Names every plain object answers to: lookups must find only what the scenario defined.
    {
      weight: 1,
      arbitrary: fc.constantFrom(...PROTOTYPE_NAMES.filter((name) => /^[A-Za-z0-9]/.test(name))),
    },
  )
  .filter((name) => !RESERVED.has(name) && !/^processing-\d+$/.test(name));

/** A duration in one of the written forms: `15m`, `1h30m`, `90s`, `500ms`, `1.5h`, `2d`, `0s`. */
const durationArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 90 }).map((m) => `${m}m`) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 600 }).map((s) => `${s}s`) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => (m === 0 ? `${h}h` : `${h}h${m}m`)),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).map((ms) => `${ms}ms`) },
  { weight: 1, arbitrary: fc.constantFrom('1.5h', '0.5m', '1d', '2d', '1d2h3m4s5ms', '0s') },
);
const positiveDurationArb = durationArb.filter((text) => text !== '0s');

/** A duration for `when.at`: from the start to a few hours in. */
const atArb = fc.oneof(
  fc.constantFrom('0s', '1ms'),
  fc.integer({ min: 0, max: 600 }).map((m) => `${m}m`),
);

/** Increasing versions for HA pairs and single servers: from, then 1 to 3 hops. */
const versionPathArb = fc
  .tuple(
    fc.tuple(
      fc.integer({ min: 0, max: 20 }),
      fc.integer({ min: 0, max: 9 }),
      fc.integer({ min: 0, max: 9 }),
    ),
    fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 3 })), {
      minLength: 1,
      maxLength: 3,
    }),
    fc.boolean(),
  )
  .map(([start, bumps, twoParts]) => {
    let current = [...start];
    const show = (v: number[]) => (twoParts ? v.slice(0, 2) : v).join('.');
    const from = show(current);
    const path: string[] = [];
    for (const [part, by] of bumps) {
      const index = twoParts ? Math.min(part, 1) : part;
      current = current.map((n, i) => (i < index ? n : i === index ? n + by : 0));
      path.push(show(current));
    }
    return { from, path };
  });

const faultArb = fc.record({
  type: fc.nat(),
  target: fc.option(fc.nat(), { nil: undefined }),
  when: fc.oneof(
    fc.constant({ kind: 'default' as const }),
    fc.record({
      kind: fc.constant('step' as const),
      step: fc.nat(),
      hop: fc.option(fc.nat(), { nil: undefined }),
      host: fc.option(fc.nat(), { nil: undefined }),
    }),
    fc.record({ kind: fc.constant('at' as const), at: atArb }),
  ),
  duration: fc.option(positiveDurationArb, { nil: undefined }),
  times: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  // A fault by chance at a step: rarely, half the time, or at every opportunity.
  probability: fc.option(fc.constantFrom(0.1, 0.5, 1), { nil: undefined }),
  check: fc.option(fc.constantFrom('console', 'firmware', 'licence', 'compatibility'), {
    nil: undefined,
  }),
  sessions: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
});

const planStepArb = fc.record({
  step: fc.nat(),
  host: fc.nat(),
  to: fc.option(fc.nat(), { nil: undefined }),
  wait: fc.option(durationArb, { nil: undefined }),
  word: fc.nat(),
});

const expectArb = fc.record(
  {
    outcome: fc.constantFrom('completed', 'rolled-back', 'aborted', 'stuck'),
    failovers: fc.integer({ min: 0, max: 6 }),
    path: fc.nat(),
    downtime: fc.array(fc.tuple(fc.nat(), durationArb), { maxLength: 3 }),
    violations: fc.array(fc.nat(), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

const commonArb = {
  name: fc
    .oneof(
      { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 40 }) },
      { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }) },
    )
    .filter((name) => name.trim() !== ''),
  description: fc.option(
    fc.string({ maxLength: 80, unit: 'grapheme' }).filter((d) => d.trim() !== ''),
    {
      nil: undefined,
    },
  ),
  durations: fc.oneof(
    {
      weight: 5,
      arbitrary: fc.dictionary(fc.constantFrom(...DURATION_KEYS), durationArb, { maxKeys: 4 }),
    },
    // Everything instant or nearly: steps, faults and timers all land on the same instants.
    {
      weight: 1,
      arbitrary: fc.dictionary(
        fc.constantFrom(...DURATION_KEYS),
        fc.constantFrom('0s', '1ms', '1s'),
        {
          minKeys: 8,
          maxKeys: 16,
        },
      ),
    },
  ),
  seed: fc.option(fc.nat(), { nil: undefined }),
  window: fc.option(
    fc
      .tuple(
        fc.integer({ min: 2020, max: 2030 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 23 }),
        fc.boolean(),
      )
      .map(
        ([y, mo, d, h, t]) =>
          `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}${t ? 'T' : ' '}${String(h).padStart(2, '0')}:30`,
      ),
    { nil: undefined },
  ),
  faults: fc.array(faultArb, { maxLength: 3 }),
  plan: fc.option(fc.array(planStepArb, { minLength: 1, maxLength: 14 }), { nil: undefined }),
  expect: fc.option(expectArb, { nil: undefined }),
  format: fc.constantFrom<'block' | 'flow' | 'json'>('block', 'flow', 'json'),
};

const serverwareArb = fc.record({
  system: fc.constant('serverware' as const),
  topology: fc.constantFrom<'mirror' | 'cluster'>('mirror', 'cluster'),
  from: fc.constantFrom(...SERVERWARE_FROM),
  to: fc.nat(),
  processing: fc.integer({ min: 1, max: 6 }),
  processingNamed: fc.boolean(),
  backupNamed: fc.boolean(),
  storageNamed: fc.boolean(),
  names: fc.uniqueArray(nameArb, { minLength: 9, maxLength: 9 }),
  vps: fc.oneof(
    fc.integer({ min: 0, max: 30 }),
    fc.array(fc.option(fc.nat(), { nil: undefined }), { maxLength: 30 }),
  ),
  vpsNames: fc.uniqueArray(nameArb, { minLength: 30, maxLength: 30 }),
  finalFailover: fc.option(fc.constantFrom('documented', 'always', 'never'), { nil: undefined }),
  ...commonArb,
});

const haPairArb = fc.record({
  system: fc.constant('ha-pair' as const),
  versions: versionPathArb,
  writePath: fc.boolean(),
  devicesNamed: fc.boolean(),
  names: fc.uniqueArray(nameArb, { minLength: 2, maxLength: 2 }),
  services: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.uniqueArray(nameArb, { maxLength: 6 })),
  preemption: fc.option(fc.constantFrom('enabled', 'disabled', true, false, 'on', 'off'), {
    nil: undefined,
  }),
  preferred: fc.option(fc.nat(), { nil: undefined }),
  syncRetries: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  ...commonArb,
});

const standaloneArb = fc.record({
  system: fc.constant('standalone' as const),
  versions: versionPathArb,
  writePath: fc.boolean(),
  serverNamed: fc.boolean(),
  names: fc.uniqueArray(nameArb, { minLength: 1, maxLength: 1 }),
  services: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.uniqueArray(nameArb, { maxLength: 6 })),
  ...commonArb,
});

type Common = {
  readonly [K in keyof typeof commonArb]: (typeof commonArb)[K] extends fc.Arbitrary<infer T>
    ? T
    : never;
};
type ServerwareChoices = typeof serverwareArb extends fc.Arbitrary<infer T> ? T : never;
type HaPairChoices = typeof haPairArb extends fc.Arbitrary<infer T> ? T : never;
type StandaloneChoices = typeof standaloneArb extends fc.Arbitrary<infer T> ? T : never;

const pick = <T>(list: readonly T[], index: number): T => list[index % list.length] as T;

/** What the rest of the scenario is resolved against once the system and hosts are known. */
interface Shape {
  readonly system: SystemKind;
  /** The hops of the version path (SERVERware: as the document derives them). */
  readonly hops: readonly string[];
  readonly versions: readonly string[];
  readonly hostNames: readonly string[];
  readonly storageNames: readonly string[];
  readonly roles: readonly string[];
  readonly workloads: readonly string[];
}

function faultsOf(shape: Shape, faults: Common['faults']): Doc[] {
  const kinds = APPLICABLE_FAULTS[shape.system];
  return faults.map((choice) => {
    const type = pick(kinds, choice.type);
    const storageOnly =
      type === 'pool-degraded' || (type === 'failover-timeout' && shape.system === 'serverware');
    const targets = storageOnly
      ? [...shape.storageNames, 'primary', 'secondary']
      : [...shape.hostNames, ...shape.roles];
    let target = choice.target === undefined ? undefined : pick(targets, choice.target);
    const fault: Doc = { fault: type };
    let when: Doc | undefined;
    if (choice.when.kind === 'at') {
      when = { at: choice.when.at };
      if (target === undefined && NEEDS_HOST_AT.includes(type)) target = pick(targets, choice.type);
    } else if (choice.when.kind === 'step' || type === 'host-crash') {
      const step =
        choice.when.kind === 'step' ? choice.when : { step: 3, hop: undefined, host: undefined };
      // A fault that acts through a step can only name a step it acts on.
      const struck = isImmediateFault(type) ? undefined : stepNamesStruck(type);
      const steps = WHEN_STEPS[shape.system].filter(
        (name) => !struck || (struck as readonly string[]).includes(name),
      );
      when = { step: pick(steps.length > 0 ? steps : WHEN_STEPS[shape.system], step.step) };
      if (step.hop !== undefined && shape.hops.length > 0)
        when.hop = (step.hop % shape.hops.length) + 1;
      if (step.host !== undefined)
        when.host = pick([...shape.hostNames, ...shape.roles], step.host);
      // A fault that fails its step strikes the host running it: `when.host` can only name it.
      if (when.host !== undefined && target !== undefined && !isImmediateFault(type))
        when.host = target;
    }
    if (target !== undefined) fault.target = target;
    if (when !== undefined) fault.when = when;
    if (choice.duration !== undefined) fault.duration = choice.duration;
    // A fault by chance may strike at every matching step, so it takes no `times`.
    if (choice.probability !== undefined && when !== undefined && 'step' in when)
      fault.probability = choice.probability;
    else if (choice.times !== undefined) fault.times = choice.times;
    if (choice.check !== undefined && type === 'precheck-failure') fault.check = choice.check;
    if (choice.sessions !== undefined && type === 'session-loss') fault.sessions = choice.sessions;
    return fault;
  });
}

function planOf(shape: Shape, plan: NonNullable<Common['plan']>): unknown[] {
  const steps = PLAN_STEPS[shape.system];
  const hosts = [...shape.hostNames, ...shape.roles.filter((role) => role !== 'processing')];
  const versions = [...shape.versions, '99.0.0'];
  return plan.map((choice) => {
    const name = pick(steps, choice.step);
    const host = pick(hosts, choice.host);
    switch (name) {
      case 'upgrade':
      case 'install':
        // An upgrade's target must be newer than version.from, as version.to must.
        return {
          [name]: choice.to === undefined ? host : { host, to: pick(versions.slice(1), choice.to) },
        };
      case 'rollback':
        return { [name]: choice.to === undefined ? host : { host, to: pick(versions, choice.to) } };
      case 'reboot':
      case 'verify':
      case 'demote':
      case 'restore':
        return { [name]: host };
      case 'backup':
        return choice.word % 3 === 0 ? 'backup' : { backup: choice.word % 3 === 1 ? 'all' : host };
      case 'preemption':
        return { preemption: pick(['off', 'restore', 'on', false, true], choice.word) };
      case 'wait':
        return choice.wait === undefined ? 'wait' : { wait: choice.wait };
      case 'switchover':
        return choice.word % 2 === 0 ? 'switchover' : { switchover: host };
      default:
        return name;
    }
  });
}

function expectOf(shape: Shape, choice: NonNullable<Common['expect']>): Doc {
  const out: Doc = {};
  if (choice.outcome !== undefined) out.outcome = choice.outcome;
  if (choice.failovers !== undefined) out.failovers = choice.failovers;
  if (choice.path !== undefined)
    out.path = shape.hops.slice(0, choice.path % (shape.hops.length + 1));
  if (choice.downtime !== undefined && shape.workloads.length > 0) {
    out.downtime = Object.fromEntries(
      choice.downtime.map(([index, duration]) => [pick(shape.workloads, index), duration]),
    );
  }
  if (choice.violations !== undefined) {
    const ids = APPLICABLE_INVARIANTS[shape.system];
    out.violations = [...new Set(choice.violations.map((index) => pick(ids, index)))];
  }
  return out;
}

function finish(doc: Doc, shape: Shape, choices: Common): Doc {
  if (Object.keys(choices.durations).length > 0) doc.durations = choices.durations;
  if (choices.seed !== undefined) doc.seed = choices.seed;
  if (choices.window !== undefined) doc.window = { start: choices.window };
  if (choices.faults.length > 0) doc.faults = faultsOf(shape, choices.faults);
  doc.plan = choices.plan === undefined ? 'auto' : planOf(shape, choices.plan);
  if (choices.expect !== undefined) doc.expect = expectOf(shape, choices.expect);
  return doc;
}

function head(choices: Common, system: SystemKind): Doc {
  const doc: Doc = { name: choices.name };
  if (choices.description !== undefined) doc.description = choices.description;
  doc.system = system;
  return doc;
}

function serverwareDoc(c: ServerwareChoices): Doc {
  const doc = head(c, 'serverware');
  const cluster = c.topology === 'cluster';
  doc.topology = c.topology;
  const to = pick(serverwareTargets(c.from), c.to);
  doc.version = to === undefined ? { from: c.from } : { from: c.from, to };
  const [backupName, primaryName, secondaryName, ...processingPool] = c.names as [
    string,
    string,
    string,
    ...string[],
  ];
  const hosts: Doc = {};
  const backup = c.backupNamed ? backupName : 'backup';
  const storage = c.storageNamed ? [primaryName, secondaryName] : ['storage-1', 'storage-2'];
  if (c.backupNamed) hosts.backup = backup;
  if (c.storageNamed) hosts.storage = storage;
  let processing: string[] = [];
  if (cluster) {
    processing = c.processingNamed
      ? processingPool.slice(0, c.processing)
      : Array.from({ length: c.processing }, (_, i) => `processing-${i + 1}`);
    hosts.processing = c.processingNamed ? processing : c.processing;
  }
  if (Object.keys(hosts).length > 0) doc.hosts = hosts;
  let workloads: string[];
  if (typeof c.vps === 'number') {
    doc.vps = c.vps;
    workloads = Array.from({ length: c.vps }, (_, i) => `vps-${i + 1}`);
  } else {
    const places = cluster
      ? [...processing, 'processing', 'primary', storage[0] as string]
      : ['primary', storage[0] as string];
    workloads = c.vpsNames.slice(0, c.vps.length);
    doc.vps = c.vps.map((place, i) => {
      const name = workloads[i] as string;
      if (place === undefined) return i % 2 === 0 ? name : { name };
      return { name, host: pick(places, place) };
    });
  }
  if (c.finalFailover !== undefined) doc.policy = { 'final-failover': c.finalFailover };
  const shape: Shape = {
    system: 'serverware',
    hops: serverwareHops(c.from, to),
    versions: [c.from, ...serverwareHops(c.from, to)],
    hostNames: [backup, ...storage, ...processing],
    storageNames: storage,
    roles: cluster
      ? ['primary', 'secondary', 'backup', 'processing']
      : ['primary', 'secondary', 'backup'],
    workloads,
  };
  return finish(doc, shape, c);
}

function versionOf(doc: Doc, versions: { from: string; path: string[] }, writePath: boolean): void {
  const last = versions.path[versions.path.length - 1] as string;
  if (writePath || versions.path.length > 1) {
    doc.version =
      writePath && versions.path.length === 1
        ? { from: versions.from, path: versions.path, to: last }
        : { from: versions.from, path: versions.path };
  } else {
    doc.version = { from: versions.from, to: last };
  }
}

function servicesOf(doc: Doc, services: number | string[]): string[] {
  doc.services = services;
  return typeof services === 'number'
    ? Array.from({ length: services }, (_, i) => `service-${i + 1}`)
    : services;
}

function haPairDoc(c: HaPairChoices): Doc {
  const doc = head(c, 'ha-pair');
  versionOf(doc, c.versions, c.writePath);
  const devices = c.devicesNamed ? [...c.names] : ['device-a', 'device-b'];
  if (c.devicesNamed) doc.hosts = { devices };
  const workloads = servicesOf(doc, c.services);
  const policy: Doc = {};
  if (c.preemption !== undefined) policy.preemption = c.preemption;
  if (c.preferred !== undefined) policy.preferred = pick(devices, c.preferred);
  if (c.syncRetries !== undefined) policy['sync-retries'] = c.syncRetries;
  if (Object.keys(policy).length > 0) doc.policy = policy;
  const shape: Shape = {
    system: 'ha-pair',
    hops: c.versions.path,
    versions: [c.versions.from, ...c.versions.path],
    hostNames: devices,
    storageNames: [],
    roles: ['active', 'standby'],
    workloads,
  };
  return finish(doc, shape, c);
}

function standaloneDoc(c: StandaloneChoices): Doc {
  const doc = head(c, 'standalone');
  versionOf(doc, c.versions, c.writePath);
  const server = c.serverNamed ? (c.names[0] as string) : 'server';
  if (c.serverNamed) doc.hosts = { server };
  const workloads = servicesOf(doc, c.services);
  const shape: Shape = {
    system: 'standalone',
    hops: c.versions.path,
    versions: [c.versions.from, ...c.versions.path],
    hostNames: [server],
    storageNames: [],
    roles: ['server'],
    workloads,
  };
  return finish(doc, shape, c);
}

/** A scenario document and the text it is written as. */
interface GeneratedScenario {
  readonly system: SystemKind;
  readonly text: string;
}

function render(doc: Doc, format: 'block' | 'flow' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(doc, null, 2)}\n`;
  return stringify(doc, {
    lineWidth: 0,
    ...(format === 'flow' ? { collectionStyle: 'flow' as const } : {}),
  });
}

const toScenario =
  <C extends Common>(build: (choices: C) => Doc, system: SystemKind) =>
  (choices: C): GeneratedScenario => ({ system, text: render(build(choices), choices.format) });

/** Valid scenario files, one arbitrary per system. */
export const scenarioArbs: Readonly<Record<SystemKind, fc.Arbitrary<GeneratedScenario>>> = {
  serverware: serverwareArb.map(toScenario(serverwareDoc, 'serverware')),
  'ha-pair': haPairArb.map(toScenario(haPairDoc, 'ha-pair')),
  standalone: standaloneArb.map(toScenario(standaloneDoc, 'standalone')),
};
