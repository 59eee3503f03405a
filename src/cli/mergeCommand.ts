import { mergeShards } from '../sim';
import type { Command } from './command';
import { render } from './exploreCommand';
import { readShards } from './exploreShards';
import { expandOperands, STDIN } from './operands';
import { UsageError } from './parseArgs';
import { plural } from './text';

/** `rehearse merge SHARD…`: the parts `explore --shard I/N` printed, as one exploration. */
export const mergeCommand: Command = {
  name: 'merge',
  synopsis: 'SHARD… [--json]',
  summary:
    'combine the parts `rehearse explore FILE --shard I/N` printed into the findings of the whole exploration',
  options: [{ name: 'json', help: 'print the findings as JSON, as rehearse explore --json does' }],
  details: [
    'Give every part of one exploration once, in any order (files, folders or patterns): the same scenario, the same --faults or --random and --seed, the same N. The output, and the exit status, are exactly those of exploring the file in one process.',
    'Exit status: 0 no invariant was violated in any run; 1 some run violated an invariant; 2 a shard file is missing, unreadable, of another exploration, or given twice.',
  ],
  run(args, { io, paint }) {
    if (args.operands.length === 0) throw new UsageError('no shard file given');
    const files = expandOperands(args.operands, io);
    if (files.includes(STDIN))
      throw new UsageError('standard input (-) holds one shard at most: give the shard files');
    const read = readShards(files, io);
    if (!read.ok) {
      for (const message of read.messages) io.stderr(`${message}\n`);
      io.stderr(
        `rehearse merge: ${plural(read.messages.length, 'problem')} with the shards; nothing was merged\n`,
      );
      return 2;
    }
    const result = mergeShards(read.results);
    if (args.flags.has('json')) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else io.stdout(`${render(result, paint, undefined, new Map()).join('\n')}\n`);
    return result.counterexamples.length > 0 ? 1 : 0;
  },
};
