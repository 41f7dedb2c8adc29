// Real Prism servers, in-process: @stoplight/prism-http-server on 127.0.0.1, port 0. The Prism
// modules are imported once per process (about 1.4 s); each server then starts in tens of ms.
// Errors mode is on: a request or (in proxy mode) a response that breaks the contract gets an
// error response instead of a warning header.
//
// Also how Prism's answers are read: its violations (the `sl-violations` header, its own problem
// bodies), a request it left unanswered, and a response it cannot make valid (MockLimitation).
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { formatPointer } from '@capi/scripts/lib/spec/json-pointer.ts';
import { boundedRegExp } from '@capi/scripts/lib/lint/patterns.ts';
import { walkSchemaAt } from '@capi/scripts/lib/spec/schema-walk.ts';
import { mediaEssence } from '@capi/scripts/lib/spec/media-type.ts';
import type { SpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import type { Violation } from './judge/violations.ts';
import { tidyReason } from './judge/reasons.ts';
import { readHttpOperations } from './prism-operations.ts';
import { suiteOptions } from './options.ts';

/**
 * Whether a console line is the note Prism's sampler (`@stoplight/json-schema-sampler`, which
 * Prism calls without its `quiet` option) prints each time it generates an `allOf` whose type is
 * array: "found allOf with "array" type. Result may be incorrect". AWS's specs wrap every array
 * `$ref` in an `allOf` with a description (workdocs: 244 such lines in one conformance run); the
 * case judges the answer against the schema either way, so the note only hides the real output
 * (vitest.config.mjs drops it).
 */
export const isSamplerNote = (line: string): boolean => /^JSON Schema Sampler: found allOf with "array" type\b/.test(line.trim());

/** How long a contract case waits for Prism's answer (CONFORMANCE_REQUEST_TIMEOUT_MS, src/options.ts); it answers in milliseconds. */
export const requestTimeoutMs = (): number => suiteOptions().requestTimeoutMs;
/** Requests without an answer after which a provider's remaining cases stop at once. */
export const NO_ANSWER_LIMIT = 3;

// biome-ignore lint/suspicious/noExplicitAny: Prism's modules ship no types this app checks against
type Untyped = any;

let prismModules: Promise<{ http: Untyped; server: Untyped; core: Untyped }> | undefined;
/**
 * Prism 5.16 reads a body as JSON only for `application/json` and `application/*+json` (type-is,
 * in its server's request parser, its serialiser and its proxy's response parser). `text/json`
 * (nonstandard, common in .NET APIs: hetras-certification.net), which the clients send and parse
 * as JSON (mediaKind), it reads as text: every valid request body "must be object", and an object
 * answer "cannot be serialised as text". The harness's Prism reads it as JSON too: the type-is
 * Prism resolves answers its JSON question about a text/json value with `application/json`, and
 * everything else as before. Done before Prism's server module loads (it keeps the function).
 */
function textJsonAsJson(): void {
  const req = createRequire(import.meta.resolve('@stoplight/prism-http-server'));
  const file = req.resolve('type-is');
  const original: Untyped = req('type-is');
  if (original.capiTextJson) return;
  const asksJson = (types: unknown): boolean => Array.isArray(types) && types.includes('application/json');
  const textJson = (value: unknown): boolean => typeof value === 'string' && mediaEssence(value) === 'text/json';
  const is = original.is;
  // the module object the prism-http modules already hold: its `is` read at each call
  original.is = (value: unknown, types: unknown, ...rest: unknown[]) =>
    asksJson(types) && textJson(value) ? 'application/json' : is(value, types, ...rest);
  const typeofrequest = (request: Untyped, types: unknown, ...rest: unknown[]) =>
    asksJson(types) && original.hasBody(request) && textJson(request?.headers?.['content-type'])
      ? 'application/json'
      : original(request, types, ...rest);
  const cached = req.cache[file];
  if (cached) cached.exports = Object.assign(typeofrequest, original, { capiTextJson: true });
}

/**
 * Prism 5.16's dynamic mock hands json-schema-faker the schema (cloned) and the operation's
 * `__bundled__` (not cloned), and json-schema-faker resolves a $ref by merging its target into the
 * object that held it and deleting the $ref, in place: a $ref inside a list (allOf, anyOf, items)
 * of a bundled schema is rewritten, and one it stops following (a cycle past its depth) becomes
 * `{}`. Prism's validator compiles every later schema of that operation with the same bundle
 * object, and the operations of a large spec share one (src/prism-operations.ts): one dynamic
 * answer made later requests pass unchecked, or fail to compile (a 500), and later answers be made
 * of the rewritten schemas. Here its generator gets a copy of what the schema refers to in the
 * bundle (`test/dynamic-mock-copy.test.mjs`). Done before Prism's mocker runs; the mocker reads
 * `generate` from the module object at each call.
 */
function dynamicMockOwnCopy(): void {
  const req = createRequire(import.meta.resolve('@stoplight/prism-http'));
  const generator: Untyped = req(join(dirname(req.resolve('@stoplight/prism-http')), 'mocker', 'generator', 'JSONSchema.js'));
  if (generator.capiOwnCopy) return;
  const generate = generator.generate;
  generator.generate = (resource: unknown, bundle: unknown, source: unknown, seed: unknown) =>
    generate(resource, bundleCopy(bundle, source), source, seed);
  generator.capiOwnCopy = true;
}

/** What `source` refers to in `bundle` (through other entries too), copied; `bundle` as it is when it is no object. */
function bundleCopy(bundle: unknown, source: unknown): unknown {
  if (!bundle || typeof bundle !== 'object' || Array.isArray(bundle)) return bundle;
  const entries = bundle as Record<string, unknown>;
  const keys = reachable(entries, source);
  if (keys === null) return structuredClone(bundle);
  const copy: Record<string, unknown> = {};
  for (const key of keys)
    Object.defineProperty(copy, key, { value: structuredClone(entries[key]), enumerable: true, writable: true, configurable: true });
  return copy;
}

const BUNDLED = '#/__bundled__/';
const reachableKeys = new WeakMap<object, WeakMap<object, string[] | null>>();
/** The bundle's entries `source` refers to, or null when a $ref names none of them (the whole bundle is copied then). */
function reachable(bundle: Record<string, unknown>, source: unknown): string[] | null {
  if (!source || typeof source !== 'object') return [];
  let bySource = reachableKeys.get(bundle);
  if (!bySource) {
    bySource = new WeakMap();
    reachableKeys.set(bundle, bySource);
  }
  if (bySource.has(source)) return bySource.get(source) ?? null;
  const keys = new Set<string>();
  const seen = new Set<object>();
  let unknown = false;
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith(BUNDLED)) {
      // json-schema-faker reads the entry by the pointer's first segment after __bundled__
      let key = ref.slice(BUNDLED.length).split('/')[0] ?? '';
      try {
        key = decodeURIComponent(key);
      } catch {}
      key = key.replaceAll('~1', '/').replaceAll('~0', '~');
      if (!Object.hasOwn(bundle, key)) unknown = true;
      else if (!keys.has(key)) {
        keys.add(key);
        walk(bundle[key]);
      }
    }
    for (const value of Object.values(node)) walk(value);
  };
  walk(source);
  const found = unknown ? null : [...keys];
  bySource.set(source, found);
  return found;
}

