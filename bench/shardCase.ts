/**
 * One shard of an exploration in a process of its own, for the machine's parallel ceiling:
 * `shardCase.ts FILE FAULTS INDEX COUNT` explores candidates `i % COUNT === INDEX`. Spawned by
 * bench/run.ts, which builds the engine bundle first.
 */
import { readFileSync } from 'node:fs';
import { loadEngine } from './bundle';

const { exploreShard, parseScenario } = await loadEngine();

const [file = '', faults = '1', index = '0', count = '1'] = process.argv.slice(2);
const scenario = parseScenario(readFileSync(file, 'utf8'), file);
exploreShard(scenario, {
  faults: Number(faults),
  shard: { index: Number(index), count: Number(count) },
});
