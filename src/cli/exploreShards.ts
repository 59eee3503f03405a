/**
 * An exploration spread over machines: `rehearse explore FILE --shard I/N` runs one part of it
 * and prints that part as JSON; `rehearse merge` reads the N parts and gives exactly what one
 * `rehearse explore FILE` gives. Each machine is one process, its workers splitting its part.
 */
import { z } from 'zod';
import { OUTCOMES, type ExploreOptions, type Shard, type ShardResult } from '../sim';
import { sealed, shardText, type ShardHeader, type ShardKind } from './shardFiles';

/** What a shard file says it is; `version` changes when its shape does. */
const SHARD_FORMAT = 'rehearse-explore-shard';
const SHARD_VERSION = 2;

/** The most random runs `explore --random N` takes, and a part of one says it was asked. */
export const MAX_RANDOM_RUNS = 10_000_000;

/** What the exploration was asked to do, as a shard file records it (progress left out). */
type Exploration = Pick<ExploreOptions, 'faults' | 'random' | 'reduction'>;

/** One part of an exploration, as `explore --shard` prints it and `merge` reads it. */
export interface ExploreShardDocument extends ShardHeader {
  readonly format: typeof SHARD_FORMAT;
  readonly version: typeof SHARD_VERSION;
  /** The version of Rehearse that explored it: parts of different versions may not agree. */
  readonly rehearse: string;
  /** `2/4`: which part of how many. */
  readonly shard: string;
  readonly exploration: Exploration;
  readonly result: ShardResult;
}

/** The document for part `shard` of an exploration. Pure. */
export function shardDocument(
  rehearse: string,
  shard: Shard,
  options: ExploreOptions,
  result: ShardResult,
): ExploreShardDocument {
  const exploration: Exploration = options.random
    ? { random: options.random }
    : { faults: options.faults ?? 1, ...(options.reduction === false ? { reduction: false } : {}) };
  return sealed({
    format: SHARD_FORMAT,
    version: SHARD_VERSION,
    rehearse,
    shard: shardText(shard),
    exploration,
    result,
  });
}

const counterexampleSchema = z
  .object({
    invariant: z.string(),
    faults: z.array(z.object({}).passthrough()),
    steps: z.number().int().min(0),
    outcome: z.enum(OUTCOMES),
    at: z.number().min(0),
    seq: z.number().int().min(0),
    cause: z.string(),
    message: z.string(),
    scenario: z.object({ name: z.string() }).passthrough(),
    ordinal: z.number().int().min(0),
  })
  .passthrough();

const shardDocumentSchema = z.object({
  format: z.literal(SHARD_FORMAT),
  version: z.literal(SHARD_VERSION),
  rehearse: z.string(),
  shard: z.string().regex(/^\d+\/\d+$/),
  exploration: z.union([
    z
      .object({ faults: z.number().int().min(1).max(2), reduction: z.literal(false).optional() })
      .strict(),
    z
      .object({
        random: z
          .object({
            runs: z.number().int().min(1).max(MAX_RANDOM_RUNS),
            seed: z.number().int().min(0),
          })
          .strict(),
      })
      .strict(),
  ]),
  result: z
    .object({
      scenario: z.object({ name: z.string(), system: z.string() }).passthrough(),
      mode: z.enum(['systematic', 'random']),
      faults: z.number(),
      runs: z.number().int().min(0),
      covered: z.number().int().min(0),
      merged: z.number().int().min(0),
      converged: z.number().int().min(0),
      states: z.array(z.string()),
      // Every outcome counted, none other: an unknown one fell out of the tallies.
      outcomes: z.record(z.enum(OUTCOMES), z.number().int().min(0)),
      best: z.array(counterexampleSchema),
      visited: z.record(
        z.string(),
        z.object({ states: z.array(z.string()), edges: z.array(z.string()) }),
      ),
      reached: z.record(z.string(), z.number().int().min(0)),
    })
    .strict(),
  digest: z.string(),
});

/** Parts of an exploration: what `rehearse merge` needs to know about them. */
export const EXPLORE_SHARDS: ShardKind<ExploreShardDocument> = {
  format: SHARD_FORMAT,
  command: 'rehearse explore --shard I/N',
  whole: 'exploration',
  made: 'explored',
  make: 'explore',
  version: SHARD_VERSION,
  schema: shardDocumentSchema,
  scenario: (doc) => ({ key: JSON.stringify(doc.result.scenario), name: doc.result.scenario.name }),
  asked: (doc) => JSON.stringify(doc.exploration),
};
