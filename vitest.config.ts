import { defineConfig } from 'vitest/config';

// One test run covers every layer: pure modules, repositories (against every database
// driver available), the HTTP API in-process, the CLI, and the web app in Chromium.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The browser tests need the production web bundle; build it once per run if it is stale.
    globalSetup: ['test/e2e/global-setup.ts'],
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
