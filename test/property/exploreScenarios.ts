/**
 * fast-check arbitraries for small scenarios to explore with pairs of faults: every system and
 * topology, durations fixed, ranged, estimated and per host or role, `decisions:` entries,
 * `recovery:` and `policy:` keys, faults of the scenario's own (which the explorer sets aside),
 * and one to four processing hosts. Small enough that both the reduced and the full search of
 * pairs take a second or a few; varied enough to reach the recoveries, waits and decisions
 * whose record of the past decides whether two runs go on alike.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { DECISION_POINTS, type DecisionPoint } from '../../machines/decisions';
import { DURATION_KEYS } from './arbitraries';

type SystemKind = 'serverware' | 'ha-pair' | 'standalone';
type Doc = Record<string, unknown>;

/** The durations hosts time for themselves: drawn once per host and run, never per step. */
const HOST_KEYS = ['takeover', 'vps-restart', 'detect', 'preemption-delay'] as const;

/** A figure, in minutes or seconds, short or long next to the 2h hold and a 30m crash. */
const figureArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 45 }).map((m) => `${m}m`) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 120 }).map((s) => `${s}s`) },
  { weight: 1, arbitrary: fc.constantFrom('0s', '1s', '2h', '3h') },
);

/** Two figures in minutes, the shorter first, the ends of a range or an estimate. */
const spanArb = fc
  .tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }))
  .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);

/** One value: fixed, a range (maybe of one point) or a three-point estimate. */
const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: figureArb },
  { weight: 3, arbitrary: spanArb.map(([a, b]) => `${a}m..${b}m`) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 60 }))
      .map(([a, more]) => `${a}s..${a + more}s`),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(spanArb, fc.double({ min: 0, max: 1, noNaN: true }))
      .filter(([[a, b]]) => b > a)
      .map(([[a, b], at]) => ({
        min: `${a}m`,
        likely: `${Math.round(a + (b - a) * at)}m`,
        max: `${b}m`,
      })),
  },
);

/** A duration key's choices: its value, and per-host or per-role overrides drawn as numbers. */
const durationChoiceArb = fc.record({
  value: valueArb,
  perHost: fc.option(fc.array(fc.tuple(fc.nat(), valueArb), { minLength: 1, maxLength: 3 }), {
    nil: undefined,
    freq: 3,
  }),
  withDefault: fc.boolean(),
});

const durationsArb = fc.dictionary(
  fc.constantFrom<string>(...DURATION_KEYS, ...HOST_KEYS),
  durationChoiceArb,
  { maxKeys: 5 },
);

const decisionArb = fc.record({
  at: fc.nat(),
  choose: fc.nat(),
  host: fc.option(fc.nat(), { nil: undefined }),
  hop: fc.option(fc.nat(), { nil: undefined }),
  fault: fc.option(fc.nat(), { nil: undefined }),
  times: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
});

/** A fault of the scenario's own: the explorer explores without them. */
const ownFaultArb = fc.record({
  type: fc.nat(),
  target: fc.nat(),
  step: fc.nat(),
  probability: fc.option(fc.constantFrom(0.2, 0.5, 1), { nil: undefined }),
});

/** A written plan that keeps about three steps in four of the documented order. */
const densePlanArb = fc.record({
  keep: fc.array(
    fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
    { minLength: 40, maxLength: 40 },
  ),
  extra: fc.option(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { nil: undefined }),
  wait: fc.option(fc.constantFrom('1m', '7m', '40m'), { nil: undefined }),
});

/** A written plan: which steps of the documented order stay, and a step added. */
const planArb = fc.record({
  keep: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
  extra: fc.option(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { nil: undefined }),
  // A written wait's own length, on every wait of the plan.
  wait: fc.option(fc.constantFrom('1m', '7m', '40m'), { nil: undefined }),
});

