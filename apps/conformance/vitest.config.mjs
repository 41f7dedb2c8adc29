import { defineConfig } from 'vitest/config';
import { resolve } from 'node:path';
import { clientSourceAliases } from './src/clients.mjs';

// Provider clients are loaded from their TypeScript sources (not dist/), see clientSourceAliases.
// CONFORMANCE_ROOT: a copy of the repository inside this one (the CLI's own tests use one).
const root = process.env.CONFORMANCE_ROOT ?? resolve(import.meta.dirname, '../..');

export default defineConfig({
  resolve: { alias: clientSourceAliases(root) },
  test: { testTimeout: 120_000, hookTimeout: 120_000 },
});
