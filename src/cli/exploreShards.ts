/**
 * An exploration spread over machines: `rehearse explore FILE --shard I/N` runs one part of it
 * and prints that part as JSON; `rehearse merge` reads the N parts and gives exactly what one
 * `rehearse explore FILE` gives. Each machine is one process, its workers splitting its part.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import type { ExploreOptions, Shard, ShardResult } from '../sim';
import { UsageError } from './parseArgs';
import type { CliIo } from './io';
import { readReason } from './loadScenario';
import { oneLine } from './terminal';

/** What a shard file says it is; `version` changes when its shape does. */
export const SHARD_FORMAT = 'rehearse-explore-shard';
const SHARD_VERSION = 2;

/** The most parts an exploration may be split into. */
const MAX_SHARDS = 10_000;

/**
 * `--shard 2/4` → the second of four parts (index 1). Pure.
 * @throws UsageError naming what is wrong with the value.
 */
export function parseShardOption(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const part = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || part < 1 || count < 1 || part > count || count > MAX_SHARDS) {
    throw new UsageError(
      `--shard must be I/N, the I-th of N parts (1 ≤ I ≤ N ≤ ${MAX_SHARDS.toLocaleString('en-US')}), like 2/4; got ${JSON.stringify(text)}`,
    );
  }
  return { index: part - 1, count };
}

/** What the exploration was asked to do, as a shard file records it (progress left out). */
type Exploration = Pick<ExploreOptions, 'faults' | 'random' | 'reduction'>;

/** One part of an exploration, as `explore --shard` prints it and `merge` reads it. */
export interface ShardDocument {
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
): ShardDocument {
  const exploration: Exploration = options.random
    ? { random: options.random }
    : { faults: options.faults ?? 1, ...(options.reduction === false ? { reduction: false } : {}) };
  return {
    format: SHARD_FORMAT,
    version: SHARD_VERSION,
    rehearse,
    shard: `${shard.index + 1}/${shard.count}`,
    exploration,
    result,
  };
}

const counterexampleSchema = z
  .object({
    invariant: z.string(),
    faults: z.array(z.object({}).passthrough()),
    steps: z.number(),
    outcome: z.string(),
    at: z.number(),
    seq: z.number(),
    cause: z.string(),
    message: z.string(),
    scenario: z.object({ name: z.string() }).passthrough(),
    ordinal: z.number(),
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
        random: z.object({ runs: z.number().int().min(1), seed: z.number().int().min(0) }).strict(),
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
      outcomes: z.record(z.string(), z.number()),
      best: z.array(counterexampleSchema),
      visited: z.record(
        z.string(),
        z.object({ states: z.array(z.string()), edges: z.array(z.string()) }),
      ),
      reached: z.record(z.string(), z.number()),
    })
    .strict(),
});

/** A shard file read back, or why it cannot be used. */
type ReadShard =
  | { readonly ok: true; readonly file: string; readonly shard: Shard; readonly doc: ShardDocument }
  | { readonly ok: false; readonly message: string };

/** Reads one shard file; never throws. */
function readShard(file: string, io: CliIo): ReadShard {
  const shown = oneLine(file);
  let text: string;
  try {
    text = io.readFile(resolve(io.cwd, file));
  } catch (error) {
    return { ok: false, message: `${shown}: cannot read: ${readReason(error)}` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      message: `${shown}: not JSON (${oneLine(error instanceof Error ? error.message : String(error))}); expected what rehearse explore --shard I/N prints`,
    };
  }
  const format = (data as { format?: unknown } | null)?.format;
  if (format !== SHARD_FORMAT) {
    return {
      ok: false,
      message: `${shown}: not a shard of an exploration (format ${JSON.stringify(format ?? null)}, expected "${SHARD_FORMAT}": what rehearse explore --shard I/N prints)`,
    };
  }
  const parsed = shardDocumentSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    return {
      ok: false,
      message: `${shown}: ${path === '' ? '' : `${path}: `}${oneLine(issue?.message ?? 'invalid')} (a shard file of another version of rehearse, or edited)`,
    };
  }
  const [part = 0, count = 0] = parsed.data.shard.split('/').map(Number);
  if (part < 1 || part > count)
    return { ok: false, message: `${shown}: shard: ${parsed.data.shard} is not a part I/N` };
  // The document as written, once checked: parsing would reorder its fields, and merging must
  // give the very bytes one process gives.
  return {
    ok: true,
    file,
    shard: { index: part - 1, count },
    doc: data as ShardDocument,
  };
}

/**
 * Reads the shard files of one exploration and checks that they are every part of it once:
 * the same scenario, the same exploration, the same number of parts. Either the results in the
 * order of their parts, or the messages that say what is wrong, each naming its file.
 */
export function readShards(
  files: readonly string[],
  io: CliIo,
):
  | { readonly ok: true; readonly results: ShardResult[] }
  | { readonly ok: false; readonly messages: string[] } {
  const read = files.map((file) => readShard(file, io));
  const messages = read.flatMap((item) => (item.ok ? [] : [item.message]));
  if (messages.length > 0) return { ok: false, messages };
  const shards = read.filter((item) => item.ok);
  const first = shards[0];
  if (!first) return { ok: false, messages: ['no shard file given'] };
  const scenario = JSON.stringify(first.doc.result.scenario);
  const exploration = JSON.stringify(first.doc.exploration);
  const byPart = new Map<number, string>();
  for (const item of shards) {
    const shown = oneLine(item.file);
    if (item.doc.rehearse !== first.doc.rehearse) {
      messages.push(
        `${shown}: explored by Rehearse ${oneLine(item.doc.rehearse)}, ${oneLine(first.file)} by ${oneLine(first.doc.rehearse)}: explore every part with one version`,
      );
    } else if (JSON.stringify(item.doc.result.scenario) !== scenario) {
      messages.push(
        `${shown}: a shard of another scenario (${oneLine(item.doc.result.scenario.name)}) than ${oneLine(first.file)} (${oneLine(first.doc.result.scenario.name)}), or of another version of its file`,
      );
    } else if (JSON.stringify(item.doc.exploration) !== exploration) {
      messages.push(
        `${shown}: a shard of another exploration (${JSON.stringify(item.doc.exploration)}) than ${oneLine(first.file)} (${exploration})`,
      );
    } else if (item.shard.count !== first.shard.count) {
      messages.push(
        `${shown}: one part of ${item.shard.count}, but ${oneLine(first.file)} is one part of ${first.shard.count}`,
      );
    } else {
      const twin = byPart.get(item.shard.index);
      if (twin !== undefined)
        messages.push(`${shown}: part ${item.doc.shard} again (${oneLine(twin)} is that part too)`);
      else byPart.set(item.shard.index, item.file);
    }
  }
  if (messages.length === 0) {
    const missing: string[] = [];
    for (let index = 0; index < first.shard.count; index++)
      if (!byPart.has(index)) missing.push(`${index + 1}/${first.shard.count}`);
    if (missing.length > 0) {
      const listed =
        missing.length > 10
          ? `${missing.slice(0, 10).join(', ')} and ${missing.length - 10} more`
          : missing.join(', ');
      messages.push(
        `missing ${missing.length === 1 ? 'part' : 'parts'} ${listed} of the exploration of ${oneLine(first.doc.result.scenario.name)}`,
      );
    }
  }
  if (messages.length > 0) return { ok: false, messages };
  const ordered = [...shards].sort((a, b) => a.shard.index - b.shard.index);
  return { ok: true, results: ordered.map((item) => item.doc.result) };
}
