import { suggest } from '../sim';
import { thousands } from './text';

/** One option a command accepts: a flag (`--json`) or an option with a value (`--seed N`). */
export interface OptionSpec {
  /** Long name without dashes. */
  readonly name: string;
  /** Placeholder of the value (`N`); absent for a flag. */
  readonly value?: string;
  readonly help: string;
  /**
   * The option may be given several times (`--set a=1 --set b=2`); each value is kept. Any other
   * option, a flag too, is a usage error when given twice.
   */
  readonly repeatable?: boolean;
}

/** argv after the command, split into operands, flags and option values. */
export interface ParsedArgs {
  readonly operands: readonly string[];
  readonly flags: ReadonlySet<string>;
  /** The value of each option (the last one of a repeatable option). */
  readonly values: ReadonlyMap<string, string>;
  /** Every value of each repeatable option, in the order given. */
  readonly lists: ReadonlyMap<string, readonly string[]>;
  readonly help: boolean;
}

/** Wrong usage: printed with the command's usage line, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** ` (did you mean --json?)` or nothing. Pure. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const match = suggest(input, candidates);
  return match === undefined ? '' : ` (did you mean ${match}?)`;
}

/**
 * Splits the arguments of one command by hand: `--flag`, `--option value`, `--option=value`,
 * `-h`/`--help` anywhere, and `--` before operands that start with a dash. Pure.
 * @throws UsageError naming an unknown option (with the closest known one), a missing value, or
 *   an option (a flag too) given twice that is not `repeatable`.
 */
export function parseArgs(argv: readonly string[], options: readonly OptionSpec[]): ParsedArgs {
  const byName = new Map(options.map((option) => [option.name, option]));
  const operands: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const lists = new Map<string, string[]>();
  let help = false;
  let onlyOperands = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (onlyOperands || arg === '-' || !arg.startsWith('-')) {
      operands.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyOperands = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    const known = ['--help', ...options.map((option) => `--${option.name}`)];
    if (!arg.startsWith('--')) {
      throw new UsageError(`unknown option ${arg}${didYouMean(`-${arg}`, known)}`);
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals < 0 ? undefined : equals);
    const spec = byName.get(name);
    if (spec === undefined) {
      throw new UsageError(`unknown option --${name}${didYouMean(`--${name}`, known)}`);
    }
    if (spec.value === undefined) {
      if (equals >= 0) throw new UsageError(`--${name} takes no value`);
      // As for an option with a value: the same flag twice is a slip, never a second meaning.
      if (flags.has(name) && spec.repeatable !== true) {
        throw new UsageError(
          `--${name} is given twice; it takes no value, and once turns it on: give it once`,
        );
      }
      flags.add(name);
      continue;
    }
    let value: string | undefined;
    if (equals >= 0) {
      value = arg.slice(equals + 1);
    } else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === '') {
      throw new UsageError(`--${name} needs a value: --${name} ${spec.value}`);
    }
    const earlier = values.get(name);
    if (earlier !== undefined && spec.repeatable !== true) {
      throw new UsageError(
        `--${name} is given twice (${earlier} and ${value}); it takes one value: give it once`,
      );
    }
    values.set(name, value);
    if (spec.repeatable === true) lists.set(name, [...(lists.get(name) ?? []), value]);
  }
  return { operands, flags, values, lists, help };
}

/** `--seed N`: a whole number, 0 or more. */
/**
 * Refuses two flags that each choose the output (`--markdown` and `--json`): one message for
 * every command. Throws {@link UsageError}.
 */
export function oneOutput(args: ParsedArgs, first: string, second: string): void {
  if (args.flags.has(first) && args.flags.has(second))
    throw new UsageError(`--${first} and --${second} both choose the output: use one`);
}

export function readSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seed = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(seed)) {
    throw new UsageError(
      `--seed must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got ${JSON.stringify(text)}`,
    );
  }
  return seed;
}

/** A whole number from `min` to `max` given to `--name`. */
export function readCount(
  name: string,
  text: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(
      `--${name} must be a whole number from ${thousands(min)} to ${thousands(max)}, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}
