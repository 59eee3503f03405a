/**
 * The JSON report as a zod schema: what `rehearse run --json` prints and `simulate()` returns,
 * field for field (CONTRACT.md plus the fields Rehearse adds). Objects are strict, so a field
 * added to the report without being added here fails validation in the test suite; the
 * published JSON Schema (`schema/report.schema.json`) is generated from this file.
 */
import { z } from 'zod';
import { DECISION_OPTION_NAMES, DECISION_POINT_NAMES } from '../../machines/decisions';
import { SOURCE_KINDS } from '../../machines/sources';
import { INVARIANT_IDS, OUTCOMES } from '../../machines/types';
import { FAULT_TYPES as FAULT_TYPE_NAMES } from '../../machines/faultTable';
import { CAUSES } from './types';
import type { Action, HostKind, Report, Role, StepStatus, SystemKind, Topology } from './types';

/** Virtual milliseconds since the start of the run, or a length of virtual time. */
const millis = z.int().nonnegative();
const count = z.int().nonnegative();

/** A version as scenario files write them: `3.2.4`, `5.x`, `9.1.0-h3`. */
const version = z.string().regex(/^\d+(\.(\d+|x))*(-[0-9A-Za-z.]+)?$/);

const SYSTEMS = ['serverware', 'ha-pair', 'standalone'] as const satisfies readonly SystemKind[];
const TOPOLOGIES = ['mirror', 'cluster'] as const satisfies readonly Topology[];
const HOST_KINDS = [
  'backup',
  'storage',
  'processing',
  'device',
  'server',
] as const satisfies readonly HostKind[];
const ROLES = [
  'primary',
  'secondary',
  'backup',
  'processing',
  'active',
  'standby',
  'server',
] as const satisfies readonly Role[];
const ACTIONS = [
  'precheck',
  'announce',
  'backup',
  'sync-config',
  'check-sync',
  'resolve-sync',
  'check-services',
  'check-sessions',
  'preemption-off',
  'preemption-restore',
  'demote',
  'stop-services',
  'start-services',
  'stop-vps',
  'start-vps',
  'install',
  'reboot',
  'verify',
  'rollback',
  'restore',
  'restore-sessions',
  'failover',
  'switchover',
  'wait',
  'gui-update',
] as const satisfies readonly Action[];
const STEP_STATUSES = [
  'pending',
  'running',
  'done',
  'failed',
  'skipped',
] as const satisfies readonly StepStatus[];

const hostReport = z
  .strictObject({
    name: z.string().min(1),
    kind: z.enum(HOST_KINDS),
    role: z.enum(ROLES),
    version,
    state: z.string().min(1).meta({ description: 'The lifecycle state at the end, e.g. online' }),
  })
  .meta({ description: 'A host as the run left it' });

const workloadReport = z
  .strictObject({
    name: z.string().min(1),
    kind: z.enum(['vps', 'service']),
    host: z.string().min(1).meta({ description: 'Where it ran at the end: a host name' }),
    placed: z.string().min(1).meta({
      description:
        'Where the scenario placed it: a host name, or primary / active for the role it follows (a VPS the controller restarted on another processing host keeps it)',
    }),
    downtime: millis.meta({ description: 'Total virtual milliseconds down' }),
    outages: count,
    downAtEnd: z.literal(true).optional().meta({
      description:
        'Still down when the run ended (a procedure stopped with it down): its downtime goes on past the end',
    }),
  })
  .meta({
    description: 'A VPS (SERVERware) or a service / session group (HA pair, single server)',
  });

const violation = z.strictObject({
  at: millis,
  seq: count.meta({ description: 'The first offending trace entry' }),
  cause: z.enum(CAUSES).meta({
    description:
      "procedure: the plan or the recovery did it (the operator's to fix); fault: an injected fault, or the system's own reaction to one, produced the offending state after the procedure had correctly started its step (a risk to budget for)",
  }),
  message: z.string().min(1),
});

const invariantResult = z
  .strictObject({
    id: z.enum(INVARIANT_IDS),
    holds: z.boolean(),
    violations: z.array(violation),
  })
  .meta({ description: 'One invariant that applies to the system, held or not' });

const stepSource = z
  .strictObject({
    kind: z.enum(SOURCE_KINDS).meta({
      description:
        '`document`: a source document prescribes the step; `vendor`: a vendor documents it; `assumption`: Rehearse assumes it where both are silent',
    }),
    ref: z.string().min(1).meta({
      description: "The document and its step, the vendor's page, or what Rehearse assumes",
    }),
    key: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'For an assumption: the scenario key that changes it' }),
  })
  .meta({ description: 'Where the step comes from' });

