/**
 * Soak: one long random exploration (100,000 runs by default), with the heap measured after a
 * full garbage collection every 10,000 runs, to show memory does not grow run over run. The
 * exploration keeps what any exploration keeps (distinct states, coverage, counterexamples).
 * Run with: node --expose-gc --import tsx bench/soak.ts [runs] [scenario]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { exploreShard, parseScenario } from '../src/sim';

const total = Number(process.argv[2] ?? 100_000);
const file = process.argv[3] ?? 'scenarios/ha-pair-preemption-enabled.yaml';
const scenario = parseScenario(readFileSync(file, 'utf8'), file);
const every = 10_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const samples: { runs: number; heapMB: number; seconds: number }[] = [];
const start = performance.now();
const sample = (runs: number) => {
  gc();
  const heapMB = Math.round((process.memoryUsage().heapUsed / 2 ** 20) * 10) / 10;
  const seconds = Math.round((performance.now() - start) / 100) / 10;
  samples.push({ runs, heapMB, seconds });
  console.log(`${String(runs).padStart(7)} runs  heap ${heapMB} MB  ${seconds} s`);
};
const result = exploreShard(scenario, {
  random: { runs: total, seed: 1 },
  onProgress: (done) => {
    if (done % every === 0) sample(done);
  },
});
const first = samples[0]?.heapMB ?? 0;
const last = samples.at(-1)?.heapMB ?? 0;
writeFileSync(
  'bench/soak-results.json',
  JSON.stringify(
    {
      scenario: file,
      runs: result.runs,
      distinctStates: result.states.length,
      samples,
      growthMB: Math.round((last - first) * 10) / 10,
    },
    null,
    2,
  ) + '\n',
);
console.log(
  `heap after ${every.toLocaleString('en')} runs: ${first} MB; after ${total.toLocaleString('en')}: ${last} MB; ${result.states.length} distinct states`,
);
