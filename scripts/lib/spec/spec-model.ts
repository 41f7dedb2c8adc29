// The one model of an OpenAPI 3.0/3.1 document that every tool asks: its operations ("METHOD
// /path", operationId) with their effective security and servers, parameters (path level merged
// with operation level), request body media types, responses by status and media type; the
// security schemes defined and used; and a JSON Schema 2020-12 validator (Ajv) for any schema
// of the document. `$ref`s are followed once, here (through json-pointer.ts), and every node
// comes with the JSON pointer where it really lives. Codegen, the spec diff, provider:add, the
// package README, the corpus selection, the contract tests and the fakes read it; none of them
// walks `paths` itself.
//
// A model is made from a document in memory (`specModel`) or from a file (`loadSpecModel`, with
// the build's YAML guards). It never changes the document it is given.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { loadYamlSource } from './yaml-source.ts';
import { boundedRegExp } from '../lint/patterns.ts';
import { escapeSegment, formatPointer, getAt, parsePointer } from './json-pointer.ts';

/** A node of the document (untrusted data: any shape). */
// biome-ignore lint/suspicious/noExplicitAny: a spec is untrusted JSON of any shape
export type SpecNode = Record<string, any>;
/** One security requirement: scheme name → scopes. `{}` is the anonymous alternative. */
export type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

const EMPTY: SpecNode = Object.freeze({});
/** Whether a value is a node with keys (an object, not an array or null). */
export const isObject = (v: unknown): v is SpecNode => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The operation keys of a path item, in the order the specification lists them. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
type HttpMethod = Uppercase<(typeof HTTP_METHODS)[number]>;

/**
 * How many operations a document has (path items followed through local `$ref`s). Cheap: the
 * overlay check counts after every action, where building the whole model each time would not be.
 */
export function countOperations(doc: unknown): number {
  if (!isObject(doc) || !isObject(doc.paths)) return 0;
  let n = 0;
  for (const raw of Object.values(doc.paths)) {
    let item: unknown = raw;
    for (let i = 0; isObject(item) && typeof item.$ref === 'string' && i < 32; i++) {
      item = item.$ref.startsWith('#') ? getAt(doc, item.$ref) : undefined;
    }
    const found = item;
    if (isObject(found)) n += HTTP_METHODS.filter((m) => isObject(found[m])).length;
  }
  return n;
}

import { type MediaKind, mediaEssence, mediaKind } from './media-type.ts';

// the pipeline's reading of media types, from the module the lint rules read too
export { type MediaKind, mediaEssence, mediaKind };

/**
 * Whether a schema (as written, `$ref`s not followed) describes raw bytes: a string with
 * `format: binary`, or (OAS 3.1) `contentEncoding: binary`, or a `contentMediaType` that is not
 * text (text/*, JSON, XML) and no `contentEncoding` (base64 and friends are text). A multipart
 * file part or an octet-stream body; the client sends it as a Blob.
 */
export function isBinarySchema(schema: unknown): boolean {
  if (!isObject(schema) || typeof schema.$ref === 'string') return false;
  const types = [schema.type].flat();
  if (!types.includes('string')) return false;
  if (schema.format === 'binary') return true;
  if (typeof schema.contentEncoding === 'string') return schema.contentEncoding.toLowerCase() === 'binary';
  if (typeof schema.contentMediaType !== 'string') return false;
  const e = mediaEssence(schema.contentMediaType);
  return mediaKind(e) === 'binary' && !/(^application\/xml$|\+xml$)/.test(e) && e !== 'application/x-www-form-urlencoded';
}

/** One media type of a request body or response. */
export interface Media {
  /** As the spec writes it (`application/json; charset=utf-8`): the key in `content`. */
  readonly type: string;
  readonly essence: string;
  readonly kind: MediaKind;
  /** kind === 'json' */
  readonly json: boolean;
  /** Where the media type object lives. */
  readonly pointer: string;
  /** Its schema as written (may be a `$ref`), or undefined when it declares none. */
  readonly schema: SpecNode | boolean | undefined;
  /** Where the schema sits (`<pointer>/schema`), or null. */
  readonly schemaPointer: string | null;
  /** The media type's `example`, else the value of its first `examples` entry. */
  readonly example: unknown;
  /** The `encoding` object of a form or multipart body (property → encoding), `{}` when none. */
  readonly encoding: Readonly<Record<string, SpecNode>>;
}

