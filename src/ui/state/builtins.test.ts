import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioFiles, scenarioPath } from '../../../test/support/scenarioFiles';
import { describeBuiltins, describeServed, groupBuiltins, matchesSearch } from './builtins';

/** Every YAML file under `scenarios/`, as the app bundles them. */
const files = Object.fromEntries(
  scenarioFiles().map((file) => [`scenarios/${file}`, readFileSync(scenarioPath(file), 'utf8')]),
);

const builtins = describeBuiltins(files);

describe('the scenario picker', () => {
  it('should group the built-ins in plain words, the documented procedures first', () => {
    const groups = groupBuiltins(builtins);
    expect(groups.map(([label]) => label)).toEqual([
      'Documented procedures',
      'Faults rehearsed',
      'Mistakes the checks catch',
    ]);
    const byLabel = new Map(groups);
    // Each group is exactly one folder of `scenarios/`, and every file is listed once.
    expect(byLabel.get('Documented procedures')?.every((item) => !item.id.includes('/'))).toBe(
      true,
    );
    expect(byLabel.get('Faults rehearsed')?.every((item) => item.id.startsWith('golden/'))).toBe(
      true,
    );
    expect(
      byLabel.get('Mistakes the checks catch')?.every((item) => item.id.startsWith('must-fail/')),
    ).toBe(true);
    expect(groups.flatMap(([, items]) => items)).toHaveLength(builtins.length);
  });

  it("should list the user's own files first, under their own heading", () => {
    const served = describeServed([{ id: 'yours/site-a.yaml', text: 'name: x' }]);
    const groups = groupBuiltins([...served, ...builtins]);
    expect(groups[0]?.[0]).toBe('Your files');
    expect(groups[0]?.[1].map((item) => item.id)).toEqual(['yours/site-a.yaml']);
  });

  it('should keep the scenarios that have every word searched for, ignoring case', () => {
    const found = groupBuiltins(builtins, '  MIRROR   3.2 ').flatMap(([, items]) => items);
    expect(found.length).toBeGreaterThan(0);
    for (const item of found) {
      expect(`${item.name} ${item.id}`.toLowerCase()).toMatch(/mirror/);
      expect(`${item.name} ${item.id}`).toMatch(/3\.2/);
    }
    // Every built-in that has both words is kept, and no other.
    const expected = builtins.filter((item) => {
      const text = `${item.name} ${item.id}`.toLowerCase();
      return text.includes('mirror') && text.includes('3.2');
    });
    expect(found.map((item) => item.id).sort()).toEqual(expected.map((item) => item.id).sort());
  });

  it("should match a group's plain words and a system's name", () => {
    const mistakes = groupBuiltins(builtins, 'mistakes').flatMap(([, items]) => items);
    expect(mistakes.map((item) => item.id).sort()).toEqual(
      builtins
        .filter((item) => item.id.startsWith('must-fail/'))
        .map((item) => item.id)
        .sort(),
    );
    const single = builtins.find((item) => item.system === 'standalone');
    expect(single && matchesSearch(single, 'single server')).toBe(true);
    expect(single && matchesSearch(single, 'serverware')).toBe(false);
  });

  it('should keep everything for an empty search and nothing for a word no scenario has', () => {
    expect(groupBuiltins(builtins, '   ').flatMap(([, items]) => items)).toHaveLength(
      builtins.length,
    );
    expect(groupBuiltins(builtins, 'zzqx-no-such-word')).toEqual([]);
  });
});
