import type { StateValue } from 'xstate';
import { assumed, HOST_MACHINES } from '../../../machines';
import { recordedCause } from '../format';
import {
  notTextRefusal,
  DEFAULT_DURATIONS,
  DEFAULT_POLICY,
  describeIssue,
  groupUp,
  initialPlacement,
  nextPlacement,
  REPORT_ENVELOPE_FORMAT,
  ROLE_STATES,
  volumesServed,
  vpsStoppedAt,
} from '../../sim';
import type { reportSchema } from '../../sim/reportSchema';
import type {
  Frame,
  GroupMove,
  HostKind,
  HostState,
  Outage,
  ProcedureState,
  Report,
  Role,
  Run,
  Scenario,
  TraceEntry,
  Violation,
  WorkloadGroup,
} from '../../sim';

/** The machine that defines each kind of host (also what the statechart tab draws). */
export { HOST_MACHINES };

const FINAL_STATES = new Set(['completed', 'rolledBack', 'aborted', 'stuck']);

function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(start, index).trim());
      start = index + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((part) => part !== '');
}

/** Reads a state written by the engine's `formatState` back into a state value. Pure. */
export function parseStateValue(text: string): StateValue {
  const parts = splitTop(text);
  const only = parts[0];
  if (parts.length === 1 && only !== undefined && !only.includes('.')) return only;
  const value: Record<string, StateValue> = {};
  for (const part of parts) {
    const dot = part.indexOf('.');
    if (dot < 0) {
      value[part] = {};
      continue;
    }
    let rest = part.slice(dot + 1);
    if (rest.startsWith('(') && rest.endsWith(')')) rest = rest.slice(1, -1);
    value[part.slice(0, dot)] = parseStateValue(rest);
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(what: string): never {
  throw new Error(`not a Rehearse JSON report: ${what}`);
}

/**
 * Checks the whole report against the published schema (the one `rehearse run --json` keeps
 * to): a field of the wrong type would break a panel later, far from its cause.
 */
function checkReport(value: unknown, schema: typeof reportSchema, where = ''): Report {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail('expected a JSON object (or an array of them)');
  const uncaused = fillOlderFields(value as Record<string, unknown>);
  // With the value each issue got, to say what was wrong with it.
  const parsed = schema.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    const [first] = parsed.error.issues;
    const more = parsed.error.issues.length - 1;
    fail(
      `${first ? describeIssue(first, where) : 'it does not match the report schema'}${more > 0 ? ` (and ${more} more ${more === 1 ? 'problem' : 'problems'})` : ''}`,
    );
  }
  const report = parsed.data as Report;
  const invariants = report.invariants.map((invariant, index) => ({
    ...invariant,
    violations: invariant.violations.map((violation, position) => {
      if (!uncaused.has(`${index}.${position}`)) return violation;
      // Shown without a cause, as recorded.
      const { cause: _cause, ...rest } = violation;
      return rest as Violation;
    }),
  }));
  return { ...report, invariants, trace: report.trace.map((entry, seq) => ({ ...entry, seq })) };
}

/**
 * Reports written before steps carried their source and violations their cause still import:
 * a step gets a source that says it was not recorded, and a violation without a cause is checked
 * as if it had one and shown without it. Returns the violations (`invariant.violation`) that had
 * none.
 */
function fillOlderFields(value: Record<string, unknown>): Set<string> {
  const uncaused = new Set<string>();
  // Reports from before decision points list none.
  if (value.decisions === undefined) value.decisions = [];
  if (Array.isArray(value.steps)) {
    for (const step of value.steps as unknown[]) {
      if (isRecord(step) && step.source === undefined) step.source = UNRECORDED;
    }
  }
  if (Array.isArray(value.invariants)) {
    (value.invariants as unknown[]).forEach((invariant, index) => {
      if (!isRecord(invariant) || !Array.isArray(invariant.violations)) return;
      (invariant.violations as unknown[]).forEach((violation, position) => {
        if (isRecord(violation) && violation.cause === undefined) {
          violation.cause = 'procedure';
          uncaused.add(`${index}.${position}`);
        }
      });
    });
  }
  return uncaused;
}

/** When each host booted a new version, from the steps that ran. */
function versionChanges(report: Report): Map<string, { at: number; version: string }[]> {
  const changes = new Map<string, { at: number; version: string }[]>();
  const staged = new Map<string, string>();
  const add = (host: string, at: number, version: string) => {
    const list = changes.get(host) ?? [];
    list.push({ at, version });
    changes.set(host, list);
  };
  for (const step of report.steps) {
    if (step.status !== 'done') continue;
    const at = step.end ?? step.start ?? 0;
    if (
      (step.action === 'install' || step.action === 'rollback' || step.action === 'restore') &&
      step.host &&
      step.version
    ) {
      staged.set(step.host, step.version);
    } else if (step.action === 'reboot' && step.host) {
      const version = staged.get(step.host);
      if (version !== undefined) add(step.host, at, version);
      staged.delete(step.host);
    } else if (step.action === 'gui-update' && step.version) {
      for (const host of report.hosts) add(host.name, at, step.version);
    }
  }
  return changes;
}

function tagsOf(kind: HostKind, value: StateValue): Set<string> {
  try {
    const snapshot = HOST_MACHINES[kind].resolveState({ value, context: {} });
    return new Set(snapshot.tags);
  } catch {
    return new Set(['serving']);
  }
}

function region(value: StateValue, name: string): string | undefined {
  if (typeof value !== 'object') return undefined;
  const child = value[name];
  return typeof child === 'string' ? child : undefined;
}

function fallbackRole(kind: HostKind): Role {
  return kind === 'storage' ? 'secondary' : kind === 'device' ? 'standby' : kind;
}

function stepNumberOf(entry: TraceEntry, report: Report): number {
  const written = entry.step === undefined ? NaN : Number.parseInt(entry.step, 10);
  if (Number.isFinite(written)) return written;
  // The procedure's entries name the step at the cursor; one with none is past the last step.
  if (entry.step === undefined || FINAL_STATES.has(entry.state)) return report.steps.length + 1;
  let number = 1;
  report.steps.forEach((step, index) => {
    if (step.start !== undefined && step.start <= entry.at) number = index + 1;
  });
  return number;
}

/** Rebuilds the per-entry frames of a report from its trace, its steps and the machines' tags. */
function framesOf(report: Report): Frame[] {
  const kinds = new Map<string, HostKind>(report.hosts.map((host) => [host.name, host.kind]));
  const finalVersion = new Map(report.hosts.map((host) => [host.name, host.version]));
  const changes = versionChanges(report);
  return report.trace.map<Frame>((entry) => {
    const kind = kinds.get(entry.actor);
    if (kind === undefined) {
      const procedure: ProcedureState = {
        state: entry.state,
        stepNumber: stepNumberOf(entry, report),
        backedUp: [],
        syncVerified: false,
        precheckPassed: false,
        interrupted: [],
        vpsStopped:
          report.system === 'serverware' &&
          vpsStoppedAt(report.steps, stepNumberOf(entry, report) - 1),
        final: FINAL_STATES.has(entry.state),
      };
      return { procedure };
    }
    const value = parseStateValue(entry.state);
    const tags = tagsOf(kind, value);
    const roleState = region(value, 'role');
    const list = changes.get(entry.actor) ?? [];
    let version = list.length === 0 ? (finalVersion.get(entry.actor) ?? '?') : '?';
    for (const change of list) if (change.at <= entry.at) version = change.version;
    const host: HostState = {
      name: entry.actor,
      kind,
      role: (roleState === undefined ? undefined : ROLE_STATES[roleState]) ?? fallbackRole(kind),
      lifecycle: region(value, 'lifecycle') ?? (typeof value === 'string' ? value : 'online'),
      version,
      serving: tags.has('serving'),
      ready: tags.has('ready'),
      maintenance: tags.has('maintenance'),
      leading: tags.has('leading'),
      handingOver: tags.has('handing-over'),
      poolOnline: kind !== 'storage' || tags.has('pool-online'),
      servicesUp: kind !== 'server' || tags.has('services-up'),
      preemption: region(value, 'preemption') === 'enabled',
      vpsMoved: region(value, 'vps') === 'movedAway',
    };
    return { host };
  });
}

/**
 * Services an HA pair lost at a switchover or a takeover, and until when: from the last change of
 * active device before each `restore-sessions` step until that step ends. Which services: the
 * first N (as the procedure takes them) when the step's note names a count, else all of them.
 */
function lostSessions(
  report: Report,
  frames: readonly Frame[],
): { service: string; from: number; to: number }[] {
  if (report.system !== 'ha-pair') return [];
  const takeovers: number[] = [];
  const leading = new Map<string, boolean>();
  frames.forEach((frame, index) => {
    if (!frame.host) return;
    if (leading.get(frame.host.name) === false && frame.host.leading)
      takeovers.push(report.trace[index]?.at ?? 0);
    leading.set(frame.host.name, frame.host.leading);
  });
  const services = report.workloads.map((workload) => workload.name);
  const lost: { service: string; from: number; to: number }[] = [];
  for (const step of report.steps) {
    const start = step.start;
    if (step.action !== 'restore-sessions' || step.status !== 'done' || start === undefined)
      continue;
    const to = step.end ?? start;
    const from = takeovers.filter((at) => at <= start).pop() ?? start;
    const count = /restore (\d+) service/.exec(step.note ?? '')?.[1];
    for (const service of services.slice(
      0,
      count === undefined ? services.length : Number(count),
    )) {
      lost.push({ service, from, to });
    }
  }
  return lost;
}

/**
 * Availability as the engine accounts it, replayed over rebuilt frames: the report keeps each
 * workload's total downtime but not when it happened. (Lost sessions are inferred from the
 * `restore-sessions` steps; the report's totals stay authoritative.)
 */
function groupsOf(
  report: Report,
  frames: readonly Frame[],
): { groups: WorkloadGroup[]; keys: Map<string, string> } {
  const kinds = new Map<string, HostKind>(report.hosts.map((host) => [host.name, host.kind]));
  const keys = new Map<string, string>();
  const members = new Map<string, string[]>();
  for (const workload of report.workloads) {
    // Reports written before workloads carried their placement name the host they ran on.
    const placed = (workload as { placed?: unknown }).placed;
    const key =
      report.system === 'ha-pair'
        ? `service:${workload.name}`
        : typeof placed === 'string'
          ? placed
          : kinds.get(workload.host) === 'storage'
            ? 'primary'
            : workload.host;
    keys.set(workload.name, key);
    members.set(key, [...(members.get(key) ?? []), workload.name]);
  }
  // Every host as it starts, as the engine's world holds them before the first transition.
  const hosts = new Map<string, HostState>();
  for (const frame of frames)
    if (frame.host && !hosts.has(frame.host.name)) hosts.set(frame.host.name, frame.host);
  const lost = lostSessions(report, frames);
  // Where the VPSs of a processing host that went down were started, replayed as the run did.
  let placement = initialPlacement([...members.keys()], hosts);
  let vpsStopped = false;
  const order = report.hosts.map((host) => host.name);
  const disks = report.vpsDisks ?? 'storage';
  let served = report.system === 'serverware' && volumesServed(hosts, disks);
  const isUp = (key: string, at: number): boolean =>
    groupUp(report.system, key, {
      hosts,
      placement,
      vpsStopped,
      volumesServed: served,
      sessionsLost: (service) =>
        lost.some((l) => l.service === service && l.from <= at && at < l.to),
    }) ?? true;
  const state = new Map<
    string,
    { up: boolean; since: number; outages: Outage[]; moves: GroupMove[] }
  >();
  for (const key of members.keys())
    state.set(key, { up: isUp(key, 0), since: 0, outages: [], moves: [] });
  frames.forEach((frame, index) => {
    const at = report.trace[index]?.at ?? 0;
    if (frame.host) {
      const before = hosts.get(frame.host.name);
      hosts.set(frame.host.name, frame.host);
      if (frame.host.kind === 'storage')
        served = report.system === 'serverware' && volumesServed(hosts, disks);
      const next = nextPlacement(placement, hosts, order, before, frame.host);
      if (next !== placement) {
        for (const [key, group] of state) {
          const where = next.get(key);
          if (where !== undefined && where !== placement.get(key))
            group.moves.push({ seq: index, at, host: where });
        }
        placement = next;
      }
    } else if (frame.procedure) {
      vpsStopped = frame.procedure.vpsStopped;
    }
    for (const [key, group] of state) {
      const up = isUp(key, at);
      if (up === group.up) continue;
      if (!up) {
        // Down again at the instant it came back: one outage, as the engine accounts it.
        const last = group.outages[group.outages.length - 1];
        if (last && last[1] === at) {
          group.outages.pop();
          group.since = last[0];
        } else {
          group.since = at;
        }
      } else {
        group.outages.push([group.since, at]);
      }
      group.up = up;
    }
  });
  const groups: WorkloadGroup[] = [];
  for (const [key, group] of state) {
    if (!group.up) group.outages.push([group.since, report.duration]);
    groups.push({
      key,
      members: members.get(key) ?? [],
      outages: group.outages,
      moves: group.moves,
    });
  }
  return { groups, keys };
}

/** The source of a step in a report that predates step sources. */
const UNRECORDED = assumed(
  'not recorded: the report comes from a version of Rehearse without step sources',
);

/** The reports a file holds, as `rehearse` and the debugger write them. */
interface FileReports {
  /** Each report with what the picker calls it (`upgrade.yaml: SERVERware cluster`). */
  readonly entries: readonly { readonly label: string; readonly value: unknown }[];
  /** What the file holds several of: `reports` (`--json`) or `runs` (an envelope). */
  readonly noun: 'reports' | 'runs';
  /** Where a report sits in the file, for naming a wrong field: `runs[1].report`. */
  readonly place: (index: number) => string;
}

function scenarioOf(report: unknown): string | undefined {
  return isRecord(report) && typeof report.scenario === 'string' ? report.scenario : undefined;
}

/**
 * Reads the envelope `rehearse run --reporter json` prints (`{ format, passed, runs, errors }`):
 * one of the version this debugger knows, with at least one run that carries its report.
 * @throws Error naming what is wrong: the version, the runs, or the files that could not be run.
 */
function envelopeReports(envelope: Record<string, unknown>): FileReports {
  const { format, runs, errors } = envelope;
  if (format === undefined)
    throw new Error(
      'a report envelope without its "format" version: expected the output of `rehearse run --reporter json`',
    );
  if (format !== REPORT_ENVELOPE_FORMAT)
    throw new Error(
      `a report envelope of format ${JSON.stringify(format)}, which this debugger cannot read (it reads format ${REPORT_ENVELOPE_FORMAT}): open it with the Rehearse that wrote it`,
    );
  if (!Array.isArray(runs)) throw new Error('a report envelope whose "runs" is not a list of runs');
  if (runs.length === 0) {
    const problems = Array.isArray(errors) ? errors.filter(isRecord) : [];
    const first = problems[0];
    const why =
      first === undefined
        ? ''
        : `: ${problems.length === 1 ? 'its file' : `${problems.length} files`} could not be run (${[
            first.file,
            first.line,
            first.column,
          ]
            .filter((part) => typeof part === 'string' || typeof part === 'number')
            .join(
              ':',
            )}: ${typeof first.message === 'string' ? first.message : 'invalid'}${problems.length > 1 ? ', …' : ''})`;
    throw new Error(`a report envelope with no scenario run to replay${why}`);
  }
  const entries = (runs as unknown[]).map((run, index) => {
    if (!isRecord(run) || !isRecord(run.report))
      throw new Error(`a report envelope whose runs[${index}] carries no report to replay`);
    const file = typeof run.file === 'string' ? run.file : `run ${index + 1}`;
    const scenario = scenarioOf(run.report);
    return { label: scenario === undefined ? file : `${file}: ${scenario}`, value: run.report };
  });
  return { entries, noun: 'runs', place: (index) => `runs[${index}].report` };
}

/** The reports in a parsed file: an envelope's runs, a `--json` array, or one report. Pure. */
function reportsIn(value: unknown): FileReports {
  if (isRecord(value) && ('format' in value || 'runs' in value)) return envelopeReports(value);
  if (Array.isArray(value)) {
    if (value.length === 0) fail('the list is empty');
    return {
      entries: value.map((item: unknown, index) => ({
        label: scenarioOf(item) ?? `report ${index + 1}`,
        value: item,
      })),
      noun: 'reports',
      place: (index) => `[${index}]`,
    };
  }
  return {
    entries: [{ label: scenarioOf(value) ?? 'the report', value }],
    noun: 'reports',
    place: () => '',
  };
}

/** What importing a file gave: the run to replay and the reports the file holds. */
export interface ImportedReport {
  readonly run: Run;
  /** What to tell the user besides "replaying": which of several reports is shown, older fields. */
  readonly note?: string;
  /** Each report in the file, by label (one entry for a file with a single report). */
  readonly choices: readonly string[];
  /** The index in `choices` of the report replayed. */
  readonly picked: number;
}

/**
 * Turns a JSON report into a run for read-only playback: its trace, steps and invariants as
 * recorded, host states rebuilt from the trace. Reads what `rehearse run --json` prints (a report,
 * or an array of them), the `rehearse run --reporter json` envelope (`{ format, runs, … }`) and
 * the app's export. Of a file with several reports it replays the one at `pick`.
 * The report schema (and zod with it) is loaded on the first import, not with the app.
 * @param pick which report of a file with several, from 0 (the first unless told)
 * @throws Error when the text is not JSON, not a report or an envelope this version reads, or
 *   holds no report to replay (the promise rejects; nothing is half-read).
 */
export async function importReport(text: string, pick = 0): Promise<ImportedReport> {
  // Refused as the command line refuses such a file, naming the byte, not as "not JSON".
  const notText = notTextRefusal(text);
  if (notText !== undefined) throw new Error(notText);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const { entries, noun, place } = reportsIn(value);
  const chosen = entries[pick];
  if (chosen === undefined)
    throw new Error(`the file holds ${entries.length} ${noun}, and no number ${pick + 1}`);
  let note: string | undefined;
  if (entries.length > 1)
    note = `The file holds ${entries.length} ${noun}; showing ${pick === 0 ? 'the first' : `number ${pick + 1}`}, ${chosen.label} (pick another beside the scenario picker).`;
  const { reportSchema: schema } = await import('../../sim/reportSchema');
  const report = checkReport(chosen.value, schema, place(pick));
  const uncaused = report.invariants.some((invariant) =>
    invariant.violations.some((violation) => recordedCause(violation) === undefined),
  );
  if (uncaused) {
    const older =
      'This report was written before violations recorded their cause (procedure or fault); they are shown without one.';
    note = note === undefined ? older : `${note} ${older}`;
  }
  const frames = framesOf(report);
  const { groups, keys } = groupsOf(report, frames);
  const firstRole = new Map<string, Role>();
  for (const frame of frames) {
    if (frame.host && !firstRole.has(frame.host.name))
      firstRole.set(frame.host.name, frame.host.role);
  }
  const scenario: Scenario = {
    name: report.scenario,
    system: report.system,
    ...(report.topology ? { topology: report.topology } : {}),
    version: {
      from: '?',
      to: report.path[report.path.length - 1] ?? report.hosts[0]?.version ?? '?',
    },
    path: report.path,
    hosts: report.hosts.map((host) => ({
      name: host.name,
      kind: host.kind,
      role: firstRole.get(host.name) ?? host.role,
    })),
    workloads: report.workloads.map((workload) => ({
      name: workload.name,
      kind: workload.kind,
      placement: keys.get(workload.name) ?? workload.host,
    })),
    durations: DEFAULT_DURATIONS,
    seed: typeof report.seed === 'number' ? report.seed : 1,
    policy: report.vpsDisks ? { ...DEFAULT_POLICY, vpsDisks: report.vpsDisks } : DEFAULT_POLICY,
    faults: [],
    plan: 'auto',
  };
  const plan = report.steps.map((step) => ({
    action: step.action,
    ...(step.host !== undefined ? { host: step.host } : {}),
    ...(step.version !== undefined ? { version: step.version } : {}),
    hop: step.hop,
    ...(step.note !== undefined ? { note: step.note } : {}),
    source: step.source,
  }));
  // The rebuilt scenario has no faults, so none of them fired.
  return {
    run: { scenario, plan, report, groups, frames, fired: [] },
    ...(note ? { note } : {}),
    choices: entries.map((entry) => entry.label),
    picked: pick,
  };
}
