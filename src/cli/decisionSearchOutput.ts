/**
 * What `rehearse explore FILE --decisions` prints: a table per decision point reached, and with
 * `--markdown`, a recovery runbook (fault → situation → what to do, what it costs, why the other
 * options are worse).
 */
import { formatDuration, append, markdownText } from '../sim';
import {
  BEST_OPTION_RULE,
  type DecisionFinding,
  type DecisionSearchResult,
  type OptionResult,
} from '../sim/decisionSearch';
import type { FaultSpec } from '../sim';
import { describeSource, sourceLabel, type SourceWriting } from '../../machines/sources';
import { plural, table, thousands, type Paint } from './text';

/** A fault as one phrase: `upgrade-failure on storage-1 at install (hop 1)`. Pure. */
export function faultPhrase(fault: FaultSpec): string {
  const target = fault.target === undefined ? '' : ` on ${fault.target}`;
  if ('at' in fault.when) return `${fault.fault}${target} at ${formatDuration(fault.when.at)}`;
  const host =
    fault.when.host !== undefined && fault.when.host !== fault.target ? ` ${fault.when.host}` : '';
  const hop = fault.when.hop === undefined ? '' : ` (hop ${fault.when.hop})`;
  const times =
    fault.times >= 10 ? ', every attempt' : fault.times > 1 ? `, ${fault.times} times` : '';
  return `${fault.fault}${target} at ${fault.when.step}${host}${hop}${times}`;
}

function where(finding: DecisionFinding): string {
  return `${finding.point}${finding.host === undefined ? '' : ` on ${finding.host}`}${finding.hop === 0 ? '' : `, hop ${finding.hop}`}`;
}

function cost(result: OptionResult): string {
  const broken = result.violates.length === 0 ? '' : ` · violates ${result.violates.join(', ')}`;
  return `${result.outcome} · downtime ${formatDuration(result.downtime)} · ${formatDuration(result.duration)}${broken}`;
}

/** The readable summary of a decision search. Pure. */
export function renderDecisionSearch(result: DecisionSearchResult, paint: Paint): string[] {
  const lines = [
    `${result.scenario}: ${plural(result.findings.length, 'decision point')} reached by ${thousands(result.faultSets)} fault sets · ${thousands(result.runs)} runs${result.complete ? '' : ' (stopped early)'}`,
    `  an option better than the default at ${plural(result.better.length, 'point')}`,
  ];
  for (const finding of result.findings) {
    const better = result.better.includes(finding);
    lines.push(
      '',
      `${better ? paint.yellow('!') : ' '} ${finding.faults.map(faultPhrase).join(' + ')} → ${where(finding)} at ${formatDuration(finding.at)}`,
    );
    const rows = [
      ['option', 'outcome', 'downtime', 'duration', 'violates', 'source', ''],
      ...finding.results.map((r) => [
        r.option,
        r.refused === undefined ? r.outcome : 'not possible',
        formatDuration(r.downtime),
        formatDuration(r.duration),
        r.violates.join(', '),
        sourceLabel(r.source),
        [r.option === finding.default ? 'default' : '', r.option === finding.best ? 'best' : '']
          .filter(Boolean)
          .join(', '),
      ]),
    ];
    append(lines, table(rows, [], '    '));
  }
  return lines;
}

/** A source's words escaped for a runbook, its scenario key marked up as code. */
const MARKDOWN: SourceWriting = { text: markdownText, code: (name) => `\`${name}\`` };

/** The recovery runbook in Markdown. Pure. */
export function decisionRunbook(result: DecisionSearchResult): string {
  const out = [
    `# Recovery runbook: ${markdownText(result.scenario)}`,
    '',
    `Found by \`rehearse explore --decisions\`: every option at every decision point that ${thousands(result.faultSets)} fault sets lead to, each run to the end (${thousands(result.runs)} runs). "Best" is, ${BEST_OPTION_RULE}; an invariant only the fault violates is a risk no option removes. "Best" is what the runs show, not what the document says: each option says where it comes from, and an assumption is Rehearse's or the operator's, not the document's.`,
    '',
  ];
  if (result.better.length > 0) {
    out.push(
      `An option does better than the default at ${plural(result.better.length, 'point')}, marked **better than the default** below.`,
      '',
    );
  }
  for (const finding of result.findings) {
    const best = finding.results.find((r) => r.option === finding.best);
    const fallback = finding.results.find((r) => r.option === finding.default);
    out.push(`## ${markdownText(finding.faults.map(faultPhrase).join(' + '))}`, '');
    out.push(
      `**Situation:** ${markdownText(where(finding))}, ${formatDuration(finding.at)} into the run.`,
      '',
    );
    if (best) {
      out.push(
        `**What to do:** ${best.option}${result.better.includes(finding) ? ' (**better than the default**)' : ''} — ${markdownText(cost(best))}. ${describeSource(best.source, MARKDOWN)}`,
      );
    } else {
      out.push('**What to do:** every option violates an invariant; choose with the table below.');
    }
    if (fallback && fallback.option !== best?.option) {
      out.push(
        '',
        `**The default,** ${fallback.option}: ${markdownText(cost(fallback))}. ${describeSource(fallback.source, MARKDOWN)}`,
      );
    }
    const worse = finding.results.filter(
      (r) => r.option !== best?.option && r.option !== finding.default,
    );
    if (worse.length > 0) {
      out.push('', '**Why not the others:**', '');
      for (const r of worse) {
        const why =
          r.refused !== undefined
            ? 'not possible here'
            : r.violates.length > 0
              ? `violates ${r.violates.join(', ')}`
              : best && r.downtime > best.downtime
                ? `${formatDuration(r.downtime - best.downtime)} more downtime`
                : best && r.duration > best.duration
                  ? `${formatDuration(r.duration - best.duration)} longer`
                  : 'no better';
        out.push(
          `- ${r.option}: ${markdownText(why)} (${markdownText(cost(r))}; ${sourceLabel(r.source)})`,
        );
      }
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
