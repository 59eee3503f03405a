import { defineConfig } from 'vitest/config';

// The package suite packs the npm package (building it), installs the tarball into a temporary
// project offline and uses it there: slow, so it runs after the build, apart from the unit tests.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/package/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
