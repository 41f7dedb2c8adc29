// Prism's operations of a spec file, read as Prism 5.16 reads them (@stoplight/prism-http,
// utils/operations.js, getHttpOperationsFromSpec: parse and resolve with
// @stoplight/json-schema-ref-parser, dereference every $ref, decycle, turn the document into
// Prism's operations, bundle each), in time linear in the spec. Two steps of Prism's own are
// exponential in how deeply a spec's schemas refer to each other:
//
//  - the ref parser's dereference (lib/dereference.js) crawls every object it reaches, and one it
//    reaches again (a schema that others refer to, once its $ref was replaced by the schema
//    itself) all over again. Here an object crawled to its end is not crawled again: the result
//    is the same (the crawl only replaces $ref objects, and under a crawled object none is left);
//  - @stoplight/json's decycle writes every shared schema out again wherever it is used (only a
//    cycle becomes a $ref). stripe.com's spec (2.4 MB, 452 operations) written out so is about
//    2.4e10 nodes: Prism never finished reading it (each contract worker and the scenarios task
//    spent all of 250 CPU s and more in these two steps). A document that large is decycled with
//    its components referenced below the part of an operation Prism reads by its keys
//    (shareRepeats); every smaller one exactly as Prism does it (apple.com's, 252 operations: 2.2e5).
//
// `test/prism-operations.test.mjs` proves the same operations as Prism's reader on every spec of
// the registry and the fixtures, and a Prism that judges every level of a spec Prism's own
// reader would write out in 2^40 copies. Read so, stripe.com's spec takes about 6 CPU s.
import { createRequire } from 'node:module';
import { arch, release, type } from 'node:os';
import { dirname, join } from 'node:path';

// biome-ignore lint/suspicious/noExplicitAny: Prism's modules ship no types this app checks against
type Untyped = any;

let modules: Untyped;
/** Prism's own modules, resolved as Prism resolves them; the ref parser's internals by their files. */
function prismParts(): Untyped {
  if (modules) return modules;
  const prism = createRequire(import.meta.resolve('@stoplight/prism-http'));
  // lib/index.node.js, its main: the files beside it are not exported
  const libDir = dirname(prism.resolve('@stoplight/json-schema-ref-parser'));
  const lib = (file: string): Untyped => prism(join(libDir, file));
  modules = {
    RefParser: prism('@stoplight/json-schema-ref-parser'),
    $Ref: lib('ref.js'),
    Pointer: lib('pointer.js'),
    Options: lib('options.js'),
    url: lib('util/url.js'),
    json: prism('@stoplight/json'),
    oas3: prism('@stoplight/http-spec/oas3/operation'),
    oas2: prism('@stoplight/http-spec/oas2/operation'),
    postman: prism('@stoplight/http-spec/postman/operation'),
    // what Prism names itself in its User-Agent: its package.json, two folders above its dist/utils
    version: prism(join(dirname(prism.resolve('@stoplight/prism-http')), '..', 'package.json')).version,
  };
  return modules;
}