interface RequestBody {
  readonly required: boolean;
  /** Where the request body object lives (after `$ref`). */
  readonly pointer: string;
  /** Every media type, in the spec's order. */
  readonly media: readonly Media[];
  /** The media type a client sends unless told otherwise: the first JSON one, else the first declared. */
  readonly preferred: Media | undefined;
}

export interface Response {
  readonly status: string;
  readonly description: string | undefined;
  readonly pointer: string;
  readonly media: readonly Media[];
  /** The first JSON media type (see MediaKind), if any. */
  readonly json: Media | undefined;
  /** Its schema's pointer (what a JSON body of this status is validated against), or null. */
  readonly schemaPointer: string | null;
}

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  /** The parameter's schema (or its `content` media type's schema), as written. */
  readonly schema: SpecNode | boolean | undefined;
  readonly schemaPointer: string | null;
  /** Where the parameter object lives (after `$ref`). */
  readonly pointer: string;
  readonly example: unknown;
  /** The values of its `examples` entries (`$ref`s followed). */
  readonly examples: readonly unknown[];
  /** The parameter object itself (style, explode, ...). */
  readonly node: SpecNode;
}

export interface Operation {
  /** "METHOD /path", METHOD upper case, the path as the spec writes it. */
  readonly key: string;
  readonly method: HttpMethod;
  readonly path: string;
  /** As declared (undefined when the spec gives none). */
  readonly operationId: string | undefined;
  /** operationId, else the key: a name for reports. */
  readonly id: string;
  readonly pointer: string;
  /** The operation object and its path item, as written. */
  readonly node: SpecNode;
  readonly item: SpecNode;
  /** The requirements in force: the operation's own `security`, else the document's. `[]`: anonymous. */
  readonly security: readonly SecurityRequirement[];
  /** The operation's own `security`, when it declares one. */
  readonly ownSecurity: readonly SecurityRequirement[] | undefined;
  /** Whether a call without credentials is allowed (no requirement, or an empty alternative `{}`). */
  readonly anonymous: boolean;
  /** The servers in force: the operation's, else its path item's, else the document's. */
  readonly servers: readonly SpecNode[];
  /** The servers the operation or its path item declares (overriding the document's), if any. */
  readonly ownServers: readonly SpecNode[] | undefined;
  /** Path-level parameters merged with the operation's (the operation's win by name and location). */
  readonly parameters: readonly Parameter[];
  readonly pathParams: readonly Parameter[];
  /** The query and header parameters a request must carry. */
  readonly requiredParams: readonly Parameter[];
  readonly requestBody: RequestBody | null;
  readonly responses: readonly Response[];
}

interface ModelOptions {
  /**
   * 'json-schema' (default): an OAS 3.0 document's schemas are read in their JSON Schema 2020-12
   * form (`doc`, operations' schemas; see fromOas30). 'as-written': `doc` is the document as given
   * (tools that compare or print what the spec says). Validation is 2020-12 either way.
   */
  readonly schemas?: 'json-schema' | 'as-written';
}

export interface Validation {
  readonly ok: boolean;
  readonly errors: readonly string[];
  /**
   * The schema place each error went through, in the order of `errors`: the JSON pointer of the
   * schema it was found in (reached through `$ref`s) and its keyword (`#/components/schemas/V/pattern`).
   * Absent where a check gives none.
   */
  readonly schemaPaths?: readonly string[];
}

