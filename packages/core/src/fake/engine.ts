// The inferred fake: a stateful in-memory implementation of any spec, from its model alone.
// infer.ts reads the resources; this file keeps their records and answers each operation by its
// kind: a create stores what was sent (plus the fields the representation requires, generated
// from the seed: generate.ts), a read returns it, an update changes only what was sent, a replace
// keeps only the id and read-only fields, a delete removes it, a list returns what exists (with
// the documented pagination parameters and equality filters on documented query parameters), an
// action answers for an existing item. An unknown id gets the documented not-found answer,
// missing or refused credentials the documented 401, a body the schema refuses the documented
// 400/422. Served (serve.mjs), Prism stands in front and validates every answer.
//
// Nothing a request sends is trusted: records are kept in Maps by the id as a string (`..`, `/`,
// `__proto__` are just ids), fields are written as own properties, and the sizes are bounded
// (MAX_BODY_BYTES and MAX_RECORD_BYTES of http.ts, MAX_RECORDS per resource, MAX_STORE_BYTES in all).
//
// What a spec cannot say, a provider's testing entry declares as rules (`EngineRules`): who the
// credentials name and what that caller may do (403), fields no two records share (the
// documented conflict), fields derived from others, other fields that name an item in the path,
// how a sent field is written, and the id field where the representation does not tell.
import type { IncomingHttpHeaders } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import type { FakeModel as SpecModel, FakeOperation as Operation } from './model.ts';
import { generate } from './generate.ts';
import { answerServer, MAX_BODY_BYTES, MAX_RECORD_BYTES } from './http.ts';
import {
  type Inference,
  type InferredOperation,
  inferResources,
  type OperationInput,
  type OperationKind,
  type Resource,
  singular,
} from './infer.ts';
import { resourceSegmentsOf } from './segments.ts';
import { REDACTED } from '../redact.ts';

export { MAX_BODY_BYTES, MAX_RECORD_BYTES };

type Json = any;
type Record_ = Record<string, Json>;

/** Records a resource holds at most; a create past it gets the documented 400/422. */
export const MAX_RECORDS = 10_000;
/**
 * Bytes of records (as JSON text) the fake holds at most, all resources together (64 MiB): a
 * write that would take the store past it gets the documented 400/422; a delete always goes
 * through. With only the per-resource bounds, each resource could hold 10 000 records of 128 KiB,
 * about 1.3 GB.
 */
export const MAX_STORE_BYTES = 64 * 1024 * 1024;
/** Levels of a stored value fitted to an answer's schema (deeper ones are answered as stored). */
const MAX_FIT_DEPTH = 64;
/** Requests the log keeps (the oldest go first). */
export const MAX_LOGGED = 1000;
/** The largest request body the log keeps as it was sent (bytes of text); a larger one is logged by its size. */
export const MAX_LOGGED_BODY = 16 * 1024;

export interface Answer {
  status: number;
  body?: unknown;
  /** A body that is not JSON (a read documented only as `text/html`), written as it is, with its `content-type`. */
  text?: string;
  headers?: Record<string, string>;
}

/** What a rule learns of the request: the operation ("METHOD /path"), its kind and its resource. */
export interface RequestFacts {
  readonly operation: string;
  readonly kind: OperationKind;
  readonly resource: string;
}

/** The rules of one resource that its spec cannot say (each optional). */
export interface ResourceRules {
  /** The field of the representation that holds the id (wins over the inference, silences its guess). */
  idField?: string;
  /** Other fields (a dotted path: `user._id`) whose value also names an item in the path, tried after the id. */
  lookup?: readonly string[];
  /** Fields no two records may share: a write that would gets the documented 409 (else 400/422). */
  unique?: readonly { readonly field: string; readonly ignoreCase?: boolean }[];
  /** A write must send at least one field the body schema names, else the documented 400 (else 422): a request with nothing to do is a bad request, not a body that breaks a rule. */
  atLeastOneField?: boolean;
  /** How a sent field is written (default: its value replaces the stored one). */
  set?: Readonly<Record<string, (record: Record_, value: unknown) => void>>;
  /** Recomputes derived fields after every write (and of the seed records). */
  derive?(record: Record_): void;
  /** Fields kept in the store but not shown in answers (an id the representation does not carry). */
  hidden?: readonly string[];
}

/** A provider's own rules (typed for testing entries in @capi/scripts/lib/registry/provider-testing.ts). */
export interface EngineRules<Caller extends object = object> {
  /** The caller that credentials name, or null: the documented 401 (default: any credentials where the spec asks, or `credentials`). */
  authenticate?(headers: IncomingHttpHeaders): Caller | null;
  /** A reason to refuse the caller this operation (the documented 403), before any look-up (scopes). */
  permit?(caller: Caller, request: RequestFacts): string | null;
  /** A reason to refuse the caller this record (the documented 403). */
  authorize?(caller: Caller, record: Record_, request: RequestFacts): string | null;
  /** Rules by resource name. */
  resources?: Readonly<Record<string, ResourceRules>>;
}

export interface EngineOptions {
  /** The provider's own rules. */
  rules?: EngineRules;
  /** Seed of every generated value (default 'capi'). */
  seed?: string;
  /** Kinds declared by the testing entry, by "METHOD /path" (they win over the inference). */
  operations?: Readonly<Record<string, OperationKind>>;
  /** A collection path whose operations belong to another collection's resource (`{ '/customer': '/customers' }`). */
  groups?: Readonly<Record<string, string>>;
  /** Credential values accepted (token, key, password); default: any value the request carries where the spec says. */
  credentials?: readonly string[];
  /** Records the store starts from (and goes back to on reset), by resource name (top-level resources), each with its id field. */
  records?: Readonly<Record<string, readonly Record_[]>>;
  /** Bytes of records the store holds at most (default MAX_STORE_BYTES); seed records count, and are never refused. */
  maxStoreBytes?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  /** the query parameters; one the spec names as an apiKey credential (`in: query`) is `[REDACTED]` */
  query: Record<string, string>;
  operation: string | null;
  body: unknown;
}

/** What the inference needs of each operation of a model. */
export function operationsOf(model: SpecModel): OperationInput[] {
  return model.operations.map((op) => {
    const body = model.resolve(op.requestBody?.preferred?.schema);
    const repr = representation(model, op);
    return {
      method: op.method,
      path: op.path,
      operationId: op.operationId,
      bodyRequired: body && (body.type === 'object' || body.properties) ? (Array.isArray(body.required) ? body.required : []) : null,
      // (an id beside the item's envelope names the item too: Superset's create answers `{ id, result }`)
      fields: repr ? [...Object.keys(repr.schema.properties ?? {}), ...(repr.beside ? [repr.beside] : [])] : [],
      nested: repr
        ? Object.entries(repr.schema.properties ?? {}).flatMap(([k, v]) => {
            const inner = merged(model, v);
            return inner && !arrayType(inner) ? Object.keys(inner.properties ?? {}).map((f) => `${k}.${f}`) : [];
          })
        : [],
      answersList: arrayType(answerSchema(model, op)) && !arrayType(body),
      answersText: answersText(model, op),
      answersOne: answersOne(answerSchema(model, op), model),
      readOnlyStrings: repr
        ? Object.entries(repr.schema.properties ?? {})
            .filter(([, v]) => {
              const s = model.resolve(v);
              return s?.readOnly === true && [s.type].flat().includes('string');
            })
            .map(([k]) => k)
        : [],
      upserts: createsAtItem(op),
    };
  });
}

/**
 * Whether a success answer is one object of named fields, none of them (nor the object itself) a
 * list or a map of items: what `GET /me` answers, not a list's envelope (`{ data: [...] }`).
 */
function answersOne(schema: Record_ | undefined, model: SpecModel): boolean {
  if (!schema || arrayType(schema) || !schema.properties || Object.keys(schema.properties).length === 0) return false;
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') return false;
  return Object.values(schema.properties as Record_).every((v) => {
    const p = merged(model, v);
    return !p || (!arrayType(p) && !(p.additionalProperties && typeof p.additionalProperties === 'object' && !p.properties));
  });
}

/** Whether an operation's success answer is documented with content, none of it JSON (a `text/html` page): no representation of an item. */
function answersText(model: SpecModel, op: Operation): boolean {
  const res = success(op);
  if (!res || res.json) return false;
  const content = (model.resolve(model.at(res.pointer)) as Record_ | undefined)?.content;
  return content !== null && typeof content === 'object' && Object.keys(content).length > 0;
}

const ID_NAMES = ['id', '_id', 'uuid'];
/**
 * Whether an object schema holds a field of the usual id names, in any case (.NET's and AWS's `Id`,
 * `ID`, `UUID` as well as `id`): how an envelope's item is told from the fields beside it
 * (`{ "Data": { "Id", ... }, "ErrorCode": 0 }`).
 */
const holdsIdName = (s: Record_ | undefined) =>
  Object.keys((s?.properties ?? {}) as object).some((k) => ID_NAMES.includes(k.toLowerCase()));
/**
 * Whether a status has a meaning of its own a client acts on (credentials, permission, proxy
 * credentials, a rate limit): never the stand-in for a not-found or a refused body that an
 * operation does not document (apidapp's reads document only the 401 `lint:specs --fix` adds: a
 * missing account answered it, "Missing or invalid credentials").
 */
export const isAuthOrLimitStatus = (status: string): boolean => ['401', '403', '407', '429'].includes(status);

/** Whether a schema allows any value: no keyword but annotations (`{}`, `{ description }`). */
const allowsAnything = (s: Record_ | undefined) =>
  s !== undefined &&
  Object.keys(s).every(
    (k) => k.startsWith('x-') || ['description', 'title', 'deprecated', 'externalDocs', 'readOnly', 'writeOnly'].includes(k),
  );
/** Whether a schema's type is (or includes, as a nullable one: `['array', 'null']`) array. */
const arrayType = (s: { type?: unknown } | undefined) => [s?.type].flat().includes('array');
/** The key of a singleton's one item in its parent's bucket. */
const SINGLETON = '';
const ENVELOPES = ['data', 'item', 'result', 'record', 'object'];
const LIST_ENVELOPES = ['data', 'items', 'results', 'records', 'entries', 'list', 'values', 'content'];
/**
 * A request path as a URI reference (RFC 3986): a character a path cannot hold as it is (`<`, `>`,
 * `"`, `\`, `^`, a backtick, `{`, `|`, `}`, ...) percent-encoded. The path as it was asked went
 * into the next page's `Link: <...>`, where a `>` ended the URI early.
 */
const uriPath = (path: string): string => path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/g, (c) => encodeURIComponent(c));

/**
 * A list answer's field holding the next page's URL (Azure's `nextLink`, OData's
 * `@odata.nextLink`, `next_url`): the fake writes the URL of its next page there, and leaves the
 * field out on the last page (where the field is optional) instead of a generated string.
 */
const NEXT_URL_FIELDS = [
  'nextLink',
  'next_link',
  '@odata.nextLink',
  'odata.nextLink',
  'nextUrl',
  'next_url',
  'nextPageUrl',
  'next_page_url',
];

/** Objects in a list's answer that hold its total, next cursor or next URL (`{ "meta": { "total": 3 } }`). */
const PAGE_WRAPPERS = ['meta', 'pagination', 'paging', 'page_info', 'pageInfo', 'response_metadata', 'responseMetadata'];

/**
 * Whether a write on an item path creates the item its path names when there is none: a PUT that
 * documents a 201 or whose operationId says create (Azure's `Things_CreateOrUpdate`), or a POST
 * that documents a 201 and is not named an update (`POST /baskets/{name}`: the client names the new
 * item in the path; such a POST of an existing id is refused as a conflict, where a PUT replaces it).
 */
export function createsAtItem(op: { method: string; operationId?: string | undefined; responses: readonly { status: string }[] }): boolean {
  const method = op.method.toUpperCase();
  const created = op.responses.some((r) => r.status === '201');
  // (a POST whose operationId names an update, stream-io's `UpdateMessage` documenting a 201, updates: it makes nothing)
  const update = /update|patch|edit|modify/i.test(op.operationId ?? '') && !/create/i.test(op.operationId ?? '');
  return (method === 'PUT' && (created || /create/i.test(op.operationId ?? ''))) || (method === 'POST' && created && !update);
}

const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  email: /^[^@\s]+@[^@\s]+$/,
  'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i,
  date: /^\d{4}-\d\d-\d\d$/,
};

/** Whether a string takes a string schema's keywords (enum, const, length, pattern, the common formats): an id both an answer and a path must take. */
function admits(s: Record_, value: string): boolean {
  if (Array.isArray(s.enum) && !s.enum.includes(value)) return false;
  if (s.const !== undefined && s.const !== value) return false;
  const length = [...value].length;
  if (typeof s.minLength === 'number' && length < s.minLength) return false;
  if (typeof s.maxLength === 'number' && length > s.maxLength) return false;
  if (typeof s.format === 'string' && FORMATS[s.format] && !FORMATS[s.format]?.test(value)) return false;
  if (typeof s.pattern === 'string') {
    try {
      if (!new RegExp(s.pattern, 'u').test(value)) return false;
    } catch {
      return true; // a pattern JavaScript cannot read: not judged
    }
  }
  return true;
}

/**
 * The id fields of resources whose id parameter no field of the representation is named like,
 * found by the parameter's `pattern`: the one required string field of the representation (a
 * read's, else any operation's) a generated value of which the pattern accepts. None where no
 * pattern is documented, or where none or more than one field fits (the inference stays as it was).
 */