/**
 * Prism's Ajv, changed in one place: `compile` on the Ajv class Prism's Ajv classes extend (so
 * the harness's own compile checks, made from those classes, go through it too) is replaced once
 * per process by one wrapper, which does two things in this order:
 *
 * - bounded patterns: Prism's validator compiles a schema's `pattern` with its own Ajv; one that
 *   backtracks catastrophically (`^(a|aa)+$`, capi/pattern-backtracking) blocked the process,
 *   Prism and the contract tests on one event loop, on a value that does not match it, and a
 *   JavaScript RegExp cannot be interrupted. Each instance's `code.regExp` becomes boundedRegExp,
 *   as the harness's own validators have it (the linear form of such a pattern, or none: every
 *   string matches, so Prism and the harness judge it alike), set on the instance as it
 *   compiles, since Prism makes its instances inside its modules. `test/prism-patterns.test.mjs`.
 * - shared bundle entries: Prism 5.16's validator compiles each schema as a root of its own,
 *   `{ ...schema, __bundled__ }`, in its own Ajv instances (one per draft, with and without
 *   coercion; not exported), and Ajv compiles a `$ref` into the root's `__bundled__` once per
 *   root: every schema compiled everything it reaches again, component by component
 *   (stripe.com's success schemas reach hundreds of components each: most of a contract
 *   worker's Ajv time, docs/conformance.md, Speed). The root is compiled with each entry of the
 *   bundle it reaches added once to that Ajv instance as a schema of its own (`BUNDLE_ID`…,
 *   compiled on first use, then shared by every root that refers to it), and the root's and the
 *   entries' `$ref`s to them written as those ids (sharedRoot). Ajv compiles the same code for
 *   it (a `$ref` is inlined or called by the same rule, the errors are the same, a schema that
 *   does not compile still fails the root that reaches it), only once. A root it cannot say that
 *   of (another kind of `$ref`, one into part of an entry, an `$id` or a dynamic reference
 *   anywhere) is compiled as it is. `test/prism-shared-compile.test.mjs`.
 */
function wrapPrismCompile(): void {
  const Ajv: Untyped = prismModule()('ajv/dist/core').default;
  const proto = Ajv.prototype;
  if (proto.capiCompile) return;
  const compile = proto.compile;
  proto.compile = function compilePrism(this: Untyped, schema: unknown, meta?: unknown) {
    // set on the instance as it compiles, since Prism makes its instances inside its modules
    if (this.opts?.code && this.opts.code.regExp !== boundedRegExp) this.opts.code.regExp = boundedRegExp;
    let shared: unknown;
    try {
      shared = sharedRoot(this, schema);
    } catch {
      shared = undefined; // compiled as Prism hands it
    }
    return compile.call(this, shared ?? schema, meta);
  };
  proto.capiCompile = true;
}

