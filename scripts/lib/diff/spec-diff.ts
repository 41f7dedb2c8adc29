// Classifies the differences between two versions of an OpenAPI 3.x document (effective specs)
// from the point of view of a client user: what makes code written against the old version
// fail to compile or misbehave against the new one is breaking; additions are not.
//
// Rules (rule id: class):
//   operation-removed: breaking            operation-added: minor
//   response-status-removed: breaking      response-status-added: minor
//   response-media-removed: breaking       request-media-removed: breaking
//   new-required-request-field: breaking   (a new required body field, an optional one made required, a body made required)
//   new-required-param: breaking           param-removed: breaking        param-added: minor
//   request-field-removed: breaking        request-field-added: minor     request-body-removed: breaking
//   request-enum-narrowed: breaking        request-enum-widened: minor
//   request-type-narrowed: breaking        request-type-widened: minor
//   response-field-removed: breaking       response-field-optional: breaking   response-field-added: minor
//   response-field-nullable: breaking      response-type-widened: breaking     response-type-narrowed: minor
//   response-enum-widened: breaking        response-enum-narrowed: minor
//   request-constraint-tightened: breaking  request-constraint-loosened: minor
//   response-constraint-loosened: breaking  response-constraint-tightened: minor
//     (minLength/maxLength, minimum/maximum and their exclusive forms, minItems/maxItems, pattern)
//   security-changed: breaking (an alternative added, nothing else changed: minor)
//   server-changed: breaking (the default server, or a server removed; also the servers of a
//     path or an operation, which override the document's)   server-added: minor
//   documentation: patch (anything else differs: descriptions, examples, ...)
//
// Schemas are compared after following $ref; allOf merges its branches, oneOf/anyOf unite them
// (a property is required only when every object branch requires it). OAS 3.0 `nullable: true`
// counts as the type 'null'. Not covered: discriminators, formats, headers and links.
import { isDeepStrictEqual } from 'node:util';
import { resolveLocal } from '../spec/json-pointer.ts';
import { isObject, type Operation, type SpecModel, type SpecNode, specModel } from '../spec/spec-model.ts';

/** How a change affects a client user: breaking (major), an addition (minor), or neither (patch). */
type ChangeClass = 'breaking' | 'minor' | 'patch';

/** One difference between the two documents. */
interface Change {
  readonly class: ChangeClass;
  /** The rule id (see the list above), e.g. 'operation-removed'. */
  readonly rule: string;
  /** The operation ("METHOD /path"), 'servers', or '-' for the document as a whole. */
  readonly where: string;
  readonly detail: string;
}

/** A version bump as changesets names it. */
type Bump = 'none' | 'patch' | 'minor' | 'major';

/** The bump some changes need, and the version it takes a package from and to. */
interface SemverBump {
  readonly bump: Bump;
  readonly from: string;
  readonly to: string;
}

/** Records a change (the arguments in the order the rules read: class, rule, where, detail). */
type Push = (cls: ChangeClass, rule: string, where: string, detail: string) => void;

/** One of the two documents compared: as given (its `$ref`s resolve in it) and its model. */
interface Side {
  readonly doc: unknown;
  readonly model: SpecModel;
}

/** The changes from `before` to `after` (two OpenAPI documents), as a client user meets them. */
export function diffSpecs(before: unknown, after: unknown): Change[] {
  const changes: Change[] = [];
  const push: Push = (cls, rule, where, detail) => changes.push({ class: cls, rule, where, detail });
  const A: Side = { doc: before, model: specModel(before, { schemas: 'as-written' }) };
  const B: Side = { doc: after, model: specModel(after, { schemas: 'as-written' }) };

  compareServers(A.model.servers, B.model.servers, push);

  const opsA = operations(A.model.operations);
  const opsB = operations(B.model.operations);
  for (const [key, a] of opsA) {
    const b = opsB.get(key);
    if (!b) {
      push('breaking', 'operation-removed', a.key, `${a.key} no longer exists`);
      continue;
    }
    const where = b.key;
    // servers of the path item or the operation replace the document's for this operation
    if (a.ownServers || b.ownServers) compareServers(a.servers, b.servers, push, where);
    compareSecurity(a, b, A, B, where, push);
    compareParameters(a, b, A, B, where, push);
    compareRequestBody(a, b, A, B, where, push);
    compareResponses(a, b, A, B, where, push);
  }
  for (const [key, b] of opsB) if (!opsA.has(key)) push('minor', 'operation-added', b.key, `new operation ${b.key}`);

  if (!changes.length && !isDeepStrictEqual(before, after)) {
    push('patch', 'documentation', '-', 'descriptions, examples or other details changed; no contract change');
  }
  return changes;
}

