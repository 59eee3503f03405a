import type { ProcedureContext } from '../../machines/procedureMachine';
import { itemsOf } from '../../machines/stepList';
import type { StepTiming } from './runner';
import type {
  DecisionRecord,
  ExpectationMiss,
  HostReport,
  InvariantResult,
  Outcome,
  Report,
  Scenario,
  StepRecord,
  TraceEntry,
  WorkloadReport,
} from './types';
import { expectationChecks } from './expectations';
import { formatDuration } from './scenario/duration';
import { compareVersions } from './versions';
import { decisionWarnings, durationWarnings, scenarioWarnings } from './warnings';
import type { World } from './world';

/**
 * The version of the envelope `rehearse run --reporter json` prints (`{ format, passed, runs,
 * errors }`), raised only when its shape changes; the debugger reads envelopes of this version.
 */
export const REPORT_ENVELOPE_FORMAT = 1;

interface ReportInput {
  readonly scenario: Scenario;
  readonly seed: number;
  /** Whether a fault that strikes by chance, and did not, had a chance to (see warnings). */
  readonly hadChance?: (index: number) => boolean;
  readonly outcome: Outcome;
  readonly reason: string | undefined;
  readonly context: ProcedureContext;
  readonly timings: ReadonlyMap<number, StepTiming>;
  /** When each decision in the procedure's context was taken. */
  readonly decisionTimes: readonly number[];
  readonly world: World;
  readonly duration: number;
  readonly workloads: readonly WorkloadReport[];
  readonly invariants: readonly InvariantResult[];
  readonly trace: readonly TraceEntry[];
}

/** The steps whose failure says a version did not take on its host. */
const FAILS_A_VERSION: ReadonlySet<string> = new Set([
  'install',
  'reboot',
  'verify',
  'rollback',
  'restore',
  'gui-update',
]);

/**
 * The hops the run completed, in order: the versions of the path that every host booted
 * without a step failing on them, up to the version every host runs at the end (all of the
 * path when the upgrade completed; the hops before the failed one after a rollback). Pure.
 */
function completedPath(scenario: Scenario, context: ProcedureContext, world: World): string[] {
  const versions = [scenario.version.from, ...scenario.path];
  if (scenario.path.length === 0) {
    const all = [...world.hosts.values()].every((host) => host.version === scenario.version.to);
    return all ? [scenario.version.to] : [];
  }
  const rank = (version: string) => {
    const index = versions.indexOf(version);
    return index >= 0 ? index : versions.filter((v) => compareVersions(v, version) <= 0).length - 1;
  };
  let lowest = scenario.path.length;
  for (const host of world.hosts.values())
    lowest = Math.min(lowest, Math.max(0, rank(host.version)));
  const staged = new Map<string, string>();
  const running = new Map<string, string>();
  const booted = new Map<string, Set<string>>();
  const failed = new Map<string, Set<string>>();
  const mark = (map: Map<string, Set<string>>, host: string, version: string | undefined) => {
    if (version === undefined) return;
    let set = map.get(host);
    if (!set) map.set(host, (set = new Set()));
    set.add(version);
  };
  for (const step of itemsOf(context.steps)) {
    const host = step.host;
    if (host === undefined || (step.status !== 'done' && step.status !== 'failed')) continue;
    if (step.status === 'failed') {
      // Only a step that installs, boots or checks a version fails it (not a backup, say).
      if (!FAILS_A_VERSION.has(step.action)) continue;
      mark(
        failed,
        host,
        step.action === 'install' ? step.version : (staged.get(host) ?? running.get(host)),
      );
      continue;
    }
    if (step.action === 'install' || step.action === 'rollback' || step.action === 'restore') {
      if (step.version !== undefined) staged.set(host, step.version);
    } else if (step.action === 'reboot') {
      const version = staged.get(host);
      if (version !== undefined) {
        running.set(host, version);
        staged.delete(host);
        mark(booted, host, version);
        // Booted again after a failure (a reinstall): that failure is behind it.
        failed.get(host)?.delete(version);
      }
    } else if (step.action === 'verify') {
      // Checked again after a check a crash cut short: the version it runs passed.
      const version = running.get(host);
      if (version !== undefined) failed.get(host)?.delete(version);
    }
  }
  return scenario.path.filter(
    (version, index) =>
      index < lowest &&
      world.order.every(
        (name) =>
          booted.get(name)?.has(version) === true && failed.get(name)?.has(version) !== true,
      ),
  );
}

function checkExpectations(scenario: Scenario, report: Omit<Report, 'expectations'>) {
  if (!scenario.expect) return undefined;
  const misses: ExpectationMiss[] = expectationChecks(scenario, report)
    .filter((check) => !check.met)
    .map(({ met: _met, at: _at, ...miss }) => miss);
  return { met: misses.length === 0, misses };
}

/**
 * What the report's `failovers` count is called on a system: an HA pair's documents speak of
 * switchovers between its active and standby devices, SERVERware's of storage failovers. Pure.
 */
export function roleChangeNoun(system: Scenario['system']): 'switchover' | 'failover' {
  return system === 'ha-pair' ? 'switchover' : 'failover';
}

/** How the warning of a run that ended short of its target version ends (see below). */
const NOT_DONE = ': the upgrade is not done.';

/**
 * A run that completed with hosts short of the last version of its path: a hand-written plan
 * (a trainee's, hands-on) that stops before every host is upgraded runs to its end, and
 * `completed` alone reads as an upgrade done. Pure.
 */
