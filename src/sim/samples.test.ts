import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './scenario';
import { simulate } from './runner';
import {
  formatChance,
  formatRate,
  nearestRank,
  sampleAtPercentile,
  sampleRuns,
  seedDraws,
  summarizeSamples,
  totalsHistogram,
  wilson,
  type Sample,
} from './samples';

/** The nearest-rank definition read literally: the smallest value with ≥ p% of values at or below. */
function smallestCovering(values: readonly number[], p: number): number {
  const candidates = [...new Set(values)].sort((a, b) => a - b);
  for (const candidate of candidates) {
    const covered = values.filter((value) => value <= candidate).length;
    if (covered * 100 >= p * values.length && covered > 0) return candidate;
  }
  return candidates[candidates.length - 1] ?? 0;
}

describe('nearestRank', () => {
  it('should agree with the literal definition for any values and percentile', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 100 }),
        (values, p) => {
          const sorted = [...values].sort((a, b) => a - b);
          expect(nearestRank(sorted, p)).toBe(smallestCovering(values, p));
        },
      ),
    );
  });

  it('should give the textbook examples', () => {
    const values = [15, 20, 35, 40, 50];
    expect([5, 30, 40, 50, 100].map((p) => nearestRank(values, p))).toEqual([15, 20, 20, 35, 50]);
  });
});

describe('wilson', () => {
  it('should give the 95% Wilson score interval', () => {
    // Computed by hand from (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n), z = 1.96.
    const half = wilson(5, 10);
    expect(half.low).toBeCloseTo(0.2366, 4);
    expect(half.high).toBeCloseTo(0.7634, 4);
    const none = wilson(0, 10);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.2775, 4);
    const all = wilson(20, 20);
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(0.8389, 4);
  });

  it('should give exactly 0 and 1 at the ends, whatever the number of runs', () => {
    // Before: "low": 1.734723475976807e-18 for none of some N, the formula's rounding.
    const ns = Array.from({ length: 3000 }, (_, i) => i + 1);
    expect(ns.filter((n) => wilson(0, n).low !== 0)).toEqual([]);
    expect(ns.filter((n) => wilson(n, n).high !== 1)).toEqual([]);
  });
});

const CLUSTER = `name: c
system: serverware
topology: cluster
version: { from: 4.5.0 }
hosts: { processing: 2 }
vps: [{ name: db, host: primary }, { name: web, host: processing-1 }]
durations:
  failover: { min: 10m, likely: 15m, max: 45m }
  reboot: 2m..8m
faults:
  - { fault: upgrade-failure, target: processing, when: { step: install }, probability: 0.3 }
`;

