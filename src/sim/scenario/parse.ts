/**
 * parseScenario: YAML (or JSON) text → the normalized Scenario, or a ScenarioError that says
 * where and what.
 */
import { INVARIANT_IDS, OUTCOMES } from '../../../machines/types';
import { DEFAULT_DURATIONS, DEFAULT_POLICY, LIMITS } from '../defaults';
import { notTextRefusal, sizeRefusal, utf8Length } from '../safeText';
import type {
  DowntimeBudget,
  DowntimeLimits,
  DurationKey,
  DurationRule,
  DurationSpread,
  Durations,
  Expectations,
  HostSpec,
  Policy,
  Preemption,
  Scenario,
  SystemKind,
  Topology,
  Window,
  WorkloadBudget,
} from '../types';
import {
  compareVersions,
  NoDocumentedPathError,
  resolveServerwareTarget,
  serverwareCase,
  serverwarePath,
} from '../versions';
import { ScenarioError } from './errors';
import { readDecisions } from './decisions';
import { readFaults } from './faults';
import { readHosts, readWorkloads } from './hosts';
import { readHostRef, SYSTEMS, TOPOLOGIES, systemLabel, systemRoles, type Model } from './model';
import { readPlan } from './plan';
import { readDurationRule, typicalOf } from './durationValue';
import { isRange, readTarget, refuseNotNewer } from './target';
import {
  asDuration,
  asStepDuration,
  asEnum,
  asInt,
  asMap,
  asSeq,
  asText,
  asVersion,
  checkKeys,
  child,
  describe,
  fail,
  isNull,
  quote,
  tick,
  unknownReason,
  VERSION_EXPECTED,
  type Ctx,
  atMost,
} from './read';
import { parseTree, type YEntry, type YMap, type YNode } from './tree';

/** The top-level keys of a scenario file. */
export const TOP_KEYS = [
  'name',
  'description',
  'system',
  'topology',
  'version',
  'hosts',
  'vps',
  'services',
  'durations',
  'seed',
  'policy',
  'recovery',
  'faults',
  'decisions',
  'plan',
  'expect',
  'window',
];

const DURATION_KEYS = Object.keys(DEFAULT_DURATIONS) as DurationKey[];

/** Which system each system-specific key belongs to. */
const ONLY: Readonly<
  Record<string, { readonly systems: readonly SystemKind[]; readonly instead?: string }>
> = {
  topology: { systems: ['serverware'] },
  vps: { systems: ['serverware'], instead: 'services' },
  services: { systems: ['ha-pair', 'standalone'], instead: 'vps' },
};

/** What a count of retries may be: `a whole number from 0 to 10`. */
function fromTo(least: number): string {
  return `a whole number from ${least} to ${LIMITS.retries}`;
}

function readText(ctx: Ctx, entry: YEntry, path: string, expected: string, most?: number): string {
  const value = asText(ctx, entry.value, path, expected).trim();
  if (value === '') fail(ctx, entry.value, path, 'the text is empty', expected);
  if (most !== undefined && value.length > most)
    fail(
      ctx,
      entry.value,
      path,
      `the text is ${value.length.toLocaleString('en-US')} characters; at most ${most.toLocaleString('en-US')}`,
      expected,
    );
  return value;
}

interface VersionResult {
  readonly from: string;
  readonly to: string;
  readonly path: string[];
}

