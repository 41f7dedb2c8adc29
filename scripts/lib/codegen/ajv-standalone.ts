// Ajv's standalone code for the schemas of a document, as the generated modules carry it
// (validators.gen.ts: response bodies, validators-codegen.ts; fake.gen.ts: request bodies,
// fake-model.ts): one Ajv 2020-12 instance over the whole document (the spec model's settings,
// references kept as references), one validator per distinct schema, a schema Ajv cannot compile
// named with why, and the code as an ES module body whose run-time helpers are imported from
// @capi/core/validators-runtime (no eval, no new Function, no require).
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import standalone from 'ajv/dist/standalone/index.js';
import { UserError, type Where } from '../shared/errors.ts';
import { namesCountedOnce } from './ajv-names.ts';
import { ownValidators } from './own-validators.ts';
import { boundedPattern, readsWithU } from '../lint/patterns.ts';
import { getAt, parsePointer } from '../spec/json-pointer.ts';
import {
  AJV_OPTIONS,
  boundedCode,
  isObject,
  referencedSchema,
  type SpecModel,
  type SpecNode,
  ValidatorTooLarge,
} from '../spec/spec-model.ts';

/** Where the generated module imports Ajv's run-time helpers from. */
export const VALIDATORS_RUNTIME = '@capi/core/validators-runtime';

/** Ajv's `require(...)` expressions in standalone code → the name @capi/core/validators-runtime exports. */
const RUNTIME_HELPERS: Readonly<Record<string, string>> = {
  'ajv/dist/runtime/equal.default': 'equal',
  'ajv/dist/runtime/ucs2length.default': 'ucs2length',
  'ajv-formats/dist/formats.fullFormats': 'fullFormats',
};

/**
 * Ajv's standalone code as an ES module body: its `require("...")` of run-time helpers replaced by
 * the names @capi/core/validators-runtime exports (added to `used`), its exports made local (the
 * module exports its own table only). A helper that module does not provide is a UserError.
 */
export function importHelpers(raw: string, used: Set<string> = new Set(), where?: Where): { code: string; used: Set<string> } {
  // Inside the embedded schemas (JSON text) a quote is escaped, so `require("` only matches Ajv's own code.
  const code = raw
    .replace(/^"use strict";/, '')
    .replace(/export const (v\d+) = /g, 'const $1 = ')
    .replace(/require\("([^"\\]+)"\)(\.default|\.fullFormats)?/g, (_all, mod: string, prop: string | undefined) => {
      const name = RUNTIME_HELPERS[`${mod}${prop ?? ''}`];
      if (!name) {
        throw new UserError(
          `a schema needs Ajv's run-time helper "${mod}", which @capi/core/validators-runtime does not provide: simplify that schema in the overlay, or add the helper there and to RUNTIME_HELPERS (scripts/lib/codegen/ajv-standalone.ts)`,
          where,
        );
      }
      used.add(name);
      return name;
    })
    // a pattern with a Unicode property escape (`\p{L}`), read with the u flag as the spec model
    // reads it (boundedRegExp): Ajv writes the flags of its options ("") whatever the RegExp it made
    .replace(/new RegExp\(("(?:[^"\\]|\\.)*"), ""\)/g, (all, literal: string) =>
      readsWithU(JSON.parse(literal) as string) ? `new RegExp(${literal}, "u")` : all,
    );
  return { code, used };
}

/** The validators of a module being written: named as they are added, compiled together at the end. */
interface StandaloneValidators {
  /**
   * The name of the validator of the schema at a JSON pointer of the document (`v0`, `v1`, ...;
   * one per distinct schema as written: references are absolute, so two schemas written alike
   * validate alike wherever they sit), or why Ajv cannot compile it (an invalid `pattern`, say).
   */
  add(pointer: string, schema: unknown): string | { problem: string };
  /**
   * The validators' code as an ES module body and the run-time helpers it imports (none when
   * nothing was added); `what` names them in the error when Ajv cannot write the code.
   */
  code(what: string): { code: string; used: Set<string> };
}