export interface SpecModel {
  /** The document the model reads schemas from (see ModelOptions.schemas). */
  readonly doc: SpecNode;
  /** The document as given. */
  readonly source: SpecNode;
  /** The `openapi` field ('3.0.3', '3.1.0', ...). */
  readonly openapi: string;
  readonly operations: readonly Operation[];
  /** The operation of a "METHOD /path" key. */
  operation(key: string): Operation | undefined;
  /** The document's servers. */
  readonly servers: readonly SpecNode[];
  /** The document's own security requirements. */
  readonly security: readonly SecurityRequirement[];
  /** Every security scheme defined under components (`$ref`s followed). */
  readonly securitySchemes: Readonly<Record<string, SpecNode>>;
  /** Scheme names some operation's requirements name, in order of first use (defined or not). */
  readonly usedSchemes: readonly string[];
  /** The node behind `$ref`s (local ones; an external reference gives undefined). */
  resolve(node: unknown): SpecNode | undefined;
  /** The node behind `$ref`s and the JSON pointer where it lives (`where`: the pointer of `node` itself). */
  follow(node: unknown, where: string | null): { node: SpecNode | undefined; pointer: string | null };
  /** The node at a JSON pointer of `doc`. */
  at(pointer: string): unknown;
  /**
   * The schema node that governs `path` (instance path segments) inside the schema at
   * `schemaPointer`, and the JSON pointer where that node lives: followed through $refs,
   * properties (its own, else an allOf part's), items and additionalProperties, in that order;
   * it stops at a oneOf/anyOf, whose branch it cannot know.
   */
  schemaAt(schemaPointer: string, path: readonly string[]): { node: SpecNode | undefined; pointer: string; rest: string[] };
  /**
   * Validates `value` against the schema at a JSON pointer (JSON Schema 2020-12). `coerce`: read
   * strings as the schema's types, the way a server reads form fields and multipart parts.
   * `request`: as OAS reads a request body, where a required `readOnly` property is not required
   * (the server sets it; Prism reads it so too), which plain JSON Schema does not know.
   */
  validate(schemaPointer: string, value: unknown, options?: { coerce?: boolean; request?: boolean }): Validation;
  /** Validates `value` against a schema node of the document (its $refs resolve in the document). */
  validateNode(schema: unknown, value: unknown): boolean;
}

/** A JSON pointer (with #) from path segments. */
const pointer = (...segments: (string | number)[]): string => formatPointer(segments);

const child = (at: string, ...segments: (string | number)[]) => `${at}${segments.map((s) => `/${escapeSegment(String(s))}`).join('')}`;

/** The model of a spec file (YAML or JSON), read with the build's guards (size, UTF-8, duplicate keys, ...). */
export function loadSpecModel(file: string, { provider, label, ...options }: ModelOptions & { provider?: string; label?: string } = {}) {
  const { data } = loadYamlSource(file, { provider, label: label ?? file });
  return specModel(data, options);
}

/**
 * The model of a document in memory (not changed, not copied: do not change it while the model is
 * in use). Anything may be passed (a parsed file is untrusted): what is not an object is refused.
 */
