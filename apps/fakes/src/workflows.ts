// Generated CRUD workflows: for each top-level resource the inference finds in a spec, the walk
// create -> read back equals what was sent -> update -> read shows the change -> list contains
// it -> delete -> read gives the documented not-found, with the steps the resource lacks left
// out and named. `runWorkflow` drives one through any `Send` (the provider's own client in the
// scenarios task, a plain fetch in the fixture test) and checks every answer as the scenarios
// do: no Prism violation, a documented status, a body valid against its schema (2020-12). Kept
// as code, not Arazzo: see docs/decisions-and-lessons.md ("Generated workflows").
import { isDeepStrictEqual } from 'node:util';
import { parsePointer } from '@capi/scripts/lib/spec/json-pointer.ts';
import type { Operation, SpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import {
  besideEnvelope,
  generate,
  idQueryOf,
  isAuthOrLimitStatus,
  isLongRunning,
  pageParams,
  type Resource,
  readAsScalar,
  singular,
} from '@capi/core/fake';

export type StepName = 'create' | 'read' | 'update' | 'read-updated' | 'list' | 'delete' | 'read-deleted';

export interface Workflow {
  resource: string;
  idField: string;
  /** The path parameter that names an item (the others of a path are its parents', filled once per run). */
  idParam?: string | null;
  /** For a nested resource: its parents, outermost first, each created (by its own create) before it. */
  parents?: {
    resource: string;
    idField: string;
    idParam: string | null;
    /** Where its id is among the path parameters (after its own parents'): paths may name it differently. */
    position: number;
    operation: string;
    /** Its list, where its create answers no body: the new item is the one member the list gains. */
    list?: string;
    /** Its list, where its create answers no usable id: the new item is the one listed whose fields equal what the create sent. */
    matched?: string;
  }[];
  /** The parents nothing creates (gmail's users), outermost first: the fake takes any id of them to exist, the workflow names one. */
  given?: string[];
  /** Its create answers no body and nothing else names the new item: the one member the list gains names it (crucible's reviews). */
  listed?: boolean;
  /**
   * Its create answers no usable id (no id-like field, a free-form `result`, no body, no Location):
   * this list operation, whose items name the id, names it: the one item whose fields equal what
   * the create sent.
   */
  matched?: string;
  /** For an item named by its whole resource name (AIP-122), the create's query parameter that names it (`triggerId`): the id is `<parent>/<collection>/<value>`. */
  idQuery?: string;
  /**
   * A reduced workflow, where nothing names the new item (its create answers no id and the list
   * cannot find it: edrv's free-form `result`): this list operation, whose answer lists items,
   * must hold exactly one item more after the create than before it. Nothing is read back,
   * updated or deleted; `reduced` says why.
   */
  counted?: string;
  /** Why the workflow is reduced to a create and a count of its list (shown by `npm run fake -- <p> --help`). */
  reduced?: string;
  /** A resource manager's item (ARM): the field the server writes the item's request path in (`id`), not compared with what was sent. */
  pathField?: string;
  /** The steps it runs, in order, each with its operation. */
  steps: { step: StepName; operation: string }[];
  /** The steps it leaves out, each with why. */
  skipped: { step: StepName; reason: string }[];
}

export interface Sent {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  header?: Record<string, unknown>;
  body?: unknown;
}

export interface Received {
  status: number;
  /** The parsed body (success or error). */
  body: unknown;
  /** Prism's `sl-violations` header, if any. */
  violations?: string | null;
  /** The `Location` header, if any (a create that answers no id names the new item there). */
  location?: string | null;
}

/** Sends one operation (the provider's client, or any HTTP client) and gives back what came. */
export type Send = (operation: Operation, sent: Sent) => Promise<Received>;

/** What a provider's rules write in their own way (`set`) or keep out of answers (`hidden`): not compared. */
export interface WorkflowOptions {
  ignore?: Readonly<Record<string, readonly string[]>>;
  seed?: string;
}

type Rec = Record<string, unknown>;
const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The steps that name the created item in their path. */
const ITEM_STEPS: readonly StepName[] = ['read', 'update', 'read-updated', 'delete', 'read-deleted'];
/**
 * The query of a list's first page, by the parameters the fake reads as pagination
 * (`pageParams`): its page size at its maximum (at most 100), an offset at its minimum (0), a page
 * number at its minimum (1). Without them a required `offset` was generated anywhere in its range
 * and skipped past the items (postmark's `count` and `offset`).
 */
function firstPage(model: SpecModel, op: Operation): Rec {
  const query: Rec = {};
  const paging = pageParams(op);
  const schemaOf = (name: string) => model.resolve(op.parameters.find((p) => p.in === 'query' && p.name === name)?.schema);
  if (paging.limit !== undefined) {
    const max = schemaOf(paging.limit)?.maximum;
    query[paging.limit] = typeof max === 'number' ? Math.min(max, 100) : 100;
  }
  for (const [name, first] of [
    [paging.offset, 0],
    [paging.page, 1],
  ] as const) {
    if (name === undefined) continue;
    const min = schemaOf(name)?.minimum;
    query[name] = typeof min === 'number' ? min : first;
  }
  return query;
}

/** What the generator reads of a spec (the spec model has it): an operation by its key, and `$ref`s resolved. */
export interface WorkflowSpec {
  operation(key: string): Pick<Operation, 'responses' | 'requestBody' | 'operationId' | 'parameters'> | undefined;
  resolve(node: unknown): Rec | undefined;
  at(pointer: string): unknown;
}

/** Whether a schema names `field` at its top or below (object properties, array items, allOf/oneOf/anyOf), at most `depth` levels down. */
function names(spec: WorkflowSpec, node: unknown, field: string, depth = 3, seen = new Set<unknown>()): boolean {
  const s = spec.resolve(node);
  if (!s || depth < 0 || seen.has(s)) return false;
  seen.add(s);
  const props = isObject(s.properties) ? s.properties : {};
  if (Object.hasOwn(props, field)) return true;
  const parts = [s.allOf, s.oneOf, s.anyOf].filter(Array.isArray).flat();
  if (parts.some((p) => names(spec, p, field, depth, seen))) return true;
  if (s.items !== undefined && names(spec, s.items, field, depth - 1, seen)) return true;
  if (isObject(s.additionalProperties) && names(spec, s.additionalProperties, field, depth - 1, seen)) return true;
  return Object.values(props).some((p) => names(spec, p, field, depth - 1, seen));
}

/** Whether a schema names a field outside any array (at its top, in allOf parts or objects below it): the id of one item, not of a list's members. */
function namesOutsideArrays(spec: WorkflowSpec, node: unknown, field: string, depth = 3, seen = new Set<unknown>()): boolean {
  const s = spec.resolve(node);
  if (!s || depth < 0 || seen.has(s) || s.items !== undefined) return false;
  seen.add(s);
  const props = isObject(s.properties) ? s.properties : {};
  if (Object.hasOwn(props, field)) return true;
  const parts = [s.allOf, s.oneOf, s.anyOf].filter(Array.isArray).flat();
  if (parts.some((p) => namesOutsideArrays(spec, p, field, depth, seen))) return true;
  return Object.values(props).some((p) => namesOutsideArrays(spec, p, field, depth - 1, seen));
}

/** The item a long-running operation answered done holds (AIP-151: `{ name, done: true, response: {...} }`), if the answer is one. */
function doneResponse(answer: unknown): Rec | undefined {
  return isObject(answer) && answer.done === true && typeof answer.name === 'string' && isObject(answer.response)
    ? (answer.response as Rec)
    : undefined;
}

/** A job or task handle's field (`jobId`, `job_id`, `taskId`, `task_id`): an asynchronous job, not the item. */
const JOB_FIELD = /^(job|task)(_?id|Id|ID)$/i;

/** The dotted paths of the fields a schema names (object properties, array items and allOf parts looked through), at most `depth` objects down. */
function fieldPaths(spec: WorkflowSpec, node: unknown, depth = 3, prefix = '', seen = new Set<unknown>()): string[] {
  const s = spec.resolve(node);
  if (!s || depth < 0 || seen.has(s)) return [];
  seen.add(s);
  if (s.items !== undefined) return fieldPaths(spec, s.items, depth, prefix, seen);
  const out: string[] = [];
  for (const part of Array.isArray(s.allOf) ? s.allOf : []) out.push(...fieldPaths(spec, part, depth, prefix, seen));
  for (const [k, v] of Object.entries(isObject(s.properties) ? s.properties : {})) {
    out.push(`${prefix}${k}`);
    if (depth > 0) out.push(...fieldPaths(spec, v, depth - 1, `${prefix}${k}.`, seen));
  }
  return out;
}

/** The members of an object answer that hold a free-form object (or an array of them): no properties, no union, other fields allowed. */
function freeMembers(spec: WorkflowSpec, node: unknown): string[] {
  const s = spec.resolve(node);
  const free = (n: unknown): boolean => {
    const x = spec.resolve(n);
    if (!x) return false;
    if (x.items !== undefined || x.type === 'array') return x.items !== undefined && free(x.items);
    return (
      (x.type === 'object' || x.type === undefined) &&
      !x.properties &&
      !x.allOf &&
      !x.oneOf &&
      !x.anyOf &&
      !x.enum &&
      !isObject(x.additionalProperties) &&
      x.additionalProperties !== false
    );
  };
  return Object.entries(isObject(s?.properties) ? s.properties : {})
    .filter(([, v]) => free(v))
    .map(([k]) => k);
}

/** The schema of an operation's first 2xx JSON answer. */
function successSchema(spec: WorkflowSpec, key: string): unknown {
  const r = spec.operation(key)?.responses.find((x) => /^2/.test(x.status) && x.schemaPointer);
  return r?.schemaPointer ? spec.at(r.schemaPointer) : undefined;
}

/** Whether an operation documents a success (2xx) answer at all (avaza's reads document only 401 and 404); an unknown one is taken to. */
function documentsSuccess(spec: WorkflowSpec, key: string): boolean {
  const op = spec.operation(key);
  return !op || op.responses.some((r) => /^2/.test(r.status));
}

/**
 * Whether a list answer's items are all named fields: a schema names some property (its parts',
 * items' and fields' to three levels included) and holds no map of items (whose keys a list step
 * reads as ids), no free-form object (which may hold any field) and no list of scalars (ids).
 */
function namesFieldsOnly(spec: WorkflowSpec, node: unknown): boolean {
  let named = false;
  let open = false;
  const walk = (n: unknown, depth: number) => {
    const s = spec.resolve(n);
    if (!s || depth < 0 || open) return;
    const props = isObject(s.properties) ? s.properties : {};
    const parts = [s.allOf, s.oneOf, s.anyOf].filter(Array.isArray).flat();
    if (Object.keys(props).length) named = true;
    // a free-form object may hold any field; a list of scalars is a list of ids (guardduty's DetectorIds)
    else if (!parts.length && s.items === undefined) open = true;
    if (isObject(s.additionalProperties)) open = true;
    for (const p of parts) walk(p, depth - 1);
    if (s.items !== undefined) walk(s.items, depth - 1);
    for (const p of Object.values(props)) if (spec.resolve(p)?.type === 'array' || spec.resolve(p)?.items !== undefined) walk(p, depth - 1);
  };
  walk(node, 3);
  return named && !open;
}

/** Whether an operation's success answers document a `Location` header. */
function locates(spec: WorkflowSpec, key: string): boolean {
  return (spec.operation(key)?.responses ?? []).some((r) => {
    if (!/^2/.test(r.status)) return false;
    const headers = spec.resolve(spec.at(r.pointer))?.headers;
    return isObject(headers) && Object.keys(headers).some((h) => h.toLowerCase() === 'location');
  });
}

/**
 * The schema of one item of a list answer: the answer's items, else those of its array field whose
 * items name `idField` (or `id`), else of its first array field (allOf parts looked through).
 */
function listItemSchema(spec: WorkflowSpec, node: unknown, idField: string): unknown {
  const s = spec.resolve(node);
  if (!s) return undefined;
  if (s.items !== undefined) return s.items;
  const idName = idField.split('.').at(-1) ?? idField;
  const arrays = Object.values(propertiesOf(spec, s))
    .map((v) => spec.resolve(v)?.items)
    .filter((v) => v !== undefined);
  const named = (v: unknown) => {
    const props = propertiesOf(spec, v);
    return Object.hasOwn(props, idName) || Object.hasOwn(props, 'id');
  };
  return arrays.find(named) ?? arrays[0];
}

/** Whether a list answer has items to find the created one among: an array, an array field, or a map of objects by key. */
function listsItems(spec: WorkflowSpec, key: string): boolean {
  const s = spec.resolve(successSchema(spec, key));
  if (!s) {
    // a success documented with no body at all (getpostman's `GET /apis`: `200: { description: '' }`):
    // no answer to find the created item in; a body without a schema: nothing to judge by
    const successes = spec.operation(key)?.responses.filter((r) => /^2/.test(r.status)) ?? [];
    return !successes.length || successes.some((r) => r.media.length > 0);
  }
  const arrayish = (n: unknown, depth: number): boolean => {
    const x = spec.resolve(n);
    if (!x || depth < 0) return false;
    if (x.type === 'array' || x.items !== undefined) return true;
    if (isObject(x.additionalProperties) && !x.properties) return true;
    const parts = [x.allOf, x.oneOf, x.anyOf].filter(Array.isArray).flat();
    if (parts.some((p) => arrayish(p, depth))) return true;
    return Object.values(isObject(x.properties) ? x.properties : {}).some((p) => arrayish(p, depth - 1));
  };
  return arrayish(s, 2);
}

/**
 * The workflows of every resource that has a create (the others: one line each in
 * `notGenerated`, saying why). A nested resource's workflow creates its parents first (each
 * with its own create), and names their items in its paths. With `spec`, a step that cannot
 * work whatever the fake does is left out too, with its reason: a workflow whose create answer
 * carries no id field while its body does not choose one (nothing names the new item), a list
 * step whose answer has no items.
 */
export function generateWorkflows(
  resources: readonly Resource[],
  spec?: WorkflowSpec,
): {
  workflows: Workflow[];
  notGenerated: { resource: string; reason: string }[];
} {
  const workflows: Workflow[] = [];
  const notGenerated: { resource: string; reason: string }[] = [];
  const byName = new Map(resources.map((r) => [r.name, r]));
  const opOf = (r: Resource, kind: string) => r.operations.find((o) => o.kind === kind)?.key;
  /** The create, else a PUT on the item (Azure's and Google's create-or-update: the client names the item in the path). */
  const createOf = (r: Resource) => {
    const create = opOf(r, 'create');
    if (create) return create;
    // the PUT must name the item as the read does (xero's PUT .../Attachments/{FileName} and
    // GET .../Attachments/{AttachmentID} are one collection, two ids)
    const lastParam = (path: string) => [...path.matchAll(/\{([^}]+)\}/g)].at(-1)?.[1];
    const read = r.operations.find((o) => o.kind === 'read');
    return r.operations.find(
      (o) => o.upserts && (o.kind === 'replace' || o.kind === 'update') && (!read || lastParam(o.path) === lastParam(read.path)),
    )?.key;
  };
  /** Whether no operation of a resource creates its items (no create, no create-or-update PUT): the engine takes every id of it to exist. */
  const nothingCreates = (r: Resource) =>
    !r.operations.some((o) => o.kind === 'create' || ((o.kind === 'replace' || o.kind === 'update') && o.upserts));
  /** The resources whose new item is the one their list shows with the fields the create sent: their list operation. */
  const matchedLists = new Map<string, string>();
  /** Why the item a create makes cannot be made or named afterwards, if so (a create named by its list's match is noted in `matchedLists`). */
  /** Why a create cannot be sent as a generated workflow sends it, if so. */
  const unsendable = (create: string): string | undefined => {
    const op = spec?.operation(create);
    if (!spec || !op) return undefined;
    // a form that requires an array: Prism, in front of the fake, reads none from a form (gitlab's commit `actions`)
    const media = op.requestBody?.preferred;
    const body = spec.resolve(media?.schema);
    const arrays = (Array.isArray(body?.required) ? body.required : []).filter(
      (k: unknown) => typeof k === 'string' && spec.resolve(isObject(body?.properties) ? body.properties[k] : undefined)?.type === 'array',
    );
    if (media?.kind === 'form' && arrays.length)
      return `the create (${create}) takes a form body that requires an array (${arrays.join(', ')}): Prism, in front of the fake, reads none from a form`;
    // a required upload (xero's PUT .../Attachments/{FileName} of application/octet-stream bytes)
    if (op.requestBody?.required && media && !media.json && media.kind !== 'form' && media.kind !== 'multipart')
      return `the create (${create}) requires a body of ${media.type}, which a generated workflow does not make (it sends JSON, a form or a multipart form)`;
    return undefined;
  };
  /**
   * The list that counts a create's new item where nothing names it (a reduced workflow): the
   * create can be sent and answers no job or task handle (whose item may come later), and the
   * resource's list documents an answer that lists items; else undefined.
   */
  const countedBy = (r: Resource, create: string): string | undefined => {
    const list = opOf(r, 'list');
    if (!spec || !list || unsendable(create) || successSchema(spec, list) === undefined || !listsItems(spec, list)) return undefined;
    const answer = successSchema(spec, create);
    const job = answer !== undefined && fieldPaths(spec, answer).some((f) => JOB_FIELD.test(f.split('.').at(-1) ?? ''));
    return job ? undefined : list;
  };
  const unnamed = (r: Resource, create: string): string | undefined => {
    if (!spec) return undefined;
    const op = spec.operation(create);
    const unsent = unsendable(create);
    if (unsent) return unsent;
    // a create on the item path itself (a PUT, or a POST answering 201): the path the client
    // chose names the new item, whatever the answer shows
    if (r.item && create.slice(create.indexOf(' ') + 1) === r.item) return undefined;
    const answer = successSchema(spec, create);
    // an item named by its whole resource name (AIP-122): its create's `triggerId` names it (AIP-133),
    // else its answer; a long-running operation's `name` is the operation's, not the item's
    if (r.nameSegment !== undefined && op) {
      if (idQueryOf(op, r)) return undefined;
      // a long-running operation (AIP-151) names the new item in its `response` once done, as the
      // fake answers it: read from there (a create that takes a `triggerId` is named by it, above)
      if (isLongRunning(spec.resolve(answer))) return undefined;
    }
    // (an id two objects deep, `Attachment.AttachmentId`: its last name, which `names` finds below)
    const last = r.idField.includes('.') ? r.idField.split('.').at(-1) : undefined;
    // an asynchronous job (`{ data: { jobId, messages: [...] } }`): the id field only in a list's
    // members, beside a job handle: which member (if any yet) is the new item is not told
    const job =
      answer !== undefined && names(spec, answer, r.idField) && !namesOutsideArrays(spec, answer, r.idField)
        ? fieldPaths(spec, answer, 1).find((f) => JOB_FIELD.test(f.split('.').at(-1) ?? ''))
        : undefined;
    if (job && !names(spec, op?.requestBody?.preferred?.schema, r.idField, 0))
      return `the create (${create}) answers a job (\`${job}\`), not the item: ${r.idField} only in the members of a list it holds, none of them told to be the new item`;
    if (answer !== undefined && (names(spec, answer, r.idField) || (last && names(spec, answer, last)))) return undefined;
    // an object answer that names no field at all: the fake answers the record, id included
    const open = spec.resolve(answer);
    if (open && !open.properties && !open.allOf && !open.oneOf && !open.anyOf && !open.items && open.additionalProperties !== false)
      return undefined;
    if (names(spec, op?.requestBody?.preferred?.schema, r.idField, 0)) return undefined; // the client chooses the id
    if (locates(spec, create)) return undefined; // its documented Location header names the new item
    if (foundByList(r, create)) return undefined; // the one member its list gains
    const match = matchedByList(r, create);
    if (match && 'list' in match) {
      matchedLists.set(r.name, match.list); // the one listed item that shows what it sent
      return undefined;
    }
    const list = opOf(r, 'list');
    if (match) return match.why;
    if (answer === undefined && list)
      return `the create (${create}) answers no body and its list (${list}) documents no items to find the new one among: nothing names the new item`;
    if (answer !== undefined) {
      // an envelope whose member holding the item names no field (`{ ok, message, result: { type: object } }`):
      // where nothing documents the item's fields, its id field would be a guess
      const free = freeMembers(spec, answer);
      if (free.length)
        return `the create (${create}) answers the item in ${free.map((f) => `\`${f}\``).join(', ')}, which names no field, so it documents no ${r.idField}: the id field would be a guess (declare the resource's idField in the testing entry)`;
      // a union by property (`{ FlowOutput?: { Name }, NetworkOutput?: { Name } }`): the field that
      // ends the item parameter's name in more than one member, which of them names the item not told
      const ends = (f: string) =>
        r.idParam !== null && f.length < r.idParam.length && r.idParam.toLowerCase().endsWith(f.toLowerCase()) && /^[A-Z]/.test(f);
      const several = fieldPaths(spec, answer).filter((path) => ends(path.split('.').at(-1) ?? ''));
      if (several.length > 1)
        return `the create (${create}) answers ${several.join(' and ')}: which member names the item is not told, and no field is named ${r.idField} (declare the resource's idField in the testing entry)`;
      // else what it answers instead (a job or task handle: aiception's `{ answer, image_url, this_url }`)
      const shown = fieldPaths(spec, answer, 1);
      const listed = shown.length > 8 ? `${shown.slice(0, 8).join(', ')}, ...` : shown.join(', ');
      return `the create (${create}) answers no ${r.idField} (${shown.length ? `it shows ${listed}` : 'it names no field'}) and its body does not choose one: nothing names the new item (declare the resource's idField in the testing entry)`;
    }
    return `the create (${create}) answers no body and its body does not choose one: nothing names the new item (declare the resource's idField in the testing entry)`;
  };
  /**
   * Whether the item a create makes is found by listing before and after it: the create answers no
   * body at all (no job or task handle: a body that names no id stays declined), and a list of the
   * resource answers its items.
   */
  function foundByList(r: Resource, create: string): boolean {
    const list = opOf(r, 'list');
    // (a list that documents no body has nothing to look in: crucible's reviews)
    if (!spec || !list || successSchema(spec, create) !== undefined || successSchema(spec, list) === undefined || !listsItems(spec, list))
      return false;
    const op = spec.operation(create);
    return !(op && r.idField && names(spec, op.requestBody?.preferred?.schema, r.idField, 0));
  }
  /**
   * Whether the item a create makes, which its answer does not name (no id-like field, a
   * free-form member, no body, no Location), is found in its list as the one item whose fields
   * equal what the create sent: the list's items name the id field (or `id`) and some field the
   * create's body sends. `{ list }` when so; `{ why }` when the list is there but cannot find it;
   * undefined when there is no list to look in.
   */
  function matchedByList(r: Resource, create: string): { list: string } | { why: string } | undefined {
    const list = opOf(r, 'list');
    if (!spec || !list) return undefined;
    const answer = successSchema(spec, list);
    const item = answer === undefined ? undefined : listItemSchema(spec, answer, r.idField);
    const idName = r.idField.split('.').at(-1) ?? r.idField;
    const fields = item ? propertiesOf(spec, item) : {};
    if (!item || !(Object.hasOwn(fields, idName) || Object.hasOwn(fields, 'id'))) return undefined;
    const sent = Object.keys(propertiesOf(spec, spec.operation(create)?.requestBody?.preferred?.schema));
    const common = sent.filter((k) => k !== idName && Object.hasOwn(fields, k) && spec.resolve(fields[k])?.readOnly !== true);
    if (!common.length)
      return {
        why: `the create (${create}) answers no ${r.idField}, and its list's (${list}) items show none of the fields it sends: nothing finds the new item among them`,
      };
    return { list };
  }
  for (const r of resources) {
    const op = (kind: string) => opOf(r, kind);
    const create = createOf(r);
    if (!create) {
      notGenerated.push({ resource: r.name, reason: 'no create operation (nothing to start a workflow from)' });
      continue;
    }
    if (!r.item) {
      // POST /multi-search, POST /keys with no /keys/{id}: nothing is addressed by an id, so
      // nothing can be read back, changed or deleted
      notGenerated.push({ resource: r.name, reason: 'no item path (only collection operations: nothing to read back by its id)' });
      continue;
    }
    // the parents, outermost first, each made by its own create before this resource's
    const parents: Workflow['parents'] = [];
    let why: string | undefined;
    const given: string[] = [];
    for (let p = r.parent ? byName.get(r.parent) : undefined; p; p = p.parent ? byName.get(p.parent) : undefined) {
      const pc = createOf(p);
      if (!pc && nothingCreates(p)) {
        // the API offers no way to make it (gmail's users; gitlab's boards, not even an item
        // path): the fake takes any id of it to exist, and the workflow names one, generated
        // from its parameter's schema
        given.unshift(p.name);
        continue;
      }
      if (!pc || !p.item) {
        why = `nested under ${p.name}, which has ${pc ? 'no item path' : 'no create operation'} (its item cannot be made first)`;
        break;
      }
      const parentWhy = unnamed(p, pc);
      if (parentWhy) {
        why = `nested under ${p.name}: ${parentWhy}`;
        break;
      }
      const parentList = foundByList(p, pc) ? opOf(p, 'list') : undefined;
      const parentMatch = matchedLists.get(p.name);
      parents.unshift({
        resource: p.name,
        idField: p.idField,
        idParam: p.idParam,
        position: p.parentParams.length,
        operation: pc,
        ...(parentList ? { list: parentList } : {}),
        ...(parentMatch ? { matched: parentMatch } : {}),
      });
    }
    const own = why === undefined ? unnamed(r, create) : undefined;
    why ??= own;
    // nothing names the new item, but its list counts it: a reduced workflow, create and count
    const counted = own !== undefined ? countedBy(r, create) : undefined;
    // what every workflow of this resource says of it, reduced or not
    const head = {
      resource: r.name,
      idField: r.idField,
      idParam: r.idParam,
      ...(parents.length ? { parents } : {}),
      ...(given.length ? { given } : {}),
    };
    if (why && counted) {
      const notNamed = `the new item is not named (${why})`;
      workflows.push({
        ...head,
        counted,
        reduced: `reduced to a create and a count of its list (${counted}), which must hold one item more after it: ${notNamed}`,
        steps: [
          { step: 'create', operation: create },
          { step: 'list', operation: counted },
        ],
        skipped: (['read', 'update', 'read-updated', 'delete', 'read-deleted'] as const).map((step) => ({ step, reason: notNamed })),
      });
      continue;
    }
    if (why) {
      notGenerated.push({ resource: r.name, reason: why });
      continue;
    }
    const steps: Workflow['steps'] = [{ step: 'create', operation: create }];
    const skipped: Workflow['skipped'] = [];
    const add = (step: StepName, key: string | undefined, missing: string) => {
      if (!key) skipped.push({ step, reason: missing });
      // a step that expects a success of an operation that documents none: the fake's answer
      // would break the spec (the not-found read after the delete expects its 4xx)
      else if (spec && step !== 'read-deleted' && !documentsSuccess(spec, key))
        skipped.push({ step, reason: `${key} documents no success (2xx) answer` });
      else steps.push({ step, operation: key });
    };
    const read = op('read');
    // the update step: another operation than the create where there is one; the create itself
    // only where it is a PUT (create-or-update), never a POST that refuses an existing id
    const other = (kind: string) => r.operations.find((o) => o.kind === kind && o.key !== create)?.key;
    const postCreatesAtItem = r.operations.some((o) => o.key === create && o.kind !== 'create' && o.method.toUpperCase() === 'POST');
    const change = other('update') ?? other('replace') ?? (postCreatesAtItem ? undefined : (op('update') ?? op('replace')));
    add('read', read, 'no read operation');
    add('update', change, 'no update or replace operation');
    if (change) add('read-updated', read, 'no read operation');
    else skipped.push({ step: 'read-updated', reason: 'no update or replace operation' });
    const list = op('list');
    const idName = r.idField.split('.').at(-1) ?? r.idField;
    const listAnswer = list && spec ? successSchema(spec, list) : undefined;
    if (list && spec && !listsItems(spec, list))
      skipped.push({
        step: 'list',
        reason: listAnswer
          ? `the list (${list}) answers no array or map of items to find the created one in`
          : `the list (${list}) documents no answer body to find the created one in`,
      });
    // items that name fields, neither the id field nor `id` (the summaries' own name for it; the
    // list step finds an item by either, or by its key in a map: avaza's webhooks, created as
    // `ID`, are listed with a `SubscriptionID`): nothing finds the created one among them
    else if (list && spec && namesFieldsOnly(spec, listAnswer) && !names(spec, listAnswer, idName) && !names(spec, listAnswer, 'id'))
      skipped.push({
        step: 'list',
        reason: `the list (${list}) answers items that do not name ${r.idField}: nothing finds the created one among them`,
      });
    else add('list', list, 'no list operation');
    const del = op('delete');
    add('delete', del, 'no delete operation');
    if (del) add('read-deleted', read, 'no read operation');
    else skipped.push({ step: 'read-deleted', reason: 'no delete operation' });
    workflows.push({
      ...head,
      ...(foundByList(r, create) ? { listed: true } : {}),
      ...(matchedLists.has(r.name) ? { matched: matchedLists.get(r.name) } : {}),
      ...(r.pathField !== undefined ? { pathField: r.pathField } : {}),
      ...(() => {
        const idQuery = r.nameSegment !== undefined ? spec?.operation(create) : undefined;
        const name = idQuery ? idQueryOf(idQuery, r) : undefined;
        return name ? { idQuery: name } : {};
      })(),
      steps,
      skipped,
    });
  }
  return { workflows, notGenerated };
}

