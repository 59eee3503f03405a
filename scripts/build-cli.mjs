// Bundles the CLI into one ESM file so `npx rehearse` starts without resolving node_modules.
// Runs from `npm ci` (prepare), so a tree without src/cli/main.ts yet must not fail.
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBundleOptions } from './bundle-options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'src/cli/main.ts');
const outfile = join(root, 'dist/cli.mjs');

if (!existsSync(entry)) {
  console.log('build-cli: src/cli/main.ts does not exist yet; skipping the CLI bundle.');
  process.exit(0);
}

// Imported late so the notice above works even before dependencies are installed.
const { build } = await import('esbuild');

try {
  await build({
    ...nodeBundleOptions,
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    sourcemap: 'linked',
  });
  console.log(`build-cli: wrote ${relative(root, outfile)}`);
} catch {
  // esbuild has already printed the diagnostics.
  process.exit(1);
}
