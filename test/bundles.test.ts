import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** The npm packages a bundle of `entry` takes code from (tree-shaken as esbuild does it). */
async function packagesIn(entry: string): Promise<Set<string>> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['import', 'default'],
    external: ['node:*'],
    logLevel: 'silent',
    minify: true,
  });
  const used = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
      if (name !== undefined && bytesInOutput > 0) used.add(name);
    }
  }
  return used;
}

describe('what each bundle carries', () => {
  // zod is only for checking a report read from outside (the debugger's import, scripts);
  // the engine, the CLI and the workers never validate their own reports with it.
  it.each([
    ['the engine', 'src/sim/index.ts'],
    ['the test API', 'src/testing/index.ts'],
    ['the exploration worker', 'src/ui/explore/exploreWorker.ts'],
    ['the simulation worker', 'src/ui/simulation/simulationWorker.ts'],
  ])('%s should not carry zod', async (_name, entry) => {
    const used = await packagesIn(entry);
    expect(used.has('xstate')).toBe(true);
    expect([...used]).not.toContain('zod');
  });

  it('the report schema is where zod comes in', async () => {
    expect(await packagesIn('src/sim/reportSchema.ts')).toContain('zod');
  });
});
