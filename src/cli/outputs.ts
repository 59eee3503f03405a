import { resolve } from 'node:path';
import type { CliIo } from './io';
import { writeReason } from './loadScenario';
import { STDIN } from './operands';
import { UsageError } from './parseArgs';
import { oneLine } from './terminal';

/**
 * The first two of `files` that would write the same output (two different files, however
 * spelled, whose `outputOf` is equal), or undefined. Pure.
 * @example
 * outputClash(['a/x.yaml', 'b/x.yaml'], savedBase, cwd) // ['a/x.yaml', 'b/x.yaml']
 */
export function outputClash(
  files: readonly string[],
  outputOf: (file: string) => string,
  cwd: string,
): readonly [string, string] | undefined {
  const byOutput = new Map<string, string>();
  for (const file of files) {
    const output = outputOf(file);
    const other = byOutput.get(output);
    if (other !== undefined && resolve(cwd, other) !== resolve(cwd, file)) return [other, file];
    byOutput.set(output, file);
  }
  return undefined;
}

/** A file a command writes besides what it prints (`--svg FILE`): where, and as given. */
export interface OutputFile {
  /** Resolved against the working folder. */
  readonly path: string;
  /** As the user gave it, for messages. */
  readonly shown: string;
  /** The option that names it: `--svg`. */
  readonly option: string;
}

/** `--svg FILE` read: where it goes. Pure. */
export function outputFile(
  option: string,
  file: string | undefined,
  cwd: string,
): OutputFile | undefined {
  return file === undefined ? undefined : { path: resolve(cwd, file), shown: file, option };
}

/**
 * Checks, before anything runs, that an output file can be written and is not one of the
 * inputs: what is wrong, in words, or undefined when it can be written.
 * @throws UsageError when it would overwrite one of `inputs`.
 */
export function checkOutputFile(
  target: OutputFile,
  inputs: readonly string[],
  noun: 'scenario file' | 'shard file',
  io: CliIo,
): string | undefined {
  for (const input of inputs) {
    if (input !== STDIN && resolve(io.cwd, input) === target.path)
      throw new UsageError(`${target.option} ${target.shown} would overwrite the ${noun} ${input}`);
  }
  return io.writeFile ? io.prepareFile?.(target.path) : 'this host cannot write files';
}

/** Writes an output file and says so on stderr; false (having said why) when it cannot. */
export function writeOutputFile(
  target: OutputFile,
  text: string,
  command: string,
  io: CliIo,
): boolean {
  try {
    if (!io.writeFile) throw new Error('this host cannot write files');
    io.writeFile(target.path, text);
    io.stderr(`wrote ${oneLine(target.shown)}\n`);
    return true;
  } catch (error) {
    io.stderr(
      `rehearse ${command}: cannot write ${oneLine(target.shown)}: ${writeReason(error)}\n`,
    );
    return false;
  }
}