function readVersion(
  ctx: Ctx,
  system: SystemKind,
  entry: YEntry | undefined,
  root: YMap,
): VersionResult {
  const expected =
    system === 'serverware'
      ? 'a mapping like { from: 3.2.4, to: 5.2.1 } (to defaults to the newest release known)'
      : 'a mapping like { from: 9.0.2, to: 9.1.0 } or { from: 9.0.2, path: [9.0.5, 9.1.0] }';
  if (entry === undefined) return fail(ctx, root, 'version', '`version` is required', expected);
  const map = asMap(ctx, entry.value, 'version', expected);
  const fields = checkKeys(ctx, map, 'version', ['from', 'to', 'path']);
  const fromEntry = fields.get('from');
  if (fromEntry === undefined)
    return fail(ctx, map, 'version.from', '`version.from` is required', VERSION_EXPECTED);
  const from = asVersion(ctx, fromEntry.value, 'version.from');
  if (isRange(from)) {
    fail(
      ctx,
      fromEntry.value,
      'version.from',
      `version.from must be the exact running version, not a range like ${from}`,
      VERSION_EXPECTED,
    );
  }
  const toEntry = fields.get('to');
  const toNode = toEntry?.value;
  const writtenTo =
    toNode === undefined ? undefined : readTarget(ctx, system, toNode, 'version.to');
  const pathEntry = fields.get('path');
  const downgrade = (to: string, at: YNode, path: string): void =>
    refuseNotNewer(ctx, from, to, at, path);

  if (system === 'serverware') {
    if (pathEntry !== undefined) {
      fail(
        ctx,
        pathEntry.keyPos,
        'version.path',
        "SERVERware's path is derived from the document: remove version.path; to rehearse a skipped hop write an explicit plan",
      );
    }
    if (serverwareCase(from) === undefined) {
      try {
        serverwarePath(from, resolveServerwareTarget(writtenTo));
      } catch (error) {
        if (error instanceof NoDocumentedPathError)
          fail(ctx, fromEntry.value, 'version.from', error.message);
        throw error;
      }
    }
    const to = resolveServerwareTarget(writtenTo);
    if (toNode !== undefined) downgrade(to, toNode, 'version.to');
    try {
      return { from, to, path: serverwarePath(from, to) };
    } catch (error) {
      if (!(error instanceof NoDocumentedPathError)) throw error;
      if (toNode !== undefined) return fail(ctx, toNode, 'version.to', error.message);
      return fail(
        ctx,
        fromEntry.value,
        'version.from',
        `${error.message} (version.to defaults to the newest release known, ${to})`,
      );
    }
  }

  // HA pair and single server: no release catalogue, so the target or the path is written out.
  const required = `version.to is required for ${system}: Rehearse has no release catalogue for it`;
  if (pathEntry === undefined || isNull(pathEntry.value)) {
    if (writtenTo === undefined || toNode === undefined) {
      return fail(ctx, map, 'version.to', required, VERSION_EXPECTED);
    }
    downgrade(writtenTo, toNode, 'version.to');
    return { from, to: writtenTo, path: [writtenTo] };
  }
  const listExpected = 'a list of the versions to install, in order, like [9.0.5, 9.1.0]';
  const list = asSeq(ctx, pathEntry.value, 'version.path', listExpected);
  if (list.items.length === 0)
    return fail(ctx, list, 'version.path', 'version.path is empty', listExpected);
  atMost(ctx, list, 'version.path', LIMITS.pathVersions, 'versions', listExpected);
  const path: string[] = [];
  list.items.forEach((item, index) => {
    const itemPath = child('version.path', index);
    const version = readTarget(ctx, system, item, itemPath);
    const previous = path[index - 1];
    if (previous === undefined) {
      downgrade(version, item, itemPath);
    } else if (compareVersions(version, previous) <= 0 || version === previous) {
      fail(
        ctx,
        item,
        itemPath,
        `${itemPath} ${version} is not newer than ${child('version.path', index - 1)} ${previous}: each hop must be newer than the one before`,
      );
    }
    path.push(version);
  });
  const last = path[path.length - 1] ?? from;
  if (writtenTo !== undefined && toNode !== undefined && writtenTo !== last) {
    fail(
      ctx,
      toNode,
      'version.to',
      `version.to ${writtenTo} is not the last entry of version.path (${last}): the path ends at the target`,
    );
  }
  return { from, to: last, path };
}