/** The bump the changes need, and the version it leads to (0.x: breaking bumps the minor digit). */
export function semverBump(changes: readonly Pick<Change, 'class'>[], version: string): SemverBump {
  const bump: Bump = changes.some((c) => c.class === 'breaking')
    ? 'major'
    : changes.some((c) => c.class === 'minor')
      ? 'minor'
      : changes.length
        ? 'patch'
        : 'none';
  const [maj, min, pat] = String(version).split(/[.+-]/).map(Number);
  let next = version;
  if (bump !== 'none' && [maj, min, pat].every(Number.isInteger)) {
    if (maj === 0) next = bump === 'major' ? `0.${min + 1}.0` : `0.${min}.${pat + 1}`;
    else next = bump === 'major' ? `${maj + 1}.0.0` : bump === 'minor' ? `${maj}.${min + 1}.0` : `${maj}.${min}.${pat + 1}`;
  }
  return { bump, from: version, to: next };
}

// --- servers and security -------------------------------------------------------------------

function compareServers(a: readonly { url?: string }[], b: readonly { url?: string }[], push: Push, where = 'servers') {
  const urlsA = a.map((s) => s.url);
  const urlsB = b.map((s) => s.url);
  if (urlsA[0] !== urlsB[0]) {
    push(
      'breaking',
      'server-changed',
      where,
      `default server ${urlsA[0] ?? '(none)'} → ${urlsB[0] ?? '(none)'}: clients that rely on the default base URL now call another address`,
    );
  }
  for (const u of urlsA.slice(1)) if (!urlsB.includes(u)) push('breaking', 'server-changed', where, `server ${u} removed`);
  for (const u of urlsB) if (!urlsA.includes(u) && u !== urlsB[0]) push('minor', 'server-added', where, `server ${u} added`);
}

function compareSecurity(a: Operation, b: Operation, A: Side, B: Side, where: string, push: Push) {
  const reqs = (op: Operation, side: Side): string[] => {
    const schemes = side.model.securitySchemes;
    return op.security.map(
      (req) =>
        Object.keys(req)
          .sort()
          .map((name) => {
            const s: SpecNode = schemes[name] ?? {};
            const def = [s.type, s.scheme?.toLowerCase(), s.in, s.name].filter(Boolean).join(' ');
            const scopes = (req[name] ?? []).length ? ` [${[...req[name]].sort().join(', ')}]` : '';
            return `${name} (${def || 'undefined scheme'})${scopes}`;
          })
          .join(' + ') || 'none',
    );
  };
  const ra = reqs(a, A);
  const rb = reqs(b, B);
  if (isDeepStrictEqual([...ra].sort(), [...rb].sort())) return;
  const text = (r: readonly string[]) => (r.length ? r.join(' | ') : 'no security');
  const kept = ra.every((r) => rb.includes(r));
  push(kept ? 'minor' : 'breaking', 'security-changed', where, `${text(ra)} → ${text(rb)}${kept ? ' (alternatives added)' : ''}`);
}

// --- parameters and bodies --------------------------------------------------------------------

const parameters = (o: Operation) => new Map(o.parameters.map((p) => [`${p.in} ${p.name}`, p]));