/** Where a shared bundle's entries are added: `<BUNDLE_ID><bundle>/<entry>`. */
const BUNDLE_ID = 'https://capi.invalid/prism-bundle/';
const BUNDLED_REF = '#/__bundled__/';
/** Keywords whose values are data, never schemas: left as they are. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'example', 'examples']);
/** Keywords that make a schema's meaning depend on where it sits: such a root is compiled as it is. */
const PLACED_KEYWORDS = ['$id', '$anchor', '$dynamicAnchor', '$dynamicRef', '$recursiveAnchor', '$recursiveRef'];

type Rewritten = { schema: unknown; keys: Set<string> };
type BundleState = { id: number; entries: Map<string, Rewritten | null>; names: Map<string, number> };
let bundlesMade = 0;
const bundleStates = new WeakMap<object, BundleState>();
/** The entries of each bundle already added to an Ajv instance. */
const addedTo = new WeakMap<object, WeakMap<object, Set<string>>>();
/** Entries added to an Ajv instance by wrapPrismCompile, counted (for tests: each once per instance). */
export const sharedBundleEntries = { added: 0 };

/** `node` with its `$ref`s into the bundle written as the entries' ids; null when it cannot be (see wrapPrismCompile). */
function rewrite(node: unknown, state: BundleState, bundle: object, keys: Set<string>, made: Map<object, unknown>): unknown {
  if (!node || typeof node !== 'object') return node;
  const done = made.get(node);
  if (done !== undefined) return done;
  let out: unknown;
  if (Array.isArray(node)) {
    const list: unknown[] = [];
    for (const item of node) {
      const r = rewrite(item, state, bundle, keys, made);
      if (r === null && item !== null) return null;
      list.push(r);
    }
    out = list;
  } else {
    const o = node as Record<string, unknown>;
    if (PLACED_KEYWORDS.some((k) => Object.hasOwn(o, k))) return null;
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(o)) {
      let r: unknown;
      if (key === '$ref' && typeof value === 'string') {
        r = entryId(value, state, bundle, keys);
        if (r === null) return null;
      } else if (DATA_KEYWORDS.has(key)) r = value;
      else {
        r = rewrite(value, state, bundle, keys, made);
        if (r === null && value !== null) return null;
      }
      Object.defineProperty(copy, key, { value: r, enumerable: true, writable: true, configurable: true });
    }
    out = copy;
  }
  made.set(node, out);
  return out;
}

/** The id a `$ref` to a whole entry of the bundle becomes (its key noted in `keys`), else null. */
function entryId(ref: string, state: BundleState, bundle: object, keys: Set<string>): string | null {
  if (!ref.startsWith(BUNDLED_REF)) return null;
  const segment = ref.slice(BUNDLED_REF.length);
  if (segment.includes('/') || segment.includes('#')) return null; // into part of an entry
  let key: string;
  try {
    key = decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~');
  } catch {
    return null;
  }
  if (!Object.hasOwn(bundle, key)) return null;
  keys.add(key);
  let n = state.names.get(key);
  if (n === undefined) {
    n = state.names.size;
    state.names.set(key, n);
  }
  return `${BUNDLE_ID}${state.id}/${n}`;
}

/** An entry of the bundle rewritten (once per bundle), or null when it cannot be. */
function entry(state: BundleState, bundle: Record<string, unknown>, key: string): Rewritten | null {
  if (state.entries.has(key)) return state.entries.get(key) ?? null;
  const value = bundle[key];
  const keys = new Set<string>();
  // an entry of its own would be a root, where `$schema` names its dialect: one that has it is not shared
  const schema =
    typeof value === 'boolean'
      ? value
      : value && typeof value === 'object' && !Array.isArray(value) && !Object.hasOwn(value, '$schema')
        ? rewrite(value, state, bundle, keys, new Map())
        : null;
  const found = schema === null ? null : { schema, keys };
  state.entries.set(key, found);
  return found;
}