/**
 * Reads `durations:`: the fixed figure of every key (a varying key's mean), and the keys that
 * vary or differ per host.
 */
function readDurations(
  m: Model,
  entry: YEntry | undefined,
): { durations: Durations; spread?: DurationSpread } {
  const { ctx } = m;
  if (entry === undefined || isNull(entry.value)) return { durations: { ...DEFAULT_DURATIONS } };
  const map = asMap(ctx, entry.value, 'durations', 'a mapping like { failover: 15m, reboot: 5m }');
  const fields = checkKeys(ctx, map, 'durations', DURATION_KEYS);
  const out: Record<DurationKey, number> = { ...DEFAULT_DURATIONS };
  const spread: Partial<Record<DurationKey, DurationRule>> = {};
  for (const [name, field] of fields) {
    const key = name as DurationKey;
    const value = readDurationRule(m, field.value, child('durations', key), DEFAULT_DURATIONS[key]);
    if (typeof value === 'number') {
      out[key] = value;
    } else if ('default' in value) {
      out[key] = typicalOf(value.default);
      spread[key] = value;
    } else {
      out[key] = typicalOf(value);
      spread[key] = { default: value };
    }
  }
  return Object.keys(spread).length === 0 ? { durations: out } : { durations: out, spread };
}

/** The keys of `policy:`, each with the systems it applies to. */
export const POLICY_SCOPE: Readonly<Record<string, readonly SystemKind[]>> = {
  preemption: ['ha-pair'],
  preferred: ['ha-pair'],
  'sync-retries': ['ha-pair'],
  'session-checks': ['ha-pair'],
  'final-failover': ['serverware'],
  'stop-vps': ['serverware'],
  'vps-disks': ['serverware'],
  'failed-restart': ['serverware'],
  backup: ['standalone'],
};

/** Refuses a key of `recovery:` or `policy:` that belongs to another system. */
function checkScope(
  m: Model,
  at: Parameters<typeof fail>[1],
  path: string,
  key: string,
  scope: readonly SystemKind[],
): void {
  if (scope.includes(m.system)) return;
  fail(
    m.ctx,
    at,
    path,
    `${tick(key)} applies to ${scope.join(' and ')} only; this scenario's system is ${m.system}`,
  );
}

/** The keys of `recovery:`, each with the systems it applies to. */
export const RECOVERY_SCOPE: Readonly<Record<string, readonly SystemKind[]>> = {
  serverware: ['serverware'],
  reinstalls: ['serverware'],
  hold: ['serverware', 'ha-pair'],
  'check-after-crash': ['serverware', 'ha-pair'],
  'install-again-after-crash': ['serverware', 'ha-pair', 'standalone'],
};

/** Reads `recovery:`, the switches of what the procedure does after a fault, into the policy. */
function readRecovery(m: Model, entry: YEntry | undefined, policy: Policy): Policy {
  const { ctx } = m;
  if (entry === undefined || isNull(entry.value)) return policy;
  const map = asMap(
    ctx,
    entry.value,
    'recovery',
    'a mapping like { serverware: reinstall, reinstalls: 1, hold: 2h, check-after-crash: true }',
  );
  const fields = checkKeys(ctx, map, 'recovery', Object.keys(RECOVERY_SCOPE));
  let out = policy;
  for (const [key, field] of fields) {
    const path = child('recovery', key);
    checkScope(m, field.keyPos, path, key, RECOVERY_SCOPE[key] ?? []);
    switch (key) {
      case 'serverware':
        out = {
          ...out,
          serverwareRecovery: asEnum(
            ctx,
            field.value,
            path,
            ['reinstall', 'rollback-hop'],
            'SERVERware recovery',
          ),
        };
        break;
      case 'reinstalls':
        out = {
          ...out,
          reinstalls: asInt(ctx, field.value, path, 0, LIMITS.retries, fromTo(0)),
        };
        break;
      case 'hold':
        out = { ...out, hold: asStepDuration(ctx, field.value, path) };
        break;
      case 'check-after-crash':
        if (field.value.kind !== 'scalar' || typeof field.value.value !== 'boolean')
          fail(ctx, field.value, path, `got ${describe(field.value)}`, 'true or false');
        out = { ...out, checkAfterCrash: field.value.value === true };
        break;
      case 'install-again-after-crash':
        if (field.value.kind !== 'scalar' || typeof field.value.value !== 'boolean')
          fail(ctx, field.value, path, `got ${describe(field.value)}`, 'true or false');
        out = { ...out, installAgainAfterCrash: field.value.value === true };
        break;
    }
  }
  return out;
}

