/**
 * The properties every run of every valid scenario must have, as one checker that the
 * generated cases and the saved regression files share. Throws an Error naming the property
 * that broke; returns the report otherwise.
 */
import { parseScenario, reportPasses, simulate, type Report, type Scenario } from '../../src/sim';
import { reportSchema } from '../../src/sim/reportSchema';
import { APPLICABLE_INVARIANTS } from '../support/contract';

/** The runner stops a run that has not settled after 30 days of virtual time. */
const MAX_VIRTUAL_TIME = 30 * 24 * 3_600_000;
/**
 * A generous ceiling on trace entries for the scenarios generated here (at most 9 hosts, 30
 * workloads, 3 hops, 3 faults and 14 written steps give a few hundred entries): a run that
 * loops without advancing time blows through it long before the runner's own tick limit.
 */
const MAX_TRACE = 20_000;

const OUTCOMES = new Set(['completed', 'rolled-back', 'aborted', 'stuck']);

class PropertyError extends Error {
  override readonly name = 'PropertyError';
}

function check(condition: boolean, property: string, detail: () => string): asserts condition {
  if (!condition) throw new PropertyError(`${property}: ${detail()}`);
}

/**
 * Runs a scenario, catching what it throws and what it prints. XState's development build (the
 * one Vitest loads) warns on the console when an event goes to an actor that has stopped: the
 * run lost that event, so a warning fails the run like a throw.
 */
function runOnce(scenario: Scenario): Report {
  const printed: string[] = [];
  const { warn, error: printError } = console;
  console.warn = (...args: unknown[]) => printed.push(args.map(String).join(' '));
  console.error = console.warn;
  let report: Report;
  try {
    report = simulate(scenario).report;
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    throw new PropertyError(`simulate never throws: it threw ${text}`);
  } finally {
    console.warn = warn;
    console.error = printError;
  }
  check(printed.length === 0, 'simulate loses no event and prints nothing', () =>
    printed.join(' | '),
  );
  return report;
}

/** The `expect` misses the report should list, computed from the scenario and the report alone. */
function expectedMissKeys(scenario: Scenario, report: Report): string[] {
  const expect = scenario.expect;
  if (expect === undefined) return [];
  const keys: string[] = [];
  if (expect.outcome !== undefined && expect.outcome !== report.outcome) keys.push('outcome');
  if (expect.failovers !== undefined && expect.failovers !== report.failovers)
    keys.push('failovers');
  if (expect.path !== undefined && JSON.stringify(expect.path) !== JSON.stringify(report.path)) {
    keys.push('path');
  }
  for (const [name, downtime] of Object.entries(expect.downtime ?? {})) {
    if (report.workloads.find((w) => w.name === name)?.downtime !== downtime) {
      keys.push(`downtime.${name}`);
    }
  }
  if (expect.violations !== undefined) {
    const violated = report.invariants.filter((i) => !i.holds).map((i) => i.id);
    if ([...expect.violations].sort().join() !== violated.sort().join()) keys.push('violations');
  }
  return keys;
}

/**
 * Parses a scenario text, runs it twice and checks every property: the parser accepts it,
 * `simulate` never throws, the run ends with one of the four outcomes (a reason when stuck)
 * within 30 days of virtual time and {@link MAX_TRACE} trace entries, the two reports are
 * byte-identical, the report validates against the schema, lists exactly the invariants that
 * apply to the system, is internally consistent, and `reportPasses` agrees with it.
 */
