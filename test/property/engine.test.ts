import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/sim';
import { scenarioArbs } from './arbitraries';
import { checkRun } from './checkRun';

/**
 * Cases per system. Each case parses a generated file and simulates it twice (about 5–30 ms on
 * a 2-core machine), so the three stay around 10 s together; `REHEARSE_PROPERTY_RUNS` raises
 * the count for a longer hunt (`REHEARSE_PROPERTY_RUNS=5000 npx vitest run test/property`).
 */
const RUNS = Number(process.env.REHEARSE_PROPERTY_RUNS ?? 300);
/** Fixed, so a failure reproduces; fast-check prints the seed and path to replay a shrunk case. */
const SEED = 20_251_121;

const REGRESSIONS = fileURLToPath(new URL('./regressions/', import.meta.url));

describe('generated valid scenarios', () => {
  it.each(Object.entries(scenarioArbs))(
    `should run every %s scenario to an end, deterministically, with a valid and consistent report (${RUNS} cases)`,
    (system, arbitrary) => {
      let index = 0;
      fc.assert(
        fc.property(arbitrary, ({ text }) => {
          const file = `generated/${system}-${index++}.yaml`;
          try {
            checkRun(text, file);
          } catch (error) {
            // The scenario as a file, ready to save under regressions/.
            throw new Error(
              `${error instanceof Error ? error.message : String(error)}\n--- ${file}\n${text}`,
              {
                cause: error,
              },
            );
          }
        }),
        { seed: SEED, numRuns: RUNS },
      );
    },
    120_000,
  );

  it.each(Object.entries(scenarioArbs))(
    'should generate only files the parser accepts: %s',
    (system, arbitrary) => {
      for (const { text } of fc.sample(arbitrary, { seed: SEED, numRuns: 50 })) {
        expect(parseScenario(text, `sample.yaml`).system).toBe(system);
      }
    },
  );
});

const regressionFiles = readdirSync(REGRESSIONS)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

describe('regressions: counterexamples found by the properties', () => {
  it('should have some', () => {
    expect(regressionFiles.length).toBeGreaterThan(0);
  });

  it.each(regressionFiles)('should hold every property on %s', (name) => {
    checkRun(readFileSync(join(REGRESSIONS, name), 'utf8'), `test/property/regressions/${name}`);
  });
});
