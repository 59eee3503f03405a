import { relative, resolve } from 'node:path';
import {
  formatDuration,
  formatSummary,
  REPORT_ENVELOPE_FORMAT,
  reportPasses,
  seedsOfShard,
  sourceLabel,
  simulate,
  summarizeSamples,
  SAMPLES_FORMAT,
  type Sample,
  summarize,
  summaryPathFor,
  type Cause,
  type InvariantResult,
  type Report,
  type Scenario,
  type Shard,
  type Violation,
  missLine,
  roleChangeNoun,
  seedRangeProblem,
  append,
} from '../sim';
import { describeSource, vendor } from '../../machines/sources';
import type { Command } from './command';
import type { CliIo } from './io';
import { durationHelp } from './help';
import { githubAnnotations } from './githubAnnotations';
import { htmlReport } from './htmlReport';
import { junitReport } from './junitReport';
import {
  internalError,
  loadScenarios,
  readReason,
  writeReason,
  type InputProblem,
} from './loadScenario';
import {
  checkOutputFile,
  outputClash,
  outputFile,
  writeOutputFile,
  type OutputFile,
} from './outputs';
import { oneLine } from './terminal';
import { didYouMean, readCount, readSeed, UsageError } from './parseArgs';
import { MAX_SAMPLES, runBatches, tooManyCells } from './sampling';
import { samplesShardDocument } from './sampleShards';
import { parseShardOption } from './shardFiles';
import { firstViolation, systemName, type GoldenDiff, type RunResult } from './runResult';
import {
  plural,
  STEP_COLUMNS,
  stepCells,
  table,
  thousands,
  workloadNoun,
  type Paint,
} from './text';
import { expandOperands, STDIN } from './operands';
import { membersLabel, workloadLines } from './workloadGroups';
import { samplesSvg, samplesText } from './samplesOutput';

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
    plural(report.failovers, roleChangeNoun(scenario.system)),
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
  append(out, movedLines(report));
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

/**
 * VPSs that ended on another processing host than the one they were placed on: the controller
 * started them there when their host went down, which Bicom documents and the upgrade document
 * does not. Said with its source, as a step's is. Pure.
 */
