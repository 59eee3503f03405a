import { describe, expect, it } from 'vitest';
import { parseScenario } from './scenario';
import { POLICY_SCOPE, RECOVERY_SCOPE } from './scenario/parse';
import { drawnKeys, seedDraws, seedsOfShard } from './samples';
import {
  applySweepPoint,
  MAX_SWEEP_POINTS,
  pointLabel,
  readSweep,
  sweepGrid,
  sweepSeeds,
  type SweepParameter,
} from './sweep';

/** The parameters of settings that must read, or the test fails with the reason. */
function parameters(...settings: string[]): readonly SweepParameter[] {
  const read = readSweep(settings);
  if (!read.ok) throw new Error(read.reason);
  return read.parameters;
}

/** The values of one setting as the sweep shows them. */
function values(setting: string): string[] {
  return parameters(setting)[0]?.values.map((value) => value.text) ?? [];
}

describe('readSweep', () => {
  it.each([
    ['durations.failover=10m..30m:5m', ['10m', '15m', '20m', '25m', '30m']],
    ['durations.failover=10m,20m,45m', ['10m', '20m', '45m']],
    // A step that does not land on the end stops before it.
    ['durations.failover=10m..25m:10m', ['10m', '20m']],
    ['durations.install=1h..2h:30m', ['1h', '1h30m', '2h']],
    ['durations.failover=90s..3m:45s', ['1m30s', '2m15s', '3m']],
    ['durations.reboot.processing-3=5m,20m', ['5m', '20m']],
    ['hosts.processing=2..8', ['2', '3', '4', '5', '6', '7', '8']],
    ['hosts.processing=2..8:2', ['2', '4', '6', '8']],
    ['vps=1, 4 ,10..12', ['1', '4', '10', '11', '12']],
    ['policy.final-failover=documented,always,never', ['documented', 'always', 'never']],
  ])('should read %s', (setting, expected) => {
    expect(values(setting)).toEqual(expected);
  });

  it('should set every key of policy: and recovery: the parser knows, each point judged by it', () => {
    // Before: a list of its own, without recovery.check-after-crash and
    // recovery.install-again-after-crash ("a sweep cannot set …").
    for (const key of [
      ...Object.keys(POLICY_SCOPE).map((name) => `policy.${name}`),
      ...Object.keys(RECOVERY_SCOPE).map((name) => `recovery.${name}`),
    ]) {
      const value =
        key === 'recovery.hold' ? '1h' : /retries|checks|reinstalls/.test(key) ? '1' : 'x';
      const read = readSweep([`${key}=${value}`]);
      expect(read.ok ? '' : read.reason, key).toBe('');
    }
    const [check] = parameters('recovery.check-after-crash=true,false');
    expect(check?.values.map((value) => value.value)).toEqual([true, false]);
    const text = 'name: a\nsystem: ha-pair\nversion: { from: 9.0.1, to: 9.1.0 }\n';
    const off = applySweepPoint(text, parameters('recovery.check-after-crash=false'), [0]);
    expect(parseScenario(off, 'a.yaml').policy.checkAfterCrash).toBe(false);
  });

  it('should write counts as numbers, durations as text and true/false as booleans', () => {
    const [hosts, failover, stop] = parameters(
      'hosts.processing=2',
      'durations.failover=90s',
      'policy.stop-vps=true,false',
    );
    expect(hosts?.values[0]).toEqual({ text: '2', value: 2, at: 2 });
    expect(failover?.values[0]).toEqual({ text: '1m30s', value: '1m30s', at: 90_000 });
    expect(stop?.values.map((value) => value.value)).toEqual([true, false]);
  });

  it.each([
    [
      'durations.failovr=10m',
      /cannot set "durations\.failovr" \(did you mean durations\.failover\?\); it sets durations\.KEY/,
    ],
    ['hosts.procesing=2', /cannot set "hosts\.procesing" \(did you mean hosts\.processing\?\)/],
    ['seed=1..3', /cannot set "seed"/],
    [
      'durations.failover=30m..10m:5m',
      /the range "30m\.\.10m:5m" ends before it starts: write the smaller end first \(10m\.\.30m\)/,
    ],
    ['hosts.processing=8..2', /ends before it starts: write the smaller end first \(2\.\.8\)/],
    ['durations.failover=10m..30m:0s', /the step of "10m\.\.30m:0s" is 0s: it must be more than 0/],
    ['hosts.processing=2..8:0', /the step of "2\.\.8:0" is 0: it must be more than 0/],
    ['durations.failover=10m..30m', /the range "10m\.\.30m" needs a step, like 10m\.\.30m:5m/],
    ['durations.failover=10', /durations need a unit/],
    ['hosts.processing=two', /"two" is not a whole number/],
    ['hosts.processing=2.5', /"2\.5" is not a whole number/],
    ['durations.failover=10m,,20m', /an empty item in the list/],
    ['durations.failover=10m,10m..20m:5m', /10m is given twice/],
    ['durations.failover', /no = in "durations\.failover"/],
    ['durations.failover=', /no values after durations\.failover=/],
    ['policy.final-failover=a..b', /takes a list of words \(a,b,c\), not a range/],
    [
      'hosts.processing=1..20000',
      /has 20,000 values, more than the 10,000 points a sweep runs at most: take a larger step/,
    ],
  ])('should refuse %s', (setting, message) => {
    const read = readSweep([setting]);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.setting).toBe(setting);
    expect(read.reason).toMatch(message);
  });

  it('should refuse a key set twice, naming the other setting', () => {
    const read = readSweep(['vps=1,2', 'vps=3']);
    expect(read).toEqual({
      ok: false,
      setting: 'vps=3',
      reason: 'vps is set twice (also by vps=1,2)',
    });
  });

  it('should refuse a grid of more points than the limit, saying how many', () => {
    const read = readSweep(['vps=1..200', 'hosts.processing=1..51']);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.setting).toBeUndefined();
    expect(read.reason).toBe(
      `200 × 51 = 10,200 points, more than the ${MAX_SWEEP_POINTS.toLocaleString('en-US')} a sweep runs at most: take fewer values or larger steps`,
    );
    expect(readSweep(['vps=1..200', 'hosts.processing=1..50']).ok).toBe(true);
  });
});

