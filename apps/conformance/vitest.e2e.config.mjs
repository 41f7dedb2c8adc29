import { defineConfig } from 'vitest/config';
import { sharedConfig } from './vitest.config.mjs';

// The end-to-end tier of the conformance app (`npm run test:e2e`): the whole job run as a user
// runs it, on a broken copy of the repository.
export default defineConfig({
  ...sharedConfig,
  test: { ...sharedConfig.test, include: ['test/**/*.e2e.test.mjs'], testTimeout: 600_000, hookTimeout: 600_000 },
});
