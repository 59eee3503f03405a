/**
 * What `rehearse run FILE --samples N` prints: the text summary and the SVG histogram of total
 * downtime. Pure functions of the engine's SamplesReport.
 */
import { xmlText } from './junitReport';
import {
  addsIntervalWords,
  formatChance,
  formatDuration,
  totalsHistogram,
  warningLine,
  type Sample,
  type SamplesReport,
  type Spread,
  largest,
} from '../sim';
import { oneLine } from './terminal';
import { plural, table, thousands, type Paint } from './text';

function spreadCells(spread: Spread): string[] {
  return [spread.p50, spread.p90, spread.p99, spread.max].map(formatDuration);
}

/** A mean, to the second: `1h31m29s`. Pure. */
function seconds(ms: number): string {
  return formatDuration(Math.round(ms / 1000) * 1000);
}

/** A mean that may be negative, to the second: `-3m35s`. Pure. */
function signedSeconds(ms: number): string {
  return `${ms < 0 ? '-' : ''}${seconds(Math.abs(ms))}`;
}

/** Workloads shown in the text table; --json lists them all. */
const SHOWN_WORKLOADS = 20;

/**
 * The workloads the text table shows, in the scenario's order: all of them up to
 * {@link SHOWN_WORKLOADS}, else those down longest in some run (the most at their max, then at
 * p99). Before, the first twenty of the file: a 21st workload down an hour, the worst of all,
 * was left out behind "… and 1 more". Pure.
 */
function shownWorkloads<T extends Spread>(workloads: readonly T[]): readonly T[] {
  if (workloads.length <= SHOWN_WORKLOADS) return workloads;
  const kept = new Set(
    workloads
      .map((workload, index) => ({ workload, index }))
      .sort(
        (a, b) =>
          b.workload.max - a.workload.max || b.workload.p99 - a.workload.p99 || a.index - b.index,
      )
      .slice(0, SHOWN_WORKLOADS)
      .map(({ index }) => index),
  );
  return workloads.filter((_, index) => kept.has(index));
}

/**
 * What the seed drew in the runs: the keys whose drawn value made a difference, and those that
 * vary but timed nothing (before, `failover: 10m..30m` where no failover happened read as drawn
 * from the seed). Pure.
 */
function drawsLine(report: SamplesReport): string {
  const idle = report.timedNothing;
  const verb = idle.length === 1 ? 'varies' : 'vary';
  if (report.draws.length > 0) {
    const unused =
      idle.length === 0 ? '' : ` (${idle.join(', ')} ${verb} but timed nothing in any run)`;
    return `  drawn from the seed: ${report.draws.join(', ')}${unused}`;
  }
  if (idle.length === 0)
    return `  every seed gives the same run: the durations are all fixed and no fault is left to chance, so the samples repeat one run (a range such as install: 15m..30m, a three-point estimate or a fault's probability makes runs differ)`;
  return `  every seed gives the same run: ${idle.join(', ')} ${verb} but timed nothing in any run, the other durations are fixed and no fault is left to chance, so the samples repeat one run`;
}

/**
 * The readable summary of the samples of one scenario. Pure.
 * @param file the scenario file as given, for the replay command.
 */
