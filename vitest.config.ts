import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'ui/**', '.data/**'],
    globalSetup: ['./test/global-setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    // PGlite boots take seconds on 2 cores; real-engine tests are slow by nature, not hung.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each test file loads its own PGlite (~750 MB RSS); two at once is what a 2-core box affords.
    maxWorkers: 2,
    pool: 'forks',
  },
});
