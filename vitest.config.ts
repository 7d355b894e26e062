import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Files in a worker share one PGlite + PostGIS instance (seconds and ~1 GB each); each file uses its
    // own schema, so sharing the module state is safe.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
