import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { itemAt, itemsOf, lastIndexWhere, listOf, withItem } from './stepList';

describe('stepList', () => {
  test('reads and replaces like an array, leaving every earlier version as it was', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { maxLength: 3000 }),
        fc.array(fc.tuple(fc.nat(), fc.integer()), { maxLength: 40 }),
        (items, changes) => {
          let list = listOf(items);
          let array = items.slice();
          const versions: [typeof list, number[]][] = [[list, array]];
          for (const [at, value] of changes) {
            const index = items.length === 0 ? at : at % items.length;
            list = withItem(list, index, value);
            array = array.slice();
            if (index < array.length) array[index] = value;
            versions.push([list, array]);
          }
          for (const [version, expected] of versions) {
            expect(version.size).toBe(expected.length);
            expect(itemsOf(version)).toEqual(expected);
            for (let index = -1; index <= expected.length; index += 97)
              expect(itemAt(version, index)).toBe(expected[index]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  test('a change copies one path: the rest of the list is shared with the version before', () => {
    const list = listOf(Array.from({ length: 5000 }, (_, index) => index));
    const changed = withItem(list, 4321, -1);
    const shared = changed.root.filter((node, slot) => node === list.root[slot]);
    expect(changed.root).toHaveLength(list.root.length);
    expect(shared).toHaveLength(list.root.length - 1);
  });

  test('lastIndexWhere finds the last accepted index at or before a position', () => {
    const even = (n: number) => n % 7 === 0;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 3000 }),
        fc.integer({ min: -2, max: 3100 }),
        (items, from) => {
          let expected = -1;
          for (let index = Math.min(from, items.length - 1); index >= 0; index--) {
            if (even(items[index] as number)) {
              expected = index;
              break;
            }
          }
          expect(lastIndexWhere(listOf(items), from, even)).toBe(expected);
        },
      ),
      { numRuns: 100 },
    );
  });
});

test('serializes as the array of its items, and compares and clones by its parts alone', () => {
  const list = withItem(listOf(['a', 'b', 'c']), 1, 'B');
  expect(JSON.stringify({ steps: list })).toBe('{"steps":["a","B","c"]}');
  expect(Object.keys(list)).toEqual(['size', 'depth', 'root']);
  expect(structuredClone(list)).toEqual({ size: 3, depth: 0, root: ['a', 'B', 'c'] });
});
