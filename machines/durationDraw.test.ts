import { describe, expect, it } from 'vitest';
import {
  drawDuration,
  drawRange,
  pertShape,
  streamOf,
  strikes,
  typicalDuration,
} from './durationDraw';
import type { Durations } from './types';
import { TEST_DURATIONS } from './hostMachineTesting';

const MINUTE = 60_000;

function sample(count: number, draw: (i: number) => number): number[] {
  return Array.from({ length: count }, (_, i) => draw(i));
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('drawRange', () => {
  it('should draw a uniform range evenly over whole seconds, both ends included', () => {
    const draws = sample(20_000, (i) => drawRange({ min: 0, max: 9_000 }, streamOf(1, 'u', i)));
    const counts = new Map<number, number>();
    for (const d of draws) counts.set(d, (counts.get(d) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 10 }, (_, i) => i * 1000),
    );
    for (const count of counts.values()) expect(Math.abs(count - 2_000)).toBeLessThan(200);
  });

  it('should give a PERT estimate the mean (min + 4 likely + max) / 6', () => {
    const range = { min: 10 * MINUTE, likely: 15 * MINUTE, max: 45 * MINUTE };
    const draws = sample(20_000, (i) => drawRange(range, streamOf(3, 'p', i)));
    // Beta(α, β) scaled: variance (max − min)² αβ / ((α + β)² (α + β + 1)).
    const { alpha, beta } = pertShape(range);
    const sd =
      (range.max - range.min) *
      Math.sqrt((alpha * beta) / ((alpha + beta) ** 2 * (alpha + beta + 1)));
    expect(Math.abs(mean(draws) - typicalDuration(range))).toBeLessThan(
      (4 * sd) / Math.sqrt(20_000),
    );
    const sorted = [...draws].sort((a, b) => a - b);
    // The mode is 15m: more draws fall within a minute of likely than of the midpoint.
    const near = (x: number) => draws.filter((d) => Math.abs(d - x) <= MINUTE).length;
    expect(near(range.likely)).toBeGreaterThan(near((range.min + range.max) / 2));
    expect(sorted[0]).toBeGreaterThanOrEqual(range.min);
    expect(sorted[sorted.length - 1]).toBeLessThanOrEqual(range.max);
  });

  it('should give alpha and beta as the PERT definition says', () => {
    expect(pertShape({ min: 0, likely: 25, max: 100 })).toEqual({ alpha: 2, beta: 4 });
  });

  it('should draw milliseconds when an end is not whole seconds', () => {
    const draws = sample(200, (i) => drawRange({ min: 100, max: 900 }, streamOf(1, 'ms', i)));
    expect(draws.some((d) => d % 1000 !== 0 && d % 100 !== 0)).toBe(true);
  });
});

describe('drawDuration', () => {
  const durations: Durations = TEST_DURATIONS;

  it('should take a fixed duration without drawing', () => {
    expect(drawDuration(durations, undefined, 1, 'install', undefined, 0)).toBe(durations.install);
    expect(drawDuration(durations, { reboot: { default: 7 } }, 1, 'install', undefined, 0)).toBe(
      durations.install,
    );
  });

  it("should prefer the host's own override, then its role's, then default", () => {
    const spread = { reboot: { default: 1, by: { 'processing-3': 3, processing: 2 } } };
    const at = (name: string, role: string) =>
      drawDuration(durations, spread, 1, 'reboot', { name, role }, 0);
    expect([
      at('processing-3', 'processing'),
      at('processing-1', 'processing'),
      at('backup', 'backup'),
    ]).toEqual([3, 2, 1]);
  });

  it('should draw the same for the same seed, host and step, and differently for another seed', () => {
    const spread = { install: { default: { min: 0, max: 3_600_000 } } };
    const host = { name: 'processing-1', role: 'processing' };
    const draw = (seed: number, step: number) =>
      drawDuration(durations, spread, seed, 'install', host, step);
    expect(draw(5, 12)).toBe(draw(5, 12));
    const seeds = new Set(sample(20, (i) => draw(i, 12)));
    expect(seeds.size).toBeGreaterThan(15);
  });
});

describe('strikes', () => {
  it('should strike at about its probability, the same way for the same step', () => {
    const hits = sample(20_000, (i) => (strikes(0.1, 9, 0, 'processing-1', i) ? 1 : 0));
    expect(Math.abs(mean(hits) - 0.1)).toBeLessThan(0.01);
    expect(strikes(0.5, 9, 2, 'a', 4)).toBe(strikes(0.5, 9, 2, 'a', 4));
    expect(sample(100, (i) => (strikes(1, i, 0, 'a', 0) ? 1 : 0)).every((hit) => hit === 1)).toBe(
      true,
    );
  });
});