function idFieldsByPattern(model: SpecModel, inference: Inference, seed: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of inference.resources) {
    if (!r.item || !r.idParam) continue;
    const ops = r.operations.map((o) => model.operation(o.key)).filter((o): o is Operation => o !== undefined);
    // the item's own answers (read first), not a list's
    const order: OperationKind[] = ['read', 'update', 'replace', 'create'];
    const reprs = r.operations
      .filter((o) => order.includes(o.kind))
      .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))
      .map((o) => model.operation(o.key))
      .map((o) => (o ? representation(model, o)?.schema : undefined))
      .filter((x): x is Record_ => x !== undefined);
    if (reprs.length === 0 || reprs.some((x) => propAt(model, x, r.idField) !== undefined)) continue;
    const param = ops.flatMap((o) => o.parameters).find((p) => p.in === 'path' && p.name === r.idParam);
    const pattern = model.resolve(param?.schema)?.pattern;
    if (typeof pattern !== 'string') continue;
    let accepts: RegExp;
    try {
      accepts = new RegExp(pattern, 'u');
    } catch {
      continue; // a pattern JavaScript cannot read: no guess
    }
    const repr = reprs[0] as Record_;
    const fits = (Array.isArray(repr.required) ? repr.required : []).filter((f: unknown) => {
      if (typeof f !== 'string') return false;
      const field = merged(model, repr.properties?.[f]);
      if (!field || [field.type].flat()[0] !== 'string') return false;
      const value = generate(field, `${seed}/${r.name}#id`, { resolve: (n) => model.resolve(n) });
      return typeof value === 'string' && accepts.test(value);
    });
    // more than one (an ingestion's `arn` and `appBundleArn`): the one named like the resource,
    // else the one not named like an enclosing resource
    const [own, ...outer] = r.name
      .split('.')
      .reverse()
      .map((n) => singular(n).toLowerCase());
    const named = (f: string, n: string | undefined) => n !== undefined && f.toLowerCase().startsWith(n);
    const pick = [fits, fits.filter((f: string) => named(f, own)), fits.filter((f: string) => !outer.some((n) => named(f, n)))].find(
      (c) => c.length === 1,
    );
    if (pick) out[r.name] = pick[0];
  }
  return out;
}

/** Whether a number is within a schema's bounds (`minimum`, `maximum`, exclusive ones in their 3.0 and 3.1 forms). */
function withinBounds(s: Record_ | undefined, n: number): boolean {
  const { minimum: min, maximum: max, exclusiveMinimum: xmin, exclusiveMaximum: xmax } = s ?? {};
  if (typeof min === 'number' && (xmin === true ? n <= min : n < min)) return false;
  if (typeof max === 'number' && (xmax === true ? n >= max : n > max)) return false;
  if (typeof xmin === 'number' && n <= xmin) return false;
  return !(typeof xmax === 'number' && n >= xmax);
}

/** The first success response of an operation (2xx, else default). */
const success = (op: Operation) => op.responses.find((r) => /^2\d\d$/.test(r.status)) ?? op.responses.find((r) => r.status === '2XX');

/**
 * The member of an envelope's object that holds the item (named like one item of `collection`, an
 * object with an id) or the items (named like `collection`, an array of objects with an id).
 */
function memberNamedLike(model: SpecModel, inner: Record_, collection: string | undefined): { field: string; schema: Record_ } | undefined {
  if (!collection) return undefined;
  const members = inner.properties ?? {};
  const one = singular(collection).toLowerCase();
  for (const field of Object.keys(members)) {
    const member = merged(model, members[field]);
    if (!member) continue;
    const name = field.toLowerCase();
    if (name === one && !arrayType(member) && holdsIdName(member)) return { field, schema: member };
    const items = name === collection.toLowerCase() && arrayType(member) ? merged(model, member.items) : undefined;
    if (items && holdsIdName(items)) return { field, schema: items };
  }
  return undefined;
}

/**
 * The representation an operation answers with: the object schema of its success body, or the
 * object one level down (`{ data: {...} }`) when that one holds an id, with the envelope's path.
 */
function representation(
  model: SpecModel,
  op: Operation,
): { schema: Record_; envelope: string[]; others?: string[]; beside?: string } | undefined {
  const schema = answerSchema(model, op);
  if (!schema) return undefined;
  if (arrayType(schema)) {
    const items = merged(model, schema.items);
    return items ? { schema: items, envelope: [] } : undefined;
  }
  const props = schema.properties ?? {};
  const hasId = holdsIdName;
  const beside = besideEnvelope(model, op);
  if (beside) {
    const inner = merged(model, props[beside.field]);
    if (inner) return { schema: inner, envelope: [beside.field], beside: beside.id };
  }
  if (hasId(schema)) return { schema, envelope: [] };
  // a field named like one item of the path's collection (`{ "duration": ..., "role": {...} }`
  // from POST /roles, stream-io): the object inside
  const collection = resourceSegmentsOf(op.path)
    .filter((s) => !s.startsWith('{'))
    .at(-1);
  const one = collection ? singular(collection).toLowerCase() : undefined;
  const named = one ? Object.keys(props).find((k) => k.toLowerCase() === one) : undefined;
  const item = named === undefined ? undefined : merged(model, props[named]);
  if (named !== undefined && item && !arrayType(item) && Object.keys(item.properties ?? {}).length > 0) {
    const held = heldItems(model, item);
    return held ? { schema: held.schema, envelope: [named, held.field] } : { schema: item, envelope: [named] };
  }
  // an array field named like the collection itself (`{ "Items": [...] }` from POST /Items, Xero): its items
  // (or its plural where the path is singular: `{ "Sources": [...] }` from POST /flows/{arn}/source, AWS)
  const many = collection
    ? (Object.keys(props).find((k) => k.toLowerCase() === collection.toLowerCase()) ??
      Object.keys(props).find(
        (k) => arrayType(merged(model, props[k])) && singular(k).toLowerCase() === singular(collection).toLowerCase(),
      ))
    : undefined;
  const items = many === undefined ? undefined : merged(model, merged(model, props[many])?.items);
  if (many !== undefined && items && Object.keys(items.properties ?? {}).length > 0) return { schema: items, envelope: [many] };
  // a map of items by their id, named like the collection (`{ "users": { "<id>": {...} } }`, stream-io)
  const byKey = many === undefined ? undefined : mapOf(model, props[many]);
  if (many !== undefined && byKey) return { schema: byKey, envelope: [many] };
  // the top names the item's own id (the item parameter's name, or the collection's singular and
  // an id suffix: `portalId` of `GET /portals/{portalId}`): the top is the item, not an envelope
  // of one of its objects that happens to hold an `id` (iotsitewise's `portalLogoImageLocation: { id, url }`)
  if (namesOwnId(props, op.path, one)) return { schema, envelope: [] };
  // (a member of another name only where it is the one member holding an id: an item with no id of
  // its own that links several other systems' objects, flat.io's assignment `{ title, canvas: { id },
  // lti: { id }, ... }`, is no envelope of any of them)
  const withId = Object.keys(props).filter((k) => !ENVELOPES.includes(k) && hasId(merged(model, props[k])));
  for (const name of [...ENVELOPES, ...Object.keys(props)]) {
    if (!Object.hasOwn(props, name)) continue;
    const inner = merged(model, props[name]);
    if (inner && hasId(inner) && (ENVELOPES.includes(name) || withId.length === 1)) return { schema: inner, envelope: [name] };
    // an envelope that holds the item one level further down, in a member named like one item of
    // the collection, or its items in one named like the collection (YNAB's `{ data: { account:
    // {...} } }` from GET /accounts/{account_id}, and `{ data: { accounts: [...] } }` from its list)
    const deeper = ENVELOPES.includes(name) && inner && !arrayType(inner) ? memberNamedLike(model, inner, collection) : undefined;
    if (deeper) return { schema: deeper.schema, envelope: [name, deeper.field] };
    if (inner && arrayType(inner) && LIST_ENVELOPES.includes(name)) {
      const items = merged(model, inner.items);
      if (items && hasId(items)) return { schema: items, envelope: [name] };
    }
  }
  // an envelope field (`data`, `result`, ...) holding an object with no id of its own, beside only
  // scalars (`{ data: {...}, success: true }`): the object is the item, whatever field names it
  for (const name of ENVELOPES) {
    if (!Object.hasOwn(props, name)) continue;
    const inner = merged(model, props[name]);
    const scalarsBeside = Object.keys(props)
      .filter((k) => k !== name)
      .every((k) => ['boolean', 'string', 'number', 'integer'].includes([merged(model, props[k])?.type].flat()[0]));
    if (inner && !arrayType(inner) && Object.keys(inner.properties ?? {}).length > 0 && scalarsBeside)
      return { schema: inner, envelope: [name] };
  }
  // a union by property (`{ AssertionRule?: {...}, GatingRule?: {...} }`, route53's safety rules):
  // optional object members that all hold one id-like field named like the collection
  // (`SafetyRuleArn`): the first member is the item, the others are left out of answers
  const members = Object.keys(props);
  const objects = members.map((k) => merged(model, props[k]));
  if (members.length > 1 && !(schema.required ?? []).length && objects.every((o) => o && !arrayType(o) && o.properties)) {
    const common = Object.keys(objects[0]?.properties ?? {}).filter(
      (f) =>
        /(^(id|_id|uuid)$|Id$|ID$|_id$|Arn$|ARN$|_arn$)/.test(f) &&
        one !== undefined &&
        f.toLowerCase().startsWith(one) &&
        objects.every((o) => Object.hasOwn(o?.properties ?? {}, f)),
    );
    const [first] = members;
    if (common.length === 1 && first !== undefined && objects[0])
      return { schema: objects[0], envelope: [first], others: members.slice(1) };
  }
  // a body of one object field (`{ "Flow": { "FlowArn": ... } }`, AWS's answers): the object inside
  const [only, ...others] = Object.keys(props);
  const inner = only !== undefined && others.length === 0 ? merged(model, props[only]) : undefined;
  if (only !== undefined && inner && !arrayType(inner) && Object.keys(inner.properties ?? {}).length > 0) {
    const held = heldItems(model, inner);
    return held ? { schema: held.schema, envelope: [only, held.field] } : { schema: inner, envelope: [only] };
  }
  return Object.keys(props).length ? { schema, envelope: [] } : undefined;
}

/**
 * Whether `props` name the item's own id at their top: a field named like the path's last
 * parameter (`portalId` of `/portals/{portalId}`), or like the collection's singular with an id
 * suffix (`portalId`, `portal_id`, `portalArn` of `/portals`).
 */
function namesOwnId(props: Record_, path: string, one: string | undefined): boolean {
  const lastParam = /\{([^}]+)\}$/.exec(path)?.[1]?.toLowerCase();
  const own = one === undefined ? [] : ['id', '_id', 'uuid', 'arn', '_arn'].map((s) => `${one}${s}`);
  return Object.keys(props).some((k) => k.toLowerCase() === lastParam || own.includes(k.toLowerCase()));
}

/**
 * The items an object with no id of its own holds in its one field, an array of objects that hold
 * an id (codeguruprofiler's notification configuration: `{ channels: [{ id, uri }] }`), else undefined.
 */
function heldItems(model: SpecModel, holder: Record_): { schema: Record_; field: string } | undefined {
  const [field, ...more] = Object.keys(holder.properties ?? {});
  if (field === undefined || more.length > 0 || holdsIdName(holder)) return undefined;
  const list = merged(model, holder.properties?.[field]);
  const items = list && arrayType(list) ? merged(model, list.items) : undefined;
  return items && holdsIdName(items) ? { schema: items, field } : undefined;
}

/**
 * An envelope whose id sits beside the item (Flask-AppBuilder's, Apache Superset's: a create
 * answers `{ id, result: {...the sent fields...} }`, a read `{ id, result: {...the item...},
 * show_columns, ... }`): the answer holds a scalar id field at its top and a field named like an
 * envelope (`result`, `data`, ...) holding an object that is the item: it holds an id itself, or
 * it is the schema of the request body (the create and update answer what they were sent). The
 * wrapper field and the id field beside it, else undefined.
 */
export function besideEnvelope(model: SpecModel, op: Operation): { field: string; id: string } | undefined {
  const schema = answerSchema(model, op);
  if (!schema || arrayType(schema)) return undefined;
  const props: Record_ = schema.properties ?? {};
  const id = ID_NAMES.find((n) => {
    const t = [model.resolve(props[n])?.type].flat()[0];
    return Object.hasOwn(props, n) && (t === 'string' || t === 'integer' || t === 'number');
  });
  if (id === undefined) return undefined;
  const body = merged(model, op.requestBody?.preferred?.schema);
  for (const field of ENVELOPES) {
    if (!Object.hasOwn(props, field)) continue;
    const inner = merged(model, props[field]);
    if (!inner || arrayType(inner) || Object.keys(inner.properties ?? {}).length === 0) continue;
    const holdsId = ID_NAMES.some((n) => Object.hasOwn(inner.properties ?? {}, n));
    const bodyProps = Object.keys(body?.properties ?? {});
    const echoesBody =
      model.resolve(props[field]) === model.resolve(op.requestBody?.preferred?.schema) ||
      (bodyProps.length > 0 && bodyProps.every((k) => Object.hasOwn(inner.properties ?? {}, k)));
    if (holdsId || echoesBody) return { field, id };
  }
  return undefined;
}