export function specModel(source: unknown, { schemas = 'json-schema' }: ModelOptions = {}): SpecModel {
  if (!isObject(source)) throw new TypeError('an OpenAPI document must be an object');
  const openapi = String(source.openapi ?? '');
  const oas30 = /^3\.0\./.test(openapi);
  let converted: SpecNode | undefined;
  const jsonSchemaDoc = () => {
    converted ??= oas30 ? fromOas30(source) : source;
    return converted;
  };
  const doc = schemas === 'as-written' ? source : jsonSchemaDoc();

  function follow(node: unknown, where: string | null): { node: SpecNode | undefined; pointer: string | null } {
    let n: unknown = node;
    let p = where;
    for (let i = 0; isObject(n) && typeof n.$ref === 'string' && i < 32; i++) {
      p = n.$ref;
      n = n.$ref.startsWith('#') ? getAt(doc, n.$ref) : undefined; // effective specs are bundled: no other references
    }
    return { node: isObject(n) ? n : undefined, pointer: p };
  }
  const resolve = (node: unknown) => follow(node, null).node;

  const exampleOf = (m: SpecNode) =>
    m.example !== undefined ? m.example : isObject(m.examples) ? Object.values(m.examples).map((e) => resolve(e)?.value)[0] : undefined;

  function mediaList(content: unknown, at: string): Media[] {
    if (!isObject(content)) return [];
    return Object.entries(content).map(([type, raw]) => {
      const mediaAt = child(at, 'content', type);
      const m = isObject(raw) ? raw : {};
      const kind = mediaKind(type);
      return {
        type,
        essence: mediaEssence(type),
        kind,
        json: kind === 'json',
        pointer: mediaAt,
        schema: m.schema,
        schemaPointer: m.schema !== undefined ? child(mediaAt, 'schema') : null,
        example: exampleOf(m),
        encoding: isObject(m.encoding) ? m.encoding : {},
      };
    });
  }

  function parametersOf(list: unknown, at: string): Parameter[] {
    if (!Array.isArray(list)) return [];
    const out: Parameter[] = [];
    list.forEach((raw, i) => {
      const { node: p, pointer: pAt } = follow(raw, child(at, 'parameters', i));
      if (!p || typeof p.name !== 'string' || !['path', 'query', 'header', 'cookie'].includes(p.in)) return;
      const where = pAt ?? child(at, 'parameters', i);
      // a parameter described by `content` instead of `schema`: its (only) media type's schema
      const content = !('schema' in p) && isObject(p.content) ? mediaList(p.content, where)[0] : undefined;
      out.push({
        name: p.name,
        in: p.in,
        required: p.in === 'path' || p.required === true,
        schema: content ? content.schema : p.schema,
        schemaPointer: content ? content.schemaPointer : p.schema !== undefined ? child(where, 'schema') : null,
        pointer: where,
        example: p.example,
        examples: isObject(p.examples) ? Object.values(p.examples).map((e) => resolve(e)?.value) : [],
        node: p,
      });
    });
    return out;
  }

  const docSecurity: SecurityRequirement[] = Array.isArray(doc.security) ? doc.security.filter(isObject) : [];
  const docServers: SpecNode[] = Array.isArray(doc.servers) ? doc.servers.filter(isObject) : [];
  const operations: Operation[] = [];
  for (const [path, rawItem] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    const followed = follow(rawItem, pointer('paths', path));
    const item = followed.node;
    const itemAt = followed.pointer ?? pointer('paths', path);
    if (!item) continue;
    const itemParams = parametersOf(item.parameters, itemAt);
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const opAt = child(itemAt, method);
      const METHOD = method.toUpperCase() as HttpMethod;
      const key = `${METHOD} ${path}`;
      const own = parametersOf(op.parameters, opAt);
      const parameters = [...itemParams.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own];

      let requestBody: RequestBody | null = null;
      if (op.requestBody !== undefined) {
        const { node: body, pointer: bodyAt } = follow(op.requestBody, child(opAt, 'requestBody'));
        if (body) {
          const media = mediaList(body.content, bodyAt ?? child(opAt, 'requestBody'));
          requestBody = {
            required: body.required === true,
            pointer: bodyAt ?? child(opAt, 'requestBody'),
            media,
            preferred: media.find((m) => m.json) ?? media[0],
          };
        }
      }

      const responses: Response[] = Object.entries(isObject(op.responses) ? op.responses : {}).map(([status, raw]) => {
        const { node: res, pointer: resAt } = follow(raw, child(opAt, 'responses', status));
        const where = resAt ?? child(opAt, 'responses', status);
        const media = mediaList(res?.content, where);
        const json = media.find((m) => m.json);
        return { status, description: res?.description, pointer: where, media, json, schemaPointer: json?.schemaPointer ?? null };
      });

      const ownSecurity: SecurityRequirement[] | undefined = Array.isArray(op.security) ? op.security.filter(isObject) : undefined;
      const security = ownSecurity ?? docSecurity;
      const ownServers = Array.isArray(op.servers) ? op.servers : Array.isArray(item.servers) ? item.servers : undefined;
      operations.push({
        key,
        method: METHOD,
        path,
        operationId: typeof op.operationId === 'string' ? op.operationId : undefined,
        id: typeof op.operationId === 'string' ? op.operationId : key,
        pointer: opAt,
        node: op,
        item,
        security,
        ownSecurity,
        anonymous: security.length === 0 || security.some((r) => Object.keys(r).length === 0),
        servers: ownServers ?? docServers,
        ownServers,
        parameters,
        pathParams: parameters.filter((p) => p.in === 'path'),
        requiredParams: parameters.filter((p) => p.required && (p.in === 'query' || p.in === 'header')),
        requestBody,
        responses,
      });
    }
  }
  const byKey = new Map(operations.map((o) => [o.key, o]));

  const securitySchemes: Record<string, SpecNode> = {};
  const rawSchemes = doc.components?.securitySchemes;
  for (const [name, s] of Object.entries(isObject(rawSchemes) ? rawSchemes : {})) {
    const resolved = resolve(s);
    if (resolved) securitySchemes[name] = resolved;
  }
  const usedSchemes = [...new Set(operations.flatMap((o) => o.security.flatMap((r) => Object.keys(r))))];

  // Validation (built on first use: codegen and the diff never validate)
  let ajvs: { plain: Ajv2020; coerce: Ajv2020 | undefined } | undefined;
  const newAjv = (coerceTypes: boolean) => {
    // a pattern that backtracks runs as its linear form, or not at all (boundedPattern): the values are a server's or a client's
    const ajv = new Ajv2020({ ...AJV_OPTIONS, coerceTypes, code: { regExp: boundedRegExp, process: boundedCode } });
    addFormats.default(ajv);
    // the whole document, so every internal $ref resolves against it
    ajv.addSchema(stripForAjv(jsonSchemaDoc()), 'spec');
    return ajv;
  };
  /**
   * Where an error of the schema at `schemaPointer` was found: the pointer of its schema and
   * keyword (`#/components/schemas/V/pattern`). Ajv's schemaPath is relative to the schema it
   * compiled as the root (the one at the pointer, its `$ref`s followed), and from the document's
   * root past a `$ref` it compiled on its own. (Ajv's `verbose` names the schema object itself,
   * but with it apps/conformance's generation test ran out of memory.)
   */
  const schemaPlace = (schemaPointer: string, schemaPath: string): string => {
    let rel = schemaPath.slice(1);
    try {
      rel = decodeURIComponent(rel);
    } catch {
      // as written
    }
    const root = follow(getAt(doc, schemaPointer), schemaPointer).pointer ?? schemaPointer;
    const fromRoot = `${root}${rel}`;
    return getAt(doc, fromRoot) !== undefined ? fromRoot : schemaPath;
  };
  const ajv = (coerce = false): Ajv2020 => {
    ajvs ??= { plain: newAjv(false), coerce: undefined };
    if (!coerce) return ajvs.plain;
    ajvs.coerce ??= newAjv(true);
    return ajvs.coerce;
  };
  const validators = new Map<string, ReturnType<Ajv2020['compile']>>();
  const nodeValidators = new WeakMap<object, ReturnType<Ajv2020['compile']>>();

  const model: SpecModel = {
    doc,
    source,
    openapi,
    operations,
    operation: (key) => byKey.get(key),
    servers: docServers,
    security: docSecurity,
    securitySchemes,
    usedSchemes,
    resolve,
    follow,
    at: (p) => getAt(doc, p),
    schemaAt(schemaPointer, path) {
      // a property declared by an allOf part (followed through $refs, parts of parts too)
      const inAllOf = (node: SpecNode, where: string, seg: string, depth = 0): [unknown, string] | undefined => {
        if (!Array.isArray(node.allOf) || depth > 8) return undefined;
        for (const [j, raw] of node.allOf.entries()) {
          const { node: part, pointer: partAt } = follow(raw, child(where, 'allOf', j));
          if (!part) continue;
          if (isObject(part.properties) && Object.hasOwn(part.properties, seg))
            return [part.properties[seg], child(partAt ?? '', 'properties', seg)];
          const deeper = inAllOf(part, partAt ?? '', seg, depth + 1);
          if (deeper) return deeper;
        }
        return undefined;
      };
      let { node, pointer: where } = follow(getAt(doc, schemaPointer) ?? null, schemaPointer);
      let i = 0;
      for (; i < path.length && node; i++) {
        const seg = path[i] as string;
        // where the object declares the property (its own key, not one an object inherits such as
        // `constructor`), or one of its allOf parts does; else its items, else its
        // additionalProperties. The fake's readOnlyAt (@capi/core, fake/model.ts) walks in this
        // order too (apps/fakes/test/read-only-agreement.test.mjs)
        let next: [unknown, string] | undefined =
          isObject(node.properties) && Object.hasOwn(node.properties, seg)
            ? [node.properties[seg], child(where ?? '', 'properties', seg)]
            : inAllOf(node, where ?? '', seg);
        if (!next && /^\d+$/.test(seg) && isObject(node.items)) next = [node.items, child(where ?? '', 'items')];
        else if (!next && isObject(node.additionalProperties))
          next = [node.additionalProperties, child(where ?? '', 'additionalProperties')];
        if (!next) break;
        ({ node, pointer: where } = follow(next[0], next[1]));
      }
      return { node, pointer: where ?? schemaPointer, rest: path.slice(i) as string[] };
    },
    validateNode(schema, value) {
      const key = isObject(schema) ? schema : EMPTY;
      let v = nodeValidators.get(key);
      if (!v) {
        try {
          v = ajv().compile(
            JSON.parse(
              JSON.stringify(key, (k, x) =>
                k === '$ref' && typeof x === 'string' && x.startsWith('#') ? `spec${x}` : k === 'discriminator' ? undefined : x,
              ),
            ),
          );
        } catch (e) {
          // compiled from a copy: named by where the node itself sits in the document
          if (e instanceof ValidatorTooLarge && !e.pointer) throw new ValidatorTooLarge(e.size, pointerIn(doc, key));
          throw e;
        }
        nodeValidators.set(key, v);
      }
      try {
        return Boolean(v(value));
      } catch (e) {
        if (e instanceof RangeError) return false; // nested deeper than the validator can recurse (as in validate)
        throw e;
      }
    },
    validate(schemaPointer, value, { coerce = false, request = false } = {}) {
      const mode = coerce ? 'coerce' : 'plain';
      let v = validators.get(`${mode} ${schemaPointer}`);
      if (!v) {
        const a = ajv(coerce);
        // a schema that is only a reference is validated by the function of the schema it refers
        // to (one per component, however many bodies refer to it), as ajv-standalone.ts shares it
        const target = referencedSchema(a.schemas.spec?.schema, schemaPointer);
        v = validators.get(`${mode} ${target}`);
        if (!v) {
          try {
            v = a.getSchema(`spec${encodeURI(target).replace(/%7B/g, '{').replace(/%7D/g, '}')}`) ?? a.getSchema(`spec${target}`);
          } catch (e) {
            throw new Error(`the schema at ${target} cannot be compiled: ${e instanceof Error ? e.message : String(e)}`);
          }
          if (!v) throw new Error(`no schema at ${schemaPointer}`);
          validators.set(`${mode} ${target}`, v);
        }
        validators.set(`${mode} ${schemaPointer}`, v);
      }
      // coercion rewrites the value it reads: a copy, never the caller's
      let ok: boolean;
      try {
        ok = Boolean(v(coerce ? structuredClone(value) : value));
      } catch (e) {
        // a value nested deeper than the stack under a recursive schema (Ajv's code recurses once
        // per level): not valid, and said so; a server's body must not end verify or replay
        if (!(e instanceof RangeError)) throw e;
        return { ok: false, errors: [`/ the value could not be checked: nested deeper than the validator can recurse (${e.name})`] };
      }
      let found = ok ? [] : (v.errors ?? []);
      // a required readOnly property a request leaves out: no error (its place read from the
      // instance path, so a property of an allOf part or behind a $ref counts)
      if (request)
        found = found.filter(
          (e) =>
            e.keyword !== 'required' ||
            typeof e.params?.missingProperty !== 'string' ||
            !readOnlyAt(schemaPointer, [...parsePointer(`#${e.instancePath}`), e.params.missingProperty]),
        );
      return {
        ok: ok || !found.length,
        errors: found.map((e) => `${e.instancePath || '/'} ${e.message}`),
        schemaPaths: found.map((e) => schemaPlace(schemaPointer, e.schemaPath)),
      };
    },
  };
  /** Whether the property at `path` (instance path segments, the property's name last) is readOnly: on its schema or beside its `$ref`. */
  function readOnlyAt(schemaPointer: string, path: readonly string[]): boolean {
    const name = path.at(-1);
    const parent = model.schemaAt(schemaPointer, path.slice(0, -1));
    if (name === undefined || parent.rest.length || !parent.node) return false;
    // the property where the object declares it, or one of its allOf parts does
    const declared = (node: SpecNode, depth = 0): unknown => {
      if (isObject(node.properties) && Object.hasOwn(node.properties, name)) return node.properties[name];
      if (!Array.isArray(node.allOf) || depth > 8) return undefined;
      for (const part of node.allOf) {
        const p = follow(part, null).node;
        const found = p && declared(p, depth + 1);
        if (found !== undefined) return found;
      }
      return undefined;
    };
    const raw = declared(parent.node);
    return (isObject(raw) && raw.readOnly === true) || follow(raw, null).node?.readOnly === true;
  }
  return model;
}

