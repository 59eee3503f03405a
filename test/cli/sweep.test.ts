import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../support/csv';
import { cli, hasStackTrace, resealed, workspace, type Workspace } from './helpers';

const MINUTE = 60_000;

/**
 * A Mirror from 4.5.0 to 5.2.1, one hop, every duration fixed. Its procedure (the document's
 * v4.3.x–v4.8.x steps) upgrades the Backup host, the Secondary, fails over, upgrades the former
 * Primary, and fails over once more to put it back: every VPS runs on the Primary, so each is
 * down for two failovers, and the window is the precheck, three hosts' install + reboot +
 * verify, and the two failovers.
 */
const MIRROR = `name: Mirror <&> "pair"
system: serverware
topology: mirror
version: { from: 4.5.0, to: 5.2.1 }
vps: 2
durations: { precheck: 10m, install: 20m, reboot: 5m, verify: 5m, failover: 15m }
`;

/** A small Cluster whose durations and faults are drawn from the seed. */
const VARYING = `name: Cluster, durations that vary
system: serverware
topology: cluster
version: { from: 4.5.0 }
hosts: { processing: 2 }
vps: [{ name: db, host: primary }, { name: web, host: processing-1 }]
durations:
  install: 15m..30m
  failover: { min: 10m, likely: 15m, max: 45m }
seed: 3
faults:
  - { fault: upgrade-failure, target: processing, when: { step: install }, probability: 0.3 }
`;

let ws: Workspace;
let mirror: string;
let varying: string;

beforeAll(() => {
  ws = workspace();
  mirror = ws.write('mirror.yaml', MIRROR);
  varying = ws.write('varying.yaml', VARYING);
});

afterAll(() => ws.cleanup());

interface Spread {
  p50: number;
  p90: number;
  max: number;
}

interface Sweep {
  format: number;
  scenario: string;
  parameters: { key: string; values: (string | number)[] }[];
  samples: number;
  firstSeed: number;
  points: number;
  passed: number;
  rows: {
    set: Record<string, string | number>;
    exact: boolean;
    result: {
      samples: number;
      passed: number;
      total: Spread;
      duration: Spread;
      workloads: { name: string; longestOutage: number }[];
      outcomes: Record<string, { count: number }>;
    };
  }[];
}

async function sweepJson(...args: string[]): Promise<{ status: number; sweep: Sweep }> {
  const { status, stdout, stderr } = await cli(['sweep', ...args, '--json']);
  expect(hasStackTrace(stderr)).toBe(false);
  expect(stdout, stderr).not.toBe('');
  return { status, sweep: JSON.parse(stdout) as Sweep };
}

