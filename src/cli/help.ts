import { DEFAULT_DURATIONS, DURATION_DOC, formatDuration, type DurationKey } from '../sim';
import type { Command } from './command';
import { table } from './text';

/** `usage: rehearse run FILE… [--json] …` or the general one. Pure. */
export function usageLine(command?: Command): string {
  if (command) return `usage: rehearse ${command.name} ${command.synopsis}`.trimEnd();
  return 'usage: rehearse <command> [options]   (rehearse --help lists the commands)';
}

/** The default durations and what each one times, for the help of `run` and `plan`. Pure. */
export function durationHelp(): string[] {
  const keys = Object.keys(DEFAULT_DURATIONS) as DurationKey[];
  return [
    'Default durations (override any under `durations:` in the scenario, e.g. `durations: { failover: 20m }`):',
    ...table(
      keys.map((key) => [key, formatDuration(DEFAULT_DURATIONS[key]), DURATION_DOC[key]]),
      ['left', 'right'],
      '  ',
    ),
  ];
}

/**
 * A synopsis without its optional parts: every `[…]` group, nested or holding several words
 * (`FILE… [--random N --seed S]` → `FILE…`). Pure.
 */
function requiredPart(synopsis: string): string {
  let text = synopsis;
  for (let previous = ''; previous !== text;) {
    previous = text;
    text = text.replace(/\[[^[\]]*\]/g, '');
  }
  return text
    .split(' ')
    .filter((word) => word !== '')
    .join(' ');
}

/** `rehearse --help`. Pure. */
export function globalHelp(commands: readonly Command[], version: string): string {
  return [
    `rehearse ${version}: rehearse server upgrade procedures in virtual time`,
    '',
    'usage: rehearse <command> [options]',
    '',
    'commands:',
    ...table(
      commands.map((command) => [
        `${command.name} ${requiredPart(command.synopsis)}`.trimEnd(),
        command.summary,
      ]),
      [],
      '  ',
    ),
    '',
    'options:',
    ...table(
      [
        ['-h, --help', "show this help; rehearse COMMAND --help shows a command's options"],
        ['-V, --version', 'print the version'],
      ],
      [],
      '  ',
    ),
    '',
    'Exit status: 0 every expectation met and every invariant held; 1 an invariant was violated',
    'or an expect entry was not met; 2 the input is invalid or unreadable.',
  ].join('\n');
}

/** `rehearse COMMAND --help`. Pure. */
export function commandHelp(command: Command): string {
  const options = command.options.map((option) => [
    `--${option.name}${option.value ? ` ${option.value}` : ''}`,
    option.help,
  ]);
  options.push(['-h, --help', 'show this help']);
  const lines = [
    usageLine(command),
    '',
    `${command.summary}.`,
    '',
    'options:',
    ...table(options, [], '  '),
  ];
  for (const paragraph of command.details ?? []) lines.push('', paragraph);
  return lines.join('\n');
}
