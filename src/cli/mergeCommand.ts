import {
  mergeShards,
  parseScenario,
  readSweep,
  ScenarioError,
  sweepPointCount,
  sweepSeeds,
  append,
} from '../sim';
import type { Command } from './command';
import { render } from './exploreCommand';
import { EXPLORE_SHARDS, type ExploreShardDocument } from './exploreShards';
import type { CliIo } from './io';
import { expandOperands, STDIN } from './operands';
import { checkOutputFile, outputFile, type OutputFile } from './outputs';
import { oneOutput, UsageError } from './parseArgs';
import { printSamples } from './runCommand';
import {
  SAMPLES_SHARDS,
  sampleProblem,
  SWEEP_SHARDS,
  sweepPartHolds,
  type SamplesShardDocument,
  type SweepShardDocument,
} from './sampleShards';
import { readShardFiles, shardText, type ShardHeader, type ShardKind } from './shardFiles';
import { printSweep, readSweepPoints, sweepRunsProblem } from './sweepCommand';
import { oneLine } from './terminal';
import { plural, type Paint } from './text';

/** Every kind of shard file `merge` reads. */
const KINDS: readonly ShardKind<ShardHeader>[] = [EXPLORE_SHARDS, SAMPLES_SHARDS, SWEEP_SHARDS];

/** Says on stderr what is wrong with the shards, and that nothing was merged; status 2. */
function refuse(messages: readonly string[], io: CliIo): number {
  for (const message of messages) io.stderr(`${message}\n`);
  io.stderr(
    `rehearse merge: ${plural(messages.length, 'problem')} with the shards; nothing was merged\n`,
  );
  return 2;
}

/** What `merge` prints and writes. */
interface MergeOutput {
  readonly json: boolean;
  readonly csv: boolean;
  readonly svg: OutputFile | undefined;
}

/** The scenario file of a part as messages show it. Pure. */
function shownFile(file: string): string {
  return file === STDIN ? 'stdin' : oneLine(file);
}

/** The parts of `run --samples`, summed up as one process sums them up. */
function mergeSamples(
  files: readonly string[],
  docs: readonly SamplesShardDocument[],
  output: MergeOutput,
  io: CliIo,
  paint: Paint,
): number {
  const [first] = docs;
  if (first === undefined) return 2;
  let scenario;
  try {
    scenario = parseScenario(first.text, shownFile(first.file));
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    return refuse([`${oneLine(files[0] ?? '')}: text: ${error.message}`], io);
  }
  const problems = docs.flatMap((doc, part) =>
    doc.result.flatMap((sample, index) => {
      const problem = sampleProblem(sample, scenario, `result[${index}]`);
      return problem === undefined ? [] : [`${oneLine(files[part] ?? '')}: ${problem}`];
    }),
  );
  if (problems.length > 0) return refuse(problems.slice(0, 1), io);
  const samples = docs.flatMap((doc) => doc.result);
  return printSamples(scenario, samples, first.file, output, 'merge', io, paint);
}

/** The parts of a sweep, summed up as one process sums them up. */
function mergeSweep(
  files: readonly string[],
  docs: readonly SweepShardDocument[],
  output: MergeOutput,
  io: CliIo,
  paint: Paint,
): number {
  const [first] = docs;
  if (first === undefined) return 2;
  // The number of runs is bounded as the sweep bounds it, before any point is read: the part's
  // fields are checked one by one, not together.
  const settings = readSweep(first.set);
  const tooMany = settings.ok
    ? sweepRunsProblem(sweepPointCount(settings.parameters), first.samples)
    : undefined;
  if (tooMany !== undefined) return refuse([`${oneLine(files[0] ?? '')}: ${tooMany}`], io);
  const read = readSweepPoints(first.text, shownFile(first.file), first.set);
  if (!read.ok) return refuse([`${oneLine(files[0] ?? '')}: ${read.message}`], io);
  const messages: string[] = [];
  const merged = read.points.map(() => [] as SweepShardDocument['result'][number][number][]);
  docs.forEach((doc, index) => {
    const shard = { index, count: docs.length };
    if (!sweepPartHolds(doc, sweepSeeds(read.points, doc.seed, doc.samples, shard))) {
      messages.push(
        `${oneLine(files[index] ?? '')}: result: not the runs of part ${shardText(shard)} of this sweep (a shard file edited, or damaged)`,
      );
      return;
    }
    const problem = doc.result
      .flatMap((samples, point) => {
        const scenario = read.points[point]?.scenario;
        return scenario === undefined
          ? []
          : samples.map((sample, index) =>
              sampleProblem(sample, scenario, `result[${point}][${index}]`),
            );
      })
      .find((found) => found !== undefined);
    if (problem !== undefined) {
      messages.push(`${oneLine(files[index] ?? '')}: ${problem}`);
      return;
    }
    doc.result.forEach((samples, point) => append(merged[point] ?? [], samples));
  });
  if (messages.length > 0) return refuse(messages, io);
  return printSweep(
    read,
    merged,
    { seed: first.seed, samples: first.samples },
    output,
    'merge',
    io,
    paint,
  );
}

