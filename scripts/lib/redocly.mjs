// Runs the real Redocly CLI (the version pinned in package.json) as a child process.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { repoRoot } from './registry.mjs';

const require = createRequire(import.meta.url);
const cliDir = dirname(require.resolve('@redocly/cli/package.json'));
const cliBin = join(cliDir, require('@redocly/cli/package.json').bin.redocly ?? 'bin/cli.js');

/** @returns {{ status: number, stdout: string, stderr: string }} */
export function redocly(args, { cwd = repoRoot } = {}) {
  const res = spawnSync(process.execPath, [cliBin, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // REDOCLY_SUPPRESS_UPDATE_NOTICE: no network look-up for updates (CI has no network).
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
  });
  if (res.error) throw res.error;
  return { status: res.status ?? 1, stdout: res.stdout, stderr: res.stderr.trim() };
}
