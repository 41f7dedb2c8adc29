#!/usr/bin/env node
// Generates the TypeScript types of every provider client from its effective spec, in one
// process, with openapi-typescript's Node API:
//
//   node scripts/commands/codegen.ts [--root DIR] [provider ... | .]
//
// ('.' = the provider whose specs/ or packages/ folder is the current directory; --root = a
// copy of the repository to work on instead of this one.)
// Per provider it writes packages/<provider>/src/generated/
//   schema.gen.ts  openapi-typescript's output (paths, components, operations)
//   api.gen.ts     spec facts the client needs at run time (servers, security) and named
//                  aliases (one per component schema, request body, response body by status)
//   validators.gen.ts  the response body validators (validators-codegen.ts), loaded only when
//                  a client's `validate` option is on
//   fake.gen.ts    the provider's fake for consumers' tests (`@capi/<provider>/fake`, codegen/fake-model.ts)
// A broken spec fails with provider, file, line and problem; nothing is written for it, and
// its previous output stays as it was.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, join } from 'node:path';
import { availableParallelism } from 'node:os';
import { astToString, type GlobalContext, NULL, type OpenAPI3, resolveRef, transformSchema } from 'openapi-typescript';
import ts from 'typescript';
import {
  type Config,
  createConfig,
  lintDocument,
  BaseResolver,
  Source,
  getLineColLocation,
  type NormalizedProblem,
} from '@redocly/openapi-core';
import { UserError, type Where } from '../shared/errors.ts';
import type { Provider } from '../registry/per-provider.ts';
import { commentText, pascalCase as pascal, sourceJson, tsString } from '../shared/names.ts';
import { repoRoot as defaultRoot } from '../registry/registry.ts';
import { loadYamlSource } from '../spec/yaml-source.ts';
import { checkRefs } from '../spec/spec-loader.ts';
import { progress, PROGRESS_BYTES, type Stage } from '../shared/progress.ts';
import { writeFileAtomic } from '../shared/fs-atomic.ts';
import { packageReadme } from './package-readme.ts';
import { parsePointer } from '../spec/json-pointer.ts';
import { mediaKind } from '../spec/media-type.ts';
import { renameInheritedNames } from '../spec/inherited-names.ts';
import { isBinarySchema, isObject, specModel, type SecurityRequirement, type SpecModel, type SpecNode } from '../spec/spec-model.ts';
import { hoistRecursiveMembers, liftNestedRefs } from './type-shapes.ts';
import { discriminatorsOf } from './discriminator-scan.ts';
import { liftParameterRefs } from './parameter-refs.ts';
import { type StructContext, inExtension, structKind } from './generation-checks.ts';
import { generationProblems } from '../defects/index.ts';
import type { SchemaRefs } from '../defects/types.ts';
import { schemaRefs } from '../spec/schema-walk.ts';
import { removeHighestIndexFirst } from '../lint/lint-hints.ts';
import { pagesType, paginationFacts, webhookSignature, webhooksType, type PaginationFact } from './pagination.ts';
import { VALIDATORS_LOADER } from './validators-codegen.ts';
import { type ClientModules, clientModules, clientModulesThread, collectGarbage, type StageTime } from './client-modules.ts';

const HEADER = (provider: string, specFile: string) =>
  `// GENERATED FILE - do not edit. Produced by scripts/lib/codegen/codegen.ts for "${provider}"\n` +
  `// from ${specFile}. Change the spec or its overlay and run \`npm run generate\`.\n`;

let validationConfig: Promise<Config> | undefined;

/**
 * Redocly's configuration of the validation before generation, made once per process. Besides
 * struct and unresolved references, operation-operationId-unique: the one rule openapi-typescript's
 * own lint reported as an error (renderTypes does not run that lint: see typesContext).
 */
const validationRules = (): Promise<Config> =>
  (validationConfig ??= createConfig({
    rules: { struct: 'error', 'no-unresolved-refs': 'error', 'operation-operationId-unique': 'error' },
  }));

