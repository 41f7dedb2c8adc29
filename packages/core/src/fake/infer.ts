// Resource inference: from a spec's operations (method and path, and what the spec model says of
// their bodies), the resources a stateful fake keeps: collection and item paths, the id parameter
// and the id field of the representation, which operation creates, reads, replaces, updates,
// deletes and lists, nested resources (`/a/{aId}/b/{bId}`), and action endpoints
// (`POST /orders/{id}/cancel`). A pure function of its input: the engine (engine.ts) builds the
// input from the spec model (`operationsOf`), the tests give it tables.
//
// Where a reading is a guess, it says so in `ambiguities` (printed when the fake starts); a
// provider's testing entry can then declare the kind of an operation (`infer.operations`).
import { segmentsOf } from './segments.ts';

/** What an operation does to its resource. */
export type OperationKind = 'create' | 'read' | 'replace' | 'update' | 'delete' | 'list' | 'action';

/** The input of the inference: one operation, as the spec model gives it. */
export interface OperationInput {
  readonly method: string;
  readonly path: string;
  readonly operationId?: string;
  /** The required properties of its JSON request body (null: no JSON object body). */
  readonly bodyRequired?: readonly string[] | null;
  /** The property names of the representation its success answer carries (after an envelope), if known. */
  readonly fields?: readonly string[];
  /** Its success answer is a JSON array while its request body is none: on a POST, a search (thesmsworks' `POST /messages`), not a create. */
  readonly answersList?: boolean;
  /** Its success answer is documented with content, none of it JSON (presalytics' `text/html` read): no representation of an item. */
  readonly answersText?: boolean;
}

export interface InferredOperation {
  /** "METHOD /path" as the spec writes it. */
  readonly key: string;
  readonly method: string;
  readonly path: string;
  readonly kind: OperationKind;
  /** For an action: its name (the last segment). */
  readonly action?: string;
}

export interface Resource {
  /** The last literal segment of its collection path (`customers`), made unique with its parents (`users.orders`). */
  readonly name: string;
  /** The collection path (`/customers`), normalised (no trailing slash). */
  readonly collection: string;
  /** The item path (`/customers/{id}`), or null when the spec has only collection operations. */
  readonly item: string | null;
  /** The path parameter that names an item. */
  readonly idParam: string | null;
  /** The field of the representation that holds the id. */
  readonly idField: string;
  /** The enclosing resource, for a nested one. */
  readonly parent: string | null;
  /** Path parameters of the enclosing items, outermost first. */
  readonly parentParams: readonly string[];
  readonly operations: readonly InferredOperation[];
}

export interface Inference {
  readonly resources: readonly Resource[];
  /** Operations that belong to no resource (a bare `GET /health`): the fake answers them from the schema. */
  readonly other: readonly InferredOperation[];
  /** What the inference had to guess, one sentence each, naming the operation. */
  readonly ambiguities: readonly string[];
}

