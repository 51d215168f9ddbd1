import { defineConfig } from 'vitest/config';

// Tests start real servers, browsers and child processes; 2 busy CI cores need generous bounds.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
