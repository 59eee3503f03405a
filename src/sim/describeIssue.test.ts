import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssue } from './describeIssue';

const schema = z.strictObject({
  at: z.int().nonnegative().optional(),
  seq: z.int().positive().optional(),
  name: z.string().min(1).optional(),
  version: z
    .string()
    .regex(/^\d+(\.\d+)*$/)
    .optional(),
  format: z.literal('rehearse-shard').optional(),
  options: z.array(z.string()).min(1).max(2).optional(),
  value: z.union([z.string(), z.number()]).optional(),
  exploration: z
    .union([z.strictObject({ faults: z.int() }), z.strictObject({ random: z.int() })])
    .optional(),
  counts: z.record(z.string(), z.int()).optional(),
  even: z.int().multipleOf(2).optional(),
  checked: z
    .string()
    .refine((text) => text === 'yes', 'must say yes')
    .optional(),
  required: z.boolean(),
});

/** The line for the first issue of `value`, checked with the value each issue got. */
function first(value: unknown, prefix?: string): string {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) throw new Error('the value is valid');
  const [issue] = parsed.error.issues;
  if (issue === undefined) throw new Error('no issue');
  return describeIssue(issue, prefix);
}

describe('describeIssue', () => {
  it.each([
    [{ at: '90' }, 'at: got the text "90" (expected a number)'],
    [{ at: 1.5 }, 'at: 1.5 is not a whole number (expected a whole number)'],
    [{ at: -1 }, 'at: -1 is too small (expected at least 0)'],
    [{ seq: 0 }, 'seq: 0 is too small (expected more than 0)'],
    [{ at: 1e300 }, 'at: 1e+300 is too large (expected at most 9007199254740991)'],
    [{ at: null }, 'at: no value (expected a number)'],
    [{ at: [1] }, 'at: got a list (expected a number)'],
    [{ at: true }, 'at: got the boolean true (expected a number)'],
    [{ name: '' }, 'name: empty text (expected text that is not empty)'],
    [
      { version: 'v1' },
      'version: "v1" is not in the form expected (expected text matching /^\\d+(\\.\\d+)*$/)',
    ],
    [{ format: 'other' }, 'format: got the text "other" (expected "rehearse-shard")'],
    [{ options: [] }, 'options: an empty list (expected at least one item)'],
    [{ options: ['a', 'b', 'c'] }, 'options: too many items: 3 (expected at most 2 items)'],
    [{ options: [1] }, 'options[0]: got the number 1 (expected text)'],
    [{ value: null }, 'value: no value (expected text or a number)'],
    [{ exploration: { faults: 'x' } }, 'exploration.faults: got the text "x" (expected a number)'],
    [{ exploration: {} }, 'exploration.faults: missing (expected a number)'],
    [{ counts: { a: 'b' } }, 'counts.a: got the text "b" (expected a number)'],
    [{ even: 3 }, 'even: 3 is not a multiple of 2'],
    [{ checked: 'no' }, 'checked: must say yes'],
    [{}, 'required: missing (expected true or false)'],
    [{ required: true, colour: 'red' }, 'colour: unknown key `colour`'],
    [{ required: true, colour: 'red', size: 1 }, 'unknown keys `colour`, `size`'],
    [{ required: true, 'a b': 1 }, '"a b": unknown key `a b`'],
  ])('should word %j in the words of scenario errors', (value, line) => {
    expect(first(value)).toBe(line);
  });

  it('should put the path after the place of the value in a larger file', () => {
    expect(first({ at: '90', required: true }, 'runs[1].report')).toBe(
      'runs[1].report.at: got the text "90" (expected a number)',
    );
    expect(first({ at: '90', required: true }, '[0]')).toBe(
      '[0].at: got the text "90" (expected a number)',
    );
  });

  it('should keep the line on one line whatever the text held', () => {
    expect(first({ format: 'a\nb', required: true })).toBe(
      'format: got the text "a\\nb" (expected "rehearse-shard")',
    );
  });
});
