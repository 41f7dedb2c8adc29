// A provider's fake served behind real Prism in proxy mode (errors on): clients talk to the
// front (src/front.ts), which hands Prism every request Prism can survive and answer; Prism
// validates each request, forwards it to the fake, and validates the fake's response against
// the effective spec. A response off the spec becomes Prism's 500 VIOLATIONS error, so a fake
// that drifts from its spec cannot go unnoticed. Every fake is the one inferred from the spec
// (engine.ts), with the provider's own rules when its testing entry has a `fake`.
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { UserError } from '@capi/scripts/lib/shared/errors.ts';
import { repoRoot, selectProviders } from '@capi/scripts/lib/registry/registry.ts';
import { buildSpec } from '@capi/scripts/lib/build/build-spec.ts';
import { loadSpecModel, type Operation, type SpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { startPrism } from '@capi/conformance/prism.ts';
import { type Answer, createEngine, type Engine, type EngineOptions } from '@capi/core/fake';
import { createFront, type FrontFake } from './front.ts';
import { answerServer, type Respond } from '@capi/core/fake';
import type { Resource } from '@capi/core/fake';
import { type AnyFakeDefinition, assertLoadable, fakes, inferOptions } from './providers.ts';
import { generateWorkflows } from './workflows.ts';

/** The engine's options for a provider's fake definition: its declarations, seed records and rules. */
export function engineOptions(definition: AnyFakeDefinition): EngineOptions {
  const { operations, groups, credentials, seed, records, authenticate, permit, authorize, resources } = definition;
  return { operations, groups, credentials, seed, records, rules: { authenticate, permit, authorize, resources } };
}

/** What the shared scenarios drive: the first seeded resource, its records (as stored) and its update operation. */
export interface ScenarioTarget {
  resource: Resource;
  operation: Operation;
  /** The seeded records, as stored (derived fields included). */
  records: Record<string, unknown>[];
  /** The id of a seeded record (as the path names it). */
  idOf(record: Record<string, unknown>): string;
}

/** The shared scenarios' target in an engine of `definition` (the first resource of its `records`, updated). */
export function scenarioTarget(engine: Engine, model: SpecModel, definition: AnyFakeDefinition): ScenarioTarget {
  const [name] = Object.keys(definition.records);
  const resource = engine.inference.resources.find((r) => r.name === name);
  if (!resource) throw new Error(`records for "${name}": no such resource`);
  const key = ['update', 'replace'].map((kind) => resource.operations.find((o) => o.kind === kind)).find(Boolean)?.key;
  const operation = key ? model.operation(key) : undefined;
  if (!operation) throw new Error(`${name}: no update operation for the shared scenarios (declare one in \`operations\`)`);
  return {
    resource,
    operation,
    records: engine.records(resource.name),
    idOf: (record) => String(record[resource.idField]),
  };
}

export interface StartOptions {
  root?: string;
  /** The front's port (0: a free one). */
  port?: number;
  /** Build the effective spec when it is missing. */
  build?: boolean;
  /** Replaces the provider's fake definition (tests give one with wrong rules, to see it caught). */
  definition?: AnyFakeDefinition;
  /** Alters each of the fake's answers before it is sent (tests: a fake made to drift on purpose). */
  alter?: (answer: Answer) => Answer;
  /** The model of the provider's effective spec when the caller has read it already (not read again). */
  model?: SpecModel;
}

export interface ServedFake {
  url: string;
  prismUrl: string;
  upstream: string;
  specFile: string;
  model: SpecModel;
  engine: Engine;
  /** The provider's fake definition; undefined: the fake is inferred from the spec alone. */
  definition: AnyFakeDefinition | undefined;
  inferred: boolean;
  close(): Promise<void>;
}

/**
 * Starts the fake of `name` on 127.0.0.1 (a free port), Prism in front of it (a free port) and
 * the front before Prism, where clients connect.
 */
export async function startFake(
  name: string,
  { root = repoRoot, port = 0, build = false, definition, alter, model: given }: StartOptions = {},
) {
  const [provider] = selectProviders([name], root);
  if (!provider) throw new UserError(`unknown provider "${name}"`);
  if (!definition) assertLoadable(name);
  const own = definition ?? fakes[name];
  const specFile = relative(root, provider.effective);
  if (!existsSync(provider.effective)) {
    if (!build) throw new UserError(`${specFile} is missing: run \`npm run generate\` first`, { provider: name });
    buildSpec(provider, root);
  }
  const model = given ?? loadSpecModel(provider.effective, { provider: name, label: specFile });
  const options = own ? engineOptions(own) : (inferOptions[name] ?? {});
  const served = await serveInferred(provider.effective, { ...options, port, model, alter });
  return { ...served, specFile, definition: own, inferred: !own } satisfies ServedFake;
}

/** Serves the fake of a spec (engine.ts, with `options`) behind Prism and the front, on 127.0.0.1. */
export async function serveInferred(
  specFile: string,
  { port = 0, model, alter, ...options }: EngineOptions & { port?: number; model?: SpecModel; alter?: (answer: Answer) => Answer } = {},
) {
  const specModel = model ?? loadSpecModel(specFile);
  const engine = createEngine(specModel, options);
  let fake: FrontFake & { listen(port?: number): Promise<string>; close(): Promise<void> } = engine;
  if (alter) {
    const respond: Respond = (req, body) => alter(engine.respond(req, body));
    fake = { ...answerServer(respond), respond };
  }
  const served = await serveBehindPrism(specFile, fake, port);
  return { ...served, model: specModel, engine, inferred: true };
}

/** Starts `fake` (listen/respond/close) on a free port, Prism in proxy mode before it, the front before Prism on `port`. */
async function serveBehindPrism(
  specFile: string,
  fake: FrontFake & { listen(port?: number): Promise<string>; close(): Promise<void> },
  port: number,
) {
  const upstream = await fake.listen(0);
  let prism: { url: string; close(): Promise<void> } | undefined;
  let front: ReturnType<typeof createFront> | undefined;
  let url: string;
  try {
    prism = (await startPrism(specFile, { upstream, port: 0 })) as { url: string; close(): Promise<void> };
    front = createFront(fake, prism.url);
    url = await front.listen(port);
  } catch (err) {
    await prism?.close();
    await fake.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UserError(
        `port ${port} on 127.0.0.1 is already in use: stop what listens there, or pass --port with another port (--port 0 picks a free one)`,
      );
    }
    throw err;
  }
  const started = { prism, front };
  return {
    url,
    prismUrl: prism.url,
    upstream,
    async close() {
      await started.front.close();
      await started.prism.close();
      await fake.close();
    },
  };
}

