import { describe, expect, it } from 'vitest';
import { stepAhead } from './branching';
import { explore, type ExploreResult } from './explore';
import type { ProcedureContext } from '../../machines/procedureMachine';
import { planProcedure } from './planner';
import { sameStanding, simulateWith, type Standing } from './runner';
import { parseScenario } from './scenario';
import { StandingKeys } from './standingKey';
import type { FaultSpec, Scenario } from './types';

/**
 * A Cluster of two processing hosts with one VPS each: the hosts look interchangeable (same
 * kind, same role, same workload), but the procedure upgrades them one after another, so where
 * in the procedure a fault strikes matters, and which host it strikes.
 */
const TEXT = `
name: Cluster of two
system: serverware
topology: cluster
version: { from: 4.8.2 }
vps:
  - { name: vps-db, host: primary }
  - { name: vps-1, host: processing-1 }
  - { name: vps-2, host: processing-2 }
`;
const CLUSTER = parseScenario(TEXT, 'cluster.yaml');

/**
 * The same Cluster, but both processing hosts install in a minute instead of twenty: a crash of
 * the Primary (half an hour) during processing-1's install is still going on when processing-2
 * restarts.
 */
const QUICK = parseScenario(
  TEXT.replace(
    'vps:',
    'durations: { install: { default: 20m, processing-1: 1m, processing-2: 1m } }\nvps:',
  ),
  'quick.yaml',
);

type Injection = Omit<FaultSpec, 'index'>;

/** A crash as the explorer injects one: at the start of `step` on `host`, for 30 minutes. */
function crash(target: string, step: 'install' | 'reboot', host: string): Injection {
  return {
    fault: 'host-crash',
    target,
    when: { step, hop: 1, host },
    times: 1,
    duration: 1_800_000,
  };
}

const PROCESSING_2_DOES_NOT_BOOT: Injection = {
  fault: 'boot-failure',
  target: 'processing-2',
  when: { step: 'reboot', hop: 1, host: 'processing-2' },
  times: 1,
};

/** The id of a step of the plan (its position in the plan as derived). */
function stepId(scenario: Scenario, action: string, host: string): number {
  return planProcedure(scenario).findIndex((step) => step.action === action && step.host === host);
}

/** Where a run of `faults` stands just after the step with id `step` started. */
function standingAt(scenario: Scenario, faults: readonly Injection[], step: number): Standing {
  let found: Standing | undefined;
  simulateWith(
    { ...scenario, faults: faults.map((fault, index) => ({ ...fault, index })) },
    {
      after: (session) => {
        if (found === undefined && stepAhead(session.context()) === step)
          found = session.standing();
      },
    },
  );
  if (!found) throw new Error(`step ${step} never started`);
  return found;
}

const explored = new Map<Scenario, { result: ExploreResult; covered: Map<string, string> }>();

/** Explores pairs (once per scenario), noting which pair was composed from which representative. */
function classes(scenario: Scenario): { result: ExploreResult; covered: Map<string, string> } {
  const known = explored.get(scenario);
  if (known) return known;
  const covered = new Map<string, string>();
  const strip = (faults: readonly FaultSpec[]) =>
    JSON.stringify(faults.map(({ index: _index, ...fault }) => fault));
  const result = explore(scenario, {
    faults: 2,
    onCovered: (faults, by) => covered.set(strip(faults), strip(by)),
  });
  explored.set(scenario, { result, covered });
  return { result, covered };
}

const pair = (...faults: Injection[]) => JSON.stringify(faults);

/** The result without what only says how the work was done. */
function findings(result: ExploreResult): object {
  const { explored: _explored, covered: _covered, converged: _converged, ...rest } = result;
  return rest;
}