interface GenerateOptions {
  /** reports progress (lib/shared/progress.ts); by default lines are printed for an effective spec of PROGRESS_BYTES or more */
  stage?: Stage;
  /** told the times of the worker thread's stages (client-modules.ts), when it ran, once it has answered */
  threadStages?: (stages: Record<string, StageTime>) => void;
  /** make validators.gen.ts and fake.gen.ts in a worker thread (true), in this one (false); by default as useThread says */
  thread?: boolean;
}

/** A spec at least this large may get its validators.gen.ts and fake.gen.ts made in a worker thread (useThread). */
export const THREAD_BYTES = 1024 * 1024;

/**
 * Whether validators.gen.ts and fake.gen.ts are made in a worker thread alongside the validation
 * and the types (client-modules.ts): for a spec of THREAD_BYTES or more (below, starting the
 * thread, its modules loaded again, costs more than it saves) on a machine with 4 or more CPUs.
 * The thread costs CPU (its start, its own parse of the spec, more garbage collection) and
 * memory (two heaps at once); on 2 CPUs, which V8's garbage collector already shares with the
 * main thread, it took about 1 s more CPU and 50-150 MiB more peak RSS on GitHub's spec and won
 * no wall time (bench/results.md "Codegen"; docs/decisions-and-lessons.md).
 */
export const useThread = (size: number, cpus: number = availableParallelism()): boolean => size >= THREAD_BYTES && cpus >= 4;

/** Validates and generates one provider; returns the files it wrote. */
export async function generateProvider(
  provider: Provider,
  root: string = defaultRoot,
  { stage, threadStages, thread: alongside }: GenerateOptions = {},
): Promise<string[]> {
  const specFile = relative(root, provider.effective);
  const where = { provider: provider.name, file: specFile };
  let size = 0;
  try {
    size = statSync(provider.effective).size;
  } catch {
    /* loadYamlSource says it is missing */
  }
  stage ??= progress(`[${provider.name}]`, { enabled: size >= PROGRESS_BYTES });
  // validators.gen.ts and fake.gen.ts made alongside (useThread), from the file read again by the thread
  const thread =
    (alongside ?? useThread(size)) ? clientModulesThread({ file: provider.effective, where, progress: size >= PROGRESS_BYTES }) : undefined;
  let client: ClientModules;
  let types: { schemaTs: string; apiTs: string };
  let readme: string;
  try {
    const { doc, refs } = await validatedDocument(provider, root, stage);
    // The README is rendered first: openapi-typescript may change the document it is given.
    const model = specModel(doc, { schemas: 'as-written' });
    readme = providerReadme(provider, model, specFile);
    if (thread) {
      // the types while the thread works; its error comes first, as it would in one thread
      const rendered = await stage('rendering types (openapi-typescript)', () => renderTypes(doc, where, model, refs)).then(
        (ok) => ({ ok }),
        (err: unknown) => ({ err }),
      );
      const { modules, stages } = await stage('waiting for validators.gen.ts and fake.gen.ts (worker thread)', () => thread.result);
      threadStages?.(stages);
      if ('err' in rendered) throw rendered.err;
      client = modules;
      types = rendered.ok;
    } else {
      client = clientModules(doc, where, stage);
      // Ajv's garbage collected before the types are rendered on top of it (client-modules.ts)
      if (size >= PROGRESS_BYTES) stage("collecting Ajv's garbage", collectGarbage);
      types = await stage('rendering types (openapi-typescript)', () => renderTypes(doc, where, model, refs));
    }
  } finally {
    await thread?.stop();
  }
  const { schemaTs, apiTs } = types;
  const { validatorsTs, fakeTs } = client;
  const outDir = join(provider.packageDir, 'src', 'generated');
  const files = {
    [join(outDir, 'schema.gen.ts')]: `${HEADER(provider.name, specFile)}\n${schemaTs}`,
    [join(outDir, 'api.gen.ts')]: `${HEADER(provider.name, specFile)}\n${apiTs}`,
    [join(outDir, 'validators.gen.ts')]: `${HEADER(provider.name, specFile)}${validatorsTs}`,
    [join(outDir, 'fake.gen.ts')]: `${HEADER(provider.name, specFile)}${fakeTs}`,
    [join(provider.packageDir, 'README.md')]: readme,
  };
  // Both files are rendered before either is written, so a failure leaves both old files.
  for (const [file, content] of Object.entries(files)) writeFileAtomic(file, content);
  return Object.keys(files);
}

