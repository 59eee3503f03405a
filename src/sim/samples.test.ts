import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './scenario';
import { nearestRank, sampleRuns, summarizeSamples, wilson, type Sample } from './samples';

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
