import { configDefaults, defineConfig } from 'vitest/config';

// These tests spawn the real scripts and Redocly; on a loaded 2-core machine (turbo runs every
// workspace's tests at once) a build of all five specs can take well over vitest's 10 s default.
// `*.e2e.test.mjs` files (test/e2e/) belong to the end-to-end tier (`npm run test:e2e`, vitest.e2e.config.mjs).
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    exclude: [...configDefaults.exclude, '**/*.e2e.test.*'],
  },
});
