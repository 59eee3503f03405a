/**
 * What `rehearse sweep` prints: the text table, the CSV and the SVG plots of downtime against
 * each swept key. Pure functions of the engine's SweepReport.
 */
import {
  csvText,
  formatDuration,
  OUTCOMES,
  type SweepParameter,
  type SweepReport,
  type SweepRow,
  largest,
  smallest,
} from '../sim';
import { xmlText } from './junitReport';
import { oneLine } from './terminal';
import { plural, table, thousands, type Paint } from './text';

/** A swept key's value at a row, as the sweep shows it. Pure. */
function valueText(row: SweepRow, key: string): string {
  return String(row.set[key] ?? '');
}

/** The longest single outage of any workload in any run of the row. Pure. */
function longestOutage(row: SweepRow): number {
  return largest(
    row.result.workloads.map((workload) => workload.longestOutage),
    0,
  );
}

/** `completed`, or `completed 38, aborted 2` over several runs. Pure. */
function outcomesText(row: SweepRow): string {
  const entries = Object.entries(row.result.outcomes);
  if (row.result.samples === 1) return entries.map(([outcome]) => outcome).join('');
  return entries.map(([outcome, chance]) => `${outcome} ${thousands(chance.count)}`).join(', ');
}

/** `settles, expect missed`, or with counts over several runs; `—` for none. Pure. */
function violationsText(row: SweepRow): string {
  const { result } = row;
  const count = (n: number) => (result.samples === 1 ? '' : ` ${thousands(n)}`);
  const items = Object.entries(result.violations).map(
    ([id, chance]) => `${id}${count(chance.count)}`,
  );
  if (result.missedExpectations.count > 0)
    items.push(`expect missed${count(result.missedExpectations.count)}`);
  return items.length === 0 ? '—' : items.join(', ');
}

/** `6 points (durations.failover × vps), one run each …, 6 passed`. Pure. */
function headline(report: SweepReport, paint: Paint): string {
  const passedAll = report.passed === report.points;
  const mark = passedAll ? paint.green('✓') : paint.red('✗');
  const keys = report.parameters.map((parameter) => parameter.key).join(' × ');
  const sampled = report.rows.filter((row) => !row.exact).length;
  const seeds = `seeds ${report.firstSeed}–${report.firstSeed + report.samples - 1}`;
  const runs =
    sampled === 0
      ? 'one run each (nothing in them is drawn from the seed)'
      : sampled === report.points
        ? `${plural(report.samples, 'run')} each (${seeds})`
        : `${plural(report.samples, 'run')} each where the seed draws durations or faults (${seeds}), one run where it draws nothing`;
  return `${mark} ${paint.bold(oneLine(report.scenario))}: ${plural(report.points, 'point')} (${keys}), ${runs}, ${thousands(report.passed)} passed`;
}

/** The readable table of a sweep, one row per point. Pure. */
export function sweepText(report: SweepReport, paint: Paint): string[] {
  const keys = report.parameters.map((parameter) => parameter.key);
  const sampled = report.rows.some((row) => !row.exact);
  const header = [
    '',
    ...keys,
    ...(sampled ? ['runs', 'outcomes', 'downtime p50', 'p90', 'max'] : ['outcome', 'downtime']),
    'longest outage',
    'violations',
  ];
  const rows = report.rows.map((row) => {
    const { total } = row.result;
    const passed = row.result.passed === row.result.samples;
    return [
      passed ? paint.green('✓') : paint.red('✗'),
      ...keys.map((key) => valueText(row, key)),
      ...(sampled ? [thousands(row.result.samples)] : []),
      outcomesText(row),
      ...(sampled ? [total.p50, total.p90, total.max] : [total.p50]).map(formatDuration),
      formatDuration(longestOutage(row)),
      violationsText(row),
    ];
  });
  const align = header.map((_, index) => {
    const first = keys.length + 1 + (sampled ? 2 : 1);
    return (sampled && index === keys.length + 1) || (index >= first && index < header.length - 1)
      ? ('right' as const)
      : ('left' as const);
  });
  return [
    headline(report, paint),
    '',
    ...table([header, ...rows], align, '  '),
    ...warningLines(report, paint),
  ];
}

/**
 * The warnings of the sweep's runs (see `SamplesReport.warnings`), each once, with how many of
 * the runs gave it when not all did, and at how many points when not at all: before, the table
 * left out what one run says (a `durations:` value for a host that timed nothing), and then a
 * warning one run in fifty gave read as if every run had. Pure.
 */
