import pkg from '../../package.json' with { type: 'json' };
import type { Command } from './command';
import { exploreCommand } from './exploreCommand';
import { commandHelp, globalHelp, usageLine } from './help';
import type { CliIo } from './io';
import { listCommand } from './listCommand';
import { machinesCommand } from './machinesCommand';
import { mergeCommand } from './mergeCommand';
import { uiCommand } from './uiCommand';
import { internalError } from './loadScenario';
import { didYouMean, parseArgs, UsageError } from './parseArgs';
import { planCommand } from './planCommand';
import { runCommand } from './runCommand';
import { sweepCommand } from './sweepCommand';
import { oneLine, terminalSafe } from './terminal';
import { makePaint } from './text';

export type { CliIo, CliEntry } from './io';

/** The verbs of `rehearse`, in the order the help lists them. A new verb is one more entry. */
const COMMANDS: readonly Command[] = [
  runCommand,
  planCommand,
  exploreCommand,
  sweepCommand,
  mergeCommand,
  listCommand,
  machinesCommand,
  uiCommand,
];

const VERSION: string = pkg.version;

function usageError(io: CliIo, message: string, command?: Command): number {
  const who = command ? `rehearse ${command.name}` : 'rehearse';
  io.stderr(`${who}: ${oneLine(message)}\n${usageLine(command)}\n`);
  return 2;
}

function unknownCommand(io: CliIo, name: string): number {
  const names = COMMANDS.map((command) => command.name);
  return usageError(io, `unknown command "${name}"${didYouMean(name, names)}`);
}

/** An option before the command: one of a command's, maybe mistyped, or nobody's. */
function misplacedOption(io: CliIo, option: string): number {
  const name = option.split('=')[0] ?? option;
  for (const command of COMMANDS) {
    const own = command.options.map((spec) => `--${spec.name}`);
    const match = own.includes(name) ? name : undefined;
    if (match) {
      return usageError(
        io,
        `${match} is an option of a command: put it after the command (rehearse ${command.name} ${command.synopsis})`,
      );
    }
  }
  const every = [
    '--help',
    '--version',
    ...new Set(COMMANDS.flatMap((c) => c.options.map((o) => `--${o.name}`))),
  ];
  return usageError(io, `unknown option ${name}${didYouMean(name, every)}`);
}

function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(`${globalHelp(COMMANDS, VERSION)}\n`);
    return 2;
  }
  if (first === '-h' || first === '--help') {
    io.stdout(`${globalHelp(COMMANDS, VERSION)}\n`);
    return 0;
  }
  if (first === '-V' || first === '--version') {
    io.stdout(`rehearse ${VERSION}\n`);
    return 0;
  }
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      io.stdout(`${globalHelp(COMMANDS, VERSION)}\n`);
      return 0;
    }
    const command = findCommand(topic);
    if (!command) return unknownCommand(io, topic);
    io.stdout(`${commandHelp(command)}\n`);
    return 0;
  }
  if (first.startsWith('-')) return misplacedOption(io, first);
  const command = findCommand(first);
  if (!command) return unknownCommand(io, first);
  const paint = makePaint(io.isTTY, io.env ?? {});
  try {
    const args = parseArgs(rest, command.options);
    if (args.help) {
      io.stdout(`${commandHelp(command)}\n`);
      return 0;
    }
    return await command.run(args, { io, paint, version: VERSION });
  } catch (error) {
    if (error instanceof UsageError) return usageError(io, error.message, command);
    io.stderr(`${internalError(error, io)}\n`);
    return 2;
  }
}

/**
 * The `rehearse` command line, in-process: parses argv, runs the command against the injected
 * io and returns the exit status (0 passed, 1 an invariant or expectation failed, 2 invalid
 * input). Never rejects and never prints a stack trace.
 * @example
 * const status = await runCli(['run', 'x.yaml', '--json'], io);
 */
export async function runCli(argv: readonly string[], host: CliIo): Promise<number> {
  // Every line leaves through here: text from a scenario never acts on the terminal.
  const keepPaint = makePaint(host.isTTY, host.env ?? {}).enabled;
  const io: CliIo = {
    ...host,
    stdout: (text) => host.stdout(terminalSafe(text, keepPaint)),
    stderr: (text) => host.stderr(terminalSafe(text, keepPaint)),
  };
  try {
    return await dispatch(argv, io);
  } catch (error) {
    io.stderr(`${internalError(error, io)}\n`);
    return 2;
  }
}
