/**
 * Monte Carlo runs each seed without its trace (`simulate(…, { trace: false })`) and reads the
 * figures of the run from the groups rather than the downtime table: here every sample is checked
 * against what a full run of that seed says, as `rehearse run --seed N --json` would print it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  downtimeRows,
  parseScenario,
  reportPasses,
  sampleRuns,
  simulate,
  type Sample,
  type Scenario,
} from '../src/sim';

const root = join(import.meta.dirname, '..');

/** A sample read off a full run, the way `rehearse run --seed N` reports that run. */
function sampleOfFullRun(scenario: Scenario, seed: number): Sample {
  const run = simulate(scenario, { seed });
  const { report } = run;
  const expected = scenario.expect?.violations ?? [];
  return {
    seed,
    outcome: report.outcome,
    duration: report.duration,
    total: report.downtime.total,
    downtime: report.workloads.map((workload) => workload.downtime),
    longest: downtimeRows(run).map((row) => row.longest),
    violated: report.invariants
      .filter((invariant) => !invariant.holds && !expected.includes(invariant.id))
      .map((invariant) => invariant.id),
    missed: report.expectations?.met === false,
    passed: reportPasses(report, scenario),
    fired: [...new Set(run.fired)].sort((a, b) => a - b),
    drawn: run.drawn ?? [],
    // The run's warnings, but for a fault left to chance that did not strike: the samples count
    // those in their risks.
    ...(() => {
      const unstruck = scenario.faults
        .filter((fault) => fault.probability !== undefined && !run.fired.includes(fault.index))
        .map((fault) => `faults[${fault.index}] (`);
      const warnings = report.warnings.filter(
        (warning) => !unstruck.some((prefix) => warning.startsWith(prefix)),
      );
      return warnings.length === 0 ? {} : { warnings };
    })(),
  };
}

/** A single server over three hops: ranges, an estimate, per-host values, two faults by chance. */
const STANDALONE = `name: single server, durations that vary
system: standalone
version: { from: 2.4.1, path: [2.5.0, 2.6.3, 3.0.1] }
services: [web, api]
durations:
  install: 10m..40m
  reboot: { default: 2m..9m, server: { min: 3m, likely: 4m, max: 20m } }
  backup: { min: 5m, likely: 10m, max: 30m }
faults:
  - { fault: upgrade-failure, target: server, when: { step: install }, probability: 0.25 }
  - { fault: boot-failure, target: server, when: { step: reboot }, probability: 0.15 }
expect:
  downtime: { web: { max: 1h30m } }
`;

/** An HA pair over two versions: switchovers and syncs that vary, sessions lost by chance. */
const HA_PAIR = `name: HA pair, durations that vary
system: ha-pair
version: { from: 9.0.1, path: [9.1.0, 9.2.0] }
services: [vpn, voip]
policy: { preemption: enabled }
durations:
  switchover: 5s..40s
  install: { default: 15m..25m, device-b: 30m..50m }
  sync: { min: 1m, likely: 2m, max: 10m }
faults:
  - { fault: session-loss, when: { step: switchover }, probability: 0.3 }
  - { fault: upgrade-failure, target: standby, when: { step: install }, probability: 0.2 }
  - { fault: sync-failure, when: { step: sync }, probability: 0.2 }
expect:
  outcome: completed
`;

/** A SERVERware Mirror from 3.2.4: failovers by estimate, a per-host install, faults by chance. */
const MIRROR = `name: Mirror, durations that vary
system: serverware
topology: mirror
version: { from: 3.2.4 }
vps: [vps-pbx, vps-db]
durations:
  failover: { min: 5m, likely: 10m, max: 40m }
  install: { default: 20m, storage-2: 10m..50m }
  reboot: 2m..12m
faults:
  - { fault: upgrade-failure, target: secondary, when: { step: install }, probability: 0.2 }
  - { fault: failover-timeout, when: { step: failover }, probability: 0.2 }
  - { fault: boot-failure, target: secondary, when: { step: reboot }, probability: 0.1 }
expect:
  budget: { each: 1h }
`;

/** A SERVERware Cluster with a processing host that crashes by chance and VPSs that move. */
const CLUSTER = `name: Cluster, crashes by chance
system: serverware
topology: cluster
version: { from: 4.5.0 }
hosts: { processing: 3 }
vps:
  - { name: db, host: primary }
  - { name: web, host: processing-1 }
  - { name: crm, host: processing-2 }
durations:
  install: { default: 15m..30m, processing-3: { min: 20m, likely: 25m, max: 60m } }
  reboot: { default: 3m..8m, primary: 10m }
  vps-restart: 1m..5m
faults:
  - { fault: upgrade-failure, target: processing, when: { step: install }, probability: 0.3 }
  - { fault: power-loss, target: processing-2, when: { step: install }, probability: 0.2 }
`;