function compareParameters(a: Operation, b: Operation, A: Side, B: Side, where: string, push: Push) {
  const pa = parameters(a);
  const pb = parameters(b);
  for (const [key, p] of pa) {
    const q = pb.get(key);
    if (!q) {
      push('breaking', 'param-removed', where, `${key} parameter removed (calls that pass it no longer compile)`);
      continue;
    }
    if (q.required && !p.required) push('breaking', 'new-required-param', where, `${key} parameter is now required`);
    compareSchema(p.schema, q.schema, { A, B, dir: 'request', where, base: `${key} parameter`, path: [], push });
  }
  for (const [key, q] of pb) {
    if (pa.has(key)) continue;
    if (q.required) push('breaking', 'new-required-param', where, `new required ${key} parameter`);
    else push('minor', 'param-added', where, `new optional ${key} parameter`);
  }
}

function compareRequestBody(a: Operation, b: Operation, A: Side, B: Side, where: string, push: Push) {
  const ba = a.requestBody;
  const bb = b.requestBody;
  if (!bb) {
    if (ba) push('breaking', 'request-body-removed', where, 'the request body was removed');
    return;
  }
  if (!ba) {
    if (bb.required) push('breaking', 'new-required-request-field', where, 'a request body is now required');
    else push('minor', 'request-field-added', where, 'an optional request body was added');
    return;
  }
  if (bb.required && !ba.required) push('breaking', 'new-required-request-field', where, 'the request body is now required');
  for (const ma of ba.media) {
    const mb = bb.media.find((m) => m.type === ma.type);
    if (!mb) {
      push('breaking', 'request-media-removed', where, `request body ${ma.type} no longer accepted`);
      continue;
    }
    compareSchema(ma.schema, mb.schema, { A, B, dir: 'request', where, base: 'request body', path: [], push });
  }
}

function compareResponses(a: Operation, b: Operation, A: Side, B: Side, where: string, push: Push) {
  for (const xa of a.responses) {
    const xb = b.responses.find((r) => r.status === xa.status);
    if (!xb) {
      push(
        'breaking',
        'response-status-removed',
        where,
        `response ${xa.status} removed (code handling it, and its generated type, go away)`,
      );
      continue;
    }
    for (const ma of xa.media) {
      const mb = xb.media.find((m) => m.type === ma.type);
      if (!mb) {
        push('breaking', 'response-media-removed', where, `response ${xa.status} no longer returns ${ma.type}`);
        continue;
      }
      compareSchema(ma.schema, mb.schema, { A, B, dir: 'response', where, base: `response ${xa.status}`, path: [], push });
    }
  }
  for (const xb of b.responses)
    if (!a.responses.some((r) => r.status === xb.status)) push('minor', 'response-status-added', where, `response ${xb.status} added`);
}

// --- schemas ------------------------------------------------------------------------------------

const TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];

/**
 * What normalize makes of a schema. Keywords are read as the document writes them, a malformed
 * one included (hence `unknown`).
 */
interface Flat {
  /** The types allowed; null: any. */
  types: Set<unknown> | null;
  /** The values allowed; null: any. */
  enum: unknown[] | null;
  /** Property name → its schema (as written). */
  properties: Map<string, unknown>;
  required: Set<unknown>;
  /** The schema of the items (as written); null: none. */
  items: unknown;
  limits: Limits;
}