describe('summarizeSamples', () => {
  const scenario = parseScenario(CLUSTER, 'c.yaml');
  const samples = sampleRuns(scenario, 40, 60);

  it('should sum up percentiles that agree with a simple computation over the runs', () => {
    const summary = summarizeSamples(scenario, [...samples].reverse());
    const check = (
      values: number[],
      spread: { p50: number; p90: number; p99: number; max: number },
    ) => {
      expect(spread).toEqual({
        p50: smallestCovering(values, 50),
        p90: smallestCovering(values, 90),
        p99: smallestCovering(values, 99),
        max: Math.max(...values),
      });
    };
    check(
      samples.map((s) => s.total),
      summary.total,
    );
    check(
      samples.map((s) => s.duration),
      summary.duration,
    );
    scenario.workloads.forEach((workload, index) => {
      const row = summary.workloads[index];
      expect(row?.name).toBe(workload.name);
      const { p50, p90, p99, max } = row ?? { p50: 0, p90: 0, p99: 0, max: 0 };
      check(
        samples.map((s) => s.downtime[index] ?? 0),
        { p50, p90, p99, max },
      );
      expect(row?.longestOutage).toBe(Math.max(...samples.map((s) => s.longest[index] ?? 0)));
    });
    expect(summary.samples).toBe(60);
    expect(summary.firstSeed).toBe(40);
    // The durations vary: the spread is not one figure.
    expect(summary.duration.p50).toBeLessThan(summary.duration.max);
  });

  it('should count outcomes and the runs a fault by chance struck in, with what it added', () => {
    const summary = summarizeSamples(scenario, samples);
    const counted = Object.values(summary.outcomes).reduce((sum, chance) => sum + chance.count, 0);
    expect(counted).toBe(60);
    const [risk] = summary.risks;
    const struck = samples.filter((s) => s.fired.includes(0));
    const mean = (list: Sample[]) => list.reduce((sum, s) => sum + s.total, 0) / list.length;
    expect(risk?.struck.count).toBe(struck.length);
    expect(struck.length).toBeGreaterThan(0);
    expect(struck.length).toBeLessThan(60);
    expect(risk?.meanWhenStruck).toBe(Math.round(mean(struck)));
    expect(risk?.adds).toBe(
      Math.round(mean(struck) - mean(samples.filter((s) => !s.fired.includes(0)))),
    );
  });

  /** A run of the scenario above with only what the risks read: its total and whether it struck. */
  const synthetic = (seed: number, total: number, struck: boolean): Sample => ({
    seed,
    outcome: 'completed',
    duration: total,
    total,
    downtime: [0, 0],
    longest: [0, 0],
    violated: [],
    missed: false,
    passed: true,
    fired: struck ? [0] : [],
    drawn: [],
  });

  it('should give the downtime a fault adds a 95% interval that covers the true difference 95% of the time', () => {
    // An independent sampler: runs that did not strike cost N(60m, 10m), runs that did
    // N(75m, 25m) (normal by Box–Muller on a small LCG), so the fault truly adds 15m.
    let state = 12345;
    const uniform = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return (state + 0.5) / 2 ** 32;
    };
    const normal = (mu: number, sigma: number) =>
      mu + sigma * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const minute = 60_000;
    let covered = 0;
    const trials = 500;
    for (let trial = 0; trial < trials; trial++) {
      const runs: Sample[] = [];
      for (let i = 0; i < 120; i++) {
        const struck = i < 40;
        runs.push(
          synthetic(
            i,
            Math.round(
              struck ? normal(75 * minute, 25 * minute) : normal(60 * minute, 10 * minute),
            ),
            struck,
          ),
        );
      }
      const [risk] = summarizeSamples(scenario, runs).risks;
      // The textbook formula, worked out here with Σx² rather than the deviations.
      const group = (struck: boolean) =>
        runs.filter((run) => run.fired.includes(0) === struck).map((run) => run.total);
      const moments = (values: number[]) => {
        const n = values.length;
        const sum = values.reduce((a, b) => a + b, 0);
        const squares = values.reduce((a, b) => a + b * b, 0);
        return { n, mean: sum / n, variance: (squares - (sum * sum) / n) / (n - 1) };
      };
      const a = moments(group(true));
      const b = moments(group(false));
      const half = 1.96 * Math.sqrt(a.variance / a.n + b.variance / b.n);
      expect(risk?.addsInterval?.low).toBeCloseTo(a.mean - b.mean - half, -2);
      expect(risk?.addsInterval?.high).toBeCloseTo(a.mean - b.mean + half, -2);
      const { low = Infinity, high = -Infinity } = risk?.addsInterval ?? {};
      expect(low).toBeLessThanOrEqual(risk?.adds ?? NaN);
      expect(high).toBeGreaterThanOrEqual(risk?.adds ?? NaN);
      if (low <= 15 * minute && 15 * minute <= high) covered++;
    }
    // 95% nominal; the normal quantile (not Student's) runs a little short of it with 40 runs in a
    // group, and 500 trials leave about ±2% of chance.
    expect(covered / trials).toBeGreaterThan(0.91);
    expect(covered / trials).toBeLessThan(0.98);
  });

  it('should give no interval for the downtime a fault adds when it struck in a single run', () => {
    const runs = [
      synthetic(1, 90_000, true),
      synthetic(2, 60_000, false),
      synthetic(3, 70_000, false),
    ];
    const [risk] = summarizeSamples(scenario, runs).risks;
    expect(risk?.adds).toBe(90_000 - 65_000);
    expect(risk?.addsInterval).toBeUndefined();
    const spared = summarizeSamples(scenario, [
      synthetic(1, 90_000, true),
      synthetic(2, 80_000, true),
      synthetic(3, 70_000, false),
    ]);
    expect(spared.risks[0]?.addsInterval).toBeUndefined();
    const both = summarizeSamples(scenario, [...runs, synthetic(4, 80_000, true)]);
    expect(both.risks[0]?.addsInterval).toBeDefined();
  });

  it('should tell a fault by chance that had no chance to strike from one the seeds spared', () => {
    const pair = (probability: number) =>
      parseScenario(
        [
          'name: chance',
          'system: ha-pair',
          'version: { from: 9.0.1, to: 9.1.0 }',
          'services: 2',
          'faults:',
          // Installs run on the standby only: a crash of the active device at one never strikes.
          `  - { fault: host-crash, target: active, when: { step: install }, probability: ${probability} }`,
          `  - { fault: upgrade-failure, target: standby, when: { step: install }, probability: 0.000001 }`,
        ].join('\n'),
        'chance.yaml',
      );
    const scenario = pair(0.5);
    const summary = summarizeSamples(scenario, sampleRuns(scenario, 1, 20));
    const [never, spared] = summary.risks;
    expect(never?.struck.count).toBe(0);
    // Before: 0 of 20 with its confidence interval, as if a 50% fault had been lucky.
    expect(never?.noChance).toBe('no step install ran on active in the run of seed 1');
    expect(spared?.struck.count).toBe(0);
    expect(spared?.noChance).toBeUndefined();
    // The single run says the same.
    const { report } = simulate(scenario);
    expect(report.warnings).toContain(
      'faults[0] (host-crash on active) never fired: no step install ran on active',
    );
    expect(report.warnings).toContain(
      "faults[1] (upgrade-failure on standby) never fired: it strikes by chance (probability 0.000001 at each step install on standby) and this run's seed drew no strike",
    );
  });

  it('should name the worst run by total downtime, the smallest seed among equals', () => {
    const base = samples[0] as Sample;
    const tie = [
      { ...base, seed: 9, total: 100 },
      { ...base, seed: 3, total: 100 },
      { ...base, seed: 5, total: 50 },
    ];
    expect(summarizeSamples(scenario, tie).worst.seed).toBe(3);
    const worst = summarizeSamples(scenario, samples).worst;
    const largest = Math.max(...samples.map((s) => s.total));
    expect(worst).toMatchObject({
      total: largest,
      seed: Math.min(...samples.filter((s) => s.total === largest).map((s) => s.seed)),
    });
  });

  it('should be the same however the seeds are split', () => {
    const whole = summarizeSamples(scenario, samples);
    const split = summarizeSamples(scenario, [
      ...sampleRuns(scenario, 70, 30),
      ...sampleRuns(scenario, 40, 30),
    ]);
    expect(split).toEqual(whole);
  });
});