describe('standings', () => {
  const reboot = stepId(CLUSTER, 'reboot', 'processing-2');
  const earlier = [crash('storage-1', 'install', 'backup')];
  const later = [crash('storage-1', 'install', 'processing-1')];

  it('should find two runs alike where the Primary crashed during different steps, once both took over', () => {
    const a = standingAt(CLUSTER, earlier, reboot);
    const b = standingAt(CLUSTER, later, reboot);
    expect(sameStanding(a, b, true)).toBe(true);
    const keys = new StandingKeys();
    expect(keys.keyOf(a)).toBeDefined();
    expect(keys.keyOf(a)).toBe(keys.keyOf(b));
  });

  it('should tell them apart where one crash is still going on (the processing hosts install in a minute)', () => {
    const id = stepId(QUICK, 'reboot', 'processing-2');
    const a = standingAt(QUICK, earlier, id);
    const b = standingAt(QUICK, later, id);
    expect(sameStanding(a, b, true)).toBe(false);
    expect(sameStanding(a, b, false)).toBe(false);
  });

  it('should tell apart crashes of two processing hosts with the same workload: their VPSs moved to other hosts', () => {
    const step = stepId(CLUSTER, 'install', 'storage-2');
    const a = standingAt(CLUSTER, [crash('processing-1', 'install', 'processing-1')], step);
    const b = standingAt(CLUSTER, [crash('processing-2', 'install', 'processing-2')], step);
    expect(sameStanding(a, b, true)).toBe(false);
  });

  it('should tell standings apart by each part it compares, and not by a field left undefined', () => {
    const standing = standingAt(CLUSTER, [], reboot);
    const context = standing.root.context as ProcedureContext;
    const first = [...standing.children][0];
    if (!first) throw new Error('a Cluster has hosts');
    const [host, child] = first;
    expect(standing.timers.length).toBeGreaterThan(0);
    expect(standing.memories.length).toBeGreaterThan(0);
    expect(standing.placement.size).toBeGreaterThan(0);
    const changed: Record<string, Standing> = {
      "the procedure's state": { ...standing, root: { ...standing.root, value: 'elsewhere' } },
      "the procedure's context": {
        ...standing,
        root: { ...standing.root, context: { ...context, preemption: !context.preemption } },
      },
      "a host's state": {
        ...standing,
        children: new Map([
          ...standing.children,
          [host, { snapshot: { ...child.snapshot, value: 'elsewhere' } }],
        ]),
      },
      "a host's context": {
        ...standing,
        children: new Map([
          ...standing.children,
          [
            host,
            {
              snapshot: {
                ...child.snapshot,
                context: { ...(child.snapshot.context as object), more: 1 },
              },
            },
          ],
        ]),
      },
      "a timer's delay": {
        ...standing,
        timers: standing.timers.map((timer, index) =>
          index === 0 ? { ...timer, due: timer.due + 1 } : timer,
        ),
      },
      "a monitor's memory": {
        ...standing,
        memories: standing.memories.map((memory, index) => (index === 0 ? { memory } : memory)),
      },
      'where the VPSs run': {
        ...standing,
        placement: new Map(
          [...standing.placement].map(([group, at], index) => [
            group,
            index === 0 ? 'elsewhere' : at,
          ]),
        ),
      },
    };
    for (const [part, other] of Object.entries(changed)) {
      expect(sameStanding(standing, other, false), part).toBe(false);
      expect(sameStanding(other, standing, true), part).toBe(false);
    }
    const unset = {
      ...standing,
      root: { ...standing.root, context: { ...context, waiver: undefined } },
    };
    expect(sameStanding(standing, { ...standing }, false)).toBe(true);
    expect(sameStanding(unset, standing, false)).toBe(true);
    expect(sameStanding(standing, unset, true)).toBe(true);
  });

  it('should give no key to a standing with a fault still to fire', () => {
    const step = stepId(CLUSTER, 'install', 'processing-1');
    const waiting = standingAt(CLUSTER, [crash('storage-1', 'install', 'storage-2')], step);
    expect(new StandingKeys().keyOf(waiting)).toBeUndefined();
  });
});

describe('equivalent runs in the explorer', () => {
  it('should compose a pair from the one whose first fault left its run standing alike', () => {
    const { result, covered } = classes(CLUSTER);
    // The first candidate of its class: the crash at the precheck, a step of the whole system
    // (no host of its own), which leaves storage-1 as the crash at processing-1's install does.
    const atPrecheck: Injection = {
      ...crash('storage-1', 'install', 'backup'),
      when: { step: 'precheck' },
    };
    expect(
      covered.get(pair(crash('storage-1', 'install', 'processing-1'), PROCESSING_2_DOES_NOT_BOOT)),
    ).toBe(pair(atPrecheck, PROCESSING_2_DOES_NOT_BOOT));
    expect(
      covered.get(pair(crash('storage-1', 'install', 'backup'), PROCESSING_2_DOES_NOT_BOOT)),
    ).toBe(pair(atPrecheck, PROCESSING_2_DOES_NOT_BOOT));
    // Every run composed was noted (and so were the candidates composed that turned out merged).
    expect(result.covered).toBeGreaterThan(0);
    expect(result.covered).toBeLessThanOrEqual(covered.size);
    expect(result.explored + result.covered).toBe(result.runs);
    // CLUSTER is the built-in serverware-cluster-4.3-4.8: test/exploreReduction.test.ts holds
    // its findings to the full search's.
  }, 120_000);

  it('should not group pairs whose first faults struck processing hosts alike in all but their place', () => {
    const { covered } = classes(CLUSTER);
    const host = (json: string) =>
      (JSON.parse(json) as Injection[])[0]?.target?.match(/^processing-\d$/)?.[0];
    let grouped = 0;
    for (const [faults, by] of covered) {
      const mine = host(faults);
      const theirs = host(by);
      if (mine === undefined || theirs === undefined) continue;
      // A crash and a power loss of one host leave it alike; two hosts never are.
      expect(theirs, `${faults} composed from ${by}`).toBe(mine);
      grouped++;
    }
    expect(grouped).toBeGreaterThan(0);
  }, 120_000);

  it('should keep apart the pairs a per-host duration sets apart', () => {
    const { result, covered } = classes(QUICK);
    expect(
      covered.get(pair(crash('storage-1', 'install', 'processing-1'), PROCESSING_2_DOES_NOT_BOOT)),
    ).not.toBe(pair(crash('storage-1', 'install', 'backup'), PROCESSING_2_DOES_NOT_BOOT));
    expect(findings(result)).toEqual(findings(explore(QUICK, { faults: 2, reduction: false })));
  }, 120_000);
});
