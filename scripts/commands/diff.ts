// `capi diff <provider>|--all [git-ref] [--fail-on-breaking] [--json] [--changeset | --check-changeset]`:
// the breaking-change report of a provider against a git ref (scripts/lib/diff/diff-report.ts).
// Exit code: 0 when the report was made (1 with --fail-on-breaking and a breaking change or a
// broken call site, or with --check-changeset and a missing bump); 1 on bad input.
import { relative, resolve } from 'node:path';
import type { ParsedCli } from '../lib/shared/cli-args.ts';
import { command } from '../lib/shared/command.ts';
import { UserError } from '../lib/shared/errors.ts';
import { loadProviders, repoRoot } from '../lib/registry/registry.ts';
import { type DiffReport, diffReport } from '../lib/diff/diff-report.ts';
import { changesetType, type MissingChangeset, missingChangesets, writeContractChangeset } from '../lib/diff/changeset.ts';

const USAGE = 'usage: npm run diff -- <provider>|--all [git-ref] [--fail-on-breaking] [--json] [--changeset|--check-changeset]';

interface DiffArgs {
  root: string;
  failOnBreaking: boolean;
  json: boolean;
  all: boolean;
  changeset: boolean;
  checkChangeset: boolean;
  /** the providers to report on */
  names: string[];
  /** the git ref to compare with (the report's default when absent) */
  ref: string | undefined;
}

const OPTIONS = {
  root: { type: 'string' },
  'fail-on-breaking': { type: 'boolean' },
  json: { type: 'boolean' },
  all: { type: 'boolean' },
  changeset: { type: 'boolean' },
  'check-changeset': { type: 'boolean' },
} as const;

function diffArgs({ values, positionals }: ParsedCli<typeof OPTIONS>): DiffArgs {
  const opts: DiffArgs = {
    root: values.root ? resolve(values.root) : repoRoot,
    failOnBreaking: Boolean(values['fail-on-breaking']),
    json: Boolean(values.json),
    all: Boolean(values.all),
    changeset: Boolean(values.changeset),
    checkChangeset: Boolean(values['check-changeset']),
    names: [], // set below
    ref: undefined,
  };
  if (opts.changeset && opts.checkChangeset) throw new UserError(`--changeset writes and --check-changeset checks: pass one; ${USAGE}`);
  if (opts.all) {
    if (positionals.length > 1) throw new UserError(`with --all, name at most one git ref; ${USAGE}`);
    opts.names = loadProviders(opts.root).map((p) => p.name);
    opts.ref = positionals[0];
  } else {
    if (positionals.length < 1 || positionals.length > 2)
      throw new UserError(`name one provider (or --all) and at most one git ref; ${USAGE}`);
    [opts.names, opts.ref] = [[positionals[0]], positionals[1]];
  }
  return opts;
}

command({ usage: USAGE, options: OPTIONS }, async (cli) => {
  const opts = diffArgs(cli);
  const reports: DiffReport[] = [];
  for (const [i, name] of opts.names.entries()) {
    if (i > 0 && !opts.json) console.log('');
    reports.push(await diffReport({ root: opts.root, provider: name, ref: opts.ref, print: !opts.json }));
  }
  if (opts.json) console.log(JSON.stringify(opts.all ? reports : reports[0], null, 2));
  const log = opts.json ? console.error : console.log;
  if (opts.changeset) {
    for (const r of reports) {
      const file = writeContractChangeset(opts.root, r);
      log(
        file
          ? `changeset: wrote ${relative(process.cwd(), file)} (${r.package}: ${changesetType(r.semver)})`
          : `changeset: none needed for ${r.package}`,
      );
    }
  }
  let missing: MissingChangeset[] = [];
  if (opts.checkChangeset) {
    missing = await missingChangesets(opts.root, reports);
    for (const m of missing) {
      console.error(
        `changeset: ${m.package} needs a ${m.needed} changeset for this contract change, pending: ${m.pending}. ` +
          `Run \`${m.fix}\` and commit ${m.file}.`,
      );
    }
    if (!missing.length) log(`changeset: every changed provider has the bump its contract change needs`);
  }
  const broken = reports.some((r) => r.changes.some((c) => c.class === 'breaking') || Boolean(r.consumer?.broken.length));
  return (opts.failOnBreaking && broken) || missing.length ? 1 : 0;
});