/**
 * The pointer of the schema a body's validator is compiled from: the schema at `pointer`, or,
 * when that is only a reference (`{ "$ref": "#/components/schemas/A" }`), the schema it refers to,
 * followed as far as references go (at most 32). Ajv compiles a reference alone to the schema it
 * refers to, but as a function of its own when asked for it by the referring pointer: the same
 * component, compiled again for every body that is just a reference to it (119 of 1 241 functions
 * on GitHub's spec, 17% of the code). The spec model's `validate` and the generated validators
 * (codegen/ajv-standalone.ts) both compile the target.
 */
export function referencedSchema(doc: unknown, pointer: string): string {
  let at = pointer;
  for (let hops = 0; hops < 32; hops++) {
    const node = getAt(doc, at);
    if (!isObject(node) || typeof node.$ref !== 'string' || !node.$ref.startsWith('#/') || Object.keys(node).length !== 1) break;
    at = node.$ref;
  }
  return at;
}

/**
 * The options every Ajv of the project validates with: the contract tests, verify, the fakes and
 * the validators generated into each client (validators-codegen.ts), so all of them agree.
 * unicodeRegExp: false: specs write patterns with escapes unicode mode refuses (`\:`), which
 * Prism and Redocly read; a pattern is an ECMA-262 regex either way (the spec model's validators
 * read one with a Unicode property escape, `\p{L}`, with the flag: boundedRegExp).
 */
