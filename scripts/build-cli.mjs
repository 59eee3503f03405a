// Bundles the CLI into one ESM file so `npx rehearse` starts without resolving node_modules.
// Runs from `npm ci` (prepare), so a tree without src/cli/main.ts yet must not fail.
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

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
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    minify: false,
    legalComments: 'none',
    logLevel: 'warning',
    // CommonJS dependencies call require(); ESM output has none unless we create one.
    // Aliased so it cannot clash with a createRequire import inside the bundle.
    banner: {
      js: "import { createRequire as __rehearseCreateRequire } from 'node:module'; const require = __rehearseCreateRequire(import.meta.url);",
    },
  });
  console.log(`build-cli: wrote ${relative(root, outfile)}`);
} catch {
  // esbuild has already printed the diagnostics.
  process.exit(1);
}
