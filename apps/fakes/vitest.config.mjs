import { defineConfig } from 'vitest/config';
import { resolve } from 'node:path';
import { clientSourceAliases } from '@capi/conformance/clients.ts';
import { givenRoot } from '@capi/conformance/options.ts';

// The scenarios drive each fake through its provider's own client, loaded from its TypeScript
// sources as in the conformance tests. The repository: the one the conformance options name
// (CONFORMANCE_OPTIONS' root, or CONFORMANCE_ROOT: a copy, in the conformance CLI's tests), else this one.
const root = givenRoot() ?? resolve(import.meta.dirname, '../..');

export default defineConfig({
  // the fake engine from its TypeScript sources too (Node itself picks them by the `capi-source` condition)
  resolve: {
    alias: [...clientSourceAliases(root), { find: /^@capi\/core\/fake$/, replacement: resolve(root, 'packages/core/src/fake/index.ts') }],
  },
  test: { testTimeout: 60_000, hookTimeout: 120_000 },
});
