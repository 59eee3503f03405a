import { join, resolve } from 'node:path';
import type { AnyStateMachine } from 'xstate';
import { MACHINES } from '../../machines';
import { MACHINE_FORMATS, writeMachine, type MachineFormat } from '../sim/machineFormats';
import type { Command } from './command';
import { writeReason } from './loadScenario';
import { didYouMean, UsageError } from './parseArgs';
import { oneLine } from './terminal';

const FORMATS = Object.keys(MACHINE_FORMATS) as MachineFormat[];

function formatOf(value: string | undefined): MachineFormat {
  if (value === undefined) return 'json';
  if ((FORMATS as readonly string[]).includes(value)) return value as MachineFormat;
  throw new UsageError(
    `--format ${oneLine(value)} is not a format${didYouMean(value, FORMATS)} (one of: ${FORMATS.join(', ')})`,
  );
}

function machinesOf(value: string | undefined): readonly AnyStateMachine[] {
  if (value === undefined) return MACHINES;
  const ids = MACHINES.map((machine) => machine.id);
  const machine = MACHINES.find((m) => m.id === value);
  if (!machine)
    throw new UsageError(
      `--machine ${oneLine(value)} is not a machine${didYouMean(value, ids)} (one of: ${ids.join(', ')})`,
    );
  return [machine];
}

/** Several machines in one text, where the format allows it. */
function together(machines: readonly AnyStateMachine[], format: MachineFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(
        machines.map((machine) => JSON.parse(writeMachine(machine, 'json')) as unknown),
        null,
        2,
      )}\n`;
    case 'mermaid':
      // One diagram per fenced block: Markdown that GitHub and most editors draw.
      return machines
        .map(
          (machine) =>
            `## ${machine.id}\n\n\`\`\`mermaid\n${writeMachine(machine, format)}\`\`\`\n`,
        )
        .join('\n');
    case 'dot':
      // `dot -Tsvg -O` draws each graph of the file.
      return machines.map((machine) => writeMachine(machine, format)).join('\n');
    case 'scxml':
      throw new UsageError(
        'an SCXML document holds one machine: name it with --machine ID, or write each to its own file with --out DIR',
      );
  }
}

/** `rehearse machines [--format json|mermaid|dot|scxml] [--machine ID] [--out DIR]`. */
export const machinesCommand: Command = {
  name: 'machines',
  synopsis: `[--format ${FORMATS.join('|')}] [--machine ID] [--out DIR]`,
  summary: 'export the machine definitions for other tools (Stately, Mermaid, Graphviz, SCXML)',
  options: [
    {
      name: 'format',
      value: 'F',
      help: `json (createMachine configuration, default), mermaid, dot or scxml`,
    },
    {
      name: 'machine',
      value: 'ID',
      help: `only this machine: ${MACHINES.map((machine) => machine.id).join(', ')}`,
    },
    { name: 'out', value: 'DIR', help: 'write each machine to DIR/ID.EXT instead of printing' },
  ],
  details: [
    'Every machine a run is made of: the procedure (cluster) machine and one per kind of host, read from their definitions, so an export cannot drift from what runs.',
    '--format json prints the configuration createMachine takes (an array of them, or one with --machine): states as defined, targets as #id, guards, actions and delays by name. Stately Studio imports it pasted as createMachine(…); the code behind the names stays in Rehearse.',
    '--format mermaid prints a stateDiagram-v2 (Markdown with one block per machine when there are several); dot a Graphviz digraph per machine (compound states as clusters); scxml a W3C SCXML document (one machine: use --machine or --out).',
  ],
  run(args, { io }) {
    if (args.operands.length > 0)
      throw new UsageError(`takes no FILE (got ${oneLine(args.operands.join(' '))})`);
    const format = formatOf(args.values.get('format'));
    const machines = machinesOf(args.values.get('machine'));
    const dir = args.values.get('out');
    if (dir === undefined) {
      const [only] = machines;
      io.stdout(
        machines.length === 1 && only ? writeMachine(only, format) : together(machines, format),
      );
      return 0;
    }
    const problem = io.prepareFolder?.(resolve(io.cwd, dir));
    if (problem !== undefined) {
      io.stderr(`rehearse machines: --out ${oneLine(dir)}: ${problem}\n`);
      return 2;
    }
    if (!io.writeFile) throw new Error('this host cannot write files');
    for (const machine of machines) {
      const shown = join(dir, `${machine.id}.${MACHINE_FORMATS[format]}`);
      try {
        io.writeFile(resolve(io.cwd, shown), writeMachine(machine, format));
      } catch (error) {
        io.stderr(`rehearse machines: cannot write ${oneLine(shown)}: ${writeReason(error)}\n`);
        return 2;
      }
      io.stdout(`${oneLine(shown)}\n`);
    }
    return 0;
  },
};
