import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseScenario } from './parse';
import { simulate } from '../runner';
import type { FaultSpec } from '../types';
import { writeFaultsIntoText } from './writeFaults';

const FILE = 'scenarios/serverware-mirror-3.2.yaml';
const TEXT = `# A trainer's note above everything\n${readFileSync(FILE, 'utf8')}`;

function live(base: number): FaultSpec[] {
  return [
    {
      index: base,
      fault: 'failover-timeout',
      target: 'primary',
      when: { at: 4_812_345 },
      times: 1,
      duration: 40 * 60_000,
    },
    {
      index: base + 1,
      fault: 'host-crash',
      target: 'storage-2',
      when: { at: 9_000_000 },
      times: 1,
    },
  ];
}

describe('writing live faults into a scenario', () => {
  it('should keep every line of the text as it was and add the faults under faults:', () => {
    const written = writeFaultsIntoText(TEXT, live(0));
    const lines = written.split('\n');
    for (const line of TEXT.split('\n')) expect(lines).toContain(line);
    expect(written).toContain("# A trainer's note above everything");
    expect(written).toMatch(
      /faults:\n\s+- \{ fault: failover-timeout, target: primary, when: \{ at: 1h20m12s345ms \}, duration: 40m \}/,
    );
  });

  it('should give the same run as the scenario with the live faults (round trip)', () => {
    const scenario = parseScenario(TEXT, FILE);
    const faults = live(scenario.faults.length);
    const before = simulate({ ...scenario, faults: [...scenario.faults, ...faults] });
    const after = simulate(parseScenario(writeFaultsIntoText(TEXT, faults), FILE));
    expect(after.report).toEqual(before.report);
  });

  it('should add to a list already there, block or flow, and fill an empty one', () => {
    const block = 'a: 1\nfaults:\n  - fault: host-crash # first\n    target: x\n# after\nb: 2\n';
    const out = writeFaultsIntoText(block, live(1).slice(0, 1));
    expect(out).toBe(
      'a: 1\nfaults:\n  - fault: host-crash # first\n    target: x\n  - { fault: failover-timeout, target: primary, when: { at: 1h20m12s345ms }, duration: 40m }\n# after\nb: 2\n',
    );
    expect(writeFaultsIntoText('a: 1\nfaults: [] # none\n', live(0).slice(1))).toBe(
      'a: 1\nfaults: [ { fault: host-crash, target: storage-2, when: { at: 2h30m } } ] # none\n',
    );
    expect(writeFaultsIntoText('faults:\nb: 2\n', live(0).slice(1))).toBe(
      'faults:\n  - { fault: host-crash, target: storage-2, when: { at: 2h30m } }\nb: 2\n',
    );
  });
});