/** A schema flattened for comparison: types (null = any), enum, properties, required, items. */
function normalize(schema: unknown, doc: unknown, depth = 0): Flat {
  const resolved = resolve(schema, doc);
  if (resolved === true || resolved === undefined || resolved === null || depth > 30)
    return { types: null, enum: null, properties: new Map(), required: new Set(), items: null, limits: {} };
  if (resolved === false) return { types: new Set(), enum: null, properties: new Map(), required: new Set(), items: null, limits: {} };
  // anything else that is not an object (a malformed schema) constrains nothing: no keyword read
  // here is a property of a string, a number or an array
  const s: SpecNode = isObject(resolved) ? resolved : {};
  let types: Set<unknown> | null = s.type === undefined ? null : new Set(Array.isArray(s.type) ? s.type : [s.type]);
  if (s.nullable === true && types) types.add('null');
  let en: unknown[] | null = s.const !== undefined ? [s.const] : Array.isArray(s.enum) ? [...s.enum] : null;
  if (en && s.nullable === true && !en.includes(null)) en.push(null);
  const properties = new Map<string, unknown>(Object.entries(s.properties ?? {}));
  const required = new Set<unknown>(s.required ?? []);
  let items: unknown = s.items ?? null;
  const limits: Limits = Object.fromEntries(LIMITS.map((k) => [k, s[k]]).filter(([, v]) => v !== undefined));

  for (const part of s.allOf ?? []) {
    const n = normalize(part, doc, depth + 1);
    const nTypes = n.types;
    const nEnum = n.enum;
    types =
      types && nTypes ? new Set([...types].filter((t) => nTypes.has(t) || (t === 'integer' && nTypes.has('number')))) : (types ?? nTypes);
    en = en && nEnum ? en.filter((v) => nEnum.some((w) => isDeepStrictEqual(v, w))) : (en ?? nEnum);
    for (const [k, v] of n.properties) if (!properties.has(k)) properties.set(k, v);
    for (const r of n.required) required.add(r);
    items ??= n.items;
    for (const k of LIMITS) if (n.limits[k] !== undefined) limits[k] ??= n.limits[k];
  }
  const union: unknown[] = [...(s.oneOf ?? []), ...(s.anyOf ?? [])];
  if (union.length) {
    const parts = union.map((part) => normalize(part, doc, depth + 1));
    const partTypes = parts.map((n) => n.types);
    const unionTypes = partTypes.every((t) => t !== null) ? new Set(partTypes.flatMap((t) => [...t])) : null;
    types = types && unionTypes ? new Set([...types].filter((t) => unionTypes.has(t))) : (types ?? unionTypes);
    const objects = parts.filter((n) => n.properties.size);
    for (const n of objects) for (const [k, v] of n.properties) if (!properties.has(k)) properties.set(k, v);
    if (objects.length) {
      for (const r of objects[0].required) if (objects.every((n) => n.required.has(r))) required.add(r);
    }
    const enums = parts.map((n) => n.enum);
    if (!en && enums.every((e) => e !== null)) en = enums.flat();
    items ??= parts.find((n) => n.items)?.items ?? null;
  }
  return { types, enum: en, properties, required, items, limits };
}

const LIMITS = [
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'pattern',
] as const;
type Limit = (typeof LIMITS)[number];
/** The limits a schema sets, as written (numbers; booleans for OAS 3.0 exclusive flags; a string pattern). */
type Limits = { [K in Limit]?: unknown };

interface LimitChange {
  readonly k: Limit;
  /** Before and after (undefined: not set). */
  readonly x: unknown;
  readonly y: unknown;
  readonly how: 'tighter' | 'looser' | 'changed';
}

/**
 * How each limit moved: 'tighter' (fewer values allowed), 'looser', or 'changed' (a pattern
 * replaced by another: both at once). OAS 3.0 boolean exclusive flags compare as they are.
 */
function limitChanges(a: Limits, b: Limits): LimitChange[] {
  const out: LimitChange[] = [];
  for (const k of LIMITS) {
    const x = a[k];
    const y = b[k];
    if (isDeepStrictEqual(x, y)) continue;
    let how: LimitChange['how'];
    if (k === 'pattern') how = x === undefined ? 'tighter' : y === undefined ? 'looser' : 'changed';
    else if (typeof x === 'boolean' || typeof y === 'boolean') how = y === true || (x === undefined && y !== false) ? 'tighter' : 'looser';
    else if (x === undefined) how = 'tighter';
    else if (y === undefined) how = 'looser';
    // numbers in a valid document; whatever else is there is compared as JavaScript compares it
    else how = /^(min|exclusiveMin)/.test(k) === (y as number) > (x as number) ? 'tighter' : 'looser';
    out.push({ k, x, y, how });
  }
  return out;
}