function unfinishedWarnings(
  scenario: Scenario,
  outcome: Report['outcome'],
  hosts: readonly HostReport[],
): string[] {
  const target = scenario.path[scenario.path.length - 1];
  if (outcome !== 'completed' || target === undefined) return [];
  const behind = hosts.filter((host) => host.version !== target);
  if (behind.length === 0) return [];
  const list = behind.map((host) => `${host.name} on ${host.version}`).join(', ');
  return [
    `The ${scenario.plan === 'auto' ? 'procedure' : 'plan'} ran to its end with ${list}, not ${target}${NOT_DONE}`,
  ];
}

/**
 * Whether a report's warning is the one {@link unfinishedWarnings} gives (the plan ended short of
 * the target version): a hands-on drill's run ends where the trainee has got to, so the
 * debugger keeps it for the drill's debrief. Pure.
 */
export function isUnfinishedWarning(text: string): boolean {
  return text.endsWith(NOT_DONE) && / ran to its end with /.test(text);
}

/** Assembles the JSON report of a run (CONTRACT.md), fields in a fixed order. Pure. */
export function buildReport(input: ReportInput): Report {
  const { scenario, context, world, timings } = input;
  const hosts: HostReport[] = world.order.map((name) => {
    const host = world.hosts.get(name);
    return {
      name,
      kind: host?.kind ?? 'server',
      role: host?.role ?? 'server',
      version: host?.version ?? scenario.version.from,
      state: host?.lifecycle ?? 'online',
    };
  });
  // Steps that never ran may still name a role (`standby`): name the host holding it at the end.
  const holder = (host: string): string => {
    if (world.hosts.has(host)) return host;
    for (const name of world.order) if (world.hosts.get(name)?.role === host) return name;
    return host;
  };
  // Built key by key, in the report's key order: a Cluster's report has hundreds of steps, and
  // the explorer builds a report per run.
  const steps: StepRecord[] = itemsOf(context.steps).map((step, index) => {
    const timing = timings.get(step.id);
    const record: { -readonly [K in keyof StepRecord]: StepRecord[K] } = {
      seq: index + 1,
      action: step.action,
    } as StepRecord;
    if (step.host !== undefined) record.host = holder(step.host);
    if (step.version !== undefined) record.version = step.version;
    record.hop = step.hop;
    record.status = step.status;
    if (timing?.start !== undefined) record.start = timing.start;
    if (timing?.end !== undefined) record.end = timing.end;
    if (step.recovery) record.recovery = true;
    if (step.note !== undefined) record.note = step.note;
    record.source = step.source;
    return record;
  });
  const decisions: DecisionRecord[] = context.decisions.map((decision, index) => ({
    at: input.decisionTimes[index] ?? input.duration,
    situation: decision.situation,
    ...(decision.host !== undefined ? { host: holder(decision.host) } : {}),
    hop: decision.hop,
    ...(decision.fault !== undefined ? { fault: decision.fault } : {}),
    options: decision.options,
    chosen: decision.chosen,
    by: decision.by,
    source: decision.source,
    ...(decision.refused !== undefined ? { refused: decision.refused } : {}),
  }));
  let total = 0;
  let max = 0;
  for (const workload of input.workloads) {
    total += workload.downtime;
    if (workload.downtime > max) max = workload.downtime;
  }
  const warnings = [
    ...scenarioWarnings(scenario, context.fired, input.duration, input.hadChance),
    ...decisionWarnings(scenario, context),
    ...(scenario.spread === undefined
      ? []
      : durationWarnings(
          scenario,
          steps,
          itemsOf(context.steps).map((step) => timings.get(step.id)?.role),
        )),
  ];
  warnings.push(...unfinishedWarnings(scenario, input.outcome, hosts));
  const preferred = world.hosts.get(scenario.policy.preferred ?? '');
  if (
    scenario.system === 'ha-pair' &&
    preferred?.preemption === true &&
    !preferred.leading &&
    (preferred.lifecycle === 'online' || preferred.lifecycle === 'booted')
  ) {
    // A switchover by hand does not trigger a preemption: the device waits for its next restart.
    warnings.push(
      `${preferred.name}, the preferred device, ended standby with preemption enabled: it was switched away from by hand, which does not trigger a preemption; it takes the active role back ${formatDuration(scenario.durations['preemption-delay'])} after it next comes up or preemption is enabled again`,
    );
  }
  const base: Omit<Report, 'expectations'> = {
    scenario: scenario.name,
    system: scenario.system,
    ...(scenario.topology ? { topology: scenario.topology } : {}),
    ...(scenario.system === 'serverware' && scenario.policy.vpsDisks === 'local'
      ? { vpsDisks: 'local' as const }
      : {}),
    seed: input.seed,
    outcome: input.outcome,
    ...(input.reason !== undefined && input.outcome !== 'completed'
      ? { reason: input.reason }
      : {}),
    path: completedPath(scenario, context, world),
    failovers: context.failovers,
    duration: input.duration,
    downtime: { total, max },
    hosts,
    workloads: input.workloads,
    invariants: input.invariants,
    steps,
    decisions,
    warnings,
    trace: input.trace,
  };
  const expectations = checkExpectations(scenario, base);
  if (!expectations) return base;
  const { trace, ...head } = base;
  return { ...head, expectations, trace };
}

/**
 * Whether a report passes: every expectation met and every invariant held, except the
 * violations the scenario expects (a must-fail scenario). Pure.
 */
export function reportPasses(report: Report, scenario: Scenario): boolean {
  if (report.expectations && !report.expectations.met) return false;
  const expected = new Set(scenario.expect?.violations ?? []);
  return report.invariants.every((invariant) => invariant.holds || expected.has(invariant.id));
}