/** The root to compile in place of `root` on `ajv` (its entries added to it), or undefined: `root` as it is. */
function sharedRoot(ajv: Untyped, root: unknown): unknown {
  if (!root || typeof root !== 'object' || Array.isArray(root)) return undefined;
  const bundle = (root as { __bundled__?: unknown }).__bundled__;
  if (!bundle || typeof bundle !== 'object' || Array.isArray(bundle)) return undefined;
  const entries = bundle as Record<string, unknown>;
  let state = bundleStates.get(bundle);
  if (!state) {
    state = { id: ++bundlesMade, entries: new Map(), names: new Map() };
    bundleStates.set(bundle, state);
  }
  const { __bundled__, ...rest } = root as Record<string, unknown>;
  const keys = new Set<string>();
  const schema = rewrite(rest, state, bundle, keys, new Map());
  if (schema === null) return undefined;
  // every entry it reaches, through the others too
  const reached = new Set<string>();
  const queue = [...keys];
  for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
    if (reached.has(key)) continue;
    const found = entry(state, entries, key);
    if (!found) return undefined;
    reached.add(key);
    queue.push(...found.keys);
  }
  let byBundle = addedTo.get(ajv);
  if (!byBundle) {
    byBundle = new WeakMap();
    addedTo.set(ajv, byBundle);
  }
  let added = byBundle.get(bundle);
  if (!added) {
    added = new Set();
    byBundle.set(bundle, added);
  }
  for (const key of reached) {
    if (added.has(key)) continue;
    // not checked against the meta-schema: inside `__bundled__` Ajv never checked it either
    ajv.addSchema(state.entries.get(key)?.schema, `${BUNDLE_ID}${state.id}/${state.names.get(key)}`, undefined, false);
    added.add(key);
    sharedBundleEntries.added++;
  }
  return schema;
}

async function prism(): Promise<{ http: Untyped; server: Untyped; core: Untyped }> {
  if (!prismModules) {
    textJsonAsJson();
    dynamicMockOwnCopy();
    wrapPrismCompile();
  }
  prismModules ??= Promise.all([
    import('@stoplight/prism-http'),
    import('@stoplight/prism-http-server'),
    import('@stoplight/prism-core'),
  ]).then(([http, server, core]) => ({ http, server, core }));
  return prismModules;
}

const parsed = new Map<string, Promise<Untyped[]>>();
/**
 * Prism's operations of a spec file, read (parsed, every $ref resolved) once per process: a
 * provider's mock, its proxy and each Prism of one operation (sharedRoute) serve the same file,
 * and reading a large spec is most of a Prism's start (a 2.4 MB spec: seconds each time).
 * Prism only reads them while it serves, so the servers share them.
 */
export function httpOperations(specFile: string): Promise<Untyped[]> {
  // the file as it is now (a test may write another spec to the same path)
  const key = (() => {
    try {
      const st = statSync(specFile);
      return `${specFile}\0${st.mtimeMs}\0${st.size}`;
    } catch {
      return null; // not there: Prism says so
    }
  })();
  const cached = key === null ? undefined : parsed.get(key);
  if (cached) return cached;
  // as Prism's getHttpOperationsFromSpec reads them, in time linear in the spec (src/prism-operations.ts)
  const ops = prism().then(() => readHttpOperations(specFile));
  if (key !== null) {
    parsed.set(key, ops);
    ops.catch(() => parsed.delete(key)); // a failure is not kept: the next start reads again
  }
  return ops;
}

/** A Prism server on 127.0.0.1. */
export interface PrismServer {
  readonly url: string;
  uncheckedResponse(method: string, path: string, status: string | number): string | null;
  uncheckedRequest(method: string, path: string, mediaType: string): string | null;
  /**
   * Whether Prism's validator accepts a value as the JSON body of that response (null: it checks
   * none there): to tell its refusal of a body ours accepts (src/judge/defects.ts).
   */
  prismAccepts(method: string, path: string, status: string | number): ((value: unknown) => boolean) | null;
  close(): Promise<void>;
}

/**
 * @param specFile effective spec
 * @param opts upstream: proxy to this URL (validating its responses) instead of mocking; port:
 *   where to listen on 127.0.0.1 (default 0, a free port); only: serve that one operation (the
 *   method and the path as the spec writes it), for one Prism would route elsewhere (sharedRoute);
 *   serve: serve only these operations (`<method> <path>`, the method lower case): a worker's
 *   share of a split provider, so Prism routes each request among those (its router tries every
 *   operation it serves, per request)
 */