function movedLines(report: Report): string[] {
  const processing = new Set(
    report.hosts.filter((h) => h.kind === 'processing').map((h) => h.name),
  );
  const moved = report.workloads.filter(
    (w) => w.placed !== undefined && processing.has(w.placed) && w.host !== w.placed,
  );
  if (moved.length === 0) return [];
  const shown = moved
    .slice(0, 5)
    .map((w) => `${w.name} from ${w.placed} to ${w.host}`)
    .join(', ');
  const more = moved.length > 5 ? `, and ${thousands(moved.length - 5)} more` : '';
  return [
    `  moved by the controller when their host went down: ${shown}${more}. ${describeSource(vendor('bicom-processing-failover'))}`,
  ];
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
    const first = firstViolation(invariant.violations);
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

/** The steps as they ran, each with where it comes from, for `--trace`. Pure. */
function stepsTable(report: Report): string[] {
  const rows = [
    [...STEP_COLUMNS, 'time', 'source'],
    ...report.steps.map((step) => [
      ...stepCells(step),
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
    append(lines, body);
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
 * `--update`. Returns what differs (nothing when it matches or there is none).
 */
function checkGolden(
  file: string,
  report: Report,
  update: boolean,
  io: CliIo,
): GoldenDiff | undefined {
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
    return undefined;
  }
  if (!io.exists?.(path)) return undefined;
  let stored: string;
  try {
    stored = io.readFile(path);
  } catch (error) {
    throw new FileProblem(`cannot read ${shown}: ${readReason(error)}`);
  }
  if (stored === text) return undefined;
  const want = stored.split('\n');
  const got = text.split('\n');
  const at = want.findIndex((line, index) => line !== got[index]);
  const line = at < 0 ? want.length : at;
  return {
    summary: shown,
    line: line + 1,
    lines: [
      `the run differs from its golden summary ${shown} at line ${line + 1}:`,
      `    stored: ${(want[line] ?? '(end of file)').trim()}`,
      `    now:    ${(got[line] ?? '(end of file)').trim()}`,
      `  if the change is intended, run: rehearse run --update ${oneLine(file)}`,
    ],
  };
}

/** A golden summary that could not be read or written: `message` names it and says why. */
class FileProblem extends Error {}

/** What `run --samples` was asked. */
interface SamplesOptions {
  readonly count: number;
  readonly seed: number | undefined;
  readonly json: boolean;
  readonly svg: OutputFile | undefined;
  readonly workers: number | undefined;
  readonly shard: Shard | undefined;
}

/** What the samples of one scenario are printed as. */
interface SamplesPrint {
  readonly json: boolean;
  readonly svg: OutputFile | undefined;
}

/**
 * Sums the samples of one scenario up, prints the summary (text or JSON) and writes the
 * histogram: what `run --samples` and `merge` of its parts print. Returns the exit status: 0
 * every sample passed, 1 some did not, 2 the histogram could not be written.
 * @param file the scenario file as given, for the replay command.
 */
export function printSamples(
  scenario: Scenario,
  samples: readonly Sample[],
  file: string,
  options: SamplesPrint,
  command: string,
  io: CliIo,
  paint: Paint,
): number {
  const report = summarizeSamples(scenario, samples);
  if (options.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout(`${samplesText(report, file, paint).join('\n')}\n`);
  if (
    options.svg !== undefined &&
    !writeOutputFile(options.svg, samplesSvg(report, samples), command, io)
  )
    return 2;
  return report.passed === report.samples ? 0 : 1;
}

/**
 * `rehearse run FILE --samples N`: the scenario run with N seeds, summed up (or, with --shard,
 * the runs of one part printed for `rehearse merge`). Exit status 0 when every sample passed
 * (every invariant held, every expectation met), 1 when any did not, 2 for an invalid input.
 */
async function runSamples(
  operands: readonly string[],
  options: SamplesOptions,
  io: CliIo,
  paint: Paint,
  version: string,
): Promise<number> {
  const files = expandOperands(operands, io);
  if (files.length !== 1) {
    throw new UsageError(
      `--samples runs one scenario file; got ${plural(files.length, 'file')}: run each on its own`,
    );
  }
  const { svg } = options;
  if (svg !== undefined) {
    const problem = checkOutputFile(svg, files, 'scenario file', io);
    if (problem !== undefined) {
      io.stderr(`rehearse run: --svg ${oneLine(svg.shown)}: ${problem}\n`);
      return 2;
    }
  }
  const problems: InputProblem[] = [];
  const loaded = loadScenarios(files, io, 'run', 'nothing was run', problems);
  const item = loaded?.[0];
  if (!item) return 2;
  const { scenario } = item;
  const cells = tooManyCells(options.count, scenario.workloads.length);
  if (cells !== undefined) {
    io.stderr(`rehearse run: --samples ${thousands(options.count)} ${cells}: take fewer samples\n`);
    return 2;
  }
  const first = options.seed ?? scenario.seed;
  const tooFar = seedRangeProblem(first, options.count);
  if (tooFar !== undefined) {
    io.stderr(`rehearse run: --samples ${thousands(options.count)}: ${tooFar}\n`);
    return 2;
  }
  const seeds =
    options.shard === undefined
      ? Array.from({ length: options.count }, (_, index) => first + index)
      : seedsOfShard(first, options.count, options.shard);
  let samples: Sample[];
  try {
    const workers = options.workers ?? io.cores ?? 1;
    [samples = []] = await runBatches(io, [{ scenario, seeds }], workers, 'sampling');
  } catch (error) {
    io.stderr(`${internalError(error, io, `while sampling ${item.file}`)}\n`);
    return 2;
  }
  if (options.shard !== undefined) {
    const input = { scenario: scenario.name, file: item.file, text: item.text };
    const run = {
      rehearse: version,
      shard: options.shard,
      input,
      samples: options.count,
      seed: first,
    };
    io.stdout(`${JSON.stringify(samplesShardDocument(run, samples))}\n`);
    return 0;
  }
  return printSamples(scenario, samples, item.file, options, 'run', io, paint);
}

/** What `--reporter` prints on standard output. */
const REPORTERS = ['text', 'json', 'junit', 'github'] as const;
type Reporter = (typeof REPORTERS)[number];

/** Everything `rehearse run` was asked, read from its arguments once. */
interface RunOptions {
  readonly operands: readonly string[];
  readonly seed: number | undefined;
  readonly update: boolean;
  /** `--json`: the report alone (an object for one file, an array for several). */
  readonly bareJson: boolean;
  readonly reporter: Reporter;
  /** `--html FILE`, resolved against the working folder. */
  readonly html: { readonly path: string; readonly shown: string } | undefined;
  readonly render: RenderOptions;
  readonly version: string;
}

function readReporter(text: string | undefined): Reporter {
  if (text === undefined) return 'text';
  if ((REPORTERS as readonly string[]).includes(text)) return text as Reporter;
  throw new UsageError(
    `--reporter must be one of ${REPORTERS.join(', ')}, got ${JSON.stringify(text)}${didYouMean(text, REPORTERS)}`,
  );
}

/** `{ format, passed, runs, errors }`: the same shape for one file or many. Pure. */
function jsonEnvelope(results: readonly RunResult[], problems: readonly InputProblem[]): string {
  const envelope = {
    format: REPORT_ENVELOPE_FORMAT,
    passed: problems.length === 0 && results.every((result) => result.passed),
    runs: results.map((result) => ({
      file: result.file,
      passed: result.passed,
      ...(result.golden === undefined ? {} : { golden: result.golden.lines }),
      report: result.report,
    })),
    errors: problems.map((problem) => ({
      file: problem.file,
      ...(problem.line === undefined ? {} : { line: problem.line }),
      ...(problem.column === undefined ? {} : { column: problem.column }),
      ...(problem.path === undefined ? {} : { path: problem.path }),
      message: problem.message,
    })),
  };
  return `${JSON.stringify(envelope, null, 2)}\n`;
}

/** Prints what a reporter prints when no scenario could be run (an invalid input). */
function reportProblems(options: RunOptions, problems: readonly InputProblem[], io: CliIo): void {
  if (options.reporter === 'json') io.stdout(jsonEnvelope([], problems));
  if (options.reporter === 'junit') io.stdout(junitReport([], problems));
  if (options.reporter === 'github') {
    const lines = githubAnnotations([], problems);
    if (lines.length > 0) io.stdout(`${lines.join('\n')}\n`);
  }
}

/** Checks `--html FILE` before anything runs: not one of the inputs, and writable. */
function checkHtml(options: RunOptions, files: readonly string[], io: CliIo): string | undefined {
  const { html } = options;
  if (html === undefined) return undefined;
  for (const file of files) {
    if (file !== STDIN && resolve(io.cwd, file) === html.path)
      throw new UsageError(`--html ${html.shown} would overwrite the scenario file ${file}`);
  }
  if (!io.writeFile) return 'this host cannot write files';
  return io.prepareFile?.(html.path);
}

/**
 * One pass of `rehearse run` over its files: reads them all, runs them, prints with the chosen
 * reporter, writes the HTML report. Returns the exit status.
 */
function runOnce(options: RunOptions, io: CliIo, paint: Paint): number {
  const files = expandOperands(options.operands, io);
  const { update } = options;
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
  const htmlProblem = checkHtml(options, files, io);
  if (htmlProblem !== undefined) {
    io.stderr(`rehearse run: --html ${oneLine(options.html?.shown ?? '')}: ${htmlProblem}\n`);
    return 2;
  }
  const problems: InputProblem[] = [];
  const loaded = loadScenarios(files, io, 'run', 'nothing was run', problems);
  if (!loaded) {
    reportProblems(options, problems, io);
    return 2;
  }
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
  const results: RunResult[] = [];
  let broken = false;
  for (const [index, item] of loaded.entries()) {
    if (loaded.length > 1) io.progress?.(`running ${index + 1} of ${loaded.length}: ${item.file}`);
    try {
      const seed = options.seed;
      const { report, groups, fired } = simulate(item.scenario, seed === undefined ? {} : { seed });
      const golden = item.file === STDIN ? undefined : checkGolden(item.file, report, update, io);
      results.push({
        ...item,
        report,
        groups,
        fired,
        ...(golden === undefined ? {} : { golden }),
        passed: reportPasses(report, item.scenario) && golden === undefined,
      });
    } catch (error) {
      broken = true;
      if (error instanceof FileProblem) io.stderr(`rehearse run: ${error.message}\n`);
      else io.stderr(`${internalError(error, io, `while simulating ${item.file}`)}\n`);
    }
  }
  io.progress?.(undefined);
  const failed = results.filter((result) => !result.passed).length;
  const status = broken ? 2 : failed > 0 ? 1 : 0;
  if (options.bareJson) {
    if (broken) return 2;
    const value =
      results.length === 1 ? results[0]?.report : results.map((result) => result.report);
    io.stdout(`${JSON.stringify(value, null, 2)}\n`);
  } else if (options.reporter === 'json') {
    io.stdout(jsonEnvelope(results, []));
  } else if (options.reporter === 'junit') {
    io.stdout(junitReport(results, []));
  } else {
    const { render } = options;
    const blocks = results.map((result) =>
      [
        ...renderReport(result.report, result.scenario, paint, render),
        ...(result.golden?.lines ?? []).map((line) => `  ${paint.red('✗')} ${line}`),
      ].join('\n'),
    );
    let text = blocks.join(render.quiet ? '\n' : '\n\n');
    if (results.length > 1) {
      const passed = results.length - failed;
      const tally = `${plural(results.length, 'scenario')}: ${passed} passed, ${failed} failed`;
      text += `${render.quiet ? '\n' : '\n\n'}${failed > 0 ? paint.red(tally) : paint.green(tally)}`;
    }
    if (options.reporter === 'github') {
      const annotations = githubAnnotations(results, []);
      if (annotations.length > 0) text += `${text === '' ? '' : '\n'}${annotations.join('\n')}`;
    }
    if (text !== '') io.stdout(`${text}\n`);
  }
  if (options.html !== undefined && results.length > 0) {
    try {
      io.writeFile?.(options.html.path, htmlReport(results, options.version));
      io.stderr(`wrote ${oneLine(options.html.shown)}\n`);
    } catch (error) {
      io.stderr(
        `rehearse run: cannot write ${oneLine(options.html.shown)}: ${writeReason(error)}\n`,
      );
      return 2;
    }
  }
  return status;
}

/** The files a watch follows: each scenario file and its golden summary. Pure. */
function watchedPaths(operands: readonly string[], io: CliIo): string[] {
  const paths = new Set<string>();
  for (const file of expandOperands(operands, io)) {
    if (file === STDIN) continue;
    const path = resolve(io.cwd, file);
    paths.add(path);
    paths.add(summaryPathFor(path));
  }
  return [...paths];
}

/**
 * `--watch`: runs, then runs again each time a scenario file or its golden summary changes, until
 * interrupted. An invalid file is reported and waited on like any other: the watch goes on.
 */
async function watchRuns(options: RunOptions, io: CliIo, paint: Paint): Promise<number> {
  const { waitForChange } = io;
  if (waitForChange === undefined) throw new UsageError('--watch is not available here');
  for (;;) {
    const paths = watchedPaths(options.operands, io);
    // Watching starts before the run, so a save during it is not missed.
    const change = waitForChange(paths);
    io.clearScreen?.();
    try {
      runOnce(options, io, paint);
    } catch (error) {
      if (error instanceof UsageError) io.stderr(`rehearse run: ${oneLine(error.message)}\n`);
      else io.stderr(`${internalError(error, io)}\n`);
    }
    io.stderr(`watching ${plural(paths.length, 'file')} for changes (Ctrl-C stops)\n`);
    let changed: string;
    try {
      changed = await change;
    } catch (error) {
      io.stderr(
        `rehearse run: --watch: ${oneLine(error instanceof Error ? error.message : String(error))}\n`,
      );
      return 2;
    }
    io.stderr(`\n${oneLine(relative(io.cwd, changed))} changed: running again\n`);
  }
}

/** `rehearse run FILE… [--json | --reporter NAME] [--html FILE] [--watch] …`. */
export const runCommand: Command = {
  name: 'run',
  synopsis:
    'FILE… [--json | --reporter NAME] [--html FILE] [--watch] [--seed N] [--trace] [--quiet] [--update] [--samples N [--svg FILE] [--workers N] [--shard I/N]]',
  summary: 'simulate each scenario and print a summary (or the JSON report)',
  options: [
    {
      name: 'json',
      help: 'print the JSON report only: an object for one file, an array for several',
    },
    {
      name: 'reporter',
      value: 'NAME',
      help: `what to print: text (the default summary), json (one object however many files: { "format": ${REPORT_ENVELOPE_FORMAT}, "passed", "runs": [{ "file", "passed", "report" }], "errors" }), junit (JUnit XML: a test case per scenario and per expect entry), github (the summary and GitHub Actions annotations at the lines of the scenario files)`,
    },
    {
      name: 'html',
      value: 'FILE',
      help: 'also write one self-contained HTML report (timeline, steps, invariants, downtime, trace) to FILE, atomically; it opens offline',
    },
    {
      name: 'watch',
      help: 'run again whenever a scenario file or its golden summary changes, until Ctrl-C; an invalid file is reported and waited on',
    },
    {
      name: 'seed',
      value: 'N',
      help: "run with seed N (a non-negative integer) instead of each scenario's `seed:`; same seed, same run; a seed draws the varying durations (ranges and estimates) and decides the faults with a probability, so a scenario whose durations are all fixed and whose faults have none runs the same with every seed",
    },
    {
      name: 'samples',
      value: 'N',
      help: `run one scenario N times (1 to ${thousands(MAX_SAMPLES)}), with seeds S, S+1, … S+N-1 (S: --seed, else the scenario's seed), and print the downtime per workload at p50/p90/p99/max (nearest rank) with the longest outage, the window's duration, how often each outcome and each invariant violation happened (with 95% Wilson intervals), what the faults with a probability cost, and the seeds of the worst run and of the longest window; --json prints it as an object with "format": ${SAMPLES_FORMAT}`,
    },
    {
      name: 'svg',
      value: 'FILE',
      help: 'with --samples: also write a histogram of total downtime as an SVG file',
    },
    {
      name: 'workers',
      value: 'N',
      help: 'with --samples: how many worker threads share the seeds (default: one per core); the result does not depend on it',
    },
    {
      name: 'shard',
      value: 'I/N',
      help: 'with --samples: run only the I-th of N parts of the seeds and print it as one line of JSON for `rehearse merge` (one machine per part)',
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
    `--json keeps the shape scripts have relied on (an object for one file, an array for several); --reporter json always prints one object with "format": ${REPORT_ENVELOPE_FORMAT}, which changes only with that number.`,
    'Exit status: 0 every expectation met and every invariant held; 1 an invariant was violated or an expect entry was not met; 2 an input is invalid or unreadable. With --samples: 0 every sample passed, 1 an invariant was violated or an expect entry was missed in at least one sample (the summary says how often), 2 as above.',
    'Percentiles are nearest-rank: p90 is the value of rank ceil(0.9 × N) among the N samples in ascending order, so at least 90% of the runs were at or below it. The worst run is the one with the largest total downtime; among equals, the worse outcome (stuck, aborted, rolled back, completed), then a failed check, then the longer window, then the smallest seed; `rehearse run FILE --seed K` replays it.',
    durationHelp().join('\n'),
  ],
  run(args, { io, paint, version }) {
    if (args.operands.length === 0) throw new UsageError('no scenario file given');
    const samples = readCount('samples', args.values.get('samples'), 1, MAX_SAMPLES);
    if (samples === undefined) {
      for (const name of ['svg', 'workers', 'shard']) {
        if (args.values.has(name)) throw new UsageError(`--${name} goes with --samples N`);
      }
    } else {
      for (const name of ['reporter', 'html']) {
        if (args.values.has(name))
          throw new UsageError(`--${name} does not go with --samples (use --json or --svg FILE)`);
      }
      for (const name of ['watch', 'update', 'trace', 'quiet']) {
        if (args.flags.has(name)) throw new UsageError(`--${name} does not go with --samples`);
      }
      const workers = readCount('workers', args.values.get('workers'), 1, 64);
      const shardOption = args.values.get('shard');
      const shard = shardOption === undefined ? undefined : parseShardOption(shardOption);
      if (shard !== undefined && args.values.has('svg'))
        throw new UsageError('--svg does not go with --shard: rehearse merge --svg FILE writes it');
      return runSamples(
        args.operands,
        {
          count: samples,
          seed: readSeed(args.values.get('seed')),
          json: args.flags.has('json'),
          svg: outputFile('--svg', args.values.get('svg'), io.cwd),
          workers,
          shard,
        },
        io,
        paint,
        version,
      );
    }
    const reporter = readReporter(args.values.get('reporter'));
    const bareJson = args.flags.has('json');
    if (bareJson && args.values.has('reporter'))
      throw new UsageError(
        '--json and --reporter both choose the output: use one (--reporter json for the envelope with a format version)',
      );
    // --quiet and --trace shape the text summary (and the GitHub reporter's, which is text with
    // annotations): with a machine-readable output they were ignored without a word.
    const machine = bareJson
      ? '--json'
      : reporter === 'text' || reporter === 'github'
        ? undefined
        : `--reporter ${reporter}`;
    for (const name of ['quiet', 'trace']) {
      if (machine !== undefined && args.flags.has(name))
        throw new UsageError(`--${name} shapes the text summary: it does not go with ${machine}`);
    }
    const htmlFile = args.values.get('html');
    const watch = args.flags.has('watch');
    const update = args.flags.has('update');
    if (watch && update)
      throw new UsageError('--watch and --update together would rewrite the summaries they watch');
    if (watch && args.operands.includes(STDIN))
      throw new UsageError('--watch follows files: standard input cannot be watched');
    const options: RunOptions = {
      operands: args.operands,
      seed: readSeed(args.values.get('seed')),
      update,
      bareJson,
      reporter,
      html:
        htmlFile === undefined ? undefined : { path: resolve(io.cwd, htmlFile), shown: htmlFile },
      render: { quiet: args.flags.has('quiet'), trace: args.flags.has('trace') },
      version,
    };
    if (watch) return watchRuns(options, io, paint);
    return runOnce(options, io, paint);
  },
};
