import { defineConfig } from 'vitest/config';
import { readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Provider clients are loaded from their TypeScript sources (not dist/): the conformance run
// regenerates each provider on its own, so one provider's broken build cannot stop the others.
// CONFORMANCE_ROOT: a copy of the repository inside this one (the CLI's own tests use one).
const packages = resolve(process.env.CONFORMANCE_ROOT ?? resolve(import.meta.dirname, '../..'), 'packages');
const alias = Object.fromEntries(
  readdirSync(packages)
    .filter((name) => existsSync(join(packages, name, 'src/index.ts')))
    .map((name) => [`@capi/${name}`, join(packages, name, 'src/index.ts')]),
);

export default defineConfig({
  resolve: { alias },
  test: { testTimeout: 120_000, hookTimeout: 120_000 },
});
