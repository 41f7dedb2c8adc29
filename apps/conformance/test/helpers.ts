// Test helpers of the conformance app: a repository copy inside this app (so packages resolve
// from the real node_modules) and a way to run a script as a user would.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoCopy as copy, runNode } from '@capi/scripts/testing/helpers.mjs';

export const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const repoCopy = (): ReturnType<typeof copy> => copy({ parent: appDir, packages: true });

/** Runs `node <args>` without blocking the test worker; resolves with exit status and output. */
export function run(
  args: string[],
  { env = {}, cwd = appDir, timeoutMs }: { env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number } = {},
): ReturnType<typeof runNode> {
  return runNode(args, { cwd, env: { ...process.env, ...env }, ...(timeoutMs ? { timeoutMs } : {}) });
}
