#!/usr/bin/env node
// `npm run fake -- <provider> [--port N]`: starts one provider's stateful fake behind Prism (proxy
// mode, errors on) and prints its URL, the seeded customer ids and credentials that work. Runs
// until Ctrl-C; the store lives in memory and starts from the seed every time.
import { runMain, UserError } from '@capi/scripts/lib/errors.ts';
import { parseCli } from '@capi/scripts/lib/cli-args.ts';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { loadProviders, repoRoot, selectProviders } from '@capi/scripts/lib/registry.ts';
import { loadSpecModel } from '@capi/scripts/lib/spec-model.ts';
import { createEngine } from '@capi/core/fake';
import { fakes, inferOptions } from './providers.mjs';
import { factoryName } from '@capi/conformance/clients.mjs';
import { describeInference, inferredLines, startFake } from './serve.mjs';

const DEFAULT_PORT = 4010;

function parseArgs(argv) {
  const usage = `usage: npm run fake -- <provider> [--port N]   (default port ${DEFAULT_PORT}; providers: ${loadProviders()
    .map((p) => p.name)
    .join(', ')})`;
  const { values, positionals } = parseCli(argv, { usage, options: { port: { type: 'string' } } });
  const v = values.port;
  if (v !== undefined && (!/^\d+$/.test(v) || Number(v) > 65535))
    throw new UserError(`--port takes a port number 0-65535 (0 picks a free one), got ${v}`);
  if (positionals.length !== 1) {
    throw new UserError(
      `name one provider: npm run fake -- <provider> [--port N]. Providers: ${loadProviders()
        .map((p) => p.name)
        .join(', ')}`,
    );
  }
  return { port: v === undefined ? DEFAULT_PORT : Number(v), names: positionals };
}

/** Client options as a reader would type them (a function is shown as a placeholder). */
const show = (options) =>
  JSON.stringify(options, (_, v) => (typeof v === 'function' ? '__FN__' : v)).replace(/"__FN__"/g, '(request) => "<any non-empty string>"');

/**
 * `npm run fake -- <provider> --help`: the usage, then how the spec of that provider reads as
 * resources and what the inference guesses (without starting anything).
 */
async function helpFor(argv) {
  const names = new Set(loadProviders().map((p) => p.name));
  const name = argv.find((a) => names.has(a));
  if (!name || !argv.some((a) => a === '--help' || a === '-h')) return false;
  const [provider] = selectProviders([name]);
  if (!existsSync(provider.effective)) return false;
  const model = loadSpecModel(provider.effective, { provider: name });
  const engine = createEngine(model, inferOptions[name] ?? {});
  console.log(
    [
      `usage: npm run fake -- ${name} [--port N]   (default port ${DEFAULT_PORT})`,
      '',
      fakes[name]
        ? `${name} has a hand-written fake (packages/${name}/testing.ts); the inferred fake would read ${relative(repoRoot, provider.effective)} as:`
        : `${name} has no hand-written fake: npm run fake serves the one inferred from ${relative(repoRoot, provider.effective)}:`,
      ...describeInference(engine),
    ].join('\n'),
  );
  return true;
}

runMain(async () => {
  if (await helpFor(process.argv.slice(2))) return 0;
  const {
    port,
    names: [name],
  } = parseArgs(process.argv.slice(2));
  const server = await startFake(name, { port, build: true });
  if (server.inferred) {
    console.log(inferredLines(name, server, factoryName(name)).join('\n'));
  } else {
    printDefined(name, server);
  }
  await new Promise((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, resolve);
  });
  await server.close();
  return 0;
});

function printDefined(name, server) {
  const { config, operation, url } = server;
  const param = operation.pathParams[0]?.name;
  const lines = [
    `fake ${name} listening on ${url} (Prism proxy, validated against ${server.specFile})`,
    `operation: ${operation.method} ${operation.path}`,
    '',
    'seeded customers:',
    ...config.seed.map(
      (c) => `  ${param} ${c[config.idField]}  ${c.email ?? ''}${c.user?._id ? `  (user id ${c.user._id} also works)` : ''}`,
    ),
    '',
    'client options that work:',
    ...config.clients.valid.map((c) => `  ${c.label}: ${show(c.options)}`),
    `  refused with 401: ${show(config.clients.invalid)}`,
    '',
    `e.g. ${factoryName(name)}({ ...options, baseUrl: '${url}' }) from @capi/${name}`,
    'state is in memory and starts from the seed; Ctrl-C stops the fake',
  ];
  console.log(lines.join('\n'));
}