/** Keywords that never change a verdict: Ajv's code would carry them (embedded schemas) for nothing. */
const ANNOTATIONS = new Set([
  'description',
  'title',
  'example',
  'examples',
  'externalDocs',
  'deprecated',
  'readOnly',
  'writeOnly',
  'xml',
  '$comment',
]);
/** Keywords whose value is a map of names to schemas: the names are kept whatever they are. */
const MAPS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
  'schemas',
  'paths',
  'responses',
  'content',
]);
/** Keywords whose value is data (a property named `description` in an enum value stays). */
const DATA = new Set(['enum', 'const', 'default']);

/** The keys stripForAjv (spec-model.ts) drops wherever they are. */
const STRIPPED = new Set(['discriminator', '$id']);

/**
 * What `stripForAjv` (spec-model.ts: a JSON round trip dropping `discriminator` and `$id` keys)
 * makes of one value, for the copies below that strip while they walk (one copy of the whole
 * document instead of two): a JSON value, undefined where JSON has none.
 */
export function strippedCopy(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'object') return undefined; // undefined, a function, a symbol: no JSON
  const text = JSON.stringify(value, (k, v) => (STRIPPED.has(k) ? undefined : v));
  return text === undefined ? undefined : JSON.parse(text);
}

/**
 * The keys of an object as stripForAjv keeps them (in order), or undefined when it is not an
 * object JSON copies key by key (an array, a leaf, an object with its own `toJSON`:
 * strippedCopy those). Keys, not entries: no pair array per key of the document.
 */
export function strippedKeys(value: unknown): string[] | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return undefined;
  const keys = Object.keys(value);
  for (const k of keys) {
    const v = (value as Record<string, unknown>)[k];
    if (STRIPPED.has(k) || v === undefined || typeof v === 'function' || typeof v === 'symbol')
      return keys.filter((k) => {
        const v = (value as Record<string, unknown>)[k];
        return !STRIPPED.has(k) && v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
      });
  }
  return keys;
}

/**
 * The document without annotation keywords, stripped for Ajv as stripForAjv strips it, in one
 * copy: the generated modules do not carry every description of the spec. Validation is unchanged.
 */
function withoutAnnotations(doc: SpecNode): SpecNode {
  const walk = (value: unknown, isMap: boolean): unknown => {
    if (Array.isArray(value)) return value.map((n) => walk(n, false) ?? null);
    const keys = strippedKeys(value);
    if (!keys) return strippedCopy(value);
    const out: SpecNode = {};
    for (const k of keys) {
      const v = (value as SpecNode)[k];
      if (isMap) out[k] = walk(v, false);
      else if (ANNOTATIONS.has(k) || k.startsWith('x-')) continue;
      else if (k === 'pattern' && typeof v === 'string') {
        const bounded = boundedPattern(v);
        if (bounded !== null) out[k] = bounded;
      } else if (k === 'patternProperties' && isObject(v)) out[k] = boundedNames(walk(v, true) as SpecNode);
      else out[k] = DATA.has(k) ? strippedCopy(v) : walk(v, MAPS.has(k));
    }
    return out;
  };
  return walk(doc, false) as SpecNode;
}

/**
 * `patternProperties` with each name a validator runs in bounded time (boundedPattern): a name with
 * no linear form matches every property name, as the spec model's validators read it (an empty
 * pattern; `(?:)` added until it names no other entry).
 */
function boundedNames(map: SpecNode): SpecNode {
  const out: SpecNode = {};
  for (const [name, schema] of Object.entries(map)) {
    let bounded = boundedPattern(name) ?? '';
    while (Object.hasOwn(out, bounded)) bounded += '(?:)';
    out[bounded] = schema;
  }
  return out;
}

/**
 * The schemas the generated modules compile: every JSON response body's (validators.gen.ts) and
 * every preferred JSON request body's (fake.gen.ts), by their pointers in the model's document.
 */