/**
 * The resources an engine reads in its spec, each operation's kind, and what it guessed (lines to
 * print); `provider` names the testing entry where a kind is declared.
 */
export function describeInference(engine: Engine, model?: SpecModel, provider = '<provider>'): string[] {
  const { resources, other } = engine.inference;
  return [
    'resources:',
    ...resources.flatMap((r) => [
      `  ${r.name}  ${r.collection}${r.item ? `  item ${r.item} (id field ${r.idField})` : r.singleton ? '  one item in place (a singleton)' : ''}`,
      // (an operation it shares, counted where it belongs: `also`)
      ...r.operations.map((o) =>
        o.shared ? `      also ${o.kind} ${o.key} (where the name is one of its items)` : `    ${o.kind.padEnd(8)} ${o.key}`,
      ),
    ]),
    ...(other.length ? ['  answered from the schema:', ...other.map((o) => `    ${o.key}`)] : []),
    '',
    ...(engine.ambiguities.length
      ? [
          `guessed (declare the kind in packages/${provider}/testing.ts, infer.operations or fake.operations, to change):`,
          ...engine.ambiguities.map((a) => `  ${a}`),
        ]
      : ['nothing guessed']),
    ...(model ? ['', ...describeWorkflows(engine, model)] : []),
    ...(model ? unwritable(model) : []),
  ];
}

/**
 * The operations whose success the fake cannot answer validly (lines to print): documented only
 * in media types that are no JSON (XML: amazonaws' query APIs), each with a schema that admits no
 * text. Prism checks such a body as the raw text it gets, so every answer there is its 500.
 */
function unwritable(model: SpecModel): string[] {
  const keys = model.operations
    .filter((op) => {
      const ok = op.responses.filter((r) => /^2/.test(r.status));
      return (
        ok.length > 0 &&
        ok.every(
          (r) => !r.json && r.media.length > 0 && r.media.every((m) => m.schema !== undefined && !model.validateNode(m.schema, 'text')),
        )
      );
    })
    .map((op) => op.key);
  if (!keys.length) return [];
  return [
    '',
    `no valid success answer (documented only as text or XML whose schema admits no text, which Prism checks as raw text: its 500): ${keys.length} operation(s)`,
    ...keys.map((k) => `  ${k}`),
  ];
}

/**
 * The CRUD workflows the provider's `scenarios` task generates (src/workflows.ts), each with the
 * steps it leaves out and why, and the resources that get none and why (lines to print).
 */
export function describeWorkflows(engine: Engine, model: SpecModel): string[] {
  const { workflows, notGenerated } = generateWorkflows(engine.inference.resources, model);
  return [
    `generated workflows (the scenarios task): ${workflows.length}, ${notGenerated.length} resource(s) without one`,
    ...workflows.flatMap((w) => [
      `  ${w.resource}: ${[...(w.parents ?? []).map((p) => `create ${p.resource}`), ...w.steps.map((s) => s.step)].join(', ')}`,
      ...(w.given ?? []).map((g) => `    under a given ${g}: nothing creates one, the fake takes any id of it to exist`),
      ...(w.reduced ? [`    ${w.reduced}`] : []),
      ...[...(w.parents ?? []), w]
        .filter((x) => x.matched)
        .map(
          (x) =>
            `    ${x.resource}: its create answers no ${x.idField}; the new one is the item ${x.matched} lists with the fields it sent`,
        ),
      ...w.skipped.map((s) => `    skipped ${s.step}: ${s.reason}`),
    ]),
    ...notGenerated.map((n) => `  no workflow for ${n.resource}: ${n.reason}`),
  ];
}

/** What `npm run fake` prints when it serves a fake inferred from the spec alone. */
export function inferredLines(
  name: string,
  { url, specFile, engine, model }: { url: string; specFile: string; engine: Engine; model?: SpecModel },
  factory: string,
) {
  return [
    `fake ${name} listening on ${url} (inferred from ${specFile}; Prism proxy, validated against it)`,
    '',
    ...describeInference(engine, model, name),
    '',
    engine.credentials
      ? `credentials: ${engine.credentials.length} declared value(s) (infer.credentials of the testing entry); others: the documented 401`
      : "credentials: any value where the spec asks for one (missing: Prism's 401)",
    `e.g. ${factory}({ ...options, baseUrl: '${url}' }) from @capi/${name}`,
    'state is in memory and starts empty; Ctrl-C stops the fake',
  ];
}