// logger false: Ajv warns once per schema about a format it does not know ("decimal", "int32" of
// another dialect...) and ignores it; on a real spec that is hundreds of console lines in codegen
// and the contract tests for formats we deliberately do not check.
// ownProperties: a property the schema names is looked up on the value itself, not its prototype:
// without it a body without `constructor` (a property some schemas name) had Object's function
// there ("must be string"), and a body missing a required `constructor` or `toString` passed.
export const AJV_OPTIONS = {
  strict: false,
  allErrors: true,
  validateFormats: true,
  unicodeRegExp: false,
  logger: false,
  ownProperties: true,
} as const;

/**
 * The most code one validator function the spec model compiles may have (characters). Ajv writes
 * every subschema that is not a `$ref` into the function of the schema holding it, so a schema
 * whose parts are the same objects several times over (a document built in JavaScript, or a
 * YAML alias) grows its function by that factor per level: beezup-like maps of links nested 8
 * levels deep inline were a 25 MB function, which V8's Maglev compiler (Node 24) then grew to
 * 23 GB optimising in the background. 7.7 MB compiled and ran in bounded memory; past this the
 * schema is refused by name instead (a `$ref` to a component is compiled once, as its own function).
 */
export const MAX_VALIDATOR_CODE = 4_000_000;

