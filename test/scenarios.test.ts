import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario, reportPasses, simulate } from '../src/sim';
import type { Scenario } from '../src/sim';
import { explain } from './support/explain';

const DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));

/**
 * The built-in scenarios: the files directly in scenarios/ (the golden and must-fail corpora in
 * its subfolders have their own test), in a stable order.
 */
const FILES = readdirSync(DIR, { encoding: 'utf8' })
  .filter((file) => /\.(ya?ml|json)$/.test(file) && !file.endsWith('.summary.json'))
  .map((file) => file.split('\\').join('/'))
  .sort();

function load(file: string): Scenario {
  return parseScenario(readFileSync(join(DIR, file), 'utf8'), `scenarios/${file}`);
}

describe('built-in scenarios', () => {
  it('should include every documented case', () => {
    expect(FILES).toEqual(
      expect.arrayContaining([
        'serverware-mirror-3.2.yaml',
        'serverware-cluster-3.2.yaml',
        'serverware-mirror-3.3-4.2.yaml',
        'serverware-cluster-3.3-4.2.yaml',
        'serverware-mirror-4.3-4.8.yaml',
        'serverware-cluster-4.3-4.8.yaml',
        'serverware-5.x-gui-update.yaml',
        'serverware-cluster-large.yaml',
        'ha-pair-preemption-enabled.yaml',
        'ha-pair-preemption-disabled.yaml',
        'standalone.yaml',
        'standalone-multi-version.yaml',
      ]),
    );
  });

  describe.each(FILES)('%s', (file) => {
    it('should state what it expects: outcome, failovers, path, downtime of two workloads or more, violations', () => {
      const scenario = load(file);
      expect(scenario.description, 'a description a trainer reads before pressing play').toEqual(
        expect.any(String),
      );
      expect(scenario.expect, 'every built-in scenario has an expect block').toBeDefined();
      const expectations = scenario.expect ?? {};
      expect(expectations.outcome).toEqual(expect.any(String));
      expect(expectations.failovers).toEqual(expect.any(Number));
      expect(expectations.path).toEqual(expect.any(Array));
      expect(Object.keys(expectations.downtime ?? {}).length).toBeGreaterThanOrEqual(2);
      expect(expectations.violations).toEqual(expect.any(Array));
    });

    it('should meet its expectations with every invariant holding', () => {
      const scenario = load(file);
      const { report } = simulate(scenario);
      expect(report.expectations?.met, explain(file, report, scenario)).toBe(true);
      expect(reportPasses(report, scenario), explain(file, report, scenario)).toBe(true);
    });

    it('should give a byte-identical report when run twice', () => {
      const first = JSON.stringify(simulate(load(file)).report);
      const second = JSON.stringify(simulate(load(file)).report);
      expect(second.length).toBe(first.length);
      expect(second === first, 'the two JSON reports differ').toBe(true);
    });
  });
});
