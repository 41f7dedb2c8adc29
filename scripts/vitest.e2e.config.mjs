import { defineConfig } from 'vitest/config';

// The end-to-end tier (`npm run test:e2e`): whole flows on copies of the repository (a real
// public spec through every stage, the shared turbo cache, packing and installing the clients).
// Minutes each; run by .ci/run after the fast tier, not after every change.
export default defineConfig({
  test: {
    include: ['test/**/*.e2e.test.mjs'],
    testTimeout: 900_000,
    hookTimeout: 900_000,
    // one flow at a time: each already keeps both cores busy
    fileParallelism: false,
  },
});
