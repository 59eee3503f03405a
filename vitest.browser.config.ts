import { defineConfig } from 'vitest/config';

// Browser suites drive the built app (`npm run build` first) in headless Chromium through
// playwright-core; they run one file at a time so they never race for the browser or ports.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
