/**
 * Runs one hostile input in a child process of its own, so that a parser or engine that hangs,
 * runs out of memory or aborts fails its test instead of taking the test runner down with it
 * (a V8 fatal error ends the whole process, worker threads included). `input.test.ts` bundles
 * this file with esbuild and starts it once per case with `--expose-gc` and a heap limit: it
 * feeds the file to `parseScenario`, then to the CLI in-process (`cli(['run', FILE])`), as the
 * other fuzz cases do, and prints what happened, with the time and heap each took, as JSON.
 */
import { readFileSync } from 'node:fs';
import { parseScenario, ScenarioError } from '../../src/sim';
import { cli } from '../cli/helpers';

/** What the child is asked to do (its one argument, as JSON). */
export interface HostileJob {
  readonly file: string;
  /** Run the CLI too (a huge accepted scenario may be parsed but not simulated). */
  readonly run: boolean;
}

/** What the parser did with the input. */
export type ParseOutcome =
  | { readonly kind: 'scenario'; readonly hosts: number; readonly workloads: number }
  | {
      readonly kind: 'error';
      readonly message: string;
      readonly line?: number;
      readonly column?: number;
    }
  | { readonly kind: 'crash'; readonly text: string };

/** The child's answer (the last line of its stdout, as JSON). */
export interface HostileResult {
  readonly parse: ParseOutcome;
  readonly parseMs: number;
  /** Heap in use right after parsing, before any collection, above the heap before (MB). */
  readonly parseHeapMb: number;
  /** Heap still held after a full collection, with the scenario alive (MB). */
  readonly retainedHeapMb: number;
  readonly cli?: { readonly status: number; readonly stdout: string; readonly stderr: string };
  readonly cliMs?: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const heapMb = (): number => process.memoryUsage().heapUsed / 1_048_576;

async function main(job: HostileJob): Promise<HostileResult> {
  const text = readFileSync(job.file, 'utf8');
  gc();
  const before = heapMb();
  const start = performance.now();
  let parse: ParseOutcome;
  let scenario: unknown;
  try {
    const parsed = parseScenario(text, job.file);
    scenario = parsed;
    parse = { kind: 'scenario', hosts: parsed.hosts.length, workloads: parsed.workloads.length };
  } catch (error) {
    parse =
      error instanceof ScenarioError
        ? {
            kind: 'error',
            message: error.message,
            ...(error.line === undefined ? {} : { line: error.line }),
            ...(error.column === undefined ? {} : { column: error.column }),
          }
        : {
            kind: 'crash',
            text: error instanceof Error ? (error.stack ?? error.message) : String(error),
          };
  }
  const parseMs = performance.now() - start;
  const parseHeapMb = heapMb() - before;
  gc();
  const retainedHeapMb = heapMb() - before;
  scenario = undefined;
  void scenario;
  if (!job.run) return { parse, parseMs, parseHeapMb, retainedHeapMb };
  const cliStart = performance.now();
  const result = await cli(['run', job.file]);
  return {
    parse,
    parseMs,
    parseHeapMb,
    retainedHeapMb,
    cli: result,
    cliMs: performance.now() - cliStart,
  };
}

const job = JSON.parse(process.argv[2] ?? '{}') as HostileJob;
process.stdout.write(`\n${JSON.stringify(await main(job))}\n`);