const commonArb = {
  durations: durationsArb,
  seed: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
  decisions: fc.array(decisionArb, { maxLength: 3 }),
  faults: fc.array(ownFaultArb, { maxLength: 1 }),
  hold: fc.option(fc.constantFrom('5m', '20m', '45m', '2h'), { nil: undefined }),
  checkAfterCrash: fc.option(fc.boolean(), { nil: undefined }),
  installAgain: fc.option(fc.boolean(), { nil: undefined }),
  plan: fc.option(planArb, { nil: undefined, freq: 2 }),
};

const serverwareFields = {
  system: fc.constant('serverware' as const),
  topology: fc.constantFrom<'mirror' | 'cluster'>('mirror', 'cluster'),
  // One hop (4.8.2 → 5.2.1) mostly; two from 4.1.0; the GUI-only update from 5.0.3.
  from: fc.oneof(
    { weight: 6, arbitrary: fc.constant('4.8.2') },
    { weight: 2, arbitrary: fc.constant('4.1.0') },
    { weight: 1, arbitrary: fc.constant('5.0.3') },
  ),
  processing: fc.integer({ min: 1, max: 4 }),
  vps: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.array(fc.nat(), { minLength: 1, maxLength: 4 })),
  named: fc.boolean(),
  recovery: fc.option(fc.constantFrom('reinstall', 'rollback-hop'), { nil: undefined }),
  reinstalls: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
  finalFailover: fc.option(fc.constantFrom('documented', 'always', 'never'), { nil: undefined }),
  stopVps: fc.option(fc.boolean(), { nil: undefined }),
  vpsDisks: fc.option(fc.constantFrom('storage', 'local'), { nil: undefined }),
  failedRestart: fc.option(fc.constantFrom('wait', 'move'), { nil: undefined }),
  ...commonArb,
};
const serverwareArb = fc.record(serverwareFields);

const haPairFields = {
  system: fc.constant('ha-pair' as const),
  hops: fc.integer({ min: 1, max: 2 }),
  services: fc.integer({ min: 0, max: 3 }),
  named: fc.boolean(),
  preemption: fc.option(fc.constantFrom('enabled', 'disabled'), { nil: undefined }),
  preferred: fc.option(fc.nat(), { nil: undefined }),
  syncRetries: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
  sessionChecks: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  ...commonArb,
};
const haPairArb = fc.record(haPairFields);

const standaloneFields = {
  system: fc.constant('standalone' as const),
  hops: fc.integer({ min: 1, max: 3 }),
  services: fc.integer({ min: 0, max: 3 }),
  named: fc.boolean(),
  backup: fc.option(fc.constantFrom('per-version', 'once'), { nil: undefined }),
  ...commonArb,
};
const standaloneArb = fc.record(standaloneFields);

type Common = {
  readonly [K in keyof typeof commonArb]: (typeof commonArb)[K] extends fc.Arbitrary<infer T>
    ? T
    : never;
};

const pick = <T>(list: readonly T[], index: number): T => list[index % list.length] as T;

/** The fault types a scenario of each system may name (a few of each, enough to vary). */
const OWN_FAULTS: Readonly<Record<SystemKind, readonly (readonly [string, string])[]>> = {
  serverware: [
    ['upgrade-failure', 'install'],
    ['boot-failure', 'reboot'],
    ['host-crash', 'install'],
    ['failover-timeout', 'failover'],
  ],
  'ha-pair': [
    ['upgrade-failure', 'install'],
    ['sync-failure', 'sync'],
    ['host-crash', 'install'],
    ['session-loss', 'switchover'],
  ],
  standalone: [
    ['upgrade-failure', 'install'],
    ['boot-failure', 'reboot'],
    ['power-loss', 'install'],
  ],
};

/** What the rest of a scenario is resolved against once its system and hosts are known. */
interface Shape {
  readonly system: SystemKind;
  readonly hops: number;
  readonly hosts: readonly string[];
  readonly roles: readonly string[];
}

