import { defineConfig } from 'vitest/config';

// Browser suites drive the built app (`npm run build` first) in headless Chromium through
// playwright-core. Each file launches its own browser and serves the app on a port of its own, so
// two files run at once, one per core; the suite that bounds the page's blocking by wall-clock
// time runs after them, alone, so no other test competes for the cores it times.
const TIMED = ['test/browser/freeze.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // What a test waits for on the page (a run simulated, a scenario loaded) may take several
    // seconds on a busy two-core machine: polls wait as long, as a hang guard, not a speed bound.
    expect: { poll: { timeout: 20_000 } },
    projects: [
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          exclude: TIMED,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser-timed',
          include: TIMED,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
