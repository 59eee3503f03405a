import { describe, expect, test } from 'vitest';
import { nameRuns } from '../../src/cli/text';

describe('nameRuns', () => {
  test('writes three or more consecutive numbers as a range and lists every other name', () => {
    expect(nameRuns(['vps-1', 'vps-2', 'vps-3', 'vps-4', 'vps-9', 'db'])).toBe(
      'vps-1 to vps-4, vps-9, db',
    );
  });

  test('keeps two in a row as two names, and the order given', () => {
    expect(nameRuns(['vps-2', 'vps-3', 'vps-1'])).toBe('vps-2, vps-3, vps-1');
  });

  test('does not join names whose prefixes differ', () => {
    expect(nameRuns(['a-1', 'b-2', 'a-3'])).toBe('a-1, b-2, a-3');
  });

  test('wraps each name it writes', () => {
    expect(nameRuns(['p-1', 'p-2', 'p-3', 'q'], (name) => `<${name}>`)).toBe('<p-1> to <p-3>, <q>');
  });

  test('leaves nothing out: a range spelled out gives back the names', () => {
    const names = ['x-7', 'x-8', 'x-9', 'x-10', 'y', 'x-12'];
    const spelled = nameRuns(names)
      .split(', ')
      .flatMap((part) => {
        const range = /^x-(\d+) to x-(\d+)$/.exec(part);
        if (!range) return [part];
        const from = Number(range[1]);
        return Array.from({ length: Number(range[2]) - from + 1 }, (_, i) => `x-${from + i}`);
      });
    expect(spelled).toEqual(names);
  });
});