/**
 * Whether an object holds a field: the field itself, else where it is a dotted path (an id two
 * objects deep: networkmanager's `Attachment.AttachmentId`) the value there; and that value.
 */
function fieldAt(x: Rec, field: string): unknown {
  if (Object.hasOwn(x, field) || !field.includes('.')) return x[field];
  let at: unknown = x;
  for (const key of field.split('.')) at = isObject(at) && Object.hasOwn(at, key) ? at[key] : undefined;
  return at;
}
const holds = (x: Rec, field: string) => Object.hasOwn(x, field) || (field.includes('.') && fieldAt(x, field) !== undefined);

/**
 * The representation inside a body: the object itself, the one under `data` when that holds the
 * id, or the one item of an array field; in an envelope whose id sits beside the item (`beside`,
 * Superset's `{ id, result }`), the item, with that id where it holds none.
 */
function itemIn(body: unknown, idField: string, resource?: string, beside?: { field: string; id: string }): Rec | undefined {
  // a bulk create's answer: the list of the one item created
  if (Array.isArray(body) && body.length === 1) return itemIn(body[0], idField, resource, beside);
  if (!isObject(body)) return undefined;
  const wrapped = beside ? body[beside.field] : undefined;
  if (beside && isObject(wrapped)) return { [idField]: body[beside.id], ...wrapped };
  if (holds(body, idField)) return body;
  // the field named like the resource first (`{ "message": {...}, "reaction": {...} }` from a
  // reaction's create, stream-io: both have a `type`)
  const one = singular(resource?.split('.').at(-1) ?? '').toLowerCase();
  for (const [k, v] of Object.entries(body)) if (one && singular(k).toLowerCase() === one && isObject(v) && holds(v, idField)) return v;
  for (const v of Object.values(body)) if (isObject(v) && holds(v, idField)) return v;
  // an answer of one item in an array field (`{ "Items": [{ "ItemID": ... }] }`, Xero)
  for (const v of Object.values(body)) if (Array.isArray(v) && v.length === 1 && isObject(v[0]) && holds(v[0], idField)) return v[0];
  // an answer of one object field that holds the item further down (a configuration's one channel:
  // `{ "notificationConfiguration": { "channels": [{ "id" }] } }`, codeguruprofiler)
  const [lone, ...rest] = Object.values(body);
  if (isObject(lone) && rest.length === 0) {
    const inner = itemIn(lone, idField, resource);
    if (inner !== lone && inner && holds(inner, idField)) return inner;
  }
  // an answer of one item in a map by its id (`{ "users": { "<id>": {...} } }`, stream-io): its key names it
  for (const v of Object.values(body)) {
    const [only, ...others] = isObject(v) ? Object.entries(v) : [];
    if (only && others.length === 0 && isObject(only[1]))
      return Object.hasOwn(only[1], idField) ? only[1] : { ...only[1], [idField]: only[0] };
  }
  return body;
}