/**
 * The provider's effective spec read, its references checked and validated (validateSpec); only
 * the parsed document is returned, with its schemas' references (schemaRefs: read by the
 * validation and again by renderTypes, which nothing between changes the document for): its
 * text and bytes (26 MB on GitHub's spec) are garbage once it has been checked, before the
 * generated modules are made.
 */
async function validatedDocument(provider: Provider, root: string, stage: Stage): Promise<{ doc: unknown; refs: SchemaRefs }> {
  const specFile = relative(root, provider.effective);
  const where = { provider: provider.name, file: specFile };
  const spec = stage(`reading ${specFile}`, () =>
    loadYamlSource(provider.effective, {
      provider: provider.name,
      label: specFile,
      missingHint: `build it first: npm run capi -- build-spec ${provider.name} (or npm run generate, which does both)`,
    }),
  );
  // effective.yaml is bundled: every reference in it is inside it (a hand edit could add others)
  checkRefs(spec, { base: provider.effective, scopeDir: provider.specDir, provider: provider.name, label: (p) => relative(root, p) });
  const refs = await stage('validating (Redocly struct, unresolved $refs)', async () => {
    const refs = schemaRefs(spec.data);
    await validateSpec(spec.text, provider.effective, where, spec.data, refs);
    return refs;
  });
  return { doc: spec.data, refs };
}

/** The package's README.md (generated: install, factory options, auth, operations, errors). */
function providerReadme(provider: Provider, model: SpecModel, specFile: string): string {
  const pkgFile = join(provider.packageDir, 'package.json');
  const pkg: { name?: string; description?: string } = existsSync(pkgFile) ? JSON.parse(readFileSync(pkgFile, 'utf8')) : {};
  const header =
    `<!-- GENERATED FILE - do not edit. Produced by scripts/lib/codegen/codegen.ts for "${provider.name}" from ${specFile}\n` +
    `     and src/index.ts (the factory's options). Change those and run \`npm run generate\`. -->\n`;
  return packageReadme({
    provider: provider.name,
    packageName: pkg.name ?? `@capi/${provider.name}`,
    description: pkg.description,
    model,
    specFile,
    packageDir: provider.packageDir,
    header,
  });
}

/**
 * Validates a spec before generation: Redocly's struct + unresolved-ref rules (openapi-typescript
 * resolves $refs but does not validate structure, and reports a dangling $ref only as a JSON
 * pointer; these rules give line numbers), then the shapes generation cannot take (a schema that
 * loops on itself, generation-checks.ts; a path with `?` or `#`, path-templates.ts). Only what can change the generated
 * types or requests stops generation: an annotation keyword in an OAS 3.1 schema, an unknown
 * keyword in a 3.0 one or `nullable: false` without `type` does not (lint reports the 3.0 ones).
 * Throws a UserError listing the first problems; its `fix` holds the overlay actions that
 * correct those it knows how to (provider:add prints them, --fix applies them). `refs`: the
 * document's schemaRefs (spec/schema-walk.ts), when the caller has them already.
 */
