import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER, cli, hasStackTrace, workspace, type Workspace } from './helpers';
import { formatDuration } from '../../src/sim';

let ws: Workspace;
let varying: string;
let risky: string;
let fixed: string;

const VARYING = `name: Cluster, durations that vary
system: serverware
topology: cluster
version: { from: 4.5.0 }
hosts: { processing: 2 }
vps: [{ name: db, host: primary }, { name: web, host: processing-1 }]
durations:
  install: 15m..30m
  failover: { min: 10m, likely: 15m, max: 45m }
  reboot: { default: 5m, processing-2: 20m }
seed: 3
`;

/** The same, where an install may fail and the database VPS may be down 40 minutes at most. */
const RISKY = `${VARYING}faults:
  - { fault: upgrade-failure, target: processing, when: { step: install }, probability: 0.4 }
expect:
  downtime: { db: { max: 40m } }
`;

beforeAll(() => {
  ws = workspace();
  varying = ws.write('varying.yaml', VARYING);
  risky = ws.write('risky.yaml', RISKY);
  fixed = ws.write('fixed.yaml', CLUSTER);
});

afterAll(() => ws.cleanup());

interface Summary {
  format: number;
  samples: number;
  firstSeed: number;
  passed: number;
  total: { p50: number; p90: number; p99: number; max: number };
  duration: { p50: number; max: number };
  workloads: { name: string; p50: number; max: number; longestOutage: number }[];
  outcomes: Record<string, { count: number; of: number; low: number; high: number }>;
  violations: Record<string, { count: number }>;
  missedExpectations: { count: number };
  worst: { seed: number; total: number };
  risks: {
    index: number;
    struck: { count: number };
    adds?: number;
    addsInterval?: { low: number; high: number };
  }[];
  draws: string[];
}

async function summary(...args: string[]): Promise<{ status: number; summary: Summary }> {
  const { status, stdout, stderr } = await cli(['run', ...args, '--json']);
  expect(hasStackTrace(stderr)).toBe(false);
  return { status, summary: JSON.parse(stdout) as Summary };
}

