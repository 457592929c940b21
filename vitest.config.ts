import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file starts its own emulator on free ports; two cores, so cap parallelism.
    pool: 'forks',
    maxWorkers: 2,
  },
});
