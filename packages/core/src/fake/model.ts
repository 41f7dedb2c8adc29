// What the fake engine reads of a spec: its operations (method, path, parameters, security, request
// body, responses, each with the JSON pointer where it lives), its security schemes, the schemas
// behind `$ref`s, and a validator per schema pointer. In this repository the spec model
// (scripts/lib/spec-model.ts) is one (it has all of this and more); a published provider package
// carries another, written by codegen (src/generated/fake.gen.ts: the spec in its JSON Schema
// 2020-12 form, the operations, and Ajv's standalone validators, no eval), read by `fakeModel`.

import { pointerSegments } from '../json-pointer.ts';

export type SchemaNode = Record<string, any>;

export interface FakeMedia {
  /** As the spec writes it (`application/json`). */
  readonly type: string;
  readonly json: boolean;
  /** Its schema as written (may be a `$ref`), if any. */
  readonly schema: unknown;
  readonly schemaPointer: string | null;
  /** The media type's example (or its first `examples` value). */
  readonly example: unknown;
}

export interface FakeResponse {
  readonly status: string;
  /** Where the response object lives (its `headers` are read there). */
  readonly pointer: string;
  /** The first JSON media type, if any. */
  readonly json: FakeMedia | undefined;
  readonly schemaPointer: string | null;
}

export interface FakeOperation {
  /** "METHOD /path" as the spec writes it. */
  readonly key: string;
  readonly method: string;
  readonly path: string;
  readonly operationId: string | undefined;
  readonly security: readonly Readonly<Record<string, readonly string[]>>[];
  /** Whether a call without credentials is allowed. */
  readonly anonymous: boolean;
  /** Its parameters; `schema` (as written) where the model has it (the spec model does; a published package's may not). */
  readonly parameters: readonly { readonly name: string; readonly in: string; readonly schema?: unknown }[];
  readonly requestBody: { readonly required: boolean; readonly preferred: FakeMedia | undefined } | null;
  readonly responses: readonly FakeResponse[];
}

/** The spec as the fake engine reads it. */
export interface FakeModel {
  readonly operations: readonly FakeOperation[];
  operation(key: string): FakeOperation | undefined;
  readonly securitySchemes: Readonly<Record<string, SchemaNode>>;
  /** The document's servers (`url`, `variables`): a request may carry a server's path before the operation's. */
  readonly servers?: readonly SchemaNode[];
  /** The node behind local `$ref`s (undefined when it leads nowhere). */
  resolve(node: unknown): SchemaNode | undefined;
  /** The node at a JSON pointer of the document. */
  at(pointer: string): unknown;
  /**
   * Validates a value against the schema at a JSON pointer. `request`: as OAS reads a request
   * body, where a required `readOnly` property is not required (the server sets it; Prism reads
   * it so too), which plain JSON Schema does not know. The spec model of this repository
   * (scripts/lib/spec/spec-model.ts) reads it so, and so does `fakeModel`.
   */
  validate(
    schemaPointer: string,
    value: unknown,
    options?: { readonly request?: boolean },
  ): { readonly ok: boolean; readonly errors: readonly string[] };
}

/** A standalone validator (Ajv's generated code): true when valid, its errors on itself otherwise. */
export interface SchemaValidator {
  (value: unknown): boolean;
  errors?: readonly { instancePath?: string; message?: string; keyword?: string; params?: Record<string, unknown> }[] | null;
}

/** A media type as codegen writes it: its schema is found by `schemaPointer`. */
export type FakeMediaData = Omit<FakeMedia, 'schema' | 'example'> & { readonly example?: unknown };

/** An operation as codegen writes it. */
export interface FakeOperationData extends Omit<FakeOperation, 'requestBody' | 'responses'> {
  readonly requestBody: { readonly required: boolean; readonly preferred: FakeMediaData | undefined } | null;
  readonly responses: readonly (Omit<FakeResponse, 'json'> & { readonly json: FakeMediaData | undefined })[];
}

/** What codegen writes for a provider (src/generated/fake.gen.ts). */
export interface FakeModelData {
  /** The spec in its JSON Schema 2020-12 form (descriptions left out). */
  readonly doc: SchemaNode;
  readonly operations: readonly FakeOperationData[];
  /** The defined security schemes, `$ref`s followed. */
  readonly securitySchemes: Readonly<Record<string, SchemaNode>>;
}

