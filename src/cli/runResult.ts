import type { Report, Scenario, TraceEntry, Violation, WorkloadGroup } from '../sim';

/** How a run differs from the golden summary stored beside its scenario. */
export interface GoldenDiff {
  /** The summary file as shown to the user. */
  readonly summary: string;
  /** The first line that differs, from 1. */
  readonly line: number;
  /** What differs, in words, one line each. */
  readonly lines: readonly string[];
}

/** One scenario file run: what the reporters of `rehearse run` print. */
export interface RunResult {
  /** The file as given (`-` for standard input). */
  readonly file: string;
  /** The file's text, for pointing at the line of an `expect` entry. */
  readonly text: string;
  readonly scenario: Scenario;
  readonly report: Report;
  /** The run's workload groups and the faults that fired: what the downtime table reads. */
  readonly groups: readonly WorkloadGroup[];
  readonly fired: readonly number[];
  readonly golden?: GoldenDiff;
  /** Every expectation met, every invariant held (or expected to break), the golden matched. */
  readonly passed: boolean;
}

/** The trace entry where a violation was seen: the one with its `seq`, or the last before. Pure. */
export function offendingEntry(
  trace: readonly TraceEntry[],
  violation: Violation,
): TraceEntry | undefined {
  let found: TraceEntry | undefined;
  for (const entry of trace) {
    if (entry.seq > violation.seq) break;
    found = entry;
  }
  return found;
}

/** The earliest violation: the shortest explanation of what went wrong. Pure. */
export function firstViolation(violations: readonly Violation[]): Violation | undefined {
  let first: Violation | undefined;
  for (const violation of violations) {
    if (
      !first ||
      violation.at < first.at ||
      (violation.at === first.at && violation.seq < first.seq)
    ) {
      first = violation;
    }
  }
  return first;
}

/** The invariants a run violated that its scenario does not expect to break. Pure. */
export function unexpectedViolations(result: Pick<RunResult, 'report' | 'scenario'>) {
  const expected = new Set(result.scenario.expect?.violations ?? []);
  return result.report.invariants.filter(
    (invariant) => !invariant.holds && !expected.has(invariant.id),
  );
}

/** `serverware/mirror`, `ha-pair`. Pure. */
export function systemName(scenario: {
  readonly system: string;
  readonly topology?: string;
}): string {
  return scenario.topology ? `${scenario.system}/${scenario.topology}` : scenario.system;
}