/** The item schema of a map of objects by key (`additionalProperties: { properties }`, no properties of its own), if it is one. */
function mapOf(model: SpecModel, node: unknown): Record_ | undefined {
  const s = merged(model, node);
  if (!s || Object.keys(s.properties ?? {}).length > 0) return undefined;
  const items = merged(model, s.additionalProperties);
  return items && Object.keys(items.properties ?? {}).length > 0 ? items : undefined;
}

/**
 * The item schema of a map written as one property named like the item parameter, in any case or
 * with `-`/`_` between its words (`{ "delivery-pool-id": { name, ... } }` for `{deliveryPoolId}`):
 * the name is a placeholder for the key, not a field. None where the object names other fields.
 */
function placeholderMap(model: SpecModel, s: Record_, idParam: string | null): Record_ | undefined {
  const names = Object.keys(s.properties ?? {});
  const plainName = (n: string) => n.replace(/[-_]/g, '').toLowerCase();
  if (!idParam || names.length !== 1 || plainName(names[0] ?? '') !== plainName(idParam)) return undefined;
  const items = merged(model, s.properties?.[names[0] ?? '']);
  return items && Object.keys(items.properties ?? {}).length > 0 ? items : undefined;
}

/** The merged schema of an operation's success answer, made once per operation (the engine reads it per request). */
const answers = new WeakMap<Operation, Record_ | undefined>();
function answerSchema(model: SpecModel, op: Operation): Record_ | undefined {
  if (!answers.has(op)) answers.set(op, merged(model, success(op)?.json?.schema));
  return answers.get(op);
}

/** A schema with its allOf parts merged and the first non-null branch of a oneOf/anyOf taken (properties and required). */
function merged(model: SpecModel, node: unknown, depth = 0): Record_ | undefined {
  const s = model.resolve(node);
  if (!s || depth > 8) return s;
  const parts = [...(Array.isArray(s.allOf) ? s.allOf : []), ...[s.oneOf, s.anyOf].filter(Array.isArray).map((b) => b[0])];
  if (parts.length === 0) return s;
  const out: Record_ = { ...s, properties: { ...(s.properties ?? {}) }, required: [...(s.required ?? [])] };
  for (const part of parts) {
    const p = merged(model, part, depth + 1);
    if (!p) continue;
    if (arrayType(p) && !s.properties) return p;
    Object.assign(out.properties, p.properties ?? {});
    out.required.push(...(Array.isArray(p.required) ? p.required : []));
    out.type ??= p.type;
  }
  return out;
}

/** The fields of `record` that `schema` names (for a schema with `additionalProperties: false`). */
function closed(schema: Record_, record: Record_): Record_ {
  const out: Record_ = {};
  for (const key of Object.keys(record)) if (Object.hasOwn(schema.properties ?? {}, key)) put(out, key, record[key]);
  return out;
}

