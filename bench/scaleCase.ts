/**
 * One size of the scale ladder, in its own process: prints { ms, rss, steps, transitions }.
 * Spawned by bench/run.ts, which builds the engine bundle first.
 */
import { loadEngine } from './bundle';

const { parseScenario, simulate } = await loadEngine();

const [processing = '2', vps = '10'] = process.argv.slice(2);
const text = `name: Cluster ${processing}/${vps}\nsystem: serverware\ntopology: cluster\nversion: { from: 3.2.4 }\nhosts: { processing: ${processing} }\nvps: ${vps}\n`;
const times: number[] = [];
let steps = 0;
let transitions = 0;
const runs = Number(processing) >= 200 ? 3 : 5;
simulate(parseScenario(text, 'scale.yaml'));
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  const { report } = simulate(parseScenario(text, 'scale.yaml'));
  times.push(performance.now() - start);
  steps = report.steps.length;
  transitions = report.trace.length;
}
times.sort((a, b) => a - b);
const ms = Math.round((times[Math.floor(times.length / 2)] ?? 0) * 10) / 10;
const rss = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(JSON.stringify({ ms, rss, steps, transitions }));
