/**
 * `rehearse run --html FILE`: one self-contained HTML page per run of the CLI — a section per
 * scenario with its timeline (inline SVG), expectations, invariants, downtime, decisions, steps
 * and trace. No scripts, fonts or images from elsewhere: it opens offline, as a CI artifact.
 */
import {
  DOWNTIME_COLUMNS,
  downtimeCells,
  downtimeRows,
  formatDuration,
  sourceLabel,
  type Report,
  missLine,
  roleChangeNoun,
} from '../sim';
import { plural, STEP_COLUMNS, stepCells } from './text';
import { systemName } from './runResult';
import { firstViolation, offendingEntry, type RunResult } from './runResult';
import { traceLine } from './junitReport';

/** Text as HTML: escaped, control characters dropped. Pure. */
function htmlText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;')
  );
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem; color: #1b1f24; background: #fff; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.2rem; margin-top: 2.5rem; border-top: 1px solid #d0d7de; padding-top: 1rem; }
h3 { font-size: 1rem; margin-top: 1.5rem; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #d0d7de; padding: .2rem .5rem; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.pass { color: #1a7f37; } .fail { color: #cf222e; } .expected { color: #9a6700; }
details > summary { cursor: pointer; }
svg text { font: 11px system-ui, sans-serif; fill: #1b1f24; }
`;

const STATUS_FILL: Readonly<Record<string, string>> = {
  done: '#4ac26b',
  failed: '#cf222e',
  skipped: '#d0d7de',
  running: '#bf8700',
  pending: '#eaeef2',
};

/** The timeline: a lane per host, a bar per step that ran, a red line per violation. Pure. */
function timelineSvg(report: Report): string {
  const width = 960;
  const label = 130;
  const lane = 22;
  const hosts = report.hosts.map((host) => host.name);
  const height = hosts.length * lane + 30;
  const span = Math.max(1, report.duration);
  const x = (at: number): number => label + ((width - label - 10) * at) / span;
  const parts: string[] = [];
  hosts.forEach((host, index) => {
    const y = index * lane + 4;
    parts.push(`<text x="4" y="${y + 14}">${htmlText(host)}</text>`);
    parts.push(
      `<line x1="${label}" y1="${y + lane - 2}" x2="${width - 10}" y2="${y + lane - 2}" stroke="#eaeef2"/>`,
    );
  });
  const laneOf = new Map(hosts.map((host, index) => [host, index]));
  for (const step of report.steps) {
    if (step.start === undefined || step.host === undefined) continue;
    const index = laneOf.get(step.host);
    if (index === undefined) continue;
    const x1 = x(step.start);
    const w = Math.max(1.5, x(step.end ?? step.start) - x1);
    const title = `${step.action} ${step.host}${step.version ? ` ${step.version}` : ''}: ${step.status}, ${formatDuration(step.start)}–${formatDuration(step.end ?? step.start)}`;
    parts.push(
      `<rect x="${x1.toFixed(1)}" y="${index * lane + 6}" width="${w.toFixed(1)}" height="${lane - 8}" fill="${STATUS_FILL[step.status] ?? '#8c959f'}"><title>${htmlText(title)}</title></rect>`,
    );
  }
  for (const invariant of report.invariants) {
    for (const violation of invariant.violations) {
      const vx = x(violation.at).toFixed(1);
      parts.push(
        `<line x1="${vx}" y1="0" x2="${vx}" y2="${hosts.length * lane + 4}" stroke="#cf222e" stroke-width="2"><title>${htmlText(`${invariant.id} at ${formatDuration(violation.at)}: ${violation.message}`)}</title></line>`,
      );
    }
  }
  const axisY = hosts.length * lane + 20;
  for (let tick = 0; tick <= 4; tick++) {
    const at = (span * tick) / 4;
    parts.push(
      `<text x="${x(at).toFixed(1)}" y="${axisY}" text-anchor="middle">${htmlText(formatDuration(Math.round(at)))}</text>`,
    );
  }
  return `<svg role="img" aria-label="timeline" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`;
}

/** A table with a header row; cells are text, escaped here; `numeric` columns align right. Pure. */
function htmlTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly number[] = [],
): string {
  const cell = (text: string, index: number): string =>
    `<td${numeric.includes(index) ? ' class="n"' : ''}>${htmlText(text)}</td>`;
  return [
    '<table>',
    `<thead><tr>${head.map((h) => `<th>${htmlText(h)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`),
    '</tbody></table>',
  ].join('\n');
}

/** One scenario's section. Pure. */
function runSection(result: RunResult, index: number): string {
  const { report, scenario } = result;
  const expected = new Set(scenario.expect?.violations ?? []);
  const mark = result.passed
    ? '<span class="pass">✓ passed</span>'
    : '<span class="fail">✗ failed</span>';
  const facts = [
    `${systemName(scenario)}`,
    `outcome ${report.outcome}${report.reason ? ` (${report.reason})` : ''}`,
    `path ${[scenario.version.from, ...report.path].join(' → ')}`,
    plural(report.failovers, roleChangeNoun(scenario.system)),
    `duration ${formatDuration(report.duration)}`,
    `downtime ${formatDuration(report.downtime.total)} in all`,
  ];
  const lines: string[] = [
    `<section id="run-${index + 1}">`,
    `<h2>${htmlText(report.scenario)} — ${mark}</h2>`,
    `<p>${htmlText(result.file)} · ${facts.map(htmlText).join(' · ')}</p>`,
  ];
  if (scenario.description) lines.push(`<p>${htmlText(scenario.description)}</p>`);
  lines.push('<h3>Timeline</h3>', timelineSvg(report));
  const checks = report.expectations;
  if (checks) {
    lines.push('<h3>Expectations</h3>');
    if (checks.met) lines.push('<p class="pass">✓ every expectation met</p>');
    else
      lines.push(
        `<ul>${checks.misses.map((miss) => `<li class="fail">✗ ${htmlText(missLine(miss))}</li>`).join('')}</ul>`,
      );
  }
  if (result.golden) {
    lines.push(
      '<h3>Golden summary</h3>',
      `<pre class="fail">${htmlText(result.golden.lines.join('\n'))}</pre>`,
    );
  }
  lines.push(
    '<h3>Invariants</h3>',
    htmlTable(
      ['invariant', 'verdict', 'first violation', 'first offending trace entry'],
      report.invariants.map((invariant) => {
        const first = firstViolation(invariant.violations);
        const entry = first && offendingEntry(report.trace, first);
        const verdict = invariant.holds
          ? 'held'
          : `violated ${invariant.violations.length}×${expected.has(invariant.id) ? ' (expected)' : ''}`;
        return [
          invariant.id,
          verdict,
          first ? `${formatDuration(first.at)} (${first.cause}): ${first.message}` : '',
          entry ? traceLine(entry) : '',
        ];
      }),
    ),
    '<h3>Downtime</h3>',
    htmlTable(
      DOWNTIME_COLUMNS,
      downtimeRows({ ...result, scenario }).map((row) =>
        downtimeCells(row, formatDuration, formatDuration),
      ),
      [3, 4, 5, 6],
    ),
  );
  if (report.decisions.length > 0) {
    lines.push(
      '<h3>Decisions</h3>',
      htmlTable(
        ['time', 'situation', 'host', 'chosen', 'by', 'options', 'source'],
        report.decisions.map((d) => [
          formatDuration(d.at),
          d.situation,
          d.host ?? '',
          d.chosen,
          d.by,
          d.options.join(', '),
          sourceLabel(d.source),
        ]),
      ),
    );
  }
  if (report.warnings.length > 0)
    lines.push(
      '<h3>Warnings</h3>',
      `<ul>${report.warnings.map((w) => `<li>${htmlText(w)}</li>`).join('')}</ul>`,
    );
  lines.push(
    '<h3>Steps</h3>',
    htmlTable(
      [...STEP_COLUMNS, 'start', 'end', 'source'],
      report.steps.map((step) => [
        ...stepCells(step),
        step.start === undefined ? '' : formatDuration(step.start),
        step.end === undefined ? '' : formatDuration(step.end),
        sourceLabel(step.source),
      ]),
      [0, 1],
    ),
    `<details><summary>Trace (${report.trace.length} transitions)</summary>`,
    htmlTable(
      ['seq', 'time', 'actor', 'event', 'state'],
      report.trace.map((entry) => [
        String(entry.seq),
        formatDuration(entry.at),
        entry.actor,
        entry.event,
        entry.state,
      ]),
      [0, 1],
    ),
    '</details>',
    '</section>',
  );
  return lines.join('\n');
}

/** The whole page for every run of one `rehearse run`. Pure. */
export function htmlReport(results: readonly RunResult[], version: string): string {
  const failed = results.filter((result) => !result.passed).length;
  const title =
    results.length === 1
      ? `Rehearse: ${results[0]?.report.scenario ?? ''}`
      : `Rehearse: ${results.length} scenarios`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${htmlText(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${htmlText(title)}</h1>`,
    `<p>${plural(results.length, 'scenario')}: ${results.length - failed} passed, ${failed} failed · rehearse ${htmlText(version)} · times are virtual, from the start of each run</p>`,
    results.length > 1
      ? `<ul>${results.map((r, i) => `<li><a href="#run-${i + 1}">${htmlText(r.report.scenario)}</a> ${r.passed ? '<span class="pass">✓</span>' : '<span class="fail">✗</span>'}</li>`).join('')}</ul>`
      : '',
    ...results.map(runSection),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
