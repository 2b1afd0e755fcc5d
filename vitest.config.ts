import { defineConfig } from 'vitest/config';

// Unit tests live beside the code they test; Playwright specs (tests/) are not vitest's.
export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'cli/**/*.test.ts',
      'reference-server/**/*.test.ts',
      'selftest/**/*.test.ts',
    ],
    exclude: ['node_modules/**', 'tests/**'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