export async function startPrism(
  specFile: string,
  opts: { upstream?: string; port?: number; only?: { method: string; path: string }; serve?: ReadonlySet<string> } = {},
): Promise<PrismServer> {
  const { server, core } = await prism();
  const only = opts.only;
  const serve = opts.serve;
  const operations = (await httpOperations(specFile)).filter(
    (o: Untyped) =>
      (!only || (o.method === only.method.toLowerCase() && o.path === only.path)) && (!serve || serve.has(`${o.method} ${o.path}`)),
  );
  const logger = core.createLogger('prism', { level: 'silent' });
  const base = {
    checkSecurity: true,
    validateRequest: true,
    validateResponse: true,
    errors: true,
    upstreamProxy: undefined,
    mock: { dynamic: false },
  };
  const config = opts.upstream ? { ...base, isProxy: true, upstream: new URL(opts.upstream) } : { ...base, isProxy: false };
  const instance = server.createServer(operations, { components: { logger }, cors: false, config });
  // Prism rejects a failed listen with the bare message string; keep the code (EADDRINUSE, ...)
  const address: string = await instance.listen(opts.port ?? 0, '127.0.0.1').catch((reason: Untyped) => {
    const err: NodeJS.ErrnoException = new Error(`Prism cannot listen on 127.0.0.1:${opts.port ?? 0}: ${reason?.message ?? reason}`);
    err.code = /\b(E[A-Z]+)\b/.exec(String(reason?.message ?? reason))?.[1];
    throw err;
  });
  let closed = false;
  const unchecked = new Map<string, string | null>();
  const accepting = new Map<string, ((value: unknown) => boolean) | null>();
  return {
    url: address.replace(/\/$/, ''),
    /**
     * Why Prism never checks its answer of `status` to `method path` (null: it does). Prism 5.16
     * merges a response schema's allOf (falling back to the schema as it is when the merge
     * fails, e.g. on a vendor extension two parts give different values), compiles it with
     * Ajv and drops the error when that fails (`nullable` without `type` on an allOf part): the
     * answer then goes out unchecked, with no violation. Done here the same way, with Prism's modules.
     */
    uncheckedResponse(method: string, path: string, status: string | number): string | null {
      const key = `${method.toLowerCase()} ${path} ${status}`;
      if (!unchecked.has(key)) unchecked.set(key, compileError(operations, method.toLowerCase(), path, String(status)));
      return unchecked.get(key) ?? null;
    },
    /**
     * Why Prism checks no request body of `mediaType` sent to `method path` (null: it does): it
     * compiles the body's schema with Ajv (unicode patterns) and, when that fails, drops the
     * error and accepts any body. Done here the same way, with Prism's modules.
     */
    uncheckedRequest(method: string, path: string, mediaType: string): string | null {
      const key = `${method.toLowerCase()} ${path} request ${mediaType}`;
      if (!unchecked.has(key)) unchecked.set(key, requestCompileError(operations, method.toLowerCase(), path, mediaType));
      return unchecked.get(key) ?? null;
    },
    prismAccepts(method: string, path: string, status: string | number): ((value: unknown) => boolean) | null {
      const key = `${method.toLowerCase()} ${path} ${status}`;
      if (!accepting.has(key)) accepting.set(key, prismAcceptsBody(operations, method.toLowerCase(), path, String(status)));
      return accepting.get(key) ?? null;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await instance.close();
    },
  };
}

/**
 * Whether Prism 5.16 reads a form body (multipart/form-data or application/x-www-form-urlencoded)
 * sent as `contentType` without throwing. Its request validator reads a multipart form with npm
 * parse-multipart-data, which throws on parts a client may well send (a file part without a
 * Content-Type, which RFC 7578 makes optional; a part without a name or a Content-Disposition; a
 * file name unquoted or written `filename*=UTF-8''...`), then decodes each field's name and value
 * as a URI component, where a name with a malformed %-escape (`%zz`) throws from the catch block
 * meant for it. Both throw outside Prism's promise chain: the rejection was unhandled, and ended
 * the process. Asked with Prism's own functions (its boundary reading, form readers and
 * decoding, in its order), so the answer is Prism's. A body of another media type, or a multipart
 * one without a boundary (Prism answers that itself, 415), is read.
 */
export function prismReadsForm(body: Uint8Array, contentType: string): boolean {
  const load = prismModule();
  const validators = join(dirname(load.resolve('@stoplight/prism-http')), 'validator', 'validators');
  const { parseMIMEHeader } = load(join(validators, 'headers.js'));
  const forms = load(join(validators, 'body.js'));
  try {
    const [boundary, mediaType] = parseMIMEHeader(contentType);
    const text = () => Buffer.from(body).toString('utf8');
    const read =
      mediaType === 'multipart/form-data'
        ? boundary && forms.parseMultipartFormDataParams(text(), boundary)
        : mediaType === 'application/x-www-form-urlencoded'
          ? forms.splitUriParams(text())
          : undefined;
    // an fp-ts Either: the fields on its right
    if (read?._tag === 'Right') forms.decodeUriEntities(read.right, mediaType);
    return true;
  } catch {
    return false;
  }
}

let prismRequire: NodeJS.Require | undefined;
/** require() as Prism's own modules resolve (its Ajv, its allOf merge). */
function prismModule(): NodeJS.Require {
  prismRequire ??= createRequire(import.meta.resolve('@stoplight/prism-http'));
  return prismRequire;
}
/**
 * A response schema as Prism's validator compiles it: its allOf merged (as written when the merge
 * fails), in an Ajv of its draft (`$schema`; draft-07 otherwise) with ajv-formats, the
 * operation's `__bundled__` beside it. Throws what Ajv throws when it cannot compile it.
 */
function compileAsPrism(op: Untyped, schema: Untyped): (value: unknown) => boolean {
  const load = prismModule();
  const merge = load('@stoplight/json-schema-merge-allof');
  let merged = schema;
  try {
    merged = merge(schema, { deep: true, ignoreAdditionalProperties: true });
  } catch {
    // Prism validates the schema as it is
  }
  const draft = String(merged.$schema ?? '');
  const Validator = load(/2020-12/.test(draft) ? 'ajv/dist/2020' : /2019-09/.test(draft) ? 'ajv/dist/2019' : 'ajv').default;
  const ajv = new Validator({ allErrors: true, allowUnionTypes: true, allowMatchingProperties: true, strict: false, logger: false });
  load('ajv-formats').default(ajv);
  return ajv.compile({ ...merged, __bundled__: op.__bundled__ });
}

