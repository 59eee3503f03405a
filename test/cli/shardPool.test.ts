import { afterEach, describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/sim';
import { ShardPool } from '../../src/cli/shardPool';

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
    const samples = (await pool.sample(named('s'), 10, 5, 2)) as unknown as {
      seed: number;
      young: number;
    }[];
    expect(samples.map((sample) => sample.seed)).toEqual([10, 11, 12, 13, 14]);
    // 96 MB where V8 gives a worker 48 MB by default: see SAMPLING in shardPool.ts.
    expect(new Set(samples.map((sample) => sample.young))).toEqual(new Set([96]));
  });

  it('should reject when a worker fails on its shard', async () => {
    pool = new ShardPool(script);
    await expect(pool.run(named('throw'), {}, 1)).rejects.toThrow('the shard failed');
  });
});
