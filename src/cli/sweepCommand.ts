import {
  applySweepPoint,
  parseScenario,
  pointLabel,
  readSweep,
  ScenarioError,
  drawnByRun,
  drawnKeys,
  keyPosition,
  sampler,
  seedDraws,
  summarizeSweep,
  sweepGrid,
  sweepPointCount,
  sweepSeeds,
  MAX_SWEEP_POINTS,
  SWEEP_FORMAT,
  type Sample,
  type Scenario,
  type SeedDraws,
  type SweepParameter,
  type SweepPointScenario,
  seedRangeProblem,
  largest,
} from '../sim';
import type { Command } from './command';
import type { CliIo } from './io';
import { internalError, loadScenarios } from './loadScenario';
import { expandOperands, STDIN } from './operands';
import { checkOutputFile, outputFile, writeOutputFile, type OutputFile } from './outputs';
import { oneOutput, readCount, readSeed, UsageError } from './parseArgs';
import { sweepShardDocument } from './sampleShards';
import { MAX_SAMPLES, runBatches, tooManyCells } from './sampling';
import { parseShardOption } from './shardFiles';
import { sweepCsv, sweepSvg, sweepText } from './sweepOutput';
import { oneLine } from './terminal';
import { plural, thousands, type Paint } from './text';

/** A sweep's grid read against its scenario: every point valid, or the first that is not. */
type SweepPoints =
  | {
      readonly ok: true;
      readonly parameters: readonly SweepParameter[];
      readonly grid: readonly (readonly number[])[];
      readonly points: readonly SweepPointScenario[];
    }
  | { readonly ok: false; readonly message: string };

/** The settings of a sweep read, or what is wrong with them, naming the --set (all for the grid). */
function readSettings(settings: readonly string[]): readonly SweepParameter[] | string {
  const read = readSweep(settings);
  if (read.ok) return read.parameters;
  const flags =
    read.setting === undefined
      ? settings.map((setting) => `--set ${setting}`).join(' ')
      : `--set ${read.setting}`;
  return `${oneLine(flags)}: ${read.reason}`;
}

/**
 * A point's scenario: the text with the point's values written in, read by the scenario parser;
 * or the ScenarioError that says why it is not one.
 */