/**
 * The items of a list body: the array itself, or the first array-valued field (`data`, `items`,
 * ...), else the first map of objects by their id (`{ "channel_types": { "<name>": {...} } }`,
 * stream-io), each with its key as `$key`.
 */
function itemsIn(body: unknown, idField = 'id'): unknown[] | undefined {
  if (Array.isArray(body)) return body;
  if (!isObject(body)) return undefined;
  // an array of objects that hold the id before the first array (Superset's `{ ids: [...], result: [{ id, ... }] }`)
  const arrays = Object.values(body).filter(Array.isArray);
  const found = arrays.find((v) => v.some((i) => isObject(i) && (holds(i, idField) || Object.hasOwn(i, 'id')))) ?? arrays[0];
  if (found) return found;
  for (const v of Object.values(body)) {
    const entries = isObject(v) ? Object.entries(v) : [];
    if (entries.length && entries.every(([, x]) => isObject(x))) return entries.map(([k, x]) => ({ ...(x as Rec), $key: k }));
  }
  // the answer's one object, holding the items in its one array field (a configuration's channels:
  // `{ "notificationConfiguration": { "channels": [...] } }`, codeguruprofiler), or beside scalars
  // an array of items that hold the id (YNAB's `{ "data": { "accounts": [...], "server_knowledge": 12 } }`;
  // not an item's own array, `{ "<id>": { "name", "restaurants": [] } }`, a map of one item by its id)
  const [lone, ...rest] = Object.values(body);
  const inner = isObject(lone) && rest.length === 0 ? Object.values(lone) : [];
  const lists = inner.filter(Array.isArray);
  const [list] = lists;
  if (list && inner.length === 1) return list;
  const holdsItems = list?.some((i) => isObject(i) && (holds(i, idField) || Object.hasOwn(i, 'id')));
  if (lists.length === 1 && holdsItems && inner.every((v) => Array.isArray(v) || !isObject(v))) return list;
  // the answer itself a map of the items by their id (`{ "<id>": {...}, ... }`)
  const entries = Object.entries(body);
  // (none yet: `{}`)
  return entries.every(([, x]) => isObject(x)) ? entries.map(([k, x]) => ({ ...(x as Rec), $key: k })) : undefined;
}

