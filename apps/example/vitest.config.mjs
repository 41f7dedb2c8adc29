import { defineConfig } from 'vitest/config';

// The typecheck test builds a TypeScript program over the workspace packages: seconds, longer
// on a loaded machine.
export default defineConfig({
  test: { testTimeout: 60_000, hookTimeout: 120_000 },
});
