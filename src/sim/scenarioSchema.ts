/**
 * Scenario files as a zod schema: the one description of their keys that the published JSON
 * Schema (`schema/scenario.schema.json`, for editors) and the key table of docs/scenarios.md come
 * from. It is built from the parser's own key tables, so a key the parser learns appears here
 * too; the parser stays the judge of what a file means (references between keys, ranges, paths),
 * this schema says what each key is and what shape its value takes. Not imported by the engine:
 * zod is loaded only where the schema is used.
 */
import { z } from 'zod';
import { DECISION_OPTION_NAMES, DECISION_POINT_NAMES } from '../../machines/decisions';
import { INVARIANT_IDS, OUTCOMES } from '../../machines/types';
import { DEFAULT_DURATIONS, DURATION_DOC, LIMITS } from './defaults';
import { DECISION_KEYS } from './scenario/decisions';
import { FAULT_TYPES } from '../../machines/faultTable';
import { FAULT_KEYS, PRECHECKS, STEP_NAMES, WHEN_KEYS } from './scenario/faults';
import { HOST_KEYS } from './scenario/hosts';
import { SYSTEMS, TOPOLOGIES } from './scenario/model';
import {
  BUDGET_KEYS,
  EXPECT_KEYS,
  GROUP_BUDGET_KEYS,
  POLICY_SCOPE,
  RECOVERY_SCOPE,
  TOP_KEYS,
  WORKLOAD_BUDGET_KEYS,
} from './scenario/parse';
import { PLAN_STEPS, type Arg } from './scenario/plan';
import type { DurationKey, SystemKind } from './types';

/** `500ms`, `90s`, `15m`, `1h30m`, `2d`: each unit once, largest first. */
const duration = z
  .string()
  .regex(/^\s*(\d+(\.\d+)?\s*(ms|d|h|m|s)\s*)+$/)
  .describe('a duration with a unit: 500ms, 90s, 15m, 1h30m, 2h, 1d');

const UNIT = String.raw`\s*(\d+(\.\d+)?\s*(ms|d|h|m|s)\s*)+`;

/** `15m..30m`: a uniform range, the shorter end first. */
const durationRange = z
  .string()
  .regex(new RegExp(`^${UNIT}\\.\\.${UNIT}$`))
  .describe('a range of durations, drawn uniformly: 15m..30m');

/** `{ min, likely, max }`: a three-point estimate, drawn from the PERT distribution. */
const estimate = z
  .strictObject({ min: duration, likely: duration, max: duration })
  .describe('a three-point estimate drawn from PERT: { min: 10m, likely: 15m, max: 45m }');

/** A duration that may vary from run to run (drawn from the seed). */
const varying = z
  .union([duration, durationRange, estimate])
  .describe('a duration (15m), a range (15m..30m) or an estimate ({ min, likely, max })');

/** One key of `durations:`: a value that may vary, or `{ default, <host or role>: … }`. */
const durationRule = (doc: string) =>
  z
    .union([varying, z.record(z.string(), varying)])
    .describe(
      `${doc}: a duration (15m), a range (15m..30m), an estimate ({ min, likely, max }), or an override per host or role ({ default: 5m, processing-3: 20m })`,
    );

/** YAML reads `9.0` as a number; the parser reads the text as written. */
const version = z
  .union([z.string().regex(/^\d+(\.(\d+|x))*(-[0-9A-Za-z.]+)?$/), z.number().nonnegative()])
  .describe('a version like 3.2.4, 5.x or 9.1.0-h3');

const name = z.union([
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/),
  z.int().nonnegative(),
]);
const hostRef = z.string().describe('a host name or a role');
const count = (max: number) => z.int().min(0).max(max);

function only(systems: readonly SystemKind[], text: string): string {
  return systems.length === SYSTEMS.length ? text : `${systems.join(' and ')} only: ${text}`;
}

/** The schema of each of `keys`, in the parser's order; a key without one is a mistake here. */
function keyedSchemas(
  keys: readonly string[],
  schemas: Readonly<Record<string, z.ZodType>>,
  what: string,
): Record<string, z.ZodType> {
  return Object.fromEntries(
    keys.map((key) => {
      const schema = schemas[key];
      if (schema === undefined) throw new Error(`no schema for the ${what} key ${key}`);
      return [key, schema];
    }),
  );
}