export async function validateSpec(
  text: string,
  absolutePath: string,
  where: Where,
  doc: unknown = loadYamlSource(absolutePath).data,
  refs?: SchemaRefs,
): Promise<void> {
  const config = await validationRules();
  // ours first: Redocly's resolver cannot read a document whose references only point at each other
  const ours = generationProblems(doc, undefined, refs); // the generation kinds of the registry (defects/index.ts)
  // a vendor extension (`x-logo` as a string, say) is not part of the contract codegen reads:
  // Redocly's typed view of some extensions is not a reason to stop generating
  const extension = (p: NormalizedProblem) => inExtension(parsePointer(p.location?.[0]?.pointer ?? ''));
  let found: NormalizedProblem[];
  try {
    // the document already parsed (the same js-yaml Redocly would parse the text with, or
    // JSON.parse for JSON): Redocly is given it with its text, so the text is not parsed again;
    // the text is read (as a YAML AST) only to name the line of a problem that is reported
    // a key named like a built-in of JavaScript objects (a property `valueOf`) is renamed for
    // Redocly, which would throw on it, and named again in what it reports (spec/inherited-names.ts)
    const renamed = renameInheritedNames(doc);
    found = await lintDocument({
      document: { source: new Source(absolutePath, text), parsed: renamed ? renamed.doc : doc },
      config: config.styleguide,
      externalRefResolver: new BaseResolver(config.resolve),
    });
    if (renamed)
      found = found.map((p) => ({
        ...p,
        message: renamed.restore(p.message),
        location: p.location.map((l) => (l.pointer === undefined ? l : { ...l, pointer: renamed.restore(l.pointer) })),
      }));
  } catch (err) {
    if (!ours.length) throw new UserError(`Redocly cannot read the document: ${(err as Error).message}`, { ...where, cause: err });
    found = [];
  }
  const ctx: StructContext = { schemas: null };
  const problems = found
    .filter((p) => p.severity === 'error' && !extension(p))
    .map((p) => ({ p, kind: structKind({ rule: p.ruleId, message: p.message, pointer: p.location?.[0]?.pointer }, doc, ctx) }))
    .filter((x) => x.kind.blocking);
  if (!problems.length && !ours.length) return;
  // lines and columns only for the problems shown: each one costs a scan of the text (Redocly's
  // getLineColLocation), seconds on a spec the size of GitHub's with a hundred problems
  const SHOWN = 10;
  const count = problems.length + ours.length;
  const shown = problems.slice(0, SHOWN).map(({ p }) => ({ p, at: getLineColLocation(p.location[0]).start }));
  const lines = [
    ...shown.map(({ p, at }) => `  ${where.file}:${at.line}:${at.col} ${p.message} (${p.ruleId})`),
    ...ours.slice(0, Math.max(0, SHOWN - problems.length)).map((o) => `  ${where.file} ${o.pointer} ${o.message}`),
  ];
  const more = count > SHOWN ? `\n  ... and ${count - SHOWN} more` : '';
  const first = shown[0]?.at;
  const err = new UserError(`invalid OpenAPI document (${count} problem(s)):\n${lines.join('\n')}${more}`, {
    ...where,
    line: first?.line,
    column: first?.col,
  });
  // the actions that correct what we know how to, once each and in order (removals of items of
  // one list highest index first, so each still hits its item)
  const seen = new Set<string>();
  const fix = [...problems.flatMap((x) => x.kind.fix ?? []), ...ours.flatMap((o) => o.fix)].filter((a) => {
    const key = JSON.stringify(a);
    return !seen.has(key) && seen.add(key);
  });
  err.fix = removeHighestIndexFirst(fix);
  err.unfixed = problems.filter((x) => !x.kind.fix?.length).length + ours.filter((o) => !o.fix.length && !o.covered).length;
  throw err;
}

/**
 * The two generated modules of a (valid) spec, as text. openapi-typescript may change the
 * document it is given, so the alias module is rendered first and the caller must not reuse
 * `doc` (or a model of it) afterwards (no defensive copy: on a spec the size of GitHub's it
 * costs 150 ms). `refs`: the document's schemaRefs as it is (spec/schema-walk.ts), when the
 * caller has them already.
 */
