// `npm run provider:remove -- <name>` (`capi remove`): undoes what `npm run provider:add` did.
// It deletes the provider's two folders (specs/<name>, packages/<name>, with the reports its
// tasks wrote there), its entry in redocly.yaml (the rest of the file, comments and layout, as
// it was), its workspace links in node_modules and its entries in package-lock.json (npm install
// --package-lock-only, as add does), our changeset for it (.changeset/contract-<name>.md) and
// its section of the conformance report, and its verify variables in .github/workflows/verify.yml. It refuses a provider redocly.yaml does not register,
// and a provider whose folders hold changes git has not committed (which would be lost), unless
// forced.
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { UserError } from '../shared/errors.ts';
import { writeFileAtomic } from '../shared/fs-atomic.ts';
import { loadProviders, repoRoot } from '../registry/registry.ts';
import { loadProviderTesting } from '../verify/client.ts';
import { removeWorkflowVariables, VERIFY_WORKFLOW } from './verify-entry.ts';

interface RemoveProviderOptions {
  root?: string;
  name: string;
  /** delete even when the provider's folders hold uncommitted changes */
  force?: boolean;
  /** false: no npm install --package-lock-only */
  install?: boolean;
  log?: (message: string) => void;
}

/** Runs a command to its end without blocking; resolves with its exit status and output. */
function exec(command: string, args: string[], cwd: string): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (err) => resolve({ status: null, out: err.message }));
    child.on('close', (status) => resolve({ status, out }));
  });
}

/**
 * What git has not committed in the given folders (changed, deleted or new files it does not
 * ignore), as `git status --porcelain` lines; null when `root` is not a git work tree.
 */
async function uncommitted(root: string, folders: string[]): Promise<string[] | null> {
  const res = await exec('git', ['status', '--porcelain', '--untracked-files=all', '--', ...folders], root);
  if (res.status !== 0) return null;
  return res.out.split('\n').filter(Boolean);
}

/** Removes the provider; returns the repository paths it removed or changed. */
export async function removeProvider({
  root = repoRoot,
  name,
  force = false,
  install = true,
  log = console.log,
}: RemoveProviderOptions): Promise<string[]> {
  const providers = loadProviders(root);
  // a name add would accept (it becomes paths below), registered in redocly.yaml
  if (!/^[a-z][a-z0-9-]{1,30}$/.test(name) || !providers.some((p) => p.name === name)) {
    throw new UserError(
      `unknown provider "${name}": redocly.yaml has no apis.${name} entry (registered: ${providers.map((p) => p.name).join(', ') || 'none'}); nothing was removed`,
      { file: 'redocly.yaml' },
    );
  }
  const folders = [`specs/${name}`, `packages/${name}`];
  if (!force) {
    const dirty = await uncommitted(root, folders);
    if (dirty === null) {
      throw new UserError(
        `cannot tell whether ${folders.join(' or ')} hold uncommitted work (${root} is not a git work tree, or git is missing); nothing was removed: pass --force to remove ${name} anyway`,
      );
    }
    if (dirty.length) {
      const shown = dirty.slice(0, 10).map((l) => `  ${l}`);
      throw new UserError(
        `${folders.join(' and ')} hold changes git has not committed, which removing would lose:\n${shown.join('\n')}${dirty.length > 10 ? `\n  ... ${dirty.length - 10} more` : ''}\ncommit or discard them, or pass --force to remove ${name} with them; nothing was removed`,
      );
    }
  }

  // the variables its testing entry names for verify, read before its folder goes
  let variables: string[] = [];
  try {
    variables = Object.values((await loadProviderTesting(name, root))?.verify?.env ?? {});
  } catch (err) {
    log(
      `[${name}] warning: could not read packages/${name}/testing.ts (${(err as Error).message.split('\n')[0]}): take its verify variables out of ${VERIFY_WORKFLOW} by hand`,
    );
  }

  const done: string[] = [];
  // the registry first: from here on the repository no longer lists the provider
  const configFile = join(root, 'redocly.yaml');
  const doc = parseDocument(readFileSync(configFile, 'utf8'));
  doc.deleteIn(['apis', name]);
  writeFileAtomic(configFile, doc.toString({ lineWidth: 0 }));
  done.push('redocly.yaml');
  for (const f of folders) {
    if (existsSync(join(root, f))) {
      rmSync(join(root, f), { recursive: true, force: true });
      done.push(`${f}/`);
    }
  }
  // its variables in the scheduled reality check (provider:add put them there)
  if (removeWorkflowVariables(root, variables).length) done.push(VERIFY_WORKFLOW);
  const changeset = join(root, '.changeset', `contract-${name}.md`);
  if (existsSync(changeset)) {
    rmSync(changeset);
    done.push(relative(root, changeset));
  }
  // the workspace links add made (npm would make them on install)
  for (const link of [`@capi/${name}`, `@capi/spec-${name}`]) {
    const at = join(root, 'node_modules', link);
    if (lstatSync(at, { throwIfNoEntry: false })?.isSymbolicLink()) rmSync(at);
  }
  if (install) {
    const res = await exec('npm', ['install', '--package-lock-only', '--offline', '--no-audit', '--no-fund'], root);
    if (res.status === 0) done.push('package-lock.json');
    else
      log(
        `[${name}] warning: npm could not update package-lock.json (run npm install):\n${res.out.trim().split('\n').slice(-5).join('\n')}`,
      );
  }
  // its section of the conformance report (the conformance app renders the page)
  const report = join(root, 'apps/conformance/report/conformance.json');
  if (existsSync(report)) {
    const cli = join(root, 'apps/conformance/src/cli.ts');
    const res = await exec(process.execPath, [cli, '--prune-report', '--root', root], root);
    if (res.status === 0) done.push('apps/conformance/report/');
    else
      log(
        `[${name}] warning: could not take ${name} out of the conformance report (the next npm run conformance does):\n${res.out.trim()}`,
      );
  }
  log(`[${name}] removed:\n${done.map((f) => `  ${f}`).join('\n')}`);
  return done;
}
