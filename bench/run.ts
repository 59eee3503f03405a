/**
 * `npm run bench`: the benchmark suite. Every figure is the median of repeated runs; every
 * comparison is a ratio taken in the same run. Prints a table and writes bench/results.json
 * and bench/scale.svg. Timings live here, never in the test suite.
 *
 *   npm run bench                 everything
 *   npm run bench -- engine scale explorer decisions cli browser limits samples   a selection
 *   npm run bench -- reduction    the explorer's reduction against the full search, every
 *                                 built-in's pairs (only when named: it takes long)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { ExploreResult, Scenario } from '../src/sim';
import { buildEngine, loadEngine } from './bundle';
import { scaleChart } from './scaleChart';

await buildEngine();
const {
  createActor,
  exploreShard,
  mergeShards,
  parseScenario,
  planProcedure,
  procedureMachine,
  sampler,
  simulate,
  VirtualClock,
} = await loadEngine();

type Json = Record<string, unknown>;
const results: Json = {};
const selected = new Set(process.argv.slice(2));
const want = (name: string) => selected.size === 0 || selected.has(name);
/** Sections that take long enough to run only when named. */
const named = (name: string) => selected.has(name);

// The explorer and CLI rows time bin/rehearse.mjs, which runs dist/cli.mjs: build it from the
// sources being measured, never time a stale one.
if (want('explorer') || want('decisions') || want('cli') || want('limits') || want('samples')) {
  const built = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build-cli failed: ${built.stderr}`);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Median wall time of `fn` over `runs` runs after `warmup` runs, in ms. */
function time(fn: () => void, runs: number, warmup = Math.min(3, runs)): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

/**
 * Median wall times of `a` and `b` sampled alternately, in ms: a slow spell of the machine
 * hits both alike, so their ratio holds even when absolute times wander.
 */
function timePair(a: () => void, b: () => void, runs: number, warmup = 3): [number, number] {
  for (let i = 0; i < warmup; i++) {
    a();
    b();
  }
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < runs; i++) {
    let start = performance.now();
    a();
    ta.push(performance.now() - start);
    start = performance.now();
    b();
    tb.push(performance.now() - start);
  }
  return [median(ta), median(tb)];
}

function table(title: string, rows: readonly (readonly (string | number)[])[]): void {
  const widths =
    rows[0]?.map((_, col) => Math.max(...rows.map((row) => String(row[col] ?? '').length))) ?? [];
  console.log(`\n${title}`);
  for (const row of rows) {
    console.log(
      '  ' +
        row
          .map((cell, col) =>
            typeof cell === 'number'
              ? String(cell).padStart(widths[col] ?? 0)
              : String(cell).padEnd(widths[col] ?? 0),
          )
          .join('  '),
    );
  }
}

const load = (file: string) => parseScenario(readFileSync(file, 'utf8'), file);

/** The procedure machine driven by XState alone: same machines, same events, no runner. */
function bareRun(scenario: Scenario): number {
  const clock = new VirtualClock();
  let events = 0;
  const actor = createActor(procedureMachine, {
    clock,
    input: {
      system: scenario.system,
      from: scenario.version.from,
      path: scenario.path,
      hosts: scenario.hosts,
      steps: planProcedure(scenario),
      explicit: scenario.plan !== 'auto',
      faults: scenario.faults,
      durations: scenario.durations,
      policy: scenario.policy,
      services: scenario.system === 'ha-pair' ? scenario.workloads.map((w) => w.name) : [],
    },
    inspect: (event) => {
      if (event.type === '@xstate.event') events++;
    },
  });
  actor.start();
  actor.send({ type: 'procedure.start' });
  while (actor.getSnapshot().status === 'active') {
    const next = clock.nextDue();
    if (next === undefined) break;
    clock.set(next);
  }
  return events;
}

/** CPU ticks stolen by the hypervisor and all ticks so far, from /proc/stat (Linux). */
function stealTicks(): { steal: number; total: number } | undefined {
  if (!existsSync('/proc/stat')) return undefined;
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return { steal: fields[7] ?? 0, total: fields.reduce((a, b) => a + b, 0) };
}

/**
 * What the machine gives right now: a fixed arithmetic loop timed inside one process, then
 * inside two processes running at once; the speed-up is 2 when both cores are really there.
 */
async function calibrate(): Promise<{ spinMs: number; spinTwoProcessesSpeedup: number }> {
  const code =
    'const t = performance.now(); let x = 0; for (let i = 0; i < 3e8; i++) x = (x + i * 7) | 0; process.stdout.write(String(performance.now() - t + x * 0));';
  const spin = () =>
    new Promise<number>((done) => {
      let out = '';
      const child = spawn(process.execPath, ['-e', code]);
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('exit', () => done(Number(out)));
    });
  const alone: number[] = [];
  const together: number[] = [];
  for (let trial = 0; trial < 3; trial++) {
    alone.push(await spin());
    together.push(Math.max(...(await Promise.all([spin(), spin()]))));
  }
  return {
    spinMs: round(median(alone), 0),
    spinTwoProcessesSpeedup: round((2 * median(alone)) / median(together), 2),
  };
}

const stealBefore = stealTicks();
const calibration = await calibrate();
console.log(
  `machine: one core runs the reference loop in ${calibration.spinMs} ms; two processes at once get ${calibration.spinTwoProcessesSpeedup}× (2 when both cores are free)`,
);

if (want('engine')) {
  // Engine overhead: events per second through the full runner (trace, monitors, downtime
  // accounting) against the bare actor processing the same events on the same machines.
  const rows: (string | number)[][] = [
    ['scenario', 'events', 'bare ev/s', 'runner ev/s', 'runner / bare'],
  ];
  const engine: Json[] = [];
  for (const file of [
    'scenarios/ha-pair-preemption-enabled.yaml',
    'scenarios/serverware-mirror-3.2.yaml',
    'scenarios/serverware-cluster-large.yaml',
  ]) {
    const scenario = load(file);
    const events = bareRun(scenario);
    const runs = file.includes('large') ? 20 : 200;
    const [bare, full] = timePair(
      () => bareRun(scenario),
      () => simulate(scenario),
      runs,
    );
    const row = {
      scenario: file,
      events,
      bareEventsPerSecond: Math.round((events / bare) * 1000),
      runnerEventsPerSecond: Math.round((events / full) * 1000),
      ratio: round(bare / full, 2),
    };
    engine.push(row);
    rows.push([
      file.replace('scenarios/', ''),
      events,
      row.bareEventsPerSecond,
      row.runnerEventsPerSecond,
      row.ratio,
    ]);
  }
  table('Engine overhead (target: runner at least 0.5 of the bare actor)', rows);
  results.engine = engine;
}

if (want('scale')) {
  // The scale ladder, each size in its own process so peak memory is its own.
  const ladder: Json[] = [];
  const rows: (string | number)[][] = [
    ['processing hosts', 'VPSs', 'steps', 'transitions', 'median ms', 'peak RSS MB'],
  ];
  for (const processing of [2, 10, 50, 200]) {
    for (const vps of [10, 100, 1000, 10000]) {
      const out = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'bench/scaleCase.ts', String(processing), String(vps)],
        { encoding: 'utf8' },
      );
      if (out.status !== 0)
        throw new Error(`scale case ${processing}/${vps} failed: ${out.stderr}`);
      const row = JSON.parse(out.stdout) as {
        ms: number;
        rss: number;
        steps: number;
        transitions: number;
      };
      ladder.push({ processing, vps, ...row });
      rows.push([processing, vps, row.steps, row.transitions, row.ms, row.rss]);
    }
  }
  table(
    'Scale ladder: SERVERware Cluster from 3.2.4, three hops (target: 200 hosts and 10,000 VPSs under 2 s)',
    rows,
  );
  /** Least-squares slope of log(time) against log(x) over the picked sizes. */
  const growth = (pick: (r: Json) => boolean, x: (r: Json) => number) => {
    const points = ladder
      .filter(pick)
      .map((r) => [Math.log(x(r)), Math.log(Number(r.ms))] as const);
    const n = points.length;
    const mx = points.reduce((a, [px]) => a + px, 0) / n;
    const my = points.reduce((a, [, py]) => a + py, 0) / n;
    const slope =
      points.reduce((a, [px, py]) => a + (px - mx) * (py - my), 0) /
      points.reduce((a, [px]) => a + (px - mx) ** 2, 0);
    return round(slope, 2);
  };
  // Hosts are the processing hosts plus the Backup host and the two storage hosts.
  const hosts = (r: Json) => Number(r.processing) + 3;
  const at1000 = (r: Json) => r.vps === 1000;
  const byHosts = growth(at1000, hosts);
  const byHostSteps = growth(at1000, (r) => hosts(r) * Number(r.steps));
  const topHosts = growth((r) => at1000(r) && Number(r.processing) >= 50, hosts);
  const byVps = growth(
    (r) => r.processing === 50,
    (r) => Number(r.vps),
  );
  const byVpsLarge = growth(
    (r) => r.processing === 200,
    (r) => Number(r.vps),
  );
  console.log(
    `  growth (slope of log time; 1 is linear): hosts^${byHosts} over the ladder, hosts^${topHosts} from 50 to 200 processing hosts, (hosts × steps)^${byHostSteps}; VPSs^${byVps} at 50 hosts, VPSs^${byVpsLarge} at 200`,
  );
  results.scale = {
    ladder,
    exponentHosts: byHosts,
    exponentHostsFrom50: topHosts,
    exponentHostsTimesSteps: byHostSteps,
    exponentVps: byVps,
    exponentVpsAt200: byVpsLarge,
  };
  writeFileSync(
    'bench/scale.svg',
    scaleChart(
      ladder as never,
      `growth (slope of log time, 1 = linear): (hosts × steps)^${byHostSteps}, hosts^${byHosts}, VPSs^${byVpsLarge} at 200 hosts`,
    ),
  );
}

if (want('explorer')) {
  const pair = load('scenarios/ha-pair-preemption-enabled.yaml');
  const ha = time(() => simulate(pair), 1000, 100);
  const builtinFiles = readdirSync('scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join('scenarios', f));
  const builtins = builtinFiles.map((f) => load(f));
  // Single-fault exploration of every built-in, one thread, as the explorer runs it.
  let results1: ExploreResult[] = [];
  const one = median(
    [0, 1, 2].map(() => {
      const start = performance.now();
      results1 = builtins.map((s) =>
        mergeShards([exploreShard(s, { shard: { index: 0, count: 1 } })]),
      );
      return performance.now() - start;
    }),
  );
  const runs = results1.reduce((sum, r) => sum + r.runs, 0);
  const converged = results1.reduce((sum, r) => sum + r.converged, 0);
  // Throughput on one and two workers: pairs of faults on a Cluster, through the CLI's worker
  // threads, timed end to end as a user runs them.
  const heavy = 'scenarios/serverware-cluster-4.3-4.8.yaml';
  // CPU time of the whole process (every thread) beside the wall time: how many cores one
  // exploration keeps busy, and how much more CPU the same work costs on two workers.
  const cpuFile = join(tmpdir(), `rehearse-bench-cpu-${process.pid}.json`);
  /** `rehearse explore ARGS --json`, start to exit, median of `times`: wall and CPU time. */
  const explore = (args: readonly string[], times = 3) => {
    let stdout = '';
    const cpuMs: number[] = [];
    const ms = median(
      Array.from({ length: times }, () => {
        const start = performance.now();
        const out = spawnSync(
          process.execPath,
          ['--import', './bench/cpuUsage.mjs', 'bin/rehearse.mjs', 'explore', ...args, '--json'],
          {
            encoding: 'utf8',
            maxBuffer: 64 * 2 ** 20,
            env: { ...process.env, REHEARSE_BENCH_CPU: cpuFile },
          },
        );
        const wall = performance.now() - start;
        if (out.status !== 0 && out.status !== 1) throw new Error(out.stderr);
        stdout = out.stdout;
        const cpu = JSON.parse(readFileSync(cpuFile, 'utf8')) as { user: number; system: number };
        cpuMs.push((cpu.user + cpu.system) / 1000);
        return wall;
      }),
    );
    return { ms, cpuMs: median(cpuMs), stdout };
  };
  const cli = (workers: number) => {
    const { stdout, ...timed } = explore([heavy, '--faults', '2', '--workers', String(workers)]);
    const found = JSON.parse(stdout) as { runs: number; distinctStates: number };
    return { ...timed, runs: found.runs, distinctStates: found.distinctStates };
  };
  const w1 = cli(1);
  const w2 = cli(2);
  // Pairs on the 20-host Cluster as a user runs them, on two workers: the target of the
  // reduction (under two minutes). Once: it takes minutes.
  const large = 'scenarios/serverware-cluster-large.yaml';
  const largeRun = explore([large, '--faults', '2', '--workers', '2'], 1);
  const largeFound = JSON.parse(largeRun.stdout) as {
    runs: number;
    explored: number;
    covered: number;
  };
  // The single-fault exploration of every built-in as a user runs it: one command, start to
  // exit, on the default workers (one per core).
  const command = explore(builtinFiles);
  const commandRuns = (JSON.parse(command.stdout) as { runs: number }[]).reduce(
    (sum, r) => sum + r.runs,
    0,
  );
  if (commandRuns !== runs) throw new Error(`the command ran ${commandRuns} runs, not ${runs}`);
  rmSync(cpuFile, { force: true });
  // What the machine gives two processes that share nothing: each explores half the
  // candidates on its own, started together. The ceiling for any two-worker speed-up here.
  const processes = async (count: number) => {
    const times: number[] = [];
    for (let trial = 0; trial < 3; trial++) {
      const start = performance.now();
      await Promise.all(
        Array.from(
          { length: count },
          (_, index) =>
            new Promise<void>((done, fail) =>
              spawn(
                process.execPath,
                ['--import', 'tsx', 'bench/shardCase.ts', heavy, '2', String(index), String(count)],
                { stdio: 'ignore' },
              ).on('exit', (code) =>
                code === 0 ? done() : fail(new Error(`shardCase exited with ${code}`)),
              ),
            ),
        ),
      );
      times.push(performance.now() - start);
    }
    return median(times);
  };
  const ceiling = (await processes(1)) / (await processes(2));
  const explorer = {
    haRunsPerSecond: Math.round(1000 / ha),
    haRunMs: round(ha, 3),
    singleFaultAllBuiltinsSeconds: round(one / 1000, 2),
    singleFaultAllBuiltinsRuns: runs,
    singleFaultAllBuiltinsConverged: converged,
    singleFaultAllBuiltinsCommandSeconds: round(command.ms / 1000, 2),
    singleFaultAllBuiltinsCommandCoresBusy: round(command.cpuMs / command.ms, 2),
    pairsWorkload: `${heavy} --faults 2`,
    pairsRuns: w1.runs,
    oneWorkerMs: round(w1.ms, 0),
    twoWorkersMs: round(w2.ms, 0),
    oneWorkerRunsPerSecond: Math.round((w1.runs / w1.ms) * 1000),
    twoWorkersRunsPerSecond: Math.round((w2.runs / w2.ms) * 1000),
    oneWorkerStatesPerSecond: Math.round((w1.distinctStates / w1.ms) * 1000),
    twoWorkersStatesPerSecond: Math.round((w2.distinctStates / w2.ms) * 1000),
    oneWorkerCpuSeconds: round(w1.cpuMs / 1000, 2),
    twoWorkersCpuSeconds: round(w2.cpuMs / 1000, 2),
    oneWorkerCoresBusy: round(w1.cpuMs / w1.ms, 2),
    twoWorkersCoresBusy: round(w2.cpuMs / w2.ms, 2),
    speedup: round(w1.ms / w2.ms, 2),
    machineCeiling: round(ceiling, 2),
    largePairsWorkload: `${large} --faults 2 --workers 2`,
    largePairsSeconds: round(largeRun.ms / 1000, 1),
    largePairsCpuSeconds: round(largeRun.cpuMs / 1000, 1),
    largePairsRuns: largeFound.runs,
    largePairsExplored: largeFound.explored,
    largePairsCovered: largeFound.covered,
  };
  table(
    'Explorer (targets: ≥1,000 HA runs/s per core; all built-ins single-fault < 10 s; two workers ≥ 1.8× one)',
    [
      ['complete HA-pair runs per second, one core', explorer.haRunsPerSecond],
      [
        'single-fault exploration of every built-in, one thread (s)',
        explorer.singleFaultAllBuiltinsSeconds,
      ],
      ['  runs (of which converged)', `${runs} (${converged})`],
      [
        '  `rehearse explore scenarios/*.yaml`, default workers, start to exit (s)',
        explorer.singleFaultAllBuiltinsCommandSeconds,
      ],
      ['    cores busy', explorer.singleFaultAllBuiltinsCommandCoresBusy],
      [`pairs on ${heavy.replace('scenarios/', '')}: runs`, w1.runs],
      [
        '  1 worker: ms, runs/s, states/s',
        `${explorer.oneWorkerMs}, ${explorer.oneWorkerRunsPerSecond}, ${explorer.oneWorkerStatesPerSecond}`,
      ],
      [
        '  2 workers: ms, runs/s, states/s',
        `${explorer.twoWorkersMs}, ${explorer.twoWorkersRunsPerSecond}, ${explorer.twoWorkersStatesPerSecond}`,
      ],
      [
        '  CPU seconds (all threads), cores busy: 1 worker',
        `${explorer.oneWorkerCpuSeconds}, ${explorer.oneWorkerCoresBusy}`,
      ],
      [
        '  CPU seconds (all threads), cores busy: 2 workers',
        `${explorer.twoWorkersCpuSeconds}, ${explorer.twoWorkersCoresBusy}`,
      ],
      ['  speed-up', explorer.speedup],
      [
        'two processes sharing nothing, half each: speed-up (machine ceiling)',
        explorer.machineCeiling,
      ],
      [
        'pairs on the 20-host Cluster, 2 workers: wall s, CPU s',
        `${explorer.largePairsSeconds}, ${explorer.largePairsCpuSeconds}`,
      ],
      [
        '  runs: explored + covered by equivalent runs',
        `${largeFound.runs} = ${largeFound.explored} + ${largeFound.covered}`,
      ],
    ],
  );
  results.explorer = explorer;
}

// The explorer's reduction against the full search (`npm run bench -- reduction`): pairs on
// every built-in, one thread, with equivalent runs composed and with every run played; the
// findings must be the same, field for field (test/exploreReduction.test.ts checks the smaller
// built-ins in the suite). The 20-host Cluster's full search alone takes most of an hour.
if (named('reduction')) {
  const rows: (string | number)[][] = [
    ['scenario', 'runs', 'explored', 'covered', 'reduced s', 'full s', 'same findings'],
  ];
  const compared: Json[] = [];
  const findingsOf = (result: ExploreResult) => {
    const { explored: _e, covered: _c, converged: _v, ...rest } = result;
    return JSON.stringify(rest);
  };
  for (const file of readdirSync('scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join('scenarios', f))) {
    const scenario = load(file);
    const timed = (reduction: boolean) => {
      const start = performance.now();
      const result = mergeShards([
        exploreShard(scenario, { faults: 2, reduction, shard: { index: 0, count: 1 } }),
      ]);
      return { result, seconds: round((performance.now() - start) / 1000, 1) };
    };
    const reduced = timed(true);
    const full = timed(false);
    const same = findingsOf(reduced.result) === findingsOf(full.result);
    const name = file.replace('scenarios/', '').replace('.yaml', '');
    rows.push([
      name,
      reduced.result.runs,
      reduced.result.explored,
      reduced.result.covered,
      reduced.seconds,
      full.seconds,
      same ? 'yes' : 'NO',
    ]);
    compared.push({
      scenario: name,
      runs: reduced.result.runs,
      explored: reduced.result.explored,
      covered: reduced.result.covered,
      reducedSeconds: reduced.seconds,
      fullSeconds: full.seconds,
      same,
    });
    console.log(rows.at(-1)?.join('  '));
  }
  table('Reduction: pairs of faults, composed runs against every run played, one thread', rows);
  results.reduction = compared;
  if (compared.some((row) => row.same !== true))
    throw new Error('the reduced exploration differs from the full one');
}

// The decision search on every built-in, one thread, as a user runs it (`npm run bench --
// decisions`): each file its own command, start to exit, timed once (the 20-host Cluster alone
// takes minutes); the target is under 60 s for all of them.
if (want('decisions')) {
  const cpuFile = join(tmpdir(), `rehearse-bench-decisions-cpu-${process.pid}.json`);
  const rows: [string, string | number][] = [];
  let wall = 0;
  let cpu = 0;
  let runs = 0;
  const perScenario: Json = {};
  const files = readdirSync('scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  for (const file of files) {
    const start = performance.now();
    const out = spawnSync(
      process.execPath,
      [
        '--import',
        './bench/cpuUsage.mjs',
        'bin/rehearse.mjs',
        'explore',
        join('scenarios', file),
        '--decisions',
        '--json',
        '--workers',
        '1',
      ],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 2 ** 20,
        env: { ...process.env, REHEARSE_BENCH_CPU: cpuFile },
      },
    );
    const ms = performance.now() - start;
    if (out.status !== 0 && out.status !== 1) throw new Error(out.stderr);
    const used = JSON.parse(readFileSync(cpuFile, 'utf8')) as { user: number; system: number };
    const cpuMs = (used.user + used.system) / 1000;
    const found = JSON.parse(out.stdout) as { runs: number };
    wall += ms;
    cpu += cpuMs;
    runs += found.runs;
    perScenario[file] = { seconds: round(ms / 1000, 2), cpuSeconds: round(cpuMs / 1000, 2) };
    rows.push([`  ${file}: s, CPU s`, `${round(ms / 1000, 2)}, ${round(cpuMs / 1000, 2)}`]);
  }
  rmSync(cpuFile, { force: true });
  const decisions = {
    allBuiltinsSeconds: round(wall / 1000, 1),
    allBuiltinsCpuSeconds: round(cpu / 1000, 1),
    runs,
    perScenario,
  };
  table(
    'Decision search (`rehearse explore FILE --decisions --json --workers 1`), every built-in',
    [
      [
        'all built-ins, one after the other: s, CPU s (target: under 60 s)',
        `${decisions.allBuiltinsSeconds}, ${decisions.allBuiltinsCpuSeconds}`,
      ],
      ['  runs', runs],
      ...rows,
    ],
  );
  results.decisions = decisions;
}

if (want('cli')) {
  const cold = (...args: string[]) =>
    median(
      Array.from({ length: 10 }, () => {
        const start = performance.now();
        spawnSync(process.execPath, ['bin/rehearse.mjs', ...args], { encoding: 'utf8' });
        return performance.now() - start;
      }),
    );
  const node = median(
    Array.from({ length: 10 }, () => {
      const s = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      return performance.now() - s;
    }),
  );
  const cliResults = {
    nodeStartMs: round(node, 0),
    listMs: round(cold('list'), 0),
    runMs: round(cold('run', 'scenarios/serverware-mirror-3.2.yaml'), 0),
  };
  table('CLI cold start to exit (target: under 500 ms each)', [
    ['node -e 0 (for reference)', cliResults.nodeStartMs],
    ['rehearse list', cliResults.listMs],
    ['rehearse run scenarios/serverware-mirror-3.2.yaml', cliResults.runMs],
  ]);
  results.cli = cliResults;
}

if (want('browser') && existsSync('dist/app/index.html') && existsSync('bench/browser.ts')) {
  const out = spawnSync(process.execPath, ['--import', 'tsx', 'bench/browser.ts'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.stdout.write(out.stdout);
  if (existsSync('bench/browser-results.json'))
    results.browser = JSON.parse(readFileSync('bench/browser-results.json', 'utf8')) as Json;
}

const stealAfter = stealTicks();
const machine = {
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGiB: round(totalmem() / 2 ** 30, 0),
  date: new Date().toISOString().slice(0, 10),
  // Share of CPU time the hypervisor gave to others while the bench ran (Linux only).
  ...(stealBefore && stealAfter
    ? {
        stealPercent: round(
          (100 * (stealAfter.steal - stealBefore.steal)) /
            Math.max(1, stealAfter.total - stealBefore.total),
          1,
        ),
      }
    : {}),
  ...calibration,
};
if (want('limits')) {
  // The largest inputs the documented limits allow, through the built CLI, each in its own
  // process: each must end (never `stuck` for its size) within the bound docs/reliability.md gives.
  const { LIMITS } = await import('../src/sim/defaults');
  const BOUND_S = 60;
  const dir = join(tmpdir(), `rehearse-limits-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const versions = Array.from({ length: LIMITS.pathVersions }, (_, i) => `9.0.${i + 2}`);
  const cluster = `name: limits\nsystem: serverware\ntopology: cluster\nversion: { from: 3.2.4 }\nhosts: { processing: ${LIMITS.hosts - 3} }\nvps: ${LIMITS.workloads}\n`;
  const list = (key: string, item: string, count: number) =>
    `${key}:\n${`  - ${item}\n`.repeat(count)}`;
  const path = (prefix: string) =>
    Array.from({ length: LIMITS.pathVersions }, (_, i) => `${prefix}.${i + 1}.0`).join(', ');
  // The text summary: a JSON report of a million VPSs is a measure of JSON, not of the run.
  const run = ['run', '--quiet'];
  const cases: { name: string; args: string[]; text: string }[] = [
    {
      name: `run: ${LIMITS.hosts - 3} processing hosts, ${LIMITS.workloads} VPSs, three hops`,
      args: run,
      text: cluster,
    },
    {
      name: `run: the same Cluster, a plan of ${LIMITS.planSteps} failovers`,
      args: run,
      text: cluster + list('plan', 'failover', LIMITS.planSteps),
    },
    {
      name: `run: HA pair, ${LIMITS.pathVersions}-version path, ${LIMITS.services} services`,
      args: run,
      text: `name: limits\nsystem: ha-pair\nversion: { from: 9.0.1, path: [${path('9')}] }\nservices: ${LIMITS.services}\n`,
    },
    {
      name: `run: single server, ${LIMITS.pathVersions}-version path, ${LIMITS.services} services`,
      args: run,
      text: `name: limits\nsystem: standalone\nversion: { from: 1.0.0, path: [${path('1')}] }\nservices: ${LIMITS.services}\n`,
    },
    {
      // Every step start matches every live fault: the longest plan under the longest list,
      // each fault striking one switchover.
      name: `run: HA pair, ${LIMITS.planSteps} switchovers, ${LIMITS.faults} faults`,
      args: run,
      text:
        `name: limits\nsystem: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\nservices: ${LIMITS.services}\n` +
        list('plan', 'switchover', LIMITS.planSteps) +
        list(
          'faults',
          '{ fault: failover-timeout, target: active, when: { step: switchover } }',
          LIMITS.faults,
        ),
    },
    {
      // Live all run long: the faults a step start could match, none of which ever does.
      name: `run: HA pair, ${LIMITS.planSteps} switchovers, ${LIMITS.faults} faults that never fire`,
      args: run,
      text:
        `name: limits\nsystem: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\nservices: ${LIMITS.services}\n` +
        list('plan', 'switchover', LIMITS.planSteps) +
        list(
          'faults',
          '{ fault: upgrade-failure, target: standby, when: { step: install } }',
          LIMITS.faults,
        ),
    },
    {
      name: `run: HA pair, ${LIMITS.faults} faults timed a minute apart`,
      args: run,
      text:
        `name: limits\nsystem: ha-pair\nversion: { from: 9.0.1, path: [${path('9')}] }\n` +
        `faults:\n${Array.from({ length: LIMITS.faults }, (_, i) => `  - { fault: session-loss, target: active, when: { at: ${i + 1}m } }\n`).join('')}`,
    },
    {
      name: `explore: HA pair, ${LIMITS.pathVersions}-version path, 2 workers`,
      args: ['explore', '--json', '--workers', '2'],
      text: `name: limits\nsystem: ha-pair\nversion: { from: 9.0.1, path: [${versions.join(', ')}] }\n`,
    },
  ];
  const rows: (string | number)[][] = [];
  const measured: Json[] = [];
  for (const [index, item] of cases.entries()) {
    const file = join(dir, `case-${index}.yaml`);
    writeFileSync(file, item.text);
    const out = spawnSync(
      '/usr/bin/time',
      ['-f', '%e %M %U %S', process.execPath, 'dist/cli.mjs', ...item.args, file],
      { encoding: 'utf8', maxBuffer: 2 ** 31 - 1 },
    );
    const [seconds, kb, user, system] = (out.stderr.trim().split('\n').pop() ?? '')
      .split(' ')
      .map(Number);
    // CPU time is the run's own cost; wall time also counts whatever else the machine runs.
    const cpu = round((user ?? 0) + (system ?? 0), 1);
    if (out.status !== 0 && out.status !== 1) throw new Error(`${item.name}: ${out.stderr}`);
    if (/: stuck\b/.test(out.stdout.split('\n')[0] ?? ''))
      throw new Error(`${item.name}: ended stuck`);
    // Explore spreads its CPU time over its workers: its bound is on the wall clock.
    const spent = item.args[0] === 'explore' ? (seconds ?? Infinity) : cpu;
    const within = spent <= BOUND_S;
    rows.push([
      item.name,
      seconds ?? '?',
      cpu,
      Math.round((kb ?? 0) / 1024),
      within ? 'yes' : 'NO',
    ]);
    measured.push({
      case: item.name,
      seconds,
      cpuSeconds: cpu,
      peakMb: Math.round((kb ?? 0) / 1024),
      within,
    });
  }
  rmSync(dir, { recursive: true, force: true });
  table(`limits (bound ${BOUND_S} s each: CPU for run, wall for explore)`, [
    ['case', 'wall s', 'CPU s', 'peak MB', 'within'],
    ...rows,
  ]);
  results.limits = { boundSeconds: BOUND_S, cases: measured };
}

if (want('samples')) {
  // Monte Carlo through the built CLI: `rehearse run FILE --samples N`, start to exit, with the
  // CPU time of every thread (user + system), so CPU / wall is the cores kept busy.
  const file = 'scenarios/golden/serverware-cluster-varying-durations.yaml';
  const TARGET_S = 60;
  const timed = (count: number, workers: number) => {
    const out = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        '%e %U %S',
        process.execPath,
        'dist/cli.mjs',
        'run',
        file,
        '--samples',
        String(count),
        '--workers',
        String(workers),
        '--json',
      ],
      { encoding: 'utf8', maxBuffer: 2 ** 28 },
    );
    // Status 1: some sample missed the scenario's expectations, which the summary counts.
    if (out.status !== 0 && out.status !== 1) throw new Error(`samples: ${out.stderr}`);
    const [wall = 0, user = 0, system = 0] = (out.stderr.trim().split('\n').pop() ?? '')
      .split(' ')
      .map(Number);
    return { wall, cpu: round(user + system, 1) };
  };
  // In one process, alternately: a Monte Carlo sample (no trace kept, planned once) against a
  // complete run of the same seed as `rehearse run --seed N` makes it.
  const scenario = load(file);
  const sample = sampler(scenario);
  let seed = 0;
  const [perSample, perRun] = timePair(
    () => {
      for (let i = 0; i < 20; i++) sample(seed + i);
    },
    () => {
      for (let i = 0; i < 20; i++) simulate(scenario, { seed: seed + i });
      seed += 20;
    },
    15,
  );
  const loadBefore = round(loadavg()[0] ?? 0, 1);
  const one = timed(1_000, 1);
  const many = timed(10_000, 2);
  const loadAfter = round(loadavg()[0] ?? 0, 1);
  const samplesResults = {
    file,
    sampleMs: round(perSample / 20, 2),
    fullRunMs: round(perRun / 20, 2),
    sampleOverFullRun: round(perSample / perRun, 2),
    oneWorker: { samples: 1_000, seconds: one.wall, cpuSeconds: one.cpu },
    samplesPerSecondPerCore: round(1_000 / Math.max(0.001, one.cpu), 0),
    twoWorkers: { samples: 10_000, seconds: many.wall, cpuSeconds: many.cpu },
    // The one-minute load average before and after the CLI runs: wall time means little above 2.
    loadAverage: [loadBefore, loadAfter],
    targetSeconds: TARGET_S,
    within: many.wall <= TARGET_S,
  };
  table(`Monte Carlo: rehearse run ${file} --samples N (target: 10,000 in under ${TARGET_S} s)`, [
    ['what', 'figure'],
    [
      'one sample / one complete run of the same seed, in-process: ms, ms, ratio',
      `${samplesResults.sampleMs}, ${samplesResults.fullRunMs}, ${samplesResults.sampleOverFullRun}`,
    ],
    ['1,000 samples, one worker: wall s, CPU s', `${one.wall}, ${one.cpu}`],
    ['samples per second per core (1,000 / CPU s)', samplesResults.samplesPerSecondPerCore],
    ['10,000 samples, two workers: wall s, CPU s', `${many.wall}, ${many.cpu}`],
    ['load average before, after', `${loadBefore}, ${loadAfter}`],
  ]);
  results.samples = samplesResults;
}

// Sections of an earlier run that this one did not measure are kept; nothing else is.
const SECTIONS = [
  'engine',
  'scale',
  'explorer',
  'cli',
  'browser',
  'limits',
  'samples',
  'reduction',
];
const previous = existsSync('bench/results.json')
  ? (JSON.parse(readFileSync('bench/results.json', 'utf8')) as Json)
  : {};
const kept = Object.fromEntries(Object.entries(previous).filter(([key]) => SECTIONS.includes(key)));
writeFileSync(
  'bench/results.json',
  JSON.stringify({ machine, ...kept, ...results }, null, 2) + '\n',
);
console.log('\nwrote bench/results.json' + (results.scale ? ' and bench/scale.svg' : ''));