export async function renderTypes(
  doc: unknown,
  where: Where,
  model: SpecModel = specModel(doc, { schemas: 'as-written' }),
  refs?: SchemaRefs,
): Promise<{ schemaTs: string; apiTs: string }> {
  // specModel refuses anything else (a model passed in was made of this document)
  if (!isObject(doc)) throw new TypeError('an OpenAPI document must be an object');
  const version = String(doc.openapi ?? '');
  if (!/^3\.[01]\./.test(version)) {
    throw new UserError(
      `openapi-typescript reads OpenAPI 3.0 and 3.1 documents; this one says openapi: ${JSON.stringify(version).slice(0, 40)}`,
      where,
    );
  }
  const apiTs = apiModule(doc, model);
  // references into schemas get schemas of their own (type-shapes.ts): openapi-typescript would
  // index into the referring type and fail to compile (TS2339, TS2502)
  liftNestedRefs(doc, refs);
  // and parameter references into another operation's parameters get parameters of their own (same reason)
  liftParameterRefs(doc);
  let statements: ts.Node[];
  try {
    statements = transformSchema(doc as OpenAPI3, await typesContext(doc as OpenAPI3));
  } catch (err) {
    throw new UserError(`openapi-typescript failed: ${(err as Error).message}`, { ...where, cause: err });
  }
  const hoisted = hoistRecursiveMembers(statements);
  if (hoisted.unexpressible.length) {
    // checkGeneration finds these in the spec first, with the overlay actions; this is the rest
    throw new UserError(
      `the types would be circular (TS2502): ${hoisted.unexpressible.map((c) => c.join(' → ')).join('; ')} refer to each other with no object property or array item between them; give one of them a shape of its own in the overlay`,
      where,
    );
  }
  return { schemaTs: astToString(hoisted.statements), apiTs };
}

/**
 * openapi-typescript's context for one document: its defaults, with our options (`silent`, no
 * alphabetizing, binary strings as Blob). Its `openapiTS()` would first lint the document with
 * Redocly and bundle it (each a resolve and a walk of every node: about half its time on
 * GitHub's spec, bench/results.md "Codegen"). The document generated is already checked by
 * validateSpec (struct, unresolved references, unique operationIds: the one rule its lint
 * reported as an error) and bundled (effective.yaml, every reference inside it), so its
 * transform is called directly. The context type is openapi-typescript's own: an option it adds
 * in an upgrade fails the typecheck here.
 */
async function typesContext(doc: OpenAPI3): Promise<GlobalContext> {
  const options = { silent: true, alphabetize: false, transform: binaryAsBlob };
  return {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: true,
    // openapi-typescript's scan, run on the parts of the document it acts on (discriminator-scan.ts)
    discriminators: discriminatorsOf(doc, options),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    // read by openapiTS's lint and bundle only, which are not run
    redoc: await validationRules(),
    silent: true,
    inject: undefined,
    transform: binaryAsBlob,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve: ($ref) => resolveRef(doc, $ref, { silent: true }),
  };
}

const BLOB = ts.factory.createTypeReferenceNode('Blob');

/**
 * openapi-typescript's `transform`: a binary string (`format: binary`; in OAS 3.1 also
 * `contentEncoding: binary`, or a `contentMediaType` that is not text, without an encoding) is
 * a `Blob`, so a multipart file field or an octet-stream body is typed as what is sent.
 */
function binaryAsBlob(schema: unknown): ts.TypeNode | undefined {
  if (!isBinarySchema(schema) || !isObject(schema)) return undefined;
  const nullable = schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes('null'));
  return nullable ? ts.factory.createUnionTypeNode([BLOB, NULL]) : BLOB;
}

/** A TypeScript string literal (single quotes, as the rest of the generated module). */
const literal = tsString;

/** What specFacts reads from a spec; values the spec gives as they are (`unknown`: not checked here). */
interface SpecFacts {
  title: unknown;
  version: unknown;
  /** the document's servers' `url`s */
  servers: unknown[];
  security: readonly SecurityRequirement[];
  /** per "METHOD /path": the operation's own requirements, where it declares them */
  operationSecurity: Record<string, readonly SecurityRequirement[] | undefined>;
  /** per scheme name: its `type`, `scheme`, `in` and `name` (those it has); an oauth2 scheme's `flows` (token URLs, scope names) */
  securitySchemes: Record<string, Record<string, unknown>>;
  /** per "METHOD /path": the documented response statuses */
  operations: Record<string, string[]>;
  /** per "METHOD /path": the idempotency key header */
  idempotency: Record<string, string>;
  /** per "METHOD /path" with a request body: its media types */
  requestMedia: Record<string, string[] | undefined>;
  /** per "METHOD /path" with an operationId: it (what telemetry names the operation by) */
  operationIds: Record<string, string>;
  /** per "METHOD /path": the query parameters written otherwise than openapi-fetch's default (only when some are) */
  queryStyles?: Record<string, Record<string, QueryStyle>>;
  /** per "METHOD /path": how it pages (x-capi-pagination; only when some operation declares it) */
  pagination?: Record<string, PaginationFact>;
  /** how the provider signs webhooks (x-capi-webhook-signature; only when declared) */
  webhookSignature?: Record<string, unknown>;
}

