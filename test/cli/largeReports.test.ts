import { describe, expect, it } from 'vitest';
import { samplesText } from '../../src/cli/samplesOutput';
import { sweepText } from '../../src/cli/sweepOutput';
import { makePaint } from '../../src/cli/text';
import { largest, parseScenario, sampleRuns, smallest, summarizeSamples } from '../../src/sim';
import type { SamplesReport, SweepReport } from '../../src/sim';

const SCENARIO = `name: h
system: serverware
topology: cluster
version: { from: 4.5.0, to: 5.2.1 }
vps: 2
`;

/** More workloads than a call takes arguments: `Math.max(...list)` overflowed the stack here. */
const MANY = 200_000;

const paint = makePaint(false, {});

/** A real two-VPS report with its workloads copied out to `MANY`, the last one down longest. */
function bigReport(): SamplesReport {
  const scenario = parseScenario(SCENARIO, 'h.yaml');
  const report = summarizeSamples(scenario, sampleRuns(scenario, 1, 1));
  const model = report.workloads[0];
  if (model === undefined) throw new Error('the scenario has VPSs');
  const workloads = Array.from({ length: MANY }, (_, index) => ({
    ...model,
    name: `vps-${index + 1}`,
    max: index === MANY - 1 ? 7_200_000 : model.max,
    longestOutage: index === MANY - 1 ? 7_200_000 : model.longestOutage,
  }));
  return { ...report, workloads };
}

describe('outputs of a scenario with 200,000 VPSs', () => {
  it('should print run --samples without overflowing the stack', () => {
    const text = samplesText(bigReport(), 'h.yaml', paint).join('\n');
    expect(text).toContain('vps-200000');
    expect(text).toMatch(/and 199,980 more, none down more than 5m in any run/);
  });

  it('should print a sweep without overflowing the stack', () => {
    const result = bigReport();
    const report: SweepReport = {
      format: 1,
      scenario: 'h',
      parameters: [{ key: 'durations.reboot', values: ['5m', '6m'] }],
      samples: 1,
      firstSeed: 1,
      points: 2,
      passed: 2,
      rows: [
        { set: { 'durations.reboot': '5m' }, exact: true, result },
        { set: { 'durations.reboot': '6m' }, exact: true, result },
      ],
    };
    expect(sweepText(report, paint).join('\n')).toContain('2h');
  });
});

describe('largest and smallest', () => {
  it('should take any number of values', () => {
    const values = Array.from({ length: MANY }, (_, index) => index);
    expect([largest(values), smallest(values)]).toEqual([MANY - 1, 0]);
  });

  it('should give the floor or ceiling of an empty list, and NaN like Math.max', () => {
    expect([largest([], 0), largest([]), smallest([], 1), smallest([])]).toEqual([
      0,
      -Infinity,
      1,
      Infinity,
    ]);
    expect([largest([1, Number.NaN, 2]), smallest([1, Number.NaN, 0])]).toEqual([NaN, NaN]);
  });
});