describe('sampleAtPercentile', () => {
  const scenario = parseScenario(CLUSTER, 'c.yaml');
  const samples = sampleRuns(scenario, 1, 40);

  it('should pick the run whose total is the nearest-rank percentile, the smallest seed among equals', () => {
    for (const p of [50, 90, 95, 99]) {
      const value = smallestCovering(
        samples.map((s) => s.total),
        p,
      );
      const seeds = samples.filter((s) => s.total === value).map((s) => s.seed);
      expect(sampleAtPercentile(samples, p).seed).toBe(Math.min(...seeds));
    }
    const base = samples[0] as Sample;
    const tie = [
      { ...base, seed: 8, total: 10 },
      { ...base, seed: 4, total: 10 },
      { ...base, seed: 6, total: 1 },
    ];
    expect(sampleAtPercentile(tie, 95).seed).toBe(4);
    expect(sampleAtPercentile(tie, 10).seed).toBe(6);
  });

  it('should break ties in downtime toward the worse day: the outcome, a failed check, the longer window, then the smaller seed', () => {
    const base = samples[0] as Sample;
    const day = (seed: number, more: Partial<Sample>): Sample => ({
      ...base,
      seed,
      total: 18_000_000,
      duration: 18_000_000,
      outcome: 'completed',
      passed: true,
      ...more,
    });
    // Before: every run down 5h in all tied, and the worst run was seed 1, which went well.
    const calm = [1, 2, 3, 4, 5, 6].map((seed) => day(seed, {}));
    const rough = [
      ...calm,
      day(7, { duration: 19_048_000 }),
      day(8, { passed: false }),
      day(9, { outcome: 'rolled-back' }),
      day(10, { outcome: 'aborted', duration: 19_048_000 }),
      day(11, { outcome: 'aborted', duration: 18_500_000 }),
      day(12, { outcome: 'aborted', duration: 19_048_000 }),
    ];
    const worst = (list: readonly Sample[]) => summarizeSamples(scenario, list).worst.seed;
    expect(worst(rough)).toBe(10);
    // The longest window is named too, the worse outcome first among equals.
    expect(summarizeSamples(scenario, rough).longestWindow).toEqual({
      seed: 10,
      duration: 19_048_000,
      outcome: 'aborted',
    });
    expect(
      summarizeSamples(scenario, calm.concat(day(7, { duration: 19_048_000 }))).longestWindow.seed,
    ).toBe(7);
    expect(sampleAtPercentile(rough, 100).seed).toBe(10);
    expect(worst(rough.filter((s) => s.outcome !== 'aborted'))).toBe(9);
    expect(worst(rough.filter((s) => s.outcome === 'completed'))).toBe(8);
    expect(worst(rough.filter((s) => s.outcome === 'completed' && s.passed))).toBe(7);
    expect(worst(calm)).toBe(1);
    // More downtime still comes first; the median is a calm day, the smallest seed among equals.
    expect(worst([...rough, day(13, { total: 18_000_001 })])).toBe(13);
    expect(sampleAtPercentile(rough, 50).seed).toBe(1);
    // The order the samples come in (a shard's, a merge's) changes nothing.
    expect(worst([...rough].reverse())).toBe(10);
    expect(sampleAtPercentile([...rough].reverse(), 55).seed).toBe(7);
  });

  it('should give the worst run at p100', () => {
    expect(sampleAtPercentile(samples, 100).seed).toBe(
      summarizeSamples(scenario, samples).worst.seed,
    );
  });
});

