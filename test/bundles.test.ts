import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * The npm packages whose code a bundle of `entry` runs when it starts (tree-shaken as esbuild
 * does it): the entry's output and the chunks it imports statically, not those it loads with
 * `import()` later.
 */
async function packagesIn(entry: string): Promise<Set<string>> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    outdir: 'out',
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['import', 'default'],
    external: ['node:*'],
    logLevel: 'silent',
    minify: true,
    plugins: [
      {
        // `./x.ts?worker-chunk` is a worker's URL (scripts/workerChunks.ts): the worker's own
        // code is another entry, not part of this bundle.
        name: 'worker-chunk',
        setup(bundler) {
          bundler.onResolve({ filter: /\?worker-chunk$/ }, ({ path }) => ({
            path,
            namespace: 'worker-chunk',
          }));
          bundler.onLoad({ filter: /.*/, namespace: 'worker-chunk' }, () => ({
            contents: 'export default "worker.js";',
            loader: 'js',
          }));
        },
      },
    ],
  });
  const outputs: Metafile['outputs'] = result.metafile.outputs;
  const start = Object.keys(outputs).find((path) => outputs[path]?.entryPoint !== undefined);
  const loaded = new Set<string>();
  for (const queue = start === undefined ? [] : [start]; queue.length > 0;) {
    const path = queue.pop() as string;
    if (loaded.has(path)) continue;
    loaded.add(path);
    for (const imported of outputs[path]?.imports ?? [])
      if (imported.kind === 'import-statement' && !imported.external) queue.push(imported.path);
  }
  const used = new Set<string>();
  for (const path of loaded) {
    for (const [input, { bytesInOutput }] of Object.entries(outputs[path]?.inputs ?? {})) {
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
    ['the sampling worker', 'src/ui/distribution/distributionWorker.ts'],
    // The debugger loads the schema when a report is imported, not when it starts.
    ["the debugger's player", 'src/ui/state/playerMachine.ts'],
  ])('%s should not carry zod', async (_name, entry) => {
    const used = await packagesIn(entry);
    expect(used.has('xstate')).toBe(true);
    expect([...used]).not.toContain('zod');
  });

  it('the report schema is where zod comes in', async () => {
    expect(await packagesIn('src/sim/reportSchema.ts')).toContain('zod');
  });
});
