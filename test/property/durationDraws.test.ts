/**
 * Varying durations: every step that a range or an estimate times lasts within its bounds, the
 * same seed gives the same report byte for byte, and fixed durations draw nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../src/sim';
import { formatDuration } from '../../src/sim/scenario/duration';

const MINUTE = 60_000;

const bounds = fc
  .tuple(
    fc.integer({ min: 1, max: 120 }),
    fc.integer({ min: 0, max: 120 }),
    fc.integer({ min: 0, max: 120 }),
  )
  .map(([min, a, b]) => ({
    min: min * MINUTE,
    likely: (min + Math.min(a, b)) * MINUTE,
    max: (min + Math.max(a, b)) * MINUTE,
  }));

function scenarioText(
  install: { min: number; likely: number; max: number },
  pert: boolean,
  seed: number,
): string {
  const value = pert
    ? `{ min: ${formatDuration(install.min)}, likely: ${formatDuration(install.likely)}, max: ${formatDuration(install.max)} }`
    : `${formatDuration(install.min)}..${formatDuration(install.max)}`;
  return [
    'name: p',
    'system: serverware',
    'topology: cluster',
    'version: { from: 4.5.0 }',
    'hosts: { processing: 2 }',
    `seed: ${seed}`,
    'durations:',
    `  install: ${value}`,
    `  reboot: { default: 2m..4m, processing-2: ${formatDuration(install.min)}..${formatDuration(install.max)} }`,
    '',
  ].join('\n');
}

describe('varying durations', () => {
  it('should draw every step within its bounds, and the same seed gives the same report', () => {
    fc.assert(
      fc.property(bounds, fc.boolean(), fc.nat(1_000_000), (install, pert, seed) => {
        const scenario = parseScenario(scenarioText(install, pert, seed), 'p.yaml');
        const report = simulate(scenario).report;
        for (const step of report.steps) {
          const length = (step.end ?? 0) - (step.start ?? 0);
          if (
            step.action === 'install' ||
            (step.action === 'reboot' && step.host === 'processing-2')
          ) {
            expect(length).toBeGreaterThanOrEqual(install.min);
            expect(length).toBeLessThanOrEqual(install.max);
          } else if (step.action === 'reboot') {
            expect(length).toBeGreaterThanOrEqual(2 * MINUTE);
            expect(length).toBeLessThanOrEqual(4 * MINUTE);
          }
        }
        expect(JSON.stringify(simulate(scenario).report)).toBe(JSON.stringify(report));
      }),
      { numRuns: 30 },
    );
  }, 60_000);

  it('should give different seeds different draws', () => {
    const install = { min: 10 * MINUTE, likely: 20 * MINUTE, max: 60 * MINUTE };
    const durations = new Set(
      [1, 2, 3, 4, 5, 6].map(
        (seed) =>
          simulate(parseScenario(scenarioText(install, true, seed), 'p.yaml')).report.duration,
      ),
    );
    expect(durations.size).toBe(6);
  });

  it('should keep the draws of the steps a fault does not touch when a fault is added', () => {
    const install = { min: 10 * MINUTE, likely: 20 * MINUTE, max: 60 * MINUTE };
    const text = scenarioText(install, true, 11);
    const plain = simulate(parseScenario(text, 'p.yaml')).report;
    const faulty = simulate(
      parseScenario(
        `${text}faults: [{ fault: upgrade-failure, target: processing-2, when: { step: install } }]\n`,
        'p.yaml',
      ),
    ).report;
    const lengths = (steps: typeof plain.steps, host: string) =>
      steps
        .filter((step) => step.host === host && !step.recovery)
        .map((step) => `${step.action} ${(step.end ?? 0) - (step.start ?? 0)}`);
    for (const host of ['backup', 'processing-1', 'storage-1', 'storage-2']) {
      expect(lengths(faulty.steps, host)).toEqual(lengths(plain.steps, host));
    }
  });

  it('should say a fault by chance that did not strike was not drawn, not that its step never ran', () => {
    const install = { min: 10 * MINUTE, likely: 20 * MINUTE, max: 60 * MINUTE };
    const text = `${scenarioText(install, false, 1)}faults: [{ fault: upgrade-failure, target: processing, when: { step: install }, probability: 0.000001 }]\n`;
    const report = simulate(parseScenario(text, 'p.yaml')).report;
    expect(
      report.steps.some((step) => step.action === 'install' && step.host === 'processing-1'),
    ).toBe(true);
    expect(report.warnings).toEqual([
      "faults[0] (upgrade-failure on processing) never fired: it strikes by chance (probability 0.000001 at each step install on processing) and this run's seed drew no strike",
    ]);
  });
});
