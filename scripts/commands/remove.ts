// `capi remove <name> [--force] [--root DIR] [--no-install]` (`npm run provider:remove -- <name>`):
// removes a provider, undoing what `npm run provider:add` did (scripts/lib/add/provider-remove.ts).
import { resolve } from 'node:path';
import { command } from '../lib/shared/command.ts';
import { UserError } from '../lib/shared/errors.ts';
import { repoRoot } from '../lib/registry/registry.ts';
import { removeProvider } from '../lib/add/provider-remove.ts';

const USAGE = `usage: npm run provider:remove -- <name> [--force]

Removes a provider: specs/<name>, packages/<name> (with its reports), its redocly.yaml entry (the
rest of the file as it was), its package-lock.json entries, .changeset/contract-<name>.md and its
section of the conformance report. Refuses a name redocly.yaml does not register, and folders
holding changes git has not committed.

  --force       remove even when specs/<name> or packages/<name> hold uncommitted changes
  --no-install  leave package-lock.json alone (run npm install yourself)`;

command(
  { usage: USAGE, options: { root: { type: 'string' }, force: { type: 'boolean' }, 'no-install': { type: 'boolean' } } },
  async ({ values, positionals }) => {
    if (positionals.length !== 1) throw new UserError(`name one provider; ${USAGE.split('\n')[0]}`);
    await removeProvider({
      root: values.root ? resolve(values.root) : repoRoot,
      name: positionals[0],
      force: Boolean(values.force),
      install: !values['no-install'],
    });
    return 0;
  },
);
