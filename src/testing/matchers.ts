import { formatDuration, parseDuration } from '../sim';
import type { DecisionOption, DecisionPoint, InvariantId, Report, Run } from '../sim';

type Subject = Run | Report;

function reportOf(subject: Subject): Report {
  return 'report' in subject ? subject.report : subject;
}

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

/**
 * Vitest matchers for runs and reports. Register them once with `expect.extend(rehearseMatchers)`.
 * @example
 * expect(run).toHoldInvariant('rollback-only-on-standby');
 * expect(run).toHaveDowntime('vps-1', '45m');
 */
export const rehearseMatchers = {
  toHoldInvariant(received: Subject, id: InvariantId): MatcherResult {
    const report = reportOf(received);
    const invariant = report.invariants.find((i) => i.id === id);
    if (!invariant) {
      return {
        pass: false,
        message: () =>
          `invariant ${id} does not apply to ${report.system} (it checks: ${report.invariants.map((i) => i.id).join(', ')})`,
      };
    }
    return {
      pass: invariant.holds,
      message: () =>
        invariant.holds
          ? `expected ${id} to be violated, but it held`
          : `expected ${id} to hold, but (${invariant.violations[0]?.cause ?? ''}): ${invariant.violations[0]?.message ?? ''}`,
    };
  },
  toHaveDowntime(received: Subject, workload: string, expected: string): MatcherResult {
    const report = reportOf(received);
    const found = report.workloads.find((w) => w.name === workload);
    const want = parseDuration(expected);
    return {
      pass: found?.downtime === want,
      message: () =>
        found
          ? `expected ${workload} to be down ${expected}, it was down ${formatDuration(found.downtime)} in ${found.outages} outage(s)`
          : `no workload named ${workload} (there are ${report.workloads
              .slice(0, 5)
              .map((w) => w.name)
              .join(', ')}…)`,
    };
  },
  /**
   * Whether the run took a decision at `situation` (and chose `chosen`, when given):
   * `expect(run).toHaveDecided('install-failed', 'retry')`.
   */
  toHaveDecided(
    received: Subject,
    situation: DecisionPoint,
    chosen?: DecisionOption,
  ): MatcherResult {
    const report = reportOf(received);
    const at = report.decisions.filter((d) => d.situation === situation);
    const taken = report.decisions
      .map((d) => `${d.situation}${d.host ? ` on ${d.host}` : ''} → ${d.chosen} (${d.by})`)
      .join('; ');
    return {
      pass: at.some((d) => chosen === undefined || d.chosen === chosen),
      message: () =>
        at.length === 0
          ? `expected a decision at ${situation}, the run took ${taken === '' ? 'none' : taken}`
          : `expected ${situation} → ${chosen ?? 'any option'}${at.some((d) => d.chosen === chosen) ? ' not to be chosen' : ''}; the run took ${taken}`,
    };
  },
  toHaveOutcome(received: Subject, expected: Report['outcome']): MatcherResult {
    const report = reportOf(received);
    return {
      pass: report.outcome === expected,
      message: () =>
        `expected outcome ${expected}, got ${report.outcome}${report.reason ? ` (${report.reason})` : ''}`,
    };
  },
};

declare module 'vitest' {
  interface Matchers<T> {
    toHoldInvariant(id: InvariantId): T;
    toHaveDowntime(workload: string, duration: string): T;
    toHaveOutcome(outcome: Report['outcome']): T;
    toHaveDecided(situation: DecisionPoint, chosen?: DecisionOption): T;
  }
}