describe('rehearse run --samples', () => {
  it('should sum up N seeds from the scenario seed as JSON with a format version', async () => {
    const { status, summary: s } = await summary(varying, '--samples', '40');
    expect(status).toBe(0);
    expect(s).toMatchObject({ format: 1, samples: 40, firstSeed: 3, passed: 40 });
    expect(s.workloads.map((w) => w.name)).toEqual(['db', 'web']);
    expect(s.duration.p50).toBeLessThan(s.duration.max);
    expect(s.total.p50).toBeLessThanOrEqual(s.total.p90);
    expect(s.total.p90).toBeLessThanOrEqual(s.total.p99);
    expect(s.total.p99).toBeLessThanOrEqual(s.total.max);
    expect(Object.keys(s.outcomes)).toEqual(['completed']);
    expect(s.outcomes.completed).toMatchObject({ count: 40, of: 40 });
  });

  it('should start from --seed, and the worst run replays with --seed K', async () => {
    const { summary: s } = await summary(varying, '--samples', '30', '--seed', '100');
    expect(s.firstSeed).toBe(100);
    expect(s.worst.seed).toBeGreaterThanOrEqual(100);
    expect(s.worst.seed).toBeLessThan(130);
    const replay = await cli(['run', varying, '--seed', String(s.worst.seed), '--json']);
    const report = JSON.parse(replay.stdout) as { downtime: { total: number }; seed: number };
    expect(report.seed).toBe(s.worst.seed);
    expect(report.downtime.total).toBe(s.worst.total);
    expect(report.downtime.total).toBe(s.total.max);
  });

  it('should give the same summary for the same seeds, and the sample of a seed is its run', async () => {
    const a = await cli(['run', varying, '--samples', '1', '--seed', '8', '--json']);
    const b = await cli(['run', varying, '--samples', '1', '--seed', '8', '--json']);
    expect(a.stdout).toBe(b.stdout);
    const one = JSON.parse(a.stdout) as Summary;
    const run = JSON.parse((await cli(['run', varying, '--seed', '8', '--json'])).stdout) as {
      duration: number;
      downtime: { total: number };
    };
    expect(one.duration.max).toBe(run.duration);
    expect(one.total.max).toBe(run.downtime.total);
  });

  it('should exit 1 when some sample violated an expectation, and say how often', async () => {
    const { status, summary: s } = await summary(risky, '--samples', '40');
    expect(status).toBe(1);
    expect(s.missedExpectations.count).toBeGreaterThan(0);
    expect(s.passed).toBe(40 - s.missedExpectations.count);
    const [risk] = s.risks;
    expect(risk?.index).toBe(0);
    expect(risk?.struck.count).toBeGreaterThan(0);
    expect(risk?.struck.count).toBeLessThan(40);
  });

  it('should print a table with percentiles, outcomes, the risks and the worst seed', async () => {
    const { status, stdout } = await cli(['run', risky, '--samples', '40']);
    expect(status).toBe(1);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(
      /^✗ Cluster, durations that vary: 40 samples \(seeds 3–42\), \d+ passed$/,
    );
    expect(stdout).toMatch(/^ {2}workload +p50 +p90 +p99 +max +longest outage$/m);
    expect(stdout).toMatch(/^ {2}db +\S+ +\S+ +\S+ +\S+ +\S+$/m);
    expect(stdout).toMatch(/^ {4}completed: \d+\.\d% \(\d+ of 40; 95% CI /m);
    expect(stdout).toMatch(/faults\[0\] upgrade-failure on processing, 0\.4 per step: struck in/);
    expect(stdout).toMatch(
      /worst run: seed \d+, .*replay it with: rehearse run .*risky\.yaml --seed \d+/,
    );
    // The downtime a fault adds comes with Welch's 95% interval, the one --json gives.
    const json = await summary(risky, '--samples', '40');
    const [risk] = json.summary.risks;
    const interval = risk?.addsInterval;
    expect(interval).toBeDefined();
    const say = (ms: number) =>
      `${ms < 0 ? '-' : ''}${formatDuration(Math.round(Math.abs(ms) / 1000) * 1000)}`;
    expect(stdout).toContain(
      `downtime added: ${say(risk?.adds ?? 0)} on average (95% interval ${say(interval?.low ?? 0)} to ${say(interval?.high ?? 0)}; mean `,
    );
    // One sample says its seed (before: "1 sample (seeds 3–3)").
    const one = await cli(['run', varying, '--samples', '1']);
    expect(one.stdout.split('\n')[0]).toMatch(/: 1 sample \(seed 3\), 1 passed$/);
  });

  it('should not call a duration that times nothing in any run drawn from the seed', async () => {
    // A single server has no failover: its range is drawn for nothing.
    const server =
      'name: one server\nsystem: standalone\nversion: { from: 2.4.1, to: 2.5.0 }\nservices: [web]\ndurations:\n  failover: 10m..30m\n';
    const idle = await cli(['run', ws.write('idle.yaml', server), '--samples', '5']);
    expect(idle.stdout.split('\n')[1]).toBe(
      '  every seed gives the same run: durations.failover varies but timed nothing in any run, the other durations are fixed and no fault is left to chance, so the samples repeat one run',
    );
    const file = ws.write(
      'some.yaml',
      server.replace('durations:\n', 'durations:\n  install: 15m..30m\n'),
    );
    const some = await cli(['run', file, '--samples', '5']);
    expect(some.stdout.split('\n')[1]).toBe(
      '  drawn from the seed: durations.install (durations.failover varies but timed nothing in any run)',
    );
    const json = await cli(['run', file, '--samples', '5', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      draws: ['durations.install'],
      timedNothing: ['durations.failover'],
    });
  });

  it('should write an SVG histogram of total downtime with --svg', async () => {
    const svg = join(ws.dir, 'hist.svg');
    const { status, stderr } = await cli(['run', varying, '--samples', '25', '--svg', svg]);
    expect(status).toBe(0);
    expect(stderr).toContain('wrote');
    const text = readFileSync(svg, 'utf8');
    expect(text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const bars = [...text.matchAll(/: (\d+) samples?<\/title><\/rect>/g)].map((m) => Number(m[1]));
    expect(bars.reduce((a, b) => a + b, 0)).toBe(25);
    expect(text).toContain('p90');
  });

  it('should run a fixed scenario the same with every seed', async () => {
    const { status, summary: s } = await summary(fixed, '--samples', '5');
    expect(status).toBe(0);
    expect(s.total.p50).toBe(s.total.max);
    expect(s.duration.p50).toBe(s.duration.max);
    expect(s.draws).toEqual([]);
  });

  it('should say when every seed gives the same run, and what the seed draws otherwise', async () => {
    const same = await cli(['run', fixed, '--samples', '3']);
    expect(same.status).toBe(0);
    expect(same.stdout.split('\n')[1]).toMatch(
      /^ {2}every seed gives the same run: the durations are all fixed and no fault is left to chance/,
    );
    const drawn = await cli(['run', risky, '--samples', '3']);
    expect(drawn.stdout.split('\n')[1]).toBe(
      '  drawn from the seed: durations.install, durations.failover, faults[0]',
    );
    expect(drawn.stdout).not.toContain('every seed gives the same run');
    const { summary: s } = await summary(risky, '--samples', '3');
    expect(s.draws).toEqual(['durations.install', 'durations.failover', 'faults[0]']);
  });

  it('should refuse what does not go with --samples, with status 2', async () => {
    const cases: [string[], string][] = [
      [['--samples', '0'], '--samples must be a whole number from 1 to 1,000,000, got "0"'],
      [['--samples', 'ten'], '--samples must be a whole number'],
      [['--svg', 'x.svg'], '--svg goes with --samples N'],
      [['--workers', '2'], '--workers goes with --samples N'],
      [['--samples', '5', '--update'], '--update does not go with --samples'],
      [['--samples', '5', '--reporter', 'junit'], '--reporter does not go with --samples'],
      [['--samples', '5', '--workers', '0'], '--workers must be a whole number from 1 to 64'],
      // Before: seeds past 2^53 − 1 ran, one of them twice, and the worst was not replayable.
      [
        ['--samples', '4', '--seed', '9007199254740990'],
        '--samples 4: 4 seeds from 9007199254740990 on go past 9007199254740991, the largest seed: start at 9007199254740988 or lower, or take fewer samples',
      ],
    ];
    for (const [args, message] of cases) {
      const { status, stderr } = await cli(['run', varying, ...args]);
      expect(status, args.join(' ')).toBe(2);
      expect(stderr).toContain(message);
    }
    // The last seeds there are: run.
    const last = await cli(['run', varying, '--samples', '2', '--seed', '9007199254740990']);
    expect(last.status, last.stderr).toBeLessThan(2);
    const swept = await cli([
      'sweep',
      varying,
      '--set',
      'durations.failover=12m,20m',
      '--samples',
      '3',
      '--seed',
      '9007199254740990',
    ]);
    expect(swept.status).toBe(2);
    expect(swept.stderr).toContain('--samples 3: 3 seeds from 9007199254740990 on go past');
    const two = await cli(['run', varying, fixed, '--samples', '5']);
    expect(two.status).toBe(2);
    expect(two.stderr).toContain('--samples runs one scenario file');
  });

  it('should report an invalid scenario at its line with status 2', async () => {
    const bad = ws.write('bad.yaml', VARYING.replace('15m..30m', '30m..15m'));
    const { status, stderr } = await cli(['run', bad, '--samples', '5']);
    expect(status).toBe(2);
    expect(stderr).toContain(
      'bad.yaml:8:12: durations.install: the range "30m..15m" ends before it starts',
    );
  });
});

describe('rehearse run --samples: what one run would say', () => {
  const CARELESS = `name: careless overrides
system: serverware
topology: cluster
version: { from: 4.3.0, to: 5.2.1 }
hosts: { processing: 2 }
vps: 2
durations:
  install: { default: 15m..25m, primary: 1h }
  failover: { default: 15m, storage-1: 40m }
`;

  it('should carry the warnings of its runs, with how many runs gave each', async () => {
    // Before: `run` alone warned that neither override timed anything; `--samples` (text or
    // JSON) said nothing, and its percentiles read as if the hour and the 40 minutes counted.
    const file = ws.write('careless.yaml', CARELESS);
    const single = await cli(['run', file]);
    const said = single.stdout.split('\n').filter((line) => line.includes('timed nothing'));
    expect(said).toHaveLength(2);
    const { summary: s } = await summary(file, '--samples', '12');
    const warnings = (s as Summary & { warnings: { text: string; runs: number }[] }).warnings;
    expect(warnings.map((warning) => warning.runs)).toEqual([12, 12]);
    expect(warnings.map((warning) => warning.text).join('\n')).toMatch(
      /durations\.install: the value for primary timed nothing[^]*durations\.failover: the value for storage-1 timed nothing/,
    );
    const text = await cli(['run', file, '--samples', '12']);
    expect(text.stdout).toContain('  warnings\n');
    expect(text.stdout.split('\n').filter((line) => line.includes('timed nothing'))).toHaveLength(
      2,
    );
  });

  it('should leave out of the warnings a fault left to chance that did not strike: its risk counts it', async () => {
    const { summary: s } = await summary(risky, '--samples', '30');
    const warnings = (s as Summary & { warnings: { text: string }[] }).warnings;
    expect(s.risks[0]?.struck.count).toBeLessThan(30);
    expect(warnings.filter((warning) => warning.text.includes('never fired'))).toEqual([]);
  });

  it('should show the workloads down longest when there are too many for the table', async () => {
    // Before: the first twenty of the file, then "… and 1 more": the 21st, down 40 to 60
    // minutes, the worst of all, was not on screen.
    const smalls = Array.from(
      { length: 20 },
      (_, i) => `  - { name: small-${i + 1}, host: processing-1 }`,
    );
    const file = ws.write(
      'hidden.yaml',
      [
        'name: one slow host',
        'system: serverware',
        'topology: cluster',
        'version: { from: 4.5.0 }',
        'hosts: { processing: 2 }',
        'vps:',
        ...smalls,
        '  - { name: critical-db, host: processing-2 }',
        'durations:',
        '  reboot: { default: 2m..3m, processing-2: 40m..60m }',
        '',
      ].join('\n'),
    );
    const { stdout } = await cli(['run', file, '--samples', '10']);
    const rows = stdout.split('\n').filter((line) => /^\s+(small|critical)-/.test(line));
    expect(rows).toHaveLength(20);
    expect(rows.some((row) => row.trim().startsWith('critical-db'))).toBe(true);
    expect(stdout).toMatch(/… and 1 more, none down more than \d+m\d*s? in any run/);
  });
});

describe('rehearse plan with durations that vary', () => {
  interface PlanJson {
    readonly steps: readonly { action: string; host?: string; start: number; end: number }[];
    readonly duration: number;
  }

  it('should take each varying duration at its mean, for each host, whatever the seed', async () => {
    const other = ws.write('other-seed.yaml', VARYING.replace('seed: 3', 'seed: 987654'));
    const plans = await Promise.all(
      [varying, other].map(async (file) => {
        const { status, stdout } = await cli(['plan', file, '--json']);
        expect(status).toBe(0);
        return JSON.parse(stdout) as PlanJson;
      }),
    );
    const [one, two] = plans as [PlanJson, PlanJson];
    // Before: each seed's draws (installs of 21m14s, 27m3s…, another total for each seed).
    expect(two.steps).toEqual(one.steps);
    expect(two.duration).toBe(one.duration);
    const lengths = (action: string, host?: string) =>
      one.steps
        .filter((step) => step.action === action && (host === undefined || step.host === host))
        .map((step) => step.end - step.start);
    const minutes = 60_000;
    // 15m..30m: the midpoint. { 10m, 15m, 45m }: (10 + 4·15 + 45) / 6 = 19m10s.
    expect(new Set(lengths('install'))).toEqual(new Set([22.5 * minutes]));
    expect(new Set(lengths('failover'))).toEqual(new Set([19 * minutes + 10_000]));
    // Set per host: processing-2's own figure, the default elsewhere.
    expect(lengths('reboot', 'processing-2')).toEqual([20 * minutes]);
    expect(new Set(lengths('reboot', 'processing-1'))).toEqual(new Set([5 * minutes]));
  });

  it('should say so in the table and in the impact document', async () => {
    const text = await cli(['plan', varying]);
    expect(text.stdout).toMatch(
      /durations that vary \(install, failover\) are taken at their mean/,
    );
    const markdown = await cli(['plan', varying, '--markdown']);
    expect(markdown.stdout).toContain('durations that vary at their mean');
  });
});
