// Preloaded into a child the bench times (`node --import ./bench/cpuUsage.mjs ...`): when the
// process exits, it writes the CPU time of all its threads (main, workers, V8's background
// compiler and collector) to the file named by REHEARSE_BENCH_CPU, in microseconds.
import { writeFileSync } from 'node:fs';

const file = process.env.REHEARSE_BENCH_CPU;
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, JSON.stringify({ user, system }));
  });
}
