import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioPath } from '../../test/support/scenarioFiles';
import { expectationChecks } from './expectations';
import { parseScenario, reportPasses, simulate } from './index';

const FILE = 'golden/serverware-cluster-downtime-budgets.yaml';
const TEXT = readFileSync(scenarioPath(FILE), 'utf8');

/** The budgets scenario with its `expect:` replaced. */
function withExpect(expectYaml: string) {
  const head = TEXT.slice(0, TEXT.indexOf('\nexpect:'));
  return parseScenario(`${head}\nexpect:\n${expectYaml}\n`, 'budgets.yaml');
}

const run = simulate(parseScenario(TEXT, FILE)).report;
const downtime = (name: string): number =>
  run.workloads.find((w) => w.name === name)?.downtime ?? Number.NaN;
const outages = (name: string): number =>
  run.workloads.find((w) => w.name === name)?.outages ?? Number.NaN;
const sum = (names: readonly string[], of: (name: string) => number): number =>
  names.reduce((total, name) => total + of(name), 0);
const ALL = run.workloads.map((w) => w.name);
const ON_PROCESSING = ['vps-1', 'vps-2', 'vps-3', 'vps-4'];

describe('expectationChecks', () => {
  it('should pass the budgets the built-in scenario sets', () => {
    const scenario = parseScenario(TEXT, FILE);
    expect(run.expectations?.misses).toEqual([]);
    expect(reportPasses(run, scenario)).toBe(true);
    expect(expectationChecks(scenario, run).every((check) => check.met)).toBe(true);
  });

  it('should say by how much each missed limit is over, and which workloads it covered', () => {
    const scenario = withExpect(
      [
        '  downtime: { vps-db: { max: 1m, outages: 1 } }',
        '  budget:',
        '    total: 1m',
        '    outages: 1',
        '    groups:',
        '      - { hosts: processing, total: 1m, each: 1m, outages: 1 }',
        '      - { hosts: [primary], each: 1m }',
      ].join('\n'),
    );
    const { report } = simulate(scenario);
    const minute = 60_000;
    const misses = report.expectations?.misses ?? [];
    expect(misses.map((miss) => [miss.key, miss.actual, miss.over])).toEqual([
      ['downtime.vps-db', downtime('vps-db'), downtime('vps-db') - minute],
      ['downtime.vps-db.outages', outages('vps-db'), outages('vps-db') - 1],
      ['budget.total', sum(ALL, downtime), sum(ALL, downtime) - minute],
      ['budget.outages', sum(ALL, outages), sum(ALL, outages) - 1],
      [
        'budget.groups[0].total',
        sum(ON_PROCESSING, downtime),
        sum(ON_PROCESSING, downtime) - minute,
      ],
      [
        'budget.groups[0].each',
        Math.max(...ON_PROCESSING.map(downtime)),
        Math.max(...ON_PROCESSING.map(downtime)) - minute,
      ],
      ['budget.groups[0].outages', sum(ON_PROCESSING, outages), sum(ON_PROCESSING, outages) - 1],
      ['budget.groups[1].each', downtime('vps-db'), downtime('vps-db') - minute],
    ]);
    expect(misses.find((miss) => miss.key === 'budget.groups[0].total')?.note).toBe(
      '4 workloads on processing',
    );
    expect(misses.find((miss) => miss.key === 'budget.groups[1].each')?.note).toBe('on vps-db');
    expect(reportPasses(report, scenario)).toBe(false);
  });

  it('should meet a limit the run reaches exactly, and keep the exact form exact', () => {
    const scenario = withExpect(
      [
        `  downtime: { vps-1: { max: ${downtime('vps-1') / 60_000}m }, vps-2: ${downtime('vps-2') / 60_000 + 1}m }`,
        `  budget: { groups: [{ hosts: processing-3, total: ${downtime('vps-3') / 60_000}m }] }`,
      ].join('\n'),
    );
    const checks = expectationChecks(scenario, simulate(scenario).report);
    expect(checks.map((check) => [check.key, check.met])).toEqual([
      ['downtime.vps-2', false],
      ['downtime.vps-1', true],
      ['budget.groups[0].total', true],
    ]);
  });
});