describe('sweepGrid', () => {
  it('should give every combination once, the first setting changing slowest', () => {
    const swept = parameters('vps=1,2', 'durations.failover=10m..30m:10m');
    const grid = sweepGrid(swept);
    expect(grid.map((point) => pointLabel(swept, point))).toEqual([
      'vps=1, durations.failover=10m',
      'vps=1, durations.failover=20m',
      'vps=1, durations.failover=30m',
      'vps=2, durations.failover=10m',
      'vps=2, durations.failover=20m',
      'vps=2, durations.failover=30m',
    ]);
  });
});

const CLUSTER = `name: Cluster # a comment stays
system: serverware
topology: cluster
version: { from: 4.5.0 }
vps: 4
durations: { install: 20m, reboot: 5m }
`;

/** The scenario a point makes, read by the parser. */
function pointScenario(text: string, ...settings: string[]) {
  const swept = parameters(...settings);
  return parseScenario(
    applySweepPoint(
      text,
      swept,
      swept.map(() => 0),
    ),
    'x.yaml',
  );
}

describe('applySweepPoint', () => {
  it('should set keys in a flow mapping, and make the mappings that are missing', () => {
    const scenario = pointScenario(CLUSTER, 'durations.failover=7m', 'hosts.processing=5');
    expect(scenario.durations.failover).toBe(7 * 60_000);
    expect(scenario.durations.install).toBe(20 * 60_000);
    expect(scenario.hosts.filter((host) => host.role === 'processing')).toHaveLength(5);
  });

  it("should turn a key's one value into the default beside a host's override", () => {
    const scenario = pointScenario(CLUSTER, 'durations.reboot.processing-2=20m');
    expect(scenario.spread?.reboot).toEqual({
      default: 5 * 60_000,
      by: { 'processing-2': 20 * 60_000 },
    });
    const range = pointScenario(
      CLUSTER.replace('reboot: 5m', 'reboot: 2m..8m'),
      'durations.reboot.processing-2=20m',
    );
    expect(range.spread?.reboot).toEqual({
      default: { min: 2 * 60_000, max: 8 * 60_000 },
      by: { 'processing-2': 20 * 60_000 },
    });
  });

  it('should set a key before the keys under it, whatever the order of the settings', () => {
    const scenario = pointScenario(
      CLUSTER,
      'durations.reboot.processing-1=1m',
      'durations.reboot=3m',
    );
    expect(scenario.spread?.reboot).toEqual({
      default: 3 * 60_000,
      by: { 'processing-1': 60_000 },
    });
  });

  it('should replace an empty mapping and an alias, leaving the anchor as it was', () => {
    const text = `name: a
system: serverware
topology: cluster
version: { from: 4.5.0 }
hosts:
base: &fixed { failover: 15m }
durations: *fixed
`;
    const out = applySweepPoint(
      text,
      parameters('durations.failover=9m', 'hosts.processing=3'),
      [0, 0],
    );
    expect(out).toContain('base: &fixed { failover: 15m }\ndurations: { failover: 9m }\n');
    expect(out).toMatch(/^hosts:\n {2}processing: 3$/m);
  });

  it('should keep the rest of the text, comments included', () => {
    const out = applySweepPoint(CLUSTER, parameters('vps=2'), [0]);
    expect(out).toContain('name: Cluster # a comment stays');
    expect(out).toContain('vps: 2');
  });

  it('should leave a point whose values the parser refuses to the parser', () => {
    const swept = parameters('hosts.processing=0');
    expect(() => parseScenario(applySweepPoint(CLUSTER, swept, [0]), 'x.yaml')).toThrow(
      /hosts\.processing/,
    );
  });
});