/**
 * The JSON (or form) body for `op`, generated from its schema (required and first-level optional
 * fields; an array body is an array); undefined when it documents neither, so none is sent (Prism
 * refuses a body an operation does not document: its 415, as a 422).
 */
/** The last literal segment of a path, without a format suffix (`/v1/script_tags/{id}.json`: `script_tags`). */
const collectionOf = (path: string) =>
  (
    path
      .split('/')
      .filter((x) => x && !x.startsWith('{'))
      .at(-1) ?? ''
  ).replace(/\.(json|xml)$/, '');

/**
 * The one field of a write's body that holds the item (`{ script_tag: {...} }`, `{ user: {...} }`
 * to `POST /users`): the body names only it, an object with properties, not a field of the item
 * the answer shows (Azure's `properties` is one), named like one item of the collection or the
 * answer's one field. The engine stores its fields as the item's.
 */
function wrapperOf(model: SpecModel, op: Operation): string | undefined {
  const media = op.requestBody?.preferred;
  const fields = model.resolve(media?.schema)?.properties;
  const [only, ...more] = isObject(fields) ? Object.keys(fields) : [];
  if (only === undefined || more.length || !isObject(model.resolve(isObject(fields) ? fields[only] : undefined)?.properties))
    return undefined;
  if (Object.hasOwn(shownBy(model, op), only)) return undefined;
  const answered = op.responses.find((r) => /^2/.test(r.status) && r.schemaPointer)?.schemaPointer;
  const answerTop = propertiesOf(model, answered ? model.at(answered) : undefined);
  return only.toLowerCase() === singular(collectionOf(op.path)).toLowerCase() || Object.keys(answerTop).join() === only ? only : undefined;
}

/**
 * The fields a write sent for the item: those of the one field holding it (`wrapperOf`) where the
 * read answers the item unwrapped (it shows no such field), else the body's.
 */
function itemFieldsSent(model: SpecModel, op: Operation, body: unknown, read: Rec): Rec {
  const field = wrapperOf(model, op);
  const held = field !== undefined && isObject(body) ? body[field] : undefined;
  return field !== undefined && isObject(held) && !Object.hasOwn(read, field) ? held : fieldsOf(body);
}