function readPolicy(m: Model, entry: YEntry | undefined): Policy {
  const { ctx } = m;
  const activeName = m.hosts.find((h) => h.role === 'active')?.name;
  const policy: {
    preemption: Preemption;
    preferred?: string;
    syncRetries: number;
    sessionChecks: number;
    backup: Policy['backup'];
    finalFailover: Policy['finalFailover'];
    serverwareRecovery: Policy['serverwareRecovery'];
    reinstalls: number;
    hold: number;
    stopVps: boolean;
    vpsDisks: Policy['vpsDisks'];
    failedRestart: Policy['failedRestart'];
    checkAfterCrash: boolean;
    installAgainAfterCrash: boolean;
  } = {
    ...DEFAULT_POLICY,
  };
  if (activeName !== undefined) policy.preferred = activeName;
  const ordered = (): Policy => ({
    preemption: policy.preemption,
    ...(policy.preferred === undefined ? {} : { preferred: policy.preferred }),
    syncRetries: policy.syncRetries,
    sessionChecks: policy.sessionChecks,
    backup: policy.backup,
    finalFailover: policy.finalFailover,
    serverwareRecovery: policy.serverwareRecovery,
    reinstalls: policy.reinstalls,
    hold: policy.hold,
    stopVps: policy.stopVps,
    vpsDisks: policy.vpsDisks,
    failedRestart: policy.failedRestart,
    checkAfterCrash: policy.checkAfterCrash,
    installAgainAfterCrash: policy.installAgainAfterCrash,
  });
  if (entry === undefined || isNull(entry.value)) return ordered();
  const map = asMap(ctx, entry.value, 'policy', 'a mapping like { preemption: enabled }');
  const fields = checkKeys(ctx, map, 'policy', Object.keys(POLICY_SCOPE));
  for (const [key, field] of fields) {
    const path = child('policy', key);
    checkScope(m, field.keyPos, path, key, POLICY_SCOPE[key] ?? []);
    const value = field.value;
    switch (key) {
      case 'preemption': {
        const expected = 'enabled or disabled (also true/false, on/off)';
        if (value.kind === 'scalar' && typeof value.value === 'boolean') {
          policy.preemption = value.value ? 'enabled' : 'disabled';
          break;
        }
        const word = asText(ctx, value, path, expected);
        if (word === 'enabled' || word === 'on') policy.preemption = 'enabled';
        else if (word === 'disabled' || word === 'off') policy.preemption = 'disabled';
        else
          fail(
            ctx,
            value,
            path,
            unknownReason('preemption setting', word, ['enabled', 'disabled', 'on', 'off']),
            expected,
          );
        break;
      }
      case 'preferred': {
        const devices = m.hosts.map((h) => h.name);
        const expected = `a device name: ${devices.join(', ')}`;
        const name = asText(ctx, value, path, expected);
        if (!devices.includes(name))
          fail(ctx, value, path, unknownReason('device', name, devices), expected);
        policy.preferred = name;
        break;
      }
      case 'sync-retries':
        policy.syncRetries = asInt(ctx, value, path, 0, LIMITS.retries, fromTo(0));
        break;
      case 'session-checks':
        policy.sessionChecks = asInt(ctx, value, path, 1, LIMITS.retries, fromTo(1));
        break;
      case 'backup':
        policy.backup = asEnum(ctx, value, path, ['per-version', 'once'], 'backup setting');
        break;
      case 'final-failover':
        policy.finalFailover = asEnum(
          ctx,
          value,
          path,
          ['documented', 'always', 'never'],
          'final-failover setting',
        );
        break;
      case 'stop-vps': {
        if (value.kind !== 'scalar' || typeof value.value !== 'boolean')
          fail(ctx, value, path, `got ${describe(value)}`, 'true or false');
        policy.stopVps = value.value === true;
        break;
      }
      case 'vps-disks':
        policy.vpsDisks = asEnum(ctx, value, path, ['storage', 'local'], 'vps-disks setting');
        break;
      case 'failed-restart':
        policy.failedRestart = asEnum(ctx, value, path, ['wait', 'move'], 'failed-restart setting');
        break;
    }
  }
  return ordered();
}

