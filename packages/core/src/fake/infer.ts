// Resource inference: from a spec's operations (method and path, and what the spec model says of
// their bodies), the resources a stateful fake keeps: collection and item paths, the id parameter
// and the id field of the representation, which operation creates, reads, replaces, updates,
// deletes and lists, nested resources (`/a/{aId}/b/{bId}`), and action endpoints
// (`POST /orders/{id}/cancel`). A pure function of its input: the engine (engine.ts) builds the
// input from the spec model (`operationsOf`), the tests give it tables.
//
// Where a reading is a guess, it says so in `ambiguities` (printed when the fake starts); a
// provider's testing entry can then declare the kind of an operation (`infer.operations`).
import { FORMAT_SUFFIX, resourceSegmentsOf } from './segments.ts';

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
  /** The fields one object down in that representation, dotted (`Attachment.AttachmentId`): where the id may be two objects deep. */
  readonly nested?: readonly string[];
  /** Its success answer is a JSON array while its request body is none: on a POST, a search (thesmsworks' `POST /messages`), not a create. */
  readonly answersList?: boolean;
  /** Its success answer is documented with content, none of it JSON (presalytics' `text/html` read): no representation of an item. */
  readonly answersText?: boolean;
  /** Its success answer is one JSON object of named fields, none of them a list or a map of items (`GET /me`): no list. */
  readonly answersOne?: boolean;
  /** The string fields of that representation it marks readOnly (the server sets them: a resource manager's `id`, `name`). */
  readonly readOnlyStrings?: readonly string[];
  /** It creates the item its path names where none is there (a create-or-update PUT: a 201 documented, or named to create). */
  readonly upserts?: boolean;
}

export interface InferredOperation {
  /** "METHOD /path" as the spec writes it. */
  readonly key: string;
  readonly method: string;
  readonly path: string;
  readonly kind: OperationKind;
  /** For an action: its name (the last segment). */
  readonly action?: string;
  /**
   * Set on an operation of another resource (or of none) that this one answers too, where the
   * request names one of its items: Google's merged `GET /v1/{name}` (one operation for every
   * collection's read, its operationId naming one), routed by the name's shape
   * (`<parent>/clusters/<id>`).
   */
  readonly shared?: true;
  /** Its input's `upserts`: it creates the item its path names where none is there (the engine reads it here, once). */
  readonly upserts?: true;
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
  /**
   * Set where the item path's one parameter holds the item's whole resource name (Google's AIP-122:
   * `GET /v1/{name}` reads `projects/p/locations/l/triggers/t`, made by `POST /v1/{parent}/triggers`):
   * the collection's last segment, which the name holds before the item's own id.
   */
  readonly nameSegment?: string;
  /** Path parameters of the enclosing items, outermost first. */
  readonly parentParams: readonly string[];
  readonly operations: readonly InferredOperation[];
  /**
   * One item of its own per parent, at its collection path (`GET` and `PUT`/`PATCH` of
   * `/vehicles/{id}/smart-charging-policy`, `/settings`: no create, no items below): read, replaced,
   * updated and deleted in place; a read before any write answers its default (generated).
   */
  readonly singleton?: true;
  /**
   * Set on a resource manager's item (Azure's ARM shape, found by its shape, not its name): made by a
   * create-or-update PUT at `.../things/{thingName}`, its representation's read-only `id` and `name`
   * strings. `name` (the idField) holds the path's last value; this field (`id`) the request path
   * as the client called it.
   */
  readonly pathField?: string;
}

export interface Inference {
  readonly resources: readonly Resource[];
  /** Operations that belong to no resource (a bare `GET /health`): the fake answers them from the schema. */
  readonly other: readonly InferredOperation[];
  /** What the inference had to guess, one sentence each, naming the operation. */
  readonly ambiguities: readonly string[];
}

/**
 * A last segment named like a call (`listPlans`, `batch-get`, `orders:search`, `auth/login`), not
 * a collection; in PascalCase too, as ASP.NET routes name their actions (`/api/auth/Login`,
 * `/api/Password/Reset`, `ResumeSession`): see isCall.
 */
