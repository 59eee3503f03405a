import { formatDuration, type Report, type Scenario } from '../../src/sim';

/** What went wrong with a run, in words: every expectation missed and every unexpected violation. */
export function explain(file: string, report: Report, scenario: Scenario): string {
  const lines = [`${file}: ${report.outcome}${report.reason ? ` (${report.reason})` : ''}`];
  for (const miss of report.expectations?.misses ?? []) {
    const show = (value: unknown) =>
      typeof value === 'number' && miss.key.startsWith('downtime.')
        ? formatDuration(value)
        : JSON.stringify(value);
    lines.push(`  expect.${miss.key}: expected ${show(miss.expected)}, got ${show(miss.actual)}`);
  }
  const allowed = new Set(scenario.expect?.violations ?? []);
  for (const invariant of report.invariants) {
    if (invariant.holds || allowed.has(invariant.id)) continue;
    for (const violation of invariant.violations) {
      lines.push(`  violated ${invariant.id}: ${violation.message}`);
    }
  }
  return lines.join('\n');
}
