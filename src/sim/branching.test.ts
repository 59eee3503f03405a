import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Branching } from './branching';
import { singleFaults } from './explore';
import { simulate } from './runner';
import { parseScenario } from './scenario';
import type { Report, Scenario } from './types';

/**
 * Prefix sharing and state merging must change how long the explorer takes, never what it
 * finds: a branch that runs to its end reports exactly what a fresh run reports, and a merged
 * branch ends exactly as a fresh run would (outcome, violated invariants, trace length).
 */

const BUILT_INS = readdirSync('scenarios')
  .filter((file) => file.endsWith('.yaml'))
  .sort()
  .map((file) => `scenarios/${file}`);

function load(file: string): Scenario {
  return parseScenario(readFileSync(file, 'utf8'), file);
}

function violated(report: Report): string[] {
  return report.invariants.filter((i) => !i.holds).map((i) => i.id);
}

/** Checks every `step`-th branch of `parent` against a fresh run; returns how many merged. */
function checkBranches(parent: Scenario, branches: readonly Scenario[], step = 1): number {
  const root = new Branching(parent);
  const chosen = branches.filter((_, index) => index % step === 0);
  root.prepare(chosen);
  let merged = 0;
  for (const scenario of chosen) {
    const branch = root.branch(scenario);
    const fresh = simulate(scenario).report;
    const label = JSON.stringify(scenario.faults);
    if (!branch.merged) {
      expect(JSON.stringify(branch.run.report), label).toBe(JSON.stringify(fresh));
      continue;
    }
    merged++;
    const parentReport = root.run.report;
    const carried = parentReport.invariants
      .filter((i) => i.violations.some((v) => v.seq >= branch.merged!.traceLength))
      .map((i) => i.id);
    expect(parentReport.outcome, label).toBe(fresh.outcome);
    expect([...new Set([...violated(branch.run.report), ...carried])].sort(), label).toEqual(
      violated(fresh).sort(),
    );
    const length =
      branch.run.report.trace.length + parentReport.trace.length - branch.merged.traceLength;
    expect(length, label).toBe(fresh.trace.length);
    // What the branch did before merging is what the fresh run did.
    const own = branch.run.report.trace.length;
    expect(JSON.stringify(branch.run.report.trace)).toBe(JSON.stringify(fresh.trace.slice(0, own)));
  }
  return merged;
}

describe('Branching', () => {
  it.each(BUILT_INS)(
    'should give every single-fault branch of %s the fresh run’s result',
    (file) => {
      const base = { ...load(file), faults: [] };
      const candidates = singleFaults(base, simulate(base).report).map((fault) => ({
        ...base,
        faults: [{ ...fault, index: 0 }],
      }));
      // The 20-host cluster has 1,300 candidates: every thirteenth keeps the suite quick.
      checkBranches(base, candidates, file.includes('large') ? 13 : 1);
    },
    120_000,
  );

  it('should merge branches whose fault the procedure absorbs, and give pairs the fresh result too', () => {
    const base = { ...load('scenarios/serverware-mirror-4.3-4.8.yaml'), faults: [] };
    const singles = singleFaults(base, simulate(base).report).map((fault) => ({
      ...base,
      faults: [{ ...fault, index: 0 }],
    }));
    expect(checkBranches(base, singles)).toBeGreaterThan(0);
    // A faulty parent: every second fault after a storage host crash.
    const crash = singles.find((s) => s.faults[0]?.fault === 'host-crash') as Scenario;
    const pairs = singleFaults(crash, simulate(crash).report).map((fault) => ({
      ...crash,
      faults: [...crash.faults, { ...fault, index: 1 }],
    }));
    expect(pairs.length).toBeGreaterThan(10);
    checkBranches(crash, pairs);
  });

  it('should find where each fault can first fire whatever was asked before', () => {
    const base = { ...load('scenarios/serverware-cluster-3.2.yaml'), faults: [] };
    const candidates = singleFaults(base, simulate(base).report).map((fault) => ({
      ...base,
      faults: [{ ...fault, index: 0 }],
    }));
    const forward = new Branching(base);
    const backward = new Branching(base);
    const firings = candidates.map((scenario) => forward.firingOf(scenario));
    const reversed = [...candidates].reverse().map((scenario) => backward.firingOf(scenario));
    expect(reversed.reverse()).toEqual(firings);
    // Faults at steps of one name strike at different firings by their hop and host.
    const reboots = new Set(
      candidates
        .map((scenario, index) => ({ when: scenario.faults[0]?.when, firing: firings[index] }))
        .filter(({ when }) => when !== undefined && 'step' in when && when.step === 'reboot')
        .map(({ firing }) => firing),
    );
    expect(reboots.size).toBeGreaterThan(2);
  });

  it('should run a branch from the start when its fault is timed by the clock', () => {
    const base = { ...load('scenarios/standalone.yaml'), faults: [] };
    const timed: Scenario = {
      ...base,
      faults: [{ fault: 'host-crash', target: 'server', when: { at: 60_000 }, times: 1, index: 0 }],
    };
    const root = new Branching(base);
    root.prepare([timed]);
    const branch = root.branch(timed);
    expect(branch.from).toBe(0);
    expect(JSON.stringify(branch.run.report)).toBe(JSON.stringify(simulate(timed).report));
  });
});