/** Prism's operations of `specFile` (or of a document object), as getHttpOperationsFromSpec reads them. */
export async function readHttpOperations(specFileOrObject: string | object): Promise<Untyped[]> {
  const { RefParser, Options, json, oas3, oas2, postman, version } = prismParts();
  const parser = new RefParser();
  // Prism's options, normalised as the parser normalises them (its defaults: circular $refs dereferenced)
  const options = new Options({
    resolve: { http: { headers: { 'User-Agent': `PrismMockServer/${version} (${type()} ${arch()} ${release()})` } } },
  });
  await parser.resolve(specFileOrObject, options);
  dereference(parser, options);
  // Prism's decycle spells every schema out wherever it is used (only a cycle becomes a $ref):
  // past EXPANDED_LIMIT nodes that is more than a process can hold, so repeats are referenced
  const shared = expandedSize(parser.schema) > EXPANDED_LIMIT;
  const result = shared ? shareRepeats(parser.schema) : json.decycle(parser.schema);
  let operations: Untyped[];
  if (result?.swagger !== undefined) operations = oas2.transformOas2Operations(result);
  else if (result?.openapi !== undefined) operations = oas3.transformOas3Operations(result);
  else if (Array.isArray(result?.item) && result?.info?.name !== undefined)
    operations = postman.transformPostmanCollectionOperations(result);
  else throw new Error('Unsupported document format');
  if (shared) {
    // the components are shared by the operations (shareRepeats), and bundling rewrites the
    // $refs inside what it bundles: bundled one operation at a time, a later one would find the
    // components' $refs pointing into an earlier one's __bundled__. So all are bundled at once,
    // and each operation's __bundled__ is the one they share.
    // named as Prism names them (a component by its name), except that a target elsewhere (a
    // cycle's, inside an operation) is named by its whole path: by its last key alone (`schema`,
    // `items`) the names of all the operations would run out of the 20 Prism tries
    const keyProvider = ({ path }: { path: string[] }): string =>
      path.length === 3 && path[0] === 'components' ? String(path[2]) : path.join('.');
    const all = json.bundleTarget({
      document: { ...result, __target__: operations },
      path: '#/__target__',
      cloneDocument: false,
      keyProvider,
    });
    // the part of it that the operations refer to (directly or through another target), one
    // object for all of them: Ajv walks the whole of it for each schema it compiles (so not all
    // of stripe.com's 1349 targets, 710), and Prism compiles a schema once per (schema, bundle)
    // pair, so with each operation's own bundle a schema they share (stripe.com's `error`, on
    // each of its 452) was compiled once per operation (sharedSchemas)
    const bundle: Record<string, unknown> | undefined = all.__bundled__;
    if (bundle === undefined) return [...all];
    const refsIn = (node: unknown, into: Set<string>, seen: Set<unknown>): Set<string> => {
      if (!node || typeof node !== 'object' || seen.has(node)) return into;
      seen.add(node);
      const ref = (node as { $ref?: unknown }).$ref;
      if (typeof ref === 'string' && ref.startsWith('#/__bundled__/')) into.add(json.decodePointer(ref.slice('#/__bundled__/'.length)));
      for (const [key, value] of Object.entries(node)) if (key !== '__bundled__') refsIn(value, into, seen);
      return into;
    };
    const used: Record<string, unknown> = {};
    const seen = new Set<unknown>();
    const queue = [...refsIn([...all], new Set(), seen)];
    for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
      // a component's name is the spec's: own keys only (`constructor`, `__proto__` are names too)
      if (Object.hasOwn(used, key) || !Object.hasOwn(bundle, key)) continue;
      Object.defineProperty(used, key, { value: bundle[key], enumerable: true, writable: true, configurable: true });
      queue.push(...refsIn(bundle[key], new Set(), seen));
    }
    for (const op of all) op.__bundled__ = used;
    sharedSchemas(all);
    return [...all];
  }
  return operations.map((op) => json.bundleTarget({ document: { ...result, __target__: op }, path: '#/__target__', cloneDocument: false }));
}

/**
 * `url.resolve(from, to)` as the ref parser's dereference calls it, without Node's DEP0169
 * warning. Node 24 warns once per process about `url.parse` (which `url.resolve` calls) unless the
 * caller is inside node_modules: the parser's own call is, this copy of its step is not, so every
 * process reading a spec (each contract worker, `npm run fake`) printed "url.parse() behavior is
 * not standardized and prone to errors that have security implications". The resolution must stay
 * the parser's own (its `$refs` are keyed by what `url.resolve` gives), so the call stays and the
 * warning is held back for it alone: `noDeprecation` is read when the warning is emitted, and
 * restored at once.
 */
function resolveRef(url: Untyped, from: string, to: string): string {
  const before = process.noDeprecation;
  process.noDeprecation = true;
  try {
    return url.resolve(from, to);
  } finally {
    process.noDeprecation = before;
  }
}

/**
 * The operations' body and response schemas, one object for each that reads the same (its JSON,
 * http-spec's `x-stoplight` ids aside), for operations that share one bundle: Prism's validator
 * keeps what Ajv compiled by the schema object and the bundle object, so a schema written out in
 * each operation (stripe.com's `error`, 27 kB, reaching 484 components) was compiled again for
 * each, about half a CPU second each time, per process. Prism's validator only reads them; its
 * dynamic mock (json-schema-faker) rewrites the bundle it is handed in place (a $ref merged into
 * the object that held it), so src/prism.ts hands it a copy of what a schema refers to
 * (dynamicMockOwnCopy), and what one operation's dynamic answer does reaches no other.
 */
