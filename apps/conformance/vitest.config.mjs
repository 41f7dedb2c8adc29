import { configDefaults, defineConfig } from 'vitest/config';
import { resolve } from 'node:path';
import { clientSourceAliases } from './src/clients.ts';
import { givenRoot } from './src/options.ts';
import { isSamplerNote } from './src/prism.ts';

// Provider clients are loaded from their TypeScript sources (not dist/), see clientSourceAliases.
// The repository the options name (src/options.ts: CONFORMANCE_OPTIONS' root, or CONFORMANCE_ROOT),
// a copy inside this one in the CLI's own tests; else this one.
// `*.e2e.test.mjs` files belong to the end-to-end tier (vitest.e2e.config.mjs).
const root = givenRoot() ?? resolve(import.meta.dirname, '../..');

export const sharedConfig = {
  // and the fake kit (src/upstream.ts serves with its listenLocal) from its sources, as Node picks them by the `capi-source` condition
  resolve: {
    alias: [...clientSourceAliases(root), { find: /^@capi\/core\/fake$/, replacement: resolve(root, 'packages/core/src/fake/index.ts') }],
  },
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // an exception that escapes Prism (it leaves its request unanswered) is reported by the case
    // that sent the request (src/prism.ts, watchPrism), not as an error of the whole run
    // Prism's sampler's note on an allOf of arrays, hundreds of lines a run on AWS's specs (src/prism.ts, isSamplerNote)
    onConsoleLog: (log) => (isSamplerNote(log) ? false : undefined),
    onUnhandledError: (error) => (/[\\/]@stoplight[\\/]prism-/.test(String(error?.stack ?? '')) ? false : undefined),
  },
};

export default defineConfig({
  ...sharedConfig,
  test: { ...sharedConfig.test, exclude: [...configDefaults.exclude, '**/*.e2e.test.*'] },
});