export function samplesText(report: SamplesReport, file: string, paint: Paint): string[] {
  const passedAll = report.passed === report.samples;
  const mark = passedAll ? paint.green('✓') : paint.red('✗');
  const last = report.firstSeed + report.samples - 1;
  const lines = [
    `${mark} ${paint.bold(oneLine(report.scenario))}: ${plural(report.samples, 'sample')} (${report.samples === 1 ? `seed ${report.firstSeed}` : `seeds ${report.firstSeed}–${last}`}), ${thousands(report.passed)} passed`,
    drawsLine(report),
    '',
    ...table(
      [
        ['', 'p50', 'p90', 'p99', 'max'],
        ['window (run duration)', ...spreadCells(report.duration)],
        ['downtime, all workloads', ...spreadCells(report.total)],
      ],
      ['left', 'right', 'right', 'right', 'right'],
      '  ',
    ),
  ];
  if (report.workloads.length > 0) {
    const shown = shownWorkloads(report.workloads);
    lines.push(
      '',
      ...table(
        [
          ['workload', 'p50', 'p90', 'p99', 'max', 'longest outage'],
          ...shown.map((workload) => [
            workload.name,
            ...spreadCells(workload),
            formatDuration(workload.longestOutage),
          ]),
        ],
        ['left', 'right', 'right', 'right', 'right', 'right'],
        '  ',
      ),
    );
    const rest = report.workloads.length - shown.length;
    if (rest > 0) {
      const most = largest(
        report.workloads.filter((workload) => !shown.includes(workload)).map((w) => w.max),
      );
      lines.push(
        `  … and ${thousands(rest)} more, none down more than ${formatDuration(most)} in any run (--json lists every workload)`,
      );
    }
  }
  lines.push('', '  outcomes');
  for (const [outcome, chance] of Object.entries(report.outcomes)) {
    lines.push(`    ${outcome}: ${formatChance(chance)}`);
  }
  const violations = Object.entries(report.violations);
  if (violations.length > 0) {
    lines.push('', '  invariants violated');
    for (const [id, chance] of violations) {
      lines.push(`    ${paint.red('✗')} ${id}: ${formatChance(chance)}`);
    }
  }
  if (report.missedExpectations.count > 0) {
    lines.push(
      '',
      `  ${paint.red('✗')} an expect entry missed in ${formatChance(report.missedExpectations)}`,
    );
  }
  if (report.risks.length > 0) {
    lines.push('', '  faults by chance');
    for (const risk of report.risks) {
      const where = risk.target === undefined ? '' : ` on ${risk.target}`;
      lines.push(
        `    faults[${risk.index}] ${risk.fault}${where}, ${risk.probability} per step: struck in ${formatChance(risk.struck)} of runs`,
      );
      const outcomes = Object.entries(risk.outcomes).map(
        ([outcome, chance]) => `${outcome} ${formatChance(chance)}`,
      );
      if (risk.noChance !== undefined)
        lines.push(`      ${paint.yellow(`it had no chance to strike: ${risk.noChance}`)}`);
      if (outcomes.length > 0) lines.push(`      when it struck: ${outcomes.join(', ')}`);
      if (risk.adds !== undefined) {
        lines.push(
          `      downtime added: ${signedSeconds(risk.adds)} on average (${addsIntervalWords(risk, report.samples, signedSeconds)}; mean ${seconds(risk.meanWhenStruck ?? 0)} when it struck, ${seconds(risk.meanOtherwise ?? 0)} otherwise)`,
        );
      }
    }
  }
  if (report.warnings.length > 0) {
    lines.push('', '  warnings');
    for (const warning of report.warnings) {
      lines.push(`    ${paint.yellow('!')} ${oneLine(warningLine(warning, report.samples))}`);
    }
  }
  lines.push(
    '',
    `  worst run: seed ${report.worst.seed}, downtime ${formatDuration(report.worst.total)} in all, ${report.worst.outcome}; replay it with: rehearse run ${oneLine(file)} --seed ${report.worst.seed}`,
  );
  const { longestWindow: longest } = report;
  if (longest.seed !== report.worst.seed) {
    lines.push(
      `  longest window: seed ${longest.seed}, ${formatDuration(longest.duration)}, ${longest.outcome}; replay it with: rehearse run ${oneLine(file)} --seed ${longest.seed}`,
    );
  }
  return lines;
}

/**
 * A histogram of the samples' total downtime as a standalone SVG document, with p50, p90 and
 * p99 marked. Pure.
 */
export function samplesSvg(report: SamplesReport, samples: readonly Sample[]): string {
  const width = 720;
  const height = 320;
  const left = 56;
  const right = 16;
  const top = 48;
  const bottom = 56;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const bins = totalsHistogram(samples);
  const tallest = largest(
    bins.map((bin) => bin.samples),
    1,
  );
  const low = bins[0]?.from ?? 0;
  const high = bins[bins.length - 1]?.to ?? 0;
  const span = high - low;
  const x = (value: number): number =>
    span === 0 ? left + plotW / 2 : left + ((value - low) / span) * plotW;
  const barW = bins.length === 1 ? plotW / 8 : plotW / bins.length;
  const bars = bins.map((bin, index) => {
    const h = (bin.samples / tallest) * plotH;
    const bx = bins.length === 1 ? left + plotW / 2 - barW / 2 : left + index * barW;
    const label = `${formatDuration(bin.from)}–${formatDuration(bin.to)}: ${thousands(bin.samples)} ${bin.samples === 1 ? 'sample' : 'samples'}`;
    return `  <rect x="${bx.toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${Math.max(1, barW - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="#4c78a8"><title>${xmlText(label)}</title></rect>`;
  });
  const marks = (['p50', 'p90', 'p99'] as const).map((name, index) => {
    const at = x(report.total[name]);
    return [
      `  <line x1="${at.toFixed(1)}" x2="${at.toFixed(1)}" y1="${top}" y2="${top + plotH}" stroke="#e45756" stroke-dasharray="4 3"/>`,
      `  <text x="${(at + 3).toFixed(1)}" y="${top + 12 + index * 13}" font-size="11" fill="#e45756">${name} ${xmlText(formatDuration(report.total[name]))}</text>`,
    ].join('\n');
  });
  const title = `${report.scenario}: total downtime over ${thousands(report.samples)} ${report.samples === 1 ? 'sample' : 'samples'}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" role="img">`,
    `  <title>${xmlText(title)}</title>`,
    `  <rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `  <text x="${left}" y="24" font-size="14" font-weight="bold">${xmlText(title)}</text>`,
    `  <line x1="${left}" x2="${left + plotW}" y1="${top + plotH}" y2="${top + plotH}" stroke="#333"/>`,
    `  <line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="#333"/>`,
    ...bars,
    ...marks,
    `  <text x="${left}" y="${top + plotH + 18}" font-size="11">${xmlText(formatDuration(low))}</text>`,
    `  <text x="${left + plotW}" y="${top + plotH + 18}" font-size="11" text-anchor="end">${xmlText(formatDuration(high))}</text>`,
    `  <text x="${left + plotW / 2}" y="${height - 12}" font-size="12" text-anchor="middle">total downtime of a run (every workload added up)</text>`,
    `  <text x="14" y="${top + plotH / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 14 ${top + plotH / 2})">runs</text>`,
    `  <text x="${left - 6}" y="${top + 4}" font-size="11" text-anchor="end">${thousands(tallest)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