function sharedSchemas(operations: Untyped[]): void {
  const first = new Map<string, unknown>();
  const same = (schema: unknown): unknown => {
    if (!schema || typeof schema !== 'object') return schema;
    const key = JSON.stringify(schema, (k, v) => (k === 'x-stoplight' ? undefined : v));
    const known = first.get(key);
    if (known !== undefined) return known;
    first.set(key, schema);
    return schema;
  };
  const contents = (list: unknown): Untyped[] => (Array.isArray(list) ? list : []);
  for (const op of operations) {
    for (const content of contents(op.request?.body?.contents)) if (content?.schema) content.schema = same(content.schema);
    for (const response of contents(op.responses))
      for (const content of contents(response?.contents)) if (content?.schema) content.schema = same(content.schema);
  }
}

/**
 * lib/dereference.js of @stoplight/json-schema-ref-parser 10, step for step, except that an
 * object crawled to its end is not crawled again (`done`).
 */
function dereference(parser: Untyped, options: Untyped): void {
  const { $Ref, Pointer, url } = prismParts();
  const $refs = parser.$refs;
  $refs.propertyMap = {};
  const done = new WeakSet<object>();
  const cache: Record<string, { circular: boolean; value: unknown }> = {};
  const circularFound = (): boolean => {
    $refs.circular = true;
    return true;
  };

  const crawl = (obj: Untyped, path: string, pathFromRoot: string, parents: unknown[]): { value: unknown; circular: boolean } => {
    const result = { value: obj, circular: false };
    if (!obj || typeof obj !== 'object' || ArrayBuffer.isView(obj)) return result;
    if (done.has(obj)) return result;
    parents.push(obj);
    if ($Ref.isAllowed$Ref(obj, options)) {
      const d = dereferenceRef(obj, path, pathFromRoot, parents);
      result.circular = d.circular;
      result.value = d.value;
    } else {
      for (const key of Object.keys(obj)) {
        const keyPath = Pointer.join(path, key);
        const keyPathFromRoot = Pointer.join(pathFromRoot, key);
        const value = obj[key];
        let circular = false;
        if ($Ref.isAllowed$Ref(value, options)) {
          const d = dereferenceRef(value, keyPath, keyPathFromRoot, parents);
          circular = d.circular;
          if (obj[key] !== d.value) obj[key] = d.value;
        } else if (!parents.includes(value)) {
          const d = crawl(value, keyPath, keyPathFromRoot, parents);
          circular = d.circular;
          if (obj[key] !== d.value) obj[key] = d.value;
        } else {
          circular = circularFound();
        }
        result.circular = result.circular || circular;
      }
      done.add(obj);
    }
    parents.pop();
    return result;
  };

  const dereferenceRef = (ref: Untyped, path: string, pathFromRoot: string, parents: unknown[]): { value: unknown; circular: boolean } => {
    const refPath = resolveRef(url, path, ref.$ref);
    const pointer = $refs._resolve(refPath, path, options);
    if (pointer === null) return { circular: false, value: null };
    $refs.propertyMap[pathFromRoot] = refPath;
    const cached = cache[refPath];
    if (cached) {
      const refKeys = Object.keys(ref);
      if (refKeys.length > 1) {
        const extra: Record<string, unknown> = {};
        for (const key of refKeys) if (key !== '$ref' && !(key in (cached.value as object))) extra[key] = ref[key];
        return { circular: cached.circular, value: Object.assign({}, cached.value, extra) };
      }
      return cached;
    }
    const directCircular = pointer.circular;
    let circular = directCircular || parents.includes(pointer.value);
    if (circular) circularFound();
    let value = $Ref.dereference(ref, pointer.value);
    if (!circular) {
      const d = crawl(value, pointer.path, pathFromRoot, parents);
      circular = d.circular;
      value = d.value;
    }
    if (directCircular) (value as Untyped).$ref = pathFromRoot;
    const out = { circular, value };
    if (Object.keys(ref).length === 1) cache[refPath] = out;
    return out;
  };

  const d = crawl(parser.schema, $refs._root$Ref.path, '#', []);
  $refs.circular = $refs.circular || d.circular;
  parser.schema = d.value;
}