/** The segments of a `$ref` fragment ('#/a/b~1c' → ['a', 'b/c']): percent-decoded as a whole first (RFC 6901, section 6). */
function segments(pointer: string): string[] {
  let body = String(pointer).replace(/^#/, '');
  try {
    body = decodeURIComponent(body);
  } catch {} // a literal '%' in a key, not an escape
  return pointerSegments(body);
}

/** The node at a pointer, following own keys only (`__proto__` in a pointer names nothing inherited). */
function getAt(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const key of segments(pointer)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const isObject = (v: unknown): v is SchemaNode => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The response validators a client package generates (validators.gen.ts): "METHOD /path" → status → media type → validator. */
export type ResponseValidatorTable = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, SchemaValidator>>>>>>;

/**
 * The model of a provider's generated fake data. `validators`: schema pointer → standalone
 * validator (the request bodies'); `responses`: the client's own response validators, found by
 * each response's operation, status and media type. A schema with none (one Ajv could not
 * compile at codegen time) is not checked.
 */
export function fakeModel(
  data: FakeModelData,
  validators: Readonly<Record<string, SchemaValidator>> = {},
  responses: ResponseValidatorTable = {},
): FakeModel {
  // each schema by its place in the document, so the engine resolves it there (one object per place)
  const media = (m: FakeMediaData | undefined): FakeMedia | undefined =>
    m && { ...m, schema: m.schemaPointer ? { $ref: m.schemaPointer } : undefined, example: m.example };
  const operations: FakeOperation[] = data.operations.map((op) => ({
    ...op,
    requestBody: op.requestBody && { required: op.requestBody.required, preferred: media(op.requestBody.preferred) },
    responses: op.responses.map((r) => ({ ...r, json: media(r.json) })),
  }));
  const byKey = new Map(operations.map((o) => [o.key, o]));
  const byPointer = new Map(Object.entries(validators));
  for (const op of operations) {
    for (const r of op.responses) {
      if (!r.json || !r.schemaPointer || byPointer.has(r.schemaPointer)) continue;
      const check = Object.hasOwn(responses, op.key) ? responses[op.key]?.[r.status]?.[r.json.type] : undefined;
      if (check) byPointer.set(r.schemaPointer, check);
    }
  }
  const resolve = (node: unknown): SchemaNode | undefined => {
    let n = node;
    for (let i = 0; isObject(n) && typeof n.$ref === 'string' && i < 32; i++) {
      n = n.$ref.startsWith('#') ? getAt(data.doc, n.$ref) : undefined;
    }
    return isObject(n) ? n : undefined;
  };
  return {
    operations,
    operation: (key) => byKey.get(key),
    securitySchemes: data.securitySchemes,
    servers: Array.isArray(data.doc.servers) ? data.doc.servers.filter(isObject) : [],
    resolve,
    at: (pointer) => getAt(data.doc, pointer),
    validate(schemaPointer, value, { request = false } = {}) {
      const check = byPointer.get(schemaPointer);
      if (!check) return { ok: true, errors: [] };
      const ok = Boolean(check(value));
      let found = ok ? [] : (check.errors ?? []);
      // a required readOnly property a request leaves out: no error (as the spec model's
      // `{ request: true }`: its place read from the instance path, so a property of an allOf
      // part or behind a $ref counts)
      if (request)
        found = found.filter(
          (e) =>
            e.keyword !== 'required' ||
            typeof e.params?.missingProperty !== 'string' ||
            !readOnlyAt(resolve, getAt(data.doc, schemaPointer), pointerSegments(e.instancePath ?? ''), e.params.missingProperty),
        );
      return { ok: ok || !found.length, errors: found.map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`) };
    },
  };
}

/**
 * Whether the property `name` of the object at `path` (instance path segments) inside `schema`
 * is readOnly: on its schema or beside its `$ref`, where the object declares it or one of its
 * allOf parts does (parts of parts too). The path is followed through properties, items,
 * additionalProperties and allOf parts; false where it leads nowhere (a oneOf/anyOf branch).
 */
function readOnlyAt(resolve: (node: unknown) => SchemaNode | undefined, schema: unknown, path: readonly string[], name: string): boolean {
  // the schema a node declares property `key` with: its own, else an allOf part's
  const declared = (node: SchemaNode, key: string, depth = 0): unknown => {
    if (isObject(node.properties) && Object.hasOwn(node.properties, key)) return node.properties[key];
    if (!Array.isArray(node.allOf) || depth > 8) return undefined;
    for (const part of node.allOf) {
      const p = resolve(part);
      const found = p && declared(p, key, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  let node = resolve(schema);
  for (const seg of path) {
    if (!node) return false;
    const own = declared(node, seg);
    node =
      own !== undefined
        ? resolve(own)
        : /^\d+$/.test(seg) && isObject(node.items)
          ? resolve(node.items)
          : isObject(node.additionalProperties)
            ? resolve(node.additionalProperties)
            : undefined;
  }
  const raw = node && declared(node, name);
  return (isObject(raw) && raw.readOnly === true) || resolve(raw)?.readOnly === true;
}
