import { Worker, type ResourceLimits } from 'node:worker_threads';
import {
  subShard,
  type ExploreOptions,
  type Sample,
  type SampleBatch,
  type Scenario,
  type ShardResult,
} from '../sim';

/** What a worker is asked: one shard of one exploration. */
interface ExploreJob {
  readonly scenario: Scenario;
  readonly options: ExploreOptions;
  /** Post `{ progress }` messages while exploring. */
  readonly progress?: boolean;
}

/** What a worker is asked: runs of scenarios with their seeds (`run --samples`, `sweep`). */
interface SamplesJob {
  readonly batches: readonly SampleBatch[];
}

export type ShardJob = ExploreJob | SamplesJob;

/** Progress of one shard: how many of its runs are done, out of how many. */
export type ShardProgress = (shard: number, done: number, total: number) => void;

/** What a worker answers: progress along the way (when asked), then the shard's result. */
export type ShardMessage =
  | { readonly progress: readonly [done: number, total: number] }
  | { readonly result: ShardResult }
  | { readonly samples: readonly Sample[] };

/**
 * The V8 heap of a sampling worker: a young generation of up to 96 MB (semi-spaces of 32 MB;
 * V8 gives a worker 48 MB, semi-spaces of 16 MB). A sample is a whole run that allocates about
 * 6 MB (XState's snapshots, the runner's observations), nearly all of it dead by the run's end,
 * and each scavenge copies whatever is alive at that moment: with more room, fewer scavenges
 * copy less in all. Measured on the Cluster from 3.2.4 with varying durations: 92 scavenges
 * instead of 133 for 350 runs, 13% fewer instructions per sample; 192 MB did no better, with
 * twice the memory (BENCHMARKS.md, Monte Carlo).
 */
const SAMPLING: ResourceLimits = { maxYoungGenerationSizeMb: 96 };

/**
 * Worker threads that explore shards: started on first use, kept for the next exploration of
 * the same command (`rehearse explore a.yaml b.yaml`), and ended by `close`. A worker that ends
 * (a crash, say) leaves the pool, and the next exploration starts a new one in its place.
 */
export class ShardPool {
  private readonly workers: Worker[] = [];
  /** Workers that take samples: started with a larger young generation (see {@link SAMPLING}). */
  private readonly samplers: Worker[] = [];

  /** `script`: the module a worker runs, which answers each ShardJob with its ShardResult. */
  constructor(private readonly script: URL) {}

  /** Runs `count` shards of one exploration, one per worker, and collects their results. */
  run(
    scenario: Scenario,
    options: ExploreOptions,
    count: number,
    onProgress?: ShardProgress,
  ): Promise<ShardResult[]> {
    const { onProgress: _local, ...plain } = options;
    while (this.workers.length < count) this.workers.push(this.start(this.workers));
    const progress = onProgress !== undefined;
    return Promise.all(
      this.workers.slice(0, count).map((worker, index) =>
        this.ask(
          worker,
          {
            scenario,
            options: { ...plain, shard: subShard(plain.shard, index, count) },
            progress,
          },
          (done, total) => onProgress?.(index, done, total),
        ).then((message) => {
          if (!('result' in message)) throw new Error('a worker answered with no shard');
          return message.result;
        }),
      ),
    );
  }

  /**
   * Runs every batch's seeds on `workers` workers, each a contiguous part of the runs (batch by
   * batch, seed by seed), and returns each batch's samples in the order of its seeds: the same
   * whatever the number of workers.
   */
  async sample(
    batches: readonly SampleBatch[],
    workers: number,
    onProgress?: (done: number) => void,
  ): Promise<Sample[][]> {
    const count = batches.reduce((sum, batch) => sum + batch.seeds.length, 0);
    const parts = Math.max(1, Math.min(workers, count));
    while (this.samplers.length < parts) this.samplers.push(this.start(this.samplers, SAMPLING));
    const jobs = splitBatches(batches, parts);
    const done = jobs.map(() => 0);
    const answers = await Promise.all(
      jobs.map((job, index) =>
        this.ask(this.samplers[index] as Worker, job, (finished) => {
          done[index] = finished;
          onProgress?.(done.reduce((a, b) => a + b, 0));
        }).then((message) => {
          if (!('samples' in message)) throw new Error('a worker answered with no samples');
          return message.samples;
        }),
      ),
    );
    const all = answers.flat();
    let at = 0;
    return batches.map((batch) => {
      const mine = all.slice(at, at + batch.seeds.length);
      at += batch.seeds.length;
      return mine;
    });
  }

  private start(list: Worker[], resourceLimits?: ResourceLimits): Worker {
    const worker = new Worker(this.script, resourceLimits ? { resourceLimits } : {});
    worker.once('exit', () => {
      const index = list.indexOf(worker);
      if (index >= 0) list.splice(index, 1);
    });
    return worker;
  }

  private ask(
    worker: Worker,
    job: ShardJob,
    onProgress: (done: number, total: number) => void,
  ): Promise<Exclude<ShardMessage, { readonly progress: unknown }>> {
    return new Promise((resolve, reject) => {
      const settle = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (message: ShardMessage) => {
        if ('progress' in message) {
          onProgress(...message.progress);
          return;
        }
        settle();
        resolve(message);
      };
      const onError = (error: Error) => {
        settle();
        reject(error);
      };
      const onExit = (code: number) => {
        settle();
        reject(new Error(`a worker exited with status ${code}`));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    await Promise.all(
      [...this.workers.splice(0), ...this.samplers.splice(0)].map((worker) => worker.terminate()),
    );
  }
}

/**
 * The runs of `batches` (batch by batch, seed by seed) cut into `parts` contiguous jobs of
 * nearly equal numbers of runs. Pure.
 */
export function splitBatches(batches: readonly SampleBatch[], parts: number): SamplesJob[] {
  const count = batches.reduce((sum, batch) => sum + batch.seeds.length, 0);
  const jobs: SamplesJob[] = [];
  let batch = 0;
  let from = 0;
  for (let part = 0; part < parts; part++) {
    let size = Math.floor((count * (part + 1)) / parts) - Math.floor((count * part) / parts);
    const job: SampleBatch[] = [];
    while (size > 0) {
      const current = batches[batch];
      if (current === undefined) break;
      const take = Math.min(size, current.seeds.length - from);
      if (take > 0)
        job.push({ scenario: current.scenario, seeds: current.seeds.slice(from, from + take) });
      from += take;
      size -= take;
      if (from >= current.seeds.length) {
        batch++;
        from = 0;
      }
    }
    jobs.push({ batches: job });
  }
  return jobs;
}
