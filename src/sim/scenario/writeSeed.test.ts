import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '../runner';
import { parseScenario } from './parse';
import { writeSeedIntoText } from './writeSeed';

const FILE = 'scenarios/golden/serverware-cluster-varying-durations.yaml';
const TEXT = readFileSync(FILE, 'utf8');

describe('writing a seed into a scenario', () => {
  it('should replace the value of seed: and nothing else, its comment kept', () => {
    const written = writeSeedIntoText(TEXT, 17);
    const before = TEXT.split('\n');
    const after = written.split('\n');
    expect(after.length).toBe(before.length);
    const changed = after.flatMap((line, index) => (line === before[index] ? [] : [index]));
    expect(changed).toHaveLength(1);
    expect(after[changed[0] ?? 0]).toMatch(/^seed: 17 # /);
  });

  it('should give the run the engine gives with that seed (round trip)', () => {
    const scenario = parseScenario(TEXT, FILE);
    const written = parseScenario(writeSeedIntoText(TEXT, 17), FILE);
    expect(written.seed).toBe(17);
    expect(simulate(written).report).toEqual(simulate(scenario, { seed: 17 }).report);
  });

  it('should add the key after the last top-level entry when there is none', () => {
    expect(writeSeedIntoText('a: 1\nb:\n  - x # last\n# a closing note\n', 5)).toBe(
      'a: 1\nb:\n  - x # last\nseed: 5\n# a closing note\n',
    );
    expect(writeSeedIntoText('a: 1', 5)).toBe('a: 1\nseed: 5\n');
    expect(writeSeedIntoText('d: >-\n  folded\n  text\n', 0)).toBe(
      'd: >-\n  folded\n  text\nseed: 0\n',
    );
    expect(writeSeedIntoText("seed: '3'\n", 4)).toBe('seed: 4\n');
  });

  it('should refuse what it cannot write into, saying why', () => {
    expect(() => writeSeedIntoText('a: [unclosed\n', 1)).toThrow(/not valid YAML/);
    expect(() => writeSeedIntoText('- a\n', 1)).toThrow(/not a YAML block mapping/);
    expect(() => writeSeedIntoText('{ a: 1 }\n', 1)).toThrow(/not a YAML block mapping/);
    expect(() => writeSeedIntoText('seed: [1]\n', 1)).toThrow(/seed: is not a plain value/);
    expect(() => writeSeedIntoText('a: 1\n', -1)).toThrow(/-1 is not a seed/);
  });
});