/** A last segment named like a call (`listPlans`, `batch-get`, `orders:search`), not a collection. */
const RPC_VERB =
  /(^|[:.#])(list|get|describe|search|query|find|create|delete|remove|update|put|start|stop|batch|send|run|execute|check|validate|verify|register|deregister|tag|untag|associate|disassociate|import|export)([A-Z_\-:.]|$)/;

/** An operationId that names a search (`QueryChannels`, `search_orders`, `listUsers`): a POST so named reads, it does not create. */
const QUERY_ID = /^(query|search|list|find|filter|lookup)([A-Z_\-.]|$)/i;

const isParam = (segment: string) => /^\{[^{}]+\}$/.test(segment);
const paramName = (segment: string) => segment.slice(1, -1);

/** Singular of a collection name, for id-field candidates (`customers` -> `customer`). */
export function singular(name: string): string {
  if (/ies$/i.test(name)) return `${name.slice(0, -3)}y`;
  if (/(ss|sh|ch|x)es$/i.test(name)) return name.slice(0, -2);
  if (/s$/i.test(name) && !/ss$/i.test(name)) return name.slice(0, -1);
  return name;
}

/** The field of a representation that holds the id, or undefined when none of the usual names is there. */
function idFieldFor(idParam: string | null, collection: string, fields: readonly string[]): string | undefined {
  const one = singular(collection);
  const candidates = [idParam, 'id', '_id', 'uuid', `${one}_id`, `${one}Id`, `${one}ID`, 'key', 'name'].filter(
    (c): c is string => typeof c === 'string',
  );
  // as written, else in another case (AWS: {detectorId} and `DetectorId`, {flowArn} and `FlowArn`),
  // else the longest field whose name ends the parameter's at a word's start (gmail's
  // {cseEmailAddress} and `emailAddress`, {project_slug} and `slug`)
  const ending = (f: string) => {
    if (!idParam || f.length < 3 || f.length >= idParam.length || !idParam.toLowerCase().endsWith(f.toLowerCase())) return false;
    const at = idParam.length - f.length;
    return idParam[at - 1] === '_' || idParam[at - 1] === '-' || /[A-Z]/.test(idParam[at] ?? '');
  };
  return (
    candidates.find((c) => fields.includes(c)) ??
    candidates.map((c) => fields.find((f) => f.toLowerCase() === c.toLowerCase())).find((f) => f !== undefined) ??
    fields.filter(ending).sort((a, b) => b.length - a.length)[0]
  );
}

/**
 * The key of a path's segments, whatever its parameters are named: `/shelves/{shelfId}/books` and
 * `/shelves/{shelf}/books/{bookId}` are one collection (gitlab's `{issue_id}` and `{noteable_id}`).
 */
const keyOf = (segments: readonly string[]) => segments.map((s) => (isParam(s) ? '{}' : s)).join('/');

/**
 * The resources of a spec's operations. `declared`: kinds the testing entry declares, by
 * "METHOD /path" (they win over the inference, and silence its ambiguity); `idFields`: the id
 * field of a resource, by its name, where the representation does not say (it wins likewise);
 * `groups`: a collection path whose operations belong to another collection's resource
 * (`{ '/customer': '/customers' }`, where a spec writes one resource under two paths).
 */
export function inferResources(
  operations: readonly OperationInput[],
  declared: Readonly<Record<string, OperationKind>> = {},
  idFields: Readonly<Record<string, string>> = {},
  groups: Readonly<Record<string, string>> = {},
): Inference {
  const ambiguities: string[] = [];
  const byCollection = new Map<
    string,
    { segments: string[]; item: string | null; idParam: string | null; ops: InferredOperation[]; fields: Set<string> }
  >();
  const other: InferredOperation[] = [];
  // paths that are themselves collections (a GET on them, or an item below them)
  const collectionPaths = new Set<string>();
  for (const op of operations) {
    const segs = segmentsOf(op.path);
    const last = segs.at(-1);
    if (last !== undefined && isParam(last)) collectionPaths.add(keyOf(segs.slice(0, -1)));
    else if (op.method.toUpperCase() === 'GET') collectionPaths.add(keyOf(segs));
  }
  const entry = (written: string[]) => {
    const path = `/${written.join('/')}`;
    const segments = Object.hasOwn(groups, path) ? segmentsOf(groups[path] ?? path) : written;
    const key = keyOf(segments);
    let e = byCollection.get(key);
    if (!e) {
      e = { segments, item: null, idParam: null, ops: [], fields: new Set() };
      byCollection.set(key, e);
    }
    return e;
  };

  for (const op of operations) {
    const method = op.method.toUpperCase();
    const key = `${method} ${op.path}`;
    const segs = segmentsOf(op.path);
    const last = segs.at(-1);
    const own = Object.hasOwn(declared, key) ? declared[key] : undefined;
    const push = (kind: OperationKind, target: ReturnType<typeof entry> | null, extra: Partial<InferredOperation> = {}) => {
      const inferred = { key, method, path: op.path, kind: own ?? kind, ...extra };
      if (target) {
        target.ops.push(inferred);
        for (const f of op.fields ?? []) target.fields.add(f);
      } else other.push(inferred);
    };
    if (last === undefined) {
      push('read', null);
      continue;
    }
    if (method === 'GET' && !own && op.answersText) {
      // GET /cache/{nonce} documented only as text/html: a page, not the item (it cannot be read back)
      ambiguities.push(`${key}: answers no JSON (only another media type), so no representation of an item; answered from its schema`);
      push('read', null);
      continue;
    }
    if (isParam(last)) {
      const e = entry(segs.slice(0, -1));
      const name = paramName(last);
      if (e.item && e.idParam !== name) {
        ambiguities.push(`${key}: the item of ${e.item} is named {${e.idParam}} there and {${name}} here; both are read as one id`);
      }
      e.item ??= `/${segs.join('/')}`;
      e.idParam ??= name;
      const kind: OperationKind | undefined =
        method === 'GET'
          ? 'read'
          : method === 'PATCH'
            ? 'update'
            : method === 'DELETE'
              ? 'delete'
              : method === 'PUT'
                ? op.bodyRequired && op.bodyRequired.length > 0
                  ? 'replace'
                  : 'update'
                : method === 'POST'
                  ? 'update'
                  : undefined;
      if (!own && method === 'PUT' && kind === 'update') {
        ambiguities.push(`${key}: PUT whose body requires no field, read as a partial update (declare 'replace' to change)`);
      }
      if (!own && method === 'POST') ambiguities.push(`${key}: POST on an item, read as a partial update`);
      if (kind) push(kind, e);
      else push('read', null);
      continue;
    }
    const prev = segs.at(-2);
    const isCollection = collectionPaths.has(keyOf(segs));
    if (prev !== undefined && isParam(prev) && !isCollection && method === 'POST') {
      // POST /orders/{id}/cancel: an action on the item, unless something lists or addresses items below it
      const e = entry(segs.slice(0, -2));
      e.item ??= `/${segs.slice(0, -1).join('/')}`;
      e.idParam ??= paramName(prev);
      push('action', e, { action: last });
      continue;
    }
    if (prev !== undefined && isParam(prev) && !isCollection && method === 'GET') {
      // GET /orders/{id}/summary: a singleton sub-resource; read, unless declared
      if (!own) ambiguities.push(`${key}: GET below an item with no items of its own, read as a list`);
    }
    if (method === 'POST' && !isCollection && RPC_VERB.test(last)) {
      // POST /listResponsePlans, /orders:search: a remote procedure call, not a collection
      if (!own) ambiguities.push(`${key}: POST to a path named like a call (${last}), answered from its schema`);
      if (own) push(own, entry(segs));
      else push('read', null);
      continue;
    }
    if (method === 'POST' && !own && QUERY_ID.test(op.operationId ?? '')) {
      // POST /channels named QueryChannels (stream-io): a search of the collection, not a create
      ambiguities.push(`${key}: POST named like a query (${op.operationId}), not a create; answered from its schema`);
      push('read', null);
      continue;
    }
    if (method === 'POST' && !own && op.answersList) {
      // POST /messages answering the messages that match its body: a search; a bulk create sends a list
      ambiguities.push(`${key}: POST answering a list for a body that is no list: a search, not a create; answered from its schema`);
      push('read', null);
      continue;
    }
    const e = entry(segs);
    if (method === 'GET') push('list', e);
    else if (method === 'POST') push('create', e);
    else if (method === 'PUT' || method === 'PATCH' || method === 'DELETE') {
      if (!own) ambiguities.push(`${key}: ${method} on a collection path has no inferred meaning; answered from its schema`);
      if (own) push(own, e);
      else push('read', null);
    } else push('read', null);
  }

  // names and parents
  const keys = [...byCollection.keys()];
  const resources: Resource[] = [];
  const nameOf = new Map<string, string>();
  for (const key of keys.sort((a, b) => a.length - b.length)) {
    const e = byCollection.get(key);
    if (!e || e.ops.length === 0) continue;
    const literal = [...e.segments].reverse().find((s) => !isParam(s)) ?? 'items';
    const parentParams = e.segments.filter(isParam).map(paramName);
    // the nearest enclosing collection whose item path is a prefix of this one
    let parent: string | null = null;
    for (let i = e.segments.length - 1; i > 0; i--) {
      const seg = e.segments[i - 1];
      if (seg !== undefined && isParam(seg)) {
        const p = keyOf(e.segments.slice(0, i - 1));
        if (nameOf.has(p)) {
          parent = nameOf.get(p) ?? null;
          break;
        }
      }
    }
    let name = parent ? `${parent}.${literal}` : literal;
    while (resources.some((r) => r.name === name)) name = `${name}_`;
    nameOf.set(key, name);
    const fields = [...e.fields];
    let idField = Object.hasOwn(idFields, name) ? idFields[name] : idFieldFor(e.idParam, literal, fields);
    if (!idField) {
      idField = e.idParam ?? 'id';
      if (e.item) ambiguities.push(`${name}: no id field found in its representation; the id is stored as "${idField}"`);
    }
    const kinds = e.ops.map((o) => o.kind);
    for (const kind of ['create', 'list', 'read', 'delete'] as const) {
      if (kinds.filter((k) => k === kind).length > 1)
        ambiguities.push(`${name}: more than one ${kind} operation; each is answered the same way`);
    }
    resources.push({
      name,
      collection: `/${e.segments.join('/')}`,
      item: e.item,
      idParam: e.idParam,
      idField,
      parent,
      parentParams,
      operations: e.ops,
    });
  }
  return { resources, other, ambiguities };
}
