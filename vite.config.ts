import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { builtinScenarios } from './scripts/builtinScenarios.ts';
import { workerChunks } from './scripts/workerChunks.ts';

/**
 * The built app's Content-Security-Policy: scripts only from the app itself (no inline script,
 * no eval), workers from the app, no network beyond it. Added to builds only: the dev server
 * injects an inline script for React's hot reload.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'rehearse-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

const UNIT_TESTS = [
  'src/**/*.test.ts',
  'src/**/*.test.tsx',
  'machines/**/*.test.ts',
  'test/**/*.test.ts',
  'test/**/*.test.tsx',
];
const NOT_UNIT = ['test/browser/**', 'test/package/**', 'node_modules/**', 'dist/**'];
/** Tests that bound a process or a parse by wall-clock time (hang guards) or kill one mid-run. */
const TIMED_TESTS = ['test/fuzz/**/*.test.ts', 'test/cli/bin.test.ts', 'test/cli/files.test.ts'];

export default defineConfig({
  base: './',
  plugins: [
    react(),
    contentSecurityPolicy(),
    builtinScenarios(fileURLToPath(new URL('.', import.meta.url))),
    workerChunks(fileURLToPath(new URL('.', import.meta.url))),
  ],
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
  },
  // The exploration worker is an ES module (`new Worker(url, { type: 'module' })`).
  worker: {
    format: 'es',
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: false,
  },
  test: {
    // Component tests opt into jsdom with a `// @vitest-environment jsdom` docblock.
    environment: 'node',
    // A hang guard, not a speed target (speed is the benchmarks' to measure): a test that plays
    // whole runs may take several seconds on a busy two-core machine.
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: UNIT_TESTS,
          exclude: [...NOT_UNIT, ...TIMED_TESTS],
          // Both cores: the tests here bound nothing by the clock.
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'timed',
          include: TIMED_TESTS,
          exclude: NOT_UNIT,
          // Hang guards measure wall time: these run one file at a time, after the rest, so no
          // other test competes for the cores they time.
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
