// Builds what the npm package ships (run by `prepack`, so `npm pack` and `npm publish` always
// carry a fresh build): the CLI bundle, the debugger that `rehearse ui` serves, the engine and the test API as ES modules that import
// their dependencies (xstate, yaml, zod, vitest) from the installing project, and their type
// declarations.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lib = join(root, 'dist/lib');
const types = join(root, 'dist/types');

/** The package's module entries (package.json `exports`), by output name. */
const ENTRIES = {
  index: 'src/sim/index.ts',
  testing: 'src/testing/index.ts',
  vitest: 'src/testing/vitest.ts',
  'report-schema': 'src/sim/reportSchema.ts',
  'scenario-schema': 'src/sim/scenarioSchema.ts',
};

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build-package: ${[command, ...args].join(' ')} failed`);
    process.exit(1);
  }
}

run(process.execPath, [join(root, 'scripts/build-cli.mjs')]);
// The debugger `rehearse ui` serves, built into dist/app/.
run(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn']);

rmSync(lib, { recursive: true, force: true });
rmSync(types, { recursive: true, force: true });

try {
  await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(
      Object.entries(ENTRIES).map(([name, file]) => [name, join(root, file)]),
    ),
    outdir: lib,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    // One copy of the engine shared by the entries: `ScenarioError` from the engine and from the
    // test API is the same class.
    splitting: true,
    format: 'esm',
    // The engine runs in Node, browsers and workers alike.
    platform: 'neutral',
    packages: 'external',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'warning',
  });
} catch {
  // esbuild has already printed the diagnostics.
  process.exit(1);
}

run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);

/** Every `.d.ts` file under a folder. */
function declarations(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return declarations(path);
    return entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * The source writes relative imports without extensions (`moduleResolution: bundler`); Node's
 * own resolution (`node16`, `nodenext`), which projects that install the package may use, needs
 * them written out. `./scenario` becomes `./scenario/index.js`, `./runner` becomes `./runner.js`.
 */
function withExtension(file, specifier) {
  if (!specifier.startsWith('.') || /\.(m?js|json)$/.test(specifier)) return specifier;
  const target = resolve(dirname(file), specifier);
  if (existsSync(`${target}.d.ts`)) return `${specifier}.js`;
  if (
    existsSync(target) &&
    statSync(target).isDirectory() &&
    existsSync(join(target, 'index.d.ts'))
  )
    return `${specifier}/index.js`;
  throw new Error(
    `build-package: ${relative(root, file)} imports ${specifier}, which was not emitted`,
  );
}

const SPECIFIER =
  /(\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+|\bdeclare module\s+)(['"])([^'"]+)\2/gm;
for (const file of declarations(types)) {
  const text = readFileSync(file, 'utf8');
  const fixed = text.replace(
    SPECIFIER,
    (_match, before, quote, specifier) =>
      `${before}${quote}${withExtension(file, specifier)}${quote}`,
  );
  if (fixed !== text) writeFileSync(file, fixed);
}

console.log(`build-package: wrote ${relative(root, lib)} and ${relative(root, types)}`);
