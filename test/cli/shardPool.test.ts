import { afterEach, describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/sim';
import { ShardPool, splitBatches } from '../../src/cli/shardPool';

const script = new URL('./fixtures/shardWorker.mjs', import.meta.url);
const named = (name: string) => ({ name }) as unknown as Scenario;
let pool: ShardPool;
afterEach(() => pool.close());

describe('ShardPool', () => {
  it('should give each worker its shard and keep the workers for the next exploration', async () => {
    pool = new ShardPool(script);
    const first = await pool.run(named('a'), {}, 2);
    expect(first).toEqual([
      { shard: { index: 0, count: 2 }, scenario: 'a' },
      { shard: { index: 1, count: 2 }, scenario: 'a' },
    ]);
    expect(await pool.run(named('b'), {}, 2)).toEqual([
      { shard: { index: 0, count: 2 }, scenario: 'b' },
      { shard: { index: 1, count: 2 }, scenario: 'b' },
    ]);
  });

  it('should start new workers in place of ones that ended between explorations', async () => {
    pool = new ShardPool(script);
    await pool.run(named('end'), {}, 2);
    // Give the workers time to end, as a crash between two files would.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const next = await pool.run(named('c'), {}, 2);
    expect(next.map((result) => (result as unknown as { scenario: string }).scenario)).toEqual([
      'c',
      'c',
    ]);
  });

  it('should share the seeds among sampling workers whose young generation fits many runs', async () => {
    pool = new ShardPool(script);
    const [samples = []] = (await pool.sample(
      [{ scenario: named('s'), seeds: [10, 11, 12, 13, 14] }],
      2,
    )) as unknown as { seed: number; young: number }[][];
    expect(samples.map((sample) => sample.seed)).toEqual([10, 11, 12, 13, 14]);
    // 96 MB where V8 gives a worker 48 MB by default: see SAMPLING in shardPool.ts.
    expect(new Set(samples.map((sample) => sample.young))).toEqual(new Set([96]));
  });

  it('should reject when a worker fails on its shard', async () => {
    pool = new ShardPool(script);
    await expect(pool.run(named('throw'), {}, 1)).rejects.toThrow('the shard failed');
  });
});

describe('splitBatches', () => {
  const batch = (name: string, seeds: number[]) => ({ scenario: named(name), seeds });

  it('should cut the runs into contiguous jobs of nearly equal size, batch by batch', () => {
    const jobs = splitBatches([batch('a', [1, 2, 3]), batch('b', []), batch('c', [7, 8])], 2);
    expect(
      jobs.map((job) => job.batches.map((part) => [part.scenario.name, ...part.seeds])),
    ).toEqual([
      [['a', 1, 2]],
      [
        ['a', 3],
        ['c', 7, 8],
      ],
    ]);
  });

  it('should give every run to exactly one job, in order, for any number of jobs', () => {
    const batches = [batch('a', [1, 2, 3, 4, 5]), batch('b', [9]), batch('c', [4, 5, 6, 7])];
    for (const parts of [1, 2, 3, 4, 7, 10]) {
      const jobs = splitBatches(batches, parts);
      expect(jobs).toHaveLength(parts);
      const runs = jobs.flatMap((job) =>
        job.batches.flatMap((part) => part.seeds.map((seed) => `${part.scenario.name}${seed}`)),
      );
      expect(runs, `${parts} jobs`).toEqual([
        'a1',
        'a2',
        'a3',
        'a4',
        'a5',
        'b9',
        'c4',
        'c5',
        'c6',
        'c7',
      ]);
      const sizes = jobs.map((job) =>
        job.batches.reduce((sum, part) => sum + part.seeds.length, 0),
      );
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });
});
