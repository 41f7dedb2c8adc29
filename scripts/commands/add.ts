// `capi add [<name>] <spec-file> [--fix [--accept-all]] [--root DIR] [--no-install]`
// (`npm run provider:add -- ...`): adds a provider from its published spec (scripts/lib/add/provider-add.ts).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ParsedCli } from '../lib/shared/cli-args.ts';
import { command } from '../lib/shared/command.ts';
import { UserError } from '../lib/shared/errors.ts';
import { repoRoot } from '../lib/registry/registry.ts';
import { addProvider, fixAdded, nameFromSpecFile } from '../lib/add/provider-add.ts';

const USAGE = 'usage: npm run provider:add -- [<name>] <path-to-spec.yaml|json> [--fix [--accept-all]]';

interface AddArgs {
  root: string;
  install: boolean;
  fix: boolean;
  acceptAll: boolean;
  /** the provider's name and its spec file */
  positional: string[];
}

const OPTIONS = {
  root: { type: 'string' },
  'no-install': { type: 'boolean' },
  fix: { type: 'boolean' },
  'accept-all': { type: 'boolean' },
} as const;

function addArgs({ values, positionals }: ParsedCli<typeof OPTIONS>): AddArgs {
  if (positionals.length === 1 && existsSync(positionals[0] as string)) {
    // only the spec file: the provider is named after it, and the name said
    const file = positionals[0] as string;
    const named = nameFromSpecFile(resolve(file));
    if (!named) throw new UserError(`${file}: neither its path nor its title gives a provider name; name the provider first: ${USAGE}`);
    console.error(`[add] no name given: the provider is "${named.name}" (from ${named.from}: ${file}); name it first to choose another`);
    positionals.unshift(named.name);
  }
  if (positionals.length !== 2) throw new UserError(`name the provider and its spec file; ${USAGE}`);
  if (values['accept-all'] && !values.fix) throw new UserError(`--accept-all goes with --fix; ${USAGE}`);
  return {
    root: values.root ? resolve(values.root) : repoRoot,
    install: !values['no-install'],
    fix: Boolean(values.fix),
    acceptAll: Boolean(values['accept-all']),
    positional: positionals,
  };
}

command({ usage: USAGE, options: OPTIONS }, async (cli) => {
  const opts = addArgs(cli);
  const [name, specFile] = opts.positional;
  const res = await addProvider({ root: opts.root, name, specFile, install: opts.install, fixing: opts.fix });
  if (!opts.fix || (!res.errors.length && !res.open.length) || !existsSync(join(opts.root, 'packages', name, 'src', 'index.ts'))) {
    return res.errors.length || res.open.length ? 1 : 0;
  }
  return fixAdded(opts.root, name, res, opts);
});
