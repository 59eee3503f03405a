import { resolve } from 'node:path';
import {
  formatDuration,
  formatSummary,
  reportPasses,
  sourceLabel,
  simulate,
  summarize,
  summaryPathFor,
  type Cause,
  type ExpectationMiss,
  type InvariantResult,
  type Report,
  type Scenario,
  type Violation,
} from '../sim';
import type { Command } from './command';
import type { CliIo } from './io';
import { durationHelp } from './help';
import { internalError, loadScenarios, readReason, writeReason } from './loadScenario';
import { outputClash } from './outputs';
import { oneLine } from './terminal';
import { UsageError } from './parseArgs';
import { plural, table, thousands, workloadNoun, type Paint } from './text';
import { expandOperands, STDIN } from './operands';
import { membersLabel, workloadLines } from './workloadGroups';

/** `serverware/mirror`, `ha-pair`. Pure. */
export function systemName(scenario: {
  readonly system: string;
  readonly topology?: string;
}): string {
  return scenario.topology ? `${scenario.system}/${scenario.topology}` : scenario.system;
}

/** `3.2.4 → 3.3.1 (not reached: 4.8.2, 5.2.1)`. Pure. */
function pathText(report: Report, scenario: Scenario): string {
  const done = [scenario.version.from, ...report.path].join(' → ');
  const missing = scenario.path.filter((version) => !report.path.includes(version));
  if (scenario.path.length === 0 || missing.length === 0) return done;
  return `${done} (not reached: ${missing.join(', ')})`;
}

function headerLine(report: Report, scenario: Scenario, passes: boolean, paint: Paint): string {
  const mark = passes ? paint.green('✓') : paint.red('✗');
  const outcome =
    report.outcome === 'completed'
      ? paint.green(report.outcome)
      : paint.red(report.reason ? `${report.outcome} (${report.reason})` : report.outcome);
  return [
    `${mark} ${paint.bold(oneLine(report.scenario))} (${systemName(scenario)}): ${outcome}`,
    `path ${pathText(report, scenario)}`,
    plural(report.failovers, scenario.system === 'ha-pair' ? 'switchover' : 'failover'),
    `duration ${formatDuration(report.duration)}`,
  ].join(' · ');
}

function workloadTable(report: Report): string[] {
  if (report.workloads.length === 0) return ['  no workloads'];
  const { lines, rest } = workloadLines(report.workloads);
  const rows = [
    ['workload', 'host', 'downtime', 'outages'],
    ...lines.map((line) => [
      membersLabel(line),
      line.host,
      formatDuration(line.downtime),
      String(line.outages),
    ]),
  ];
  const out = table(rows, ['left', 'left', 'right', 'right'], '  ');
  const still = report.workloads.filter((w) => w.downAtEnd === true);
  if (still.length > 0) {
    out.push(
      `  ${thousands(still.length)} ${workloadNoun(still[0]?.kind, still.length)} still down when the run ended: ${
        still.length === report.workloads.length
          ? 'all of them'
          : still
              .slice(0, 5)
              .map((w) => w.name)
              .join(', ')
      }${still.length > 5 && still.length < report.workloads.length ? ', …' : ''}; their downtime goes on past the end`,
    );
  }
  if (rest) {
    const noun = workloadNoun(report.workloads[0]?.kind, rest.workloads);
    const range =
      rest.minDowntime === rest.maxDowntime
        ? formatDuration(rest.maxDowntime)
        : `${formatDuration(rest.minDowntime)} to ${formatDuration(rest.maxDowntime)}`;
    out.push(
      `  … and ${thousands(rest.workloads)} more ${noun} in ${plural(rest.lines, 'group')}: downtime ${range} each`,
    );
  }
  return out;
}