const RPC_VERB =
  /(^|[:.#])(list|get|describe|search|query|find|create|delete|destroy|remove|update|put|set|start|stop|batch|send|run|execute|check|validate|verify|register|deregister|tag|untag|associate|disassociate|import|export|undo|redo|resume|suspend|pause|cancel|restart|reset|test|publish|unpublish|approve|reject|accept|decline|enable|disable|refresh|retry|revoke|rotate|invoke|submit|confirm|activate|deactivate|login|logout|signin|signout)([A-Z_\-:.]|$)/;

/** Whether a path segment is named like a call (RPC_VERB), its first letter lowered when it is PascalCase (`Login`, `ResumeSession`). */
const isCall = (segment: string): boolean =>
  RPC_VERB.test(/^[A-Z][a-z]/.test(segment) ? `${segment.charAt(0).toLowerCase()}${segment.slice(1)}` : segment);

/** A last segment that names the collection's create (`POST /containers/create`, `/users/new`). */
const CREATE_SEGMENT = /^(create|new|add)$/i;

/** An operationId that names a search (`QueryChannels`, `search_orders`, `listUsers`): a POST so named reads, it does not create. */
const QUERY_ID = /^(query|search|list|find|filter|lookup)([A-Z_\-.]|$)/i;
/** An operationId that names a read (`GetCallToken`, `get_token`, `fetchReport`): a POST so named gets something, it does not create. */
const READ_ID = /^([Gg]et|GET|[Ff]etch)([A-Z_.-]|$)/;

/** An id-like field name (`task_id`, `jobId`, `ExportID`), for a representation that holds none of the usual names. */
const ID_LIKE = /^(id|_id)$|_id$|[a-z0-9]Id$|[a-z0-9]ID$/;
/** An item parameter that names no field of its own (`{id}`, `{uuid}`). */
const BARE_ID = /^(id|_id|uuid|ID|Id)$/;

/** A path parameter, with a format suffix or none (`{thingId}.json`). */
const isParam = (segment: string) => /^\{[^{}]+\}$/.test(segment.replace(FORMAT_SUFFIX, ''));
/** A custom method on an item (AIP-136: `{name}:cancel`, `{resource}:setIamPolicy`): the parameter and the verb. */
const CUSTOM = /^\{([^{}]+)\}:([A-Za-z][\w-]*)$/;
/** A Google discovery operationId (`eventarc.projects.locations.triggers.get`): the service, the resource path, the method. */
const DOTTED_ID = /^[A-Za-z][\w-]*(\.[A-Za-z][\w-]*){2,}$/;

/**
 * The collections whose items are named by their whole resource name (AIP-122), by the operationId
 * stem their operations share (`eventarc.projects.locations.triggers`): a collection
 * `<prefix>/{parent}/triggers` (its list or create) where its stem ends in that literal segment.
 * Only one collection per stem; a stem that two collections share names none.
 */
function namedCollections(operations: readonly OperationInput[]): Map<string, string[]> {
  const found = new Map<string, string[] | null>();
  for (const op of operations) {
    const id = op.operationId ?? '';
    if (!DOTTED_ID.test(id)) continue;
    const segs = resourceSegmentsOf(op.path);
    const last = segs.at(-1);
    const prev = segs.at(-2);
    const stem = id.slice(0, id.lastIndexOf('.'));
    if (last === undefined || prev === undefined || isParam(last) || !isParam(prev) || stem.split('.').at(-1) !== last) continue;
    // the prefix before the parent's name is literal (`/v1`): the parent parameter is a whole name too
    if (segs.slice(0, -2).some((s) => s.includes('{'))) continue;
    const key = keyOf(segs);
    const before = found.get(stem);
    if (before === undefined) found.set(stem, segs);
    else if (before !== null && keyOf(before) !== key) found.set(stem, null);
  }
  return new Map([...found].filter((e): e is [string, string[]] => e[1] !== null));
}

/**
 * The collection an operation on `<prefix>/{name}` (or `<prefix>/{name}:verb`) belongs to, by its
 * operationId's stem, where that stem names one collection of the same prefix (`GET /v1/{name}`,
 * `eventarc.projects.locations.triggers.get`, is the item of `/v1/{parent}/triggers`). Undefined
 * otherwise: a name with no such stem reads as before.
 */
function namedTarget(op: OperationInput, named: Map<string, string[]>): string[] | undefined {
  const id = op.operationId ?? '';
  if (!DOTTED_ID.test(id)) return undefined;
  const segs = resourceSegmentsOf(op.path);
  const last = segs.at(-1) ?? '';
  if (!isParam(last) && !CUSTOM.test(last)) return undefined;
  const prefix = segs.slice(0, -1);
  if (prefix.some((s) => s.includes('{'))) return undefined;
  const target = named.get(id.slice(0, id.lastIndexOf('.')));
  return target && keyOf(target.slice(0, -2)) === keyOf(prefix) ? target : undefined;
}
const paramName = (segment: string) => segment.slice(1, segment.indexOf('}'));

/**
 * The collection of an ordinary item path a custom method is on (`/users/{userId}/keypairs/{keyPairId}:disable`,
 * gmail's cse key pairs): the segments before `{keyPairId}:disable`, where they are a collection
 * (a GET lists them, or an item path is below them); else undefined.
 */
function customOnItem(segs: readonly string[], collectionPaths: ReadonlySet<string>): string[] | undefined {
  const collection = segs.slice(0, -1);
  return collection.length > 0 && collectionPaths.has(keyOf(collection)) ? collection : undefined;
}

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
  // the parameter's own name with the resource's in front (`{name}` of /volumes/fs and `fsName`,
  // `{name}` of /users and `userName`)
  const qualified = idParam === null ? [] : [one, collection].map((n) => `${n}${idParam.charAt(0).toUpperCase()}${idParam.slice(1)}`);
  const strong = [idParam, 'id', '_id', 'uuid', `${one}_id`, `${one}Id`, `${one}ID`, `${one}_uuid`, ...qualified].filter(
    (c): c is string => typeof c === 'string',
  );
  // the parameter's name written another way ({zoneKey} and `zone_key`), ahead of the generic
  // `key` and `name` (turbinelabs' zones show both `zone_key` and a `name`)
  const bare = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  const spelled = (c: string) => fields.find((f) => bare(f) === bare(c));
  const candidates = [...strong, 'key', 'name'];
  // as written, else in another case (AWS: {detectorId} and `DetectorId`, {flowArn} and `FlowArn`),
  // else the longest field whose name ends the parameter's at a word's start (gmail's
  // {cseEmailAddress} and `emailAddress`, {project_slug} and `slug`)
  const ending = (f: string) => idParam !== null && endsParam(idParam, f);
  return (
    strong.find((c) => fields.includes(c)) ??
    strong.map(spelled).find((f) => f !== undefined) ??
    candidates.find((c) => fields.includes(c)) ??
    candidates.map((c) => fields.find((f) => f.toLowerCase() === c.toLowerCase())).find((f) => f !== undefined) ??
    fields.filter(ending).sort((a, b) => b.length - a.length)[0]
  );
}

/** Whether `field` ends the parameter's name at a word's start (`Name` of {outputName}, `slug` of {project_slug}). */
function endsParam(idParam: string, field: string): boolean {
  if (field.length < 3 || field.length >= idParam.length || !idParam.toLowerCase().endsWith(field.toLowerCase())) return false;
  const at = idParam.length - field.length;
  return idParam[at - 1] === '_' || idParam[at - 1] === '-' || /[A-Z]/.test(idParam[at] ?? '');
}

/** The fields one object down (dotted) named like the item parameter. */
const deepNamed = (idParam: string, nested: Iterable<string>) =>
  [...nested].filter((f) => f.split('.').at(-1)?.toLowerCase() === idParam.toLowerCase());

/**
 * The id field of a union by property (`{ FlowOutput?: { Name }, NetworkOutput?: { Name } }`): where
 * every field of the representation (`fields`) is an object (`nested`: its fields, dotted) holding
 * one same field that ends the item parameter's name, the first member's (`FlowOutput.Name`); else
 * undefined.
 */
function unionMember(idParam: string, fields: readonly string[], nested: readonly string[]): string | undefined {
  if (fields.length < 2) return undefined;
  const inside = (member: string) =>
    nested
      .filter((f) => f.startsWith(`${member}.`) && endsParam(idParam, f.slice(member.length + 1)))
      .map((f) => f.slice(member.length + 1));
  const [first, ...rest] = fields.map(inside);
  if (first?.length !== 1) return undefined;
  const [name = ''] = first;
  return rest.every((r) => r.length === 1 && r[0] === name) ? `${fields[0]}.${name}` : undefined;
}

/**
 * Item paths whose collection is written in the plural elsewhere (outposts' `GET /catalog/item/{id}`
 * beside `GET /catalog/items`): by the key of the singular collection (`catalog/item`), the plural
 * one's segments. Only where the singular path has no operation of its own, the plural one has no
 * items below it, and its last segment is the plural of the singular one's (`singular` of it).
 */
function pluralCollections(
  operations: readonly OperationInput[],
  methodsAt: ReadonlyMap<string, ReadonlySet<string>>,
  itemsBelow: ReadonlySet<string>,
): Map<string, string[]> {
  const plural = new Map<string, string[]>();
  for (const op of operations) {
    const segs = resourceSegmentsOf(op.path);
    const last = segs.at(-1);
    if (last === undefined || isParam(last) || CUSTOM.test(last) || itemsBelow.has(keyOf(segs))) continue;
    const one = singular(last);
    if (one === last) continue;
    const key = keyOf([...segs.slice(0, -1), one]);
    if (itemsBelow.has(key) && !methodsAt.has(key)) plural.set(key, segs);
  }
  return plural;
}

/**
 * The key of a path's segments, whatever its parameters are named: `/shelves/{shelfId}/books` and
 * `/shelves/{shelf}/books/{bookId}` are one collection (gitlab's `{issue_id}` and `{noteable_id}`).
 */
const keyOf = (segments: readonly string[]) => segments.map((s) => (isParam(s) ? '{}' : s.replace(FORMAT_SUFFIX, ''))).join('/');

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
    {
      segments: string[];
      item: string | null;
      idParam: string | null;
      ops: InferredOperation[];
      fields: Set<string>;
      /** The fields its read's and its create's answers show (the item's own representation, over an action's or a delete's). */
      own: Set<string>;
      /** The fields each of its reads and creates shows, by kind (an id-like field both show names a task or job handle's item). */
      shown: { read: Set<string>[]; create: Set<string>[] };
      /** The fields its creates' bodies require (a field named like the item parameter: the client names the item). */
      sent: Set<string>;
      /** The fields each operation answers (sorted, space-separated), by its kind: one representation answered at two paths. */
      answers: { kind: OperationKind; fields: string }[];
      nested: Set<string>;
      /** The string fields its item answers (read, create, replace, update) mark readOnly. */
      readOnly: Set<string>;
      /** Whether an operation at its item path creates the item the path names (a create-or-update PUT). */
      upserts: boolean;
      nameSegment?: string;
      singleton?: true;
    }
  >();
  const named = namedCollections(operations);
  const other: InferredOperation[] = [];
  // paths that are themselves collections (a GET on them, or an item below them)
  const collectionPaths = new Set<string>();
  // paths with items below them (`/calls` of `/calls/{call_id}`)
  const itemsBelow = new Set<string>();
  // the methods of each path, and the paths whose GET answers a list (a singleton's does not)
  const methodsAt = new Map<string, Set<string>>();
  const listsAt = new Set<string>();
  for (const op of operations) {
    const k = keyOf(resourceSegmentsOf(op.path));
    methodsAt.set(k, (methodsAt.get(k) ?? new Set()).add(op.method.toUpperCase()));
    if (op.method.toUpperCase() === 'GET' && op.answersList) listsAt.add(k);
  }
  for (const op of operations) {
    const segs = resourceSegmentsOf(op.path);
    const last = segs.at(-1);
    if (last !== undefined && isParam(last)) {
      collectionPaths.add(keyOf(segs.slice(0, -1)));
      itemsBelow.add(keyOf(segs.slice(0, -1)));
    } else if (op.method.toUpperCase() === 'GET') collectionPaths.add(keyOf(segs));
  }
  const plurals = pluralCollections(operations, methodsAt, itemsBelow);
  // (a POST there creates those items: the plural path is a collection)
  for (const segs of plurals.values()) collectionPaths.add(keyOf(segs));
  const entry = (written: string[]) => {
    const path = `/${written.join('/')}`;
    const segments = Object.hasOwn(groups, path) ? resourceSegmentsOf(groups[path] ?? path) : (plurals.get(keyOf(written)) ?? written);
    const key = keyOf(segments);
    let e = byCollection.get(key);
    if (!e) {
      e = {
        segments,
        item: null,
        idParam: null,
        ops: [],
        fields: new Set(),
        own: new Set(),
        shown: { read: [], create: [] },
        sent: new Set(),
        answers: [],
        nested: new Set(),
        readOnly: new Set(),
        upserts: false,
      };
      byCollection.set(key, e);
    }
    return e;
  };

  for (const op of operations) {
    const method = op.method.toUpperCase();
    const key = `${method} ${op.path}`;
    const segs = resourceSegmentsOf(op.path);
    const last = segs.at(-1);
    const own = Object.hasOwn(declared, key) ? declared[key] : undefined;
    const push = (kind: OperationKind, target: ReturnType<typeof entry> | null, extra: Partial<InferredOperation> = {}) => {
      const inferred = { key, method, path: op.path, kind: own ?? kind, ...extra, ...(op.upserts ? { upserts: true as const } : {}) };
      if (target) {
        target.ops.push(inferred);
        for (const f of op.fields ?? []) target.fields.add(f);
        if (inferred.kind === 'read' || inferred.kind === 'create') {
          for (const f of op.fields ?? []) target.own.add(f);
          target.shown[inferred.kind].push(new Set(op.fields ?? []));
        }
        if (inferred.kind === 'create') for (const f of op.bodyRequired ?? []) target.sent.add(f);
        if (op.fields?.length) target.answers.push({ kind: inferred.kind, fields: [...op.fields].sort().join(' ') });
        for (const f of op.nested ?? []) target.nested.add(f);
        if (['read', 'create', 'replace', 'update'].includes(inferred.kind))
          for (const f of op.readOnlyStrings ?? []) target.readOnly.add(f);
        if (op.upserts && method === 'PUT' && last !== undefined && isParam(last)) target.upserts = true;
      } else other.push(inferred);
    };
    if (last === undefined) {
      push('read', null);
      continue;
    }
    const target = namedTarget(op, named);
    const custom = CUSTOM.exec(last);
    if (custom) {
      // POST /v1/{name}:cancel, /v1/{resource}:setIamPolicy (AIP-136): a method on the item its
      // parameter names, when the operationId names the collection (an action); else, and for a
      // GET (getIamPolicy answers a policy, not the item), answered from its schema
      const [, param = '', verb = ''] = custom;
      const onItem = !target && method === 'POST' && !own ? customOnItem(segs, collectionPaths) : undefined;
      if (target && (method === 'POST' || own)) {
        const e = entry(target);
        e.nameSegment = target.at(-1);
        push('action', e, { action: verb });
      } else if (onItem) {
        // POST /users/{userId}/keypairs/{keyPairId}:disable (gmail): an action on the item of an ordinary collection
        const e = entry(onItem);
        e.item ??= `/${[...onItem, `{${param}}`].join('/')}`;
        e.idParam ??= param;
        push('action', e, { action: verb });
      } else {
        if (!own)
          ambiguities.push(
            `${key}: a custom method (${verb}) on {${param}}${target ? ', not a POST' : ', whose operationId names no collection'}; answered from its schema`,
          );
        if (own && target) push(own, entry(target));
        else push('read', null);
      }
      continue;
    }
    if (method === 'GET' && !own && op.answersText) {
      // GET /cache/{nonce} documented only as text/html: a page, not the item (it cannot be read back)
      ambiguities.push(`${key}: answers no JSON (only another media type), so no representation of an item; answered from its schema`);
      push('read', null);
      continue;
    }
    const verbBefore = segs.at(-2);
    if (
      isParam(last) &&
      !target &&
      !own &&
      method !== 'GET' &&
      method !== 'DELETE' &&
      segs.length >= 3 &&
      verbBefore !== undefined &&
      !isParam(verbBefore) &&
      isCall(verbBefore) &&
      itemsBelow.has(keyOf(segs.slice(0, -2))) &&
      !methodsAt.has(keyOf(segs.slice(0, -1))) &&
      !methodsAt.get(keyOf(segs))?.has('GET')
    ) {
      // POST /v1/flows/start/{flowArn} beside /v1/flows/{flowArn} (AWS's mediaconnect): a verb before
      // the id, nothing read or listed at the verb's path, is an action on the parent collection's
      // item, not an item of a collection named `start`
      const e = entry(segs.slice(0, -2));
      e.item ??= `/${[...segs.slice(0, -2), last].join('/')}`;
      e.idParam ??= paramName(last);
      ambiguities.push(`${key}: a verb (${verbBefore}) before the id of ${e.item}: read as an action on that item`);
      push('action', e, { action: verbBefore });
      continue;
    }
    if (isParam(last)) {
      // GET /v1/{name} of a trigger (AIP-122): the item of the collection its operationId names
      const e = entry(target ?? segs.slice(0, -1));
      if (target) e.nameSegment = target.at(-1);
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
    // a collection of items named by their whole name (`POST /v1/{parent}/triggers`, its operationId's stem ending in `triggers`)
    const id = op.operationId ?? '';
    const namedHere = DOTTED_ID.test(id) && named.get(id.slice(0, id.lastIndexOf('.')));
    const isCollection =
      collectionPaths.has(keyOf(segs)) || (namedHere !== undefined && namedHere !== false && keyOf(namedHere) === keyOf(segs));
    // a singleton: a GET and a PUT or PATCH at a literal path, no POST there, no items below it and
    // no list answered (enode's /vehicles/{id}/smart-charging-policy, a /settings): one item of its
    // own per parent, read and written in place
    const here = methodsAt.get(keyOf(segs));
    // a GET alone (a DELETE beside it at most) at a literal path, answering one object of named
    // fields and no list (`GET /me`, `GET /account`), no items below it: one item in place, read,
    // not a list of a collection
    const alone =
      method !== 'POST' &&
      here?.has('GET') &&
      !here.has('PUT') &&
      !here.has('PATCH') &&
      operations.some((o) => o.method.toUpperCase() === 'GET' && keyOf(resourceSegmentsOf(o.path)) === keyOf(segs) && o.answersOne);
    if (
      !own &&
      alone &&
      last !== undefined &&
      !isParam(last) &&
      !CUSTOM.test(last) &&
      !here?.has('POST') &&
      !itemsBelow.has(keyOf(segs)) &&
      !listsAt.has(keyOf(segs)) &&
      ![...plurals.values()].some((p) => keyOf(p) === keyOf(segs)) &&
      (method === 'GET' || method === 'DELETE')
    ) {
      const e = entry(segs);
      e.singleton = true;
      push(method === 'GET' ? 'read' : 'delete', e);
      continue;
    }
    if (
      !own &&
      last !== undefined &&
      !isParam(last) &&
      !CUSTOM.test(last) &&
      here?.has('GET') &&
      (here.has('PUT') || here.has('PATCH')) &&
      !here.has('POST') &&
      !itemsBelow.has(keyOf(segs)) &&
      !listsAt.has(keyOf(segs)) &&
      ['GET', 'PUT', 'PATCH', 'DELETE'].includes(method)
    ) {
      const e = entry(segs);
      e.singleton = true;
      push(method === 'GET' ? 'read' : method === 'PUT' ? 'replace' : method === 'PATCH' ? 'update' : 'delete', e);
      continue;
    }
    const collectionMethod = /^([^{}:]+):([A-Za-z][\w-]*)$/.exec(last);
    if (
      prev !== undefined &&
      isParam(prev) &&
      !own &&
      collectionMethod &&
      collectionPaths.has(keyOf([...segs.slice(0, -1), collectionMethod[1] ?? '']))
    ) {
      // POST /v1/{parent}/clusters:restore (AIP-136, a custom method on the collection `clusters`):
      // a call on that collection, not an action on an item named {parent}; answered from its schema
      ambiguities.push(
        `${key}: a custom method (${collectionMethod[2]}) on the collection ${collectionMethod[1]}; answered from its schema`,
      );
      push('read', null);
      continue;
    }
    if (prev !== undefined && isParam(prev) && !isCollection && method === 'POST') {
      // POST /orders/{id}/cancel: an action on the item, unless something lists or addresses items below it
      const e = entry(segs.slice(0, -2));
      e.item ??= `/${segs.slice(0, -1).join('/')}`;
      e.idParam ??= paramName(prev);
      push('action', e, { action: last });
      continue;
    }
    if (prev !== undefined && isParam(prev) && !isCollection && !own && (method === 'PUT' || method === 'PATCH')) {
      // PATCH /subscriptions/{id}/cancel, PUT /conversations/{id}/close: an action on the item, as a
      // POST there is (nothing lists that path: it is no collection of its own)
      const e = entry(segs.slice(0, -2));
      e.item ??= `/${segs.slice(0, -1).join('/')}`;
      e.idParam ??= paramName(prev);
      ambiguities.push(`${key}: ${method} below an item, on a path nothing lists: read as an action on the item`);
      push('action', e, { action: last });
      continue;
    }
    if (prev !== undefined && isParam(prev) && !isCollection && method === 'GET') {
      // GET /orders/{id}/summary: a singleton sub-resource; read, unless declared
      if (!own) ambiguities.push(`${key}: GET below an item with no items of its own, read as a list`);
    }
    if (
      method === 'POST' &&
      !own &&
      !isCollection &&
      prev !== undefined &&
      !isParam(prev) &&
      CREATE_SEGMENT.test(last) &&
      collectionPaths.has(keyOf(segs.slice(0, -1)))
    ) {
      // POST /containers/create beside /containers/{id} (Docker's engine API and its clones),
      // POST /users/new: the collection's create, named in its path
      ambiguities.push(
        `${key}: POST named like a create (${last}) below the collection /${segs.slice(0, -1).join('/')}: read as its create`,
      );
      push('create', entry(segs.slice(0, -1)));
      continue;
    }
    if (method === 'POST' && !isCollection && isCall(last)) {
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
    if (method === 'POST' && !own && READ_ID.test(op.operationId ?? '') && itemsBelow.has(keyOf(segs))) {
      // POST /calls named GetCallToken beside /calls/{call_id}: it gets something (a token), it
      // does not create an item of the collection (one with no items below it reads as before)
      ambiguities.push(`${key}: POST named like a read (${op.operationId}), not a create; answered from its schema`);
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

  // Google's merged `GET`/`DELETE <prefix>/{name}` (alloydb's one `GET /v1/{name}`, its operationId
  // `...operations.get`, reads clusters, instances, backups, users): a collection named by its
  // whole resource name (its operationIds' stem ends in its last segment), that has a create and
  // no read (or no delete) of its own, answers that operation too, where the name is `<parent>/clusters/<id>`;
  // only operations that take no body (a merged PATCH's body is one resource's)
  for (const segs of named.values()) {
    const e = byCollection.get(keyOf(segs));
    if (!e || e.singleton || !e.ops.some((o) => o.kind === 'create')) continue;
    const prefix = keyOf(segs.slice(0, -2));
    for (const op of operations) {
      const method = op.method.toUpperCase();
      const kind = method === 'GET' ? 'read' : method === 'DELETE' ? 'delete' : undefined;
      const opSegs = resourceSegmentsOf(op.path);
      const last = opSegs.at(-1) ?? '';
      if (!kind || !isParam(last) || keyOf(opSegs.slice(0, -1)) !== prefix || e.ops.some((o) => o.kind === kind)) continue;
      if (op.bodyRequired && op.bodyRequired.length > 0) continue;
      const key = `${method} ${op.path}`;
      if (Object.hasOwn(declared, key) || e.ops.some((o) => o.key === key)) continue;
      e.ops.push({ key, method, path: op.path, kind, shared: true });
      e.item ??= `/${opSegs.join('/')}`;
      e.idParam ??= paramName(last);
      e.nameSegment ??= segs.at(-1);
    }
  }

  // a create elsewhere (ably's `POST /accounts/{account_id}/apps`, the apps then addressed at
  // `/apps/{id}`): a collection with no item path whose create answers the same representation (the
  // same fields) as the item operations of a collection of the same name that nothing creates or
  // lists is that collection's create (and its list, the list); one such pair only
  const kindsOf = (e: { ops: InferredOperation[] }) => new Set(e.ops.map((o) => o.kind));
  const lastLiteral = (segments: readonly string[]) => [...segments].reverse().find((s) => !isParam(s));
  for (const [itemKey, target] of byCollection) {
    const has = kindsOf(target);
    if (!target.item || target.nameSegment !== undefined || target.singleton || has.has('create') || has.has('list')) continue;
    const shown = new Set(target.answers.filter((a) => ['read', 'update', 'replace'].includes(a.kind)).map((a) => a.fields));
    const name = lastLiteral(target.segments);
    const found = [...byCollection].filter(([key, e]) => {
      if (key === itemKey || e.item || e.nameSegment !== undefined || e.singleton || !kindsOf(e).has('create')) return false;
      const other = lastLiteral(e.segments);
      if (name === undefined || other === undefined || singular(other) !== singular(name)) return false;
      return e.answers.some((a) => a.kind === 'create' && shown.has(a.fields));
    });
    const [only] = found;
    if (found.length !== 1 || !only) continue;
    const [elsewhereKey, elsewhere] = only;
    if (elsewhere.ops.some((o) => !['create', 'list'].includes(o.kind))) continue;
    target.ops.push(...elsewhere.ops);
    for (const set of ['fields', 'own', 'sent', 'nested'] as const) for (const f of elsewhere[set]) target[set].add(f);
    target.shown.create.push(...elsewhere.shown.create);
    target.answers.push(...elsewhere.answers);
    byCollection.delete(elsewhereKey);
    ambiguities.push(
      `${elsewhere.ops.map((o) => o.key).join(', ')}: made${kindsOf(elsewhere).has('list') ? ' and listed' : ''} at /${elsewhere.segments.join('/')}, addressed at ${target.item} (one representation): one collection, whatever its parameters`,
    );
  }

  // names and parents
  const keys = [...byCollection.keys()];
  const resources: Resource[] = [];
  const nameOf = new Map<string, string>();
  for (const key of keys.sort((a, b) => a.length - b.length)) {
    const e = byCollection.get(key);
    if (!e || e.ops.length === 0) continue;
    const literal = ([...e.segments].reverse().find((s) => !isParam(s)) ?? 'items').replace(FORMAT_SUFFIX, '');
    const parentParams = e.segments.filter(isParam).map(paramName);
    // the nearest enclosing collection whose item path is a prefix of this one
    let parent: string | null = null;
    // (an item named by its whole name has none: its parent's name is part of its own, and the API's)
    for (let i = e.nameSegment === undefined ? e.segments.length - 1 : 0; i > 0; i--) {
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
    // a name an earlier collection took (superset's /chart/_info and /report/_info, opto22's
    // /vars/floats and /tables/floats): the path's literals before it say which (report/_info)
    const literals = e.segments.filter((s) => !isParam(s)).map((s) => s.replace(FORMAT_SUFFIX, ''));
    for (let n = 2; n <= literals.length && resources.some((r) => r.name === name); n++) {
      const qualified = literals.slice(-n).join('/');
      name = parent ? `${parent}.${qualified}` : qualified;
    }
    while (resources.some((r) => r.name === name)) name = `${name}_`;
    nameOf.set(key, name);
    const fields = [...e.fields];
    // an item named by its whole resource name holds it in `name` (AIP-122)
    let idField = Object.hasOwn(idFields, name)
      ? idFields[name]
      : e.nameSegment !== undefined && fields.includes('name')
        ? 'name'
        : // a field the create's body requires, named as the item parameter (gitlab's `tag_name` of
          // /tags/{tag_name}): the client names the item, whatever field its answers show it in
          e.item && e.idParam && e.sent.has(e.idParam) && fields.includes(e.idParam)
          ? e.idParam
          : // the item's own representation (its read's and create's answers) first: an action's answer
            // or a delete's acknowledgement may name another id (cognitiveservices' POST
            // /projects/{projectId}/train answers an iteration's `projectId`; the project is `id`)
            ((e.item ? idFieldFor(e.idParam, literal, [...e.own]) : undefined) ??
            // a union by property (mediaconnect's bridge output `{ FlowOutput?: { Name }, NetworkOutput?:
            // { Name } }` at /bridges/{bridgeArn}/outputs/{outputName}): where every field of the item's
            // own representation is an object holding one same field that ends the parameter's name at
            // a word's start (`Name` of {outputName}), and no field one object down is named like the
            // parameter, the first member's (`FlowOutput.Name`), over a delete's acknowledgement's `OutputName`
            (e.item && e.idParam && deepNamed(e.idParam, e.nested).length === 0
              ? unionMember(e.idParam, [...e.own], [...e.nested])
              : undefined) ??
            idFieldFor(e.idParam, literal, fields));
    // else the id two objects deep (networkmanager's `{ VpcAttachment: { Attachment: { AttachmentId } } }`
    // read at /vpc-attachments/{attachmentId}): the one field one object down named like the id parameter
    const deep = e.idParam ? deepNamed(e.idParam, e.nested) : [];
    if (!idField && deep.length === 1) idField = deep[0];
    // else a task or job handle whose item path reads that task (`POST /exports` answering
    // `{ task_id }`, `GET /exports/{id}` the task's status with its `task_id`): where the item
    // parameter is a bare `{id}` (it names no field), the one id-like field every read and every
    // create shows is the item's id; a read that documents no body shows nothing to compare (avaza's
    // reads document only 401 and 404: its create's one id-like field, `TransactionID`)
    const showing = [...e.shown.read, ...e.shown.create].filter((f) => f.size > 0);
    if (!idField && e.item && BARE_ID.test(e.idParam ?? '') && e.shown.read.length && e.shown.create.some((f) => f.size > 0)) {
      const all = showing;
      const shared = [...(all[0] ?? [])].filter((f) => ID_LIKE.test(f) && all.every((s) => s.has(f)));
      if (shared.length === 1) idField = shared[0];
    }
    if (!idField) {
      idField = e.idParam ?? 'id';
      if (e.item) ambiguities.push(`${name}: no id field found in its representation; the id is stored as "${idField}"`);
    }
    const kinds = e.ops.map((o) => o.kind);
    // a resource manager's item (ARM: `PUT .../providers/X/things/{thingName}`, create-or-update,
    // its representation's read-only `name` and `id`, or `id` and a read-only `type`): the client names it in the path, the
    // representation shows that name in `name` and the whole request path in `id`; unless the
    // testing entry declares the id field
    const managed =
      !Object.hasOwn(idFields, name) &&
      e.nameSegment === undefined &&
      !e.singleton &&
      e.item !== null &&
      /[a-z0-9]Name$/.test(e.idParam ?? '') &&
      e.item.endsWith(`/{${e.idParam}}`) &&
      e.upserts &&
      !kinds.includes('create') &&
      e.readOnly.has('name') &&
      // a read-only `id`, or (network specs' Resource base, whose `id` is writable) an `id` beside a read-only `type`
      (e.readOnly.has('id') || (e.own.has('id') && e.readOnly.has('type')));
    if (managed) idField = 'name';
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
      ...(e.nameSegment !== undefined ? { nameSegment: e.nameSegment } : {}),
      ...(e.singleton ? { singleton: true as const } : {}),
      ...(managed ? { pathField: 'id' } : {}),
    });
  }
  return { resources, other, ambiguities };
}
