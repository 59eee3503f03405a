import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { LIMITS } from '../defaults';
import { formatDuration, parseDuration } from './index';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('parseDuration', () => {
  test.each([
    ['500ms', 500],
    ['90s', 90 * S],
    ['15m', 15 * M],
    ['1h30m', H + 30 * M],
    ['2h', 2 * H],
    ['1d', D],
    ['0s', 0],
    ['0ms', 0],
    ['2d3h', 2 * D + 3 * H],
    ['1m30s500ms', M + 30 * S + 500],
    ['1h 30m', H + 30 * M],
    [' 15m ', 15 * M],
    ['1.5h', H + 30 * M],
    ['0.5s', 500],
    ['365d', 365 * D],
    ['365000d', 365_000 * D],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['15', '0', '90', '1.5', '-3'])(
    'refuses the bare number %s: durations need a unit',
    (text) => {
      expect(() => parseDuration(text)).toThrow('durations need a unit: 15m, 90s, 500ms, 1h30m');
    },
  );

  test.each(['-5m', '-1h30m'])('refuses the negative duration %s', (text) => {
    expect(() => parseDuration(text)).toThrow(`a duration cannot be negative: ${text}`);
  });

  test.each([
    ['abc', '"abc" is not a duration'],
    ['15 minutes', '"15 minutes" is not a duration'],
    ['15M', '"15M" is not a duration'],
    ['1h30', '"1h30" is not a duration'],
    ['h', '"h" is not a duration'],
    ['1:30', '"1:30" is not a duration'],
    ['30m1h', 'write each unit once, from the largest to the smallest'],
    ['1m1m', 'write each unit once, from the largest to the smallest'],
    ['', 'a duration cannot be empty'],
    ['0.5ms', 'is not a whole number of milliseconds'],
    ['99999999999999999d', 'is too long for a duration'],
    ['90000000d', '"90000000d" is too long for a duration: at most 365000d, 1,000 years'],
    ['365000d1ms', 'is too long for a duration: at most 365000d'],
  ])('refuses %j', (text, message) => {
    expect(() => parseDuration(text)).toThrow(message);
  });

  test('error messages are one line and name the accepted forms', () => {
    try {
      parseDuration('soon');
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toBe(
        '"soon" is not a duration (expected a number with a unit: 500ms, 90s, 15m, 1h30m, 2h, 1d)',
      );
    }
  });
});

describe('formatDuration', () => {
  test.each([
    [15 * M, '15m'],
    [H + 30 * M, '1h30m'],
    [45 * S, '45s'],
    [500, '500ms'],
    [0, '0s'],
    [2 * D + 3 * H, '2d3h'],
    [M + 30 * S + 500, '1m30s500ms'],
    [D, '1d'],
    [-15 * M, '-15m'],
    [1.4, '1ms'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  test('parseDuration reads back what formatDuration writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: LIMITS.runTime }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
    );
  });
});