export function bodySchemaPointers(model: SpecModel): string[] {
  const pointers = new Set<string>();
  for (const op of model.operations) {
    for (const res of op.responses) for (const m of res.media) if (m.json && m.schemaPointer) pointers.add(m.schemaPointer);
    const request = op.requestBody?.preferred;
    if (request?.json && request.schemaPointer) pointers.add(request.schemaPointer);
  }
  return [...pointers];
}

/** Keywords after which a `$ref` may not be a plain reference to a place of the document. */
const DYNAMIC = new Set(['$dynamicRef', '$recursiveRef']);

/**
 * The parts of `doc` the schemas at `pointers` reach, following their local `$ref`s, each at its
 * place (the same pointers lead to them), the rest of the document left out: Ajv walks every key
 * of the document it is given (on GitHub's spec a quarter of it is reached: descriptions of
 * operations, parameters, headers, schemas no body uses). The kept subtrees are the document's
 * own (shared, not copied). A reached place inside an array keeps the object holding the array
 * whole. Undefined (compile from the whole document) when what is reached cannot be told: a
 * reference that is not a JSON pointer into this document, one that leads nowhere, a dynamic
 * reference, a pointer to the root.
 */
export function reachedDocument(doc: SpecNode, pointers: readonly string[]): SpecNode | undefined {
  /** the place kept for a target: its segments up to the first array on the way (exclusive) */
  const keptPlace = (segments: string[]): string[] | undefined => {
    let node: unknown = doc;
    for (let i = 0; i < segments.length; i++) {
      if (Array.isArray(node)) return i > 0 ? segments.slice(0, i - 1) : undefined;
      if (!isObject(node) || !Object.hasOwn(node, segments[i])) return undefined;
      node = node[segments[i]];
    }
    return Array.isArray(node) ? segments.slice(0, -1) : segments;
  };
  const kept = new Map<string, string[]>(); // place (segments as JSON) → segments
  const todo: string[][] = [];
  const reach = (pointer: string): boolean => {
    if (!pointer.startsWith('#/')) return false;
    const place = keptPlace(parsePointer(pointer));
    if (!place?.length) return false;
    const key = JSON.stringify(place);
    if (!kept.has(key)) {
      kept.set(key, place);
      todo.push(place);
    }
    return true;
  };
  for (const pointer of pointers) if (!reach(pointer)) return undefined;
  let known = true;
  const walk = (node: unknown): void => {
    if (!known) return;
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (!isObject(node)) return;
    for (const k in node) {
      const v = node[k];
      if (DYNAMIC.has(k) || (k === '$ref' && (typeof v !== 'string' || !reach(v)))) {
        known = false;
        return;
      }
      if (v !== null && typeof v === 'object') walk(v);
    }
  };
  for (let place = todo.pop(); place && known; place = todo.pop()) walk(getAt(doc, place));
  if (!known) return undefined;
  // the kept places, shortest first: one inside another already kept is there already
  const out: SpecNode = {};
  for (const [k, v] of Object.entries(doc)) if (v === null || typeof v !== 'object') out[k] = v;
  for (const place of [...kept.values()].sort((a, b) => a.length - b.length)) {
    // a place inside one kept already (shorter, so set before it) is there already
    if (place.some((_, i) => i > 0 && kept.has(JSON.stringify(place.slice(0, i))))) continue;
    let into = out;
    for (const segment of place.slice(0, -1)) {
      if (!isObject(into[segment])) into[segment] = {};
      into = into[segment] as SpecNode;
    }
    into[place[place.length - 1] as string] = getAt(doc, place);
  }
  return out;
}

/**
 * The document the generated validators are compiled from (schemaCompiler): the model's JSON
 * Schema form (an OAS 3.0 document converted), stripped for Ajv, without annotations; with
 * `bodies` (bodySchemaPointers), only what those schemas reach (reachedDocument), which
 * compiles to the same code.
 */