/** Writes an own property, whatever its name (`__proto__` included). */
function put(target: Record_, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Whether a JSON value is of a JSON Schema type. */
const isType = (type: string, v: unknown): boolean =>
  type === 'integer'
    ? Number.isInteger(v)
    : type === 'number'
      ? typeof v === 'number'
      : type === 'array'
        ? Array.isArray(v)
        : type === 'object'
          ? plain(v)
          : type === 'null'
            ? v === null
            : typeof v === type;
const plain = (v: unknown): v is Record_ => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Whether a JSON value is of one of a schema's types (of any, where it names none). */
const ofTypes = (types: readonly string[], v: unknown): boolean => types.length === 0 || types.some((t) => isType(t, v));

/**
 * The number or boolean a string reads as, where a field of these JSON Schema types holds one
 * and no string: "12" as 12 (an integer only where it is whole), "true" as true; undefined where
 * it reads as none of them (a string sent, the answer holding another type: the fake converts
 * what reads as one, and the workflows' checks expect it converted).
 */
export function readAsScalar(types: readonly unknown[], text: string): number | boolean | undefined {
  if (types.includes('string')) return undefined;
  const n = Number(text);
  if (text.trim() !== '' && Number.isFinite(n) && (types.includes('number') || (types.includes('integer') && Number.isInteger(n))))
    return n;
  if (types.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  return undefined;
}

/**
 * A created value written over the generated one: an object over an object keeps the generated
 * fields it does not name (the fields the server fills in a nested object whose request schema
 * names fewer than its answer's: impala's booking `notes`); anything else, `null` included,
 * replaces it.
 */
function over(stored: unknown, sent: unknown, depth = 0): unknown {
  if (!plain(stored) || !plain(sent) || depth > 16) return sent;
  const out: Record_ = { ...stored };
  for (const key of Object.keys(sent)) put(out, key, over(stored[key], sent[key], depth + 1));
  return out;
}

/** The value at a dotted path of own properties (`user._id`), as a string when it is one or a number. */
function valueAt(record: Record_, path: string): string | undefined {
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (!value || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record_)[key];
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/**
 * A record's id: its id field, else where that is a dotted path (an id two objects deep:
 * networkmanager's `Attachment.AttachmentId`) the value there.
 */
function idAt(record: Record_ | undefined, field: string): unknown {
  if (!record) return undefined;
  if (Object.hasOwn(record, field) || !field.includes('.')) return record[field];
  let value: unknown = record;
  for (const key of field.split('.')) {
    if (!value || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record_)[key];
  }
  return value;
}

/** Writes a record's id at its id field, or at its dotted path (the objects on the way made where missing). */
function putId(record: Record_, field: string, value: unknown) {
  if (!field.includes('.') || Object.hasOwn(record, field)) return put(record, field, value);
  const keys = field.split('.');
  let at = record;
  for (const key of keys.slice(0, -1)) {
    const next = Object.hasOwn(at, key) ? at[key] : undefined;
    if (!next || typeof next !== 'object' || Array.isArray(next)) put(at, key, {});
    at = at[key];
  }
  put(at, keys.at(-1) ?? field, value);
}

/** The schema of a field of `schema`'s properties, by its dotted path where it is one. */
function propAt(model: SpecModel, schema: Record_ | undefined, field: string): unknown {
  const props = schema?.properties ?? {};
  if (Object.hasOwn(props, field) || !field.includes('.')) return props[field];
  const [outer = '', ...rest] = field.split('.');
  return Object.hasOwn(props, outer) ? propAt(model, merged(model, props[outer]), rest.join('.')) : undefined;
}

/** An ISO timestamp after `previous` (at least 1 ms later). */
function later(previous: unknown): string {
  const before = Date.parse(String(previous ?? '')) || 0;
  return new Date(Math.max(Date.now(), before + 1)).toISOString();
}

interface Route {
  op: Operation;
  inferred: InferredOperation;
  resource: Resource | undefined;
  regex: RegExp;
  names: string[];
  literals: number;
  /** The resources that answer this operation too where the request names one of their items by its whole name (alloydb's `GET /v1/{name}`). */
  shared?: { inferred: InferredOperation; resource: Resource }[];
}

/**
 * The route as the resource the request's whole name (its last path parameter) names answers it:
 * `projects/p/locations/l/clusters/c` for `clusters` (`nameSegment`), where the route is shared;
 * else the route itself.
 */
function byName(route: Route, params: Record<string, string>): Route {
  const whole = params[route.names.at(-1) ?? ''];
  if (!route.shared || whole === undefined) return route;
  for (const alt of route.shared) {
    const at = whole.lastIndexOf(`/${alt.resource.nameSegment}/`);
    const rest = at > 0 ? whole.slice(at + String(alt.resource.nameSegment).length + 2) : '';
    if (rest && !rest.includes('/')) return { ...route, inferred: alt.inferred, resource: alt.resource };
  }
  return route;
}

function compile(path: string): { regex: RegExp; names: string[]; literals: number } {
  const names: string[] = [];
  let literals = 0;
  const trimmed = path.length > 1 ? path.replace(/\/$/, '') : path;
  const source = trimmed
    .split(/(\{[^{}]+\})/)
    .map((part) => {
      const m = /^\{(.+)\}$/.exec(part);
      if (!m) {
        if (part) literals += part.split('/').filter(Boolean).length;
        return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      }
      names.push(m[1] ?? '');
      return '([^/]+)';
    })
    .join('');
  return { regex: new RegExp(`^${source}/?$`), names, literals };
}

/** The query parameters the fake's lists read as pagination, by role, the names of each in the order they are looked for. */
const PAGE_PARAMS = {
  limit: ['limit', 'per_page', 'perPage', 'page_size', 'pageSize', 'size', 'max_results', 'maxResults', 'count', 'top', 'first'],
  offset: ['offset', 'skip', 'start'],
  page: ['page', 'page_number', 'pageNumber'],
  // (AWS's REST APIs ask for the next page by `nextToken`, some by `NextToken` or `next_token`)
  cursor: [
    'cursor',
    'after',
    'starting_after',
    'startingAfter',
    'page_token',
    'pageToken',
    'nextToken',
    'NextToken',
    'next_token',
    'next',
    'marker',
    'continuation',
  ],
};

/** A paging role: the page size, an offset into the list, a page number, a cursor. */
type PageRole = keyof typeof PAGE_PARAMS;

/**
 * The query parameter a list reads for each paging role: the first of the role's names
 * (PAGE_PARAMS) that the operation declares in its query. The fake's lists page by these, and
 * generated workflows ask for the first page by them.
 */
export function pageParams(op: { parameters: readonly { in: string; name: string }[] }): {
  limit?: string;
  offset?: string;
  page?: string;
  cursor?: string;
} {
  const declared = new Set(op.parameters.filter((p) => p.in === 'query').map((p) => p.name));
  const roles: Partial<Record<PageRole, string>> = {};
  for (const [role, names] of Object.entries(PAGE_PARAMS) as [PageRole, string[]][]) {
    const name = names.find((n) => declared.has(n));
    if (name !== undefined) roles[role] = name;
  }
  return roles;
}

/**
 * The query parameter of a create that names the new item (AIP-133: `triggerId` of
 * `POST /v1/{parent}/triggers`), for a resource whose items are named by their whole resource name.
 */
export function idQueryOf(op: { parameters: readonly { in: string; name: string }[] }, resource: Resource): string | undefined {
  if (resource.nameSegment === undefined) return undefined;
  const one = singular(resource.nameSegment).toLowerCase();
  return op.parameters.find((p) => p.in === 'query' && [`${one}id`, `${one}_id`].includes(p.name.toLowerCase()))?.name;
}

/** Whether a schema is a long-running operation (google.longrunning.Operation: `name`, `done`, `response`): it names the operation, not the item. */
export function isLongRunning(schema: { properties?: Record<string, unknown> } | undefined): boolean {
  const p = schema?.properties ?? {};
  return ['name', 'done', 'response'].every((k) => Object.hasOwn(p, k));
}

/** A stateful fake of the spec a model reads. */
export function createEngine(model: SpecModel, options: EngineOptions = {}) {
  const seed = options.seed ?? 'capi';
  const rules: EngineRules = options.rules ?? {};
  const declaredRules = rules.resources ?? {};
  const idFields = Object.fromEntries(
    Object.entries(declaredRules).flatMap(([name, r]) => (typeof r.idField === 'string' ? [[name, r.idField]] : [])),
  );
  const inputs = operationsOf(model);
  let inference: Inference = inferResources(inputs, options.operations ?? {}, idFields, options.groups ?? {});
  // an id parameter named like no field of the representation (appfabric's {appBundleIdentifier},
  // an `arn`): the one required string field its pattern accepts a generated value of
  const byPattern = idFieldsByPattern(model, inference, seed);
  if (Object.keys(byPattern).length)
    inference = inferResources(inputs, options.operations ?? {}, { ...byPattern, ...idFields }, options.groups ?? {});
  const resources = new Map(inference.resources.map((r) => [r.name, r]));
  for (const name of Object.keys(declaredRules)) {
    if (!resources.has(name)) {
      throw new Error(`rules for "${name}": no such resource; the resources are ${[...resources.keys()].join(', ') || 'none'}`);
    }
  }
  /** The rules of a resource (own entries only: a resource named `constructor` has none unless declared). */
  const ruleOf = (name: string): ResourceRules => (Object.hasOwn(declaredRules, name) ? (declaredRules[name] ?? {}) : {});
  const ambiguities = [...inference.ambiguities];
  /** The resources no operation creates (no create, no create-or-update PUT): their items are the API's own. */
  const given = new Set<string>();
  for (const r of inference.resources) {
    if (r.operations.some((o) => o.kind === 'create')) continue;
    let upserted = false;
    for (const o of r.operations) {
      const op = model.operation(o.key);
      if (op && r.item && (o.kind === 'replace' || o.kind === 'update') && o.upserts) {
        upserted = true;
        // the inference's "POST on an item, read as a partial update" is replaced by what it is
        const guessed = ambiguities.indexOf(`${o.key}: POST on an item, read as a partial update`);
        if (guessed >= 0) ambiguities.splice(guessed, 1);
        ambiguities.push(
          op.method.toUpperCase() === 'POST'
            ? `${o.key}: ${r.name} has no create; a POST of an unknown id creates it (its 201), of a known one is a conflict`
            : `${o.key}: ${r.name} has no create; a PUT of an unknown id creates it (create-or-update)`,
        );
      }
    }
    if (!upserted) given.add(r.name);
  }
  // a parent the API offers no way to create (gmail's `users/{userId}`): every id of it is taken
  // to exist, so what is nested under it can be made (kept per parent id, as under any parent)
  for (const name of given) {
    const r = resources.get(name);
    const children = inference.resources.filter((c) => c.parent === name).map((c) => c.name);
    if (r?.idParam && children.length)
      ambiguities.push(`${name}: no operation creates it; any {${r.idParam}} is taken to exist for ${children.join(', ')} nested under it`);
  }
  const gen = (schema: unknown, name: string) => generate(schema, `${seed}/${name}`, { resolve: (n) => model.resolve(n) });

  // routes: literal segments win over parameters (`/orders/search` before `/orders/{id}`)
  const routes: Route[] = [];
  const inferredByKey = new Map<string, { inferred: InferredOperation; resource: Resource | undefined }>();
  // (an operation other resources answer too, by the name the request gives: `shared`)
  const sharedByKey = new Map<string, { inferred: InferredOperation; resource: Resource }[]>();
  for (const r of inference.resources)
    for (const o of r.operations) {
      if (o.shared) sharedByKey.set(o.key, [...(sharedByKey.get(o.key) ?? []), { inferred: o, resource: r }]);
      else inferredByKey.set(o.key, { inferred: o, resource: r });
    }
  for (const o of inference.other) inferredByKey.set(o.key, { inferred: o, resource: undefined });
  for (const op of model.operations) {
    const found = inferredByKey.get(op.key);
    if (!found) continue;
    const shared = sharedByKey.get(op.key);
    routes.push({ op, ...found, ...compile(op.path), ...(shared ? { shared } : {}) });
  }
  routes.sort((a, b) => b.literals - a.literals || a.names.length - b.names.length);

  // per resource: its representation (schema and envelope, from the read, else any of its operations)
  const reprs = new Map<string, { schema: Record_; envelope: string[] }>();
  for (const r of inference.resources) {
    // (a delete last: its answer, where it has one, is at most the id or a receipt, never the item's
    // shape; first, it made every read and list a shape generated per answer: apideck's `{ data: { id } }`)
    const order: OperationKind[] = ['read', 'update', 'replace', 'create', 'list', 'action', 'delete'];
    // (not an operation it shares: alloydb's merged `GET /v1/{name}` answers an Operation, not a cluster)
    const ops = r.operations
      .filter((o) => !o.shared)
      .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))
      .map((o) => model.operation(o.key))
      .filter((o): o is Operation => o !== undefined);
    // (not a long-running operation where another answer shows the item: a create that answers an
    // Operation and a list of the items, a converted Google API's collection with no read of its own)
    const all = ops.map((o) => representation(model, o));
    const items = all.filter((x) => x && !isLongRunning(x.schema));
    const found =
      items.find((x) => x && propAt(model, x.schema, r.idField) !== undefined) ??
      all.find((x) => x && propAt(model, x.schema, r.idField) !== undefined) ??
      all.find((x) => x !== undefined);
    reprs.set(r.name, found ?? { schema: { type: 'object', properties: {} }, envelope: [] });
  }

  // records: resource -> parent key -> id -> record
  let store = new Map<string, Map<string, Map<string, Record_>>>();
  const maxStoreBytes = options.maxStoreBytes ?? MAX_STORE_BYTES;
  /** Bytes of every stored record (JSON text), measured as it is stored: `held` is their sum. */
  const sizes = new WeakMap<Record_, number>();
  let held = 0;
  const bytesOf = (record: Record_): number => Buffer.byteLength(JSON.stringify(record));
  /**
   * Stores `record` under `key` when the store stays within maxStoreBytes (the record it replaces
   * no longer counted); returns false, storing nothing, when it would not.
   */
  const keep = (records: Map<string, Record_>, key: string, record: Record_, { seeding = false } = {}): boolean => {
    const before = records.get(key);
    const bytes = bytesOf(record);
    const next = held - (before ? (sizes.get(before) ?? 0) : 0) + bytes;
    if (!seeding && next > maxStoreBytes && next > held) return false;
    records.set(key, record);
    sizes.set(record, bytes);
    held = next;
    return true;
  };
  const drop = (records: Map<string, Record_>, key: string) => {
    const before = records.get(key);
    if (before) held -= sizes.get(before) ?? 0;
    records.delete(key);
  };
  let counters = new Map<string, number>();
  let log: LoggedRequest[] = [];
  // query parameters the spec sends a credential in (an apiKey `in: query`): the log, which tests
  // read and snapshot, keeps their name, never their value
  const queryCredentials = new Set(
    Object.values(model.securitySchemes)
      .filter((s) => s?.type === 'apiKey' && s.in === 'query' && typeof s.name === 'string')
      .map((s) => String(s?.name)),
  );
  const loggedQuery = (params: URLSearchParams): Record<string, string> =>
    Object.fromEntries([...params].map(([k, v]) => [k, queryCredentials.has(k) ? REDACTED : v]));
  /** The buckets made while answering the request at hand (dropped after it if it stored nothing in them). */
  const made: [string, string][] = [];
  const bucket = (resource: string, parentKey: string) => {
    const byParent = store.get(resource) ?? new Map<string, Map<string, Record_>>();
    store.set(resource, byParent);
    let records = byParent.get(parentKey);
    if (!records) {
      records = new Map<string, Record_>();
      byParent.set(parentKey, records);
      made.push([resource, parentKey]);
    }
    return records;
  };
  /**
   * Drops the buckets the last request made and left empty: a read or a refused write under a
   * parent nothing creates (any id is taken) kept an empty store keyed by that id, so reads alone
   * grew the fake without a limit.
   */
  const dropEmpty = () => {
    for (const [resource, parentKey] of made.splice(0)) {
      const byParent = store.get(resource);
      if (byParent?.get(parentKey)?.size !== 0) continue;
      byParent.delete(parentKey);
      if (byParent.size === 0) store.delete(resource);
    }
  };
  const count = (resource: string) => [...(store.get(resource)?.values() ?? [])].reduce((n, m) => n + m.size, 0);

  // ---- documented answers
  /**
   * The documented answer of the first of `statuses` the operation documents: its example, else
   * generated; its `message` (or `detail`, ... at the top or one level down) says why, and fields
   * named like a key of `facts` (the id parameter, a duplicate field) carry that value.
   */
  function documented(op: Operation, statuses: string[], message: string, facts: Record<string, string> = {}): Answer {
    const res =
      statuses.map((s) => op.responses.find((r) => r.status === s)).find(Boolean) ??
      op.responses.find((r) => r.status === `${statuses[0]?.[0]}XX`) ??
      op.responses.find((r) => r.status === 'default');
    // any documented 4xx before an undocumented one, but not one that says credentials or a rate limit for another fault
    const fallback =
      res ?? op.responses.find((r) => /^4\d\d$/.test(r.status) && (statuses.some(isAuthOrLimitStatus) || !isAuthOrLimitStatus(r.status)));
    if (!res && fallback) return documented(op, [fallback.status], message, facts);
    const status = res && /^\d{3}$/.test(res.status) ? Number(res.status) : Number(statuses[0]);
    if (!res?.json) return { status, body: res ? undefined : { message } };
    // a schema that allows anything (`{}`, AWS's exceptions): an object whose `message` says why (generated, it is `null`)
    const open = res.json.example === undefined && allowsAnything(model.resolve(res.json.schema) as Record_ | undefined);
    let body: Json = open
      ? { message }
      : res.json.example !== undefined
        ? structuredClone(res.json.example)
        : gen(res.json.schema, `${op.key} ${status}`);
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      body = { ...body };
      const s = merged(model, res.json.schema);
      const say = (target: Record_, schema: Record_ | undefined) => {
        for (const field of ['message', 'error_description', 'detail', 'description']) {
          const p = model.resolve(schema?.properties?.[field]);
          if (p && [p.type].flat().includes('string') && !p.enum && typeof target[field] === 'string') {
            put(target, field, message);
            return true;
          }
        }
        return false;
      };
      // a field the example fills with a string, where the schema allows any string there (an
      // open object, or a string without enum or format)
      const fill = (target: Record_, schema: Record_ | undefined) => {
        for (const [field, value] of Object.entries(facts)) {
          if (!Object.hasOwn(target, field) || typeof target[field] !== 'string') continue;
          const p = model.resolve(schema?.properties?.[field]);
          if (p ? [p.type].flat().includes('string') && !p.enum && !p.format : schema?.additionalProperties !== false) {
            put(target, field, value);
          }
        }
      };
      const said = say(body, s);
      fill(body, s);
      // one level down: `{ "error": { "code": ..., "message": ... } }`, `{ "details": { "uuid": ... } }`
      for (const key of Object.keys(s?.properties ?? {})) {
        const inner = body[key];
        if (!inner || typeof inner !== 'object' || Array.isArray(inner)) continue;
        const innerSchema = merged(model, s?.properties?.[key]);
        put(body, key, { ...inner });
        if (!said) say(body[key], innerSchema);
        fill(body[key], innerSchema);
      }
    }
    return { status, body, headers: { 'content-type': res.json.type } };
  }
  const notFound = (op: Operation, what: string, facts: Record<string, string> = {}) =>
    documented(op, ['404', '410', '400'], `${what} not found`, facts);
  const forbidden = (op: Operation, message: string) => documented(op, ['403', '401'], message);
  const invalid = (op: Operation, message: string) => documented(op, ['422', '400'], message);

  function ok(op: Operation, body: unknown, extraHeaders?: Record<string, string>, created = false): Answer {
    // an item made (not replaced) by a create-or-update answers its documented 201 where that
    // carries the same representation as the first success (Azure's `200` updated, `201` created)
    const first = success(op);
    const made = created ? op.responses.find((r) => r.status === '201') : undefined;
    const res = made && first && made !== first && model.resolve(made.json?.schema) === model.resolve(first.json?.schema) ? made : first;
    const status = res && /^\d{3}$/.test(res.status) ? Number(res.status) : 200;
    if (status === 204) return { status, headers: extraHeaders };
    if (!res?.json) {
      // documented only as another media type (presalytics' `text/html` read): that type, and a
      // string generated from its schema (Prism in front refuses an answer without it)
      const content = (model.resolve(model.at(res?.pointer ?? '')) as Record_ | undefined)?.content;
      const [type, media] = content && typeof content === 'object' ? (Object.entries(content)[0] ?? []) : [];
      if (typeof type !== 'string' || /[*]/.test(type)) return { status, headers: extraHeaders };
      const value = gen((media as Record_ | undefined)?.schema, `${op.key} text`);
      return { status, text: typeof value === 'string' ? value : '', headers: { 'content-type': type, ...extraHeaders } };
    }
    // the JSON media type as documented (`application/json; version=2`): Prism in front refuses another
    return { status, body, headers: { 'content-type': res.json.type, ...extraHeaders } };
  }

  /**
   * The one field of a write's body that holds the item (`{ label: { text } }`), with the item's
   * fields it takes: where the body schema names only that field, an object with properties the
   * representation has no field of that name, and either the resource's answers wrap the item in
   * that same field or it is named like one item of the collection (`{ user: {...} }` to `POST
   * /users`); and at least one of the fields it holds is the representation's.
   */
  function itemWrapper(op: Operation, resource: Resource, repr: { schema: Record_; envelope: string[] }) {
    const bodySchema = merged(model, op.requestBody?.preferred?.schema);
    const fields = Object.keys(bodySchema?.properties ?? {});
    const [field] = fields;
    if (field === undefined || fields.length !== 1 || !op.requestBody?.preferred?.json) return undefined;
    const props = repr.schema.properties ?? {};
    if (Object.hasOwn(props, field)) return undefined;
    const held = merged(model, bodySchema?.properties?.[field]);
    if (!held || arrayType(held) || !held.properties) return undefined;
    const collection = resourceSegmentsOf(resource.collection)
      .filter((s) => !s.startsWith('{'))
      .at(-1);
    const named =
      (repr.envelope.length === 1 && repr.envelope[0] === field) ||
      (collection !== undefined && field.toLowerCase() === singular(collection).toLowerCase());
    if (!named || !Object.keys(held.properties).some((k) => Object.hasOwn(props, k))) return undefined;
    return { field, props: held.properties as Record_ };
  }

  /** The success body of `op` carrying `record` in the place its envelope says. */
  function wrap(op: Operation, resource: Resource, stored: Record_): unknown {
    // an answer that is no object (a delete that answers `true`, a create that answers the new
    // id as text): generated from its schema, the id where it is a string or number of the id's type
    const top = answerSchema(model, op);
    const topType = [top?.type].flat()[0];
    if (top && typeof topType === 'string' && !['object', 'array'].includes(topType) && !top.properties) {
      const id = idAt(stored, resource.idField);
      return (topType === 'string' && typeof id === 'string' && !top.enum && !top.format && !top.pattern) ||
        ((topType === 'integer' || topType === 'number') && typeof id === 'number')
        ? id
        : gen(success(op)?.json?.schema, `${op.key} value`);
    }
    // a long-running operation where the item is named by its resource name (AIP-151): done, the item its response
    const lro = merged(model, success(op)?.json?.schema);
    // (a write's: a read answering an Operation, the merged `GET /v1/{name}`, answers the item in that shape)
    if (
      op.method.toUpperCase() !== 'GET' &&
      resource.nameSegment !== undefined &&
      isLongRunning(lro) &&
      !isLongRunning(reprs.get(resource.name)?.schema)
    ) {
      const n = (counters.get('#operations') ?? 0) + 1;
      counters.set('#operations', n);
      const hidden = ruleOf(resource.name).hidden ?? [];
      const response = Object.fromEntries(Object.entries(stored).filter(([k]) => !hidden.includes(k)));
      return { name: `operations/${String(n).padStart(4, '0')}`, done: true, response };
    }
    const repr = representation(model, op);
    // an operation that answers with another shape than the resource's (a create that answers a
    // job, a detail where the list has a summary): that shape, generated, with the record's fields it has
    const hidden = ruleOf(resource.name).hidden ?? [];
    let record = hidden.length ? Object.fromEntries(Object.entries(stored).filter(([k]) => !hidden.includes(k))) : stored;
    const own = reprs.get(resource.name)?.schema;
    // each field fitted to this answer's schema however deep it differs (a list the create was
    // sent, shown by the read as one object: Superset's `recipients`)
    const fitSeed = `${resource.name}#fit/${String(idAt(stored, resource.idField))}`;
    if (repr && own && repr.schema !== own) {
      record = { ...((gen(repr.schema, `${op.key} shape`) as Record_) ?? {}) };
      // a stored object over the generated one: the fields this shape requires stay (codeguruprofiler's agentOrchestrationConfig)
      for (const key of Object.keys(repr.schema.properties ?? {}))
        if (Object.hasOwn(stored, key) && !hidden.includes(key))
          put(record, key, over(record[key], fitDeep(repr.schema.properties[key], stored[key], `${fitSeed}/${key}`, true)));
    } else if (repr) record = fitDeep(repr.schema, record, fitSeed, false) as Record_;
    // a representation that allows no other field: the record's others (a create body's field it
    // does not show, britbox's makeDefault) are left out
    if (repr?.schema.additionalProperties === false) record = closed(repr.schema, record);
    const schema = success(op)?.json?.schema;
    if (!repr || repr.envelope.length === 0) {
      const s = merged(model, schema);
      if (arrayType(s)) return [record];
      return record;
    }
    const outer = gen(schema, `${op.key} envelope`) as Record_;
    const body = outer && typeof outer === 'object' ? { ...outer } : {};
    const [field = 'data', list] = repr.envelope;
    const inner = merged(model, merged(model, schema)?.properties?.[field]);
    const byKey = mapOf(model, inner) && !Object.keys(inner?.properties ?? {}).length;
    if (list !== undefined) {
      // the item in the one array field of an object (a configuration's channels): that list of one;
      // or, where that member holds one object (`{ data: { account: {...} } }`), the item itself
      const holder = body[field] && typeof body[field] === 'object' && !Array.isArray(body[field]) ? { ...(body[field] as Record_) } : {};
      put(holder, list, arrayType(merged(model, inner?.properties?.[list])) ? [record] : record);
      put(body, field, holder);
    } else put(body, field, arrayType(inner) ? [record] : byKey ? { [String(idAt(stored, resource.idField))]: record } : record);
    // the id beside the item (`{ id, result }`), in the type this answer gives it (Superset's read: a string)
    if (repr.beside !== undefined) {
      const id = idAt(stored, resource.idField);
      if (id !== undefined) put(body, repr.beside, fitTo(merged(model, schema)?.properties?.[repr.beside], id));
    }
    // the other members of a union by property: the item is the one member
    for (const other of repr.others ?? []) delete body[other];
    return body;
  }

  // ---- credentials
  function credentialsOk(op: Operation, headers: IncomingHttpHeaders, query: URLSearchParams): boolean {
    if (op.anonymous) return true;
    const cookies = new Map(
      String(headers.cookie ?? '')
        .split(';')
        .map((c) => c.trim().split('=') as [string, string])
        .filter(([k]) => k),
    );
    const accepted = (value: string | undefined) =>
      typeof value === 'string' && value.length > 0 && (!options.credentials || options.credentials.includes(value));
    return op.security.some((requirement) =>
      Object.keys(requirement).every((name) => {
        const scheme = model.securitySchemes[name];
        if (!scheme) return false;
        if (scheme.type === 'apiKey') {
          const key = String(scheme.name ?? '');
          const value = scheme.in === 'query' ? query.get(key) : scheme.in === 'cookie' ? cookies.get(key) : headers[key.toLowerCase()];
          return accepted(Array.isArray(value) ? value[0] : (value ?? undefined));
        }
        const auth = String(headers.authorization ?? '');
        if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'basic') {
          const m = /^Basic\s+(.+)$/i.exec(auth);
          if (!m?.[1]) return false;
          const decoded = Buffer.from(m[1], 'base64').toString('utf8');
          return accepted(decoded.slice(decoded.indexOf(':') + 1)) || accepted(decoded);
        }
        return accepted(/^\S+\s+(.+)$/.exec(auth)?.[1]);
      }),
    );
  }

  // ---- the operations
  /** bulkOf's answer per operation: the schema does not change, and a bulk create asks for every item. */
  const bulkItems = new Map<Operation, unknown>();
  /**
   * The item schema of a bulk create (gotowebinar's panelists: a list of items sent, the list of
   * the created ones answered), else undefined: the request body is a list of objects.
   */
  function bulkOf(op: Operation): unknown {
    if (bulkItems.has(op)) return bulkItems.get(op);
    const sent = merged(model, op.requestBody?.preferred?.schema);
    const item = op.requestBody?.preferred?.json && arrayType(sent) && sent?.items !== undefined ? merged(model, sent.items) : undefined;
    const found = item && (item.type === 'object' || item.properties) ? sent?.items : undefined;
    bulkItems.set(op, found);
    return found;
  }

  /**
   * A bulk create: the list checked against its schema as one body, then each item created as one
   * create would be, the created ones answered in one list. All or nothing: the first item
   * refused (a conflict, the fake's limit) is the answer, and none of the list is kept.
   */
  function bulkCreate(
    route: Route,
    params: Record<string, string>,
    query: URLSearchParams,
    body: unknown[],
    caller: object,
    requestPath: string,
  ): Answer {
    const { op, resource } = route;
    if (!resource) return ok(op, gen(success(op)?.json?.schema, op.key));
    const pointer = op.requestBody?.preferred?.schemaPointer;
    if (pointer) {
      const check = model.validate(pointer, body, { request: true });
      if (!check.ok) return invalid(op, `the request body does not match the schema: ${check.errors.slice(0, 3).join('; ')}`);
    }
    if (body.length > MAX_RECORDS) return invalid(op, `at most ${MAX_RECORDS} items can be created at once`);
    const byParent = store.get(resource.name);
    const kept = byParent && new Map([...byParent].map(([k, m]) => [k, new Map(m)]));
    const counter = counters.get(resource.name);
    const heldBefore = held;
    const created: unknown[] = [];
    const itemSchema = bulkOf(op);
    for (const item of body) {
      const answer = answerFor(route, params, query, item, caller, requestPath, { item: itemSchema });
      if (answer.status < 200 || answer.status > 299) {
        if (kept) store.set(resource.name, kept);
        else store.delete(resource.name);
        held = heldBefore;
        if (counter === undefined) counters.delete(resource.name);
        else counters.set(resource.name, counter);
        return answer;
      }
      if (Array.isArray(answer.body)) created.push(...answer.body);
      else if (answer.body !== undefined) created.push(answer.body);
    }
    return ok(op, arrayType(merged(model, success(op)?.json?.schema)) ? created : created[0]);
  }

  function answerFor(
    route: Route,
    params: Record<string, string>,
    query: URLSearchParams,
    body: unknown,
    caller: object,
    requestPath = route.op.path,
    /** one item of a bulk create's list: the list was checked already; its fields are the item schema's */
    bulk?: { item: unknown },
  ): Answer {
    const { op, inferred, resource } = route;
    if (!resource) return ok(op, gen(success(op)?.json?.schema, op.key));
    const rule = ruleOf(resource.name);
    const facts: RequestFacts = { operation: op.key, kind: inferred.kind, resource: resource.name };
    const denied = rules.permit?.(caller, facts);
    if (denied) return forbidden(op, denied);
    const repr = reprs.get(resource.name) ?? { schema: {}, envelope: [] };
    // the path's parameters by position: the parents' ids, outermost first, then the item's (one
    // resource's paths may name them differently: gitlab's {issue_id} and {noteable_id})
    const ordered = route.names.map((n) => params[n] ?? '');
    const depth = resource.parentParams.length;
    let parentKey = JSON.stringify(ordered.slice(0, depth));
    // an item named by its whole resource name (AIP-122: `GET /v1/{name}` of
    // `projects/p/locations/l/triggers/t`): its parent is the name before `/triggers/<id>`
    const whole = resource.nameSegment !== undefined && !['create', 'list'].includes(inferred.kind) ? ordered.at(-1) : undefined;
    if (whole !== undefined) {
      const at = whole.lastIndexOf(`/${resource.nameSegment}/`);
      const rest = at > 0 ? whole.slice(at + String(resource.nameSegment).length + 2) : '';
      parentKey = rest && !rest.includes('/') ? JSON.stringify([whole.slice(0, at)]) : JSON.stringify([null]);
    }
    // the parent items must exist (but for a parent nothing creates): each parent's id is the parameter after its own parents'
    for (let parent = resource.parent ? resources.get(resource.parent) : undefined; parent; ) {
      const at = parent.parentParams.length;
      if (parent.idParam && at < depth && !given.has(parent.name)) {
        const records = bucket(parent.name, JSON.stringify(ordered.slice(0, at)));
        if (!records.has(ordered[at] ?? '')) return notFound(op, parent.name);
      }
      parent = parent.parent ? resources.get(parent.parent) : undefined;
    }
    const records = bucket(resource.name, parentKey);
    // a singleton's one item per parent is kept under the empty id
    const id = resource.singleton
      ? SINGLETON
      : (whole ?? (resource.idParam ? (params[resource.idParam] ?? (route.names.length > depth ? ordered[depth] : undefined)) : undefined));
    const props: Record_ = repr.schema.properties ?? {};
    const missing = () => notFound(op, resource.name, resource.idParam && id !== undefined ? { [resource.idParam]: id } : {});
    /** The record the path names, with its key in the store: by id, else by a `lookup` field. */
    const find = (): { key: string; record: Record_ } | undefined => {
      if (id === undefined) return undefined;
      const byId = records.get(id);
      if (byId) return { key: id, record: byId };
      for (const path of rule.lookup ?? []) {
        for (const [key, record] of records) if (valueAt(record, path) === id) return { key, record };
      }
      return undefined;
    };
    /**
     * A singleton never written (or deleted): its default, generated from the seed (the same
     * every time), kept only once a write stores it. Kept on a read, every GET of a new parent's
     * singleton grew the store, without a write and without a limit.
     */
    const singletonDefault = (): { key: string; record: Record_ } => ({
      key: SINGLETON,
      record: { ...((gen(repr.schema, `${resource.name}#${parentKey}`) as Record_ | null) ?? {}) },
    });
    /**
     * An item of a resource nothing creates whose id parameter enumerates its ids (Azure's policy
     * states, `latest` or `default`): the spec names the items, so each exists; where no record is
     * stored under it, its record is generated from its id (the same id, the same record), not
     * stored. Before, its read and its actions answered the not-found, or the documented 4xx
     * standing in for it, to every id: Azure policy insights' queries never answered. (An open id,
     * gmail's `users/{userId}`, stays unknown until stored: its read is the documented 404.)
     */
    const givenItem = (): { key: string; record: Record_ } | undefined => {
      if (!given.has(resource.name) || id === undefined || id === '' || resource.singleton) return undefined;
      const named = route.names[depth];
      const param = op.parameters.find((p) => p.in === 'path' && p.name === named);
      const values = model.resolve(param?.schema)?.enum;
      if (!Array.isArray(values) || !values.some((v: unknown) => String(v) === id)) return undefined;
      const record = { ...((gen(repr.schema, `${resource.name}#given/${parentKey}/${id}`) as Record_ | null) ?? {}) };
      const idSchema = model.resolve(propAt(model, repr.schema, resource.idField));
      // (the id field takes the path's value unless its schema constrains it otherwise, as an upsert's does)
      if (!idSchema || !(idSchema.format || idSchema.pattern || idSchema.enum || idSchema.const !== undefined))
        putId(record, resource.idField, idSchema && [idSchema.type].flat().includes('integer') && /^\d+$/.test(id) ? Number(id) : id);
      return { key: id, record };
    };
    /** Why the caller may not touch this record (a 403 answer), if a rule says so. */
    const refuse = (record: Record_) => {
      const reason = rules.authorize?.(caller, record, facts);
      return reason ? forbidden(op, reason) : undefined;
    };
    /** The documented conflict when `record` shares a unique field with another record. */
    const conflict = (record: Record_, key: string | undefined) => {
      for (const { field, ignoreCase } of rule.unique ?? []) {
        if (!Object.hasOwn(record, field)) continue;
        const value = record[field];
        if (typeof value !== 'string' && typeof value !== 'number') continue;
        const same = (v: unknown) =>
          (typeof v === 'string' || typeof v === 'number') &&
          (ignoreCase ? String(v).toLowerCase() === String(value).toLowerCase() : String(v) === String(value));
        for (const [other, r] of records) {
          if (other !== key && Object.hasOwn(r, field) && same(r[field])) {
            return documented(op, ['409', '400', '422'], `${field} is already used by another ${singular(resource.name)}`, {
              [field]: String(value),
            });
          }
        }
      }
      return undefined;
    };
    // a body of one object field that holds the item (`{ label: { text } }`, as the answers wrap it
    // in `label`, or named like one item of the collection): its fields are the item's, not one field
    const wrapper = bulk ? undefined : itemWrapper(op, resource, repr);
    // a field the body schema names (when it names any), other than the id and read-only fields
    const bodyProps = wrapper ? wrapper.props : merged(model, bulk ? bulk.item : op.requestBody?.preferred?.schema)?.properties;
    const writable = (key: string) =>
      key !== resource.idField && !model.resolve(props[key])?.readOnly && (!bodyProps || Object.hasOwn(bodyProps, key));
    const needsBody = ['create', 'replace', 'update'].includes(inferred.kind) && op.requestBody?.preferred?.json;
    if (needsBody && (body === undefined ? op.requestBody?.required : !body || typeof body !== 'object' || Array.isArray(body))) {
      return invalid(op, 'the request body must be a JSON object');
    }
    if (needsBody && !bulk && body !== undefined && op.requestBody?.preferred?.schemaPointer) {
      const check = model.validate(op.requestBody.preferred.schemaPointer, body, { request: true });
      if (!check.ok) return invalid(op, `the request body does not match the schema: ${check.errors.slice(0, 3).join('; ')}`);
    }
    const asSent = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record_) : {};
    const held = wrapper ? asSent[wrapper.field] : undefined;
    const sent = wrapper ? (held && typeof held === 'object' && !Array.isArray(held) ? (held as Record_) : {}) : asSent;
    if (needsBody && rule.atLeastOneField && !Object.keys(sent).some((k) => bodyProps && Object.hasOwn(bodyProps, k))) {
      return documented(op, ['400', '422'], 'At least one field must be supplied');
    }
    // a PUT on an item of a resource with no create, that documents a 201 or is named to create
    // (Azure's `*_CreateOrUpdate`), or a POST there that documents a 201, makes the item under the
    // path's id: the client names it
    const upserts = id !== undefined && inferred.upserts === true && !resource.operations.some((o) => o.kind === 'create');
    let creating = inferred.kind === 'create';
    /** Writes the sent fields on `record` (a field's `set` rule, else its value), then the derived ones. */
    const write = (record: Record_) => {
      for (const key of Object.keys(sent)) {
        if (!writable(key)) continue;
        const setter = rule.set && Object.hasOwn(rule.set, key) ? rule.set[key] : undefined;
        if (setter) setter(record, structuredClone(sent[key]));
        // a create writes over the generated record (keeping what a nested object needs); an
        // update replaces a sent object whole (teamcrm's address), but for the fields the
        // representation requires there that the request's schema may not name (impala's `notes`)
        else {
          const value = fitTo(
            props[key],
            creating ? over(record[key], structuredClone(sent[key])) : keepRequired(record[key], structuredClone(sent[key]), props[key]),
          );
          // a scalar the item's schema refuses by its type (the request's schema a string, the
          // item's an integer: onsched's `serviceGroupId`) is kept as a value of the item's type,
          // as a server converting it would: answered as sent, Prism in front refuses the answer
          put(record, key, scalarFits(props[key], value) ? value : (gen(props[key], `${resource.name}#sent/${key}`) ?? value));
        }
      }
      rule.derive?.(record);
    };
    const touch = (record: Record_) => {
      for (const f of ['updatedAt', 'updated_at', 'modifiedAt', 'modified_at']) {
        if (Object.hasOwn(props, f)) put(record, f, later(record[f]));
      }
    };
    const tooLarge = (record: Record_) => bytesOf(record) > MAX_RECORD_BYTES;
    const tooLargeAnswer = () => invalid(op, `the ${singular(resource.name)} would be larger than ${MAX_RECORD_BYTES} bytes`);
    const storeFull = () => invalid(op, `the fake holds ${maxStoreBytes} bytes of records at most, its limit`);

    switch (inferred.kind) {
      case 'create': {
        if (count(resource.name) >= MAX_RECORDS) return invalid(op, `${resource.name} holds ${MAX_RECORDS} records, the fake's limit`);
        let n = counters.get(resource.name) ?? 0;
        let newId = '';
        // the id the client chose: sent in the body where the create's answer does not carry one
        // at its top (a job, an acknowledgement: stream-io's blocklists by `name`; an answer that
        // holds the field only inside another object: gitlab's tag `release.tag_name`)
        // a whole resource name (AIP-122): `<parent>/triggers/<id>`, its id the create's `triggerId`
        // query parameter where it documents one and it is sent (AIP-133), else a new one
        if (resource.nameSegment !== undefined) {
          const short = idQueryOf(op, resource);
          const given = short ? query.get(short) : null;
          const prefix = `${ordered[0] ?? ''}/${resource.nameSegment}/`;
          n += 1;
          newId = `${prefix}${
            given ||
            `${
              String(resource.nameSegment)
                .replace(/[^A-Za-z0-9]/g, '')
                .slice(0, 12) || 'item'
            }_${String(n).padStart(4, '0')}`
          }`;
          if (records.has(newId))
            return documented(op, ['409', '400', '422'], `${singular(resource.name)} ${newId} exists already`, {
              [resource.idField]: newId,
            });
        }
        const chosen = resource.nameSegment === undefined ? sent[resource.idField] : undefined;
        // (or where the id field is named as the item parameter and the create's body requires it,
        // as the inference reads it, whatever the answer shows beside it: a server `id` too, flat.io's
        // `{ comment, id }` of /comments/{comment}; a new id in its place dropped what the client sent)
        const required = model.resolve(op.requestBody?.preferred?.schema)?.required;
        const clientChooses =
          (typeof chosen === 'string' && chosen !== '') || typeof chosen === 'number'
            ? !Object.hasOwn(answerSchema(model, op)?.properties ?? {}, resource.idField) ||
              (resource.idField === resource.idParam && Array.isArray(required) && required.includes(resource.idField))
            : false;
        if (clientChooses) {
          newId = String(chosen);
          if (records.has(newId))
            return documented(op, ['409', '400', '422'], `${singular(resource.name)} ${newId} exists already`, {
              [resource.idField]: newId,
            });
        }
        for (let tries = 0; !clientChooses && resource.nameSegment === undefined && tries < 64; tries++) {
          n += 1;
          newId = newIdFor(resource, repr.schema, n);
          if (!records.has(newId)) break;
        }
        if (clientChooses) n += 1;
        counters.set(resource.name, n);
        const record = { ...(gen(repr.schema, `${resource.name}#${n}`) as Record_) };
        const idSchema = model.resolve(propAt(model, repr.schema, resource.idField));
        // an id the client chose, in the type the item shows it (gitlab's share: `group_id` sent as a
        // form's integer, answered as a string); the key stays the text the path names it by
        const idValue = clientChooses
          ? fitTo(idSchema, chosen)
          : idSchema && [idSchema.type].flat().includes('integer')
            ? Number(newId)
            : newId;
        putId(record, resource.idField, idValue); // before the writes: a derived field may read it
        write(record);
        putId(record, resource.idField, idValue); // and after: no rule moves a record off its id
        if (tooLarge(record)) return tooLargeAnswer();
        const clash = conflict(record, undefined);
        if (clash) return clash;
        if (!keep(records, newId, record)) return storeFull();
        // a documented `Location` header names the new item: the path it was posted to, and its id
        const res = success(op);
        const headers = Object.keys((model.resolve(model.at(res?.pointer ?? '')) as Record_ | undefined)?.headers ?? {});
        const location = headers.some((h) => h.toLowerCase() === 'location')
          ? { location: `${requestPath.replace(/\/+$/, '')}/${encodeURIComponent(newId)}` }
          : undefined;
        return ok(op, wrap(op, resource, record), location);
      }
      case 'read': {
        const found = find() ?? (resource.singleton ? singletonDefault() : givenItem());
        if (!found) return missing();
        return refuse(found.record) ?? ok(op, wrap(op, resource, found.record));
      }
      case 'update':
      case 'replace': {
        const stored = find();
        // a new parent's singleton is one more record: within the resource's limit, as a create
        if (!stored && resource.singleton && count(resource.name) >= MAX_RECORDS)
          return invalid(op, `${resource.name} holds ${MAX_RECORDS} records, the fake's limit`);
        const found = stored ?? (resource.singleton ? singletonDefault() : undefined);
        if (!found && upserts && id !== undefined) {
          if (count(resource.name) >= MAX_RECORDS) return invalid(op, `${resource.name} holds ${MAX_RECORDS} records, the fake's limit`);
          creating = true;
          const n = (counters.get(resource.name) ?? 0) + 1;
          counters.set(resource.name, n);
          const record = { ...(gen(repr.schema, `${resource.name}#${n}`) as Record_) };
          const idSchema = model.resolve(propAt(model, repr.schema, resource.idField));
          const idValue = idSchema && [idSchema.type].flat().includes('integer') && /^\d+$/.test(id) ? Number(id) : id;
          // the id field takes the path's value unless its schema constrains it otherwise (xero's
          // AttachmentID, a uuid, where the path names the FileName): the record is still stored under the path's id
          // (a resource manager's `name` holds the path's value whatever its schema says: the path's parameter constrains it)
          const fits =
            resource.pathField !== undefined ||
            !idSchema ||
            !(idSchema.format || idSchema.pattern || idSchema.enum || idSchema.const !== undefined);
          if (fits) putId(record, resource.idField, idValue);
          write(record);
          if (fits) putId(record, resource.idField, idValue);
          // a resource manager's item (ARM) shows the path it was made at in `id`, as the client called it
          if (resource.pathField !== undefined) put(record, resource.pathField, requestPath);
          if (tooLarge(record)) return tooLargeAnswer();
          const clash = conflict(record, undefined);
          if (clash) return clash;
          if (!keep(records, id, record)) return storeFull();
          return ok(op, wrap(op, resource, record), undefined, true);
        }
        if (!found) return missing();
        const { key, record: current } = found;
        const refused = refuse(current);
        if (refused) return refused;
        // a POST that creates the item its path names: the item exists already
        if (upserts && op.method.toUpperCase() === 'POST')
          return documented(op, ['409', '400', '422'], `${singular(resource.name)} ${id} exists already`, { [resource.idField]: id });
        const next: Record_ =
          inferred.kind === 'update'
            ? { ...current }
            : Object.fromEntries(Object.entries(current).filter(([k]) => !writable(k) || (repr.schema.required ?? []).includes(k)));
        write(next);
        // the id stays what it is (a rule that rewrites it does not move the record)
        if (tooLarge(next)) return tooLargeAnswer();
        const clash = conflict(next, key);
        if (clash) return clash;
        if (!isDeepStrictEqual(next, current)) touch(next);
        if (!keep(records, key, next)) return storeFull();
        return ok(op, wrap(op, resource, next));
      }
      case 'delete': {
        const found = find();
        if (!found) return missing();
        const refused = refuse(found.record);
        if (refused) return refused;
        drop(records, found.key);
        return ok(op, wrap(op, resource, found.record));
      }
      case 'action': {
        const found = find() ?? givenItem();
        if (!found) return missing();
        const refused = refuse(found.record);
        if (refused) return refused;
        const { key, record: current } = found;
        // `status`/`state`, else a field named so at its end (gmail's key pair `enablementState`)
        const hasEnum = (f: string) => Array.isArray(model.resolve(props[f])?.enum);
        const state =
          ['status', 'state'].find(hasEnum) ?? Object.keys(props).find((f) => /(State|Status|_state|_status)$/.test(f) && hasEnum(f));
        const stem = String(inferred.action ?? '')
          .toLowerCase()
          .replace(/e$/, '');
        const value =
          state && model.resolve(props[state])?.enum.find((v: unknown) => typeof v === 'string' && v.toLowerCase().startsWith(stem));
        if (state && value !== undefined && stem) {
          const next = { ...current };
          put(next, state, value);
          touch(next);
          if (!keep(records, key, next)) return storeFull();
          return ok(op, wrap(op, resource, next));
        }
        const rep = representation(model, op);
        return ok(
          op,
          rep && propAt(model, rep.schema, resource.idField) !== undefined
            ? wrap(op, resource, current)
            : gen(success(op)?.json?.schema, op.key),
        );
      }
      case 'list':
        return list(op, resource, [...records.values()], query, requestPath);
    }
  }

  /**
   * Whether a scalar is of a type `schema` allows. A schema naming no type, or an object or a list
   * (an id sent where the item shows the object: fitted to each answer's shape by fitDeep), and a
   * value that is no scalar or null: true.
   */
  function scalarFits(schema: unknown, value: unknown): boolean {
    if (value === null || typeof value === 'object') return true;
    const types = [model.resolve(schema)?.type].flat().filter((t): t is string => typeof t === 'string');
    return types.includes('object') || types.includes('array') || ofTypes(types, value);
  }

  /**
   * A sent scalar in the type the representation holds it as, where they differ (gitlab's form
   * sends `push_events` as a boolean, its answer holds a string): `true` as "true", "3" as 3.
   */
  function fitTo(schema: unknown, value: unknown): unknown {
    const types = [model.resolve(schema)?.type].flat().filter((t): t is string => typeof t === 'string');
    if (types.length === 0 || value === null) return value;
    // a form's list where the answer holds a string (gitlab's runner `tag_list`): its items, comma-separated
    if (
      Array.isArray(value) &&
      !types.includes('array') &&
      types.includes('string') &&
      value.every((v) => v === null || typeof v !== 'object')
    )
      return value.join(',');
    if (typeof value === 'object') return value;
    const actual = typeof value === 'number' ? (Number.isInteger(value) ? ['integer', 'number'] : ['number']) : [typeof value];
    if (actual.some((t) => types.includes(t))) return value;
    if (types.includes('string')) return String(value);
    return (typeof value === 'string' ? readAsScalar(types, value) : undefined) ?? value;
  }

  /**
   * A stored value fitted to the schema of one answer, where that answer holds it otherwise than
   * it was sent (each operation's answer is validated against its own schema by Prism in front):
   * an object's fields fitted one by one, and the fields it requires and lacks generated (from
   * `name`, so each answer of one item says the same); a list where one object is answered, its
   * first object; one object where a list is, a list of it; a number or string where an object is
   * (an id sent where the read shows the object: Superset's `database`), the object with that
   * `id`, and back; scalars as `fitTo` does. Bounded by depth (MAX_FIT_DEPTH levels: the value
   * is JSON, it has no cycles, but a recursive schema lets a body nest as deep as it likes);
   * where the schema is a choice of shapes (oneOf/anyOf of more than one non-null branch), the
   * value stays as it is. `coerce` (an answer in another shape than the resource's, or a list's
   * items in theirs): a scalar also in the type this schema holds it as, and a value its enum or
   * const refuses and a null it does not allow generated; without it (the resource's own shape) only the shape is fitted, so a scalar a
   * provider's rule writes in the wrong type still reaches Prism as written (test/drift.test.mjs).
   */
  function fitDeep(schema: unknown, value: unknown, name: string, coerce: boolean, depth = 0): unknown {
    if (value === undefined || depth > MAX_FIT_DEPTH) return value;
    const raw = model.resolve(schema);
    if (!raw) return value;
    const branches = [raw.oneOf, raw.anyOf].filter(Array.isArray).flat();
    const shapes = branches.filter((b) => [model.resolve(b)?.type].flat()[0] !== 'null');
    if (shapes.length > 1) return value;
    const s = shapes.length === 1 && !raw.properties && !raw.allOf ? merged(model, shapes[0]) : merged(model, raw);
    if (!s) return value;
    const types = [s.type].flat().filter((t): t is string => typeof t === 'string' && t !== 'null');
    // null where this answer allows none (a field the stored item holds as null, an object here: Superset's `parameters`)
    if (value === null) {
      const nullable =
        types.length === 0 ||
        raw.nullable === true ||
        s.nullable === true ||
        [raw.type, s.type].flat().includes('null') ||
        branches.length > shapes.length ||
        (Array.isArray(s.enum) && s.enum.includes(null));
      return nullable || !coerce ? null : gen(s, name);
    }
    const isObject = types.includes('object') || (types.length === 0 && s.properties !== undefined);
    const isArray = types.includes('array');
    const scalar = types.some((t) => ['string', 'integer', 'number', 'boolean'].includes(t));
    const generated = () => gen(s, name);
    if (Array.isArray(value)) {
      if (isArray) return value.map((v, i) => fitDeep(s.items, v, `${name}/${i}`, coerce, depth + 1));
      if (isObject && !scalar) {
        const first = value.find(plain);
        return first ? fitDeep(s, first, name, coerce, depth + 1) : generated();
      }
      return coerce ? fitTo(s, value) : value;
    }
    if (plain(value)) {
      if (isObject || types.length === 0) {
        const props: Record_ = s.properties ?? {};
        const out: Record_ = {};
        for (const key of Object.keys(value))
          put(out, key, Object.hasOwn(props, key) ? fitDeep(props[key], value[key], `${name}/${key}`, coerce, depth + 1) : value[key]);
        const lacking = (Array.isArray(s.required) ? s.required : []).filter(
          (k: unknown): k is string => typeof k === 'string' && !Object.hasOwn(out, k),
        );
        if (lacking.length) {
          const made = generated();
          for (const key of lacking) if (plain(made) && Object.hasOwn(made, key)) put(out, key, made[key]);
        }
        return s.additionalProperties === false ? closed(s, out) : out;
      }
      if (isArray) return [fitDeep(s.items, value, `${name}/0`, coerce, depth + 1)];
      // an object where a scalar is answered: its id, where it has one
      if (scalar && Object.hasOwn(value, 'id') && (value.id === null || typeof value.id !== 'object')) return fitTo(s, value.id);
      return generated() ?? value;
    }
    if (isObject && !scalar) {
      // a scalar where an object is answered: the object with that id (an id sent, the object shown)
      const made = generated();
      const out: Record_ = plain(made) ? { ...made } : {};
      if (Object.hasOwn(s.properties ?? {}, 'id')) put(out, 'id', fitTo(s.properties.id, value));
      return out;
    }
    if (isArray && !scalar) return [fitDeep(s.items, value, `${name}/0`, coerce, depth + 1)];
    if (!coerce) return value;
    // a value this answer's schema refuses by its type (the read's `Created` a date-time string,
    // the list's a number), its enum or its const (codat's push operation, answered by a delete:
    // its `status` is the push's own states, the record's `status` none of them): generated, as a
    // field the answer requires and lacks is
    const fitted = fitTo(s, value);
    if (!ofTypes(types, fitted)) return generated() ?? fitted;
    if (Array.isArray(s.enum) && !s.enum.some((v: unknown) => v === fitted)) return generated();
    if (s.const !== undefined && s.const !== fitted) return generated();
    return fitted;
  }

  /** `sent` with the fields `schema` requires that it lacks and `stored` has, taken from `stored` (nested objects likewise). */
  function keepRequired(stored: unknown, sent: unknown, schema: unknown, depth = 0): unknown {
    const s = merged(model, schema);
    if (!plain(stored) || !plain(sent) || !s || depth > 16) return sent;
    const out: Record_ = { ...sent };
    for (const name of Array.isArray(s.required) ? s.required : []) {
      if (typeof name === 'string' && !Object.hasOwn(out, name) && Object.hasOwn(stored, name)) put(out, name, stored[name]);
    }
    for (const key of Object.keys(out))
      if (Object.hasOwn(stored, key)) put(out, key, keepRequired(stored[key], out[key], s.properties?.[key], depth + 1));
    return out;
  }

  /** A schema with its allOf parts' keywords on it (`allOf: [{ $ref: ID }, { description }]`, AWS's ids). */
  function flat(node: unknown, depth = 0): Record_ | undefined {
    const s = model.resolve(node);
    if (!s || !Array.isArray(s.allOf) || depth > 8) return s;
    const { allOf, ...rest } = s;
    return Object.assign({}, ...allOf.map((part: unknown) => flat(part, depth + 1) ?? {}), rest);
  }

  function newIdFor(resource: Resource, repr: Record_, n: number): string {
    // the id field as the most constrained answer of the resource writes it (iotsitewise's create
    // answers a uuid pattern and length its read does not)
    const constrained = (x: Record_ | undefined) => x?.format || x?.enum || x?.pattern || x?.minLength || x?.maxLength;
    const s =
      [repr, ...resource.operations.map((o) => model.operation(o.key)).map((o) => (o ? representation(model, o)?.schema : undefined))]
        .map((r) => flat(propAt(model, r, resource.idField)))
        .find(constrained) ?? model.resolve(propAt(model, repr, resource.idField));
    const type = [s?.type].flat()[0];
    if (type === 'integer' || type === 'number') return String(n);
    // a path that takes the id as a number, its own or a nested resource's (gitlab's `{id}`,
    // answered as a string, an integer below `/projects/{id}/issues`): a counter
    const at = resource.parentParams.length;
    const numeric = inference.resources
      .filter((r) => r === resource || r.name.startsWith(`${resource.name}.`))
      .flatMap((r) => r.operations)
      .some((o) => {
        const op = model.operation(o.key);
        const names = [...(op?.path.matchAll(/\{([^}]+)\}/g) ?? [])].map((m) => m[1]);
        const param = op?.parameters.find((p) => p.in === 'path' && p.name === names[at]);
        const type = [flat(param?.schema)?.type].flat()[0];
        return names.length > at && (type === 'integer' || type === 'number');
      });
    if (numeric) return String(n);
    // the item path's parameter, where its schema constrains it (service-map's {machineGroupName},
    // 36 characters: Prism in front refuses any other with its 422)
    const param = flat(
      resource.operations
        .map((o) => model.operation(o.key))
        .flatMap((op) => op?.parameters ?? [])
        .find((p) => p.in === 'path' && p.name === resource.idParam)?.schema,
    );
    const byParam = param && [param.type].flat()[0] === 'string' && constrained(param) ? param : undefined;
    if (constrained(s) && s) {
      // a value both the answers and the path take (codat: an answer's constrained id, a uuid path):
      // the answers' form, else the path's, else the two sets of keywords together
      const seed = `${resource.name}#id#${n}`;
      const candidates = byParam ? [gen(s, seed), gen(byParam, seed), gen({ ...s, ...byParam }, seed)] : [gen(s, seed)];
      const both = candidates.find((v) => typeof v === 'string' && admits(s, v) && (!byParam || admits(byParam, v)));
      return String(both ?? candidates[0]);
    }
    if (byParam) return String(gen(byParam, `${resource.name}#id#${n}`));
    const prefix =
      resource.name
        .split('.')
        .at(-1)
        ?.replace(/[^A-Za-z0-9]/g, '')
        .slice(0, 12) || 'item';
    return `${prefix}_${String(n).padStart(4, '0')}`;
  }

  function list(op: Operation, resource: Resource, all: Record_[], query: URLSearchParams, requestPath: string): Answer {
    const repr = reprs.get(resource.name);
    const fields = new Set(Object.keys(repr?.schema.properties ?? {}));
    const queryParams = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
    const paging = pageParams(op);
    const pageNames = new Set(Object.values(PAGE_PARAMS).flat());
    let items = all.filter((r) =>
      queryParams.every((name) => {
        if (pageNames.has(name) || !fields.has(name) || !query.has(name)) return true;
        const v = r[name];
        return v !== null && typeof v !== 'object' && String(v) === query.get(name);
      }),
    );
    const total = items.length;
    const limitName = paging.limit;
    const limit = limitName && /^\d+$/.test(query.get(limitName) ?? '') ? Math.max(1, Number(query.get(limitName))) : undefined;
    let start = 0;
    const { offset: offsetName, page: pageName, cursor: cursorName } = paging;
    if (offsetName && /^\d+$/.test(query.get(offsetName) ?? '')) start = Number(query.get(offsetName));
    else if (pageName && limit && /^\d+$/.test(query.get(pageName) ?? '')) start = Math.max(0, Number(query.get(pageName)) - 1) * limit;
    else if (cursorName && query.get(cursorName)) {
      const m = /^o(\d+)$/.exec(Buffer.from(String(query.get(cursorName)), 'base64url').toString('utf8'));
      start = m ? Number(m[1]) : 0;
    }
    const end = limit ? start + limit : items.length;
    const hidden = ruleOf(resource.name).hidden ?? [];
    items = items
      .slice(start, end)
      .map((r) => (hidden.length ? Object.fromEntries(Object.entries(r).filter(([k]) => !hidden.includes(k))) : r));
    const more = end < total;
    const nextCursor = more ? Buffer.from(`o${end}`).toString('base64url') : null;
    const headers: Record<string, string> = {};
    const res = success(op);
    // the next page's URL: the path asked (a nested list's parent ids in it; the template with
    // them taken out named none) with the query of the next page
    let nextUrl: string | null = null;
    if (more) {
      const next = new URLSearchParams(query);
      if (pageName && limit) next.set(pageName, String(Math.floor(end / limit) + 1));
      else if (offsetName) next.set(offsetName, String(end));
      else if (cursorName && nextCursor) next.set(cursorName, nextCursor);
      nextUrl = `${uriPath(requestPath)}?${next}`;
    }
    if (nextUrl && res && Object.keys((model.at(res.pointer) as Record_)?.headers ?? {}).some((h) => h.toLowerCase() === 'link'))
      headers.link = `<${nextUrl}>; rel="next"`;
    const schema = merged(model, res?.json?.schema);
    /**
     * A record in the shape of the list's items: itself when they are its representation, else
     * (a summary where the read has the detail, GitHub's gists) that shape, generated, with the
     * record's fields it has, as `wrap` does for a single answer.
     */
    const shaped = (itemsNode: unknown) => {
      const target = merged(model, itemsNode);
      const own = repr?.schema;
      // a list of ids (`{ "DetectorIds": ["..."] }`, AWS): each record's id
      const scalar = [target?.type].flat()[0];
      if (scalar === 'string' || scalar === 'integer' || scalar === 'number')
        return items.map((r) => (scalar === 'string' ? String(idAt(r, resource.idField)) : idAt(r, resource.idField)));
      // each in the list's own shape however deep it differs from what was stored (as `wrap` does)
      const fitSeed = (r: Record_) => `${resource.name}#fit/${String(idAt(r, resource.idField))}`;
      if (target && target === own) return items.map((r) => fitDeep(target, r, fitSeed(r), false));
      if (!target || Object.keys(target.properties ?? {}).length === 0) return items;
      // a summary that names the id otherwise (`id` where the record has `assetId`, iotsitewise)
      const alias = Object.hasOwn(target.properties ?? {}, resource.idField)
        ? undefined
        : ID_NAMES.find((n) => Object.hasOwn(target.properties ?? {}, n));
      return items.map((stored, i) => {
        const record = { ...((gen(target, `${op.key} item ${i}`) as Record_) ?? {}) };
        for (const key of Object.keys(target.properties ?? {}))
          if (Object.hasOwn(stored, key))
            put(record, key, over(record[key], fitDeep(target.properties[key], stored[key], `${fitSeed(stored)}/${key}`, true)));
        if (alias) put(record, alias, idAt(stored, resource.idField));
        return record;
      });
    };
    if (!schema) return ok(op, items, headers);
    if (arrayType(schema)) return ok(op, shaped(schema.items), headers);
    // the list itself a map of the items by their id (`additionalProperties`), or written as one
    // property named like the item parameter (just-eat's `{ "delivery-pool-id": {...} }` for
    // `{deliveryPoolId}`: the key's placeholder, its examples keyed by ids): the records by their id
    const keyed = mapOf(model, schema) ?? placeholderMap(model, schema, resource.idParam);
    if (keyed) {
      const values = shaped(keyed);
      return ok(op, Object.fromEntries(items.map((r, i) => [String(idAt(r, resource.idField)), values[i]])), headers);
    }
    const body: Record_ = { ...((gen(res?.json?.schema, `${op.key} list`) as Record_) ?? {}) };
    const props: Record_ = schema.properties ?? {};
    // (an array of objects before one of scalars: Superset's `{ ids: [...], result: [{...}] }`)
    const ofObjects = (n: string) => Object.keys(merged(model, merged(model, props[n])?.items)?.properties ?? {}).length > 0;
    const arrays = Object.keys(props).filter((n) => arrayType(merged(model, props[n])));
    const arrayField = LIST_ENVELOPES.find((n) => arrays.includes(n)) ?? arrays.find(ofObjects) ?? arrays[0];
    if (arrayField) put(body, arrayField, shaped(merged(model, props[arrayField])?.items));
    // a list of the items' ids beside them (`ids`), where the items are elsewhere
    const idsType = [merged(model, merged(model, props.ids)?.items)?.type].flat()[0];
    if (arrayField !== 'ids' && arrays.includes('ids') && ['string', 'integer', 'number'].includes(idsType))
      put(body, 'ids', shaped(merged(model, props.ids)?.items));
    else {
      // a map of items by their id (`{ "channel_types": { "<name>": {...} } }`, stream-io)
      const mapField = Object.keys(props).find((n) => mapOf(model, props[n]));
      if (mapField) {
        const values = shaped(mapOf(model, props[mapField]));
        put(body, mapField, Object.fromEntries(items.map((r, i) => [String(idAt(r, resource.idField)), values[i]])));
      }
    }
    // the items in the one array field of the answer's one object (a configuration's channels,
    // codeguruprofiler's `{ notificationConfiguration: { channels: [...] } }`)
    const held = arrayField ? undefined : representation(model, op);
    if (held?.envelope.length === 2) {
      const [outer = '', list = ''] = held.envelope;
      const was = body[outer];
      const holder: Record_ = was && typeof was === 'object' && !Array.isArray(was) ? { ...(was as Record_) } : {};
      put(holder, list, shaped(held.schema));
      put(body, outer, holder);
    }
    const pageFields = [
      ['has_more', more],
      ['hasMore', more],
      ['total', total],
      ['total_count', total],
      ['totalCount', total],
      // OData's count of them all (Azure's, Microsoft Graph's `$count`)
      ['@odata.count', total],
      ['odata.count', total],
      ['next_cursor', nextCursor],
      ['nextCursor', nextCursor],
      ['next_page_token', nextCursor],
      ['nextPageToken', nextCursor],
      // AWS's lists (`{ "Projects": [...], "NextToken": "..." }`)
      ['NextToken', nextCursor],
      ['nextToken', nextCursor],
      ['next_token', nextCursor],
      ...NEXT_URL_FIELDS.map((n) => [n, nextUrl] as const),
    ] as const;
    // the fields of `holder` (the list's body, or an object in it) that say where the list is
    const fillPage = (target: Record_, holder: Record_ | undefined) => {
      const own: Record_ = holder?.properties ?? {};
      for (const [name, value] of pageFields) {
        if (!Object.hasOwn(own, name)) continue;
        // (its type may sit behind an `allOf` with a description: AWS's `NextToken`)
        const p = merged(model, own[name]);
        const types = [p?.type].flat();
        // a count the field's bounds do not allow (Azure's `"@odata.count": { minimum: 1 }` of an
        // empty list): not said, rather than a generated one or an answer the spec refuses
        const unsayable = typeof value === 'number' && !withinBounds(p, value);
        if (
          !unsayable &&
          (value === null
            ? types.includes('null') || p?.nullable === true
            : types.includes(typeof value === 'number' ? 'integer' : typeof value) ||
              (typeof value === 'number' && types.includes('number')))
        ) {
          put(target, name, value);
        } else if ((value === null || unsayable) && !(holder?.required ?? []).includes(name)) {
          // the last page: no next cursor or URL, rather than a generated one a client would follow
          delete target[name];
        }
      }
    };
    fillPage(body, schema);
    // the same fields one object down, where lists often keep them (`{ "items": [], "meta": { "total": 0 } }`;
    // Slack's `response_metadata.next_cursor`): wiremock's empty list answered `"meta": { "total": 4 }`
    for (const wrapper of PAGE_WRAPPERS) {
      const was = body[wrapper];
      const holder = Object.hasOwn(props, wrapper) ? merged(model, props[wrapper]) : undefined;
      if (!holder?.properties || !Object.hasOwn(body, wrapper) || !was || typeof was !== 'object' || Array.isArray(was)) continue;
      const filled = { ...(was as Record_) };
      fillPage(filled, holder);
      put(body, wrapper, filled);
    }
    return ok(op, body, headers);
  }

  /** The operation ("METHOD /path") a request reaches, or null. */
  function operationOf(method: string, target: string): string | null {
    const rawPath = target.split('?')[0] ?? '/';
    return routes.find((r) => r.op.method === method.toUpperCase() && r.regex.test(rawPath))?.op.key ?? null;
  }

  /** Logs a request that is not answered (a fault stood in for the answer). */
  function note(method: string, target: string, text: string | undefined) {
    let url: URL;
    try {
      url = new URL(target, 'http://fake');
    } catch {
      url = new URL('http://fake/');
    }
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {}
    remember(
      {
        method: method.toUpperCase(),
        path: target.split('?')[0] ?? '/',
        query: loggedQuery(url.searchParams),
        operation: operationOf(method, target),
        body,
      },
      text,
    );
  }

  /**
   * A form body (form-urlencoded: gitlab's creates; or a multipart form's fields) as the object its schema describes: each field's
   * last value, typed as the schema's property says (integer, number, boolean), a repeated field
   * or `name[]` as an array. Keys are own properties (`__proto__` is a field like any other).
   */
  function formBody(pairs: Iterable<[string, string]>, op: Operation | undefined): Record_ {
    const props: Record_ = merged(model, op?.requestBody?.preferred?.schema)?.properties ?? {};
    const out: Record_ = {};
    const typed = (value: string, node: unknown): unknown => {
      const type = [model.resolve(node)?.type].flat().find((t) => t !== 'null' && t !== 'string');
      if ((type === 'integer' || type === 'number') && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
      return value;
    };
    // the list each field is collecting, appended to in place (a copy per value was quadratic in
    // a body of many `a[]=` fields); a plain value of the same name in between starts a new one
    const lists = new Map<string, unknown[]>();
    for (const [raw, value] of pairs) {
      const key = raw.endsWith('[]') ? raw.slice(0, -2) : raw;
      const schema = model.resolve(props[key]);
      if (arrayType(schema) || raw.endsWith('[]')) {
        let list = lists.get(key);
        if (!list || !Object.hasOwn(out, key) || out[key] !== list) {
          list = [];
          lists.set(key, list);
          put(out, key, list);
        }
        list.push(typed(value, schema?.items));
      } else put(out, key, typed(value, schema));
    }
    return out;
  }

  /** Logs a request: at most MAX_LOGGED, a body over MAX_LOGGED_BODY by its size only. */
  function remember(entry: LoggedRequest, text: string | undefined) {
    if (text && text.length > MAX_LOGGED_BODY) entry.body = `[a body of ${Buffer.byteLength(text)} bytes, not kept]`;
    log.push(entry);
    if (log.length > MAX_LOGGED) log.shift();
  }

  /** The answer to one request (its body read already: `text`, or why it is refused: `refusal`). */
  function respond(
    req: { method?: string; url?: string; headers: IncomingHttpHeaders },
    { text, refusal, fields }: { text?: string; refusal?: string; fields?: [string, string][] },
  ): Answer {
    let url: URL;
    try {
      url = new URL(String(req.url ?? '/'), 'http://fake');
    } catch {
      url = new URL('http://fake/');
    }
    const method = String(req.method ?? 'GET').toUpperCase();
    const rawPath = String(req.url ?? '/').split('?')[0] ?? '/';
    const matches = routes.filter((r) => r.regex.test(rawPath));
    const route = matches.find((r) => r.op.method === method);
    let body: unknown;
    let parsed = true;
    const form = /^\s*application\/x-www-form-urlencoded\s*(;|$)/i.test(String(req.headers['content-type'] ?? ''));
    try {
      // a multipart form's fields (read from its parts before: multipartFields) as a form's
      body = fields
        ? formBody(fields, route?.op)
        : text
          ? form
            ? formBody(new URLSearchParams(text), route?.op)
            : JSON.parse(text)
          : undefined;
    } catch {
      parsed = false;
    }
    remember(
      { method, path: rawPath, query: loggedQuery(url.searchParams), operation: route?.op.key ?? null, body: parsed ? body : text },
      text,
    );
    const anyOp = route?.op ?? matches[0]?.op ?? model.operations[0];
    if (!route || !anyOp) {
      // the 404 of the operation on that path (else of the first), where it documents one: not its
      // first documented 4xx, a 401 that sent a caller with a wrong base URL looking at credentials
      return anyOp?.responses.some((r) => r.status === '404')
        ? documented(anyOp, ['404'], 'no such operation')
        : { status: 404, body: { message: 'no such operation' } };
    }
    const m = route.regex.exec(rawPath);
    const params: Record<string, string> = Object.create(null);
    try {
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m?.[i + 1] ?? '');
      });
    } catch {
      return notFound(route.op, route.resource?.name ?? 'item'); // a malformed %-escape names nothing
    }
    const caller = rules.authenticate
      ? route.op.anonymous
        ? {}
        : rules.authenticate(req.headers)
      : credentialsOk(route.op, req.headers, url.searchParams)
        ? {}
        : null;
    if (!caller) return documented(route.op, ['401', '403'], 'invalid credentials');
    if (refusal) return invalid(route.op, refusal);
    if (!parsed) return invalid(route.op, 'the request body is not valid JSON');
    try {
      if (route.resource && route.inferred.kind === 'create' && Array.isArray(body) && bulkOf(route.op))
        return bulkCreate(route, params, url.searchParams, body, caller, rawPath);
      return answerFor(byName(route, params), params, url.searchParams, body, caller, rawPath);
    } catch (err) {
      return { status: 500, body: { message: `fake crashed: ${(err as Error).message}` } };
    } finally {
      dropEmpty();
    }
  }

  const reset = () => {
    store = new Map();
    held = 0;
    counters = new Map();
    log = [];
    for (const [name, list] of Object.entries(options.records ?? {})) {
      const resource = resources.get(name);
      if (!resource) {
        throw new Error(`records for "${name}": no such resource; the resources are ${[...resources.keys()].join(', ') || 'none'}`);
      }
      if (resource.parent) throw new Error(`records for "${name}": only top-level resources can be seeded`);
      const records = bucket(name, '[]');
      const derive = ruleOf(name).derive;
      for (const [i, record] of list.entries()) {
        const id = idAt(record, resource.idField);
        if (typeof id !== 'string' && typeof id !== 'number') {
          throw new Error(`records for "${name}"[${i}]: no "${resource.idField}" (the id field) of type string or number`);
        }
        const copy = Object.create(null) as Record_;
        for (const key of Object.keys(record)) put(copy, key, structuredClone(record[key]));
        const stored = { ...copy };
        derive?.(stored);
        keep(records, String(id), stored, { seeding: true });
      }
    }
  };
  reset();

  let server: ReturnType<typeof answerServer> | undefined;
  return {
    inference,
    ambiguities,
    /** The declared credential values, if any. */
    credentials: options.credentials,
    respond,
    operationOf,
    note,
    reset,
    /** The requests received since the last reset (at most MAX_LOGGED, oldest first). */
    requests: (): readonly LoggedRequest[] => structuredClone(log),
    /** The stored record of a resource (a copy) by the id it is stored under, or undefined. */
    get: (resource: string, id: string | number): Record_ | undefined => {
      for (const records of store.get(resource)?.values() ?? []) {
        const record = records.get(String(id));
        if (record) return structuredClone(record);
      }
      return undefined;
    },
    /** The records of a resource (copies), in creation order. */
    records: (resource: string): Record_[] =>
      [...(store.get(resource)?.values() ?? [])].flatMap((m) => [...m.values()]).map((r) => structuredClone(r)),
    /** Serves the fake on 127.0.0.1 (port 0: a free one). */
    async listen(port = 0): Promise<string> {
      server = answerServer(respond);
      return server.listen(port);
    },
    close: () => server?.close() ?? Promise.resolve(),
  };
}

export type Engine = ReturnType<typeof createEngine>;