function warningLines(report: SweepReport, paint: Paint): string[] {
  const seen = new Map<string, { points: number; runs: number }>();
  let runs = 0;
  for (const row of report.rows) {
    runs += row.result.samples;
    for (const warning of row.result.warnings) {
      const entry = seen.get(warning.text) ?? { points: 0, runs: 0 };
      seen.set(warning.text, { points: entry.points + 1, runs: entry.runs + warning.runs });
    }
  }
  if (seen.size === 0) return [];
  const where = (count: { points: number; runs: number }): string => {
    const parts = [
      ...(count.runs === runs ? [] : [`in ${thousands(count.runs)} of ${thousands(runs)} runs`]),
      ...(count.points === report.points
        ? []
        : [`at ${plural(count.points, 'point')} of ${thousands(report.points)}`]),
    ];
    return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
  };
  return [
    '',
    '  warnings',
    ...[...seen].map(([text, count]) => `    ${paint.yellow('!')} ${oneLine(text)}${where(count)}`),
  ];
}

/** Seconds, for columns to compute with: `90`, `0.5`. Pure. */
function seconds(ms: number): string {
  return String(ms / 1000);
}

/**
 * The sweep as CSV (RFC 4180, a header record): a column per swept key (and for a duration its
 * seconds too), then per point its runs, how many of them passed, how many runs ended in each
 * outcome, the total downtime at p50, p90 and max and the longest outage (each in seconds and as
 * read), the violations with their counts, the runs that missed an expectation and the seed of
 * the worst run. Pure.
 */
export function sweepCsv(report: SweepReport, parameters: readonly SweepParameter[]): string {
  const header = [
    ...parameters.flatMap((parameter) =>
      parameter.kind === 'duration' ? [`${parameter.key}_s`, parameter.key] : [parameter.key],
    ),
    'runs',
    'passed',
    ...OUTCOMES,
    'downtime_p50_s',
    'downtime_p50',
    'downtime_p90_s',
    'downtime_p90',
    'downtime_max_s',
    'downtime_max',
    'longest_outage_s',
    'longest_outage',
    'violations',
    'missed_expectations',
    'worst_seed',
  ];
  const records = report.rows.map((row) => {
    const { result } = row;
    const length = (ms: number) => [seconds(ms), formatDuration(ms)];
    return [
      ...parameters.flatMap((parameter) => {
        const value = parameter.values.find(
          (candidate) => candidate.value === row.set[parameter.key],
        );
        const text = value?.text ?? valueText(row, parameter.key);
        return parameter.kind === 'duration' ? [seconds(value?.at ?? 0), text] : [text];
      }),
      String(result.samples),
      // How many of its runs passed, as `passed` counts them in the JSON: "no" for 19 of 20
      // read as none.
      String(result.passed),
      ...OUTCOMES.map((outcome) => String(result.outcomes[outcome]?.count ?? 0)),
      ...length(result.total.p50),
      ...length(result.total.p90),
      ...length(result.total.max),
      ...length(longestOutage(row)),
      Object.entries(result.violations)
        .map(([id, chance]) => `${id} ${chance.count}`)
        .join('; '),
      String(result.missedExpectations.count),
      String(result.worst.seed),
    ];
  });
  return csvText([header, ...records]);
}

/** Colours of the series of a plot, one per combination of the other keys' values. */
const SERIES = [
  '#4c78a8',
  '#f58518',
  '#54a24b',
  '#e45756',
  '#72b7b2',
  '#b279a2',
  '#eeca3b',
  '#9d755d',
  '#ff9da6',
  '#bab0ac',
];

/** Series named in a plot's legend at most; past it, the legend says how many there are. */
const LEGEND_SERIES = SERIES.length;

/**
 * One plot of downtime against `parameter`, its top at `top`: a point per row at the row's
 * value (p50 total downtime; a bar up to p90 where a point ran several seeds), a line through
 * the points that share the other keys' values.
 */