function bodyFor(model: SpecModel, op: Operation, seed: string): unknown {
  const media = op.requestBody?.preferred;
  // JSON, or a form (gitlab's creates: the client sends the object form-urlencoded; a multipart
  // form's fields, presalytics' file upload, the same object sent as multipart/form-data)
  if (!(media?.json || media?.kind === 'form' || media?.kind === 'multipart') || media.schema === undefined) return undefined;
  // a body whose one field holds the item (`{ script_tag: { src, display_scope } }`, shop-pro's):
  // the item's optional fields too, one level further down than elsewhere (else `{ script_tag: {} }`
  // is sent, and its read-back compares nothing)
  const wraps = wrapperOf(model, op) !== undefined;
  const body = generate(media.schema, seed, {
    resolve: (n) => model.resolve(n),
    direction: 'request',
    ...(wraps ? { optionalDepth: 2 } : {}),
  });
  // a bulk create (a list of items): one item, so there is one created item to follow
  const list = model.resolve(media.schema);
  if (Array.isArray(body) && body.length === 0 && list?.items !== undefined)
    return [generate(list.items, `${seed}[0]`, { resolve: (n) => model.resolve(n), direction: 'request' })];
  if (!isObject(body)) return body;
  // a field the body takes as any string and the answer holds as an enum (xero's Payment
  // `Status`): a value the answer can hold
  const shown = shownBy(model, op);
  const props = model.resolve(media.schema)?.properties;
  for (const k of Object.keys(body)) {
    const sent = model.resolve(isObject(props) ? props[k] : undefined);
    const held = model.resolve(shown[k]);
    if (sent?.type === 'string' && !sent.enum && !sent.const && Array.isArray(held?.enum) && !held.enum.includes(body[k]))
      body[k] = generate(held, `${seed}/${k}`, { resolve: (n) => model.resolve(n) });
  }
  return body;
}

/**
 * A create body that chooses the item's id (it sends the id field) with an id the item path
 * takes: the later steps send it as `{idParam}` (or as the last parameter of their own path), and where that parameter constrains it (codat's
 * `{billId}`, `format: uuid`) while the body's field does not, a value generated for the field
 * alone is refused by Prism in front (its 422). Another value, generated from the parameter's
 * schema, where the field's schema takes it too; else the body as it was.
 */
function idForPath(
  model: SpecModel,
  create: Operation,
  ops: readonly Operation[],
  idParam: string | null | undefined,
  idField: string,
  body: unknown,
  seed: string,
): unknown {
  if (!idParam || !isObject(body) || !Object.hasOwn(body, idField)) return body;
  // the item path's parameter, and the last one of each other step's item path where a step names
  // the id otherwise (codat's update at `{bankAccountId}` of an item read at `{accountId}`)
  const last = (o: Operation) => (o.path.endsWith('}') ? [...o.path.matchAll(/\{([^}]+)\}/g)].at(-1)?.[1] : undefined);
  const params = ops
    .flatMap((o) => o.parameters.filter((p) => p.in === 'path' && (p.name === idParam || (o !== create && p.name === last(o)))))
    .filter((p) => p.schema !== undefined);
  const param = params.find((p) => !model.validateNode(p.schema, body[idField]));
  if (!param) return body;
  const value = generate(param.schema, seed, { resolve: (n) => model.resolve(n) });
  if (value === undefined || !params.every((p) => model.validateNode(p.schema, value))) return body;
  const field = propertiesOf(model, create.requestBody?.preferred?.schema)[idField];
  if (field !== undefined && !model.validateNode(field, value)) return body;
  return { ...body, [idField]: value };
}

/**
 * `sent` with the operation's required query and header parameters it lacks, generated from
 * their schemas (the same name, the same value in every step): Prism refuses a request without
 * them with its 422.
 */
function withRequired(model: SpecModel, op: Operation, sent: Sent, seed: string): Sent {
  const out: Sent = { ...sent };
  for (const p of op.parameters) {
    if (!p.required || (p.in !== 'query' && p.in !== 'header')) continue;
    const into = { ...(out[p.in] ?? {}) };
    if (Object.hasOwn(into, p.name)) continue;
    const value = generate(p.schema, `${seed}/${p.in}/${p.name}`, { resolve: (n) => model.resolve(n) });
    into[p.name] = value === null || value === undefined ? p.name : value;
    out[p.in] = into;
  }
  return out;
}

/**
 * An answer as a failure shows it: a Prism problem's validation messages (what the request broke,
 * which a 300-character cut of the whole problem ends before), else the start of its JSON.
 */
function shownAnswer(body: unknown): string {
  const found = isObject(body) && Array.isArray(body.validation) ? body.validation.filter(isObject) : [];
  if (!isObject(body) || !found.length) return JSON.stringify(body)?.slice(0, 300) ?? String(body);
  const lines = found.slice(0, 6).map((v) => `${Array.isArray(v.location) ? v.location.join('.') : 'request'}: ${String(v.message)}`);
  const more = found.length > 6 ? ` (and ${found.length - 6} more)` : '';
  return `${typeof body.title === 'string' ? body.title : 'refused'}: ${lines.join('; ')}${more}`;
}

/** The properties a schema names, its allOf parts' included (Azure's `allOf: [{ $ref: Resource }]`: `id`, `name`, readOnly). */
function propertiesOf(model: Pick<WorkflowSpec, 'resolve'>, node: unknown, depth = 0): Rec {
  const n = model.resolve(node);
  if (!n || depth > 8) return {};
  const out: Rec = {};
  for (const part of Array.isArray(n.allOf) ? n.allOf : []) Object.assign(out, propertiesOf(model, part, depth + 1));
  return Object.assign(out, isObject(n.properties) ? n.properties : {});
}

/** A body as fields: an object's own, none for any other value. */
const fieldsOf = (body: unknown): Rec => (isObject(body) ? body : {});

/**
 * The sent fields a reader can expect back: not readOnly, named by the representation (`op`'s
 * answer's, or `read`'s: a create or update that answers an acknowledgement, edrv's `{ ok,
 * message, result: {} }`, shows none of them, its read does), not ignored.
 */
function comparable(model: SpecModel, op: Operation, sent: Rec, ignore: readonly string[], read: Rec = {}): Rec {
  const shown = { ...read, ...shownBy(model, op) };
  const props = (s: unknown): Rec => propertiesOf(model, s);
  const body = op.requestBody?.preferred?.schema;
  const writable = props(body);
  return Object.fromEntries(
    Object.entries(sent).filter(([k]) => {
      if (ignore.includes(k) || !Object.hasOwn(shown, k)) return false;
      return model.resolve(writable[k])?.readOnly !== true && model.resolve(shown[k])?.readOnly !== true;
    }),
  );
}

/**
 * The fields of the representation `op`'s success answer shows (one level down in an envelope).
 * With `sent`, a larger level one down is taken only where it shows no fewer of those fields:
 * an item that holds a list of larger objects (iotsitewise's asset and its `assetProperties`)
 * is not taken for an envelope of them.
 */
function shownBy(model: SpecModel, op: Operation, sent?: Rec): Rec {
  const success = op.responses.find((r) => /^2/.test(r.status) && r.schemaPointer);
  const schema = success?.schemaPointer ? model.resolve(model.at(success.schemaPointer)) : undefined;
  const props = (s: unknown): Rec => propertiesOf(model, s);
  const top = props(schema);
  let shown = top;
  const score = (x: Rec) => (sent ? Object.keys(sent).filter((k) => Object.hasOwn(x, k)).length : 0);
  for (const v of Object.values(top)) {
    // an envelope ({ data: {...} }, or xero's { Payments: [{...}] }): the representation is one level down
    const inner = Object.keys(props(v)).length ? props(v) : props(model.resolve(v)?.items);
    if (Object.keys(inner).length > Object.keys(shown).length && score(inner) >= score(shown)) shown = inner;
  }
  return shown;
}

/** A changed value for one plain string field of an update body, so the read after it can see the change. */
function changed(model: SpecModel, op: Operation, body: Rec, before: Rec): Rec {
  const props = propertiesOf(model, op.requestBody?.preferred?.schema);
  if (!isObject(props)) return body;
  // a field the answer shows in another, narrower form (xero's Payment `Status`: any string sent,
  // an enum answered) cannot hold any value: not the one changed
  const shown = shownBy(model, op);
  const narrow = (n: unknown) => {
    const x = model.resolve(n);
    return Boolean(x && (x.enum || x.const !== undefined || x.format || x.pattern || (x.type && x.type !== 'string')));
  };
  for (const [k, node] of Object.entries(props)) {
    const s = model.resolve(node) ?? {};
    const plain =
      s.type === 'string' &&
      !s.enum &&
      !s.const &&
      !s.format &&
      !s.pattern &&
      !s.readOnly &&
      !(Object.hasOwn(shown, k) && narrow(shown[k]));
    const value = `changed ${String(before[k] ?? k)}`.slice(0, s.maxLength ?? 40);
    if (plain && value.length >= (s.minLength ?? 0) && value !== before[k]) return { ...body, [k]: value };
  }
  return body;
}

/**
 * Whether `actual` shows `expected`: equal, or for objects every field sent shown as sent (a
 * nested object the server completes with fields of its own: impala's `notes`). Arrays are
 * compared whole.
 */
function shows(actual: unknown, expected: unknown): boolean {
  if (isObject(expected) && isObject(actual)) return Object.keys(expected).every((k) => shows(actual[k], expected[k]));
  // a scalar the answer holds as a string where it was sent as a number or boolean (gitlab's form fields)
  if (typeof actual === 'string' && (typeof expected === 'number' || typeof expected === 'boolean')) return actual === String(expected);
  // and back: a number or boolean where it was sent as a string that reads as one ("12" sent, 12 shown)
  if (typeof expected === 'string' && (typeof actual === 'number' || typeof actual === 'boolean')) return expected === String(actual);
  return isDeepStrictEqual(actual, expected);
}

/** The fields of `body` an operation's body schema names (all of them when it names none). */
function acceptedBy(model: SpecModel, op: Operation, body: Rec): Rec {
  const props = propertiesOf(model, op.requestBody?.preferred?.schema);
  if (!isObject(props) || Object.keys(props).length === 0) return body;
  return Object.fromEntries(Object.entries(body).filter(([k]) => Object.hasOwn(props, k)));
}

