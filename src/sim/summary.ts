import { formatDuration } from './scenario';
import type { Report } from './types';

/**
 * The part of a report a golden file keeps: everything a reviewer checks (outcome, path,
 * failovers, downtime, invariants with the cause and message of each violation, the steps as they
 * ran, each with the kind of its source), without the
 * trace, so that a difference reads as a change of behaviour.
 */
export interface Summary {
  readonly scenario: string;
  readonly outcome: Report['outcome'];
  readonly reason?: string;
  readonly path: readonly string[];
  readonly failovers: number;
  readonly duration: string;
  readonly downtime: Readonly<Record<string, string>>;
  readonly violations: Readonly<Record<string, readonly string[]>>;
  readonly steps: readonly string[];
  readonly warnings: readonly string[];
}

/** Reduces a report to its golden summary; stable across runs. Pure. */
export function summarize(report: Report): Summary {
  // fromEntries defines own keys: a workload named like an Object property stays a key.
  const downtime: Record<string, string> = Object.fromEntries(
    report.workloads.map((workload) => [
      workload.name,
      `${formatDuration(workload.downtime)} in ${workload.outages} outage${workload.outages === 1 ? '' : 's'}`,
    ]),
  );
  const violations: Record<string, string[]> = Object.fromEntries(
    report.invariants.map((invariant) => [
      invariant.id,
      invariant.violations.map((v) => `(${v.cause}) ${v.message}`),
    ]),
  );
  return {
    scenario: report.scenario,
    outcome: report.outcome,
    ...(report.reason !== undefined ? { reason: report.reason } : {}),
    path: report.path,
    failovers: report.failovers,
    duration: formatDuration(report.duration),
    downtime,
    violations,
    steps: report.steps.map((step) => {
      const when =
        step.start === undefined
          ? ''
          : ` ${formatDuration(step.start)}–${formatDuration(step.end ?? step.start)}`;
      return `${step.seq} ${step.action}${step.host ? ` ${step.host}` : ''}${step.version ? ` ${step.version}` : ''}: ${step.status}${step.recovery ? ' (recovery)' : ''}${when} [${step.source.kind}]`;
    }),
    warnings: report.warnings,
  };
}

/** The golden file that belongs to a scenario file: `x.yaml` → `x.summary.json`. Pure. */
export function summaryPathFor(scenarioFile: string): string {
  return scenarioFile.replace(/\.(ya?ml|json)$/i, '') + '.summary.json';
}

/** Serializes a summary as the golden file stores it. Pure. */
export function formatSummary(summary: Summary): string {
  return JSON.stringify(summary, null, 2) + '\n';
}