/** The keys of `expect`. */
export const EXPECT_KEYS = ['outcome', 'failovers', 'path', 'downtime', 'budget', 'violations'];
/** The keys of one workload's limits under `expect.downtime`. */
export const WORKLOAD_BUDGET_KEYS = ['max', 'outages'];
/** The keys of `expect.budget`. */
export const BUDGET_KEYS = ['total', 'each', 'outages', 'groups'];
/** The keys of one entry of `expect.budget.groups`. */
export const GROUP_BUDGET_KEYS = ['hosts', 'total', 'each', 'outages'];

const OUTAGES_EXPECTED = 'a whole number of outages, 0 or more';
const LIMIT_EXPECTED = 'at least one limit';

function readOutages(ctx: Ctx, node: YNode, path: string): number {
  return asInt(ctx, node, path, 0, Number.MAX_SAFE_INTEGER, OUTAGES_EXPECTED);
}

/** `total`, `each` and `outages` of a budget mapping, whichever are there. */
function readLimits(ctx: Ctx, fields: ReadonlyMap<string, YEntry>, path: string): DowntimeLimits {
  const limits: { total?: number; each?: number; outages?: number } = {};
  const total = fields.get('total');
  if (total !== undefined) limits.total = asDuration(ctx, total.value, child(path, 'total'));
  const each = fields.get('each');
  if (each !== undefined) limits.each = asDuration(ctx, each.value, child(path, 'each'));
  const outages = fields.get('outages');
  if (outages !== undefined)
    limits.outages = readOutages(ctx, outages.value, child(path, 'outages'));
  return limits;
}

/** One workload's `{ max: 20m, outages: 1 }` under `expect.downtime`. */
function readWorkloadBudget(ctx: Ctx, map: YMap, path: string): WorkloadBudget {
  const expected = 'a duration like 45m (exact), or limits like { max: 20m, outages: 1 }';
  const fields = checkKeys(ctx, map, path, WORKLOAD_BUDGET_KEYS);
  if (fields.size === 0) fail(ctx, map, path, 'no limit given', expected);
  const budget: { max?: number; outages?: number } = {};
  const max = fields.get('max');
  if (max !== undefined) budget.max = asDuration(ctx, max.value, child(path, 'max'));
  const outages = fields.get('outages');
  if (outages !== undefined)
    budget.outages = readOutages(ctx, outages.value, child(path, 'outages'));
  return budget;
}

