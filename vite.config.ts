import { defineConfig } from 'vitest/config';

// Tests start real servers and child processes; 2 busy CI cores need generous bounds.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
