// `capi verify <provider> --base-url <url> [--id ID --allow-writes] [--record] [--rps N]
// [--max-requests N] [--production]` (`npm run verify -- ...`): the provider's own client against
// a real server, every exchange checked against the effective spec (scripts/lib/verify/).
// Exits 1 on any divergence or case without an answer.
import { resolve } from 'node:path';
import { command } from '../lib/shared/command.ts';
import { UserError } from '../lib/shared/errors.ts';
import { loadProviders, repoRoot, selectProviders } from '../lib/registry/registry.ts';
import { loadProviderTesting } from '../lib/verify/client.ts';
import { runVerify } from '../lib/verify/run.ts';

const USAGE =
  'usage: npm run verify -- <provider> --base-url URL [--id ID [--allow-writes]] [--record] [--rps N (default 2)] [--max-requests N (default 100)] [--production]\n   or: npm run verify -- --all   (each provider whose sandbox URL is in CAPI_VERIFY_BASE_URLS, a JSON object provider -> URL, and whose variables are set; says which it skipped and why)';

/** The variable holding the sandbox URLs of `--all`. */
const URLS_VARIABLE = 'CAPI_VERIFY_BASE_URLS';

/** The usage, then the environment variables each provider's testing entry names (its client is not loaded). */
async function help(argv: string[]): Promise<string> {
  const rootAt = argv.indexOf('--root');
  const root = rootAt >= 0 && argv[rootAt + 1] ? resolve(argv[rootAt + 1] as string) : repoRoot;
  const lines = [USAGE, '', 'credentials come from environment variables (packages/<provider>/testing.ts, `verify.env`):'];
  for (const p of loadProviders(root)) {
    let env: Record<string, string> | undefined;
    try {
      env = (await loadProviderTesting(p.name, root))?.verify?.env;
    } catch {
      env = undefined;
    }
    lines.push(
      env
        ? `  ${p.name.padEnd(12)} ${Object.entries(env)
            .map(([option, name]) => `${name} (option ${option})`)
            .join(', ')}`
        : `  ${p.name.padEnd(12)} (no verify entry: verify refuses it)`,
    );
  }
  return lines.join('\n');
}

/**
 * `--all` (the scheduled job): every provider with a verify entry, a sandbox URL in
 * CAPI_VERIFY_BASE_URLS and its variables set is verified (reads and provoked errors only: no
 * writes); each other one is named with why it was skipped, and one verify refuses (a sandbox URL
 * with user info, or one that is the spec's production server) with why, masked, before the next
 * one. Exit 1 when any diverged or was refused. It offers no `--production`: one flag for every
 * provider of a scheduled run would point provoked errors at every production server listed;
 * verifying one on purpose is a run of that provider alone.
 */
async function verifyAll(
  root: string,
  { rps, maxRequests, record }: { rps: number; maxRequests: number; record: boolean },
): Promise<number> {
  let urls: Record<string, unknown> = {};
  const raw = process.env[URLS_VARIABLE];
  if (raw) {
    try {
      urls = JSON.parse(raw);
    } catch {
      throw new UserError(
        `${URLS_VARIABLE} is not JSON: write an object, provider -> sandbox URL, e.g. {"imprint": "https://sandbox.example.com"}`,
      );
    }
  }
  const lines: string[] = [];
  let failed = 0;
  for (const p of loadProviders(root)) {
    const env = (await loadProviderTesting(p.name, root))?.verify?.env;
    const url = urls[p.name];
    const unset = Object.values(env ?? {}).filter((name) => !process.env[name]);
    const skip = !env
      ? `no verify entry in packages/${p.name}/testing.ts`
      : typeof url !== 'string' || !url
        ? `no sandbox URL for it in ${URLS_VARIABLE}`
        : unset.length
          ? `not set: ${unset.join(', ')}`
          : undefined;
    if (skip) {
      lines.push(`${p.name}: SKIPPED (${skip})`);
      continue;
    }
    console.log(`\n== ${p.name}`);
    let result: Awaited<ReturnType<typeof runVerify>>;
    try {
      result = await runVerify(p, {
        root,
        baseUrl: String(url),
        baseUrlFrom: `the sandbox URL in ${URLS_VARIABLE}`,
        env: process.env,
        allowWrites: false,
        production: false,
        // --all has no --production: the scheduled job sends provoked errors to sandboxes only
        productionAdvice: `verify --all sends requests that fail on purpose to sandboxes only, and has no --production. Put ${p.name}'s sandbox address in ${URLS_VARIABLE}; to verify its production server on purpose, run it alone: npm run verify -- ${p.name} --base-url URL --production`,
        rps,
        maxRequests,
        record,
      });
    } catch (err) {
      // what verify refuses for this provider (a sandbox URL with user info, shown masked; a
      // missing spec) stops this provider only: the others are still verified, the run fails
      if (!(err instanceof UserError)) throw err;
      failed++;
      console.log(`${p.name}: refused: ${err.message}`);
      lines.push(`${p.name}: REFUSED (${err.message})`);
      continue;
    }
    const { exitCode, divergences } = result;
    if (exitCode) failed++;
    lines.push(`${p.name}: ${exitCode ? `FAILED (${divergences.length} divergence(s))` : 'verified'}`);
  }
  console.log(`\nverify --all:\n${lines.map((l) => `  ${l}`).join('\n')}`);
  return failed ? 1 : 0;
}

command(
  {
    usage: USAGE,
    help,
    options: {
      root: { type: 'string' },
      'base-url': { type: 'string' },
      id: { type: 'string' },
      'allow-writes': { type: 'boolean' },
      record: { type: 'boolean' },
      rps: { type: 'string' },
      'max-requests': { type: 'string' },
      production: { type: 'boolean' },
      all: { type: 'boolean' },
    },
  },
  async ({ values, positionals }) => {
    const root = values.root ? resolve(values.root) : repoRoot;
    const rps = values.rps === undefined ? 2 : Number(values.rps);
    const maxRequests = values['max-requests'] === undefined ? 100 : Number(values['max-requests']);
    if (!(rps > 0 && rps <= 100)) throw new UserError('--rps takes a number of requests per second, above 0 and at most 100');
    if (!(Number.isInteger(maxRequests) && maxRequests > 0)) throw new UserError('--max-requests takes a positive whole number');
    if (values.all) return verifyAll(root, { rps, maxRequests, record: values.record === true });
    if (positionals.length !== 1) throw new UserError(`name exactly one provider; ${USAGE}`);
    if (!values['base-url']) throw new UserError(`--base-url is required (the sandbox's address); ${USAGE}`);
    if (values['allow-writes'] && !values.id)
      throw new UserError('--allow-writes needs --id: the id of a record that may be changed (a sandbox customer)');
    const [provider] = selectProviders(positionals, root);
    if (!provider) throw new UserError(`name exactly one provider; ${USAGE}`);
    const { exitCode } = await runVerify(provider, {
      root,
      baseUrl: values['base-url'],
      env: process.env,
      allowWrites: values['allow-writes'] === true,
      id: values.id,
      production: values.production === true,
      rps,
      maxRequests,
      record: values.record === true,
    });
    return exitCode;
  },
);