describe('totalsHistogram', () => {
  const base = sampleRuns(parseScenario(CLUSTER, 'c.yaml'), 1, 1)[0] as Sample;
  const at = (seed: number, total: number): Sample => ({ ...base, seed, total });

  it('should split [min, max] into equal bars, the last closed, each with the median run of its own', () => {
    const samples = [at(1, 0), at(2, 10), at(3, 24), at(4, 25), at(5, 26), at(6, 100)];
    const bars = totalsHistogram(samples, 4);
    expect(bars).toEqual([
      { from: 0, to: 25, samples: 3, seed: 2 },
      { from: 25, to: 50, samples: 2, seed: 4 },
      { from: 50, to: 75, samples: 0 },
      { from: 75, to: 100, samples: 1, seed: 6 },
    ]);
    expect(bars.reduce((sum, bar) => sum + bar.samples, 0)).toBe(samples.length);
  });

  it('should give one bar when every run has the same total, and none without runs', () => {
    expect(totalsHistogram([at(3, 7), at(1, 7)])).toEqual([
      { from: 7, to: 7, samples: 2, seed: 1 },
    ]);
    expect(totalsHistogram([])).toEqual([]);
  });
});

describe('seedDraws', () => {
  const head = `name: h
system: ha-pair
version: { from: 9.0.1, to: 9.1.0 }
services: [vpn]
`;
  const draws = (tail: string) => seedDraws(parseScenario(head + tail, 'h.yaml'));

  it('should find nothing to draw in fixed durations, per-device overrides and certain faults', () => {
    expect(
      draws(`durations:
  install: 20m
  reboot: { default: 5m, device-b: 9m }
  failover: 10m..10m
faults:
  - { fault: upgrade-failure, target: device-b, when: { step: install } }
  - { fault: host-crash, target: device-a, when: { step: install }, probability: 1, duration: 5m }
`),
    ).toEqual({ durations: [], faults: [] });
  });

  it('should name the durations that vary and the faults left to chance or a drawn time', () => {
    expect(
      draws(`durations:
  install: 15m..30m
  reboot: { default: 5m, device-b: { min: 2m, likely: 4m, max: 9m } }
faults:
  - { fault: upgrade-failure, target: device-b, when: { step: install } }
  - { fault: upgrade-failure, target: device-a, when: { step: install }, probability: 0.1 }
  - { fault: host-crash, target: device-a, when: { step: reboot }, duration: 5m..9m }
`),
    ).toEqual({
      durations: ['install', 'reboot'],
      faults: [
        { index: 1, probability: 0.1, duration: false },
        { index: 2, duration: true },
      ],
    });
  });
});

describe('formatChance', () => {
  it('should say a rate to a tenth of a percent, with its count and 95% interval', () => {
    const chance = wilson(25, 200);
    const percent = (rate: number) => `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
    expect(formatChance(chance)).toBe(
      `12.5% (25 of 200; 95% CI ${percent(chance.low)}–${percent(chance.high)})`,
    );
    expect(formatChance(wilson(3, 12_000))).toMatch(/^<0\.1% \(3 of 12,000; 95% CI /);
    expect(formatRate(0)).toBe('0.0%');
    expect(formatRate(1)).toBe('100.0%');
  });
});
