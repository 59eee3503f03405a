// How Rehearse's Node bundles are built: the CLI (scripts/build-cli.mjs) and the engine the
// bench measures (bench/bundle.ts) share these options, so the bench times the code users run.
export const nodeBundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies call require(); ESM output has none unless we create one.
  // Aliased so it cannot clash with a createRequire import inside the bundle.
  banner: {
    js: "import { createRequire as __rehearseCreateRequire } from 'node:module'; const require = __rehearseCreateRequire(import.meta.url);",
  },
};