function readPoint(
  text: string,
  parameters: readonly SweepParameter[],
  point: readonly number[],
  file: string,
): Scenario | ScenarioError {
  let written: string;
  try {
    written = applySweepPoint(text, parameters, point);
  } catch (error) {
    return new ScenarioError(error instanceof Error ? error.message : String(error), { file });
  }
  try {
    return parseScenario(written, file);
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
}

/**
 * A point's error as the file's: where its key is written in the file (the point's own text is
 * the file written again, with other lines), then the key path, the reason and what was
 * expected. Pure.
 */
function reasonOf(error: ScenarioError, text: string, file: string): string {
  const expected = error.expected === undefined ? '' : ` (expected ${error.expected})`;
  const keys = error.path
    .split(/\.|\[(\d+)\]/)
    .filter((key) => key !== undefined && key !== '')
    .map((key) => (/^\d+$/.test(key) ? Number(key) : key));
  // A key that is not a plain word is quoted in the path: no position looked up for it.
  const plain = keys.length > 0 && !error.path.includes('"');
  const pos = file === 'stdin' || !plain ? undefined : keyPosition(text, keys);
  const where = pos === undefined ? file : `${file}:${pos.line}:${pos.column}`;
  return `${where}: ${error.path === '' ? '' : `${error.path}: `}${error.reason}${expected}`;
}

/**
 * Reads every point of a sweep: the settings, then the scenario with each point's values written
 * in, read by the scenario parser. Nothing runs unless every point is valid; the first invalid
 * one is named with the setting that makes it so (the first whose value alone does, else all),
 * and the points after it are not read.
 * @param file the scenario file as shown in messages.
 */
export function readSweepPoints(
  text: string,
  file: string,
  settings: readonly string[],
): SweepPoints {
  const read = readSettings(settings);
  if (typeof read === 'string') return { ok: false, message: read };
  const parameters = read;
  const grid = sweepGrid(parameters);
  const scenarios: Scenario[] = [];
  for (const point of grid) {
    const scenario = readPoint(text, parameters, point, file);
    if (scenario instanceof ScenarioError) {
      // The first invalid point is named at once: reading the rest of a large grid only to
      // count them took seconds (each point is the file written and parsed again).
      // The setting to name: the first whose value alone makes the scenario invalid.
      const culprit = parameters.findIndex(
        (parameter, index) =>
          readPoint(text, [parameter], [point[index] ?? 0], file) instanceof ScenarioError,
      );
      const reason = reasonOf(scenario, text, file);
      const label = pointLabel(parameters, point);
      const parameter = parameters[culprit];
      if (parameter !== undefined) {
        const value = parameter.values[point[culprit] ?? 0]?.text ?? '';
        const rest = parameters.length > 1 ? ` (at ${label})` : '';
        return {
          ok: false,
          message: `--set ${oneLine(parameter.setting)}: ${parameter.key}=${oneLine(value)} makes the scenario invalid${oneLine(rest)}: ${reason}`,
        };
      }
      return {
        ok: false,
        message: `${oneLine(parameters.map((p) => `--set ${p.setting}`).join(' '))}: the point ${oneLine(label)} makes the scenario invalid: ${reason}`,
      };
    }
    scenarios.push(scenario);
  }
  const points = scenarios.map((scenario) => ({ scenario, exact: sameWithEverySeed(scenario) }));
  return { ok: true, parameters, grid, points };
}

/** What the seed draws in a point, as the run of its own seed tells ({@link drawnByRun}). */
function pointDraws(scenario: Scenario): SeedDraws {
  const draws = seedDraws(scenario);
  // No run needed where nothing varies, or where a fault is left to chance.
  if (draws.faults.length > 0 || draws.durations.length === 0) return draws;
  return drawnByRun(draws, sampler(scenario)(scenario.seed));
}

/** Whether every seed gives a point the same run ({@link pointDraws}). */
function sameWithEverySeed(scenario: Scenario): boolean {
  return drawnKeys(pointDraws(scenario)).length === 0;
}

/**
 * What is wrong with a grid of `points` points run `samples` times each, if anything: more runs
 * than a command runs. Known from the settings alone, so it is told before the scenario (or any
 * point) is read; a point that draws nothing runs once, but the bound is on what was asked. Pure.
 */
export function sweepRunsProblem(points: number, samples: number): string | undefined {
  const runs = points * samples;
  if (runs <= MAX_SAMPLES) return undefined;
  return `${plural(points, 'point')} × --samples ${thousands(samples)} make ${thousands(runs)} runs, more than the ${thousands(MAX_SAMPLES)} a command runs: take fewer samples or points`;
}

/** How a sweep's summary is printed. */
interface SweepPrint {
  readonly json: boolean;
  readonly csv: boolean;
  readonly svg: OutputFile | undefined;
}

/**
 * Sums a sweep up and prints it (text, CSV or JSON), and writes its plots: what `sweep` and
 * `merge` of its parts print. Returns the exit status: 0 every run of every point passed, 1 some
 * did not, 2 the plots could not be written.
 */
export function printSweep(
  read: Extract<SweepPoints, { ok: true }>,
  samples: readonly (readonly Sample[])[],
  asked: { readonly seed: number; readonly samples: number },
  options: SweepPrint,
  command: string,
  io: CliIo,
  paint: Paint,
): number {
  const report = summarizeSweep(
    read.parameters,
    read.grid,
    read.points,
    samples,
    asked.seed,
    asked.samples,
  );
  if (options.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else if (options.csv) io.stdout(sweepCsv(report, read.parameters));
  else io.stdout(`${sweepText(report, paint).join('\n')}\n`);
  if (
    options.svg !== undefined &&
    !writeOutputFile(options.svg, sweepSvg(report, read.parameters), command, io)
  )
    return 2;
  return report.passed === report.points ? 0 : 1;
}

/** `rehearse sweep FILE --set KEY=VALUES… [--samples N] …`. */
export const sweepCommand: Command = {
  name: 'sweep',
  synopsis:
    'FILE --set KEY=VALUES… [--samples N] [--seed S] [--csv | --json] [--svg FILE] [--workers N] [--shard I/N]',
  summary: 'run a scenario over a grid of values of its keys and print the downtime at each point',
  options: [
    {
      name: 'set',
      value: 'KEY=VALUES',
      repeatable: true,
      help: 'a key of the scenario and its values, given once per key: a list (durations.failover=10m,20m,45m) or a range with a step (durations.failover=10m..30m:5m, hosts.processing=2..8; whole numbers step by 1 unless told); the grid is every combination',
    },
    {
      name: 'samples',
      value: 'N',
      help: 'run each point whose durations or faults are drawn from the seed with N seeds (S … S+N−1), as run --samples does; a point that draws nothing runs once',
    },
    {
      name: 'seed',
      value: 'S',
      help: "the first seed (default: the scenario's seed); every point runs with the same seeds",
    },
    {
      name: 'csv',
      help: 'print the table as CSV (RFC 4180, a header row; lengths in seconds and as read)',
    },
    {
      name: 'json',
      help: `print the sweep as JSON: { "format": ${SWEEP_FORMAT}, "parameters", "rows": [{ "set", "exact", "result" }] }, each result as run --samples --json prints it`,
    },
    {
      name: 'svg',
      value: 'FILE',
      help: 'also write the plots of total downtime against each swept key as an SVG file',
    },
    {
      name: 'workers',
      value: 'N',
      help: 'how many worker threads share the runs (default: one per core); the result does not depend on it',
    },
    {
      name: 'shard',
      value: 'I/N',
      help: 'run only the I-th of N parts of the runs and print it as one line of JSON for `rehearse merge` (one machine per part)',
    },
  ],
  details: [
    `Keys: durations.KEY (any duration key), durations.KEY.HOST (the override of one host, role or the default: a single value becomes the default beside it), hosts.processing, vps, services, policy.* and recovery.* keys. Each point is the scenario file with its values written in and read again, so a point is valid exactly when a file with those values would be; if any point is invalid, nothing runs and the first is named with its --set. A grid has at most ${thousands(MAX_SWEEP_POINTS)} points.`,
    'A point that draws nothing from the seed (every duration fixed, no fault by chance) runs once and its figures are exact. A point that draws needs --samples N: it runs N seeds and shows p50, p90 and max (nearest rank), as run --samples does.',
    'With --shard I/N, only the runs k (counted point by point, seed by seed, from 0) with k mod N = I−1 are run, and printed as one line of JSON; `rehearse merge` of the N parts prints exactly what the sweep prints in one process.',
    'Exit status: 0 every run of every point passed (every invariant held, every expectation met); 1 some run violated an invariant or missed an expect entry; 2 an input or a --set is invalid.',
  ],
  async run(args, { io, paint, version }) {
    if (args.operands.length === 0) throw new UsageError('no scenario file given');
    const files = expandOperands(args.operands, io);
    if (files.length !== 1) {
      throw new UsageError(
        `sweep runs one scenario file; got ${plural(files.length, 'file')}: sweep each on its own`,
      );
    }
    const settings = args.lists.get('set') ?? [];
    if (settings.length === 0)
      throw new UsageError('--set KEY=VALUES is needed, like --set durations.failover=10m..30m:5m');
    const count = readCount('samples', args.values.get('samples'), 1, MAX_SAMPLES);
    const seed = readSeed(args.values.get('seed'));
    const workers = readCount('workers', args.values.get('workers'), 1, 64);
    const json = args.flags.has('json');
    const csv = args.flags.has('csv');
    oneOutput(args, 'csv', 'json');
    const shardOption = args.values.get('shard');
    const shard = shardOption === undefined ? undefined : parseShardOption(shardOption);
    if (shard !== undefined) {
      for (const name of ['csv', 'svg'] as const)
        if (args.flags.has(name) || args.values.has(name))
          throw new UsageError(
            `--${name} does not go with --shard: rehearse merge --${name} gives it`,
          );
    }
    const svg = outputFile('--svg', args.values.get('svg'), io.cwd);
    // Settings are checked before the file is read: a bad --set is a usage error however the file is.
    const checked = readSettings(settings);
    if (typeof checked === 'string') throw new UsageError(checked);
    // So is the number of runs: a grid of 10,000 points took 25 s to be refused once read.
    const tooMany = sweepRunsProblem(sweepPointCount(checked), count ?? 1);
    if (tooMany !== undefined) {
      io.stderr(`rehearse sweep: ${tooMany}\n`);
      return 2;
    }
    if (svg !== undefined) {
      const problem = checkOutputFile(svg, files, 'scenario file', io);
      if (problem !== undefined) {
        io.stderr(`rehearse sweep: --svg ${oneLine(svg.shown)}: ${problem}\n`);
        return 2;
      }
    }
    const loaded = loadScenarios(files, io, 'sweep', 'nothing was run');
    const item = loaded?.[0];
    if (!item) return 2;
    const shown = item.file === STDIN ? 'stdin' : oneLine(item.file);
    const read = readSweepPoints(item.text, shown, settings);
    if (!read.ok) {
      io.stderr(`rehearse sweep: ${read.message}; nothing was run\n`);
      return 2;
    }
    const drawing = read.points.findIndex((point) => !point.exact);
    const draws = read.points[drawing];
    if (draws !== undefined && count === undefined) {
      const keys = drawnKeys(pointDraws(draws.scenario));
      io.stderr(
        `rehearse sweep: ${keys.join(', ')} ${keys.length === 1 ? 'is' : 'are'} drawn from the seed at ${oneLine(pointLabel(read.parameters, read.grid[drawing] ?? []))}: give --samples N to run each such point with N seeds (--samples 1 for one run); nothing was run\n`,
      );
      return 2;
    }
    const samples = count ?? 1;
    const runs = read.points.reduce((sum, point) => sum + (point.exact ? 1 : samples), 0);
    const workloads = largest(
      read.points.map((point) => point.scenario.workloads.length),
      0,
    );
    const cells = tooManyCells(runs, workloads);
    if (cells !== undefined) {
      io.stderr(`rehearse sweep: ${thousands(runs)} runs ${cells}: take fewer samples or points\n`);
      return 2;
    }
    if (draws === undefined && count !== undefined && count > 1) {
      io.stderr(
        `rehearse sweep: no point draws anything from the seed (every duration fixed, or timing nothing in the point's run; no fault by chance): each runs once, --samples ${thousands(count)} aside\n`,
      );
    }
    const first = seed ?? item.scenario.seed;
    const tooFar = seedRangeProblem(first, samples);
    if (tooFar !== undefined) {
      io.stderr(`rehearse sweep: --samples ${thousands(samples)}: ${tooFar}\n`);
      return 2;
    }
    const seeds = sweepSeeds(read.points, first, samples, shard);
    let results: Sample[][];
    try {
      results = await runBatches(
        io,
        read.points.map((point, index) => ({
          scenario: point.scenario,
          seeds: seeds[index] ?? [],
        })),
        workers ?? io.cores ?? 1,
        'sweeping',
      );
    } catch (error) {
      io.stderr(`${internalError(error, io, `while sweeping ${item.file}`)}\n`);
      return 2;
    }
    const asked = { seed: first, samples };
    if (shard !== undefined) {
      const input = { scenario: item.scenario.name, file: item.file, text: item.text };
      const run = { rehearse: version, shard, input, ...asked };
      io.stdout(`${JSON.stringify(sweepShardDocument(run, settings, results))}\n`);
      return 0;
    }
    return printSweep(read, results, asked, { json, csv, svg }, 'sweep', io, paint);
  },
};