/**
 * Whether a sent scalar can be read back as sent from a field of `node`'s types: a string where
 * the read shows only numbers or booleans can, if it reads as one ("12", "true": the fake
 * converts it); another cannot (onsched's `serviceGroupId`, a string sent, an integer shown: the
 * fake answers a value of the integer type).
 */
function heldAsSent(model: SpecModel, node: unknown, v: unknown): boolean {
  if (typeof v !== 'string') return true;
  const types = [model.resolve(node)?.type].flat().filter((t) => typeof t === 'string' && t !== 'null');
  if (!types.length || types.includes('string')) return true;
  return readAsScalar(types, v) !== undefined;
}

/** A value's kind as JSON has it, or as a schema gives it (undefined where the schema says none). */
const kindOf = (v: unknown) => (Array.isArray(v) ? 'array' : isObject(v) ? 'object' : 'scalar');
function schemaKind(model: SpecModel, node: unknown, depth = 0): string | undefined {
  const s = model.resolve(node);
  const types = [s?.type].flat().filter((t) => typeof t === 'string' && t !== 'null');
  if (types.includes('array')) return 'array';
  if (types.includes('object') || (types.length === 0 && s?.properties)) return 'object';
  if (types.length) return 'scalar';
  // an allOf with no type of its own is its parts' kind (AWS's `allOf: [{ $ref: Name }, { description }]`, a string)
  if (Array.isArray(s?.allOf) && depth < 8) {
    const kinds = s.allOf.map((p: unknown) => schemaKind(model, p, depth + 1)).filter((k: string | undefined) => k !== undefined);
    return kinds[0] ?? 'object';
  }
  return undefined;
}

/**
 * The fields of `expected` the read can show as sent: those its schema (`shown`, by name) holds
 * in the same kind, objects' fields likewise (a list sent where the read shows one object, an id
 * sent where it shows the object: Superset's `recipients` and `database` are answered in the
 * read's shape, not as sent), and not those it marks read-only (Superset's database `parameters`).
 */
function alike(model: SpecModel, shown: Rec, expected: Rec, depth = 0): Rec {
  const out: Rec = {};
  for (const [k, v] of Object.entries(expected)) {
    const kind = Object.hasOwn(shown, k) ? schemaKind(model, shown[k]) : undefined;
    if ((kind !== undefined && kind !== kindOf(v)) || (Object.hasOwn(shown, k) && model.resolve(shown[k])?.readOnly === true)) continue;
    if (kind === 'scalar' && !heldAsSent(model, shown[k], v)) continue;
    out[k] = kind === 'object' && isObject(v) && depth < 8 ? alike(model, propertiesOf(model, shown[k]), v, depth + 1) : v;
  }
  return out;
}

/**
 * The fields to compare with the item the read answers: a sent object that asserts nothing (`{}`)
 * left out, and a sent field that wraps the item (`{ script_tag: {...} }` sent, the item read in
 * the answer's `script_tag`) compared by the fields it holds.
 */
