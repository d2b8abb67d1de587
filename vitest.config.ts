import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['spec/**/*.test.ts'],
    exclude: ['spec/e2e/**', 'spec/redis/**', 'spec/cluster/**', 'node_modules/**'],
    globalSetup: ['spec/support/build-client.ts'],
    testTimeout: 15_000,
  },
});
