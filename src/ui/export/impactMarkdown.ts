import {
  DOWNTIME_COLUMNS,
  downtimeCells,
  downtimeRows,
  markdownText,
  roleChangeNoun,
  type FaultSpec,
  type Outcome,
  type PlanImpact,
  type Run,
  type StepImpact,
} from '../../sim';
import { clock, recordedCause, span, versionPath, words } from '../format';

/** A row's workloads down: how many, and every one of their names. Pure. */
function down(row: Pick<StepImpact, 'affected' | 'members'>): string {
  return row.affected === 0 ? '0' : `${row.affected} (${row.members.map(markdownText).join(', ')})`;
}

/** Why steps of a run with this outcome were never run, in words. Pure. */
function notRunWhy(outcome: Outcome): string {
  if (outcome === 'completed') return 'skipped: the recovery after a failure took their place';
  if (outcome === 'stuck') return 'the procedure got stuck before them';
  return `the procedure was ${words(outcome)} before them`;
}

function faultLine(fault: FaultSpec, holder: string | undefined): string {
  const when =
    'at' in fault.when
      ? `at ${clock(fault.when.at)}`
      : `at the ${fault.when.step} step${fault.when.hop ? ` of hop ${fault.when.hop}` : ''}${fault.when.host ? ` on ${fault.when.host}` : ''}`;
  const on = fault.target ? ` on ${fault.target}${holder === undefined ? '' : ` (${holder})`}` : '';
  return `${fault.fault}${on} ${when}`;
}

/**
 * The impact report as Markdown, of the run on screen: `impact` is `runImpact` of that run
 * (its faults, live ones included), so the headline, the steps with the downtime each caused
 * (every affected workload named), the outages each fault caused, the downtime table (every
 * workload, each outage with its cause) and the outcome all describe that run. Pure.
 */
