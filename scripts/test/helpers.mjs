// Temporary copies of the repository's inputs, for tests that break things on purpose. Only
// inputs are copied: the real tree may hold build output being written by a concurrent task.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { repoRoot } from '../lib/registry/registry.ts';

/**
 * A copy of redocly.yaml, redocly/ (with scripts/ linked beside it, where its plugin reads its rules) and the spec inputs (and with `packages`, each package's
 * package.json, hand-written src/ and testing entry), in a new directory under `parent` (default: the OS temp
 * dir; pass a folder inside the repository when the copy must resolve node_modules).
 */
export function repoCopy({ parent = tmpdir(), packages = false } = {}) {
  const dir = mkdtempSync(join(parent, parent === tmpdir() ? 'capi-' : '.tmp-'));
  cpSync(join(repoRoot, 'redocly.yaml'), join(dir, 'redocly.yaml'));
  cpSync(join(repoRoot, 'redocly'), join(dir, 'redocly'), { recursive: true });
  // the plugin reads its rules from the registry of spec-defect kinds (scripts/lib/defects)
  symlinkSync(join(repoRoot, 'scripts'), join(dir, 'scripts'), 'dir');
  for (const name of readdirSync(join(repoRoot, 'specs'))) {
    for (const f of ['package.json', 'upstream.yaml', 'upstream.json', 'authored.yaml', 'overlay.yaml']) {
      const src = join(repoRoot, 'specs', name, f);
      if (existsSync(src)) cpSync(src, join(dir, 'specs', name, f));
    }
  }
  if (packages) {
    for (const name of readdirSync(join(repoRoot, 'packages'))) {
      cpSync(join(repoRoot, 'packages', name, 'package.json'), join(dir, 'packages', name, 'package.json'));
      // the testing entry (test credentials, fake), which the contract tests and fakes load
      if (existsSync(join(repoRoot, 'packages', name, 'testing.ts')))
        cpSync(join(repoRoot, 'packages', name, 'testing.ts'), join(dir, 'packages', name, 'testing.ts'));
      cpSync(join(repoRoot, 'packages', name, 'src'), join(dir, 'packages', name, 'src'), {
        recursive: true,
        filter: (src) => !src.includes(join('src', 'generated')),
      });
    }
  }
  return {
    dir,
    read: (file) => readFileSync(join(dir, file), 'utf8'),
    edit(file, fn) {
      const path = join(dir, file);
      writeFileSync(path, fn(readFileSync(path, 'utf8')));
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Runs a command without blocking the test's worker (a local server in the same test must keep
 * answering); resolves with its exit status and output (`out` = stdout and stderr as they came),
 * killing it after `timeoutMs`.
 */
export function runCommand(command, args, { cwd = repoRoot, env = process.env, timeoutMs = 120_000 } = {}) {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let out = '';
  child.stdout.on('data', (d) => {
    stdout += d;
    out += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
    out += d;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ status: null, error, stdout, stderr, out: `${out}${error.message}` });
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, out });
    });
  });
}

/** Runs one of the repository scripts as a user would; resolves with status and output. */
export const runScript = (script, args, { cwd = repoRoot } = {}) =>
  runCommand(process.execPath, [join(repoRoot, 'scripts', script), ...args], { cwd });

/** Runs `node <args>`; resolves with its exit status and combined output. */
export const runNode = (args, { cwd = repoRoot, env = process.env, timeoutMs = 120_000 } = {}) =>
  runCommand(process.execPath, args, { cwd, env, timeoutMs });

/** Runs `node <args>` as a user would, without the caller's TURBO_* settings (a copy has its own cache). */
export function run(cwd, args, env = {}, timeoutMs = 300_000) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TURBO_')));
  return runNode(args, { cwd, env: { ...clean, ...env }, timeoutMs });
}

/**
 * Registers provider `p` of a test's repository root (its specs/p/upstream.yaml the caller
 * writes) in the root's redocly.yaml, with the repository's rules and plugin (their paths
 * absolute); `overlay`: with an empty specs/p/overlay.yaml; `api`: more of its entry (rules, x-reasons).
 */
export function registerOneProvider(root, { overlay = true, api = {} } = {}) {
  if (overlay)
    writeFileSync(join(root, 'specs/p/overlay.yaml'), 'overlay: 1.0.0\ninfo:\n  title: p corrections\n  version: 1.0.0\nactions: []\n');
  const config = parse(readFileSync(join(repoRoot, 'redocly.yaml'), 'utf8'));
  config.plugins = config.plugins.map((pl) => join(repoRoot, pl));
  config.apis = {
    p: {
      root: 'specs/p/upstream.yaml',
      ...(overlay ? { overlays: ['specs/p/overlay.yaml'] } : {}),
      output: 'specs/p/effective.yaml',
      ...api,
    },
  };
  writeFileSync(join(root, 'redocly.yaml'), stringify(config));
}
