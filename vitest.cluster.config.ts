import { defineConfig } from 'vitest/config';

// The several-instances suites (`npm run test:cluster`): each file starts Debian's redis-server,
// demo instances as child processes and Debian's HAProxy on 127.0.0.1, and stops them by pid.
export default defineConfig({
  test: {
    include: ['spec/cluster/**/*.test.ts'],
    globalSetup: ['spec/support/build-client.ts', 'spec/support/cluster-global-setup.ts', 'spec/support/chromium-check.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Kills, drains and failover bounds on two cores: one cluster at a time.
    fileParallelism: false,
  },
});