/** What an Ajv `code.process` hook is told of the function it writes (Ajv's SchemaEnv, the parts read here). */
interface CompiledSchema {
  schema?: unknown;
  root?: { schema?: unknown };
}

/**
 * A validator over MAX_VALIDATOR_CODE, refused by the pointer of the schema its function is for
 * (found in the document Ajv compiles, when it is one of its schemas), with what to do.
 */
export class ValidatorTooLarge extends Error {
  readonly size: number;
  readonly pointer: string | undefined;
  constructor(size: number, pointer: string | undefined) {
    super(
      `the validator of ${pointer ? `the schema at ${pointer}` : 'that schema'} would be ${size} characters of code, over the limit of ${MAX_VALIDATOR_CODE}: a subschema written out at each of its uses is compiled into it each time (a $ref to a component is compiled once); in an overlay, put the repeated subschema in components/schemas and replace its inline copies with a $ref to it`,
    );
    this.size = size;
    this.pointer = pointer;
  }
}

/** An Ajv `code.process` hook: the code of one validator function, or ValidatorTooLarge. */
export const boundedCode = (code: string, env?: CompiledSchema): string => {
  if (code.length > MAX_VALIDATOR_CODE) {
    const root = env?.root?.schema;
    throw new ValidatorTooLarge(code.length, env?.schema !== root ? pointerIn(root, env?.schema) : undefined);
  }
  return code;
};

