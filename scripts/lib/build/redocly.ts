// Runs the real Redocly CLI (the version pinned in package.json) as a child process.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { repoRoot } from '../registry/registry.ts';

const require = createRequire(import.meta.url);
const cliDir = dirname(require.resolve('@redocly/cli/package.json'));
// require() of JSON is untyped: the package.json fields read here
const cliPackage: { bin: Record<string, string | undefined> } = require('@redocly/cli/package.json');
const cliBin = join(cliDir, cliPackage.bin.redocly ?? 'bin/cli.js');

// REDOCLY_SUPPRESS_UPDATE_NOTICE: no network look-up for updates (CI has no network).
const env = () => ({ ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' });

export interface RedoclyResult {
  /** the exit code (1 when the process ended without one) */
  status: number;
  stdout: string;
  /** trimmed */
  stderr: string;
}

interface RedoclyOptions {
  /** the folder Redocly runs in (the repository root by default) */
  cwd?: string;
}

export function redocly(args: string[], { cwd = repoRoot }: RedoclyOptions = {}): RedoclyResult {
  const res = spawnSync(process.execPath, [cliBin, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: env() });
  if (res.error) throw res.error;
  return { status: res.status ?? 1, stdout: res.stdout, stderr: res.stderr.trim() };
}

/**
 * The same, without blocking the event loop (tests, servers). `signal` ends the process with
 * SIGKILL (Redocly's work is synchronous: it never gets to handle a gentler signal) and the
 * result says `aborted`; `onStderr` sees its progress lines as they come.
 */
export function redoclyAsync(
  args: string[],
  { cwd = repoRoot, signal, onStderr }: RedoclyOptions & { signal?: AbortSignal; onStderr?: (text: string) => void } = {},
): Promise<RedoclyResult & { aborted?: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBin, ...args], {
      cwd,
      env: env(),
      stdio: ['ignore', 'pipe', 'pipe'],
      signal,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
      onStderr?.(String(d));
    });
    child.on('error', (err) => {
      if (err.name !== 'AbortError') reject(err);
    });
    child.on('close', (status) =>
      resolve({ status: status ?? 1, stdout, stderr: stderr.trim(), ...(signal?.aborted ? { aborted: true } : {}) }),
    );
  });
}
