// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx'];

// --- Layering -------------------------------------------------------------------------------
// One direction of dependency: machines <- src/sim <- src/cli, src/ui. The engine and the
// machines stay runnable in a browser or a web worker, so they import neither React nor Node.

const REACT = {
  group: ['react', 'react/*', 'react-dom', 'react-dom/*', '@xstate/react', '@xstate/react/*'],
  message: 'Machines and the engine are framework-free: React belongs in src/ui.',
};
const NODE = {
  group: ['node:*'],
  message:
    'Machines and the engine run in browsers and workers: take Node capabilities (files, stdout, env) as parameters from src/cli.',
};
// Bare builtin specifiers ('fs', 'path', ...) are the same thing as 'node:*'.
const NODE_BARE = builtinModules
  .filter((name) => !name.startsWith('_'))
  .map((name) => ({ name, message: NODE.message }));

const NO_SRC_FROM_MACHINES = {
  regex: String.raw`^(\.\./)+src(/|$)`,
  message: 'Machines are pure definitions: the engine imports machines, never the reverse.',
};
const NO_CLI_UI_FROM_SIM = {
  regex: String.raw`^(\.\./)+(src/)?(cli|ui)(/|$)`,
  message: 'The engine imports neither the CLI nor the UI; they import the engine.',
};
const NO_CLI_FROM_UI = {
  regex: String.raw`^(\.\./)+(src/)?cli(/|$)`,
  message: 'The UI talks to the engine (src/sim), never to the CLI.',
};
const NO_UI_FROM_CLI = {
  regex: String.raw`^(\.\./)+(src/)?ui(/|$)`,
  message: 'The CLI talks to the engine (src/sim), never to the UI.',
};

/**
 * Builds the `no-restricted-imports` entry. Flat config replaces (not merges) rule options, so
 * each folder gets exactly one call.
 * @param {{ patterns: object[], paths?: object[] }} options
 */
const restrictImports = ({ patterns, paths = [] }) =>
  /** @type {const} */ (['error', { paths, patterns }]);

// --- Determinism: virtual time and seeded chance only -----------------------------------------

const TIME = 'Virtual time only: use the SimulatedClock the runner injects.';
const CHANCE = 'Use the seeded generator from src/sim/random.ts.';
const HOST = 'The engine runs in browsers and workers: take it as a parameter from src/cli.';

const TIME_GLOBALS = [
  'setTimeout',
  'setInterval',
  'setImmediate',
  'clearTimeout',
  'clearInterval',
  'clearImmediate',
  'requestAnimationFrame',
  'requestIdleCallback',
].map((name) => ({ name, message: TIME }));
const HOST_GLOBALS = ['process', 'Buffer'].map((name) => ({ name, message: HOST }));

const determinismRules = {
  'no-restricted-globals': ['error', ...TIME_GLOBALS, ...HOST_GLOBALS],
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: TIME },
    { object: 'performance', property: 'now', message: TIME },
    { object: 'Math', property: 'random', message: CHANCE },
    { object: 'crypto', property: 'getRandomValues', message: CHANCE },
    { object: 'crypto', property: 'randomUUID', message: CHANCE },
    ...['globalThis', 'window', 'self'].flatMap((object) => [
      { object, property: 'setTimeout', message: TIME },
      { object, property: 'setInterval', message: TIME },
    ]),
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "NewExpression[callee.name='Date']", message: TIME },
    { selector: "CallExpression[callee.name='Date']", message: TIME },
  ],
};

export default defineConfig([
  // *.local.ts: a developer's scratch files, ignored by git as well.
  globalIgnores(['dist/', 'node_modules/', 'coverage/', 'bench/results*', 'test-results/', '**/*.local.ts']),

  js.configs.recommended,

  {
    name: 'rehearse/typescript',
    files: TS_FILES,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // `_`-prefixed bindings are deliberate (callback slots, exhaustive destructuring).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'separate-type-imports' },
      ],
    },
  },

  {
    name: 'rehearse/tests',
    files: TEST_FILES,
    rules: {
      // vitest's `expect(spy.method).toHaveBeenCalled()` passes methods unbound by design.
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  // --- Environments ---
  {
    name: 'rehearse/node',
    files: [
      'scripts/**',
      'bin/**',
      'test/**',
      'bench/**',
      '*.config.js',
      '*.config.mjs',
      '*.config.ts',
      'vitest.*.config.ts',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    name: 'rehearse/browser-tests',
    // Callbacks passed to page.evaluate() run in the page.
    files: ['test/browser/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    name: 'rehearse/ui',
    files: ['src/ui/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: { ...globals.browser } },
  },

  // --- Layering ---
  {
    name: 'rehearse/layers/machines',
    files: ['machines/**'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': restrictImports({
        paths: NODE_BARE,
        patterns: [REACT, NODE, NO_SRC_FROM_MACHINES],
      }),
      ...determinismRules,
    },
  },
  {
    name: 'rehearse/layers/sim',
    files: ['src/sim/**'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': restrictImports({
        paths: NODE_BARE,
        patterns: [REACT, NODE, NO_CLI_UI_FROM_SIM],
      }),
      ...determinismRules,
    },
  },
  {
    // Tests beside machine and engine code keep the direction and the determinism rules, but may
    // use Node (e.g. to read scenario fixtures).
    name: 'rehearse/layers/machines-tests',
    files: TEST_FILES.map((glob) => `machines/${glob}`),
    rules: {
      'no-restricted-imports': restrictImports({ patterns: [REACT, NO_SRC_FROM_MACHINES] }),
      ...determinismRules,
      'no-restricted-globals': ['error', ...TIME_GLOBALS],
    },
  },
  {
    name: 'rehearse/layers/sim-tests',
    files: TEST_FILES.map((glob) => `src/sim/${glob}`),
    rules: {
      'no-restricted-imports': restrictImports({ patterns: [REACT, NO_CLI_UI_FROM_SIM] }),
      ...determinismRules,
      'no-restricted-globals': ['error', ...TIME_GLOBALS],
    },
  },
  {
    name: 'rehearse/layers/ui',
    files: ['src/ui/**'],
    rules: {
      'no-restricted-imports': restrictImports({ patterns: [NO_CLI_FROM_UI] }),
    },
  },
  {
    name: 'rehearse/layers/cli',
    files: ['src/cli/**'],
    rules: {
      'no-restricted-imports': restrictImports({ patterns: [NO_UI_FROM_CLI] }),
    },
  },
]);
