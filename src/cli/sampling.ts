import { sampler, type Sample, type SampleBatch } from '../sim';
import type { CliIo } from './io';
import { thousands } from './text';

/** The most runs one command samples (`run --samples`, every point of a sweep together). */
export const MAX_SAMPLES = 1_000_000;
/** Runs × workloads kept in memory at most (each run keeps two figures per workload). */
const MAX_SAMPLE_CELLS = 50_000_000;

/** Why `runs` runs of `workloads` workloads are too many to keep, or undefined. Pure. */
export function tooManyCells(runs: number, workloads: number): string | undefined {
  if (runs * Math.max(1, workloads) <= MAX_SAMPLE_CELLS) return undefined;
  return `with ${thousands(workloads)} workloads is more than the ${thousands(MAX_SAMPLE_CELLS)} figures kept in memory`;
}

/**
 * Runs every batch's seeds, on the host's worker threads when there are several workers (else on
 * this thread), with a status line; each batch's samples come back in the order of its seeds,
 * the same for any number of workers.
 * @param what what the status line says is being run (`sampling`, `sweeping`).
 */
export async function runBatches(
  io: CliIo,
  batches: readonly SampleBatch[],
  workers: number,
  what: string,
): Promise<Sample[][]> {
  const total = batches.reduce((sum, batch) => sum + batch.seeds.length, 0);
  const progress = (done: number): void =>
    io.progress?.(`${what}: ${thousands(done)} of ${thousands(total)} runs`);
  try {
    // Through the workers even for one, as an exploration: the main thread stays free for
    // progress and Ctrl-C, and a sampling worker's heap is sized for thousands of runs.
    if (io.runSamples && total > 0) return await io.runSamples(batches, workers, progress);
    const out: Sample[][] = [];
    let done = 0;
    for (const batch of batches) {
      const samples: Sample[] = [];
      const sample = sampler(batch.scenario);
      for (const seed of batch.seeds) {
        samples.push(sample(seed));
        done++;
        if (done % 100 === 0) progress(done);
      }
      out.push(samples);
    }
    return out;
  } finally {
    io.progress?.(undefined);
  }
}
