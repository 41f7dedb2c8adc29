// A provider's fake served behind real Prism in proxy mode (errors on): clients talk to the
// front (src/front.mjs), which hands Prism every request Prism can survive and answer; Prism
// validates each request, forwards it to the fake, and validates the fake's response against
// the effective spec. A response off the spec becomes Prism's 500 VIOLATIONS error, so a fake
// that drifts from its spec cannot go unnoticed.
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { UserError } from '@capi/scripts/lib/errors.ts';
import { repoRoot, selectProviders } from '@capi/scripts/lib/registry.ts';
import { buildSpec } from '@capi/scripts/lib/build-spec.ts';
import { loadSpecModel } from '@capi/scripts/lib/spec-model.ts';
import { startPrism } from '@capi/conformance/prism.mjs';
import { createEngine } from '@capi/core/fake';
import { createFake } from './fake.mjs';
import { createFront } from './front.mjs';
import { fakes, inferOptions } from './providers.mjs';

/**
 * The operation a fake implements, from the model of the effective spec (the update operation),
 * with the updatable fields: the properties of the body it sends by default (JSON).
 */
export function fakeOperation(model) {
  const op = model.operations.find((o) => o.operationId === 'updateCustomer') ?? model.operations[0];
  const body = model.resolve(op?.requestBody?.preferred?.schema) ?? {};
  return { ...op, requestFields: Object.keys(body.properties ?? {}) };
}

/**
 * Starts the fake of `name` on 127.0.0.1 (a free port), Prism in front of it (a free port) and
 * the front before Prism, where clients connect.
 * @param {string} name provider, as registered in redocly.yaml
 * @param {{ root?: string, port?: number, config?: object, build?: boolean }} [opts]
 *   port: the front's port (0: a free one); config: replaces the provider's fake configuration
 *   (tests use it to make a fake drift); build: build the effective spec when it is missing
 */
export async function startFake(name, { root = repoRoot, port = 0, config, build = false } = {}) {
  const [provider] = selectProviders([name], root);
  const fakeConfig = config ?? fakes[name];
  const specFile = relative(root, provider.effective);
  if (!existsSync(provider.effective)) {
    if (!build) throw new UserError(`${specFile} is missing: run \`npm run generate\` first`, { provider: name });
    buildSpec(provider, root);
  }
  const model = loadSpecModel(provider.effective, { provider: name, label: specFile });
  if (!fakeConfig) {
    // no hand-written fake: the one inferred from the spec (docs/fakes.md, "Inferred fakes")
    const served = await serveInferred(provider.effective, { ...inferOptions[name], port, model });
    return { ...served, specFile };
  }
  const operation = fakeOperation(model);
  const fake = createFake(fakeConfig, operation);
  const served = await serveBehindPrism(provider.effective, fake, port);
  return { ...served, specFile, model, operation, config: fakeConfig, fake };
}

/**
 * Serves the fake inferred from a spec (engine.ts) behind Prism and the front, on 127.0.0.1.
 * @param {string} specFile effective spec
 * @param {{ port?: number, model?: object, seed?: string, operations?: object, credentials?: string[] }} [opts]
 */
export async function serveInferred(specFile, { port = 0, model, ...options } = {}) {
  const specModel = model ?? loadSpecModel(specFile);
  const engine = createEngine(specModel, options);
  const served = await serveBehindPrism(specFile, engine, port);
  return { ...served, model: specModel, engine, inferred: true };
}

/** Starts `fake` (listen/respond/close) on a free port, Prism in proxy mode before it, the front before Prism on `port`. */
async function serveBehindPrism(specFile, fake, port) {
  const upstream = await fake.listen(0);
  let prism;
  let front;
  let url;
  try {
    prism = await startPrism(specFile, { upstream, port: 0 });
    front = createFront(fake, prism.url);
    url = await front.listen(port);
  } catch (err) {
    await prism?.close();
    await fake.close();
    if (err.code === 'EADDRINUSE') {
      throw new UserError(
        `port ${port} on 127.0.0.1 is already in use: stop what listens there, or pass --port with another port (--port 0 picks a free one)`,
      );
    }
    throw err;
  }
  return {
    url,
    prismUrl: prism.url,
    upstream,
    async close() {
      await front.close();
      await prism.close();
      await fake.close();
    },
  };
}

/** The resources an engine reads in its spec, each operation's kind, and what it guessed (lines to print). */
export function describeInference(engine) {
  const { resources, other } = engine.inference;
  return [
    'resources:',
    ...resources.flatMap((r) => [
      `  ${r.name}  ${r.collection}${r.item ? `  item ${r.item} (id field ${r.idField})` : ''}`,
      ...r.operations.map((o) => `    ${o.kind.padEnd(8)} ${o.key}`),
    ]),
    ...(other.length ? ['  answered from the schema:', ...other.map((o) => `    ${o.key}`)] : []),
    '',
    ...(engine.ambiguities.length
      ? [
          'guessed (declare the kind in packages/<provider>/testing.ts, infer.operations, to change):',
          ...engine.ambiguities.map((a) => `  ${a}`),
        ]
      : ['nothing guessed']),
  ];
}

/** What `npm run fake` prints when it serves a fake inferred from the spec. */
export function inferredLines(name, { url, specFile, engine }, factory) {
  return [
    `fake ${name} listening on ${url} (inferred from ${specFile}; Prism proxy, validated against it)`,
    '',
    ...describeInference(engine),
    '',
    engine.credentials
      ? `credentials: ${engine.credentials.length} declared value(s) (infer.credentials of the testing entry); others: the documented 401`
      : "credentials: any value where the spec asks for one (missing: Prism's 401)",
    `e.g. ${factory}({ ...options, baseUrl: '${url}' }) from @capi/${name}`,
    'state is in memory and starts empty; Ctrl-C stops the fake',
  ];
}