/** The documented response `status` of `method path` among Prism's operations, with its operation. */
function prismResponse(operations: Untyped[], method: string, path: string, status: string): { op: Untyped; response: Untyped } | null {
  const op = operations.find((o) => o.method === method && o.path === path);
  const response = op?.responses.find((r: Untyped) => r.code === status);
  return response ? { op, response } : null;
}

/** The error of compiling a response's schemas the way Prism's validator does, or null. */
function compileError(operations: Untyped[], method: string, path: string, status: string): string | null {
  const found = prismResponse(operations, method, path, status);
  if (!found) return null;
  for (const content of found.response.contents ?? []) {
    if (!content.schema) continue;
    try {
      compileAsPrism(found.op, content.schema);
    } catch (err) {
      return String((err as Error)?.message ?? err);
    }
  }
  return null;
}

/**
 * Whether Prism's validator accepts `value` as the JSON body of response `status` of `method
 * path` (its first JSON media type's schema, compiled as Prism does); null when it has none or
 * Prism cannot compile it.
 */
function prismAcceptsBody(operations: Untyped[], method: string, path: string, status: string): ((value: unknown) => boolean) | null {
  const found = prismResponse(operations, method, path, status);
  const content = found?.response.contents?.find((c: Untyped) => c.schema && /\bjson\b|\+json\b/i.test(String(c.mediaType)));
  if (!found || !content) return null;
  try {
    return compileAsPrism(found.op, content.schema);
  } catch {
    return null;
  }
}

/** The error of compiling a request body's schema the way Prism's validator does (no allOf merge there), or null. */
function requestCompileError(operations: Untyped[], method: string, path: string, mediaType: string): string | null {
  const op = operations.find((o) => o.method === method && o.path === path);
  const content = op?.request?.body?.contents?.find((c: Untyped) => c.mediaType === mediaType);
  if (!content?.schema) return null;
  const load = prismModule();
  const draft = String(content.schema.$schema ?? '');
  const Validator = load(/2020-12/.test(draft) ? 'ajv/dist/2020' : /2019-09/.test(draft) ? 'ajv/dist/2019' : 'ajv').default;
  const ajv = new Validator({ allErrors: true, allowUnionTypes: true, allowMatchingProperties: true, strict: false, logger: false });
  load('ajv-formats').default(ajv);
  try {
    ajv.compile({ ...content.schema, __bundled__: op.__bundled__ });
  } catch (err) {
    return String((err as Error)?.message ?? err);
  }
  return null;
}

/** Whether an error was thrown by Prism's own code (or the micri server under it). */
const fromPrism = (err: unknown): boolean => /[\\/]@stoplight[\\/]prism-|[\\/]micri[\\/]/.test(String((err as Error)?.stack ?? ''));

/**
 * Records into `list` every exception that escapes Prism while a suite runs: one thrown outside
 * its promise chain (Prism 5.16 parses each documented response media type there, and a
 * `content` key that is no media type throws "invalid media type") leaves that request open for
 * ever. `onCrash` is called after each (the suite ends the requests in flight: none of them
 * will be answered). Returns the function that stops recording.
 */
export function watchPrism(list: string[], onCrash: () => void = () => {}): () => void {
  const record = (reason: unknown): void => {
    if (!fromPrism(reason)) return;
    const err = reason as Error;
    const at = /at (\S+) \(([^)]*@stoplight[\\/][^)]*)\)/.exec(String(err.stack));
    list.push(`${err.name ?? 'Error'}: ${err.message}${at ? ` at ${at[1]} (${at[2].replace(/^.*node_modules[\\/]/, '')})` : ''}`);
    onCrash();
  };
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  return () => {
    process.off('uncaughtException', record);
    process.off('unhandledRejection', record);
  };
}

/**
 * For a client request ended through `signal` when an exception escaped Prism (watchPrism's
 * onCrash aborts the requests in flight): the client rethrows its caller's abort reason, and
 * that is no answer, returned as the client's result without a response (`kind: 'aborted'`), so
 * the case names the exception (noAnswer) instead of failing with the abort reason. Any other
 * rejection is thrown on.
 */
export const crashEnded =
  (signal: AbortSignal) =>
  (err: unknown): { error: { kind: 'aborted'; message: string }; response?: undefined; data?: undefined } => {
    if (signal.aborted && err === signal.reason) return { error: { kind: 'aborted', message: String((err as Error)?.message ?? err) } };
    throw err;
  };

/**
 * What to do when the answer was not valid HTTP/1.1 because of a transport-level header the
 * response documents (Prism sends documented headers back as they are: `Transfer-Encoding`
 * beside the `Content-Length` it writes itself, a `Content-Encoding` over a plain body).
 */
