import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  formatSummary,
  parseScenario,
  reportPasses,
  simulate,
  summarize,
  summaryPathFor,
} from '../src/sim';
import type { FaultType, PrecheckKind, Report, Scenario } from '../src/sim';
import { explain } from './support/explain';

/**
 * The two scenario corpora: `scenarios/golden/` rehearses every documented fault on every system
 * it applies to, `scenarios/must-fail/` writes wrong procedures that the invariants must catch.
 * Beside each scenario, `NAME.summary.json` is its golden summary, compared byte for byte.
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const GOLDEN = 'scenarios/golden';
const MUST_FAIL = 'scenarios/must-fail';
const SUMMARY = /\.summary\.json$/;
const SCENARIO = /\.(ya?ml|json)$/;

/** Files under a corpus folder, at any depth, as repository paths with `/`, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .map((file) => `${dir}/${file.split('\\').join('/')}`)
    .sort();
}

function scenarioFiles(dir: string): string[] {
  return filesUnder(dir).filter((file) => SCENARIO.test(file) && !SUMMARY.test(file));
}

const GOLDEN_FILES = scenarioFiles(GOLDEN);
const MUST_FAIL_FILES = scenarioFiles(MUST_FAIL);
const ALL_FILES = [...GOLDEN_FILES, ...MUST_FAIL_FILES];

/**
 * Scenarios whose expectations follow the source documents while the engine does not yet: each
 * runs as an expected failure, with the reason, until the engine is fixed. When one starts
 * passing, remove it from this list and refresh its summary.
 */
const runs = new Map<string, { scenario: Scenario; report: Report }>();

/** Parses and simulates a corpus file once per test run. */
function load(file: string): { scenario: Scenario; report: Report } {
  let run = runs.get(file);
  if (!run) {
    const scenario = parseScenario(readFileSync(join(ROOT, file), 'utf8'), file);
    run = { scenario, report: simulate(scenario).report };
    runs.set(file, run);
  }
  return run;
}

describe.each(ALL_FILES)('%s', (file) => {
  it('should meet its expectations with only the expected violations', () => {
    const { scenario, report } = load(file);
    expect(report.expectations, `${file} has no expect block`).toBeDefined();
    expect(reportPasses(report, scenario), explain(file, report, scenario)).toBe(true);
  });

  it('should match its golden summary byte for byte', () => {
    const { report } = load(file);
    const summaryFile = summaryPathFor(file);
    const update = `check that the change is intended, then run \`npx rehearse run --update ${file}\``;
    expect(existsSync(join(ROOT, summaryFile)), `${summaryFile} is missing: ${update}`).toBe(true);
    const stored = readFileSync(join(ROOT, summaryFile), 'utf8');
    const actual = formatSummary(summarize(report));
    expect(actual, `${summaryFile} no longer matches the run: ${update}`).toBe(stored);
  });
});

describe('the golden corpus', () => {
  it.each(GOLDEN_FILES)('%s should rehearse at least one fault', (file) => {
    expect(load(file).scenario.faults.length).toBeGreaterThan(0);
  });
});

describe('the must-fail corpus', () => {
  it.each(MUST_FAIL_FILES)('%s should name the invariants it must violate', (file) => {
    const violations = load(file).scenario.expect?.violations ?? [];
    expect(violations.length, `${file}: expect.violations is empty`).toBeGreaterThan(0);
  });
});

describe('golden summaries', () => {
  it('should each belong to a scenario', () => {
    const scenarios = new Set(ALL_FILES.map((file) => summaryPathFor(file)));
    const orphans = [...filesUnder(GOLDEN), ...filesUnder(MUST_FAIL)].filter(
      (file) => SUMMARY.test(file) && !scenarios.has(file),
    );
    expect(orphans).toEqual([]);
  });
});

/** Where a fault can happen (docs/faults-and-recoveries.md, "Faults"); SERVERware counts once per topology. */
type Place = 'serverware/mirror' | 'serverware/cluster' | 'ha-pair' | 'standalone';

const EVERYWHERE: readonly FaultType[] = [
  'upgrade-failure',
  'boot-failure',
  'power-loss',
  'host-crash',
];
const APPLICABLE: Readonly<Record<Place, readonly FaultType[]>> = {
  'serverware/mirror': [...EVERYWHERE, 'failover-timeout', 'pool-degraded', 'precheck-failure'],
  'serverware/cluster': [...EVERYWHERE, 'failover-timeout', 'pool-degraded', 'precheck-failure'],
  'ha-pair': [
    ...EVERYWHERE,
    'failover-timeout',
    'sync-failure',
    'session-loss',
    'split-brain',
    'backup-failure',
  ],
  standalone: [...EVERYWHERE, 'backup-failure', 'precheck-failure'],
};
const PRECHECKS: Readonly<Partial<Record<Place, readonly PrecheckKind[]>>> = {
  'serverware/mirror': ['console', 'firmware', 'licence', 'compatibility'],
  'serverware/cluster': ['console', 'firmware', 'licence', 'compatibility'],
  standalone: ['compatibility'],
};

function placeOf(scenario: Scenario): Place {
  return scenario.system === 'serverware'
    ? `serverware/${scenario.topology ?? 'mirror'}`
    : scenario.system;
}

let coveredPairs: Set<string> | undefined;

/** `place fault` and `place precheck-failure:check` for every fault of the golden corpus. */
function covered(): Set<string> {
  if (coveredPairs) return coveredPairs;
  const pairs = new Set<string>();
  for (const file of GOLDEN_FILES) {
    const { scenario } = load(file);
    for (const fault of scenario.faults) {
      pairs.add(`${placeOf(scenario)} ${fault.fault}`);
      if (fault.check !== undefined)
        pairs.add(`${placeOf(scenario)} ${fault.fault}:${fault.check}`);
    }
  }
  coveredPairs = pairs;
  return pairs;
}

const FAULT_PAIRS = Object.entries(APPLICABLE).flatMap(([place, faults]) =>
  faults.map((fault) => `${place} ${fault}`),
);
const CHECK_PAIRS = Object.entries(PRECHECKS).flatMap(([place, checks]) =>
  checks.map((check) => `${place} precheck-failure:${check}`),
);

describe('golden coverage', () => {
  it.each(FAULT_PAIRS)('should rehearse %s', (pair) => {
    expect([...covered()]).toContain(pair);
  });

  it.each(CHECK_PAIRS)('should rehearse %s', (pair) => {
    expect([...covered()]).toContain(pair);
  });
});
