import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fails the run if a test leaves a crank-* folder in the temporary directory.
    globalSetup: ['test/support/no-leftovers.ts'],
    // The slow parity checks run only under `npm run test:slow`.
    exclude: process.env['CRANK_SLOW'] ? [] : ['test/slow/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