function unwrapped(expected: Rec, body: unknown, item: Rec | undefined): Rec {
  const out: Rec = {};
  for (const [k, v] of Object.entries(expected)) {
    if (isObject(v) && Object.keys(v).length === 0) continue;
    const fields: [string, unknown][] =
      isObject(v) && isObject(body) && item !== undefined && item !== body && body[k] === item ? Object.entries(v) : [[k, v]];
    for (const [name, value] of fields) Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Why `actual` does not show `expected` (the fields that differ), or null. */
function differences(expected: Rec, actual: Rec | undefined): string | null {
  const wrong = Object.keys(expected).filter((k) => !shows(actual?.[k], expected[k]));
  if (!wrong.length) return null;
  return wrong.map((k) => `${k}: sent ${JSON.stringify(expected[k])}, got ${JSON.stringify(actual?.[k])}`).join('; ');
}

/**
 * Runs `workflow` through `send`. Throws at the first step that fails, naming the resource, the
 * step, the operation and what differs. Resolves with the steps run.
 */
export async function runWorkflow(model: SpecModel, workflow: Workflow, send: Send, options: WorkflowOptions = {}) {
  const ignore = options.ignore?.[workflow.resource] ?? [];
  const seed = options.seed ?? 'workflow';
  const ops = new Map(workflow.steps.map((s) => [s.step, model.operation(s.operation)]));
  const fail = (step: StepName | string, message: string, key = ops.get(step as StepName)?.key): never => {
    throw new Error(`workflow ${workflow.resource}, step ${step} (${key}): ${message}`);
  };
  /** Sends one operation and checks its answer against the spec (`step` names it in a failure). */
  const send1 = async (step: string, op: Operation, sent: Sent, { undocumented = false } = {}) => {
    const res = await send(op, withRequired(model, op, sent, `${seed}/${workflow.resource}`));
    // a read that documents no 4xx: the not-found after the delete cannot be documented (Prism
    // warns about its status), so only its status is judged
    if (undocumented && res.status >= 400 && res.status <= 499) return res;
    if (res.violations) fail(step, `Prism: the ${res.status} answer breaks the spec: ${res.violations}`, op.key);
    // the status as documented, else its class (`4XX`), else `default` (Azure documents its errors so)
    const documented =
      op.responses.find((r) => r.status === String(res.status)) ??
      op.responses.find((r) => r.status === `${String(res.status)[0]}XX`) ??
      op.responses.find((r) => r.status === 'default');
    if (!documented) fail(step, `status ${res.status} is not documented (${shownAnswer(res.body)})`, op.key);
    if (documented?.schemaPointer && res.body !== undefined) {
      const { ok, errors } = model.validate(documented.schemaPointer, res.body);
      if (!ok) fail(step, `the ${res.status} body does not match the spec: ${errors.join('; ')}`, op.key);
    }
    return res;
  };
  /** Sends one step's operation and checks its answer against the spec. */
  const call = async (step: StepName, sent: Sent, options: { undocumented?: boolean } = {}) => {
    const op = ops.get(step);
    if (!op) return fail(step, 'the operation is not in the spec');
    return send1(step, op, sent, options);
  };
  const ok = (step: StepName | string, res: Received, key?: string) => {
    if (res.status < 200 || res.status > 299) fail(step, `answered ${res.status}, not 2xx: ${shownAnswer(res.body)}`, key);
  };

  /**
   * The path parameters of an operation: the item's id in the steps that name it, the parents'
   * ids their creates gave, and every other one (the parents' of a resource under
   * `/repos/{owner}/{repo}/...` whose parents the spec does not list) generated from its schema
   * once, the same in every step.
   */
  const parents: Rec = {};
  /** The parents' ids by their position among the path parameters. */
  const parentIds = new Map<number, unknown>();
  const pathFor = (op: Operation | undefined, idName: string | null, itemId?: unknown) => {
    const out: Rec = {};
    // in the order the path writes them (a spec may declare them in another)
    const at = (name: string) => op?.path.indexOf(`{${name}}`) ?? -1;
    const inPath = [...(op?.pathParams ?? [])].sort((a, b) => at(a.name) - at(b.name));
    for (const [i, p] of inPath.entries()) {
      if (idName !== null && p.name === idName && itemId !== undefined) out[p.name] = itemId;
      else if (parentIds.has(i)) out[p.name] = parentIds.get(i);
      else {
        if (!Object.hasOwn(parents, p.name))
          parents[p.name] = generate(p.schema, `${seed}/${workflow.resource}/${p.name}`, { resolve: (n) => model.resolve(n) }) ?? p.name;
        out[p.name] = parents[p.name];
      }
    }
    if (idName !== null && itemId !== undefined && !Object.hasOwn(out, idName)) out[idName] = itemId;
    return out;
  };
  const pathOf = (step: StepName) => {
    const op = ops.get(step);
    // the item's parameter, else the last the path writes (gmail's PATCH .../identities/{emailAddress}
    // of a resource read at .../identities/{cseEmailAddress}: one id, named twice)
    const last = op ? [...op.path.matchAll(/\{([^}]+)\}/g)].at(-1)?.[1] : undefined;
    const idName = (workflow.idParam && op?.path.includes(`{${workflow.idParam}}`) ? workflow.idParam : last) ?? workflow.idParam ?? 'id';
    return ITEM_STEPS.includes(step) ? pathFor(op, idName, id) : pathFor(op, null);
  };
  /**
   * The id of the item a create made: the answer's id field, else (a create whose answer does
   * not carry it: a job, a bare acknowledgement) the one its body chose.
   */
  const idOf = (answer: unknown, sentBody: unknown, idField: string, resource: string, location?: string | null, op?: Operation) => {
    // a long-running operation answered done (AIP-151: `{ name, done, response }`): the new item is its response
    const done = doneResponse(answer);
    if (done && holds(done, idField)) return fieldAt(done, idField);
    // (one not done names no item yet: its `name` is the operation's)
    if (isObject(answer) && answer.done === false && typeof answer.name === 'string' && Object.hasOwn(answer, 'response')) return undefined;
    // the body chose it, and the answer does not name one at its top (the fake then keeps the body's)
    if (isObject(sentBody) && Object.hasOwn(sentBody, idField) && !(isObject(answer) && Object.hasOwn(answer, idField)))
      return sentBody[idField];
    const item = itemIn(answer, idField, resource, op && besideEnvelope(model, op));
    const found = item ? fieldAt(item, idField) : undefined;
    if (found !== undefined && found !== null) return found;
    if (isObject(sentBody) && Object.hasOwn(sentBody, idField)) return sentBody[idField];
    // the last segment of the Location header (`/jobs/7` or `https://host/v1/jobs/7`), whose path names the new item
    const last = typeof location === 'string' ? /([^/?#]+)\/*(?:[?#].*)?$/.exec(location)?.[1] : undefined;
    if (last === undefined) return undefined;
    try {
      return decodeURIComponent(last);
    } catch {
      return last;
    }
  };
  /** The ids a list answers (its page size at its maximum, at most 100), for a create that answers no body. */
  const memberIds = async (step: string, key: string, idField: string) => {
    const op = model.operation(key);
    if (!op) return fail(step, 'the operation is not in the spec', key);
    const query = firstPage(model, op);
    const res = await send1(step, op, { path: pathFor(op, null), ...(Object.keys(query).length ? { query } : {}) });
    ok(step, res, key);
    const items = itemsIn(res.body, idField);
    if (!items) return fail(step, `no list of items in the answer: ${JSON.stringify(res.body)?.slice(0, 300)}`, key);
    return items.map((i) => (isObject(i) ? [idField, 'id', '$key'].map((k) => fieldAt(i, k)).find((v) => v != null) : i));
  };
  /** The one member a list gained over `before` (a create that answers no body: crucible's reviews), else a failure. */
  const gained = async (step: string, key: string, idField: string, before: unknown[]) => {
    const known = new Set(before.map((v) => JSON.stringify(v)));
    const added = (await memberIds(step, key, idField)).filter((v) => v != null && !known.has(JSON.stringify(v)));
    if (added.length !== 1)
      fail(step, `the create answered no body and the list gained ${added.length} members, not one: nothing names the new item`, key);
    return added[0];
  };
  /**
   * The id of the one listed item whose fields equal what the create sent (a create that answers
   * no usable id): the fields the list's items name, in the kind they were sent, compared as the
   * read-back does; no such item or more than one fails, saying so.
   */
  const matchedId = async (step: string, key: string, idField: string, sentBody: unknown) => {
    const op = model.operation(key);
    if (!op) return fail(step, 'the operation is not in the spec', key);
    const success = op.responses.find((r) => /^2/.test(r.status) && r.schemaPointer);
    const item = success?.schemaPointer ? listItemSchema(model, model.at(success.schemaPointer), idField) : undefined;
    const fields = propertiesOf(model, item);
    const idName = idField.split('.').at(-1) ?? idField;
    const expected = alike(
      model,
      fields,
      Object.fromEntries(
        Object.entries(fieldsOf(sentBody)).filter(
          ([k]) => k !== idName && Object.hasOwn(fields, k) && model.resolve(fields[k])?.readOnly !== true,
        ),
      ),
    );
    if (!Object.keys(expected).length)
      return fail(step, `the create answered no ${idField} and sent no field the list's items show: nothing finds the new item`, key);
    const query = firstPage(model, op);
    const res = await send1(step, op, { path: pathFor(op, null), ...(Object.keys(query).length ? { query } : {}) });
    ok(step, res, key);
    const items = itemsIn(res.body, idField);
    if (!items) return fail(step, `no list of items in the answer: ${JSON.stringify(res.body)?.slice(0, 300)}`, key);
    const found = items.filter((i): i is Rec => isObject(i) && differences(expected, i) === null);
    if (found.length !== 1)
      fail(
        step,
        `the create answered no ${idField} and ${found.length} of the ${items.length} listed items show what it sent (${Object.keys(expected).join(', ')}), not one: nothing names the new item`,
        key,
      );
    const [one] = found as [Rec];
    return [idField, 'id', '$key'].map((k) => fieldAt(one, k)).find((v) => v != null);
  };
  // a nested resource's parents first, outermost first, each by its own create
  for (const parent of workflow.parents ?? []) {
    const op = model.operation(parent.operation);
    if (!op) return fail(`create ${parent.resource}`, 'the operation is not in the spec', parent.operation);
    const body = bodyFor(model, op, `${seed}/${parent.resource}/create`);
    const parentPath = pathFor(op, null);
    const before = parent.list ? await memberIds(`list ${parent.resource}`, parent.list, parent.idField) : undefined;
    const res = await send1(`create ${parent.resource}`, op, { path: parentPath, ...(body === undefined ? {} : { body }) });
    ok(`create ${parent.resource}`, res, op.key);
    const parentId =
      parent.idParam && op.path.includes(`{${parent.idParam}}`)
        ? parentPath[parent.idParam]
        : parent.list && before && res.body === undefined
          ? await gained(`list ${parent.resource}`, parent.list, parent.idField, before)
          : parent.matched
            ? await matchedId(`list ${parent.resource}`, parent.matched, parent.idField, body)
            : idOf(res.body, body, parent.idField, parent.resource, res.location, op);
    if (parentId === undefined || parentId === null)
      fail(`create ${parent.resource}`, `the answer has no ${parent.idField}: ${JSON.stringify(res.body)?.slice(0, 300)}`, op.key);
    parentIds.set(parent.position, parentId);
  }
  let id: unknown;
  const createOp = ops.get('create') as Operation;
  const sentCreate = idForPath(
    model,
    createOp,
    [...ops.values()].filter((o): o is Operation => o !== undefined),
    workflow.idParam,
    workflow.idField,
    bodyFor(model, createOp, `${seed}/${workflow.resource}/create`),
    `${seed}/${workflow.resource}/id`,
  );
  // an item named by its whole resource name, its id chosen by the create's `triggerId` (AIP-133)
  const short = workflow.idQuery
    ? `${
        singular(workflow.resource.split('.').at(-1) ?? '')
          .toLowerCase()
          .replace(/[^a-z0-9]/g, '') || 'item'
      }-1`
    : undefined;
  const listKey = workflow.listed ? ops.get('list')?.key : undefined;
  const before = listKey ? await memberIds('list before create', listKey, workflow.idField) : undefined;
  const counted = workflow.counted ? await memberIds('list before create', workflow.counted, workflow.idField) : undefined;
  const created = await call('create', {
    path: pathOf('create'),
    ...(workflow.idQuery ? { query: { [workflow.idQuery]: short } } : {}),
    ...(sentCreate === undefined ? {} : { body: sentCreate }),
  });
  ok('create', created);
  // a reduced workflow (nothing names the new item): the list holds exactly one item more
  if (workflow.counted && counted) {
    const after = await memberIds('list', workflow.counted, workflow.idField);
    if (after.length !== counted.length + 1)
      fail(
        'list',
        `the list held ${counted.length} item(s) before the create and ${after.length} after it, not ${counted.length + 1}`,
        workflow.counted,
      );
    return { steps: workflow.steps.map((s) => s.step), links: [] as Awaited<ReturnType<typeof followLinks>>, unchecked: [] };
  }
  // a create-or-update PUT names the item in its path (its last segment): that is its id; a
  // create below a parent of the same parameter name (onsched's `POST /services/{id}/allocations`
  // of allocations read at `/services/allocations/{id}`) does not
  const segment = workflow.idQuery ? /\/([^/{}]+)\/*$/.exec(createOp.path)?.[1] : undefined;
  const named =
    workflow.idQuery && segment
      ? `${String(Object.values(pathOf('create')).at(-1))}/${segment}/${short}`
      : workflow.idParam && createOp.path.replace(/\/+$/, '').endsWith(`{${workflow.idParam}}`)
        ? pathOf('create')[workflow.idParam]
        : undefined;
  id =
    named ??
    (listKey && before && created.body === undefined
      ? await gained('list after create', listKey, workflow.idField, before)
      : workflow.matched
        ? await matchedId('list after create', workflow.matched, workflow.idField, sentCreate)
        : idOf(created.body, sentCreate, workflow.idField, workflow.resource, created.location, createOp));
  const record = doneResponse(created.body) ?? itemIn(created.body, workflow.idField, workflow.resource, besideEnvelope(model, createOp));
  if (id === undefined || id === null)
    fail('create', `the answer has no ${workflow.idField}: ${JSON.stringify(created.body)?.slice(0, 300)}`);
  const followed = await followLinks(model, createOp, created, { body: sentCreate }, send, (message) => fail('create', message));
  // the id is the one the answer gives (a create body that names the id field does not choose
  // it), else the one the body chose
  // and the time stamps the fake moves on every change
  const own = [
    ...ignore,
    workflow.idField,
    ...(workflow.pathField !== undefined ? [workflow.pathField] : []),
    'updatedAt',
    'updated_at',
    'modifiedAt',
    'modified_at',
  ];
  // what the read shows (an acknowledging create or update answers none of the fields it wrote)
  const readShown = ops.has('read') ? shownBy(model, ops.get('read') as Operation, fieldsOf(sentCreate)) : {};
  // (a body whose one field holds the item, read unwrapped: `{ user: {...} }` to `POST /users`, its fields)
  const createdFields = itemFieldsSent(model, createOp, sentCreate, readShown);
  let expected = comparable(model, createOp, createdFields, own, readShown);
  /** The read-back steps that had nothing to compare, each with why (reported, not passed silently). */
  const unchecked: { step: StepName; reason: string }[] = [];
  let lastUpdate: unknown;
  const readBack = async (step: StepName, what: string) => {
    const res = await call(step, { path: pathOf(step) });
    ok(step, res);
    // only what the read's own representation shows (a create may answer fields its read does not)
    const shown = shownBy(model, ops.get(step) as Operation, expected);
    const shows = Object.keys(shown).length
      ? Object.fromEntries(Object.entries(expected).filter(([k]) => Object.hasOwn(shown, k)))
      : expected;
    const readOp = ops.get(step) as Operation;
    const item = itemIn(res.body, workflow.idField, workflow.resource, besideEnvelope(model, readOp));
    const compared = unwrapped(alike(model, shown, shows), res.body, item);
    // nothing to compare is no pass: said, with why
    if (!Object.keys(compared).length) {
      const sent = Object.keys(step === 'read' ? fieldsOf(sentCreate) : fieldsOf(lastUpdate));
      unchecked.push({
        step,
        reason: !sent.length
          ? `compared nothing: the ${step === 'read' ? 'create' : 'update'} sent no field`
          : `compared nothing: of the fields sent (${sent.slice(0, 8).join(', ')}${sent.length > 8 ? ', ...' : ''}), the read (${readOp.key}) shows none writable and in the kind sent`,
      });
      return;
    }
    const diff = differences(compared, item);
    if (diff) fail(step, `the read does not show ${what}: ${diff}`);
  };
  if (ops.has('read')) await readBack('read', 'what create sent');
  if (ops.has('update')) {
    const op = ops.get('update') as Operation;
    const base = bodyFor(model, op, `${seed}/${workflow.resource}/update`);
    const sent =
      isObject(base) || (base === undefined && op.requestBody?.preferred?.json)
        ? changed(model, op, op.method === 'PUT' ? { ...acceptedBy(model, op, fieldsOf(sentCreate)), ...fieldsOf(base) } : fieldsOf(base), {
            ...fieldsOf(sentCreate),
            ...record,
          })
        : base;
    lastUpdate = sent;
    const res = await call('update', { path: pathOf('update'), ...(sent === undefined ? {} : { body: sent }) });
    ok('update', res);
    // what the update sent replaces what the create did, compared where the update's answer
    // shows it, else no longer expected as the create sent it
    const changedFields = itemFieldsSent(model, op, sent, readShown);
    expected = {
      ...Object.fromEntries(Object.entries(expected).filter(([k]) => !Object.hasOwn(changedFields, k))),
      ...comparable(model, op, changedFields, own, readShown),
    };
  }
  if (ops.has('read-updated')) await readBack('read-updated', 'the update');
  if (ops.has('list')) {
    const op = ops.get('list') as Operation;
    const query: Rec = firstPage(model, op);
    // a required filter named like a field of the item (onsched's `customerId`): the item's own value, so the list can hold it
    const known = { ...fieldsOf(sentCreate), ...record };
    for (const p of op.parameters) {
      const v = known[p.name];
      if (
        p.required &&
        p.in === 'query' &&
        !Object.hasOwn(query, p.name) &&
        (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      )
        query[p.name] = v;
    }
    const res = await call('list', { path: pathOf('list'), ...(Object.keys(query).length ? { query } : {}) });
    ok('list', res);
    const items = itemsIn(res.body, workflow.idField);
    if (!items) fail('list', `no list of items in the answer: ${JSON.stringify(res.body)?.slice(0, 300)}`);
    // the item's id field, or `id` in a summary that names it so (iotsitewise's assetSummaries)
    const listed = (i: unknown) =>
      isObject(i)
        ? [workflow.idField, 'id', '$key'].some((k) => holds(i, k) && String(fieldAt(i, k)) === String(id))
        : String(i) === String(id); // a list of ids
    if (!items?.some(listed)) {
      fail('list', `the created ${workflow.idField} ${JSON.stringify(id)} is not among the ${items?.length} items listed`);
    }
  }
  if (ops.has('delete')) ok('delete', await call('delete', { path: pathOf('delete') }));
  if (ops.has('read-deleted')) {
    const op = ops.get('read-deleted') as Operation;
    // (a 401 or 429 is no answer for a missing item: the fake answers an undocumented 404 there)
    const any4xx = op.responses.some((r) => (/^4/.test(r.status) && !isAuthOrLimitStatus(r.status)) || r.status === 'default');
    const res = await call('read-deleted', { path: pathOf('read-deleted') }, { undocumented: !any4xx });
    const notFound = ['404', '410'].find((s) => op.responses.some((r) => r.status === s));
    if (notFound ? String(res.status) !== notFound : res.status < 400 || res.status > 499) {
      fail('read-deleted', `answered ${res.status} after the delete, not the documented ${notFound ?? '4xx'}`);
    }
  }
  return { steps: workflow.steps.map((s) => s.step), links: followed, unchecked };
}

/** A runtime expression of a link's parameter (`$response.body#/id`, `$request.path.id`, a constant), or undefined when it is another kind. */
function evaluate(expression: unknown, response: Received, request: Sent): { value: unknown } | undefined {
  if (typeof expression !== 'string' || !expression.startsWith('$')) return { value: expression };
  const pointerIn = (root: unknown, pointer: string) =>
    parsePointer(pointer).reduce<unknown>(
      (at, key) => (isObject(at) && Object.hasOwn(at, key) ? at[key] : Array.isArray(at) ? at[Number(key)] : undefined),
      root,
    );
  const body = /^\$response\.body#(\/.*)?$/.exec(expression);
  if (body) return { value: pointerIn(response.body, body[1] ?? '') };
  const sentBody = /^\$request\.body#(\/.*)?$/.exec(expression);
  if (sentBody) return { value: pointerIn(request.body, sentBody[1] ?? '') };
  const path = /^\$request\.path\.(.+)$/.exec(expression);
  if (path) return { value: request.path?.[path[1] as string] };
  return undefined;
}

/**
 * Follows the OpenAPI `links` of the create's answer to GET operations (safe to send): each
 * must answer a documented 2xx. A link to another method, an `operationRef`, or a parameter
 * expression other than a constant, `$response.body#...`, `$request.body#...` or
 * `$request.path.<name>` is not followed (said in the result).
 */
async function followLinks(model: SpecModel, op: Operation, res: Received, req: Sent, send: Send, fail: (message: string) => never) {
  const documented = op.responses.find((r) => r.status === String(res.status));
  const node = documented ? model.resolve(model.at(documented.pointer)) : undefined;
  const links = isObject(node?.links) ? (node.links as Rec) : {};
  const result: { link: string; operation?: string; followed: boolean; reason?: string }[] = [];
  for (const [name, raw] of Object.entries(links)) {
    const link = model.resolve(raw) ?? {};
    const target = typeof link.operationId === 'string' ? model.operations.find((o) => o.operationId === link.operationId) : undefined;
    if (!target) {
      result.push({
        link: name,
        followed: false,
        reason: link.operationRef ? 'operationRef is not followed' : 'no operation with that operationId',
      });
      continue;
    }
    if (target.method !== 'GET') {
      result.push({
        link: name,
        operation: target.key,
        followed: false,
        reason: `${target.method} is not sent (only GET links are followed)`,
      });
      continue;
    }
    const path: Rec = {};
    const query: Rec = {};
    let unknown: string | undefined;
    for (const [param, expression] of Object.entries(isObject(link.parameters) ? link.parameters : {})) {
      const value = evaluate(expression, res, req);
      if (!value) unknown = String(expression);
      const name = param.replace(/^(path|query)\./, '');
      const into = target.parameters.find((p) => p.name === name)?.in === 'query' ? query : path;
      into[name] = value?.value;
    }
    if (unknown) {
      result.push({ link: name, operation: target.key, followed: false, reason: `the expression ${unknown} is not evaluated` });
      continue;
    }
    const answer = await send(target, { path, ...(Object.keys(query).length ? { query } : {}) });
    const known = target.responses.find((r) => r.status === String(answer.status));
    if (answer.violations) fail(`link ${name} (${target.key}): Prism: the ${answer.status} answer breaks the spec: ${answer.violations}`);
    if (!known || answer.status < 200 || answer.status > 299) {
      fail(`link ${name} (${target.key}) with ${JSON.stringify({ ...path, ...query })}: answered ${answer.status}, not a documented 2xx`);
    }
    if (known?.schemaPointer && answer.body !== undefined) {
      const { ok, errors } = model.validate(known.schemaPointer, answer.body);
      if (!ok) fail(`link ${name} (${target.key}): the ${answer.status} body does not match the spec: ${errors.join('; ')}`);
    }
    result.push({ link: name, operation: target.key, followed: true });
  }
  return result;
}

/**
 * The OpenAPI `links` of a workflow's create (its 2xx answers), each with whether the workflow
 * follows it and, when not, why: what a report can say before the workflow runs.
 */
export function createLinks(
  model: SpecModel,
  workflow: Workflow,
): { link: string; operation?: string; follows: boolean; reason?: string }[] {
  const create = model.operation(workflow.steps[0]?.operation ?? '');
  const out: { link: string; operation?: string; follows: boolean; reason?: string }[] = [];
  for (const response of create?.responses.filter((r) => /^2/.test(r.status)) ?? []) {
    const node = model.resolve(model.at(response.pointer));
    for (const [name, raw] of Object.entries(isObject(node?.links) ? (node.links as Rec) : {})) {
      const link = model.resolve(raw) ?? {};
      const target = typeof link.operationId === 'string' ? model.operations.find((o) => o.operationId === link.operationId) : undefined;
      if (!target)
        out.push({
          link: name,
          follows: false,
          reason: link.operationRef ? 'operationRef is not followed' : 'no operation with that operationId',
        });
      else if (target.method !== 'GET')
        out.push({
          link: name,
          operation: target.key,
          follows: false,
          reason: `${target.method} is not sent (only GET links are followed)`,
        });
      else out.push({ link: name, operation: target.key, follows: true });
    }
  }
  return out;
}
