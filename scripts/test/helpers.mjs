// Temporary copies of the repository's spec inputs, for tests that break things on purpose.
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../lib/registry.mjs';

/** A temp dir with redocly.yaml and specs/ (no generated files), removed by the returned cleanup. */
export function copySpecs() {
  const dir = mkdtempSync(join(tmpdir(), 'capi-specs-'));
  cpSync(join(repoRoot, 'redocly.yaml'), join(dir, 'redocly.yaml'));
  // Only the inputs: the real specs/ may hold build output being written by a concurrent task.
  for (const name of readdirSync(join(repoRoot, 'specs'))) {
    for (const file of ['package.json', 'upstream.yaml', 'authored.yaml', 'overlay.yaml']) {
      const src = join(repoRoot, 'specs', name, file);
      if (existsSync(src)) cpSync(src, join(dir, 'specs', name, file));
    }
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs one of the repository scripts as a user would; returns status and output. */
export function runScript(script, args, { cwd = repoRoot } = {}) {
  const res = spawnSync(process.execPath, [join(repoRoot, 'scripts', script), ...args], { cwd, encoding: 'utf8' });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}