/** A strict object whose keys are exactly `keys`, each given its schema by `of`. */
function keyed<K extends string>(keys: readonly K[], of: (key: K) => z.ZodType) {
  return z.strictObject(Object.fromEntries(keys.map((key) => [key, of(key).optional()])));
}

const outagesLimit = z.int().nonnegative();

/** `total`, `each`, `outages`: the limits a budget can set, each "at most". */
const LIMIT_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  total: duration.describe('at most this downtime, the workloads added up'),
  each: duration.describe('at most this downtime for any one workload'),
  outages: outagesLimit.describe('at most this many outages, the workloads added up'),
  hosts: z
    .union([hostRef, z.array(hostRef).min(1)])
    .describe('the workloads placed on these hosts: host names or roles'),
};

const WORKLOAD_BUDGET_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  max: duration.describe('at most this downtime for this workload'),
  outages: outagesLimit.describe('at most this many outages for this workload'),
};

const EXPECT_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  outcome: z.enum(OUTCOMES),
  failovers: z.int().nonnegative(),
  path: z.array(version),
  downtime: z.record(
    z.string(),
    z.union([
      duration,
      z
        .strictObject(
          keyedSchemas(WORKLOAD_BUDGET_KEYS, WORKLOAD_BUDGET_SCHEMAS, 'workload budget'),
        )
        .partial(),
    ]),
  ),
  budget: z
    .strictObject({
      ...keyedSchemas(
        BUDGET_KEYS.filter((key) => key !== 'groups'),
        LIMIT_SCHEMAS,
        'budget',
      ),
      groups: z.array(
        z
          .strictObject(keyedSchemas(GROUP_BUDGET_KEYS, LIMIT_SCHEMAS, 'budget group'))
          .partial()
          .required({ hosts: true }),
      ),
    })
    .partial(),
  violations: z.array(z.enum(INVARIANT_IDS)),
};

const HOST_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  processing: z
    .union([count(LIMITS.hosts), z.array(name)])
    .describe('serverware cluster: how many processing hosts (default 2), or their names'),
  backup: name.describe("serverware: the Backup host's name (default backup)"),
  storage: z
    .tuple([name, name])
    .describe('serverware: [primary, secondary] names (default storage-1, storage-2)'),
  devices: z
    .tuple([name, name])
    .describe('ha-pair: [active, standby] names (default device-a, device-b)'),
  server: name.describe("standalone: the server's name (default server)"),
};

const POLICY_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  preemption: z
    .union([z.enum(['enabled', 'disabled', 'on', 'off']), z.boolean()])
    .describe('whether the preferred device takes the active role back (default disabled)'),
  preferred: name.describe('the device that preempts (default the initially active one)'),
  'sync-retries': count(LIMITS.retries).describe(
    'how often a failed sync report is resolved and checked again (default 2)',
  ),
  'session-checks': z
    .int()
    .min(1)
    .max(LIMITS.retries)
    .describe('how many session comparisons before switching over anyway (default 2)'),
  'final-failover': z
    .enum(['documented', 'always', 'never'])
    .describe('the failover after the last storage host'),
  'stop-vps': z
    .boolean()
    .describe('stop every VPS before starting and start them again at the end (default false)'),
  'vps-disks': z
    .enum(['storage', 'local'])
    .describe(
      "Cluster: where processing hosts' VPSs keep their disks (default storage: down while no storage host serves them)",
    ),
  'failed-restart': z
    .enum(['wait', 'move'])
    .describe(
      'Cluster: the VPSs of a processing host whose restart into the new version fails wait for it (default wait, an assumption) or are started on another processing host after vps-restart (move)',
    ),
  backup: z
    .enum(['per-version', 'once'])
    .describe('a backup before each version, or only before the first (default per-version)'),
};

const RECOVERY_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  serverware: z
    .enum(['reinstall', 'rollback-hop'])
    .describe('what follows a failed host (default reinstall)'),
  reinstalls: count(LIMITS.retries).describe(
    'how many reinstalls each host gets in the whole run, all hops together, before the procedure stops for support (default 1): a host reinstalled after a failure in hop 1 stops the procedure at its next failure, in any hop',
  ),
  hold: duration.describe(
    'how long the procedure waits for a pair member that is down (default 2h)',
  ),
  'check-after-crash': z
    .boolean()
    .describe(
      'whether a pair member back from a crash is checked before its peer is changed or it is handed a role (default true; an assumption)',
    ),
  'install-again-after-crash': z
    .boolean()
    .describe(
      'whether a host down between its install and its restart is installed again once back (default true; an assumption)',
    ),
};

