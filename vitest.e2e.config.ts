import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['spec/e2e/**/*.test.ts'],
    globalSetup: ['spec/support/build-client.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
