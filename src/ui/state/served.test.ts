import { describe, expect, test } from 'vitest';
import { readServed, servedReaction, type OpenText } from './served';

const TEXT = 'name: Mine\nsystem: standalone\nversion: { from: 1.0.0, to: 2.0.0 }\n';
const SAVED = TEXT.replace('Mine', 'Mine, saved');
const files = (text: string) => readServed(JSON.stringify([{ id: 'yours/a.yaml', text }]));
const open = (patch: Partial<OpenText> = {}): OpenText => ({
  builtin: 'yours/a.yaml',
  edited: false,
  dirty: false,
  drilling: false,
  ...patch,
});

describe('servedReaction', () => {
  test('at start-up opens the first file, unless the editor holds the user’s own text', () => {
    const builtin = open({ builtin: 'ha-pair.yaml' });
    expect(servedReaction(builtin, [], files(TEXT), true)).toEqual({ select: 'yours/a.yaml' });
    expect(servedReaction({ ...builtin, edited: true }, [], files(TEXT), true)).toEqual({});
    expect(
      servedReaction({ ...builtin, builtin: undefined, dirty: true }, [], files(TEXT), true),
    ).toEqual({});
  });

  test('reloads the open file when it is saved, and says so', () => {
    expect(servedReaction(open(), files(TEXT), files(SAVED), false)).toEqual({
      select: 'yours/a.yaml',
      notice: 'a.yaml was saved: the run on screen is the saved file.',
    });
  });

  test('keeps text the user changed in the page, or a drill under way, and says why', () => {
    for (const patch of [{ edited: true }, { dirty: true }, { drilling: true }]) {
      const reaction = servedReaction(open(patch), files(TEXT), files(SAVED), false);
      expect(reaction.select).toBeUndefined();
      expect(reaction.notice).toBe(
        'a.yaml was saved on disk. Your text here is kept; pick the file again to load the saved version.',
      );
    }
  });

  test('does nothing when another file, or nothing, changed', () => {
    expect(servedReaction(open(), files(TEXT), files(TEXT), false)).toEqual({});
    expect(
      servedReaction(open({ builtin: 'ha-pair.yaml' }), files(TEXT), files(SAVED), false),
    ).toEqual({});
  });
});

describe('readServed', () => {
  test('lists each file with its name and system, or why it cannot be used', () => {
    const list = readServed(
      JSON.stringify([
        { id: 'yours/a.yaml', text: TEXT },
        { id: 'yours/b.yaml', text: 'name: [' },
        { id: 'yours/c.yaml', error: 'the file is a directory' },
      ]),
    );
    expect(list.map((item) => [item.id, item.name, item.system, item.served])).toEqual([
      ['yours/a.yaml', 'Mine', 'standalone', true],
      ['yours/b.yaml', 'yours/b.yaml', undefined, true],
      ['yours/c.yaml', 'yours/c.yaml', undefined, true],
    ]);
    expect(list[1]?.error).toMatch(/^yours\/b\.yaml:1:/);
    expect(list[2]?.error).toBe('the file is a directory');
  });

  test.each([['{}'], ['[{"text":"x"}]'], ['not json']])('refuses %s', (json) => {
    expect(() => readServed(json)).toThrow();
  });
});
