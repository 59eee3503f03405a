import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explore, exploreShard, mergeShards, singleFaults } from './explore';
import { parseScenario, scenarioToYaml } from './scenario';
import { invariantWords } from './monitors/invariants';
import { simulate } from './runner';

const mirror = parseScenario(
  `
name: Mirror from 4.5
system: serverware
topology: mirror
version: { from: 4.5.0 }
vps: 2
`,
  'mirror.yaml',
);

const pair = parseScenario(
  `
name: HA pair
system: ha-pair
version: { from: 9.0.1, to: 9.1.0 }
services: 1
`,
  'ha.yaml',
);

const server = parseScenario(
  `
name: Single server
system: standalone
version: { from: 1.0.0, to: 1.1.0 }
services: 1
`,
  'server.yaml',
);

describe('explore', () => {
  it('should give the same result for any number of workers', () => {
    const whole = explore(pair);
    const halves = mergeShards(
      [0, 1].map((index) => exploreShard(pair, { shard: { index, count: 2 } })),
    );
    const thirds = mergeShards(
      [0, 1, 2].map((index) => exploreShard(pair, { shard: { index, count: 3 } })),
    );
    expect(JSON.stringify(halves)).toBe(JSON.stringify(whole));
    expect(JSON.stringify(thirds)).toBe(JSON.stringify(whole));
  });

  it('should find the Primary crash while the Secondary is mid-upgrade with a single fault, at its first chance', () => {
    const result = explore(mirror);
    const found = result.counterexamples.find((c) => c.invariant === 'one-member-down-at-a-time');
    expect(found?.faults).toHaveLength(1);
    expect(found?.faults[0]).toMatchObject({ fault: 'host-crash', target: 'storage-1' });
    // The Secondary's install is the fifth step: precheck, then the Backup host's three steps.
    expect(found?.steps).toBe(5);
    expect(found?.message).toContain(
      'storage-1 (Primary) is down and storage-2 (Secondary) is installing',
    );
  });

  it('should save counterexamples that replay to the same violation, byte for byte', () => {
    for (const found of explore(pair).counterexamples) {
      const replayed = simulate(parseScenario(scenarioToYaml(found.scenario), 'saved.yaml')).report;
      const violation = replayed.invariants.find((i) => i.id === found.invariant)?.violations[0];
      expect(violation).toEqual({
        at: found.at,
        seq: found.seq,
        cause: found.cause,
        message: found.message,
      });
      expect(replayed.expectations?.met).toBe(true);
    }
  });

  it('should name each counterexample after the invariant in words, as its title reads on screen', () => {
    const found = explore(pair).counterexamples;
    expect(found.some((item) => item.invariant.includes('-'))).toBe(true);
    for (const item of found) {
      // Before: "HA pair — counterexample for no-maintenance-on-active", the id as the title.
      expect(item.scenario.name).toBe(
        `${pair.name} — counterexample for ${invariantWords(item.invariant)}`,
      );
      if (item.invariant.includes('-')) expect(item.scenario.name).not.toContain(item.invariant);
    }
  });

  it('should explore pairs of faults and keep single faults first', () => {
    const single = explore(server);
    const pairs = explore(server, { faults: 2 });
    expect(pairs.runs).toBeGreaterThan(single.runs * 3);
    expect(pairs.counterexamples.some((c) => c.faults.length === 2)).toBe(true);
    for (const found of single.counterexamples) {
      expect(
        pairs.counterexamples.find((c) => c.invariant === found.invariant)?.faults,
      ).toHaveLength(1);
    }
  });

  it('should report coverage of every machine and the situations reached', () => {
    const result = explore(mirror);
    expect(result.coverage.map((c) => c.machine)).toEqual([
      'procedure',
      'storageHost',
      'backupHost',
    ]);
    const storage = result.coverage.find((c) => c.machine === 'storageHost');
    expect(storage?.states.visited).toBeGreaterThan(10);
    expect(storage?.unvisitedTransitions.length).toBe(
      (storage?.transitions.total ?? 0) - (storage?.transitions.visited ?? 0),
    );
    for (const name of [
      'a failed host reinstalled after the failover',
      'the Secondary taking over from a lost Primary',
    ]) {
      expect(result.situations.find((s) => s.name === name)?.reached, name).toBe(true);
    }
  });

  it('should draw random fault sets from the seed and give the same result for the same seed', () => {
    const a = explore(pair, { random: { runs: 30, seed: 4 } });
    const b = explore(pair, { random: { runs: 30, seed: 4 } });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.mode).toBe('random');
  });
});

describe('explore: distinct states', () => {
  it('should count exactly the distinct states that fresh runs of every candidate reach', () => {
    const scenario = parseScenario(
      readFileSync('scenarios/serverware-mirror-3.2.yaml', 'utf8'),
      'mirror.yaml',
    );
    const base = { ...scenario, faults: [] };
    const baseline = simulate(base).report;
    const exact = new Set<string>();
    for (const { report, fired } of [
      { report: baseline, fired: [] as readonly number[] },
      ...singleFaults(base, baseline).map((fault) =>
        simulate({ ...base, faults: [{ ...fault, index: 0 }] }),
      ),
    ]) {
      if (report !== baseline && !fired.includes(0)) continue;
      const states = new Map<string, string>();
      for (const entry of report.trace) {
        states.set(entry.actor, entry.state);
        exact.add(
          [...states]
            .sort()
            .map(([actor, state]) => `${actor}=${state}`)
            .join(';'),
        );
      }
    }
    expect(explore(scenario).distinctStates).toBe(exact.size);
  });
});