/** The earliest violation: the shortest explanation of what went wrong. Pure. */
function firstViolation(invariant: InvariantResult): Violation | undefined {
  let first: Violation | undefined;
  for (const violation of invariant.violations) {
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

/** `fault`, or `procedure and fault` when its violations differ, the first one's cause first. Pure. */
function causesOf(invariant: InvariantResult, first: Violation | undefined): string {
  const causes = new Set<Cause>(first ? [first.cause] : []);
  for (const violation of invariant.violations) causes.add(violation.cause);
  return [...causes].join(' and ');
}

function invariantLines(
  report: Report,
  scenario: Scenario,
  quiet: boolean,
  paint: Paint,
): string[] {
  const expected = new Set(scenario.expect?.violations ?? []);
  const rows: string[][] = [];
  for (const invariant of report.invariants) {
    if (invariant.holds) {
      if (!quiet) rows.push([`${paint.green('✓')} ${invariant.id}`]);
      continue;
    }
    const isExpected = expected.has(invariant.id);
    if (quiet && isExpected) continue;
    const first = firstViolation(invariant);
    const more =
      invariant.violations.length > 1 ? ` (+${invariant.violations.length - 1} more)` : '';
    const note = isExpected ? ' (expected)' : '';
    rows.push([
      `${isExpected ? paint.yellow('✗') : paint.red('✗')} ${invariant.id} (${causesOf(invariant, first)}):`,
      `${first?.message ?? 'violated'}${more}${note}`,
    ]);
  }
  return table(rows, [], '  ');
}

/** An expected or actual value of an `expect` entry, in the file's own notation. Pure. */
function expectationValue(key: string, value: unknown): string {
  if (value === undefined) return key.startsWith('downtime.') ? 'no such workload' : 'nothing';
  if (typeof value === 'number' && key.startsWith('downtime.')) return formatDuration(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    return value.map(String).join(key === 'path' ? ' → ' : ', ');
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Whether a key counts outages rather than downtime (`budget.outages`, `downtime.vps-1.outages`). */
function countsOutages(key: string): boolean {
  return key.endsWith('.outages');
}

/**
 * `expected failovers: 2, got 3`; for a limit, `expected budget.total: at most 2h, got 2h15m
 * (15m over; 12 workloads)`. Pure.
 */
export function missLine(miss: ExpectationMiss): string {
  const { expected } = miss;
  if (typeof expected === 'object' && expected !== null && 'max' in expected) {
    const show = (value: unknown): string =>
      typeof value !== 'number'
        ? String(value)
        : countsOutages(miss.key)
          ? plural(value, 'outage')
          : formatDuration(value);
    const over = miss.over === undefined ? [] : [`${show(miss.over)} over`];
    const note = miss.note === undefined ? [] : [miss.note];
    const why = [...over, ...note];
    return `expected ${miss.key}: at most ${show(expected.max)}, got ${show(miss.actual)}${why.length === 0 ? '' : ` (${why.join('; ')})`}`;
  }
  return `expected ${miss.key}: ${expectationValue(miss.key, miss.expected)}, got ${expectationValue(miss.key, miss.actual)}`;
}

/** The steps as they ran, each with where it comes from, for `--trace`. Pure. */
function stepsTable(report: Report): string[] {
  const rows = [
    ['#', 'hop', 'step', 'host', 'version', 'status', 'time', 'source'],
    ...report.steps.map((step) => [
      String(step.seq),
      step.hop === 0 ? '' : String(step.hop),
      `${step.action}${step.recovery ? ' (recovery)' : ''}`,
      step.host ?? '',
      step.version ?? '',
      step.status,
      step.start === undefined
        ? ''
        : `${formatDuration(step.start)}–${formatDuration(step.end ?? step.start)}`,
      sourceLabel(step.source),
    ]),
  ];
  return [
    `  steps (${plural(report.steps.length, 'step')})`,
    ...table(rows, ['right', 'right'], '  '),
  ];
}

/** The decisions the run took, one line each: when, where, what was chosen, by whom, from what. */
function decisionLines(report: Report): string[] {
  if (report.decisions.length === 0) return [];
  return [
    `  decisions (${plural(report.decisions.length, 'decision')})`,
    ...report.decisions.map((decision) => {
      const where = [
        decision.host === undefined ? '' : ` on ${decision.host}`,
        decision.hop === 0 ? '' : `, hop ${decision.hop}`,
        decision.fault === undefined ? '' : ` (${decision.fault})`,
      ].join('');
      const others = decision.options.filter((option) => option !== decision.chosen);
      return `    ${formatDuration(decision.at)}  ${decision.situation}${where}: ${decision.chosen}, by ${decision.by} — ${sourceLabel(decision.source)}${others.length === 0 ? '' : `; other options: ${others.join(', ')}`}`;
    }),
  ];
}

function traceTable(report: Report): string[] {
  const rows = [
    ['seq', 'time', 'actor', 'event', 'state'],
    ...report.trace.map((entry) => [
      String(entry.seq),
      formatDuration(entry.at),
      entry.actor,
      entry.event,
      entry.state,
    ]),
  ];
  return [
    `  trace (${plural(report.trace.length, 'transition')})`,
    ...table(rows, ['right', 'right'], '  '),
  ];
}

interface RenderOptions {
  readonly quiet: boolean;
  readonly trace: boolean;
}

/** The readable summary of one run. Pure. */
function renderReport(
  report: Report,
  scenario: Scenario,
  paint: Paint,
  options: RenderOptions,
): string[] {
  const passes = reportPasses(report, scenario);
  const lines = [headerLine(report, scenario, passes, paint)];
  const section = (body: string[]): void => {
    if (body.length === 0) return;
    if (!options.quiet) lines.push('');
    lines.push(...body);
  };
  if (!options.quiet) section(workloadTable(report));
  section(invariantLines(report, scenario, options.quiet, paint));
  const expectations: string[] = [];
  if (report.expectations) {
    for (const miss of report.expectations.misses)
      expectations.push(`  ${paint.red('✗')} ${missLine(miss)}`);
    if (report.expectations.met && !options.quiet)
      expectations.push(`  ${paint.green('✓')} every expectation met`);
  }
  section(expectations);
  if (!options.quiet) section(decisionLines(report));
  if (!options.quiet)
    section(report.warnings.map((warning) => `  ${paint.yellow('!')} ${paint.yellow(warning)}`));
  if (options.trace) {
    section(stepsTable(report));
    section(traceTable(report));
  }
  return lines;
}

/**
 * Compares a run with the golden summary stored beside its scenario, or rewrites it with
 * `--update`. Returns what differs, in words (nothing when it matches or there is none).
 */
function checkGolden(file: string, report: Report, update: boolean, io: CliIo): string[] {
  const path = summaryPathFor(resolve(io.cwd, file));
  const shown = oneLine(summaryPathFor(file));
  const text = formatSummary(summarize(report));
  if (update) {
    if (!io.writeFile) throw new Error('this host cannot write files');
    try {
      io.writeFile(path, text);
    } catch (error) {
      throw new FileProblem(`cannot write ${shown}: ${writeReason(error)}`);
    }
    io.stderr(`updated ${shown}\n`);
    return [];
  }
  if (!io.exists?.(path)) return [];
  let stored: string;
  try {
    stored = io.readFile(path);
  } catch (error) {
    throw new FileProblem(`cannot read ${shown}: ${readReason(error)}`);
  }
  if (stored === text) return [];
  const want = stored.split('\n');
  const got = text.split('\n');
  const at = want.findIndex((line, index) => line !== got[index]);
  const line = at < 0 ? want.length : at;
  return [
    `the run differs from its golden summary ${shown} at line ${line + 1}:`,
    `    stored: ${(want[line] ?? '(end of file)').trim()}`,
    `    now:    ${(got[line] ?? '(end of file)').trim()}`,
    `  if the change is intended, run: rehearse run --update ${oneLine(file)}`,
  ];
}

/** A golden summary that could not be read or written: `message` names it and says why. */
class FileProblem extends Error {}

/** `--seed N`: a whole number, 0 or more. */
function readSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seed = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(seed)) {
    throw new UsageError(`--seed must be a non-negative integer, got ${JSON.stringify(text)}`);
  }
  return seed;
}

/** `rehearse run FILE… [--json] [--seed N] [--trace] [--quiet]`. */
export const runCommand: Command = {
  name: 'run',
  synopsis: 'FILE… [--json] [--seed N] [--trace] [--quiet]',
  summary: 'simulate each scenario and print a summary (or the JSON report)',
  options: [
    {
      name: 'json',
      help: 'print the JSON report only: an object for one file, an array for several',
    },
    {
      name: 'seed',
      value: 'N',
      help: "record seed N (a non-negative integer) in the report instead of each scenario's; nothing in a run is drawn by chance yet (durations are fixed), so every seed gives the same run",
    },
    {
      name: 'trace',
      help: 'print every transition (seq, time, actor, event, state) after the summary',
    },
    { name: 'quiet', help: 'print only the header line of each scenario and what failed' },
    {
      name: 'update',
      help: "rewrite each scenario's golden summary (FILE.summary.json beside it) from this run",
    },
  ],
  details: [
    'Every file is read and checked before any is run: one invalid file stops them all (status 2).',
    'A scenario with a golden summary beside it (x.yaml → x.summary.json) must reproduce it exactly; a difference fails the run. --update rewrites the summaries (atomically) after you have checked the change is intended.',
    'Exit status: 0 every expectation met and every invariant held; 1 an invariant was violated or an expect entry was not met; 2 an input is invalid or unreadable.',
    durationHelp().join('\n'),
  ],
  run(args, { io, paint }) {
    if (args.operands.length === 0) throw new UsageError('no scenario file given');
    const files = expandOperands(args.operands, io);
    const seed = readSeed(args.values.get('seed'));
    const json = args.flags.has('json');
    const update = args.flags.has('update');
    if (update && files.includes(STDIN))
      throw new UsageError('--update writes a summary beside each file: standard input has none');
    const summaryOf = (file: string): string => summaryPathFor(resolve(io.cwd, file));
    if (update) {
      const clash = outputClash(files, summaryOf, io.cwd);
      if (clash !== undefined)
        throw new UsageError(
          `--update: ${clash[0]} and ${clash[1]} would both write ${summaryPathFor(clash[1])}; rename one of them`,
        );
    }
    const loaded = loadScenarios(files, io, 'run', 'nothing was run');
    if (!loaded) return 2;
    if (update) {
      // Checked before running: a summary that cannot be written fails now, with nothing written.
      for (const item of loaded) {
        const problem = io.prepareFile?.(summaryOf(item.file));
        if (problem !== undefined) {
          io.stderr(`rehearse run: --update ${oneLine(summaryPathFor(item.file))}: ${problem}\n`);
          return 2;
        }
      }
    }
    const results: { report: Report; scenario: Scenario; golden: string[] }[] = [];
    let broken = false;
    for (const [index, item] of loaded.entries()) {
      if (loaded.length > 1)
        io.progress?.(`running ${index + 1} of ${loaded.length}: ${item.file}`);
      try {
        const { report } = simulate(item.scenario, seed === undefined ? {} : { seed });
        const golden = item.file === STDIN ? [] : checkGolden(item.file, report, update, io);
        results.push({ report, scenario: item.scenario, golden });
      } catch (error) {
        broken = true;
        if (error instanceof FileProblem) io.stderr(`rehearse run: ${error.message}\n`);
        else io.stderr(`${internalError(error, io, `while simulating ${item.file}`)}\n`);
      }
    }
    io.progress?.(undefined);
    const failed = results.filter(
      ({ report, scenario, golden }) => !reportPasses(report, scenario) || golden.length > 0,
    ).length;
    if (json) {
      if (broken) return 2;
      const value =
        results.length === 1 ? results[0]?.report : results.map((result) => result.report);
      io.stdout(`${JSON.stringify(value, null, 2)}\n`);
      return failed > 0 ? 1 : 0;
    }
    const options = { quiet: args.flags.has('quiet'), trace: args.flags.has('trace') };
    const blocks = results.map(({ report, scenario, golden }) =>
      [
        ...renderReport(report, scenario, paint, options),
        ...golden.map((line) => `  ${paint.red('✗')} ${line}`),
      ].join('\n'),
    );
    let text = blocks.join(options.quiet ? '\n' : '\n\n');
    if (results.length > 1) {
      const passed = results.length - failed;
      const tally = `${plural(results.length, 'scenario')}: ${passed} passed, ${failed} failed`;
      text += `${options.quiet ? '\n' : '\n\n'}${failed > 0 ? paint.red(tally) : paint.green(tally)}`;
    }
    if (text !== '') io.stdout(`${text}\n`);
    if (broken) return 2;
    return failed > 0 ? 1 : 0;
  },
};
