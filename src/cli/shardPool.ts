import { Worker } from 'node:worker_threads';
import { subShard, type ExploreOptions, type Scenario, type ShardResult } from '../sim';

/** What a worker is asked: one shard of one exploration. */
export interface ShardJob {
  readonly scenario: Scenario;
  readonly options: ExploreOptions;
  /** Post `{ progress }` messages while exploring. */
  readonly progress?: boolean;
}

/** Progress of one shard: how many of its runs are done, out of how many. */
export type ShardProgress = (shard: number, done: number, total: number) => void;

/** What a worker answers: progress along the way (when asked), then the shard's result. */
export type ShardMessage =
  { readonly progress: readonly [done: number, total: number] } | { readonly result: ShardResult };

/**
 * Worker threads that explore shards: started on first use, kept for the next exploration of
 * the same command (`rehearse explore a.yaml b.yaml`), and ended by `close`. A worker that ends
 * (a crash, say) leaves the pool, and the next exploration starts a new one in its place.
 */
export class ShardPool {
  private readonly workers: Worker[] = [];

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
    while (this.workers.length < count) this.workers.push(this.start());
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
        ),
      ),
    );
  }

  private start(): Worker {
    const worker = new Worker(this.script);
    worker.once('exit', () => {
      const index = this.workers.indexOf(worker);
      if (index >= 0) this.workers.splice(index, 1);
    });
    return worker;
  }

  private ask(
    worker: Worker,
    job: ShardJob,
    onProgress: (done: number, total: number) => void,
  ): Promise<ShardResult> {
    return new Promise<ShardResult>((resolve, reject) => {
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
        resolve(message.result);
      };
      const onError = (error: Error) => {
        settle();
        reject(error);
      };
      const onExit = (code: number) => {
        settle();
        reject(new Error(`an exploration worker exited with status ${code}`));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((worker) => worker.terminate()));
  }
}