const covered = (t: unknown, set: ReadonlySet<unknown> | null) => set === null || set.has(t) || (t === 'integer' && set.has('number'));
const fmtTypes = (set: ReadonlySet<unknown> | null) => (set === null ? 'any' : [...set].join(' | ') || 'nothing');
const fmtEnum = (vals: readonly unknown[]) => vals.map((v) => JSON.stringify(v)).join(', ');

/** The place of a schema being compared, and where its changes go. */
interface SchemaContext {
  readonly A: Side;
  readonly B: Side;
  /** 'request': values the client sends; 'response': values it receives. */
  readonly dir: 'request' | 'response';
  /** The operation ("METHOD /path"). */
  readonly where: string;
  /** The part of the operation: `response 200`, `request body`, `query limit parameter`. */
  readonly base: string;
  /** Property names from there (`tags[]` for the items of tags). */
  readonly path: readonly string[];
  readonly push: Push;
}

/** Where a schema sits: `response 200: data.name`, `request body: tags[]`. */
const label = (ctx: SchemaContext) => `${ctx.base}${ctx.path.length ? `: ${ctx.path.join('.')}` : ''}`;
const into = (ctx: SchemaContext, name: string): SchemaContext => ({ ...ctx, path: [...ctx.path, name] });
const intoItems = (ctx: SchemaContext): SchemaContext =>
  ctx.path.length ? { ...ctx, path: [...ctx.path.slice(0, -1), `${ctx.path.at(-1)}[]`] } : { ...ctx, base: `${ctx.base}[]` };