const STEP_ARGS: Readonly<Record<Arg, z.ZodType | undefined>> = {
  none: undefined,
  server: undefined,
  host: hostRef,
  'optional-host': hostRef,
  backup: z.string().describe('all, or a host name or a role'),
  preemption: z.union([z.enum(['off', 'restore', 'on']), z.boolean()]),
  wait: duration,
  'host-to': z.union([hostRef, z.strictObject({ host: hostRef, to: version.optional() })]),
};

/** One step of an explicit plan: a bare name, or a one-key mapping `step: argument`. */
const planStep = z.union([
  z.enum(Object.keys(PLAN_STEPS) as [string, ...string[]]).describe('a step without argument'),
  ...Object.entries(PLAN_STEPS).flatMap(([step, kind]) => {
    const arg = STEP_ARGS[kind.arg];
    if (arg === undefined) return [];
    const text = kind.systems ? `${kind.systems.join(' and ')} only` : undefined;
    const one = z.strictObject({ [step]: arg });
    return [text === undefined ? one : one.describe(text)];
  }),
]);

const fault = z.strictObject(
  Object.fromEntries(
    FAULT_KEYS.map((key): [string, z.ZodType] => {
      switch (key) {
        case 'fault':
          return [key, z.enum(FAULT_TYPES as [string, ...string[]]).describe('the fault type')];
        case 'target':
          return [
            key,
            hostRef.optional().describe('a host name, or a role resolved when the fault fires'),
          ];
        case 'when':
          return [
            key,
            keyed(WHEN_KEYS, (k) =>
              k === 'step'
                ? z.enum(STEP_NAMES as [string, ...string[]])
                : k === 'hop'
                  ? z.int().min(1)
                  : k === 'at'
                    ? duration
                    : hostRef,
            )
              .optional()
              .describe(
                '{ step, hop, host }: the first time that step runs; or { at }: at that virtual time',
              ),
          ];
        case 'duration':
          return [
            key,
            varying
              .optional()
              .describe(
                'how long a slow failover takes, a crashed host stays down or a degraded pool resilvers; a range or an estimate is drawn each time it fires',
              ),
          ];
        case 'probability':
          return [
            key,
            z
              .number()
              .gt(0)
              .max(1)
              .optional()
              .describe(
                'the chance (0 < p ≤ 1) that the fault strikes at each step matching `when` on a matching host, drawn from the seed; without it the fault strikes at the first',
              ),
          ];
        case 'times':
          return [
            key,
            z
              .int()
              .min(1)
              .max(LIMITS.faultTimes)
              .optional()
              .describe(
                `how many attempts in a row fail (default 1, at most ${LIMITS.faultTimes}; \`probability: 1\` fails every attempt)`,
              ),
          ];
        case 'check':
          return [
            key,
            z
              .enum(PRECHECKS as [string, ...string[]])
              .optional()
              .describe('what a precheck-failure fails'),
          ];
        case 'sessions':
          return [
            key,
            z.int().min(1).optional().describe('how many sessions a session loss drops'),
          ];
        default:
          throw new Error(`no schema for the fault key ${key}`);
      }
    }),
  ),
);

const allHostKeys = [...new Set(Object.values(HOST_KEYS).flat())];

