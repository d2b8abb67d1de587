import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['spec/e2e/**/*.test.ts'],
    globalSetup: ['spec/support/build-client.ts', 'spec/support/chromium-check.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
