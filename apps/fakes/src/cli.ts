#!/usr/bin/env node
// `npm run fake -- <provider> [--port N]`: starts one provider's stateful fake behind Prism (proxy
// mode, errors on) and prints its URL, how it reads the spec, the seeded ids and credentials that
// work. Runs until Ctrl-C; the store lives in memory and starts from the seed every time.
import { UserError } from '@capi/scripts/lib/shared/errors.ts';
import { command } from '@capi/scripts/lib/shared/command.ts';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { loadProviders, repoRoot, selectProviders } from '@capi/scripts/lib/registry/registry.ts';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { factoryName } from '@capi/conformance/clients.ts';
import { createEngine } from '@capi/core/fake';
import { assertLoadable, fakes, inferOptions } from './providers.ts';
import { describeInference, engineOptions, inferredLines, scenarioTarget, startFake } from './serve.ts';

const DEFAULT_PORT = 4010;

const providerNames = () =>
  loadProviders()
    .map((p) => p.name)
    .join(', ');

const USAGE = `usage: npm run fake -- <provider> [--port N]   (default port ${DEFAULT_PORT}; providers: ${providerNames()})
       npm run fake -- <provider> --help   (how its spec reads as resources, without starting)`;

/** The port asked for (--port N, 0 picks a free one), the default one when none is. */
function portOf(v: string | undefined): number {
  if (v !== undefined && (!/^\d+$/.test(v) || Number(v) > 65535))
    throw new UserError(`--port takes a port number 0-65535 (0 picks a free one), got ${v}`);
  return v === undefined ? DEFAULT_PORT : Number(v);
}

/** Client options as a reader would type them (a function is shown as a placeholder). */
const show = (options: unknown) =>
  JSON.stringify(options, (_, v) => (typeof v === 'function' ? '__FN__' : v)).replace(/"__FN__"/g, '(request) => "<any non-empty string>"');

/**
 * `npm run fake -- <provider> --help`: the usage, then how the spec of that provider reads as
 * resources and what the inference guesses (without starting anything).
 */
function helpFor(argv: string[]): string {
  const names = new Set(loadProviders().map((p) => p.name));
  const name = argv.find((a) => names.has(a));
  if (!name) return USAGE;
  const [provider] = selectProviders([name]);
  if (!provider || !existsSync(provider.effective)) return USAGE;
  try {
    assertLoadable(name);
  } catch (err) {
    return `${USAGE}\n\n${(err as Error).message}`;
  }
  const model = loadSpecModel(provider.effective, { provider: name });
  const definition = fakes[name];
  const engine = createEngine(model, definition ? engineOptions(definition) : (inferOptions[name] ?? {}));
  const spec = relative(repoRoot, provider.effective);
  return [
    `usage: npm run fake -- ${name} [--port N]   (default port ${DEFAULT_PORT})`,
    '',
    definition
      ? `${name}'s fake is inferred from ${spec}, with the rules of packages/${name}/testing.ts; it reads the spec as:`
      : `${name} has no rules of its own: npm run fake serves the fake inferred from ${spec}:`,
    ...describeInference(engine, model, name),
  ].join('\n');
}

command({ usage: USAGE, options: { port: { type: 'string' } }, help: helpFor }, async ({ values, positionals }) => {
  const port = portOf(values.port);
  if (positionals.length !== 1)
    throw new UserError(`name one provider: npm run fake -- <provider> [--port N]. Providers: ${providerNames()}`);
  const [name = ''] = positionals;
  const server = await startFake(name, { port, build: true });
  console.log((server.definition ? definedLines(name, server) : inferredLines(name, server, factoryName(name))).join('\n'));
  await new Promise((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, resolve);
  });
  await server.close();
  return 0;
});

/** What `npm run fake` prints for a provider with rules of its own: the reading, the seeded records, credentials that work. */
function definedLines(name: string, server: Awaited<ReturnType<typeof startFake>>): string[] {
  const { definition, url, engine, model } = server;
  if (!definition) return [];
  const target = scenarioTarget(engine, model, definition);
  const param = target.resource.idParam ?? target.resource.idField;
  const lookup = definition.resources?.[target.resource.name]?.lookup ?? [];
  /** The value at a dotted path of a record, when it is a string or a number. */
  const at = (record: Record<string, unknown>, path: string) =>
    path
      .split('.')
      .reduce<unknown>(
        (v, k) => (v && typeof v === 'object' && Object.hasOwn(v, k) ? (v as Record<string, unknown>)[k] : undefined),
        record,
      );
  return [
    `fake ${name} listening on ${url} (Prism proxy, validated against ${server.specFile})`,
    `inferred from the spec, with the rules of packages/${name}/testing.ts`,
    '',
    ...describeInference(engine, model, name),
    '',
    `seeded ${target.resource.name}:`,
    ...target.records.map((r) => {
      const also = lookup
        .map((path) => [path.replace(/\._?/g, ' '), at(r, path)] as const)
        .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
        .map(([label, v]) => `  (${label} ${v} also works)`)
        .join('');
      return `  ${param} ${target.idOf(r)}  ${typeof r.email === 'string' ? r.email : ''}${also}`;
    }),
    '',
    'client options that work:',
    ...definition.clients.valid.map((c) => `  ${c.label}: ${show(c.options)}`),
    `  refused with 401: ${show(definition.clients.invalid)}`,
    '',
    `e.g. ${factoryName(name)}({ ...options, baseUrl: '${url}' }) from @capi/${name}`,
    'state is in memory and starts from the seed; Ctrl-C stops the fake',
  ];
}