/** Where `node` sits in `root` (`#/components/schemas/Big`), found by identity, each object visited once; undefined when it is not there. */
function pointerIn(root: unknown, node: unknown): string | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const seen = new Set<object>();
  const stack: [unknown, string[]][] = [[root, []]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [at, path] = next;
    if (at === node) return formatPointer(path);
    if (at === null || typeof at !== 'object' || seen.has(at)) continue;
    seen.add(at);
    for (const [k, v] of Object.entries(at)) if (v !== null && typeof v === 'object') stack.push([v, [...path, k]]);
  }
  return undefined;
}

// OpenAPI-only fields that are not JSON Schema and would confuse Ajv when they sit where a
// schema keyword could. `discriminator` is dropped (Ajv would enforce it with its own stricter
// rules than OpenAPI's); `$id` inside the document's schemas (a URL several schemas often
// share, as documentation) would make Ajv resolve references against it, or refuse it as
// defined twice.
export function stripForAjv(doc: SpecNode): SpecNode {
  return JSON.parse(JSON.stringify(doc, (k, v) => (k === 'discriminator' || k === '$id' ? undefined : v)));
}

/**
 * An OAS 3.0 document's schemas in their JSON Schema 2020-12 form, so Ajv and the generated
 * cases read them as OAS 3.0 means them (Prism reads 3.0 natively): `nullable: true` adds 'null'
 * to the type (and to an enum), boolean exclusiveMinimum/exclusiveMaximum become numbers.
 */
function fromOas30(doc: SpecNode): SpecNode {
  // one pass over each node's keys, in their order, leaving out what the conversion removes
  // (no copy of every entry list, no `delete`, which leaves an object slow for whoever reads it next)
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isObject(node)) return node;
    const nullable = node.nullable === true;
    const out: SpecNode = {};
    for (const k of Object.keys(node)) {
      const v = node[k];
      let value: unknown;
      if (k === 'nullable' && typeof v === 'boolean') continue;
      if ((k === 'minimum' && node.exclusiveMinimum === true) || (k === 'maximum' && node.exclusiveMaximum === true)) {
        if (typeof v === 'number') continue; // its exclusive bound takes its value
        value = walk(v);
      } else if (k === 'exclusiveMinimum' || k === 'exclusiveMaximum') {
        const bound = node[k === 'exclusiveMinimum' ? 'minimum' : 'maximum'];
        if (v === false) continue;
        value = v === true && typeof bound === 'number' ? bound : walk(v);
      } else if (nullable && k === 'type' && typeof v === 'string') value = [v, 'null'];
      else if (nullable && k === 'type' && Array.isArray(v)) {
        const types = walk(v) as unknown[];
        value = types.includes('null') ? types : [...types, 'null'];
      } else if (nullable && k === 'enum' && Array.isArray(v)) {
        const values = walk(v) as unknown[];
        value = values.includes(null) ? values : [...values, null];
      } else value = walk(v);
      // defined, not assigned: a key named `__proto__` stays a key
      if (k === '__proto__') Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
      else out[k] = value;
    }
    return out;
  };
  return walk(doc) as SpecNode;
}