/** `expect.budget`: limits for every workload together, and per role or group of hosts. */
function readBudget(m: Model, entry: YEntry): DowntimeBudget {
  const { ctx } = m;
  const expected = 'a mapping like { total: 2h, each: 30m, outages: 6, groups: [...] }';
  const map = asMap(ctx, entry.value, 'expect.budget', expected);
  const fields = checkKeys(ctx, map, 'expect.budget', BUDGET_KEYS);
  if (fields.size === 0) fail(ctx, map, 'expect.budget', 'no limit given', expected);
  const budget: { -readonly [K in keyof DowntimeBudget]: DowntimeBudget[K] } = readLimits(
    ctx,
    fields,
    'expect.budget',
  );
  const groups = fields.get('groups');
  if (groups !== undefined) {
    const groupExpected = 'a list like [{ hosts: processing, total: 1h, outages: 3 }]';
    const list = asSeq(ctx, groups.value, 'expect.budget.groups', groupExpected);
    budget.groups = list.items.map((item, index) => {
      const path = child('expect.budget.groups', index);
      const group = asMap(ctx, item, path, groupExpected);
      const groupFields = checkKeys(ctx, group, path, GROUP_BUDGET_KEYS);
      const hosts = groupFields.get('hosts');
      if (hosts === undefined)
        return fail(
          ctx,
          group,
          child(path, 'hosts'),
          '`hosts` is required',
          'a host name or a role, or a list of them',
        );
      const hostsPath = child(path, 'hosts');
      const refs =
        hosts.value.kind === 'seq'
          ? hosts.value.items.map((ref, at) => readHostRef(m, ref, child(hostsPath, at)).ref)
          : [readHostRef(m, hosts.value, hostsPath).ref];
      if (refs.length === 0)
        fail(ctx, hosts.value, hostsPath, 'the list is empty', 'a host name or a role');
      const limits = readLimits(ctx, groupFields, path);
      if (Object.keys(limits).length === 0)
        fail(ctx, group, path, 'no limit given', LIMIT_EXPECTED);
      return { hosts: refs, ...limits };
    });
  }
  return budget;
}

function readExpect(
  m: Model,
  entry: YEntry | undefined,
  workloads: ReadonlySet<string>,
): Expectations | undefined {
  const { ctx } = m;
  if (entry === undefined) return undefined;
  if (isNull(entry.value)) return {};
  const map = asMap(
    ctx,
    entry.value,
    'expect',
    'a mapping like { outcome: completed, failovers: 3 }',
  );
  const fields = checkKeys(ctx, map, 'expect', EXPECT_KEYS);
  const out: { -readonly [K in keyof Expectations]: Expectations[K] } = {};
  const outcome = fields.get('outcome');
  if (outcome !== undefined)
    out.outcome = asEnum(ctx, outcome.value, 'expect.outcome', OUTCOMES, 'outcome');
  const failovers = fields.get('failovers');
  if (failovers !== undefined) {
    out.failovers = asInt(
      ctx,
      failovers.value,
      'expect.failovers',
      0,
      Number.MAX_SAFE_INTEGER,
      'a whole number, 0 or more',
    );
  }
  const path = fields.get('path');
  if (path !== undefined) {
    const expected = 'a list of versions like [3.3.1, 4.8.2, 5.2.1]';
    const list = asSeq(ctx, path.value, 'expect.path', expected);
    // A run's path holds the start and at most the longest `version.path`.
    atMost(ctx, list, 'expect.path', LIMITS.pathVersions + 1, 'versions', expected);
    out.path = list.items.map((item, index) => asVersion(ctx, item, child('expect.path', index)));
  }
  const downtime = fields.get('downtime');
  if (downtime !== undefined) {
    const downtimeMap = asMap(
      ctx,
      downtime.value,
      'expect.downtime',
      'a mapping of workload names to durations or limits, like { vps-1: 45m, vps-2: { max: 20m } }',
    );
    const exact = new Map<string, number>();
    const limits = new Map<string, WorkloadBudget>();
    for (const item of downtimeMap.entries) {
      const itemPath = child('expect.downtime', item.key);
      if (!workloads.has(item.key)) {
        const names = [...workloads];
        fail(
          ctx,
          item.keyPos,
          itemPath,
          unknownReason('workload', item.key, names),
          `a workload of this scenario: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}`,
        );
      }
      if (item.value.kind === 'map')
        limits.set(item.key, readWorkloadBudget(ctx, item.value, itemPath));
      else exact.set(item.key, asDuration(ctx, item.value, itemPath));
    }
    // fromEntries defines own keys: a workload name never reaches a prototype.
    if (exact.size > 0 || limits.size === 0) out.downtime = Object.fromEntries(exact);
    if (limits.size > 0) out.limits = Object.fromEntries(limits);
  }
  const budget = fields.get('budget');
  if (budget !== undefined) out.budget = readBudget(m, budget);
  const violations = fields.get('violations');
  if (violations !== undefined) {
    const list = asSeq(ctx, violations.value, 'expect.violations', 'a list of invariant ids');
    // A set of ids: a repeat could never be met, and bounds the list by the invariants.
    const first = new Map<string, string>();
    out.violations = list.items.map((item, index) => {
      const path = child('expect.violations', index);
      const id = asEnum(ctx, item, path, INVARIANT_IDS, 'invariant');
      const seen = first.get(id);
      if (seen !== undefined)
        fail(ctx, item, path, `invariant ${quote(id)} is listed twice (also at ${seen})`);
      first.set(id, path);
      return id;
    });
  }
  return out;
}