/** `rehearse merge SHARD…`: the parts `--shard I/N` printed, as one process gives them. */
export const mergeCommand: Command = {
  name: 'merge',
  synopsis: 'SHARD… [--json | --csv] [--svg FILE]',
  summary:
    'combine the parts `rehearse explore`, `run --samples` or `sweep` printed with --shard I/N into what one process prints',
  options: [
    {
      name: 'json',
      help: 'print the result as JSON, as explore --json, run --samples --json or sweep --json does',
    },
    { name: 'csv', help: 'parts of a sweep: print the table as CSV, as sweep --csv does' },
    {
      name: 'svg',
      value: 'FILE',
      help: 'parts of run --samples or of a sweep: also write the SVG its --svg FILE writes',
    },
  ],
  details: [
    'Give every part of one command once, in any order (files, folders or patterns): of one kind (explore, run --samples or sweep, told by the "format" of each file), run by one version of Rehearse, with the same scenario file and the same question (--faults or --random and --seed; --samples and --seed; --set, --samples and --seed) and the same N. The output, and the exit status, are exactly those of the command in one process.',
    'Exit status: as the command merged (explore: 0 no invariant was violated in any run, 1 some run violated one; run --samples and sweep: 0 every run passed, 1 some run did not); 2 a shard file is missing, unreadable, of another command, scenario or question, or given twice.',
  ],
  run(args, { io, paint }) {
    if (args.operands.length === 0) throw new UsageError('no shard file given');
    const files = expandOperands(args.operands, io);
    if (files.includes(STDIN))
      throw new UsageError('standard input (-) holds one shard at most: give the shard files');
    const json = args.flags.has('json');
    const csv = args.flags.has('csv');
    oneOutput(args, 'csv', 'json');
    const svg = outputFile('--svg', args.values.get('svg'), io.cwd);
    const read = readShardFiles(files, io, KINDS);
    if (!read.ok) return refuse(read.messages, io);
    if (csv && read.kind !== SWEEP_SHARDS)
      throw new UsageError('--csv goes with the parts of a sweep');
    if (svg !== undefined && read.kind === EXPLORE_SHARDS)
      throw new UsageError('--svg goes with the parts of run --samples or of a sweep');
    if (svg !== undefined) {
      const problem = checkOutputFile(svg, files, 'shard file', io);
      if (problem !== undefined) {
        io.stderr(`rehearse merge: --svg ${oneLine(svg.shown)}: ${problem}\n`);
        return 2;
      }
    }
    const output = { json, csv, svg };
    if (read.kind === SWEEP_SHARDS)
      return mergeSweep(read.files, read.docs as SweepShardDocument[], output, io, paint);
    if (read.kind === SAMPLES_SHARDS)
      return mergeSamples(read.files, read.docs as SamplesShardDocument[], output, io, paint);
    const result = mergeShards((read.docs as ExploreShardDocument[]).map((doc) => doc.result));
    if (json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else io.stdout(`${render(result, paint, undefined, new Map()).join('\n')}\n`);
    return result.counterexamples.length > 0 ? 1 : 0;
  },
};