/** Compares two schemas at one place of the request (dir 'request') or of a response. */
function compareSchema(sa: unknown, sb: unknown, ctx: SchemaContext, seen: ReadonlySet<string> = new Set(), depth = 0) {
  if (sa === undefined && sb === undefined) return;
  const at = label(ctx);
  const refA = isObject(sa) ? sa.$ref : undefined;
  const refB = isObject(sb) ? sb.$ref : undefined;
  const key = `${refA ?? ''}|${refB ?? ''}`;
  if ((refA || refB) && seen.has(key)) return; // a recursive schema: compared once per path
  if (depth > 20) return;
  const next = new Set(seen).add(key);
  const a = normalize(sa, ctx.A.doc);
  const b = normalize(sb, ctx.B.doc);
  const { dir, where, push } = ctx;
  const req = dir === 'request';

  // types
  const lost =
    a.types === null
      ? b.types === null
        ? []
        : TYPES.filter((t) => !covered(t, b.types))
      : [...a.types].filter((t) => !covered(t, b.types));
  const gained =
    b.types === null
      ? a.types === null
        ? []
        : TYPES.filter((t) => !covered(t, a.types))
      : [...b.types].filter((t) => !covered(t, a.types));
  const typeText = `${at}: type ${fmtTypes(a.types)} → ${fmtTypes(b.types)}`;
  if (req) {
    if (lost.length) push('breaking', 'request-type-narrowed', where, `${typeText} (values of type ${lost.join(', ')} are refused)`);
    else if (gained.length) push('minor', 'request-type-widened', where, typeText);
  } else {
    if (gained.includes('null'))
      push('breaking', 'response-field-nullable', where, `${at} can now be null (${fmtTypes(a.types)} → ${fmtTypes(b.types)})`);
    const other = gained.filter((t) => t !== 'null');
    if (other.length) push('breaking', 'response-type-widened', where, `${typeText} (clients now also get ${other.join(', ')})`);
    if (lost.length && !gained.length) push('minor', 'response-type-narrowed', where, typeText);
  }

  // enums (null: any value; in this block one of the two is a list, so `?? []` never applies)
  const ea = a.enum;
  const eb = b.enum;
  if (ea || eb) {
    const has = (list: readonly unknown[], v: unknown) => list.some((w) => isDeepStrictEqual(v, w));
    const removed = ea && eb ? ea.filter((v) => !has(eb, v)) : [];
    const added = ea && eb ? eb.filter((v) => !has(ea, v)) : [];
    if (req) {
      if (!ea) push('breaking', 'request-enum-narrowed', where, `${at}: now limited to ${fmtEnum(eb ?? [])}`);
      else if (removed.length) push('breaking', 'request-enum-narrowed', where, `${at}: ${fmtEnum(removed)} no longer accepted`);
      if (!eb) push('minor', 'request-enum-widened', where, `${at}: any value now accepted`);
      else if (added.length) push('minor', 'request-enum-widened', where, `${at}: ${fmtEnum(added)} now accepted`);
    } else {
      if (!eb) push('breaking', 'response-enum-widened', where, `${at}: no longer limited to ${fmtEnum(ea ?? [])}`);
      else if (added.length)
        push('breaking', 'response-enum-widened', where, `${at}: new value(s) ${fmtEnum(added)} (exhaustive handling breaks)`);
      if (!ea) push('minor', 'response-enum-narrowed', where, `${at}: now limited to ${fmtEnum(eb ?? [])}`);
      else if (removed.length) push('minor', 'response-enum-narrowed', where, `${at}: ${fmtEnum(removed)} no longer returned`);
    }
  }

  // constraints: a request may no longer send what it did; a response may now return what it did not
  for (const c of limitChanges(a.limits, b.limits)) {
    const text = `${at}: ${c.k} ${c.x === undefined ? '(none)' : JSON.stringify(c.x)} → ${c.y === undefined ? '(none)' : JSON.stringify(c.y)}`;
    const worse = req ? c.how !== 'looser' : c.how !== 'tighter';
    const rule = req
      ? worse
        ? 'request-constraint-tightened'
        : 'request-constraint-loosened'
      : worse
        ? 'response-constraint-loosened'
        : 'response-constraint-tightened';
    push(
      worse ? 'breaking' : 'minor',
      rule,
      where,
      `${text}${worse ? (req ? ' (values accepted before are refused)' : ' (clients can now get values they could not before)') : ''}`,
    );
  }

  // properties
  for (const [name, pa] of a.properties) {
    const pb = b.properties.get(name);
    const there = label(into(ctx, name));
    if (pb === undefined) {
      if (req) push('breaking', 'request-field-removed', where, `${there} removed (calls that send it no longer compile)`);
      else push('breaking', 'response-field-removed', where, `${there} removed`);
      continue;
    }
    if (req && b.required.has(name) && !a.required.has(name))
      push('breaking', 'new-required-request-field', where, `${there} is now required`);
    if (!req && a.required.has(name) && !b.required.has(name))
      push('breaking', 'response-field-optional', where, `${there} may now be absent`);
    compareSchema(pa, pb, into(ctx, name), next, depth + 1);
  }
  for (const [name] of b.properties) {
    if (a.properties.has(name)) continue;
    const there = label(into(ctx, name));
    if (req) {
      if (b.required.has(name)) push('breaking', 'new-required-request-field', where, `new required field ${there}`);
      else push('minor', 'request-field-added', where, `new optional field ${there}`);
    } else push('minor', 'response-field-added', where, `new field ${there}`);
  }
  if (a.items || b.items) compareSchema(a.items ?? undefined, b.items ?? undefined, intoItems(ctx), next, depth + 1);
}

// --- helpers ------------------------------------------------------------------------------------

/** Operations by route: /a/{id} and /a/{uuid} are the same route (a renamed path parameter shows as a parameter change). */
const operations = (ops: readonly Operation[]) => new Map(ops.map((o) => [`${o.method} ${o.path.replace(/\{[^}]*\}/g, '{}')}`, o]));

/** A node with its local $refs followed (external refs are bundled away in effective specs). */
const resolve = (node: unknown, doc: unknown): unknown => resolveLocal(doc, node);
