import { describe, expect, it } from 'vitest';
import { parseScenario } from './scenario';
import { sampleRuns, summarizeSamples, type Sample } from './samples';

const SERVER = `name: one server
system: standalone
version: { from: 2.4.1, to: 2.5.0 }
services: [web]
`;

const read = (durations: string) => parseScenario(`${SERVER}durations:\n${durations}`, 's.yaml');

/** A run as its figures read, the seed aside. */
const figures = ({ seed: _seed, ...rest }: Sample) => rest;

describe('the durations a run drew', () => {
  it('should leave out a duration that varies but times no step of the run', () => {
    // A single server has no failover: its range is drawn for nothing.
    const scenario = read('  install: 15m..30m\n  failover: 10m..30m\n');
    const samples = sampleRuns(scenario, 1, 12);
    expect(samples.map((sample) => sample.drawn)).toEqual(samples.map(() => ['install']));
    const summary = summarizeSamples(scenario, samples);
    expect(summary.draws).toEqual(['durations.install']);
    expect(summary.timedNothing).toEqual(['durations.failover']);
    // The install's range does make runs differ.
    expect(new Set(samples.map((sample) => sample.duration)).size).toBeGreaterThan(1);
  });

  it('should say that every seed gives the same run when what varies times nothing, which the runs bear out', () => {
    const scenario = read('  install: 20m\n  failover: 10m..30m\n');
    const samples = sampleRuns(scenario, 1, 12);
    expect(samples.every((sample) => sample.drawn.length === 0)).toBe(true);
    const summary = summarizeSamples(scenario, samples);
    expect(summary.draws).toEqual([]);
    expect(summary.timedNothing).toEqual(['durations.failover']);
    const first = figures(samples[0] as Sample);
    for (const sample of samples) expect(figures(sample)).toEqual(first);
  });

  it("should count a host's own delay that varies, which no step shows it waited", () => {
    const pair = parseScenario(
      `name: h
system: ha-pair
version: { from: 9.0.1, to: 9.1.0 }
services: [vpn]
durations:
  takeover: 1m..3m
`,
      'h.yaml',
    );
    const [sample] = sampleRuns(pair, 1, 1);
    expect(sample?.drawn).toEqual(['takeover']);
  });

  it('should not count a step with a duration of its own, nor a fixed value for its host', () => {
    const scenario = read('  install: { default: 10m..40m, server: 20m }\n');
    const samples = sampleRuns(scenario, 1, 6);
    expect(samples.every((sample) => sample.drawn.length === 0)).toBe(true);
    const varying = read('  install: { default: 20m, server: 10m..40m }\n');
    expect(sampleRuns(varying, 1, 1)[0]?.drawn).toEqual(['install']);
  });
});
