import type { CliIo } from './io';
import type { OptionSpec, ParsedArgs } from './parseArgs';
import type { Paint } from './text';

/** What a command gets besides its arguments. */
interface CommandContext {
  readonly io: CliIo;
  readonly paint: Paint;
  /** The version of rehearse, for reports that name it. */
  readonly version: string;
}

/** One verb of `rehearse`: its help and what it does. Returns the exit status. */
export interface Command {
  readonly name: string;
  /** Operands and options, e.g. `FILE… [--json] [--seed N]`. */
  readonly synopsis: string;
  readonly summary: string;
  /** Paragraphs of `rehearse COMMAND --help` after the options. */
  readonly details?: readonly string[];
  readonly options: readonly OptionSpec[];
  readonly run: (args: ParsedArgs, context: CommandContext) => number | Promise<number>;
}