/**
 * The facts from a spec that a client needs at run time (`spec` in api.gen.ts, `SpecFacts` in
 * @capi/core): servers, security (the document's, and each operation's own), schemes, statuses,
 * idempotency key headers, the request body's media types and the operationId per "METHOD /path".
 */
export function specFacts(doc: SpecNode, model: SpecModel = specModel(doc, { schemas: 'as-written' })): SpecFacts {
  const operations = model.operations;
  return {
    title: doc.info?.title,
    version: doc.info?.version,
    servers: model.servers.map((s) => s.url),
    security: model.security,
    operationSecurity: Object.fromEntries(operations.filter((o) => o.ownSecurity).map((o) => [o.key, o.ownSecurity])),
    securitySchemes: Object.fromEntries(
      Object.entries(model.securitySchemes).map(([name, s]) => [
        name,
        { ...pick(s, ['type', 'scheme', 'in', 'name']), ...(s.type === 'oauth2' ? { flows: oauthFlows(s.flows) } : {}) },
      ]),
    ),
    operations: Object.fromEntries(operations.map((o) => [o.key, o.responses.map((r) => r.status)])),
    idempotency: idempotencyHeaders(doc, operations),
    // the request body's media types in the spec's order: the client serialises a body by them
    requestMedia: Object.fromEntries(
      operations.filter((o) => o.requestBody?.media.length).map((o) => [o.key, o.requestBody?.media.map((m) => m.type)]),
    ),
    operationIds: Object.fromEntries(operations.filter((o) => o.operationId !== undefined).map((o) => [o.key, o.operationId as string])),
    ...extensionFacts(doc, model),
  };
}

/** Pagination, webhook signature and query style facts, present only when the spec has some. */
function extensionFacts(doc: SpecNode, model: SpecModel): Pick<SpecFacts, 'pagination' | 'webhookSignature' | 'queryStyles'> {
  const pagination = paginationFacts(model);
  const signature = webhookSignature(doc);
  const styles = queryStyles(model);
  return {
    ...(Object.keys(pagination).length ? { pagination } : {}),
    ...(signature ? { webhookSignature: signature } : {}),
    ...(Object.keys(styles).length ? { queryStyles: styles } : {}),
  };
}

/**
 * How one query parameter is written (the `queryStyles` facts): a declared style, or `json` for a
 * parameter described by `content` with a JSON media type (its value sent as one `name=<json>`
 * pair). Declared twice: here, what codegen writes, and as `QueryStyle` in @capi/core's query.ts,
 * what the client reads. No legal one home: @capi/scripts must not import @capi/core (core's build
 * would come before every scripts task), and the published @capi/core cannot import @capi/scripts;
 * scripts/test/codegen/query-style-agreement.test.mjs fails when the two disagree.
 */
