// `capi pull <provider> [--url URL] [--timeout SECONDS] [--root DIR]` (`npm run specs:pull -- ...`):
// downloads a provider's published spec, checks the overlay against it, stores it verbatim and
// rebuilds (scripts/lib/pull/pull.ts).
import { resolve } from 'node:path';
import type { ParsedCli } from '../lib/shared/cli-args.ts';
import { command } from '../lib/shared/command.ts';
import { UserError } from '../lib/shared/errors.ts';
import { repoRoot, selectProviders } from '../lib/registry/registry.ts';
import { pullSpec } from '../lib/pull/pull.ts';
import type { Provider } from '../lib/registry/per-provider.ts';

const USAGE = 'usage: npm run specs:pull -- <provider> [--url URL] [--timeout SECONDS]';

interface PullArgs {
  root: string;
  url: string | undefined;
  /** seconds */
  timeout: number;
  /** the one provider named */
  names: string[];
}

const OPTIONS = { root: { type: 'string' }, url: { type: 'string' }, timeout: { type: 'string' } } as const;

function pullArgs({ values, positionals }: ParsedCli<typeof OPTIONS>): PullArgs {
  if (positionals.length !== 1) throw new UserError(`name exactly one provider; ${USAGE}`);
  const opts: PullArgs = {
    root: values.root ? resolve(values.root) : repoRoot,
    url: values.url,
    timeout: values.timeout === undefined ? 30 : Number(values.timeout),
    names: positionals,
  };
  if (!(opts.timeout > 0)) throw new UserError('--timeout takes a positive number of seconds');
  return opts;
}

command({ usage: USAGE, options: OPTIONS }, async (cli) => {
  const opts = pullArgs(cli);
  const [provider]: Provider[] = selectProviders(opts.names, opts.root);
  await pullSpec(provider, { root: opts.root, url: opts.url, timeout: opts.timeout });
  return 0;
});
