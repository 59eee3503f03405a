/**
 * A scenario's `expect` entries checked against a run: every entry, met or not, so that a
 * reporter can list the ones that passed too, and the report keeps the misses.
 */
import type { DowntimeLimits, ExpectationMiss, Report, Scenario, WorkloadReport } from './types';

/** One `expect` entry checked: what it asked, what the run did, whether that is a pass. */
export interface ExpectationCheck extends ExpectationMiss {
  readonly met: boolean;
  /** Where the entry is written: keys and list indexes from the top of the scenario file. */
  readonly at: readonly (string | number)[];
}

/** The report fields the checks read. */
type Checked = Pick<Report, 'outcome' | 'failovers' | 'path' | 'workloads' | 'invariants'>;

/** At most five names, then how many more. Pure. */
function names(list: readonly string[]): string {
  const shown = list.slice(0, 5).join(', ');
  return list.length > 5 ? `${shown} and ${list.length - 5} more` : shown;
}

/** An "at most" check: met when `actual` is at most `max`; a miss says by how much. Pure. */
function limit(
  at: readonly (string | number)[],
  max: number,
  actual: number,
  note?: string,
): ExpectationCheck {
  const met = actual <= max;
  const key = at
    .slice(1)
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`,
    )
    .join('');
  return {
    key,
    at,
    expected: { max },
    actual,
    ...(met ? {} : { over: actual - max }),
    ...(note === undefined ? {} : { note }),
    met,
  };
}

/** The checks of `total`, `each` and `outages` over some workloads. Pure. */
function limitChecks(
  path: readonly (string | number)[],
  limits: DowntimeLimits,
  workloads: readonly WorkloadReport[],
  covered: string,
): ExpectationCheck[] {
  const checks: ExpectationCheck[] = [];
  if (limits.total !== undefined) {
    const total = workloads.reduce((sum, w) => sum + w.downtime, 0);
    checks.push(limit([...path, 'total'], limits.total, total, covered));
  }
  if (limits.each !== undefined) {
    const max = limits.each;
    const worst = workloads.reduce((most, w) => Math.max(most, w.downtime), 0);
    const over = workloads.filter((w) => w.downtime > max).map((w) => w.name);
    checks.push(
      limit([...path, 'each'], max, worst, over.length === 0 ? covered : `on ${names(over)}`),
    );
  }
  if (limits.outages !== undefined) {
    const outages = workloads.reduce((sum, w) => sum + w.outages, 0);
    checks.push(limit([...path, 'outages'], limits.outages, outages, covered));
  }
  return checks;
}

/**
 * The workloads a budget group covers: those the scenario placed on one of its hosts, or on a
 * role it names or whose initial holder it names. Pure.
 */
function groupWorkloads(
  scenario: Scenario,
  refs: readonly string[],
  workloads: readonly WorkloadReport[],
): WorkloadReport[] {
  const holders = (role: string): string[] =>
    scenario.hosts.filter((host) => host.role === role).map((host) => host.name);
  const hosts = new Set(refs.flatMap((ref) => [ref, ...holders(ref)]));
  const placedIn = (placed: string): boolean =>
    hosts.has(placed) || holders(placed).some((name) => hosts.has(name));
  return workloads.filter((w) => placedIn(w.placed));
}

/** `12 workloads`, `1 workload`. Pure. */
function count(workloads: readonly WorkloadReport[], where: string): string {
  return `${workloads.length} workload${workloads.length === 1 ? '' : 's'}${where}`;
}

/**
 * Every `expect` entry of the scenario checked against the run, in the order of the file's keys
 * (`outcome`, `failovers`, `path`, `downtime`, `budget`, `violations`). Pure.
 */
export function expectationChecks(scenario: Scenario, report: Checked): ExpectationCheck[] {
  const expect = scenario.expect;
  if (!expect) return [];
  const checks: ExpectationCheck[] = [];
  const exact = (key: string, expected: unknown, actual: unknown, met: boolean): void => {
    const at = ['expect', ...(key.startsWith('downtime.') ? ['downtime', key.slice(9)] : [key])];
    checks.push({ key, expected, actual, met, at });
  };
  if (expect.outcome !== undefined)
    exact('outcome', expect.outcome, report.outcome, expect.outcome === report.outcome);
  if (expect.failovers !== undefined)
    exact('failovers', expect.failovers, report.failovers, expect.failovers === report.failovers);
  if (expect.path !== undefined)
    exact('path', expect.path, report.path, expect.path.join(' ') === report.path.join(' '));
  const byName = new Map(report.workloads.map((w) => [w.name, w]));
  for (const [name, downtime] of Object.entries(expect.downtime ?? {})) {
    const actual = byName.get(name)?.downtime;
    exact(`downtime.${name}`, downtime, actual, actual === downtime);
  }
  for (const [name, budget] of Object.entries(expect.limits ?? {})) {
    const workload = byName.get(name);
    if (budget.max !== undefined)
      checks.push(limit(['expect', 'downtime', name], budget.max, workload?.downtime ?? 0));
    if (budget.outages !== undefined)
      checks.push(
        limit(['expect', 'downtime', name, 'outages'], budget.outages, workload?.outages ?? 0),
      );
  }
  if (expect.budget !== undefined) {
    const all = report.workloads;
    checks.push(...limitChecks(['expect', 'budget'], expect.budget, all, count(all, '')));
    for (const [index, group] of (expect.budget.groups ?? []).entries()) {
      const covered = groupWorkloads(scenario, group.hosts, all);
      const where = ` on ${group.hosts.join(', ')}`;
      checks.push(
        ...limitChecks(
          ['expect', 'budget', 'groups', index],
          group,
          covered,
          count(covered, where),
        ),
      );
    }
  }
  if (expect.violations !== undefined) {
    const violated = report.invariants.filter((i) => !i.holds).map((i) => i.id);
    const expected = [...expect.violations].sort();
    const actual = [...violated].sort();
    exact('violations', expected, actual, expected.join(' ') === actual.join(' '));
  }
  return checks;
}
