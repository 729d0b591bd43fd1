// The dashboard's tests, run separately from the root suite (whose config excludes ui/**): unit
// tests of the data shaping helpers, and the browser suite (playwright-core + Debian chromium)
// against the built app and a real API over a seeded embedded database. The root globalSetup
// provides the migrated database template; ui/test/build-setup.ts builds the app once.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default defineConfig({
  root,
  test: {
    include: ['ui/test/**/*.test.ts'],
    exclude: ['node_modules/**', 'ui/build/**', 'ui/.svelte-kit/**'],
    globalSetup: ['./test/global-setup.ts', './ui/test/build-setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
    pool: 'forks',
  },
});