const stepRecord = z
  .strictObject({
    seq: z.int().positive(),
    action: z.enum(ACTIONS),
    host: z.string().min(1).optional(),
    version: version.optional(),
    hop: count.meta({ description: 'Hop of the version path, from 1; 0 before the first hop' }),
    status: z.enum(STEP_STATUSES),
    start: millis.optional(),
    end: millis.optional(),
    recovery: z
      .boolean()
      .optional()
      .meta({ description: 'A step the procedure added to recover from a failure' }),
    note: z.string().optional(),
    source: stepSource,
  })
  .meta({ description: 'A step as it ran' });

const decisionRecord = z
  .strictObject({
    at: millis.meta({ description: 'When the decision was taken' }),
    situation: z.enum(DECISION_POINT_NAMES).meta({
      description:
        'The decision point: where a document leaves the choice to the operator, or a fault leaves more than one way on',
    }),
    host: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'The host the failed or waiting step names' }),
    hop: count,
    fault: z
      .enum(FAULT_TYPE_NAMES)
      .optional()
      .meta({ description: 'The injected fault behind the failure' }),
    options: z
      .array(z.enum(DECISION_OPTION_NAMES))
      .min(1)
      .meta({ description: 'The options legal there, then' }),
    chosen: z.enum(DECISION_OPTION_NAMES),
    by: z.enum(['scenario', 'default', 'operator']).meta({
      description:
        'scenario: a `decisions:` entry chose; default: nobody chose, Rehearse took the documented way (or its named assumption); operator: a trainee chose in a drill',
    }),
    source: stepSource,
    refused: z.string().optional().meta({
      description:
        'A `decisions:` entry whose option was not possible here, and what was taken instead',
    }),
  })
  .meta({ description: 'One decision taken where the procedure left a choice' });

const expectationMiss = z.strictObject({
  key: z.string().min(1),
  expected: z.unknown(),
  actual: z.unknown(),
  over: z.number().nonnegative().optional().meta({
    description: 'A missed limit ({ max }): by how much the actual value is over it',
  }),
  note: z.string().optional().meta({
    description: 'Which workloads a limit covered or went over, in words',
  }),
});

const traceEntry = z
  .strictObject({
    seq: count,
    at: millis,
    actor: z.string().min(1).meta({ description: 'A host name, or `procedure`' }),
    event: z.string(),
    state: z.string(),
    step: z.string().optional().meta({
      description: 'Procedure entries: the step at the cursor, e.g. `5 install storage-2`',
    }),
  })
  .meta({ description: 'One transition of one actor' });

/**
 * The JSON report of one run (`rehearse run --json` prints one per scenario, an array for
 * several). Times are virtual milliseconds since the start.
 * @example
 * reportSchema.parse(JSON.parse(stdout)); // throws a ZodError naming the first wrong field
 */
export const reportSchema = z
  .strictObject({
    scenario: z.string().min(1).meta({ description: 'The scenario name' }),
    system: z.enum(SYSTEMS),
    topology: z.enum(TOPOLOGIES).optional().meta({ description: 'SERVERware only' }),
    vpsDisks: z.literal('local').optional().meta({
      description:
        "SERVERware, `policy.vps-disks: local`: the processing hosts' VPSs did not depend on the storage pair (absent: they did)",
    }),
    seed: z.int().nonnegative(),
    outcome: z.enum(OUTCOMES),
    reason: z.string().optional().meta({ description: 'Why the run did not complete' }),
    path: z.array(version).meta({ description: 'The hops the run completed, in order' }),
    failovers: count.meta({
      description: 'Storage failovers and HA switchovers, planned and unplanned',
    }),
    duration: millis,
    downtime: z.strictObject({ total: millis, max: millis }),
    hosts: z.array(hostReport),
    workloads: z.array(workloadReport),
    invariants: z.array(invariantResult),
    steps: z.array(stepRecord),
    decisions: z.array(decisionRecord),
    warnings: z.array(z.string()),
    expectations: z
      .strictObject({ met: z.boolean(), misses: z.array(expectationMiss) })
      .optional()
      .meta({
        description: "The scenario's `expect` entries checked: present only when it has some",
      }),
    trace: z.array(traceEntry),
  })
  .meta({
    title: 'Rehearse report',
    description:
      'The JSON report of one simulated upgrade run (rehearse run --json). Times are virtual milliseconds since the start.',
  });

/** Deeply drops `readonly`, to compare the engine's types with the schema's. */
type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;
/** Strict type identity: same keys, same optionality, same value types. */
type Same<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Fails to compile when the schema and the `Report` type drift apart. */
const sameShape: Same<z.infer<typeof reportSchema>, Mutable<Report>> = true;
void sameShape;
