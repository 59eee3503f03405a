import { Worker, type ResourceLimits } from 'node:worker_threads';
import {
  subShard,
  type ExploreOptions,
  type Sample,
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

/** What a worker is asked: the runs of `count` seeds from `first` on (`rehearse run --samples`). */
interface SamplesJob {
  readonly scenario: Scenario;
  readonly samples: { readonly first: number; readonly count: number };
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
   * Runs the seeds `first` … `first + count − 1` on `workers` workers, each a contiguous part,
   * and returns the samples in the order of their seeds: the same whatever the number of workers.
   */
  async sample(
    scenario: Scenario,
    first: number,
    count: number,
    workers: number,
    onProgress?: (done: number) => void,
  ): Promise<Sample[]> {
    const parts = Math.max(1, Math.min(workers, count));
    while (this.samplers.length < parts) this.samplers.push(this.start(this.samplers, SAMPLING));
    const sizes = Array.from(
      { length: parts },
      (_, index) => Math.floor((count * (index + 1)) / parts) - Math.floor((count * index) / parts),
    );
    const done = sizes.map(() => 0);
    let from = first;
    const answers = await Promise.all(
      this.samplers.slice(0, parts).map((worker, index) => {
        const job: SamplesJob = { scenario, samples: { first: from, count: sizes[index] ?? 0 } };
        from += sizes[index] ?? 0;
        return this.ask(worker, job, (finished) => {
          done[index] = finished;
          onProgress?.(done.reduce((a, b) => a + b, 0));
        }).then((message) => {
          if (!('samples' in message)) throw new Error('a worker answered with no samples');
          return message.samples;
        });
      }),
    );
    return answers.flat();
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
