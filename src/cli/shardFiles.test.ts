import { describe, expect, it } from 'vitest';
import { EXPLORE_SHARDS } from './exploreShards';
import type { CliIo } from './io';
import { readShardFiles } from './shardFiles';

/** An io that reads `files` by name from the folder `/parts`. */
function ioOf(files: Readonly<Record<string, string>>): CliIo {
  return {
    stdout: () => undefined,
    stderr: () => undefined,
    readFile: (path) => {
      const text = files[path.replace(/^\/parts\//, '')];
      if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return text;
    },
    listDir: () => [],
    isTTY: false,
    cwd: '/parts',
  };
}

/** A shard file of an exploration with `exploration` (and nothing else) as given. */
function shardWith(exploration: unknown): string {
  return JSON.stringify({
    format: EXPLORE_SHARDS.format,
    version: EXPLORE_SHARDS.version,
    rehearse: '1.0.0',
    shard: '1/1',
    exploration,
  });
}

describe('readShardFiles', () => {
  it.each([
    [{ faults: 'one' }, 'part.json: exploration.faults: got the text "one" (expected a number)'],
    [{ faults: 3 }, 'part.json: exploration.faults: 3 is too large (expected at most 2)'],
    [{ random: {} }, 'part.json: exploration.random.runs: missing (expected a number)'],
  ])('should refuse a part whose %j does not match, in words', (exploration, start) => {
    const read = readShardFiles(['part.json'], ioOf({ 'part.json': shardWith(exploration) }), [
      EXPLORE_SHARDS,
    ]);
    expect(read).toEqual({
      ok: false,
      messages: [`${start} (a shard file of another version of rehearse, or edited)`],
    });
  });
});