/**
 * Nodes of the document as Prism's decycle writes it out (each use of a shared object a copy of
 * it; an object inside itself counted once), counted without writing it: each object's count is
 * kept (an estimate where cycles meet, which is all this needs).
 */
function expandedSize(root: unknown): number {
  const memo = new Map<object, number>();
  const onStack = new Set<object>();
  const size = (o: unknown): number => {
    if (!o || typeof o !== 'object') return 1;
    if (onStack.has(o)) return 1;
    const m = memo.get(o);
    if (m !== undefined) return m;
    onStack.add(o);
    let n = 1;
    for (const v of Object.values(o)) n = Math.min(n + size(v), Number.MAX_SAFE_INTEGER);
    onStack.delete(o);
    memo.set(o, n);
    return n;
  };
  return size(root);
}

/**
 * Past this many nodes written out, a document is decycled with its repeats referenced
 * (shareRepeats). Written out, the seeds' documents have a few hundred nodes, amazonaws.com's
 * mediaconnect 5.1e4, airbyte's config 2.8e4, apple.com's app-store-connect 2.2e5 (so they are
 * read exactly as Prism reads them), stripe.com's 2.4e10.
 */
export const EXPANDED_LIMIT = 5_000_000;

/**
 * Depth (keys from the document's root) down to which a repeated object is still written out as
 * Prism writes it: an operation's body and response schemas, their properties and the schemas of
 * those (`paths./p.post.requestBody.content.<type>.schema.properties.<field>.anyOf.<i>.…`), which
 * Prism reads by their keys (a form body's fields, their types and encodings), are never a bare $ref.
 */
const WRITTEN_OUT_DEPTH = 12;

/**
 * The document without cycles, as @stoplight/json's decycle makes it (an object inside itself is a
 * $ref to where it was written), except that a component (`components.schemas.Customer`, or a
 * parameter, a request body, …) met in an operation below WRITTEN_OUT_DEPTH, or in another
 * component, is a $ref to the component. Prism
 * resolves such $refs as it resolves a cycle's: bundleTarget copies each operation's targets into
 * its `__bundled__` (named by the component), and Ajv compiles the schema with them.
 */
function shareRepeats(root: Untyped): Untyped {
  const { json } = prismParts();
  // each component's own place (where a $ref to it pointed)
  const components = new Map<object, string>();
  if (json.isPlainObject(root?.components))
    for (const [section, entries] of Object.entries<Untyped>(root.components))
      if (json.isPlainObject(entries))
        for (const [name, value] of Object.entries(entries))
          if ((json.isPlainObject(value) || Array.isArray(value)) && !components.has(value as object))
            components.set(value as object, json.pathToPointer(['components', section, name]));
  // the objects being written, by their path (a pointer is made only when one is referred to)
  const ancestors = new Map<object, string[]>();
  const out = (node: Untyped, path: string[]): Untyped => {
    if (!json.isPlainObject(node) && !Array.isArray(node)) return node;
    const component = components.get(node);
    // a cycle: to the component, where the node is one (so each operation's copy of a schema
    // reads the same, whichever operation it is written in: sharedValidation), else to where it
    // is being written
    const ancestor = ancestors.get(node);
    if (ancestor !== undefined) return { $ref: component ?? json.pathToPointer(ancestor) };
    // in an operation, below WRITTEN_OUT_DEPTH; inside another component, wherever it is met
    const deep = path[0] === 'components' || path.length > WRITTEN_OUT_DEPTH;
    if (component !== undefined && deep && component !== json.pathToPointer(path)) return { $ref: component };
    ancestors.set(node, path);
    let copy: Untyped;
    if (Array.isArray(node)) copy = node.map((v, i) => out(v, [...path, String(i)]));
    else {
      copy = {};
      for (const key of Object.keys(node)) copy[key] = out(node[key], [...path, key]);
    }
    ancestors.delete(node);
    return copy;
  };
  return out(root, []);
}
