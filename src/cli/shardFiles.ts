/**
 * Work spread over machines: `--shard I/N` runs the I-th of N parts of an exploration, of the
 * samples of `run --samples` or of a sweep and prints it as JSON; `rehearse merge` reads the N
 * parts back, checks they are every part of one command once, and gives exactly what one
 * process gives. This file knows what every shard file has in common; each kind (its `format`)
 * says what its own fields are.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { describeIssue, type Shard } from '../sim';
import type { CliIo } from './io';
import { readReason } from './loadScenario';
import { UsageError } from './parseArgs';
import { oneLine } from './terminal';

/** The most parts a command may be split into. */
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

/** `2/4` for the second of four parts. Pure. */
export function shardText(shard: Shard): string {
  return `${shard.index + 1}/${shard.count}`;
}

/** What every shard file holds besides its kind's own fields. */
export interface ShardHeader {
  readonly format: string;
  readonly version: number;
  /** The version of Rehearse that ran it: parts of different versions may not agree. */
  readonly rehearse: string;
  /** `2/4`: which part of how many. */
  readonly shard: string;
}

/** The SHA-256 of a document's JSON, in hex. Pure. */
function digestOf(doc: object): string {
  return createHash('sha256').update(JSON.stringify(doc)).digest('hex');
}

/**
 * A shard document with its `digest` last: the SHA-256 of its JSON without it. `merge` checks
 * it, so a part whose figures were edited (a run's downtime, an outcome's count) is named and
 * nothing merged, where only a change to the runs' list was caught before. Pure.
 */
export function sealed<D extends object>(doc: D): D & { readonly digest: string } {
  return { ...doc, digest: digestOf(doc) };
}

/** Whether a shard document read back is as `sealed` wrote it. Pure. */
function intact(data: object): boolean {
  if (!('digest' in data) || typeof data.digest !== 'string') return false;
  const { digest, ...doc } = data;
  return digest === digestOf(doc);
}

/** One kind of shard file: the command that prints it and how its parts must agree. */
export interface ShardKind<D extends ShardHeader> {
  /** Its `format` field. */
  readonly format: string;
  /** The command that prints it: `rehearse explore FILE --shard I/N`. */
  readonly command: string;
  /** What its parts make up together, for messages: `the exploration of …`. */
  readonly whole: string;
  /** Which verb says how a part was made: `explored by Rehearse 0.1.0`. */
  readonly made: string;
  /** The imperative of that verb: `explore every part with one version`. */
  readonly make: string;
  /** Its `version` field: the version of its format that this Rehearse writes and reads. */
  readonly version: number;
  /** Its shape; a file that does not match was edited or made by another version. */
  readonly schema: z.ZodType;
  /** The scenario it is of: a key the parts must share, and its name for messages. */
  scenario(doc: D): { readonly key: string; readonly name: string };
  /** What was asked besides the scenario, which the parts must share: shown in messages. */
  asked(doc: D): string;
  /** What is wrong inside a part once its shape is right (its runs are not its own), if anything. */
  check?(doc: D, shard: Shard): string | undefined;
}

/** A shard file read back, or why it cannot be used. */
type ReadShard =
  | {
      readonly ok: true;
      readonly file: string;
      readonly shard: Shard;
      readonly kind: ShardKind<ShardHeader>;
      readonly doc: ShardHeader;
    }
  | { readonly ok: false; readonly message: string };

