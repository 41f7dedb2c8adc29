// Test helpers of the conformance app: a repository copy inside this app (so packages resolve
// from the real node_modules) and a way to run a script as a user would.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoCopy as copy } from '../../../scripts/test/helpers.mjs';

export const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const repoCopy = () => copy({ parent: appDir, packages: true });

export function run(args, { env = {}, cwd = appDir } = {}) {
  const res = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: res.status, out: `${res.stdout}\n${res.stderr}` };
}
