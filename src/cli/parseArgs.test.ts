import { describe, expect, it } from 'vitest';
import { parseArgs, type OptionSpec } from './parseArgs';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'seed', value: 'N', help: 'the seed' },
  { name: 'json', help: 'JSON' },
  { name: 'set', value: 'KEY=VALUES', help: 'a swept key', repeatable: true },
];

describe('parseArgs', () => {
  it.each([
    [['my.yaml', '--seed', '1', '--seed', '2']],
    [['my.yaml', '--seed=1', '--seed', '2']],
    [['--seed', '2', 'my.yaml', '--seed=2']],
  ])('should refuse a single-valued option given twice: %j', (argv) => {
    expect(() => parseArgs(argv, OPTIONS)).toThrow(/^--seed is given twice \(\d and \d\)/);
  });

  it.each([[['x.yaml', '--json', '--json']], [['--json', 'x.yaml', '--seed', '1', '--json']]])(
    'should refuse a flag given twice, as it refuses an option with a value: %j',
    (argv) => {
      expect(() => parseArgs(argv, OPTIONS)).toThrow(
        /^--json is given twice; it takes no value, and once turns it on: give it once$/,
      );
    },
  );

  it('should keep every value of a repeatable option, in order', () => {
    const args = parseArgs(['--set', 'vps=30', 'x.yaml', '--set=seed=1,2'], OPTIONS);
    expect(args.lists.get('set')).toEqual(['vps=30', 'seed=1,2']);
    expect(args.operands).toEqual(['x.yaml']);
  });

  it('should take an option given once', () => {
    const args = parseArgs(['x.yaml', '--seed', '7', '--json'], OPTIONS);
    expect([args.values.get('seed'), args.flags.has('json')]).toEqual(['7', true]);
  });
});