export function transportHint(message = ''): string {
  return /Content-Length can't be present with Transfer-Encoding|HPE_(UNEXPECTED_CONTENT_LENGTH|INVALID_TRANSFER_ENCODING|INVALID_CONTENT_LENGTH)|UND_ERR_RES_CONTENT_LENGTH_MISMATCH|could not be decoded \(Content-Encoding/.test(
    message,
  )
    ? '. The answer is not valid HTTP/1.1: where the response documents a transport-level header (Transfer-Encoding, Content-Length, Content-Encoding, ...), the mock sends it back as documented; lint names it (capi/transport-response-header) and npm run lint:specs -- --fix removes it from the contract'
    : '';
}

/**
 * A request that got no answer (the client's timeout ended it, or the connection failed).
 * Throws: a MockLimitation (the case skipped through `ctx`, recorded in `meta`) when an exception
 * escaped Prism meanwhile, else an Error naming the request and why. `given`: the requests of the
 * operation (`scope: 'operation'`) or of the provider in a row that went unanswered before, when
 * the case is not sent at all.
 */
export function noAnswer({
  where,
  error,
  escaped = [],
  given,
  scope = 'provider',
  meta,
  ctx,
}: {
  where: string;
  error?: { kind?: string; message?: string } | undefined;
  escaped?: readonly string[];
  given?: number;
  scope?: 'provider' | 'operation';
  meta?: LimitationNote | undefined;
  ctx?: Skipper | undefined;
}): never {
  const secs = `${requestTimeoutMs() / 1000} s`;
  const crash = escaped[0];
  let reason: string;
  if (given !== undefined) {
    const whose = scope === 'operation' ? 'this operation' : 'this Prism server, in a row,';
    reason = `not sent: ${given} earlier request(s) to ${whose} got no answer${crash ? ` (Prism crashed: ${crash})` : ` within ${secs}`}, so the ${scope}'s remaining cases stop here`;
  } else if (crash) {
    const hint = /invalid media type/.test(crash) ? '; a `content` key that is no media type does this: lint names it' : '';
    reason = `Prism never answered ${where}: an exception escaped it (${crash}), which leaves its request open for ever (a mock limitation${hint})`;
  } else if (error?.kind === 'timeout') {
    reason = `no answer to ${where} within ${secs} (${error.message ?? 'timeout'}); CONFORMANCE_REQUEST_TIMEOUT_MS sets the limit`;
  } else {
    reason = `no answer to ${where}: ${error?.kind ?? 'no response'}${error?.message ? `: ${error.message}` : ''}${transportHint(error?.message)}`;
  }
  // an exception's message may name local files: not into the report
  reason = tidyReason(reason);
  // Prism's crash is its limit; silence without one, or a request that failed, is a failure
  if (!crash) throw new Error(reason);
  if (meta) {
    meta.limitation = 'mock';
    meta.reason = reason;
  }
  ctx?.skip(reason);
  throw Object.assign(new MockLimitation(reason), { unanswered: true });
}

/** Where a case records why it is a limitation (its `meta.contract`). */
export interface LimitationNote {
  limitation?: 'mock' | 'harness' | 'spec';
  reason?: string;
  [key: string]: unknown;
}

/** What skips a case (vitest's test context). */
export interface Skipper {
  skip(note?: string): void;
}

/**
 * What Prism found wrong with an exchange: the `sl-violations` header (a documented error
 * status answered, or a response Prism could not make valid), else the `validation` list of
 * Prism's own 422 problem (an invalid request when the spec documents no status for it).
 * Each violation's `where` is `request` or `response`.
 */
