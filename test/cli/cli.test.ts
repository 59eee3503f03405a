import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLUSTER,
  HA_PAIR,
  MIRROR,
  PRIMARY_FIRST,
  STANDALONE,
  cli,
  hasStackTrace,
  workspace,
  type Workspace,
} from './helpers';

const ESC = String.fromCharCode(27);

let ws: Workspace;
let mirror: string;
let cluster: string;
let primaryFirst: string;

beforeAll(() => {
  ws = workspace();
  mirror = ws.write('mirror.yaml', MIRROR);
  cluster = ws.write('cluster.yaml', CLUSTER);
  primaryFirst = ws.write('primary-first.yaml', PRIMARY_FIRST);
});

afterAll(() => ws.cleanup());

describe('rehearse run', () => {
  it('should summarize a valid scenario and exit 0', async () => {
    const { status, stdout, stderr } = await cli(['run', mirror]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const [header] = stdout.split('\n');
    expect(header).toBe(
      '✓ SERVERware Mirror from 3.2.4 (serverware/mirror): completed · path 3.2.4 → 3.3.1 → 4.8.2 → 5.2.1 · 3 failovers · duration 5h25m',
    );
    // Every VPS follows the Primary through three 15-minute failovers.
    expect(stdout).toMatch(/^ {2}workload +host +downtime +outages$/m);
    expect(stdout).toMatch(/^ {2}vps-1 +storage-2 +45m +3$/m);
    expect(stdout).toMatch(/^ {2}✓ no-maintenance-on-active$/m);
    expect(stdout).not.toContain('✗');
  });

  it('should list the decisions a run took, with who chose and the other options', async () => {
    const file = ws.write(
      'decided.yaml',
      [
        'name: Mirror, a failed install on the former Primary',
        'system: serverware',
        'topology: mirror',
        'version: { from: 4.5.0 }',
        'vps: [vps-1]',
        'faults: [{ fault: upgrade-failure, target: storage-1, when: { step: install, hop: 1 } }]',
        'decisions: [{ at: install-failed, host: storage-1, choose: abort }]',
        '',
      ].join('\n'),
    );
    const { status, stdout } = await cli(['run', file]);
    expect(status).toBe(0);
    const lines = stdout.split('\n');
    const at = lines.indexOf('  decisions (1 decision)');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe(
      '    1h45m  install-failed on storage-1, hop 1 (upgrade-failure): abort, by scenario — assumption; other options: reinstall, rollback-host, rollback-hop',
    );
  });

  it('should print the JSON report with every field of the contract', async () => {
    const { status, stdout } = await cli(['run', mirror, '--json']);
    expect(status).toBe(0);
    expect(stdout.endsWith('}\n')).toBe(true);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining([
        'scenario',
        'system',
        'seed',
        'outcome',
        'path',
        'failovers',
        'duration',
        'hosts',
        'workloads',
        'invariants',
        'steps',
        'trace',
      ]),
    );
    expect(report).toMatchObject({
      scenario: 'SERVERware Mirror from 3.2.4',
      system: 'serverware',
      seed: 1,
      outcome: 'completed',
      path: ['3.3.1', '4.8.2', '5.2.1'],
      failovers: 3,
    });
    const first = <T>(key: string): T => (report[key] as T[])[0] as T;
    expect(Object.keys(first('hosts'))).toEqual(
      expect.arrayContaining(['name', 'role', 'version', 'state']),
    );
    expect(first('workloads')).toEqual({
      name: 'vps-1',
      kind: 'vps',
      host: 'storage-2',
      placed: 'primary',
      downtime: 45 * 60_000,
      outages: 3,
    });
    expect(Object.keys(first('invariants'))).toEqual(['id', 'holds', 'violations']);
    expect(Object.keys(first('steps'))).toEqual(
      expect.arrayContaining(['seq', 'action', 'status', 'start', 'end']),
    );
    expect(Object.keys(first('trace'))).toEqual(['seq', 'at', 'actor', 'event', 'state']);
  });

  it('should print byte-identical JSON for the same scenario and seed', async () => {
    const a = await cli(['run', mirror, '--json', '--seed', '7']);
    const b = await cli(['run', mirror, '--seed=7', '--json']);
    expect(a.stdout.length).toBeGreaterThan(1000);
    expect(b.stdout).toBe(a.stdout);
    expect((JSON.parse(a.stdout) as { seed: number }).seed).toBe(7);
  });

  it('should print an array for several files', async () => {
    const { status, stdout } = await cli(['run', mirror, cluster, '--json']);
    expect(status).toBe(0);
    const reports = JSON.parse(stdout) as { scenario: string; failovers: number }[];
    expect(reports.map((r) => [r.scenario, r.failovers])).toEqual([
      ['SERVERware Mirror from 3.2.4', 3],
      ['SERVERware Cluster from 4.5.0', 2],
    ]);
  });

  it('should exit 1 and print the miss when an expectation is not met', async () => {
    const file = ws.write(
      'miss.yaml',
      `${MIRROR}expect:\n  failovers: 2\n  outcome: completed\n  downtime: { vps-1: 30m }\n`,
    );
    const { status, stdout } = await cli(['run', file]);
    expect(status).toBe(1);
    expect(stdout.startsWith('✗ ')).toBe(true);
    expect(stdout).toContain('✗ expected failovers: 2, got 3');
    expect(stdout).toContain('✗ expected downtime.vps-1: 30m, got 45m');
    expect(stdout).not.toContain('expected outcome');
  });

  it('should exit 1 and explain the first violation when a written plan upgrades the Primary', async () => {
    const { status, stdout } = await cli(['run', primaryFirst]);
    expect(status).toBe(1);
    const line = stdout.split('\n').find((l) => l.includes('✗ no-maintenance-on-active'));
    expect(line).toMatch(
      /✗ no-maintenance-on-active \(procedure\): +At 0s, .*storage-1 .*Primary.* \(\+1 more\)$/,
    );
    expect(stdout).toMatch(/^ {2}✓ rollback-only-on-standby$/m);
  });

  it('should pass a must-fail scenario that lists the violations it expects', async () => {
    const file = ws.write(
      'must-fail.yaml',
      `${PRIMARY_FIRST}expect:\n  violations: [no-maintenance-on-active, consistent-before-change]\n`,
    );
    const { status, stdout } = await cli(['run', file]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/✗ no-maintenance-on-active .*\(expected\)$/m);
  });

  it('should report invalid YAML with file:line:col and no stack trace', async () => {
    const file = ws.write('bad-yaml.yaml', 'name: x\nsystem: serverware\n  topology: [mirror\n');
    const { status, stdout, stderr } = await cli(['run', file]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:\\d+:\\d+: `));
    expect(hasStackTrace(stderr)).toBe(false);
  });

  it('should report an unknown key with its position and the closest key', async () => {
    const file = ws.write('unknown-key.yaml', 'name: x\nsystem: serverware\ntopolgy: mirror\n');
    const { status, stderr } = await cli(['run', file]);
    expect(status).toBe(2);
    expect(stderr).toContain(`${file}:3:1: topolgy: unknown key`);
    expect(stderr).toContain('did you mean `topology`');
    expect(hasStackTrace(stderr)).toBe(false);
  });

  it("should refuse a plan that 'upgrades' the pair to an older version, as version.to would", async () => {
    const file = ws.write(
      'downgrade.yaml',
      [
        'name: x',
        'system: ha-pair',
        'version: { from: 9.0.1, to: 9.1.0 }',
        'plan:',
        '  - upgrade: { host: device-b, to: 0.0.1 }',
        '',
      ].join('\n'),
    );
    const { status, stdout, stderr } = await cli(['run', file]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      `${file}:5:36: plan[0].upgrade.to: plan[0].upgrade.to 0.0.1 is older than version.from 9.0.1`,
    );
    expect(hasStackTrace(stderr)).toBe(false);
  });

  it('should check every file before running any', async () => {
    const empty = dirname(ws.write('empty/.hidden.yaml', MIRROR));
    const { status, stdout, stderr } = await cli(['run', mirror, 'missing.yaml', empty]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('missing.yaml: cannot read: no such file');
    expect(stderr).toContain(
      `${empty}: cannot read: a folder with no scenario file (.yaml, .yml, .json) in it`,
    );
    expect(stderr).toContain('2 of 3 files invalid; nothing was run');
  });

  it('should resolve relative files against the working directory', async () => {
    const { status, stdout } = await cli(['run', 'mirror.yaml', '--quiet'], { cwd: ws.dir });
    expect(status).toBe(0);
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('should run a scenario with fixed durations the same with every seed, and say what a seed draws', async () => {
    const runs = await Promise.all(
      ['1', '2', '99'].map(async (seed) => {
        const { stdout } = await cli(['run', primaryFirst, '--json', '--seed', seed]);
        const { seed: recorded, ...rest } = JSON.parse(stdout) as { seed: number };
        expect(recorded).toBe(Number(seed));
        return JSON.stringify(rest);
      }),
    );
    expect(runs.every((run) => run === runs[0])).toBe(true);
    const help = (await cli(['run', '--help'])).stdout;
    const seedLine = help.split('\n').find((line) => line.trimStart().startsWith('--seed'));
    expect(seedLine).toContain('same seed, same run; a seed draws the varying durations');
  });

  it('should draw varying durations from the seed: the same seed gives the same report', async () => {
    const file = ws.write(
      'varying.yaml',
      `${MIRROR.trimEnd()}\ndurations: { failover: { min: 10m, likely: 15m, max: 45m } }\n`,
    );
    const run = async (seed: string) => (await cli(['run', file, '--json', '--seed', seed])).stdout;
    expect(await run('5')).toBe(await run('5'));
    const durations = await Promise.all(
      ['1', '2', '3', '4'].map(
        async (seed) => (JSON.parse(await run(seed)) as { duration: number }).duration,
      ),
    );
    expect(new Set(durations).size).toBe(4);
  });

  it('should refuse a seed that is not a non-negative integer', async () => {
    // The largest there is said: "not a non-negative integer" was wrong of 9007199254740992.
    for (const seed of ['-1', '1.5', 'abc', '99999999999999999999', '9007199254740992']) {
      const { status, stderr } = await cli(['run', mirror, '--seed', seed]);
      expect(status).toBe(2);
      expect(stderr).toContain('--seed must be a whole number from 0 to 9007199254740991');
      expect(stderr).toContain('usage: rehearse run FILE…');
    }
    expect((await cli(['run', mirror, '--seed'])).stderr).toContain('--seed needs a value');
  });

  it('should show only the header and the failures with --quiet', async () => {
    const { status, stdout } = await cli(['run', primaryFirst, '--quiet']);
    expect(status).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^✗ Primary first/);
    expect(lines.slice(1).map((line) => line.trim().split(' ').slice(0, 2).join(' '))).toEqual([
      '✗ no-maintenance-on-active',
      '✗ consistent-before-change',
    ]);
  });

  it('should print the trace as an aligned table with --trace', async () => {
    const { stdout } = await cli(['run', mirror, '--trace']);
    expect(stdout).toMatch(/^ {2}trace \(\d+ transitions\)$/m);
    expect(stdout).toMatch(/^ {2}seq +time +actor +event +state$/m);
    expect(stdout).toMatch(/^ +0 +0s +\S+/m);
  });

  it('should keep the summary short for 10,000 VPSs', async () => {
    const file = ws.write(
      'big.yaml',
      'name: Big\nsystem: serverware\ntopology: cluster\nversion: { from: 4.5.0 }\nhosts: { processing: 20 }\nvps: 10000\n',
    );
    const { status, stdout } = await cli(['run', file]);
    expect(status).toBe(0);
    expect(stdout.split('\n').length).toBeLessThan(30);
    expect(stdout).toContain('vps-1, vps-2, … vps-10000 (10,000 VPSs)');
    expect(stdout).toContain('processing-1, … processing-20 (20 hosts)');
  });

  it('should use colour only on a terminal without NO_COLOR', async () => {
    const plain = await cli(['run', primaryFirst]);
    const tty = await cli(['run', primaryFirst], { isTTY: true });
    const noColor = await cli(['run', primaryFirst], { isTTY: true, env: { NO_COLOR: '1' } });
    expect(plain.stdout).not.toContain(ESC);
    expect(noColor.stdout).toBe(plain.stdout);
    expect(tty.stdout).toContain(`${ESC}[31m✗${ESC}[39m no-maintenance-on-active`);
    expect(tty.stdout).toContain(`${ESC}[32m✓${ESC}[39m rollback-only-on-standby`);
    expect(tty.stdout.replace(new RegExp(`${ESC}\\[\\d+m`, 'g'), '')).toBe(plain.stdout);
    const json = await cli(['run', primaryFirst, '--json'], { isTTY: true });
    expect(json.stdout).not.toContain(ESC);
  });

  it('should follow FORCE_COLOR into a pipe, over NO_COLOR, and turn colour off with 0', async () => {
    const plain = await cli(['run', primaryFirst]);
    const tty = await cli(['run', primaryFirst], { isTTY: true });
    const forced = await cli(['run', primaryFirst], { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toBe(tty.stdout);
    const overNoColor = await cli(['run', primaryFirst], {
      env: { FORCE_COLOR: '3', NO_COLOR: '1' },
    });
    expect(overNoColor.stdout).toBe(tty.stdout);
    for (const off of ['0', 'false']) {
      const disabled = await cli(['run', primaryFirst], { isTTY: true, env: { FORCE_COLOR: off } });
      expect(disabled.stdout).toBe(plain.stdout);
    }
    const empty = await cli(['run', primaryFirst], { env: { FORCE_COLOR: '' } });
    expect(empty.stdout).toBe(plain.stdout);
    const json = await cli(['run', primaryFirst, '--json'], { env: { FORCE_COLOR: '1' } });
    expect(json.stdout).not.toContain(ESC);
  });

  it('should report an internal error in one line, without a stack trace', async () => {
    const { status, stderr } = await cli(['run', mirror], {
      stdout: () => {
        throw new Error('disk on fire');
      },
    });
    expect(status).toBe(2);
    expect(stderr).toBe('rehearse: internal error: disk on fire\n');
  });
});

describe('FILE operands', () => {
  let dir: string;
  beforeAll(() => {
    dir = dirname(ws.write('set/a-mirror.yaml', MIRROR));
    ws.write('set/b-ha.yml', HA_PAIR);
    ws.write('set/nested/c-standalone.yaml', STANDALONE);
    ws.write('set/nested/c-standalone.summary.json', '{}');
    ws.write('set/.hidden/d.yaml', 'not: a scenario');
    ws.write('set/notes.txt', 'not a scenario');
  });

  /** The scenario names a `run --json` printed, in order. */
  const names = (stdout: string): string[] => {
    const value = JSON.parse(stdout) as { scenario: string } | { scenario: string }[];
    return (Array.isArray(value) ? value : [value]).map((report) => report.scenario);
  };

  it('should run the scenario files under a folder, sorted, summaries and hidden ones left out', async () => {
    const { status, stdout, stderr } = await cli(['run', dir, '--json']);
    expect(stderr).toBe('');
    const files = await cli(
      ['run', 'set/a-mirror.yaml', 'set/b-ha.yml', 'set/nested/c-standalone.yaml', '--json'],
      { cwd: ws.dir },
    );
    expect(status).toBe(files.status);
    expect(stdout).toBe(files.stdout);
    expect(names(stdout)).toEqual([
      'SERVERware Mirror from 3.2.4',
      'HA pair with preemption',
      'Single server, two versions',
    ]);
  });

  it.each([
    ['set/*.yaml', ['set/a-mirror.yaml']],
    ['set/*.y*ml', ['set/a-mirror.yaml', 'set/b-ha.yml']],
    ['set/?-*.yaml', ['set/a-mirror.yaml']],
    ['set/[ab]-*', ['set/a-mirror.yaml', 'set/b-ha.yml']],
    ['set/**/*.yaml', ['set/a-mirror.yaml', 'set/nested/c-standalone.yaml']],
    ['set/*/c-*.yaml', ['set/nested/c-standalone.yaml']],
  ])('should expand the pattern %s itself, as a shell would', async (pattern, expected) => {
    const expanded = await cli(['run', pattern, '--json'], { cwd: ws.dir });
    const given = await cli(['run', ...expected, '--json'], { cwd: ws.dir });
    expect(expanded.stderr).toBe('');
    expect(expanded.stdout).toBe(given.stdout);
    expect(names(expanded.stdout)).toHaveLength(expected.length);
  });

  it('should say that a pattern matches nothing', async () => {
    const { status, stderr } = await cli(['run', 'set/*.toml'], { cwd: ws.dir });
    expect(status).toBe(2);
    expect(stderr).toContain('set/*.toml: cannot read: no file matches this pattern');
  });

  it('should read a scenario from standard input for -', async () => {
    const piped = await cli(['run', '-', '--json'], { readStdin: () => HA_PAIR });
    const file = await cli(['run', join(dir, 'b-ha.yml'), '--json']);
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(file.status);
    expect(piped.stdout).toBe(file.stdout);
    const plan = await cli(['plan', '-'], { readStdin: () => HA_PAIR });
    expect(plan.stdout).toBe((await cli(['plan', join(dir, 'b-ha.yml')])).stdout);
    const invalid = await cli(['run', '-'], { readStdin: () => 'name: x\nsystem: nope\n' });
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toMatch(/^stdin:2:9: system: /);
  });

  it('should refuse - twice, and where a file name is needed', async () => {
    const twice = await cli(['run', '-', '-'], { readStdin: () => HA_PAIR });
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain('standard input (-) can be read only once');
    const update = await cli(['run', '-', '--update'], { readStdin: () => HA_PAIR });
    expect(update.status).toBe(2);
    expect(update.stderr).toContain('standard input has none');
  });

  it('should take a folder holding one scenario for plan, and refuse one holding several', async () => {
    const one = await cli(['plan', join(dir, 'nested')]);
    expect(one.status).toBe(0);
    expect(one.stdout).toBe((await cli(['plan', join(dir, 'nested/c-standalone.yaml')])).stdout);
    const several = await cli(['plan', dir]);
    expect(several.status).toBe(2);
    expect(several.stderr).toContain('takes one FILE, got 3');
  });
});

describe('rehearse plan', () => {
  it('should print each step with its downtime and the totals', async () => {
    const { status, stdout } = await cli(['plan', mirror]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^ +# +hop +step +host +version +takes +downtime +source +note$/m);
    const failovers = stdout.split('\n').filter((line) => / failover /.test(line));
    expect(failovers).toHaveLength(3);
    for (const line of failovers) expect(line).toMatch(/ 15m +15m × 6 VPSs /);
    expect(stdout).toMatch(/^ +2 +1 +install +backup +3\.3\.1 +20m +— +document: step 1 +/m);
    expect(stdout).toMatch(/^ {2}failovers +3$/m);
    expect(stdout).toMatch(/^ {2}total duration +5h25m$/m);
    expect(stdout).toMatch(/^ {2}longest downtime +45m for one VPS/m);
  });

  it('should show the downtime of each processing host restart in a cluster', async () => {
    const { stdout } = await cli(['plan', cluster]);
    const reboots = stdout.split('\n').filter((line) => / reboot +processing-/.test(line));
    expect(reboots).toHaveLength(3);
    for (const line of reboots) expect(line).toContain('5m × 3 VPSs');
    expect(stdout).toMatch(/^ {2}failovers +2$/m);
  });

  it("should mark a source's scenario key up as code in --markdown, not escape the backticks", async () => {
    const file = join(process.cwd(), 'scenarios/standalone-multi-version.yaml');
    const { status, stdout } = await cli(['plan', file, '--markdown']);
    expect(status).toBe(0);
    expect(stdout).toContain('(the scenario key `policy.backup` changes it).');
    expect(stdout).not.toContain('\\`');
  });

  it('should write an upgrade-impact document with --markdown', async () => {
    const { status, stdout } = await cli(['plan', mirror, '--markdown']);
    expect(status).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('# Upgrade impact: SERVERware Mirror + Backup, v3.2.4 → v5.2.1');
    expect(lines.filter((line) => line.startsWith('## '))).toEqual([
      '## Requirements',
      '## Upgrade path',
      '## Procedure',
      '## Where each step comes from',
      '## Downtime',
    ]);
    expect(stdout).toContain('**KVM access to each host.**');
    expect(stdout).toContain('Monday to Thursday');
    // One numbered item per host and version, numbered through the hops.
    const procedure = stdout.slice(stdout.indexOf('## Procedure'), stdout.indexOf('## Downtime'));
    const items = procedure.split('\n').filter((line) => /^\d+\. /.test(line));
    expect(items.map((line) => Number(line.split('.')[0]))).toEqual(
      Array.from({ length: 13 }, (_, i) => i + 1),
    );
    expect(items.filter((line) => /^\d+\. Upgrade /.test(line))).toHaveLength(9);
    const failovers = items.filter((line) => line.includes('Fail over'));
    expect(failovers).toHaveLength(3);
    for (const line of failovers)
      expect(line).toContain('**about 15m of downtime** for all 6 VPSs');
    expect(stdout).toContain(
      '3. Upgrade the Secondary storage host `storage-2` to v3.3.1: install, restart, verify. Takes about 30m; no downtime.',
    );
    expect(stdout).toContain('| VPSs | Runs on | Outages | Total downtime |');
    expect(stdout).toContain('| vps-1 to vps-6 | the Primary | 3 | 45m |');
    expect(stdout).toContain(
      '**NOTE:** Please be advised that three failovers will be performed. Each failover is expected to result in approximately 15 minutes of downtime. Therefore, you may experience three separate downtime intervals of around 15 minutes each',
    );
  });

  it('should name every workload and host in the document, never cutting a list short', async () => {
    const large = join(process.cwd(), 'scenarios/serverware-cluster-large.yaml');
    const [{ status, stdout }, report] = await Promise.all([
      cli(['plan', large, '--markdown']),
      cli(['run', large, '--json']).then(
        (out) => JSON.parse(out.stdout) as { workloads: { name: string }[] },
      ),
    ]);
    expect(status).toBe(0);
    expect(stdout).not.toContain('…');
    const table = stdout.slice(stdout.indexOf('| VPSs | Runs on |'));
    const rows = table
      .split('\n')
      .filter(
        (line) => line.startsWith('| ') && !line.startsWith('| VPSs') && !line.startsWith('| ---'),
      );
    // Each row's first cell, with its ranges spelled out, names each VPS exactly once overall.
    const named = rows.flatMap((row) =>
      (row.split(' | ')[0] ?? '')
        .slice(2)
        .split(', ')
        .flatMap((part) => {
          const range = /^(.*-)(\d+) to \1(\d+)$/.exec(part);
          if (!range) return [part];
          const [, prefix = '', from = '', to = ''] = range;
          return Array.from(
            { length: Number(to) - Number(from) + 1 },
            (_, i) => `${prefix}${Number(from) + i}`,
          );
        }),
    );
    expect([...named].sort()).toEqual(report.workloads.map((w) => w.name).sort());
    expect(stdout).toContain('processing hosts (`processing-1` to `processing-20`)');
  });

  it('should derive the document from the figures, not from the case', async () => {
    const slow = ws.write(
      'slow.yaml',
      `${CLUSTER}durations: { failover: 20m, reboot: 8m }\nvps:\n  - { name: db, host: primary }\n  - { name: web, host: processing-1 }\n`.replace(
        'vps: 9\n',
        '',
      ),
    );
    const { status, stdout } = await cli(['plan', slow, '--markdown']);
    expect(status).toBe(0);
    expect(stdout).toContain('Please be advised that two failovers will be performed.');
    expect(stdout).toContain('approximately 20 minutes of downtime');
    expect(stdout).toContain('**about 8m of downtime** for 1 VPS (web)');
    expect(stdout).toContain(
      'The failover downtime affects only the 1 VPS running on the Primary.',
    );
  });

  it('should state the prerequisites of each system', async () => {
    const ha = ws.write('ha.yaml', HA_PAIR);
    const single = ws.write('single.yaml', STANDALONE);
    const haDoc = (await cli(['plan', ha, '--markdown'])).stdout;
    expect(haDoc).toContain('# Upgrade impact: Active/standby pair, v9.0.1 → v9.1.0');
    expect(haDoc).toContain('**Preemption.** Preemption is enabled');
    expect(haDoc).toContain('Please be advised that two switchovers will be performed.');
    const singleDoc = (await cli(['plan', single, '--markdown'])).stdout;
    expect(singleDoc).toContain('**Backup.**');
    expect(singleDoc).toContain('**A window outside working hours.**');
    expect(singleDoc).toContain('a single server cannot fail over');
    expect(singleDoc).toMatch(
      /Each of the two versions is expected to result in approximately 27 minutes of downtime/,
    );
  });

  it('should print the plan impact as JSON with the scenario by name', async () => {
    const { status, stdout } = await cli(['plan', mirror, '--json']);
    expect(status).toBe(0);
    const impact = JSON.parse(stdout) as {
      scenario: unknown;
      failovers: number;
      steps: { action: string; downtime: number }[];
    };
    expect(impact.scenario).toBe('SERVERware Mirror from 3.2.4');
    expect(impact.failovers).toBe(3);
    expect(impact.steps.filter((s) => s.action === 'failover').map((s) => s.downtime)).toEqual([
      900_000, 900_000, 900_000,
    ]);
  });

  it('should take exactly one file', async () => {
    expect((await cli(['plan'])).status).toBe(2);
    const two = await cli(['plan', mirror, cluster]);
    expect(two.status).toBe(2);
    expect(two.stderr).toContain('usage: rehearse plan FILE');
  });
});

describe('rehearse list', () => {
  it('should list the scenario files under the folder, sorted, with errors in place', async () => {
    const lib = workspace();
    try {
      lib.write('b/cluster.yml', CLUSTER);
      lib.write('a-mirror.yaml', MIRROR);
      lib.write(
        'c.json',
        JSON.stringify({
          name: 'From JSON',
          system: 'standalone',
          version: { from: '1.0', to: '2.0' },
        }),
      );
      lib.write('broken.yaml', 'name: x\nsystem: mainframe\n');
      lib.write('notes.txt', 'not a scenario');
      const { status, stdout } = await cli(['list'], {
        cwd: lib.dir,
        scenarioDirs: ['/nonexistent', lib.dir],
      });
      expect(status).toBe(0);
      const lines = stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^file +name +system +versions$/);
      expect(lines.slice(1).map((line) => line.split(' ')[0])).toEqual([
        'a-mirror.yaml',
        'b/cluster.yml',
        'broken.yaml',
        'c.json',
      ]);
      expect(lines[1]).toMatch(
        /^a-mirror\.yaml +SERVERware Mirror from 3\.2\.4 +serverware\/mirror +3\.2\.4 → 5\.2\.1$/,
      );
      expect(lines[3]).toMatch(/^broken\.yaml +✗ broken\.yaml:2:9: system: /);

      const json = await cli(['list', '--json'], { cwd: lib.dir, scenarioDirs: [lib.dir] });
      const entries = JSON.parse(json.stdout) as Record<string, unknown>[];
      expect(entries[1]).toEqual({
        file: 'b/cluster.yml',
        name: 'SERVERware Cluster from 4.5.0',
        system: 'serverware',
        topology: 'cluster',
        from: '4.5.0',
        to: '5.2.1',
      });
      expect(entries[3]).toMatchObject({
        file: 'c.json',
        name: 'From JSON',
        system: 'standalone',
        from: '1.0',
        to: '2.0',
      });
      expect(entries[2]).toHaveProperty('error');
    } finally {
      lib.cleanup();
    }
  });

  it('should show absolute paths for a folder outside the working directory', async () => {
    const lib = workspace();
    try {
      const file = lib.write('x.yaml', MIRROR);
      const { stdout } = await cli(['list', '--json'], { cwd: ws.dir, scenarioDirs: [lib.dir] });
      expect((JSON.parse(stdout) as { file: string }[])[0]?.file).toBe(file);
    } finally {
      lib.cleanup();
    }
  });

  it('should say so when there are no built-in scenarios', async () => {
    const { status, stdout } = await cli(['list'], { scenarioDirs: ['/nonexistent'] });
    expect(status).toBe(0);
    expect(stdout).toContain('no built-in scenarios');
    expect((await cli(['list', '--json'], { scenarioDirs: [] })).stdout).toBe('[]\n');
  });
});

describe('rehearse (usage)', () => {
  it.each([
    [
      ['rnu', 'x.yaml'],
      'rehearse: unknown command "rnu" (did you mean run?)',
      'usage: rehearse <command>',
    ],
    [['pln'], 'unknown command "pln" (did you mean plan?)', 'usage: rehearse <command>'],
    [['deploy'], 'unknown command "deploy"\n', 'usage: rehearse <command>'],
    [
      ['run', 'x.yaml', '--jsno'],
      'rehearse run: unknown option --jsno (did you mean --json?)',
      'usage: rehearse run FILE…',
    ],
    [
      ['plan', 'x.yaml', '--markdwn'],
      'unknown option --markdwn (did you mean --markdown?)',
      'usage: rehearse plan FILE',
    ],
    [['--jsno'], 'unknown option --jsno (did you mean --json?)', 'usage: rehearse <command>'],
    [['--json', 'run'], '--json is an option of a command: put it after the command', 'usage:'],
    [['run'], 'rehearse run: no scenario file given', 'usage: rehearse run FILE…'],
    [
      ['run', 'x.yaml', '--seed', '1', '--seed', '2'],
      'rehearse run: --seed is given twice (1 and 2); it takes one value: give it once',
      'usage: rehearse run FILE…',
    ],
    [
      ['plan', 'x.yaml', '--json', '--json'],
      'rehearse plan: --json is given twice; it takes no value, and once turns it on: give it once',
      'usage: rehearse plan FILE',
    ],
    // Two flags that each choose the output: one wording in every command.
    [
      ['plan', 'x.yaml', '--markdown', '--json'],
      'rehearse plan: --markdown and --json both choose the output: use one',
      'usage: rehearse plan FILE',
    ],
    [
      ['explore', 'x.yaml', '--decisions', '--markdown', '--json'],
      'rehearse explore: --markdown and --json both choose the output: use one',
      'usage: rehearse explore FILE…',
    ],
    // Options of the text summary with an output that has none: refused, not ignored.
    [
      ['run', 'x.yaml', '--json', '--quiet'],
      'rehearse run: --quiet shapes the text summary: it does not go with --json',
      'usage: rehearse run FILE…',
    ],
    [
      ['run', 'x.yaml', '--reporter', 'junit', '--trace'],
      'rehearse run: --trace shapes the text summary: it does not go with --reporter junit',
      'usage: rehearse run FILE…',
    ],
    [
      ['merge', 'a.json', '--csv', '--json'],
      'rehearse merge: --csv and --json both choose the output: use one',
      'usage: rehearse merge SHARD…',
    ],
  ])('should exit 2 on %j with a message and the usage line', async (argv, message, usage) => {
    const { status, stdout, stderr } = await cli(argv);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).toContain(usage);
  });

  it('should reject an explore with an unsupported number of faults', async () => {
    const { status, stderr } = await cli(['explore', 'x.yaml', '--faults', '3']);
    expect(status).toBe(2);
    expect(stderr).toContain('--faults must be a whole number from 1 to 2');
  });

  it('should print help and the version', async () => {
    const help = await cli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^ {2}run FILE… +simulate each scenario/m);
    const runHelp = await cli(['run', '--help']);
    expect(runHelp.status).toBe(0);
    expect(runHelp.stdout.split('\n')[0]).toBe(
      'usage: rehearse run FILE… [--json | --reporter NAME] [--html FILE] [--watch] [--seed N] [--trace] [--quiet] [--update] [--samples N [--svg FILE] [--workers N] [--shard I/N]]',
    );
    expect(runHelp.stdout).toMatch(/^ {2}failover +15m +/m);
    expect((await cli(['help', 'plan'])).stdout).toContain('--markdown');
    // The command list shows what each command requires: no word of an optional `[…]` part.
    expect(help.stdout).toMatch(/^ {2}explore FILE… +try every applicable fault/m);
    const explore = await cli(['explore', '--help']);
    const optional = /\[([^\]]*)\]/g;
    const optionalWords = [...(explore.stdout.split('\n')[0] ?? '').matchAll(optional)]
      .flatMap((match) => (match[1] ?? '').split(' '))
      .filter((word) => word !== '');
    expect(optionalWords).toContain('--seed');
    const exploreLine = help.stdout.split('\n').find((line) => line.startsWith('  explore '));
    for (const word of optionalWords) expect(exploreLine?.split(/ {2,}/)[0]).not.toContain(word);
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect((await cli(['--version'])).stdout).toBe(`rehearse ${version}\n`);
    const none = await cli([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('usage: rehearse <command> [options]');
  });
});

describe('rehearse run: VPSs the controller moved', () => {
  it('should say which VPSs ended on another processing host, citing the vendor', async () => {
    // Before: vps-2 ended on processing-3 (`host` in the JSON), and nothing said why or from
    // what source: no output cited a vendor fact.
    const file = ws.write(
      'moved.yaml',
      `name: moved
system: serverware
topology: cluster
version: { from: 4.5.0, to: 5.2.1 }
hosts: { processing: 3 }
vps: 3
faults:
  - { fault: host-crash, target: processing-2, when: { step: install, host: processing-1 } }
`,
    );
    const result = await cli(['run', file]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      '  moved by the controller when their host went down: vps-2 from processing-2 to processing-3. Not in the document; vendor practice: Bicom, "SERVERware 3: how does the failover work"',
    );
    const still = await cli([
      'run',
      ws.write(
        'still.yaml',
        'name: still\nsystem: serverware\ntopology: cluster\nversion: { from: 4.5.0, to: 5.2.1 }\n',
      ),
      '--no-color',
    ]);
    expect(still.stdout).not.toContain('moved by the controller');
  });
});
