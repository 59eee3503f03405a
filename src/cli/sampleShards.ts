/**
 * Parts of `rehearse run FILE --samples N --shard I/N` and of `rehearse sweep FILE … --shard I/N`:
 * each holds the scenario file's text, what was asked, and the runs of its part, so that
 * `rehearse merge` sums them up exactly as one process does.
 */
import { z } from 'zod';
import {
  DEFAULT_DURATIONS,
  INVARIANT_IDS,
  OUTCOMES,
  seedsOfShard,
  seedDraws,
  type DurationKey,
  type Sample,
  type Scenario,
  type Shard,
} from '../sim';
import { MAX_SAMPLES } from './sampling';
import { sealed, shardText, type ShardHeader, type ShardKind } from './shardFiles';

const SAMPLES_SHARD_FORMAT = 'rehearse-samples-shard';
const SWEEP_SHARD_FORMAT = 'rehearse-sweep-shard';
// 2: each run says which varying durations timed something (`drawn`), which the summary's
// `draws` is read from; a part of version 1 lacks it, and is refused by its version.
const VERSION = 2;

/** The scenario a part was run on: its file as given, and its text, read again by the merge. */
interface ScenarioInput {
  /** The scenario's name, for messages. */
  readonly scenario: string;
  /** The file as given (`-` for standard input), for the replay command the summary prints. */
  readonly file: string;
  /** The file's text: the parts must share it, and the merge reads it again. */
  readonly text: string;
}

/** One part of `run --samples`: the runs of its seeds. */
export interface SamplesShardDocument extends ShardHeader, ScenarioInput {
  /** How many samples in all, from `seed` on. */
  readonly samples: number;
  readonly seed: number;
  readonly result: readonly Sample[];
}

/** One part of a sweep: each point's runs that belong to it (none for some points). */
export interface SweepShardDocument extends ShardHeader, ScenarioInput {
  /** The `--set` settings as given, in order. */
  readonly set: readonly string[];
  /** Runs of a point that draws from the seed. */
  readonly samples: number;
  readonly seed: number;
  /** Each point's samples in this part, in the order of the points. */
  readonly result: readonly (readonly Sample[])[];
}

/** What was run, for a shard file. */
interface ShardRun {
  readonly rehearse: string;
  readonly shard: Shard;
  readonly input: ScenarioInput;
  readonly samples: number;
  readonly seed: number;
}

/** The document `run --samples --shard I/N` prints. Pure. */
export function samplesShardDocument(
  run: ShardRun,
  result: readonly Sample[],
): SamplesShardDocument {
  return sealed({
    format: SAMPLES_SHARD_FORMAT,
    version: VERSION,
    rehearse: run.rehearse,
    shard: shardText(run.shard),
    ...run.input,
    samples: run.samples,
    seed: run.seed,
    result,
  });
}

/** The document `sweep --shard I/N` prints. Pure. */
export function sweepShardDocument(
  run: ShardRun,
  set: readonly string[],
  result: readonly (readonly Sample[])[],
): SweepShardDocument {
  return sealed({
    format: SWEEP_SHARD_FORMAT,
    version: VERSION,
    rehearse: run.rehearse,
    shard: shardText(run.shard),
    ...run.input,
    set,
    samples: run.samples,
    seed: run.seed,
    result,
  });
}

const DURATION_KEYS = Object.keys(DEFAULT_DURATIONS) as [DurationKey, ...DurationKey[]];

/** A length of virtual time (ms): a run's never is negative. */
const length = z.number().min(0);

/**
 * One run as a part holds it. The digest only tells a damaged part: anyone can seal an edited
 * one again, so every figure is bounded here (an unknown outcome fell out of the tallies, a
 * negative downtime lowered the percentiles) and the lengths of its lists are checked against
 * the scenario by `sampleProblem`.
 */
const sampleSchema = z
  .object({
    seed: z.number().int().min(0),
    outcome: z.enum(OUTCOMES),
    duration: length,
    total: length,
    downtime: z.array(length),
    longest: z.array(length),
    violated: z.array(z.enum(INVARIANT_IDS)),
    missed: z.boolean(),
    passed: z.boolean(),
    fired: z.array(z.number().int().min(0)),
    drawn: z.array(z.enum(DURATION_KEYS)),
    warnings: z.array(z.string()).optional(),
  })
  .strict();