const WINDOW_EXPECTED = "a local date and time 'YYYY-MM-DDTHH:MM' or 'YYYY-MM-DD HH:MM'";

function readWindow(ctx: Ctx, entry: YEntry | undefined): Window | undefined {
  if (entry === undefined) return undefined;
  const map = asMap(ctx, entry.value, 'window', "a mapping like { start: '2025-03-10 21:00' }");
  const fields = checkKeys(ctx, map, 'window', ['start']);
  const start = fields.get('start');
  if (start === undefined)
    return fail(ctx, map, 'window.start', '`window.start` is required', WINDOW_EXPECTED);
  const value = asText(ctx, start.value, 'window.start', WINDOW_EXPECTED).trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(value);
  if (match === null)
    return fail(
      ctx,
      start.value,
      'window.start',
      `${JSON.stringify(value)} is not a date and time`,
      WINDOW_EXPECTED,
    );
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  if (days === undefined || d < 1 || d > days || h > 23 || mi > 59) {
    fail(
      ctx,
      start.value,
      'window.start',
      `${JSON.stringify(value)} is not a real date and time`,
      WINDOW_EXPECTED,
    );
  }
  return { start: `${value.slice(0, 10)}T${value.slice(11)}` };
}

/**
 * Parses a scenario file's text (YAML, or JSON, which is YAML) into the normalized Scenario:
 * defaults applied, hosts and workloads named, the version path derived, every reference checked.
 * Pure: no file access; `file` is only used in error messages.
 * @throws ScenarioError pointing at the line, column and key path of the first problem found.
 */