export function prismViolations(response: Response | undefined, body: unknown): Violation[] {
  const problem = body as Untyped;
  let list: { location?: string[]; code?: string; message: string }[];
  const prismProblem = typeof problem?.type === 'string' && problem.type.startsWith('https://stoplight.io/prism/errors#');
  const cannot = (): Violation => ({
    where: 'prism',
    at: '',
    path: [],
    code: problem.type.split('#')[1],
    message: `${problem.title}${problem.detail ? `: ${problem.detail}` : ''}`,
  });
  if (prismProblem && !Array.isArray(problem.validation) && !response?.headers.get('sl-violations')) {
    // Prism could not answer at all (e.g. "Cannot find serializer for application/vnd.github.object")
    return [cannot()];
  }
  if (prismProblem && !Array.isArray(problem.validation) && (response?.status ?? 0) >= 500) {
    // it found the request invalid (the header says why), then could not serialize the error
    // response it chose: a documented `*/*` has no serializer ("Cannot find serializer for */*")
    return [...prismViolations(response, undefined), cannot()];
  }
  if (
    typeof problem?.type === 'string' &&
    problem.type.startsWith('https://stoplight.io/prism/errors#') &&
    Array.isArray(problem.validation)
  ) {
    // Prism's own problem: the 422 of an invalid request (locations without "request"), or the
    // 500 of a response it could not make valid
    list = problem.validation.map((v: Untyped) => ({
      ...v,
      location: ['request', 'response'].includes(v.location?.[0]) ? v.location : ['request', ...(v.location ?? [])],
    }));
  } else {
    const header = response?.headers.get('sl-violations');
    if (!header) return [];
    // "Too many violations! [...]" when Prism shortens the list
    const json = header.slice(Math.max(0, header.indexOf('[')));
    try {
      list = JSON.parse(json);
    } catch {
      list = [{ location: [/"location":\["response"/.test(header) ? 'response' : 'request'], message: header.slice(0, 300) }];
    }
  }
  return list.map(
    (v): Violation => ({
      where: v.location?.[0],
      at: (v.location ?? []).slice(1).join('.'),
      path: (v.location ?? []).slice(2),
      code: v.code,
      message: v.message,
    }),
  );
}

/**
 * A response Prism's mock cannot make valid although the spec is fine: its limit, not a defect.
 * `invalidAnswer`: it answered, invalid (its dynamic mock may do better), rather than not at all.
 */
export class MockLimitation extends Error {
  invalidAnswer = false;
  /** Prism never answered (an exception escaped it): no other route to it helps. */
  unanswered = false;
}

/** A path template's segments as Prism 5.16 matches them: a literal, or a pattern (`{x}:verb` is `(.*):verb`). */
function templateSegments(path: string): (string | RegExp)[] {
  return path
    .split('/')
    .slice(1)
    .map((seg) => (/{(.+)}/.test(seg) ? new RegExp(seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{[^\\]+\\\}/g, '(.*)')) : seg));
}

/**
 * The other operations of the same method whose path template also matches the request `path`
 * (as sent: every parameter in place, decoded), where Prism 5.16 may route it instead: a template
 * matches segment by segment (`/v1/{name}` matches `/v1/x:subscribeClients`, a parameter takes a
 * whole segment, its `:verb` included), and among several templated matches Prism takes the one
 * its sort puts first, not the most specific. A literal match is always preferred, so only a
 * templated one is at risk. Empty: Prism routes it to its own operation.
 */
export function sharedRoute(
  operations: readonly { method: string; path: string }[],
  own: { method: string; path: string },
  path: string,
): { method: string; path: string }[] {
  const sent = path
    .split('/')
    .slice(1)
    .map((seg) => {
      try {
        return decodeURIComponent(seg); // as Prism reads each segment
      } catch {
        return seg;
      }
    });
  const matches = (template: string): 'literal' | 'templated' | null => {
    const segs = templateSegments(template);
    if (segs.length !== sent.length) return null;
    let templated = false;
    for (const [i, seg] of segs.entries()) {
      if (typeof seg === 'string') {
        if (seg !== sent[i]) return null;
      } else if (seg.test(sent[i])) templated = true;
      else return null;
    }
    return templated ? 'templated' : 'literal';
  };
  if (matches(own.path) !== 'templated') return [];
  return operations.filter((o) => o.method.toLowerCase() === own.method.toLowerCase() && o.path !== own.path && matches(o.path) !== null);
}

/** The longest repetition a pattern may ask Prism's dynamic mock for before it is not asked at all. */
const DYNAMIC_REPETITION_LIMIT = 10_000;

/**
 * Why Prism's dynamic mock must not be asked for a value of the schema at `pointer`, or null: a
 * `pattern` in it with a repetition bound above DYNAMIC_REPETITION_LIMIT (seldon.local's
 * `^.{1,2097152}` on every string of a recursive message). Its generator (json-schema-faker's
 * randexp) draws a length up to that bound for each such string, synchronously, inside the test's
 * own process: a single answer then took minutes and gigabytes (365 s and 4.2 GB for two
 * operations), and no request timeout can fire while it runs.
 */
export function dynamicMockHazard(model: SpecModel, pointer: string | null): string | null {
  if (!pointer) return null;
  // asked by every status and negative case of a response: the walk (through every schema it
  // reaches, stripe's `error`: about 480 components) is made once per schema and spec
  let known = hazards.get(model);
  if (!known) {
    known = new Map();
    hazards.set(model, known);
  }
  if (!known.has(pointer)) known.set(pointer, hazardAt(model, pointer));
  return known.get(pointer) ?? null;
}

const hazards = new WeakMap<SpecModel, Map<string, string | null>>();

function hazardAt(model: SpecModel, pointer: string): string | null {
  let found: string | null = null;
  walkSchemaAt(model.source, pointer, (node, at) => {
    if (found !== null || typeof node.$ref === 'string' || typeof node.pattern !== 'string') return;
    const bounds = [...node.pattern.matchAll(/\{(\d+)(?:,(\d*))?\}/g)].map((m) => Number(m[2] || m[1]));
    const most = Math.max(0, ...bounds);
    if (most > DYNAMIC_REPETITION_LIMIT)
      found = `its dynamic mock not asked: the pattern ${JSON.stringify(node.pattern)} at ${formatPointer(at)} repeats up to ${most} times, and its generator would draw strings that long, synchronously, blocking the tests for minutes`;
  });
  return found;
}