export const ajvDocument = (model: SpecModel, bodies?: readonly string[]): SpecNode =>
  withoutAnnotations((bodies && reachedDocument(model.doc, bodies)) ?? model.doc);

/**
 * One Ajv instance over a document, for the standalone validators of both generated modules
 * (validators.gen.ts, then the fake's request bodies in fake.gen.ts): the document is added (and
 * walked by Ajv) once, and a schema both modules reach (a component used by a request and a
 * response body) is compiled once; each module's code carries the functions it reaches.
 */
export interface SchemaCompiler {
  /** the Ajv instance over the document, made the first time a body is left to Ajv */
  readonly ajv: Ajv2020;
  /** the document (ajvDocument), for the bodies our own generator writes (own-validators.ts); absent: every body is Ajv's */
  readonly doc?: unknown;
  /** how many validation functions Ajv has compiled (the document's own root among them) */
  readonly compiled: number;
}

/**
 * What Ajv turns into a function (`new Function`) in place of the code of a schema of the
 * document: the instance is only read for its standalone code (`validate.source`, which Ajv keeps
 * from before this hook), never run, so V8 need not parse about 7 MB of code on GitHub's spec.
 */
const NOT_RUN = 'return function validate() { throw new Error("compiled for its standalone code only (ajv-standalone.ts)"); }';

/**
 * The keywords for which Ajv2020 tracks, in every function it writes, which properties and items
 * were evaluated (`unevaluated`) and passes the dynamic anchors along (`dynamicRef`): Ajv2020 turns
 * both on whatever it is given. In a document using none of them (as a key anywhere: a property of
 * that name counts too, which only keeps them on) neither changes a verdict or an error, and on
 * GitHub's spec they were about a tenth of the compile's CPU and 6% of validators.gen.ts; so for
 * such a document they are turned off (docs/decisions-and-lessons.md).
 */
const TRACKED_KEYWORDS = /"(?:unevaluatedProperties|unevaluatedItems|\$dynamicRef|\$dynamicAnchor|\$recursiveRef|\$recursiveAnchor)":/;

/**
 * A compiler over `doc` (the spec model's JSON Schema form, stripped for Ajv, annotations removed:
 * ajvDocument). Its Ajv instance is made on first use: when every body is written by
 * own-validators.ts, Ajv never walks the document.
 */
export function schemaCompiler(doc: unknown): SchemaCompiler {
  let compiled = 0;
  let ajv: Ajv2020 | undefined;
  const make = (): Ajv2020 => {
    const made = new Ajv2020({
      ...AJV_OPTIONS,
      inlineRefs: false,
      // called once per function Ajv compiles: counted; one over the spec model's bound refused
      // (boundedCode: the generated module would carry it); a schema of the document is not made
      // runnable (NOT_RUN); Ajv's own (the meta-schema it checks the document with) are
      code: {
        source: true,
        esm: true,
        process: (code: string, env?: { schema?: unknown; root?: { schema?: unknown } }) => {
          compiled++;
          boundedCode(code, env);
          return env?.root?.schema === doc ? NOT_RUN : code;
        },
      },
    });
    addFormats.default(made);
    made.addSchema(doc as object, 'spec');
    if (!TRACKED_KEYWORDS.test(JSON.stringify(doc))) {
      // after addSchema: the meta-schema (which uses $dynamicRef) is compiled with Ajv2020's own options
      const opts = made.opts as { unevaluated?: boolean; dynamicRef?: boolean };
      opts.unevaluated = false;
      opts.dynamicRef = false;
    }
    return made;
  };
  return {
    get ajv() {
      ajv ??= make();
      return ajv;
    },
    doc,
    get compiled() {
      return compiled;
    },
  };
}

/**
 * Standalone validators of one module over a compiler's document (schemaCompiler): a body whose
 * schema, and every schema it reaches, own-validators.ts writes is written there; any other by Ajv.
 */