describe('rehearse sweep', () => {
  it("should give the downtime the scenario's own numbers give at every point of the grid", async () => {
    const { status, sweep } = await sweepJson(
      mirror,
      '--set',
      'durations.failover=10m..30m:10m',
      '--set',
      'vps=1,3',
    );
    expect(status).toBe(0);
    expect(sweep).toMatchObject({ format: 1, points: 6, passed: 6, samples: 1, firstSeed: 1 });
    expect(sweep.parameters).toEqual([
      { key: 'durations.failover', values: ['10m', '20m', '30m'] },
      { key: 'vps', values: [1, 3] },
    ]);
    const expected = [10, 20, 30].flatMap((failover) =>
      [1, 3].map((vps) => ({
        set: { 'durations.failover': `${failover}m`, vps },
        // Each VPS down for both failovers; its longest outage one failover.
        total: vps * 2 * failover * MINUTE,
        longest: failover * MINUTE,
        // Precheck, then install + reboot + verify on three hosts, then the two failovers.
        window: (10 + 3 * (20 + 5 + 5) + 2 * failover) * MINUTE,
      })),
    );
    expect(
      sweep.rows.map((row) => ({
        set: row.set,
        total: row.result.total.p50,
        longest: Math.max(...row.result.workloads.map((w) => w.longestOutage)),
        window: row.result.duration.p50,
      })),
    ).toEqual(expected);
    for (const row of sweep.rows) {
      expect(row.exact).toBe(true);
      expect(row.result.samples).toBe(1);
      expect(row.result.total.max).toBe(row.result.total.p50);
    }
  });

  it('should print a table with a row per point, and exit 1 when a point misses an expectation', async () => {
    const file = ws.write('budget.yaml', `${MIRROR}expect:\n  downtime: { vps-1: { max: 30m } }\n`);
    const { status, stdout, stderr } = await cli([
      'sweep',
      file,
      '--set',
      'durations.failover=10m,15m,20m',
    ]);
    expect(stderr).toBe('');
    expect(status).toBe(1);
    expect(stdout).toBe(
      [
        '✗ Mirror <&> "pair": 3 points (durations.failover), one run each (nothing in them is drawn from the seed), 2 passed',
        '',
        '     durations.failover  outcome    downtime  longest outage  violations',
        '  ✓  10m                 completed       40m             10m  —',
        '  ✓  15m                 completed        1h             15m  —',
        '  ✗  20m                 completed     1h20m             20m  expect missed',
        '',
      ].join('\n'),
    );
  });

  it('should say under the table what its runs warned of, and at how many points', async () => {
    // Before: a `durations:` value for a host whose step never runs (the Primary is never
    // upgraded) was warned of by `run` alone; the sweep's table read as if it counted.
    const file = ws.write(
      'careless-sweep.yaml',
      MIRROR.replace('install: 20m', 'install: { default: 20m, primary: 1h }'),
    );
    const { status, stdout } = await cli(['sweep', file, '--set', 'durations.reboot=5m,10m']);
    expect(status).toBe(0);
    const lines = stdout.split('\n');
    const at = lines.indexOf('  warnings');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1).filter((line) => line.includes('timed nothing'))).toEqual([
      '    ! durations.install: the value for primary timed nothing in this run: no step it times ran on primary',
    ]);
  });

  it('should say how many of the runs warned, when not all did', async () => {
    // Before: a warning four runs in twenty gave at each point read as if every run had.
    const file = ws.write(
      'some-runs.yaml',
      [
        'name: Some runs warn',
        'system: serverware',
        'topology: cluster',
        'version: { from: 4.5.0 }',
        'hosts: { processing: 3 }',
        'vps: 6',
        'durations:',
        '  reboot: { default: 5m, processing-3: 20m }',
        'faults:',
        '  - { fault: upgrade-failure, target: processing-1, probability: 0.5 }',
        '',
      ].join('\n'),
    );
    const args = ['sweep', file, '--set', 'durations.failover=10m,20m', '--samples', '20'];
    const { status, stdout } = await cli([...args, '--json']);
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as {
      rows: { result: { samples: number; warnings: { text: string; runs: number }[] } }[];
    };
    const warned = report.rows.flatMap((row) => row.result.warnings);
    const text = warned[0]?.text ?? '';
    expect(text).toMatch(/processing-3 timed nothing/);
    const runs = warned.reduce((sum, warning) => sum + warning.runs, 0);
    expect(runs).toBeGreaterThan(0);
    expect(runs).toBeLessThan(40);
    const table = await cli(args);
    expect(table.stdout.split('\n')).toContain(`    ! ${text} (in ${runs} of 40 runs)`);
  });

  it('should write CSV (RFC 4180) with a header record and lengths in seconds and as read', async () => {
    const { status, stdout } = await cli([
      'sweep',
      mirror,
      '--set',
      'vps=1,2',
      '--set',
      'durations.failover=90s',
      '--csv',
    ]);
    expect(status).toBe(0);
    expect(stdout.endsWith('\r\n')).toBe(true);
    const [header, ...records] = parseCsv(stdout);
    expect(header?.slice(0, 5)).toEqual([
      'vps',
      'durations.failover_s',
      'durations.failover',
      'runs',
      'passed',
    ]);
    expect(records).toHaveLength(2);
    for (const record of records) expect(record).toHaveLength(header?.length ?? 0);
    const field = (record: string[] | undefined, name: string) =>
      record?.[header?.indexOf(name) ?? -1];
    expect(field(records[1], 'vps')).toBe('2');
    expect(field(records[1], 'durations.failover_s')).toBe('90');
    expect(field(records[1], 'durations.failover')).toBe('1m30s');
    expect(field(records[1], 'completed')).toBe('1');
    // A count, as the JSON's: "yes" or "no" before, "no" for 19 runs of 20 passed.
    expect(field(records[1], 'passed')).toBe('1');
    expect(field(records[1], 'downtime_p50_s')).toBe(String(2 * 2 * 90));
    expect(field(records[1], 'downtime_p50')).toBe('6m');
    expect(field(records[1], 'longest_outage_s')).toBe('90');
  });

  it('should run a point that draws from the seed with --samples seeds, as run --samples sums them', async () => {
    const { status, sweep } = await sweepJson(
      varying,
      '--set',
      'durations.failover=12m,20m',
      '--samples',
      '8',
    );
    expect(status).toBe(0);
    expect(sweep).toMatchObject({ points: 2, samples: 8, firstSeed: 3 });
    // The same point written by hand into a file of its own, and sampled by run --samples.
    const byHand = ws.write(
      'by-hand.yaml',
      VARYING.replace('failover: { min: 10m, likely: 15m, max: 45m }', 'failover: 20m'),
    );
    const run = await cli(['run', byHand, '--samples', '8', '--json']);
    expect(sweep.rows[1]?.exact).toBe(false);
    expect(sweep.rows[1]?.result).toEqual(JSON.parse(run.stdout));
    expect(sweep.rows[0]?.result).not.toEqual(sweep.rows[1]?.result);
  });

  it('should give byte-identical output for the same seed, and other draws for another', async () => {
    const args = ['sweep', varying, '--set', 'durations.reboot=2m,6m', '--samples', '4'];
    const first = await cli([...args, '--json']);
    const again = await cli([...args, '--json']);
    expect(again.stdout).toBe(first.stdout);
    const other = JSON.parse((await cli([...args, '--seed', '500', '--json'])).stdout) as Sweep;
    const mine = JSON.parse(first.stdout) as Sweep;
    expect(other.firstSeed).toBe(500);
    expect(other.rows.map((row) => row.result.duration)).not.toEqual(
      mine.rows.map((row) => row.result.duration),
    );
  });

  it('should write one plot per swept key as SVG, its text escaped', async () => {
    const svg = join(ws.dir, 'sweep.svg');
    const { status, stderr } = await cli([
      'sweep',
      mirror,
      '--set',
      'durations.failover=10m,20m',
      '--set',
      'vps=1..3',
      '--svg',
      svg,
    ]);
    expect(status).toBe(0);
    expect(stderr).toBe(`wrote ${svg}\n`);
    const text = readFileSync(svg, 'utf8');
    expect(text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(text).toContain('Mirror &lt;&amp;&gt; &quot;pair&quot;');
    expect(text).not.toContain('<&>');
    expect([...text.matchAll(/>total downtime against ([\w.]+)</g)].map((m) => m[1])).toEqual([
      'durations.failover',
      'vps',
    ]);
    // A point per row in each plot, each saying its values and its downtime.
    const points = [...text.matchAll(/<circle [^>]*><title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(points).toHaveLength(12);
    expect(points).toContain('durations.failover=20m, vps=3: downtime 2h');
    expect(points).toContain('vps=3, durations.failover=20m: downtime 2h');
  });

  it.each([
    [
      ['--set', 'durations.failovr=10m'],
      '--set durations.failovr=10m: a sweep cannot set "durations.failovr" (did you mean durations.failover?)',
    ],
    [
      ['--set', 'durations.failover=30m..10m:5m'],
      '--set durations.failover=30m..10m:5m: the range "30m..10m:5m" ends before it starts',
    ],
    [
      ['--set', 'hosts.processing=2..8:0'],
      '--set hosts.processing=2..8:0: the step of "2..8:0" is 0: it must be more than 0',
    ],
    [['--set', 'durations.failover=10m..30m'], 'needs a step, like 10m..30m:5m'],
    [
      ['--set', 'vps=1..101', '--set', 'durations.failover=1m..100m:1m'],
      '--set vps=1..101 --set durations.failover=1m..100m:1m: 101 × 100 = 10,100 points, more than the 10,000 a sweep runs at most',
    ],
    [['--set', 'vps=1', '--set', 'vps=2'], '--set vps=2: vps is set twice (also by vps=1)'],
    [[], '--set KEY=VALUES is needed'],
    [['--set', 'vps=1', '--csv', '--json'], '--csv and --json both choose the output'],
    [['--set', 'vps=1', '--shard', '1/2', '--csv'], '--csv does not go with --shard'],
    [['--set', 'vps=1', '--samples', '0'], '--samples must be a whole number from 1 to 1,000,000'],
  ])('should refuse %j with status 2 and a message naming the flag', async (args, message) => {
    const { status, stdout, stderr } = await cli(['sweep', mirror, ...args]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).toContain('usage: rehearse sweep FILE --set KEY=VALUES…');
  });

  it('should name the --set that makes a point invalid, and run nothing', async () => {
    const named = ws.write(
      'named.yaml',
      MIRROR.replace('topology: mirror', 'topology: cluster').replace(
        'vps: 2',
        'hosts: { processing: 3 }\nvps: [{ name: a, host: processing-3 }]',
      ),
    );
    const { status, stdout, stderr } = await cli([
      'sweep',
      named,
      '--set',
      'durations.failover=10m,20m',
      '--set',
      'hosts.processing=2..4',
    ]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^rehearse sweep: --set hosts\.processing=2\.\.4: hosts\.processing=2 makes the scenario invalid \(at durations\.failover=10m, hosts\.processing=2\): .*named\.yaml:\d+:\d+: vps\[0\]\.host: .*processing-3.*; nothing was run\n$/,
    );
    // Where the key is written in the file, as for any scenario error (the point's own text is
    // the file written again, whose lines differ): before, the file was named with no place.
    const [, line, column] = /named\.yaml:(\d+):(\d+):/.exec(stderr) ?? [];
    const written = readFileSync(named, 'utf8').split('\n')[Number(line) - 1] ?? '';
    expect(written.slice(Number(column) - 1)).toMatch(/^host: processing-3/);
    const word = await cli(['sweep', mirror, '--set', 'policy.final-failover=always,sometimes']);
    expect(word.status).toBe(2);
    expect(word.stderr).toMatch(
      /^rehearse sweep: --set policy\.final-failover=always,sometimes: policy\.final-failover=sometimes makes the scenario invalid: .*mirror\.yaml: policy\.final-failover: .*"sometimes".*; nothing was run\n$/,
    );
  });

  it('should refuse more runs than a command runs before reading the scenario or any point', async () => {
    // The grid size is known from the settings: the file is not even read (it does not exist).
    const started = Date.now();
    const { status, stdout, stderr } = await cli([
      'sweep',
      join(ws.dir, 'no-such-scenario.yaml'),
      '--set',
      'durations.failover=1m..100m:1m',
      '--set',
      'durations.reboot=1m..100m:1m',
      '--samples',
      '1000',
    ]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'rehearse sweep: 10,000 points × --samples 1,000 make 10,000,000 runs, more than the 1,000,000 a command runs: take fewer samples or points\n',
    );
    const real = await cli([
      'sweep',
      varying,
      '--set',
      'durations.failover=1m..100m:1m',
      '--set',
      'durations.reboot=1m..100m:1m',
      '--samples',
      '1000',
    ]);
    expect(real.status).toBe(2);
    expect(real.stderr).toMatch(
      /^rehearse sweep: 10,000 points × --samples 1,000 make 10,000,000 runs/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('should name an invalid first point without reading every other point of the grid', async () => {
    const started = Date.now();
    const { status, stderr } = await cli([
      'sweep',
      mirror,
      '--set',
      'policy.final-failover=sometimes,always',
      '--set',
      'durations.reboot=1m..50m:1m',
      '--set',
      'durations.failover=1m..100m:1m',
    ]);
    expect(status).toBe(2);
    // 10,000 points: reading each to count the invalid ones took half a minute.
    expect(stderr).toMatch(
      /^rehearse sweep: --set policy\.final-failover=sometimes,always: policy\.final-failover=sometimes makes the scenario invalid \(at policy\.final-failover=sometimes, durations\.reboot=1m, durations\.failover=1m\): .*mirror\.yaml: policy\.final-failover: [^\n]*; nothing was run\n$/,
    );
    expect(stderr).not.toContain('points are invalid');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('should ask for --samples when a point draws from the seed', async () => {
    const { status, stderr } = await cli(['sweep', varying, '--set', 'vps=1,2']);
    expect(status).toBe(2);
    expect(stderr).toBe(
      'rehearse sweep: durations.install, durations.failover, faults[0] are drawn from the seed at vps=1: give --samples N to run each such point with N seeds (--samples 1 for one run); nothing was run\n',
    );
  });

  it('should name, in asking for --samples, only what the point draws from the seed', async () => {
    // A single server has no failover: its range times nothing there, and only the install's is
    // drawn. Before, the message named durations.failover too, read from the file.
    const both = ws.write(
      'both-ranges.yaml',
      'name: one server\nsystem: standalone\nversion: { from: 2.4.1, to: 2.5.0 }\nservices: [web]\ndurations:\n  failover: 10m..30m\n  install: 20m..25m\n',
    );
    const { status, stderr } = await cli(['sweep', both, '--set', 'durations.reboot=5m,6m']);
    expect(stderr).toBe(
      'rehearse sweep: durations.install is drawn from the seed at durations.reboot=5m: give --samples N to run each such point with N seeds (--samples 1 for one run); nothing was run\n',
    );
    expect(status).toBe(2);
  });

  it('should be listed in the help, with its own', async () => {
    const help = await cli(['--help']);
    expect(help.stdout).toMatch(/^ {2}sweep FILE --set KEY=VALUES… +run a scenario over a grid/m);
    const own = await cli(['help', 'sweep']);
    expect(own.status).toBe(0);
    expect(own.stdout.split('\n')[0]).toBe(
      'usage: rehearse sweep FILE --set KEY=VALUES… [--samples N] [--seed S] [--csv | --json] [--svg FILE] [--workers N] [--shard I/N]',
    );
    expect(own.stdout).toContain('Exit status: 0 every run of every point passed');
  });
});

/** Runs `args` as `count` shards and writes each part's file; returns their paths. */
async function shardFiles(
  args: readonly string[],
  count: number,
  label: string,
): Promise<string[]> {
  const files: string[] = [];
  for (let part = 1; part <= count; part++) {
    const { status, stdout, stderr } = await cli([...args, '--shard', `${part}/${count}`]);
    expect(status, stderr).toBe(0);
    expect(stdout.endsWith('}\n')).toBe(true);
    files.push(ws.write(`parts/${label}-${count}-${part}.json`, stdout));
  }
  return files;
}

describe('--shard and rehearse merge for run --samples and sweep', () => {
  const SAMPLES = ['run', '', '--samples', '9'];
  const SWEEP = ['sweep', '', '--set', 'durations.failover=12m,20m', '--samples', '4'];
  const withFile = (args: readonly string[], file: string) => [
    args[0] ?? '',
    file,
    ...args.slice(2),
  ];

  /** What one process prints, by its arguments: the same for every number of parts. */
  const wholes = new Map<string, Promise<Awaited<ReturnType<typeof cli>>>>();
  const whole = (args: readonly string[]) => {
    const key = JSON.stringify(args);
    if (!wholes.has(key)) wholes.set(key, cli(args));
    return wholes.get(key)!;
  };

  it.each([1, 2, 3, 5])(
    'should merge %i parts into exactly what one process prints',
    async (count) => {
      for (const [label, base, outputs] of [
        ['samples', SAMPLES, [[], ['--json']]],
        ['sweep', SWEEP, [[], ['--json'], ['--csv']]],
      ] as const) {
        const args = withFile(base, varying);
        // Given in reverse order: the order of the files does not matter.
        const parts = (await shardFiles(args, count, label)).reverse();
        for (const output of outputs) {
          const one = await whole([...args, ...output]);
          const merged = await cli(['merge', ...parts, ...output]);
          expect(merged.stderr).toBe('');
          expect(merged.stdout, `${label} ${output.join(' ')}`).toBe(one.stdout);
          expect(merged.status).toBe(one.status);
        }
      }
    },
  );

  it('should run once a point whose varying durations time nothing, the same when merged', async () => {
    // A single server has no failover: its range is drawn for nothing, so the runs of a point
    // cannot differ. Before, the sweep asked for --samples: durations.failover "is drawn from
    // the seed".
    const idle = ws.write(
      'idle.yaml',
      'name: one server\nsystem: standalone\nversion: { from: 2.4.1, to: 2.5.0 }\nservices: [web]\ndurations:\n  failover: 10m..30m\n',
    );
    const alone = await cli(['sweep', idle, '--set', 'durations.install=20m,25m']);
    expect(alone.stderr).toBe('');
    expect(alone.status).toBe(0);
    const args = ['sweep', idle, '--set', 'durations.install=20m,25m', '--samples', '4'];
    const one = await cli([...args, '--json']);
    expect(one.stderr).toBe(
      "rehearse sweep: no point draws anything from the seed (every duration fixed, or timing nothing in the point's run; no fault by chance): each runs once, --samples 4 aside\n",
    );
    const sweep = JSON.parse(one.stdout) as {
      rows: {
        exact: boolean;
        result: { samples: number; draws: string[]; timedNothing: string[] };
      }[];
    };
    expect(sweep.rows.map((row) => [row.exact, row.result.samples])).toEqual([
      [true, 1],
      [true, 1],
    ]);
    expect(sweep.rows.map((row) => row.result.draws)).toEqual([[], []]);
    expect(sweep.rows.map((row) => row.result.timedNothing)).toEqual([
      ['durations.failover'],
      ['durations.failover'],
    ]);
    // A point where the range does time a step (a failover on the Mirror) is still sampled.
    const mirrorIdle = ws.write(
      'mirror-range.yaml',
      MIRROR.replace('failover: 15m', 'failover: 10m..30m'),
    );
    const sampled = await cli([
      'sweep',
      mirrorIdle,
      '--set',
      'vps=1,2',
      '--samples',
      '3',
      '--json',
    ]);
    const rows = (JSON.parse(sampled.stdout) as typeof sweep).rows;
    expect(rows.map((row) => [row.exact, row.result.draws])).toEqual([
      [false, ['durations.failover']],
      [false, ['durations.failover']],
    ]);
    const parts = await shardFiles(args, 2, 'idle');
    for (const output of [[], ['--json']]) {
      const whole = await cli([...args, ...output]);
      const merged = await cli(['merge', ...parts, ...output]);
      expect(merged.stdout).toBe(whole.stdout);
    }
  });

  it('should merge the parts of a sweep where a point fails with its exit status and SVG', async () => {
    // The database VPS is down for two failovers: 24m at 12m each, 40m at 20m.
    const failing = ws.write(
      'failing.yaml',
      `${VARYING}expect:\n  downtime: { db: { max: 30m } }\n`,
    );
    const args = withFile(SWEEP, failing);
    const whole = await cli(args);
    expect(whole.status).toBe(1);
    const svgWhole = join(ws.dir, 'whole.svg');
    const svgMerged = join(ws.dir, 'merged.svg');
    await cli([...args, '--svg', svgWhole]);
    const merged = await cli([
      'merge',
      ...(await shardFiles(args, 2, 'failing')),
      '--svg',
      svgMerged,
    ]);
    expect(merged.status).toBe(1);
    expect(merged.stdout).toBe(whole.stdout);
    expect(readFileSync(svgMerged, 'utf8')).toBe(readFileSync(svgWhole, 'utf8'));
  });

  it('should refuse a part sealed again with figures no run gives, naming the field', async () => {
    const [one, two] = await shardFiles(withFile(SAMPLES, mirror), 2, 'bounds');
    const [sweepOne, sweepTwo] = await shardFiles(withFile(SWEEP, mirror), 2, 'bounds-sweep');
    const [exploreOne, exploreTwo] = await shardFiles(['explore', mirror], 2, 'bounds-explore');
    /** A part edited and sealed again, as anyone can: the digest is no key. */
    const edit = <T>(file: string, name: string, change: (doc: T) => void) => {
      const doc = JSON.parse(readFileSync(file, 'utf8')) as T;
      change(doc);
      return ws.write(name, resealed(JSON.stringify(doc)));
    };
    interface Run {
      duration: number;
      total: number;
      outcome: string;
      downtime: number[];
      longest: number[];
      drawn: string[];
    }
    const run = edit<{ samples: number; result: Run[] }>;
    const sweep = edit<{ samples: number; result: Run[][] }>;
    const explore = edit<{ result: { outcomes: Record<string, number> } }>;
    const cases: [readonly string[], RegExp][] = [
      [
        // 1e12 crashed V8 building the seeds of the part; 2,000,000 is past what run takes.
        [one!, run(two!, 'huge.json', (doc) => (doc.samples = 2_000_000))],
        /huge\.json: samples: .*1,?000,?000/,
      ],
      [
        [one!, run(two!, 'negative.json', (doc) => (doc.result[0]!.duration = -60_000))],
        /negative\.json: result\[0\]\.duration: /,
      ],
      [
        [one!, run(two!, 'total.json', (doc) => (doc.result[0]!.total = -1))],
        /total\.json: result\[0\]\.total: /,
      ],
      [
        [one!, run(two!, 'outcome.json', (doc) => (doc.result[0]!.outcome = 'exploded'))],
        /outcome\.json: result\[0\]\.outcome: .*completed/,
      ],
      [
        [one!, run(two!, 'downtime.json', (doc) => (doc.result[0]!.downtime = [0]))],
        /downtime\.json: result\[0\]\.downtime: 1 values, but the scenario has 2 workloads/,
      ],
      [
        // The mirror's durations are all fixed: no run of it can have drawn one.
        [one!, run(two!, 'drawn.json', (doc) => (doc.result[0]!.drawn = ['install']))],
        /drawn\.json: result\[0\]\.drawn\[0\]: durations\.install, but the scenario gives it no value that varies/,
      ],
      [
        [one!, run(two!, 'drawn-key.json', (doc) => (doc.result[0]!.drawn = ['nap']))],
        /drawn-key\.json: result\[0\]\.drawn\[0\]: /,
      ],
      [
        [
          sweep(sweepOne!, 'sweep-longest.json', (doc) => doc.result[0]![0]!.longest.push(5)),
          sweepTwo!,
        ],
        /sweep-longest\.json: result\[0\]\[0\]\.longest: 3 values, but the scenario has 2 workloads/,
      ],
      [
        [sweepOne!, sweep(sweepTwo!, 'sweep-huge.json', (doc) => (doc.samples = 2_000_000))],
        /sweep-huge\.json: samples: /,
      ],
      [
        [
          exploreOne!,
          explore(exploreTwo!, 'explore-outcome.json', (doc) => (doc.result.outcomes.exploded = 3)),
        ],
        /explore-outcome\.json: result\.outcomes/,
      ],
      [
        [
          exploreOne!,
          explore(
            exploreTwo!,
            'explore-negative.json',
            (doc) => (doc.result.outcomes.completed = -4),
          ),
        ],
        /explore-negative\.json: result\.outcomes\.completed: /,
      ],
    ];
    for (const [files, message] of cases) {
      const { status, stdout, stderr } = await cli(['merge', ...files]);
      expect(status, stderr).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr).toMatch(/nothing was merged\n$/);
    }
  });

  it('should refuse parts that are not every part of one command once, naming each file', async () => {
    // A scenario with fixed durations: its runs are quick, and parts are told apart all the same.
    const samples = withFile(SAMPLES, mirror);
    const [one, two] = await shardFiles(samples, 2, 'mix');
    const [, three] = await shardFiles(samples, 3, 'mix');
    const [, otherSeed] = await shardFiles([...samples, '--seed', '40'], 2, 'seed');
    const [, otherCount] = await shardFiles(
      withFile(['run', '', '--samples', '10'], mirror),
      2,
      'count',
    );
    const edited = ws.write('edited.yaml', MIRROR.replace('vps: 2', 'vps: 3'));
    const [, otherText] = await shardFiles(withFile(SAMPLES, edited), 2, 'text');
    const [sweepOne, sweepTwo] = await shardFiles(withFile(SWEEP, mirror), 2, 'kind');
    const [, otherSet] = await shardFiles(
      ['sweep', mirror, '--set', 'durations.failover=12m', '--samples', '4'],
      2,
      'set',
    );
    const [exploreOne] = await shardFiles(['explore', mirror], 2, 'explore');
    /** A part with the seed of its first run changed, as an edit would. */
    const tamper = (file: string, name: string) =>
      ws.write(
        name,
        readFileSync(file, 'utf8').replace(
          /"seed":(\d+),"outcome"/,
          (_, seed: string) => `"seed":${Number(seed) + 1},"outcome"`,
        ),
      );
    const cases: [readonly string[], RegExp][] = [
      [[one!], /^missing part 2\/2 of the sampling of Mirror <&> "pair"$/m],
      [[one!, one!, two!], /mix-2-1\.json: part 1\/2 again \(.*mix-2-1\.json is that part too\)/],
      [[one!, three!], /mix-3-2\.json: one part of 3, but .*mix-2-1\.json is one part of 2/],
      [
        [one!, otherSeed!],
        /seed-2-2\.json: a shard of another sampling \(--samples 9 --seed 40\) than .*mix-2-1\.json \(--samples 9 --seed 1\)/,
      ],
      [
        [one!, otherCount!],
        /count-2-2\.json: a shard of another sampling \(--samples 10 --seed 1\)/,
      ],
      [
        [one!, otherText!],
        /text-2-2\.json: a shard of another scenario \(Mirror <&> "pair"\) than .*, or of another version of its file/,
      ],
      [
        [one!, sweepOne!],
        /kind-2-1\.json: a part of what rehearse sweep --shard I\/N prints, but .*mix-2-1\.json is a part of what rehearse run --samples N --shard I\/N prints: merge the parts of one command at a time/,
      ],
      [
        [exploreOne!, two!],
        /mix-2-2\.json: a part of what rehearse run --samples N --shard I\/N prints, but .*explore-2-1\.json is a part of what rehearse explore --shard I\/N prints/,
      ],
      [
        [sweepOne!, otherSet!],
        /set-2-2\.json: a shard of another sweep \(--set durations\.failover=12m --samples 4 --seed 1\) than .*kind-2-1\.json \(--set durations\.failover=12m,20m --samples 4 --seed 1\)/,
      ],
      [
        [one!, tamper(two!, 'tampered.json')],
        /tampered\.json: its contents do not match its digest \(a shard file edited, damaged, or of another version of rehearse\): run rehearse run --samples N --shard I\/N for that part again/,
      ],
      [
        [one!, ws.write('resealed.json', resealed(readFileSync(tamper(two!, 'x.json'), 'utf8')))],
        /resealed\.json: result: not the runs of part 2\/2 of seeds 1–9 \(a shard file edited, or damaged\)/,
      ],
      [
        [
          sweepOne!,
          ws.write(
            'resealed-sweep.json',
            resealed(readFileSync(tamper(sweepTwo!, 'y.json'), 'utf8')),
          ),
        ],
        /resealed-sweep\.json: result: not the runs of part 2\/2 of this sweep \(a shard file edited, or damaged\)/,
      ],
      [
        // A figure edited, the runs' list left alone: before, merged into a report whose
        // worst run's seed replayed to another total.
        [
          one!,
          ws.write(
            'figures.json',
            readFileSync(two!, 'utf8').replace(
              /"total":(\d+)/,
              (_, total: string) => `"total":${Number(total) + 99_999_999}`,
            ),
          ),
        ],
        /figures\.json: its contents do not match its digest/,
      ],
      [
        [
          sweepOne!,
          ws.write(
            'figures-sweep.json',
            readFileSync(sweepTwo!, 'utf8').replace('"outcome":"completed"', '"outcome":"aborted"'),
          ),
        ],
        /figures-sweep\.json: its contents do not match its digest/,
      ],
    ];
    for (const [files, message] of cases) {
      const { status, stdout, stderr } = await cli(['merge', ...files]);
      expect(status, stderr).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr).toMatch(
        /rehearse merge: \d+ problems? with the shards; nothing was merged\n$/,
      );
    }
  });

  it('should refuse options that do not go with the parts given', async () => {
    const [one, two] = await shardFiles(withFile(SAMPLES, mirror), 2, 'opts');
    const csv = await cli(['merge', one!, two!, '--csv']);
    expect(csv.status).toBe(2);
    expect(csv.stderr).toContain('--csv goes with the parts of a sweep');
    const svg = await cli(['run', varying, '--samples', '4', '--shard', '1/2', '--svg', 'x.svg']);
    expect(svg.status).toBe(2);
    expect(svg.stderr).toContain(
      '--svg does not go with --shard: rehearse merge --svg FILE writes it',
    );
    const alone = await cli(['run', varying, '--shard', '1/2']);
    expect(alone.status).toBe(2);
    expect(alone.stderr).toContain('--shard goes with --samples N');
  });
});
