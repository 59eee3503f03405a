/**
 * Prints the tables of docs/findings.md from fresh explorations of the built-in scenarios:
 * single faults on every one, pairs on every one but the 20-host cluster.
 *
 *   npx tsx scripts/findings.ts            both tables
 *   npx tsx scripts/findings.ts singles    the single-fault table only
 */
import { readdirSync, readFileSync } from 'node:fs';
import { explore, parseScenario, type ExploreResult } from '../src/sim';

const wanted = process.argv[2] ?? 'all';
const files = readdirSync('scenarios')
  .filter((file) => file.endsWith('.yaml'))
  .sort();

const thousands = (n: number) => n.toLocaleString('en');
const outcomes = (r: ExploreResult) =>
  [r.outcomes.completed, r.outcomes['rolled-back'], r.outcomes.aborted, r.outcomes.stuck]
    .map(thousands)
    .join(' / ');
const violated = (r: ExploreResult) =>
  r.counterexamples.map((c) => c.invariant).join(', ') || 'none';

function table(faults: 1 | 2): void {
  const header =
    faults === 1
      ? '| scenario | runs | distinct states | outcomes (completed / rolled back / aborted / stuck) | invariants violated |\n|---|---:|---:|---|---|'
      : '| scenario | runs | merged | distinct states | outcomes (completed / rolled back / aborted / stuck) | invariants violated |\n|---|---:|---:|---:|---|---|';
  console.log(header);
  for (const file of files) {
    if (faults === 2 && file.includes('large')) continue;
    const scenario = parseScenario(readFileSync(`scenarios/${file}`, 'utf8'), file);
    const start = performance.now();
    const r = explore(scenario, { faults });
    const seconds = (performance.now() - start) / 1000;
    const name = file.replace(/\.yaml$/, '');
    console.log(
      faults === 1
        ? `| ${name} | ${thousands(r.runs)} | ${thousands(r.distinctStates)} | ${outcomes(r)} | ${violated(r)} |`
        : `| ${name} | ${thousands(r.runs)} | ${thousands(r.merged)} | ${thousands(r.distinctStates)} | ${outcomes(r)} | ${violated(r)} |`,
    );
    console.error(`  ${name}: ${seconds.toFixed(1)} s`);
    for (const c of r.counterexamples)
      console.error(
        `    ${c.invariant}: ${c.faults.length} fault(s), ${c.steps} steps — ${c.message}`,
      );
  }
}

if (wanted === 'all' || wanted === 'singles') table(1);
if (wanted === 'all' || wanted === 'pairs') table(2);