/** `"a", "b" or "c"`. Pure. */
function either(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1] ?? ''}`;
}

/** Reads one shard file; never throws. */
function readShard(file: string, io: CliIo, kinds: readonly ShardKind<ShardHeader>[]): ReadShard {
  const shown = oneLine(file);
  const commands = either(kinds.map((kind) => kind.command));
  let text: string;
  try {
    text = io.readFile(resolve(io.cwd, file));
  } catch (error) {
    // A folder is read for the shard files in it: one with none is said so (before: "a folder
    // with no scenario file (.yaml, .yml, .json) in it").
    const folder = (error as { code?: unknown } | null)?.code === 'EISDIR';
    const why = folder ? 'a folder with no shard file (.json) in it' : readReason(error);
    return { ok: false, message: `${shown}: cannot read: ${why}` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      message: `${shown}: not JSON (${oneLine(error instanceof Error ? error.message : String(error))}); expected what ${commands} prints`,
    };
  }
  const format = (data as { format?: unknown } | null)?.format;
  const kind = kinds.find((candidate) => candidate.format === format);
  if (kind === undefined) {
    return {
      ok: false,
      message: `${shown}: not a shard file (format ${JSON.stringify(format ?? null)}, expected ${either(kinds.map((k) => JSON.stringify(k.format)))}: what ${commands} prints)`,
    };
  }
  const version = (data as { version?: unknown }).version;
  if (version !== kind.version) {
    const written =
      typeof version === 'number'
        ? `written in version ${version} of the ${kind.whole} shard format`
        : `without a shard format version (its "version" is ${oneLine(JSON.stringify(version ?? null))})`;
    return {
      ok: false,
      message: `${shown}: ${written}, while this rehearse reads version ${kind.version}: a part of another version of rehearse, or edited; run ${kind.command} for that part again`,
    };
  }
  const parsed = kind.schema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      message: `${shown}: ${issue === undefined ? 'invalid' : describeIssue(issue)} (a shard file of another version of rehearse, or edited)`,
    };
  }
  if (!intact(data as object))
    return {
      ok: false,
      message: `${shown}: its contents do not match its digest (a shard file edited, damaged, or of another version of rehearse): run ${kind.command} for that part again`,
    };
  // The document as written, once checked: parsing would reorder its fields, and merging must
  // give the very bytes one process gives.
  const doc = data as ShardHeader;
  const [part = 0, count = 0] = doc.shard.split('/').map(Number);
  if (part < 1 || part > count)
    return { ok: false, message: `${shown}: shard: ${doc.shard} is not a part I/N` };
  const shard = { index: part - 1, count };
  const problem = kind.check?.(doc, shard);
  if (problem !== undefined)
    return { ok: false, message: `${shown}: ${problem} (a shard file edited, or damaged)` };
  return { ok: true, file, shard, kind, doc };
}

/** The parts of one command, in the order of their parts, or what is wrong with them. */
type ReadShards =
  | {
      readonly ok: true;
      readonly kind: ShardKind<ShardHeader>;
      /** The file of each part, in the order of the parts. */
      readonly files: readonly string[];
      readonly docs: readonly ShardHeader[];
    }
  | { readonly ok: false; readonly messages: string[] };

/**
 * Reads the shard files of one command and checks that they are every part of it once: of one
 * kind, one version of Rehearse, the same scenario, the same question, the same number of parts.
 * Either the documents in the order of their parts, or the messages that say what is wrong, each
 * naming its file.
 */
export function readShardFiles(
  files: readonly string[],
  io: CliIo,
  kinds: readonly ShardKind<ShardHeader>[],
): ReadShards {
  const read = files.map((file) => readShard(file, io, kinds));
  const messages = read.flatMap((item) => (item.ok ? [] : [item.message]));
  if (messages.length > 0) return { ok: false, messages };
  const shards = read.filter((item) => item.ok);
  const first = shards[0];
  if (!first) return { ok: false, messages: ['no shard file given'] };
  const { kind } = first;
  const scenario = kind.scenario(first.doc);
  const asked = kind.asked(first.doc);
  const firstFile = oneLine(first.file);
  const byPart = new Map<number, string>();
  for (const item of shards) {
    const shown = oneLine(item.file);
    if (item.kind !== kind) {
      messages.push(
        `${shown}: a part of what ${item.kind.command} prints, but ${firstFile} is a part of what ${kind.command} prints: merge the parts of one command at a time`,
      );
    } else if (item.doc.rehearse !== first.doc.rehearse) {
      messages.push(
        `${shown}: ${kind.made} by Rehearse ${oneLine(item.doc.rehearse)}, ${firstFile} by ${oneLine(first.doc.rehearse)}: ${kind.make} every part with one version`,
      );
    } else if (kind.scenario(item.doc).key !== scenario.key) {
      messages.push(
        `${shown}: a shard of another scenario (${oneLine(kind.scenario(item.doc).name)}) than ${firstFile} (${oneLine(scenario.name)}), or of another version of its file`,
      );
    } else if (kind.asked(item.doc) !== asked) {
      messages.push(
        `${shown}: a shard of another ${kind.whole} (${oneLine(kind.asked(item.doc))}) than ${firstFile} (${oneLine(asked)})`,
      );
    } else if (item.shard.count !== first.shard.count) {
      messages.push(
        `${shown}: one part of ${item.shard.count}, but ${firstFile} is one part of ${first.shard.count}`,
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
      if (!byPart.has(index)) missing.push(shardText({ index, count: first.shard.count }));
    if (missing.length > 0) {
      const listed =
        missing.length > 10
          ? `${missing.slice(0, 10).join(', ')} and ${missing.length - 10} more`
          : missing.join(', ');
      messages.push(
        `missing ${missing.length === 1 ? 'part' : 'parts'} ${listed} of the ${kind.whole} of ${oneLine(scenario.name)}`,
      );
    }
  }
  if (messages.length > 0) return { ok: false, messages };
  const ordered = [...shards].sort((a, b) => a.shard.index - b.shard.index);
  return {
    ok: true,
    kind,
    files: ordered.map((item) => item.file),
    docs: ordered.map((item) => item.doc),
  };
}