export function checkRun(text: string, file: string): Report {
  let scenario: Scenario;
  try {
    scenario = parseScenario(text, file);
  } catch (error) {
    throw new PropertyError(
      `the parser accepts a valid scenario: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const report = runOnce(scenario);
  const again = runOnce(parseScenario(text, file));

  check(
    OUTCOMES.has(report.outcome),
    'the run ends with one of the four outcomes',
    () => report.outcome,
  );
  check(
    report.outcome !== 'stuck' || (report.reason !== undefined && report.reason.trim() !== ''),
    'a stuck run says why',
    () => JSON.stringify(report.reason),
  );
  check(
    report.duration <= MAX_VIRTUAL_TIME,
    'the run ends within 30 days of virtual time',
    () => `${report.duration} ms`,
  );
  check(
    report.trace.length <= MAX_TRACE,
    'the trace is bounded',
    () => `${report.trace.length} entries`,
  );

  const first = JSON.stringify(report);
  const second = JSON.stringify(again);
  if (first !== second) {
    let at = 0;
    while (at < first.length && first[at] === second[at]) at++;
    throw new PropertyError(
      `two runs give byte-identical reports: they differ at character ${at}: …${first.slice(Math.max(0, at - 80), at + 80)}… vs …${second.slice(Math.max(0, at - 80), at + 80)}…`,
    );
  }

  const parsed = reportSchema.safeParse(JSON.parse(first));
  check(parsed.success, 'the report validates against the schema', () =>
    (parsed.error?.issues ?? [])
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; '),
  );

  const ids = report.invariants.map((invariant) => invariant.id);
  check(
    [...ids].sort().join() === [...APPLICABLE_INVARIANTS[scenario.system]].sort().join(),
    'the report lists every invariant that applies, once',
    () => ids.join(', '),
  );
  for (const invariant of report.invariants) {
    check(
      invariant.holds === (invariant.violations.length === 0),
      'an invariant holds exactly when it has no violation',
      () => invariant.id,
    );
    for (const violation of invariant.violations) {
      check(
        violation.at <= report.duration && violation.seq < Math.max(1, report.trace.length),
        'a violation points into the run',
        () => `${invariant.id} at ${violation.at} seq ${violation.seq}`,
      );
    }
  }
  const settles = report.invariants.find((invariant) => invariant.id === 'settles');
  check(
    settles?.holds === (report.outcome !== 'stuck'),
    '`settles` holds exactly when the run is not stuck',
    () => `outcome ${report.outcome}, settles ${String(settles?.holds)}`,
  );

  report.trace.forEach((entry, index) => {
    const previous = report.trace[index - 1];
    check(
      entry.seq === index,
      'trace entries are numbered in order',
      () => `${entry.seq} at ${index}`,
    );
    check(
      entry.at <= report.duration && (previous === undefined || previous.at <= entry.at),
      'trace times never go back and end by the end of the run',
      () => `entry ${index} at ${entry.at}`,
    );
  });
  report.steps.forEach((step, index) => {
    check(step.seq === index + 1, 'steps are numbered from 1', () => `${step.seq} at ${index}`);
    check(
      (step.start ?? 0) <= (step.end ?? step.start ?? 0) && (step.end ?? 0) <= report.duration,
      'a step ends after it starts, within the run',
      () => JSON.stringify(step),
    );
  });

  check(
    report.hosts.map((host) => host.name).join() === scenario.hosts.map((host) => host.name).join(),
    'the report lists every host of the scenario',
    () => report.hosts.map((host) => host.name).join(', '),
  );
  check(
    report.workloads.map((w) => w.name).join() === scenario.workloads.map((w) => w.name).join(),
    'the report lists every workload of the scenario',
    () => `${report.workloads.length} of ${scenario.workloads.length}`,
  );
  let total = 0;
  let max = 0;
  for (const workload of report.workloads) {
    check(
      workload.downtime <= report.duration,
      'no workload is down longer than the run',
      () => `${workload.name}: ${workload.downtime} of ${report.duration}`,
    );
    // Not the converse: an outage that opens as a stuck run stops lasts 0 ms (see regressions/).
    check(
      workload.outages > 0 || workload.downtime === 0,
      'a workload with downtime has outages',
      () => `${workload.name}: ${workload.downtime} ms in ${workload.outages} outages`,
    );
    total += workload.downtime;
    max = Math.max(max, workload.downtime);
  }
  check(
    report.downtime.total === total && report.downtime.max === max,
    'the downtime totals add up',
    () => JSON.stringify(report.downtime),
  );

  check(
    (report.expectations !== undefined) === (scenario.expect !== undefined),
    'expectations are reported exactly when the scenario has some',
    () => JSON.stringify(report.expectations),
  );
  if (report.expectations !== undefined) {
    const misses = report.expectations.misses.map((miss) => miss.key);
    check(
      misses.join() === expectedMissKeys(scenario, report).join() &&
        report.expectations.met === (misses.length === 0),
      'the expectation misses are the entries the run did not meet',
      () => `${misses.join(', ')} vs ${expectedMissKeys(scenario, report).join(', ')}`,
    );
  }
  const allowed = new Set(scenario.expect?.violations ?? []);
  const passes =
    (report.expectations?.met ?? true) &&
    report.invariants.every((invariant) => invariant.holds || allowed.has(invariant.id));
  check(
    reportPasses(report, scenario) === passes,
    'reportPasses agrees with the report',
    () => `reportPasses says ${String(!passes)}`,
  );
  return report;
}
