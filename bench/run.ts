/**
 * `npm run bench`: wall time of whole simulations, median of repeated runs, with the figures
 * written to bench/results.json. Timings live here, never in the test suite.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario, simulate } from '../src/sim';

interface Result {
  readonly name: string;
  readonly runs: number;
  readonly medianMs: number;
  readonly transitions: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function measure(name: string, text: string, runs: number): Result {
  const scenario = parseScenario(text, name);
  simulate(scenario); // warm-up
  const times: number[] = [];
  let transitions = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const { report } = simulate(parseScenario(text, name));
    times.push(performance.now() - start);
    transitions = report.trace.length;
  }
  return { name, runs, medianMs: Math.round(median(times) * 10) / 10, transitions };
}

const results: Result[] = [];
const dir = 'scenarios';
const files = readdirSync(dir, { recursive: true })
  .map(String)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
for (const file of files) {
  results.push(measure(`scenarios/${file}`, readFileSync(join(dir, file), 'utf8'), 5));
}
const cluster = (processing: number, vps: number) => `
name: Cluster with ${processing} processing hosts and ${vps} VPSs over three hops
system: serverware
topology: cluster
version: { from: 3.2.4 }
hosts: { processing: ${processing} }
vps: ${vps}
`;
results.push(measure('cluster 50 hosts / 2,000 VPSs / 3 hops', cluster(50, 2000), 5));
results.push(measure('cluster 200 hosts / 10,000 VPSs / 3 hops', cluster(200, 10000), 3));

const width = Math.max(...results.map((r) => r.name.length));
console.log(`${'benchmark'.padEnd(width)}  median ms  transitions`);
for (const r of results) {
  console.log(`${r.name.padEnd(width)}  ${String(r.medianMs).padStart(9)}  ${String(r.transitions).padStart(11)}`);
}
writeFileSync('bench/results.json', JSON.stringify({ node: process.version, results }, null, 2) + '\n');
