/**
 * The engine as the bench runs it: bench/engine.ts bundled with the CLI's esbuild options.
 *
 * tsx, which runs the bench's own scripts, keeps function names by wrapping every function it
 * creates in a call that defines `name`; on the engine's closures that made a complete HA-pair
 * run take about 1.4 times as long as in the CLI's bundle. Measuring through tsx would
 * understate what users get, so the bench builds this bundle once and every measuring process
 * imports it.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as EngineModule from './engine';

export type Engine = typeof EngineModule;

const root = join(import.meta.dirname, '..');
const bundle = join(root, 'dist/bench/engine.mjs');

/** Builds the bundle (the bench's main process does this once, before anything is timed). */
export async function buildEngine(): Promise<void> {
  const { build } = await import('esbuild');
  // @ts-expect-error: a plain ES module of the build scripts, without type declarations.
  const { nodeBundleOptions } = (await import('../scripts/bundle-options.mjs')) as {
    nodeBundleOptions: Record<string, unknown>;
  };
  await build({
    ...nodeBundleOptions,
    absWorkingDir: root,
    entryPoints: [join(root, 'bench/engine.ts')],
    outfile: bundle,
  });
}

/** Loads the bundle built by `buildEngine`. */
export async function loadEngine(): Promise<Engine> {
  return (await import(pathToFileURL(bundle).href)) as Engine;
}