export function impactMarkdown(
  impact: PlanImpact,
  run: Pick<Run, 'scenario' | 'report' | 'groups' | 'fired'>,
  /** The host each fault aimed at a role struck (`faultHolders`), named beside the role. */
  holders: ReadonlyMap<number, string> = new Map(),
): string {
  const { scenario } = impact;
  const { report } = run;
  const lines: string[] = [];
  lines.push(`# Impact report: ${markdownText(scenario.name)}`, '');
  if (scenario.description) lines.push(markdownText(scenario.description), '');
  const system = scenario.topology ? `${scenario.system} (${scenario.topology})` : scenario.system;
  lines.push(
    `**${report.outcome === 'completed' ? 'Completed' : markdownText(words(report.outcome))}** after ${span(report.duration)}${report.reason ? ` (${markdownText(report.reason)})` : ''}, ` +
      (scenario.faults.length === 0
        ? 'with no faults.'
        : `with ${scenario.faults.length} fault${scenario.faults.length === 1 ? '' : 's'}: ${scenario.faults.map((fault) => markdownText(faultLine(fault, holders.get(fault.index)))).join('; ')}.`),
    '',
    `- System: ${markdownText(system)}, ${scenario.hosts.length} hosts, ${scenario.workloads.length} workloads`,
    `- Versions: ${markdownText(versionPath(scenario.version, impact.path))}`,
    `- ${roleChangeNoun(report.system) === 'switchover' ? 'Switchovers' : 'Failovers'}: ${impact.failovers}`,
    `- Duration: ${span(impact.duration)}`,
    `- Longest downtime of one workload: ${span(impact.maxDowntime)}`,
    '',
    '## Steps',
    '',
    '| # | Step | Host | Version | Hop | Start | Length | Status | Workloads down | Downtime each |',
    '|---:|---|---|---|---:|---:|---:|---|---:|---:|',
  );
  for (const step of impact.steps) {
    lines.push(
      `| ${step.seq} | ${markdownText(words(step.action))} | ${markdownText(step.host ?? '')} | ${markdownText(step.version ?? '')} | ${step.hop} | ${clock(step.start)} | ${span(step.end - step.start)} | ${step.status}${step.recovery ? ' (recovery)' : ''} | ${down(step)} | ${step.downtime > 0 ? span(step.downtime) : '—'} |`,
    );
  }
  // The steps of the plan the run never got to (a recovery took their place, or the procedure
  // stopped): their numbers are not missing from the table without a word.
  const notRun = report.steps.filter((step) => step.status !== 'done' && step.status !== 'failed');
  if (notRun.length > 0) {
    const named = notRun.map(
      (step) =>
        `${step.seq} ${markdownText(words(step.action))}${step.host ? ` ${markdownText(step.host)}` : ''}`,
    );
    lines.push('', `Not run: ${named.join(', ')} (${notRunWhy(report.outcome)}).`);
  }
  lines.push(
    '',
    impact.faults.length === 0
      ? 'A step counts the workloads it took down, for the whole of each outage it began.'
      : 'A step counts the workloads it took down, for the whole of each outage it began; a workload a fault took down while a step ran is counted under the fault, in the next table, not under the step.',
  );
  if (impact.faults.length > 0) {
    lines.push(
      '',
      '## Outages caused by faults',
      '',
      '| Fault | Struck at | During step | Workloads down | Downtime each |',
      '|---|---:|---|---:|---:|',
    );
    for (const fault of impact.faults) {
      const during = impact.steps.find((step) => step.seq === fault.step);
      const step = during
        ? `${during.seq}: ${markdownText(words(during.action))}${during.host ? ` ${markdownText(during.host)}` : ''}`
        : '—';
      lines.push(
        `| ${markdownText(fault.fault)} (fault) | ${clock(fault.at)} | ${step} | ${down(fault)} | ${span(fault.downtime)} |`,
      );
    }
  }
  lines.push(
    '',
    '## Downtime per workload',
    '',
    `Availability is the share of the run's ${span(report.duration)} a workload was up. Each outage is given with its start and end (time since the run began) and what began it.`,
    '',
    `| ${DOWNTIME_COLUMNS.map((column) => column[0]?.toUpperCase() + column.slice(1)).join(' | ')} |`,
    '|---|---|---|---:|---:|---:|---:|---|',
  );
  for (const row of downtimeRows(run)) {
    const cells = downtimeCells(row, clock, span);
    lines.push(`| ${cells.map((cell) => markdownText(cell === '' ? '—' : cell)).join(' | ')} |`);
  }
  if (impact.warnings.length > 0) {
    lines.push('', '## Warnings', '');
    for (const warning of impact.warnings) lines.push(`- ${markdownText(warning)}`);
  }
  lines.push(
    '',
    '## The run on screen',
    '',
    `Outcome: **${report.outcome}** after ${span(report.duration)}${report.reason ? ` (${markdownText(report.reason)})` : ''}; ` +
      `${report.failovers} ${roleChangeNoun(report.system)}s; total downtime ${span(report.downtime.total)} summed over workloads, worst ${span(report.downtime.max)}.`,
    '',
    '| Invariant | Verdict |',
    '|---|---|',
  );
  for (const invariant of report.invariants) {
    const verdict = invariant.holds
      ? 'holds'
      : `violated ${invariant.violations.length}×: ${invariant.violations.map((v) => `${clock(v.at)} (${recordedCause(v) ?? 'cause not recorded'}) ${markdownText(v.message)}`).join('; ')}`;
    lines.push(`| ${markdownText(invariant.id)} | ${verdict} |`);
  }
  if (report.invariants.some((invariant) => !invariant.holds)) {
    lines.push(
      '',
      'A violation marked _procedure_ is the plan’s or the recovery’s doing, the operator’s to fix; one marked _fault_ is what an injected fault did to a step the procedure had started correctly, a risk to budget for.',
    );
  }
  return `${lines.join('\n')}\n`;
}