describe('drawnKeys', () => {
  it('should name what a scenario draws from its seed, and nothing for fixed durations', () => {
    expect(
      drawnKeys(seedDraws(pointScenario(CLUSTER, 'durations.reboot.processing-2=20m'))),
    ).toEqual([]);
    const varying = parseScenario(
      `${CLUSTER.replace('install: 20m', 'install: 15m..30m')}faults:\n  - { fault: upgrade-failure, target: processing, when: { step: install }, probability: 0.1 }\n`,
      'x.yaml',
    );
    expect(drawnKeys(seedDraws(varying))).toEqual(['durations.install', 'faults[0]']);
  });
});

describe('sweepSeeds and seedsOfShard', () => {
  const points = [true, false, false, true, false].map((exact) => ({
    scenario: parseScenario(CLUSTER, 'x.yaml'),
    exact,
  }));

  it('should run an exact point once and the others with every seed', () => {
    expect(sweepSeeds(points, 7, 3)).toEqual([[7], [7, 8, 9], [7, 8, 9], [7], [7, 8, 9]]);
  });

  it.each([1, 2, 3, 5, 11])(
    'should deal every run to exactly one of %i parts, run k to part k mod N',
    (count) => {
      const whole = sweepSeeds(points, 7, 3);
      const parts = Array.from({ length: count }, (_, index) =>
        sweepSeeds(points, 7, 3, { index, count }),
      );
      let k = 0;
      whole.forEach((seeds, point) => {
        for (const seed of seeds) {
          const owners = parts.filter((part) => part[point]?.includes(seed));
          expect(owners, `run ${k}`).toHaveLength(1);
          expect(parts[k % count]?.[point]).toContain(seed);
          k++;
        }
      });
    },
  );

  it('should give a shard of plain samples the seeds k with k mod N = I', () => {
    expect(seedsOfShard(1, 10, { index: 1, count: 3 })).toEqual([2, 5, 8]);
    expect(seedsOfShard(1, 2, { index: 2, count: 3 })).toEqual([]);
  });
});