const inline: readonly (readonly [string, string])[] = [
  ['standalone.yaml', STANDALONE],
  ['ha-pair.yaml', HA_PAIR],
  ['mirror.yaml', MIRROR],
  ['cluster.yaml', CLUSTER],
];

/** Every built-in, and golden scenarios of each system (the one with every form of draw first). */
const files = [
  'scenarios/golden/serverware-cluster-varying-durations.yaml',
  ...readdirSync(join(root, 'scenarios'))
    .filter((name) => name.endsWith('.yaml') && name !== 'serverware-cluster-large.yaml')
    .map((name) => `scenarios/${name}`),
  'scenarios/golden/ha-pair-host-crash-across-versions.yaml',
  'scenarios/golden/serverware-cluster-host-crash-moved-vps-new-host-restart.yaml',
  'scenarios/golden/serverware-mirror-two-faults-backup-crash-and-slow-failover.yaml',
  'scenarios/golden/standalone-power-loss.yaml',
  'scenarios/must-fail/ha-pair-preemption-left-on.yaml',
];

const load = (file: string): Scenario =>
  parseScenario(readFileSync(join(root, file), 'utf8'), file);

describe('sampleRuns', () => {
  it.each(inline)(
    'should give, for every seed of %s, what a full run of it gives',
    (name, text) => {
      const scenario = parseScenario(text, name);
      const samples = sampleRuns(scenario, 1, 40);
      expect(samples).toEqual(samples.map((sample) => sampleOfFullRun(scenario, sample.seed)));
      // The seeds draw differently, and the faults by chance strike in some runs and not others.
      expect(new Set(samples.map((sample) => sample.duration)).size).toBeGreaterThan(10);
      const struck = samples.filter((sample) => sample.fired.length > 0).length;
      expect(struck).toBeGreaterThan(0);
      expect(struck).toBeLessThan(samples.length);
    },
  );

  it.each(files)('should give, for every seed of %s, what a full run of it gives', (file) => {
    const scenario = load(file);
    const samples = sampleRuns(scenario, 1, 8);
    expect(samples).toEqual(samples.map((sample) => sampleOfFullRun(scenario, sample.seed)));
  });

  it('should give what a full run gives on the 20-host Cluster', () => {
    const scenario = load('scenarios/serverware-cluster-large.yaml');
    const [sample] = sampleRuns(scenario, 7, 1);
    expect(sample).toEqual(sampleOfFullRun(scenario, 7));
  });
});

/** Runs that violate invariants (each violation names its trace entry) and move VPSs. */
const marked = [
  'scenarios/must-fail/ha-pair-preemption-left-on.yaml',
  'scenarios/must-fail/serverware-mirror-primary-upgraded-first.yaml',
  'scenarios/golden/serverware-cluster-host-crash-moved-vps-new-host-restart.yaml',
];

describe('simulate without its trace', () => {
  it.each([
    ...inline.map(([name, text]) => [name, () => parseScenario(text, name)] as const),
    ...marked.map((file) => [file, () => load(file)] as const),
  ])('should report %s as a full run does, less the trace', (_name, scenario) => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const full = simulate(scenario(), { seed });
      const lean = simulate(scenario(), { seed, trace: false });
      expect(full.report.trace.length).toBeGreaterThan(0);
      expect(lean.report.trace).toEqual([]);
      expect(lean.frames).toEqual([]);
      expect({ ...lean.report, trace: full.report.trace }).toEqual(full.report);
      expect(lean.groups).toEqual(full.groups);
      expect(lean.fired).toEqual(full.fired);
      expect(lean.plan).toEqual(full.plan);
    }
  });

  it('should number violations and moves by the transitions it did not keep', () => {
    const violated = simulate(load(marked[1] ?? ''), { trace: false }).report.invariants;
    expect(violated.some((invariant) => invariant.violations.some((v) => v.seq > 0))).toBe(true);
    const moved = simulate(load(marked[2] ?? ''), { trace: false }).groups;
    expect(moved.some((group) => group.moves.some((move) => move.seq > 0))).toBe(true);
  });
});
