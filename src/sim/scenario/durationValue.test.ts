import { describe, expect, test } from 'vitest';
import { DEFAULT_DURATIONS } from '../defaults';
import type { Scenario } from '../types';
import { parseScenario, ScenarioError } from './index';
import { scenarioToYaml } from './serialize';

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

/** Five lines: extra keys start on line 6. */
const CLUSTER = lines(
  'name: t',
  'system: serverware',
  'topology: cluster',
  'version: { from: 3.2.4 }',
  'hosts: { processing: 3 }',
);

function parse(text: string): Scenario {
  return parseScenario(text, 'x.yaml');
}

function errorOf(text: string): ScenarioError {
  try {
    parseScenario(text, 'x.yaml');
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('the scenario parsed without error');
}

const MINUTE = 60_000;

describe('durations that vary', () => {
  test('a fixed duration stays fixed and draws nothing', () => {
    const s = parse(lines(CLUSTER.trimEnd(), 'durations: { install: 25m }'));
    expect(s.durations.install).toBe(25 * MINUTE);
    expect(s.spread).toBeUndefined();
  });

  test('a range is uniform between its ends; its fixed figure is the midpoint', () => {
    const s = parse(lines(CLUSTER.trimEnd(), 'durations: { install: 15m..30m }'));
    expect(s.spread).toEqual({ install: { default: { min: 15 * MINUTE, max: 30 * MINUTE } } });
    expect(s.durations.install).toBe(22.5 * MINUTE);
  });

  test('a three-point estimate is PERT; its fixed figure is the PERT mean', () => {
    const s = parse(
      lines(CLUSTER.trimEnd(), 'durations: { failover: { min: 10m, likely: 15m, max: 45m } }'),
    );
    expect(s.spread).toEqual({
      failover: { default: { min: 10 * MINUTE, likely: 15 * MINUTE, max: 45 * MINUTE } },
    });
    expect(s.durations.failover).toBe(((10 + 4 * 15 + 45) / 6) * MINUTE);
  });

  test('an override per host and per role, each value fixed or varying', () => {
    const s = parse(
      lines(
        CLUSTER.trimEnd(),
        'durations:',
        '  reboot: { default: 5m, processing-3: 20m, primary: 3m..9m }',
        '  verify: { processing: { min: 1m, likely: 2m, max: 10m } }',
      ),
    );
    expect(s.spread).toEqual({
      reboot: {
        default: 5 * MINUTE,
        by: { 'processing-3': 20 * MINUTE, primary: { min: 3 * MINUTE, max: 9 * MINUTE } },
      },
      verify: {
        default: DEFAULT_DURATIONS.verify,
        by: { processing: { min: MINUTE, likely: 2 * MINUTE, max: 10 * MINUTE } },
      },
    });
    expect(s.durations.reboot).toBe(5 * MINUTE);
    expect(s.durations.verify).toBe(DEFAULT_DURATIONS.verify);
  });

  test('a mapping with only default is that default', () => {
    const s = parse(lines(CLUSTER.trimEnd(), 'durations: { install: { default: 10m..20m } }'));
    expect(s.spread).toEqual({ install: { default: { min: 10 * MINUTE, max: 20 * MINUTE } } });
  });

  test("a fault's duration may be a range or an estimate", () => {
    const s = parse(
      lines(
        CLUSTER.trimEnd(),
        'faults:',
        '  - { fault: host-crash, target: processing-1, when: { step: install }, duration: 10m..1h }',
        '  - fault: host-crash',
        '    target: processing-2',
        '    when: { step: install }',
        '    duration: { min: 5m, likely: 10m, max: 2h }',
      ),
    );
    expect(s.faults[0]).toMatchObject({
      duration: 35 * MINUTE,
      durationRange: { min: 10 * MINUTE, max: 60 * MINUTE },
    });
    expect(s.faults[1]).toMatchObject({
      durationRange: { min: 5 * MINUTE, likely: 10 * MINUTE, max: 120 * MINUTE },
    });
  });

  test('a fault with a probability', () => {
    const s = parse(
      lines(
        CLUSTER.trimEnd(),
        'faults: [{ fault: upgrade-failure, target: processing, when: { step: install }, probability: 0.02 }]',
      ),
    );
    expect(s.faults[0]).toMatchObject({ probability: 0.02, target: 'processing' });
  });

  test('ranges, estimates, overrides and probabilities survive serializing', () => {
    const s = parse(
      lines(
        CLUSTER.trimEnd(),
        'durations:',
        '  install: 15m..30m',
        '  failover: { min: 10m, likely: 15m, max: 45m }',
        '  reboot: { default: 5m, processing-3: 20m }',
        'faults:',
        '  - { fault: upgrade-failure, target: processing, when: { step: install }, probability: 0.5 }',
        '  - { fault: host-crash, target: processing-1, when: { step: reboot }, duration: 10m..1h }',
      ),
    );
    expect(parse(scenarioToYaml(s))).toEqual(s);
  });
});

describe('durations that vary: input errors', () => {
  test.each([
    [
      'a range that ends before it starts',
      'durations: { install: 30m..15m }',
      '30m..15m',
      'durations.install',
      'the range "30m..15m" ends before it starts: write the shorter duration first (15m..30m)',
    ],
    [
      'a range with a bad end',
      'durations: { install: 15m..soon }',
      '15m..soon',
      'durations.install',
      'in the range "15m..soon": "soon" is not a duration',
    ],
    [
      'a range with three ends',
      'durations: { install: 1m..2m..3m }',
      '1m..2m..3m',
      'durations.install',
      'has more than one ..',
    ],
    [
      // Before: "unknown key 'default' (expected one of: min, likely, max)".
      'an estimate and a value per host in one mapping',
      'durations: { install: { default: 5m, min: 1m } }',
      'default',
      'durations.install.default',
      '`default` beside `min`: a value is either an estimate ({ min, likely, max }) or a value per host or role ({ default, HOST: … }), not both',
    ],
    [
      'an estimate with min above max',
      'durations: { failover: { min: 45m, likely: 15m, max: 10m } }',
      '10m',
      'durations.failover.max',
      'max 10m is shorter than min 45m',
    ],
    [
      'an estimate with likely outside',
      'durations: { failover: { min: 10m, likely: 1h, max: 45m } }',
      '1h',
      'durations.failover.likely',
      'likely 1h is outside min..max (10m..45m)',
    ],
    [
      'an estimate without max',
      'durations: { failover: { min: 10m, likely: 15m } }',
      '{ min',
      'durations.failover.max',
      'an estimate needs `max`',
    ],
    [
      // Before: accepted, and drawn uniformly between the two ends without a word.
      'an estimate without likely',
      'durations: { failover: { min: 8m, max: 50m } }',
      '{ min',
      'durations.failover.likely',
      'an estimate needs `likely` (its most likely value; a range is written min..max)',
    ],
    [
      'an estimate with an unknown key',
      'durations: { failover: { min: 10m, mode: 15m, max: 20m } }',
      'mode',
      'durations.failover.mode',
      'unknown key `mode`',
    ],
    [
      'an override naming no host or role',
      'durations: { reboot: { default: 5m, procesing-3: 20m } }',
      'procesing-3',
      'durations.reboot.procesing-3',
      'unknown host or role `procesing-3` — did you mean `processing-3`?',
    ],
    [
      'an override naming a role this system lacks',
      'durations: { reboot: { active: 20m } }',
      'active',
      'durations.reboot.active',
      'unknown host or role `active`',
    ],
    [
      'an empty override',
      'durations: { reboot: {} }',
      '{}',
      'durations.reboot',
      'the mapping is empty',
    ],
    [
      'a bad value in an override',
      'durations: { reboot: { processing-1: 9m..1m } }',
      '9m..1m',
      'durations.reboot.processing-1',
      'ends before it starts',
    ],
    [
      'a range in expect.downtime',
      'expect: { downtime: { vps-1: 10m..20m } }',
      '10m..20m',
      'expect.downtime.vps-1',
      '"10m..20m" is a range: a range is accepted only under durations: and as a fault\'s duration; give one duration here',
    ],
    [
      'a range in a budget',
      'expect: { budget: { total: 1h..2h } }',
      '1h..2h',
      'expect.budget.total',
      'is a range',
    ],
    [
      'a zero range as a fault duration',
      'faults: [{ fault: host-crash, target: processing-1, when: { step: install }, duration: 0s..1m }]',
      '0s..1m',
      'faults[0].duration',
      'this duration must be longer than 0s',
    ],
    [
      'a probability above 1',
      'faults: [{ fault: upgrade-failure, target: processing, when: { step: install }, probability: 1.5 }]',
      '1.5',
      'faults[0].probability',
      '1.5 is not a probability in (0, 1]',
    ],
    [
      'a probability of 0',
      'faults: [{ fault: upgrade-failure, target: processing, when: { step: install }, probability: 0 }]',
      '0 }',
      'faults[0].probability',
      '0 is not a probability in (0, 1]',
    ],
    [
      'a probability that is not a number',
      'faults: [{ fault: upgrade-failure, target: processing, when: { step: install }, probability: often }]',
      'often',
      'faults[0].probability',
      'got the text "often"',
    ],
    [
      'a probability with when.at',
      'faults: [{ fault: host-crash, target: processing-1, when: { at: 1h }, probability: 0.5 }]',
      'probability',
      'faults[0].probability',
      'a fault with a probability strikes at steps: give when.step, not when.at',
    ],
    [
      'a probability with times',
      'faults: [{ fault: upgrade-failure, target: processing, when: { step: install }, probability: 0.5, times: 2 }]',
      'times',
      'faults[0].times',
      '`times` does not apply',
    ],
  ])('%s', (_, extra, token, path, reason) => {
    const error = errorOf(lines(CLUSTER.trimEnd(), extra));
    expect(`${error.line}:${error.column}`).toBe(`6:${extra.indexOf(token) + 1}`);
    expect(error.path).toBe(path);
    expect(error.reason).toContain(reason);
  });
});