function plot(
  report: SweepReport,
  parameters: readonly SweepParameter[],
  at: number,
  top: number,
  size: { readonly width: number; readonly height: number; readonly yMax: number },
): string[] {
  const parameter = parameters[at];
  if (parameter === undefined) return [];
  const left = 64;
  const right = 180;
  const plotTop = top + 28;
  const plotW = size.width - left - right;
  const plotH = size.height - 28 - 44;
  const numeric = parameter.kind !== 'word';
  const ats = parameter.values.map((value) => value.at ?? 0);
  const low = smallest(ats);
  const high = largest(ats);
  const x = (index: number): number => {
    const count = parameter.values.length;
    if (count === 1) return left + plotW / 2;
    if (!numeric || high === low) return left + (index / (count - 1)) * plotW;
    return left + (((parameter.values[index]?.at ?? 0) - low) / (high - low)) * plotW;
  };
  const y = (ms: number): number =>
    plotTop + plotH - (size.yMax === 0 ? 0 : (ms / size.yMax) * plotH);
  const indexOf = (row: SweepRow, p: SweepParameter): number =>
    p.values.findIndex((value) => value.value === row.set[p.key]);
  const others = parameters.filter((_, index) => index !== at);
  const series = new Map<string, SweepRow[]>();
  for (const row of report.rows) {
    const name = others.map((p) => `${p.key}=${valueText(row, p.key)}`).join(', ');
    series.set(name, [...(series.get(name) ?? []), row]);
  }
  const out: string[] = [
    `  <text x="${left}" y="${top + 16}" font-size="13" font-weight="bold">${xmlText(`total downtime against ${parameter.key}`)}</text>`,
    `  <line x1="${left}" x2="${left + plotW}" y1="${plotTop + plotH}" y2="${plotTop + plotH}" stroke="#333"/>`,
    `  <line x1="${left}" x2="${left}" y1="${plotTop}" y2="${plotTop + plotH}" stroke="#333"/>`,
    `  <text x="${left - 6}" y="${plotTop + 4}" font-size="11" text-anchor="end">${xmlText(formatDuration(size.yMax))}</text>`,
    `  <text x="${left - 6}" y="${plotTop + plotH + 4}" font-size="11" text-anchor="end">0s</text>`,
  ];
  const every = Math.max(1, Math.ceil(parameter.values.length / 12));
  parameter.values.forEach((value, index) => {
    if (index % every !== 0 && index !== parameter.values.length - 1) return;
    out.push(
      `  <text x="${x(index).toFixed(1)}" y="${plotTop + plotH + 16}" font-size="11" text-anchor="middle">${xmlText(value.text)}</text>`,
    );
  });
  out.push(
    `  <text x="${left + plotW / 2}" y="${plotTop + plotH + 34}" font-size="12" text-anchor="middle">${xmlText(parameter.key)}</text>`,
  );
  [...series.entries()].forEach(([name, rows], number) => {
    const colour = SERIES[number % SERIES.length] ?? '#4c78a8';
    const placed = rows
      .map((row) => ({ row, index: indexOf(row, parameter) }))
      .sort((a, b) => a.index - b.index);
    if (placed.length > 1) {
      const points = placed
        .map(({ row, index }) => `${x(index).toFixed(1)},${y(row.result.total.p50).toFixed(1)}`)
        .join(' ');
      out.push(
        `  <polyline points="${points}" fill="none" stroke="${colour}" stroke-width="1.5"/>`,
      );
    }
    for (const { row, index } of placed) {
      const { total } = row.result;
      const cx = x(index).toFixed(1);
      if (!row.exact && total.p90 > total.p50) {
        out.push(
          `  <line x1="${cx}" x2="${cx}" y1="${y(total.p50).toFixed(1)}" y2="${y(total.p90).toFixed(1)}" stroke="${colour}" stroke-width="3" opacity="0.5"/>`,
        );
      }
      const label = `${[parameter, ...others].map((p) => `${p.key}=${valueText(row, p.key)}`).join(', ')}: ${
        row.exact
          ? `downtime ${formatDuration(total.p50)}`
          : `downtime p50 ${formatDuration(total.p50)}, p90 ${formatDuration(total.p90)}, max ${formatDuration(total.max)}`
      }`;
      out.push(
        `  <circle cx="${cx}" cy="${y(total.p50).toFixed(1)}" r="3.5" fill="${colour}"><title>${xmlText(label)}</title></circle>`,
      );
    }
    if (others.length > 0 && number < LEGEND_SERIES) {
      const ly = plotTop + 6 + number * 15;
      out.push(
        `  <rect x="${left + plotW + 14}" y="${ly - 8}" width="10" height="10" fill="${colour}"/>`,
        `  <text x="${left + plotW + 28}" y="${ly + 1}" font-size="11">${xmlText(name)}</text>`,
      );
    }
  });
  if (others.length > 0 && series.size > LEGEND_SERIES) {
    out.push(
      `  <text x="${left + plotW + 14}" y="${plotTop + 6 + LEGEND_SERIES * 15}" font-size="11">${xmlText(`… ${thousands(series.size)} lines in all`)}</text>`,
    );
  }
  return out;
}

/**
 * The plots of a sweep as one standalone SVG document: for each swept key, total downtime (p50,
 * a bar up to p90 where a point ran several seeds) against its values, one line per combination
 * of the other keys' values. Pure.
 */
export function sweepSvg(report: SweepReport, parameters: readonly SweepParameter[]): string {
  const width = 720;
  const height = 280;
  const head = 40;
  const yMax = largest(
    report.rows.map((row) => (row.exact ? row.result.total.p50 : row.result.total.p90)),
    0,
  );
  const total = head + parameters.length * height + 24;
  const title = `${report.scenario}: total downtime over ${plural(report.points, 'point')}`;
  const note = report.rows.some((row) => !row.exact)
    ? `points: p50 of ${plural(report.samples, 'run')}; bars: up to p90`
    : 'one run per point (nothing drawn from the seed)';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}" font-family="sans-serif" role="img">`,
    `  <title>${xmlText(title)}</title>`,
    `  <rect width="${width}" height="${total}" fill="#ffffff"/>`,
    `  <text x="64" y="24" font-size="14" font-weight="bold">${xmlText(title)}</text>`,
    ...parameters.flatMap((_, index) =>
      plot(report, parameters, index, head + index * height, { width, height, yMax }),
    ),
    `  <text x="64" y="${total - 8}" font-size="11" fill="#555">${xmlText(note)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