function durationsOf(shape: Shape, choices: Common['durations']): Doc | undefined {
  const out: Doc = {};
  for (const [key, choice] of Object.entries(choices)) {
    if (choice.perHost === undefined) {
      out[key] = choice.value;
      continue;
    }
    const map: Doc = {};
    if (choice.withDefault) map.default = choice.value;
    for (const [who, value] of choice.perHost)
      map[pick([...shape.hosts, ...shape.roles], who)] = value;
    out[key] = map;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

function decisionsOf(shape: Shape, choices: Common['decisions']): Doc[] {
  const points = (Object.keys(DECISION_POINTS) as DecisionPoint[]).filter(
    (point) =>
      (DECISION_POINTS[point].options as Partial<Record<SystemKind, unknown>>)[shape.system],
  );
  const faults = OWN_FAULTS[shape.system].map(([fault]) => fault);
  return choices.map((choice) => {
    const at = pick(points, choice.at);
    const options = (DECISION_POINTS[at].options as Partial<Record<SystemKind, readonly string[]>>)[
      shape.system
    ] as readonly string[];
    const entry: Doc = { at, choose: pick(options, choice.choose) };
    if (choice.host !== undefined) entry.host = pick([...shape.hosts, ...shape.roles], choice.host);
    if (choice.hop !== undefined) entry.hop = choice.hop % (shape.hops + 1);
    if (choice.fault !== undefined) entry.fault = pick(faults, choice.fault);
    if (choice.times !== undefined) entry.times = choice.times;
    return entry;
  });
}

function faultsOf(shape: Shape, choices: Common['faults']): Doc[] {
  return choices.map((choice) => {
    const [fault, step] = pick(OWN_FAULTS[shape.system], choice.type);
    const target =
      fault === 'failover-timeout'
        ? pick(['primary', 'secondary'], choice.target)
        : pick(shape.hosts, choice.target);
    const out: Doc = { fault, when: { step } };
    if (fault !== 'sync-failure' && fault !== 'session-loss') out.target = target;
    if (choice.probability !== undefined) out.probability = choice.probability;
    return out;
  });
}

/** Steps a written plan may add anywhere, a mistake or a step twice. */
const EXTRA_STEPS: Readonly<Record<SystemKind, readonly string[]>> = {
  serverware: [
    'failover',
    'precheck',
    'wait',
    'upgrade',
    'reboot',
    'verify',
    'rollback',
    'stop-vps',
    'start-vps',
  ],
  'ha-pair': [
    'switchover',
    'check-sync',
    'check-sessions',
    'wait',
    'upgrade',
    'reboot',
    'rollback',
    'demote',
    'preemption',
  ],
  standalone: [
    'backup',
    'stop-services',
    'start-services',
    'upgrade',
    'reboot',
    'verify',
    'rollback',
    'restore',
    'wait',
  ],
};

/**
 * A written plan: the documented order (`template`, one item per step) with some steps left
 * out and maybe one step added, as someone might write it; at least one step stays.
 */
function planOf(
  shape: Shape,
  template: readonly unknown[],
  choice: NonNullable<Common['plan']>,
): unknown[] {
  const plan = template
    .filter((_, index) => choice.keep[index % choice.keep.length] !== false)
    .map((step) => (step === 'wait' && choice.wait !== undefined ? { wait: choice.wait } : step));
  if (choice.extra !== undefined) {
    const [at, which, who] = choice.extra;
    const name = pick(EXTRA_STEPS[shape.system], which);
    const host = pick(shape.hosts, who);
    const step =
      name === 'preemption'
        ? { preemption: pick(['off', 'restore', 'on'], who) }
        : ['upgrade', 'reboot', 'verify', 'rollback', 'demote', 'restore'].includes(name)
          ? { [name]: host }
          : name === 'wait' && choice.wait !== undefined
            ? { wait: choice.wait }
            : name;
    plan.splice(at % (plan.length + 1), 0, step);
  }
  return plan.length > 0 ? plan : [template[template.length - 1]];
}

function finish(
  doc: Doc,
  shape: Shape,
  choices: Common,
  recovery: Doc,
  policy: Doc,
  template: readonly unknown[],
): Doc {
  const durations = durationsOf(shape, choices.durations);
  if (durations !== undefined) doc.durations = durations;
  if (choices.seed !== undefined) doc.seed = choices.seed;
  if (shape.system !== 'standalone') {
    if (choices.hold !== undefined) recovery.hold = choices.hold;
    if (choices.checkAfterCrash !== undefined)
      recovery['check-after-crash'] = choices.checkAfterCrash;
  }
  if (choices.installAgain !== undefined)
    recovery['install-again-after-crash'] = choices.installAgain;
  if (Object.keys(recovery).length > 0) doc.recovery = recovery;
  if (Object.keys(policy).length > 0) doc.policy = policy;
  if (choices.faults.length > 0) doc.faults = faultsOf(shape, choices.faults);
  if (choices.decisions.length > 0) doc.decisions = decisionsOf(shape, choices.decisions);
  if (choices.plan !== undefined && template.length > 0)
    doc.plan = planOf(shape, template, choices.plan);
  return doc;
}

type ServerwareChoices = typeof serverwareArb extends fc.Arbitrary<infer T> ? T : never;
type HaPairChoices = typeof haPairArb extends fc.Arbitrary<infer T> ? T : never;
type StandaloneChoices = typeof standaloneArb extends fc.Arbitrary<infer T> ? T : never;

function serverwareDoc(c: ServerwareChoices, name: string): Doc {
  const cluster = c.topology === 'cluster';
  const doc: Doc = { name, system: 'serverware', topology: c.topology, version: { from: c.from } };
  const storage = c.named ? ['san-a', 'san-b'] : ['storage-1', 'storage-2'];
  const backup = c.named ? 'vault' : 'backup';
  const processing = cluster
    ? Array.from({ length: c.processing }, (_, i) =>
        c.named ? `node-${i + 1}` : `processing-${i + 1}`,
      )
    : [];
  if (c.named) doc.hosts = { backup, storage, ...(cluster ? { processing } : {}) };
  else if (cluster) doc.hosts = { processing: c.processing };
  if (typeof c.vps === 'number') doc.vps = c.vps;
  else {
    const places = cluster ? [...processing, 'primary', 'processing'] : ['primary'];
    doc.vps = c.vps.map((place, i) => ({ name: `vps-${i + 1}`, host: pick(places, place) }));
  }
  const recovery: Doc = {};
  if (c.recovery !== undefined) recovery.serverware = c.recovery;
  if (c.reinstalls !== undefined) recovery.reinstalls = c.reinstalls;
  const policy: Doc = {};
  if (c.finalFailover !== undefined) policy['final-failover'] = c.finalFailover;
  if (c.stopVps !== undefined) policy['stop-vps'] = c.stopVps;
  if (cluster && c.vpsDisks !== undefined) policy['vps-disks'] = c.vpsDisks;
  if (cluster && c.failedRestart !== undefined) policy['failed-restart'] = c.failedRestart;
  const shape: Shape = {
    system: 'serverware',
    hops: c.from === '4.1.0' ? 2 : c.from === '4.8.2' ? 1 : 0,
    hosts: [backup, ...storage, ...processing],
    roles: cluster
      ? ['primary', 'secondary', 'backup', 'processing']
      : ['primary', 'secondary', 'backup'],
  };
  const hop = [
    { upgrade: backup },
    ...processing.map((host) => ({ upgrade: host })),
    { upgrade: 'secondary' },
    'failover',
    { upgrade: 'secondary' },
  ];
  const template =
    shape.hops === 0
      ? ['precheck', 'gui-update']
      : [
          'precheck',
          ...hop,
          ...(shape.hops > 1 ? hop : []),
          ...(c.finalFailover === 'never' ? [] : ['failover']),
        ];
  return finish(doc, shape, c, recovery, policy, template);
}

/** `9.0.1` and the versions after it, one hop each. */
function versions(hops: number): { from: string; path: string[] } {
  return { from: '9.0.1', path: Array.from({ length: hops }, (_, i) => `9.${i + 1}.0`) };
}

function haPairDoc(c: HaPairChoices, name: string): Doc {
  const devices = c.named ? ['fw-1', 'fw-2'] : ['device-a', 'device-b'];
  const doc: Doc = { name, system: 'ha-pair', version: versions(c.hops), services: c.services };
  if (c.named) doc.hosts = { devices };
  const policy: Doc = {};
  if (c.preemption !== undefined) policy.preemption = c.preemption;
  if (c.preferred !== undefined) policy.preferred = pick(devices, c.preferred);
  if (c.syncRetries !== undefined) policy['sync-retries'] = c.syncRetries;
  if (c.sessionChecks !== undefined) policy['session-checks'] = c.sessionChecks;
  const shape: Shape = {
    system: 'ha-pair',
    hops: c.hops,
    hosts: devices,
    roles: ['active', 'standby'],
  };
  const hop = [
    { upgrade: 'standby' },
    'wait',
    'check-sessions',
    'switchover',
    'check-services',
    { upgrade: 'standby' },
  ];
  const template = [
    'sync-config',
    'check-sync',
    'backup',
    { preemption: 'off' },
    ...Array.from({ length: c.hops }, () => hop).flat(),
    'check-sync',
    'check-services',
    { preemption: 'restore' },
  ];
  return finish(doc, shape, c, {}, policy, template);
}

function standaloneDoc(c: StandaloneChoices, name: string): Doc {
  const server = c.named ? 'pbx' : 'server';
  const doc: Doc = { name, system: 'standalone', version: versions(c.hops), services: c.services };
  if (c.named) doc.hosts = { server };
  const policy: Doc = {};
  if (c.backup !== undefined) policy.backup = c.backup;
  const shape: Shape = { system: 'standalone', hops: c.hops, hosts: [server], roles: ['server'] };
  const hop = [
    'backup',
    'stop-services',
    { install: server },
    { reboot: server },
    'start-services',
    'check-services',
    'wait',
    { verify: server },
  ];
  const template = ['precheck', ...Array.from({ length: c.hops }, () => hop).flat()];
  return finish(doc, shape, c, {}, policy, template);
}

/** A generated scenario: its system and its text. */
interface ExploreScenario {
  readonly system: SystemKind;
  readonly text: string;
}

const render = (doc: Doc): string => stringify(doc, { lineWidth: 0 });

function scenarioArbs(
  serverware: fc.Arbitrary<ServerwareChoices>,
  haPair: fc.Arbitrary<HaPairChoices>,
  standalone: fc.Arbitrary<StandaloneChoices>,
): Readonly<Record<SystemKind, fc.Arbitrary<ExploreScenario>>> {
  return {
    serverware: serverware.map((c) => ({
      system: 'serverware' as const,
      text: render(serverwareDoc(c, `generated ${c.topology}`)),
    })),
    'ha-pair': haPair.map((c) => ({
      system: 'ha-pair' as const,
      text: render(haPairDoc(c, 'generated HA pair')),
    })),
    standalone: standalone.map((c) => ({
      system: 'standalone' as const,
      text: render(standaloneDoc(c, 'generated single server')),
    })),
  };
}

/** Scenarios to explore with pairs, one arbitrary per system: derived or written plans. */
export const exploreScenarioArbs = scenarioArbs(serverwareArb, haPairArb, standaloneArb);

/**
 * Smaller ones, for the unit suite, whose searches of pairs take seconds: one hop for an HA pair
 * and SERVERware (from 4.8.2, or the GUI-only update), each with a written plan that leaves out
 * some of the documented steps (about half of an HA pair's, a quarter of SERVERware's), and one or
 * two hops for a single server, its plan derived or written;
 * every other choice as above.
 */
export const smallExploreScenarioArbs = scenarioArbs(
  fc.record({
    ...serverwareFields,
    from: fc.oneof(
      { weight: 4, arbitrary: fc.constant('4.8.2') },
      { weight: 1, arbitrary: fc.constant('5.0.3') },
    ),
    plan: densePlanArb,
  }),
  fc.record({ ...haPairFields, hops: fc.constant(1), plan: planArb }),
  fc.record({ ...standaloneFields, hops: fc.integer({ min: 1, max: 2 }) }),
);