const header = {
  version: z.literal(VERSION),
  rehearse: z.string(),
  shard: z.string().regex(/^\d+\/\d+$/),
  scenario: z.string(),
  file: z.string(),
  text: z.string(),
  // As many as run --samples takes: more (1e12) made merge build a list of seeds past what V8
  // can hold, and crash.
  samples: z.number().int().min(1).max(MAX_SAMPLES),
  seed: z.number().int().min(0),
  digest: z.string(),
};

/**
 * What is wrong with one run of a part against the scenario it was run on, if anything: a figure
 * per workload for each of its workloads, a fault that fired among its faults. Pure.
 * @param where the run's path in the part, `result[3]`.
 */
export function sampleProblem(
  sample: Sample,
  scenario: Scenario,
  where: string,
): string | undefined {
  const workloads = scenario.workloads.length;
  for (const key of ['downtime', 'longest'] as const) {
    if (sample[key].length !== workloads)
      return `${where}.${key}: ${sample[key].length} values, but the scenario has ${workloads} workload${workloads === 1 ? '' : 's'}`;
  }
  const varying = seedDraws(scenario).durations;
  const unknown = sample.drawn.findIndex((key) => !varying.includes(key));
  if (unknown >= 0)
    return `${where}.drawn[${unknown}]: durations.${sample.drawn[unknown]}, but the scenario gives it no value that varies`;
  const faults = scenario.faults.length;
  const stray = sample.fired.findIndex((index) => index >= faults);
  if (stray >= 0)
    return `${where}.fired[${stray}]: fault ${sample.fired[stray]}, but the scenario has ${faults} fault${faults === 1 ? '' : 's'}`;
  return undefined;
}

/** The same seeds, in the same order. Pure. */
function sameSeeds(samples: readonly Sample[], seeds: readonly number[]): boolean {
  return samples.length === seeds.length && samples.every((sample, i) => sample.seed === seeds[i]);
}

/** `--samples 40 --seed 3`. Pure. */
function askedSamples(doc: SamplesShardDocument | SweepShardDocument): string {
  return `--samples ${doc.samples} --seed ${doc.seed}`;
}

/** Parts of `run --samples`: what `rehearse merge` needs to know about them. */
export const SAMPLES_SHARDS: ShardKind<SamplesShardDocument> = {
  format: SAMPLES_SHARD_FORMAT,
  command: 'rehearse run --samples N --shard I/N',
  whole: 'sampling',
  made: 'sampled',
  make: 'sample',
  version: VERSION,
  schema: z
    .object({ format: z.literal(SAMPLES_SHARD_FORMAT), ...header, result: z.array(sampleSchema) })
    .strict(),
  scenario: (doc) => ({ key: doc.text, name: doc.scenario }),
  asked: askedSamples,
  check: (doc, shard) =>
    sameSeeds(doc.result, seedsOfShard(doc.seed, doc.samples, shard))
      ? undefined
      : `result: not the runs of part ${doc.shard} of seeds ${doc.seed}–${doc.seed + doc.samples - 1}`,
};

/** Parts of a sweep: what `rehearse merge` needs to know about them. */
export const SWEEP_SHARDS: ShardKind<SweepShardDocument> = {
  format: SWEEP_SHARD_FORMAT,
  command: 'rehearse sweep --shard I/N',
  whole: 'sweep',
  made: 'swept',
  make: 'sweep',
  version: VERSION,
  schema: z
    .object({
      format: z.literal(SWEEP_SHARD_FORMAT),
      ...header,
      set: z.array(z.string()).min(1),
      result: z.array(z.array(sampleSchema)),
    })
    .strict(),
  scenario: (doc) => ({ key: doc.text, name: doc.scenario }),
  asked: (doc) => `${doc.set.map((setting) => `--set ${setting}`).join(' ')} ${askedSamples(doc)}`,
};

/**
 * Whether each point's runs in a part are the ones that belong to it (`expected`: the seeds of
 * each point in that part, as the sweep deals them). Pure.
 */
export function sweepPartHolds(
  doc: SweepShardDocument,
  expected: readonly (readonly number[])[],
): boolean {
  return (
    doc.result.length === expected.length &&
    doc.result.every((samples, index) => sameSeeds(samples, expected[index] ?? []))
  );
}
