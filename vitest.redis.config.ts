import { defineConfig } from 'vitest/config';

// The suites that need Debian's redis-server (`npm run test:redis`); each file starts its own.
export default defineConfig({
  test: {
    include: ['spec/redis/**/*.test.ts'],
    globalSetup: ['spec/support/redis-global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // The outage suite times how fast errors come: keep other files' load off the two cores meanwhile.
    fileParallelism: false,
  },
});