type QueryStyle =
  | { style: 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject'; explode: boolean; allowReserved?: boolean }
  | { json: true };
const QUERY_STYLES = new Set(['form', 'spaceDelimited', 'pipeDelimited', 'deepObject']);

/**
 * The query parameters whose declared serialisation (OpenAPI's defaults filled in: `form`, and
 * `explode` true for form) is not what openapi-fetch writes by default for their value's shape:
 * an array as `form`/`explode: true` (`a=1&a=2`), an object as `deepObject`. The client writes
 * these as declared (@capi/core query.ts); without this, `explode: false` arrays went out
 * exploded and Prism read one item. A style OpenAPI does not define for the query is left out.
 * A parameter described by `content` (instead of `schema`) whose media type is JSON is `json`:
 * the client sends its value's JSON text (openapi-fetch would explode an object or an array);
 * one of another media type is left as openapi-fetch writes it.
 */
function queryStyles(model: SpecModel): Record<string, Record<string, QueryStyle>> {
  const out: Record<string, Record<string, QueryStyle>> = {};
  const put = (op: string, name: string, value: QueryStyle) => {
    // defined, not assigned: a parameter named `__proto__` stays a key
    out[op] ??= {};
    Object.defineProperty(out[op], name, { value, enumerable: true, writable: true, configurable: true });
  };
  for (const op of model.operations) {
    for (const p of op.parameters) {
      if (p.in !== 'query') continue;
      // as the spec model reads it: `content` where there is no `schema`, its first media type
      if (!('schema' in p.node) && isObject(p.node.content)) {
        const [media] = Object.keys(p.node.content);
        if (media !== undefined && mediaKind(media) === 'json') put(op.key, p.name, { json: true });
        continue;
      }
      const style = p.node.style ?? 'form';
      if (typeof style !== 'string' || !QUERY_STYLES.has(style)) continue;
      const explode = typeof p.node.explode === 'boolean' ? p.node.explode : style === 'form';
      const shape = valueShape(model, p.schema);
      const differs = shape === 'array' ? style !== 'form' || !explode : shape === 'object' ? style !== 'deepObject' : false;
      if (!differs || (shape === 'array' && style === 'deepObject')) continue;
      put(op.key, p.name, {
        style: style as 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject',
        explode,
        ...(p.node.allowReserved === true ? { allowReserved: true as const } : {}),
      });
    }
  }
  return out;
}

/** Whether a parameter's schema holds an array or an object (`$ref`s followed), if it says. */
function valueShape(model: SpecModel, schema: unknown): 'array' | 'object' | undefined {
  const node = model.resolve(schema);
  if (!node) return undefined;
  const types = Array.isArray(node.type) ? node.type : [node.type];
  if (types.includes('array') || (node.type === undefined && node.items !== undefined)) return 'array';
  if (types.includes('object') || (node.type === undefined && node.properties !== undefined)) return 'object';
  return undefined;
}

/** The run-time facts and named type aliases of one spec. */
export function apiModule(doc: SpecNode, model: SpecModel = specModel(doc, { schemas: 'as-written' })): string {
  const operations = model.operations;
  const facts = specFacts(doc, model);
  const pages = pagesType(model, facts.pagination ?? {});
  const hooks = webhooksType(model);
  const more = [...(Object.keys(facts.pagination ?? {}).length ? ['paths'] : []), ...(hooks.usesWebhooks ? ['webhooks'] : [])];
  const lines = [
    `import type { components, operations } from './schema.gen.js';`,
    ...(more.length ? [`import type { ${more.join(', ')} } from './schema.gen.js';`] : []),
    '',
    '/** Facts from the effective spec that the client needs at run time. */',
    `export const spec = ${sourceJson(facts, 2).replace(/\n\}$/, `,\n  ${VALIDATORS_LOADER},\n}`)} as const;`,
    '',
    ...pages,
    ...hooks.lines,
  ];
  const taken = new Set(['spec', 'Pages', ...(hooks.lines.length ? ['Webhooks', 'webhookNames'] : [])]);
  const alias = (name: string, type: string, doc?: string) => {
    if (!/^[A-Za-z_$][\w$]*$/.test(name) || taken.has(name)) return;
    taken.add(name);
    if (doc) lines.push(`/** ${commentText(doc)} */`);
    lines.push(`export type ${name} = ${type};`);
  };
  for (const name of Object.keys(doc.components?.schemas ?? {})) {
    // A schema named like a global (Error, Date, ...) gets a suffix, so importing it does not
    // shadow the global in the user's module.
    const id = GLOBALS.has(pascal(name)) ? `${pascal(name)}Schema` : pascal(name);
    alias(id, `components['schemas'][${literal(name)}]`, `Schema \`${name}\`.`);
  }
  for (const { operationId, method, path, requestBody, pathParams, responses } of operations) {
    if (!operationId) continue;
    const base = pascal(operationId);
    // openapi-typescript keys operations by operationId with `#` as `/` (it reads `#` as a reference)
    const opRef = `operations[${literal(operationId.replace(/#/g, '/'))}]`;
    // the media type a call sends unless told otherwise: JSON first, else the first declared
    const body = requestBody?.preferred;
    if (body) {
      alias(
        `${base}Body`,
        `NonNullable<${opRef}['requestBody']>['content'][${literal(body.type)}]`,
        `Request body of ${method} ${path}${body.json ? '' : ` (${body.type})`}.`,
      );
    }
    if (pathParams.length) alias(`${base}PathParams`, `${opRef}['parameters']['path']`, `Path parameters of ${method} ${path}.`);
    const errors: string[] = [];
    for (const { status, json } of responses) {
      if (!json) continue;
      const type = `${opRef}['responses'][${/^\d+$/.test(status) ? status : literal(status)}]['content'][${literal(json.type)}]`;
      const ok = /^2/.test(status);
      alias(`${base}${ok ? 'Response' : 'Error'}${pascal(status)}`, type, `${status} body of ${method} ${path}.`);
      if (!ok) errors.push(`${base}Error${pascal(status)}`);
    }
    if (errors.length) alias(`${base}ErrorBody`, errors.join(' | '), `Any documented error body of ${method} ${path}.`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The idempotency key header per "METHOD /path", from the overlay extension
 * `x-capi-idempotency: { header: Idempotency-Key }`. At document level it covers the
 * non-idempotent operations (POST, PATCH); at operation level it covers that operation, and
 * `x-capi-idempotency: false` there opts the operation out.
 */
export function idempotencyHeaders(
  doc: SpecNode,
  operations: readonly { method: string; path: string; node: Record<string, unknown> }[],
): Record<string, string> {
  const header = (ext: unknown, where: string): string | undefined => {
    if (ext === undefined || ext === false) return undefined;
    const name: unknown = isObject(ext) ? ext.header : undefined;
    if (typeof name !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new UserError(`${where}: x-capi-idempotency must be { header: <header name> } or false`);
    }
    return name;
  };
  const fromDoc = header(doc['x-capi-idempotency'], 'document');
  const out: Record<string, string> = {};
  for (const { method, path, node } of operations) {
    const own = node['x-capi-idempotency'];
    const name = own !== undefined ? header(own, `${method} ${path}`) : method === 'POST' || method === 'PATCH' ? fromDoc : undefined;
    if (name) out[`${method} ${path}`] = name;
  }
  return out;
}

const GLOBALS = new Set([
  'Error',
  'Object',
  'Array',
  'Date',
  'String',
  'Number',
  'Boolean',
  'Function',
  'Symbol',
  'Map',
  'Set',
  'Promise',
  'Request',
  'Response',
  'Headers',
  'URL',
  'Record',
  'Partial',
  'Required',
  'Readonly',
]);
/** The flows OpenAPI defines (3.2 adds deviceAuthorization); a client reads these. */
const OAUTH_FLOWS = ['clientCredentials', 'authorizationCode', 'password', 'implicit', 'deviceAuthorization'];

/**
 * An oauth2 scheme's flows as the client needs them at run time: each known flow's tokenUrl and
 * refreshUrl (strings only) and its scope names (not their descriptions).
 */
function oauthFlows(flows: unknown): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  if (!isObject(flows)) return out;
  for (const flow of OAUTH_FLOWS) {
    const f = flows[flow];
    if (!isObject(f)) continue;
    out[flow] = {
      ...(typeof f.tokenUrl === 'string' ? { tokenUrl: f.tokenUrl } : {}),
      ...(typeof f.refreshUrl === 'string' ? { refreshUrl: f.refreshUrl } : {}),
      scopes: isObject(f.scopes) ? Object.keys(f.scopes) : [],
    };
  }
  return out;
}

const pick = (o: SpecNode, keys: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