export function parseScenario(text: string, file: string): Scenario {
  const ctx: Ctx = { file };
  // Counted in UTF-8 bytes, as the command line counts the file: the debugger's editor, links and
  // imports refuse the same texts. No text of fewer than a third as many characters can be over.
  const tooLarge =
    text.length > LIMITS.fileSize / 3 ? sizeRefusal(utf8Length(text), LIMITS.fileSize) : undefined;
  if (tooLarge !== undefined) throw new ScenarioError(tooLarge, { file });
  // A NUL, as the command line refuses a file holding one before it is parsed.
  const notText = notTextRefusal(text);
  if (notText !== undefined) {
    const before = text.slice(0, text.indexOf('\0'));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    throw new ScenarioError(notText, { file, line, column });
  }
  const root = parseTree(text, file);
  if (root === undefined) {
    throw new ScenarioError('the file is empty; a scenario needs at least name and system', {
      file,
    });
  }
  if (root.kind !== 'map') {
    // A `null` or `~` is named as written: "no value" alone read as if the file were empty.
    const what =
      root.kind === 'scalar' && isNull(root) ? `\`${root.source}\`, no value` : describe(root);
    return fail(
      ctx,
      root,
      '',
      `a scenario is a mapping of keys such as name, system and version; this document is ${what}`,
      'a mapping',
    );
  }
  // Top-level `x-…` keys are free for the author (a place to define YAML anchors), as in Compose.
  const own = { ...root, entries: root.entries.filter((entry) => !entry.key.startsWith('x-')) };
  const top = checkKeys(ctx, own, '', TOP_KEYS);

  const nameEntry = top.get('name');
  if (nameEntry === undefined)
    return fail(ctx, root, 'name', '`name` is required', 'a short title for the scenario');
  const name = readText(
    ctx,
    nameEntry,
    'name',
    'a short title for the scenario',
    LIMITS.nameLength,
  );
  const descriptionEntry = top.get('description');
  const description =
    descriptionEntry === undefined
      ? undefined
      : readText(ctx, descriptionEntry, 'description', 'a text');

  const systemEntry = top.get('system');
  if (systemEntry === undefined)
    return fail(ctx, root, 'system', '`system` is required', `one of: ${SYSTEMS.join(', ')}`);
  const system = asEnum(ctx, systemEntry.value, 'system', SYSTEMS, 'system');

  for (const [key, only] of Object.entries(ONLY)) {
    const entry = top.get(key);
    if (entry !== undefined && !only.systems.includes(system)) {
      const instead =
        only.instead === undefined
          ? ''
          : `; ${system} ${system === 'serverware' ? 'runs VPSs' : 'runs services'}: use ${only.instead}`;
      fail(
        ctx,
        entry.keyPos,
        key,
        `${tick(key)} applies to ${only.systems.join(' and ')} only${instead}`,
        `no ${key} key on ${system}`,
      );
    }
  }

  let topology: Topology | undefined;
  const topologyEntry = top.get('topology');
  if (system === 'serverware') {
    if (topologyEntry === undefined) {
      return fail(
        ctx,
        root,
        'topology',
        '`topology` is required for serverware',
        `one of: ${TOPOLOGIES.join(', ')}`,
      );
    }
    topology = asEnum(ctx, topologyEntry.value, 'topology', TOPOLOGIES, 'topology');
  }

  const version = readVersion(ctx, system, top.get('version'), root);
  const hosts: HostSpec[] = readHosts(ctx, system, topology, top.get('hosts'));
  const model: Model = {
    ctx,
    system,
    ...(topology === undefined ? {} : { topology }),
    label: systemLabel(system, topology),
    from: version.from,
    path: version.path,
    hosts,
    hostByName: new Map(hosts.map((h) => [h.name, h])),
    roles: systemRoles(system, topology),
  };
  const workloads = readWorkloads(model, top.get('vps'), top.get('services'));
  const { durations, spread } = readDurations(model, top.get('durations'));

  const seedEntry = top.get('seed');
  const seed =
    seedEntry === undefined
      ? 1
      : asInt(
          ctx,
          seedEntry.value,
          'seed',
          0,
          Number.MAX_SAFE_INTEGER,
          'a whole number, 0 or more',
        );

  const policy = readRecovery(model, top.get('recovery'), readPolicy(model, top.get('policy')));
  const faults = readFaults(model, top.get('faults'));
  const decisions = readDecisions(model, top.get('decisions'));
  const plan = readPlan(model, top.get('plan')?.value);
  const expect = readExpect(model, top.get('expect'), new Set(workloads.map((w) => w.name)));
  const window = readWindow(ctx, top.get('window'));

  return {
    name,
    ...(description === undefined ? {} : { description }),
    system,
    ...(topology === undefined ? {} : { topology }),
    version: { from: version.from, to: version.to },
    path: version.path,
    hosts,
    workloads,
    durations,
    ...(spread === undefined ? {} : { spread }),
    seed,
    policy,
    faults,
    ...(decisions.length === 0 ? {} : { decisions }),
    plan,
    ...(expect === undefined ? {} : { expect }),
    ...(window === undefined ? {} : { window }),
  };
}
