import { defineConfig } from 'vitest/config';

// The suites that need Debian's redis-server (`npm run test:redis`; each file starts its own) and, for
// what a visitor sees through an outage, Debian's chromium.
export default defineConfig({
  test: {
    include: ['spec/redis/**/*.test.ts'],
    globalSetup: ['spec/support/build-client.ts', 'spec/support/redis-global-setup.ts', 'spec/support/chromium-check.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // The outage suite times how fast errors come: keep other files' load off the two cores meanwhile.
    fileParallelism: false,
  },
});
