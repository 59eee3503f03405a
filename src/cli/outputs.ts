import { resolve } from 'node:path';

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