export function standaloneValidators(compiler: SchemaCompiler, where?: Where): StandaloneValidators {
  const bySchema = new Map<string, string>(); // schema as written → validator name
  const refs = new Map<string, string>(); // validator name → Ajv reference of the schema
  const byRef = new Map<string, string>(); // Ajv reference → validator name: one export per function
  const own = compiler.doc === undefined ? undefined : ownValidators(compiler.doc);
  const ownNames = new Map<string, string>(); // validator name → our function's name
  return {
    add(pointer, schema) {
      const same = JSON.stringify(schema);
      const known = bySchema.get(same);
      if (known) return known;
      const name = `v${refs.size + ownNames.size}`;
      let fn: string | undefined;
      try {
        fn = own?.add(referencedSchema(compiler.doc, pointer));
      } catch (err) {
        if (err instanceof ValidatorTooLarge) throw tooLarge(pointer, err, where);
        fn = undefined; // a schema nested deeper than the stack: Ajv's, which reports it as before
      }
      if (fn) ownNames.set(name, fn);
      else {
        const { ajv } = compiler;
        const ref = schemaRef(ajv, pointer, referencedSchema(ajv.schemas.spec?.schema, pointer), where);
        if (typeof ref !== 'string') return ref;
        // two bodies written differently whose references lead to one schema (one only a `$ref`
        // to the other's place in paths): one name, else Ajv writes the function twice
        const shared = byRef.get(ref);
        if (shared) {
          bySchema.set(same, shared);
          return shared;
        }
        refs.set(name, ref);
        byRef.set(ref, name);
      }
      bySchema.set(same, name);
      return name;
    },
    code(what) {
      const used = new Set<string>();
      const parts: string[] = [];
      if (refs.size) {
        let raw: string;
        try {
          const { ajv } = compiler;
          raw = namesCountedOnce(() => standalone.default(ajv, Object.fromEntries(refs)));
        } catch (err) {
          throw new UserError(`${what} could not be compiled: ${(err as Error).message}`, { ...where, cause: err });
        }
        parts.push(importHelpers(raw, used, where).code);
      }
      if (own && ownNames.size) {
        const written = own.code();
        for (const h of written.used) used.add(h);
        parts.push(written.code, ...[...ownNames].map(([name, fn]) => `const ${name} = ${fn};`));
      }
      return { code: parts.join('\n'), used };
    },
  };
}

/**
 * The Ajv reference of the schema at `target` (as spec-model.ts validate finds it), or why it
 * cannot compile, named by the body's own `pointer` (target is where its references lead).
 */
function schemaRef(ajv: Ajv2020, pointer: string, target: string, where?: Where): string | { problem: string } {
  // A schema Ajv compiled as the target of a `$ref` is kept by the document's root only:
  // `getSchema` would compile it again. Named here, its function is the one both share.
  const viaRefs = ajv.schemas.spec?.refs;
  for (const ref of [`spec${encodeURI(target).replace(/%7B/g, '{').replace(/%7D/g, '}')}`, `spec${target}`]) {
    try {
      const known = viaRefs?.[ref];
      if (!ajv.refs[ref] && isObject(known) && known.validate) (ajv.refs as Record<string, unknown>)[ref] = known;
      if (namesCountedOnce(() => ajv.getSchema(ref))) return ref;
    } catch (err) {
      // megabytes of code in the generated module (and in V8 wherever it runs): generation stops
      // with the overlay action, as the spec model refuses that schema in the contract tests
      if (err instanceof ValidatorTooLarge) throw tooLarge(pointer, err, where);
      return { problem: `${pointer}: ${(err as Error).message}`.slice(0, 300) };
    }
  }
  return { problem: `no schema at ${pointer}` };
}

/** Generation stopped at a body whose validator would be over the bound, with the overlay action (as the spec model refuses it in the contract tests). */
const tooLarge = (pointer: string, err: ValidatorTooLarge, where?: Where) =>
  new UserError(`the body schema at ${pointer} cannot be compiled into a generated validator: ${err.message}`, { ...where, cause: err });
