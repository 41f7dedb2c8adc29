import { defineConfig } from 'vitest/config';

// The timeouts every other workspace has (vitest's defaults are 5 s a test, 10 s a hook): the
// fault, pagination and transport suites start servers and child processes and wait on real
// timers, and CI runs them beside other workspaces' tests on 2 cores. A test that must finish
// faster says so itself; how fast things are is measured in bench/, never here.
export default defineConfig({
  test: { testTimeout: 60_000, hookTimeout: 120_000 },
});