const TOP_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  name: z.string().min(1).max(LIMITS.nameLength).describe("The scenario's title (required)."),
  description: z.string().describe('What a trainer says before pressing play.'),
  system: z.enum(SYSTEMS as [string, ...string[]]).describe('The system upgraded (required).'),
  topology: z
    .enum(TOPOLOGIES as [string, ...string[]])
    .describe('SERVERware only, required there.'),
  version: z
    .strictObject({
      from: version.describe('the exact running version (required)'),
      to: version.describe('the target version (SERVERware: default the newest release known)'),
      path: z
        .array(version)
        .max(LIMITS.pathVersions)
        .describe('ha-pair and standalone: consecutive versions'),
    })
    .partial({ to: true, path: true })
    .describe(
      "`from` (required); `to`; for `ha-pair` and `standalone`, `path: [v1, v2, …]` lists consecutive versions (at most 20), each tested before the next (`to` or `path` is required there). SERVERware's path comes from the document, whose rows cover a `from` of 3.2.x and earlier, 3.3.x – 4.2.x, 4.3.x – 4.8.x or 5.x; another `from`, a target off the path, or a downgrade is an error.",
    ),
  hosts: keyed(allHostKeys, (key) => {
    const systems = (Object.keys(HOST_KEYS) as SystemKind[]).filter((s) =>
      HOST_KEYS[s].includes(key),
    );
    const schema = HOST_SCHEMAS[key];
    if (schema === undefined) throw new Error(`no schema for the hosts key ${key}`);
    return schema.describe(only(systems, schema.description ?? key));
  })
    .nullable()
    .describe(
      'At most 1,000 in all. SERVERware: `processing` (count or names), `backup` (name), `storage` ([primary, secondary]). HA pair: `devices: [active, standby]`. Single server: `server: name`.',
    ),
  vps: z
    .union([
      count(LIMITS.workloads),
      z
        .array(z.union([name, z.strictObject({ name, host: hostRef.optional() })]))
        .max(LIMITS.workloads),
    ])
    .describe(
      'SERVERware workloads. Mirror: every VPS runs on the Primary. Cluster: round-robin over the processing hosts unless `host:` is given; `host: primary` places a VPS on the storage Primary, where it follows the Primary role.',
    ),
  services: z
    .union([count(LIMITS.workloads), z.array(name).max(LIMITS.workloads)])
    .describe('HA pair and single server workloads (session groups): a count or a list of names.'),
  durations: keyed(Object.keys(DEFAULT_DURATIONS) as DurationKey[], (key) =>
    durationRule(DURATION_DOC[key]),
  ).describe(
    'How long each kind of step takes, overriding the defaults (see docs/scenarios.md, "Defaults: durations and host names"); a range or an estimate is drawn for each step from the seed.',
  ),
  seed: z
    .int()
    .nonnegative()
    .describe('Default 1; same seed, same run, byte for byte; a seed draws the varying durations.'),
  policy: keyed(Object.keys(POLICY_SCOPE), (key) => {
    const schema = POLICY_SCHEMAS[key];
    if (schema === undefined) throw new Error(`no schema for the policy key ${key}`);
    return schema.describe(only(POLICY_SCOPE[key] ?? [], schema.description ?? key));
  })
    .nullable()
    .describe(
      'HA pair: `preemption: enabled|disabled` (default disabled), `preferred: device-a` (the device that preempts; default the initially active one), `sync-retries: 2` (how many times step 2\'s failed sync report is resolved and checked again; step 8 syncs manually once, as the document says, then stops for troubleshooting), `session-checks: 2` (how many session comparisons step 6 makes in all before switching over anyway — the document says only "wait a few minutes"). Single server: `backup: per-version|once` (default `per-version`: a backup before each version, reading step 1 and note 3, "regularly back up data", as applying to each version change; `once`: only the backup of step 1, which a failure in a later version restores, undoing the versions since). SERVERware: `final-failover: documented|always|never` (`documented`, the default: the one final failover the document calls for, from 4.3.x–4.8.x, returning the hosts to their places; `always`: a final failover whenever the hops leave the Primary role away from the host that held it — an odd number of failovers — an assumption; `never`: none); `stop-vps: true` (default false) stops every VPS right after the precheck and starts them again as the last step, as the document\'s NOTE recommends without making it mandatory: every VPS is down for the whole window (not for a GUI-only update, which has no downtime); `vps-disks: storage|local` (Cluster; default `storage`): where the processing hosts\' VPSs keep their disks — on the storage pair, as Bicom documents the Cluster, so they are down while no storage host serves their volumes (the Primary down with the Secondary not taking over, or during a takeover; a planned failover does not affect them, as the document says) — an assumption, which `local` turns off; `failed-restart: wait|move` (Cluster; default `wait`): what becomes of the VPSs of a processing host whose restart into the new version fails (`boot-failure`) — `wait`: they stay down with it until it is reinstalled and back, an assumption (the document says a processing host\'s reboot takes down the VPSs left on it and nothing of a restart that fails; the planned restart stopped them, and Bicom documents the controller restarting elsewhere the VPSs of a host that becomes unavailable, which a host under planned work is not taken to be); `move`: the controller treats the host as unavailable and starts its VPSs on another processing host after `vps-restart`, as after a crash.',
    ),
  recovery: keyed(Object.keys(RECOVERY_SCOPE), (key) => {
    const schema = RECOVERY_SCHEMAS[key];
    if (schema === undefined) throw new Error(`no schema for the recovery key ${key}`);
    return schema.describe(only(RECOVERY_SCOPE[key] ?? [], schema.description ?? key));
  })
    .nullable()
    .describe(
      "What the procedure does after a fault, where the documents leave it open. SERVERware: `serverware: reinstall` (default: a failed host that is not the Primary is reinstalled and the procedure goes on; once `reinstalls` (default 1) are spent it stops for support with the Primary serving, a host that did not boot brought back on the version it ran first) or `rollback-hop` (every host back to the version the hop started from, failing over as needed — Rehearse's own rollback, which the document does not describe). SERVERware and HA pair: `hold` (default 2h), how long the derived procedure waits for a pair member that is down; `check-after-crash` (default true), whether a pair member back from a crash is checked (its services, on SERVERware its pool) before its peer is changed or it is handed a role, as after a planned restart — Rehearse's assumption, the documents checking after each restart and silent on a crash; `false` relies on it unchecked. All systems: `install-again-after-crash` (default true), whether a host that goes down between its install and its restart is installed again once back, before that restart, the version it installed taken to be lost with it — Rehearse's assumption, the documents silent on a crash then; `false`: the version survives and the restart boots it.",
    ),
  faults: z.array(fault).describe('Faults to inject: each fires once, when its `when` says.'),
  decisions: z
    .array(
      z
        .strictObject(
          keyedSchemas(
            DECISION_KEYS,
            {
              at: z.enum(DECISION_POINT_NAMES).describe('the decision point'),
              host: hostRef.describe(
                'the host the failed or waiting step names (a name or a role)',
              ),
              hop: z.int().nonnegative().describe('the hop of the version path'),
              fault: z
                .enum(FAULT_TYPES as [string, ...string[]])
                .describe('the fault type behind the failure'),
              choose: z.enum(DECISION_OPTION_NAMES).describe('the option chosen'),
              times: z
                .int()
                .min(1)
                .max(LIMITS.decisionTimes)
                .describe(
                  `how many decisions the entry takes (for retry and reinstall, attempts); the entries take at most ${LIMITS.decisionTimes} in all`,
                ),
            },
            'decision',
          ),
        )
        .partial()
        .required({ at: true, choose: true }),
    )
    .nullable()
    .describe(
      'What the operator chooses at a decision point (see Decisions): `- { at: install-failed, host: storage-1, choose: reinstall, times: 2 }`.',
    ),
  plan: z
    .union([z.literal('auto'), z.array(planStep)])
    .describe(
      '`auto`, or a list of at most 5,000 one-key steps run exactly as written, mistakes included (below).',
    ),
  expect: z
    .strictObject(keyedSchemas(EXPECT_KEYS, EXPECT_SCHEMAS, 'expect'))
    .partial()
    .nullable()
    .describe(
      '`outcome` (`completed`; `rolled-back`; `aborted`: stopped with the system serving and nothing rolled back, before any change or for support; `stuck`), `failovers`, `path`, `downtime` (per workload: exact, `45m`, or limits, `{ max: 20m, outages: 1 }`), `budget` (limits for every workload together, `{ total: 2h, each: 30m, outages: 6 }`, and per role or group of hosts, `groups: [{ hosts: processing, total: 1h }]`), `violations` (the invariants that must be violated, for a must-fail scenario).',
    ),
  window: z
    .strictObject({ start: z.string().regex(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}$/) })
    .describe(
      'The maintenance window, local time: `{ start: 2026-11-24T20:00 }`; only used for warnings.',
    ),
};

/**
 * A scenario file as written (before defaults), key by key. Strict: an unknown key is an
 * error, as it is for the parser.
 */
export const scenarioSchema = z
  .strictObject(keyedSchemas(TOP_KEYS, TOP_SCHEMAS, 'top-level'))
  .partial()
  .required({ name: true, system: true, version: true })
  .meta({
    title: 'Rehearse scenario',
    description:
      'A server upgrade to rehearse: the system, its hosts and workloads, the faults to inject, the plan and what to expect. See the README of rehearse-upgrades.',
  });
