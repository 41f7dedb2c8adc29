// Path templates that carry more than a path, and the overlay actions that give each operation
// its real path.
//
// OpenAPI path keys hold a path only, but real specs write two more things into them:
//   - a query string (`/alerts?lat={lat}&lon={lon}`, `/rest?method=flickr.photos.search`):
//     openapi-fetch appends its own `?query` after the template (a URL with two `?`), and a mock
//     routes by path alone, so such an operation is never reached ("Route not resolved");
//   - a fragment (`/tags/{arn}#tagKeys`, `/#Action=Foo`): the part after `#` is never sent, and a
//     query string after it would be dropped too. The convention (APIs.guru's conversions of AWS
//     and Azure specs, Box) is that it tells apart operations sharing a method and path.
// Each operation moves to its real path (the template up to `?` or `#`). Of the query string,
// `name={var}` makes the parameter `var` (written `in: path`) the query parameter `name`, and
// `name=value` (in the query string or the fragment) a required query parameter of that one
// value, unless a parameter of that name says where it goes (AWS: `#X-Amz-Target=X` is the
// header `X-Amz-Target` with the enum [X]). Operations that then share a method and real path:
//   - with the same request body (or none), or when none of them was written at the real path
//     (AWS: every operation is `POST /#X-Amz-Target=Service.Action`, each with its own body):
//     become one operation (the first one's id), with every parameter (required only where
//     every one of them requires it; the enums of a `name=value` discriminator joined), every
//     response and request body (schemas that differ joined with anyOf) and every security
//     requirement: a spec that gives one endpoint per combination of query parameters
//     (weatherbit.io: by city, by lat/lon, by postal code) keeps all of them, and an AWS client
//     can call every action (its body and response types are unions);
//   - with different bodies beside an operation written at the real path (Box's
//     `PUT /files/{id}#add_shared_link` beside `PUT /files/{id}`): that one stays and the others
//     are removed, since no client that addresses operations by method and path (and no mock)
//     can tell them apart, and the operation as written keeps its precise types.
import { formatPointer, getAt, jsonPathOf, parsePointer, resolveLocal } from '../spec/json-pointer.ts';
import type { GenerationProblem } from './generation-checks.ts';
import type { OverlayAction } from '../defects/types.ts';
import { HTTP_METHODS, isObject, type SpecNode } from '../spec/spec-model.ts';

/** A path template cut where its path ends: the query string after `?`, the fragment after `#`. */
interface SplitTemplate {
  real: string;
  query: string | null;
  fragment: string | null;
}

export function splitTemplate(path: string): SplitTemplate {
  const hash = path.indexOf('#');
  const beforeHash = hash < 0 ? path : path.slice(0, hash);
  const fragment = hash < 0 ? null : path.slice(hash + 1);
  const q = beforeHash.indexOf('?');
  return {
    real: (q < 0 ? beforeHash : beforeHash.slice(0, q)) || '/',
    query: q < 0 ? null : beforeHash.slice(q + 1),
    fragment,
  };
}

/** One `name=value`, `name={var}` or bare `name` of a query string or fragment. */
interface Pair {
  name: string;
  /** `name={var}`: the template variable */
  variable?: string;
  /** `name=value` */
  value?: string;
}

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

function pairsOf(text: string | null, { variables }: { variables: boolean }): Pair[] {
  if (!text) return [];
  const out: Pair[] = [];
  for (const part of text.split('&')) {
    const eq = part.indexOf('=');
    if (eq === 0 || !part) continue;
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    if (eq < 0) {
      // a bare name (`?full`) in a query string is a flag with no value to require; in a fragment it is a label
      continue;
    }
    const raw = part.slice(eq + 1);
    const v = /^\{([^{}]+)\}$/.exec(raw);
    if (v && variables) out.push({ name, variable: v[1] });
    else if (!v) out.push({ name, value: decode(raw) });
  }
  return out;
}

/** An operation as it will be at its real path, and where it was written. */
interface Placed {
  path: string;
  method: string;
  /** written without `?` or `#` */
  existing: boolean;
  op: SpecNode;
}

const paramKey = (p: SpecNode) => `${p.in} ${p.name}`;

/**
 * The operation's parameters (its own, then its path item's it does not override), with `$ref`s
 * to components resolved only where the template changes the parameter, then the template's
 * query pairs.
 */
function parametersAt(doc: unknown, item: SpecNode, op: SpecNode, pairs: Pair[]): SpecNode[] {
  const resolved = (p: unknown): SpecNode => {
    const r = resolveLocal(doc, p);
    return isObject(r) ? r : {};
  };
  const own = (Array.isArray(op.parameters) ? op.parameters : []) as unknown[];
  const shared = (Array.isArray(item.parameters) ? item.parameters : []) as unknown[];
  const ownKeys = new Set(own.map((p) => paramKey(resolved(p))));
  let list = [...own, ...shared.filter((p) => !ownKeys.has(paramKey(resolved(p))))].map((p) => structuredClone(p) as SpecNode);
  const has = (name: string, where?: string) =>
    list.some((p) => (where ? paramKey(resolved(p)) === `${where} ${name}` : resolved(p).name === name && resolved(p).in !== 'path'));
  for (const pair of pairs) {
    if (pair.variable !== undefined) {
      const variable = pair.variable;
      const i = list.findIndex((p) => paramKey(resolved(p)) === `path ${variable}`);
      if (has(pair.name, 'query')) {
        if (i >= 0) list = list.filter((_, j) => j !== i);
      } else if (i >= 0) {
        list[i] = { ...structuredClone(resolved(list[i])), name: pair.name, in: 'query', required: true };
      } else {
        list.push({ name: pair.name, in: 'query', required: true, schema: { type: 'string' } });
      }
    } else if (!has(pair.name)) {
      // a parameter of that name says where it goes already (AWS: `#X-Amz-Target=...` is a header with that enum)
      list.push({ name: pair.name, in: 'query', required: true, schema: { type: 'string', enum: [pair.value] } });
    }
  }
  return list;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Several operations sharing a method and real path, as one (see the header). */
function mergeOperations(doc: unknown, group: Placed[]): SpecNode {
  const [first] = group;
  const merged: SpecNode = structuredClone(first.op);
  const resolved = (p: unknown): SpecNode => {
    const r = resolveLocal(doc, p);
    return isObject(r) ? r : {};
  };
  // parameters: every one; required where each operation requires it; enums of one value joined
  const params = new Map<string, SpecNode>();
  for (const { op } of group) {
    for (const p of (op.parameters ?? []) as SpecNode[]) {
      const k = paramKey(resolved(p));
      const prev = params.get(k);
      if (!prev) {
        params.set(k, structuredClone(p));
        continue;
      }
      const a = resolved(prev);
      const b = resolved(p);
      const ea = isObject(a.schema) && Array.isArray(a.schema.enum) ? a.schema.enum : null;
      const eb = isObject(b.schema) && Array.isArray(b.schema.enum) ? b.schema.enum : null;
      if (ea && eb && !same(ea, eb)) {
        params.set(k, { ...structuredClone(a), schema: { ...structuredClone(a.schema), enum: [...new Set([...ea, ...eb])] } });
      }
    }
  }
  merged.parameters = [...params.entries()].map(([k, p]) => {
    const everywhere = group.every(({ op }) =>
      ((op.parameters ?? []) as SpecNode[]).some((q) => paramKey(resolved(q)) === k && resolved(q).required === true),
    );
    const r = resolved(p);
    if (r.in === 'path' || everywhere || r.required !== true) return p;
    return { ...structuredClone(r), required: false };
  });
  // request bodies (when they differ, no operation was written at the real path: AWS's
  // `/#X-Amz-Target=...`): the schemas of each media type joined with anyOf
  const bodies = group.map(({ op }) => op.requestBody);
  if (!bodies.every((b) => same(b, bodies[0]))) {
    const objects = bodies.filter((b) => b !== undefined).map(resolved);
    merged.requestBody = {
      ...(objects.length === group.length && objects.every((b) => b.required === true) ? { required: true } : {}),
      content: joinContent(objects),
    };
  }
  // responses: the same status with different content gets the schemas joined with anyOf
  const statuses = [...new Set(group.flatMap(({ op }) => Object.keys(isObject(op.responses) ? op.responses : {})))];
  // entries, not assignments: a status key is the spec's own text (`__proto__` included)
  const responses: [string, unknown][] = [];
  for (const status of statuses) {
    const all = group
      .map(({ op }) => (isObject(op.responses) && Object.hasOwn(op.responses, status) ? op.responses[status] : undefined))
      .filter((r) => r !== undefined);
    const distinct = all.filter((r, i) => all.findIndex((s) => same(s, r)) === i);
    if (distinct.length === 1) {
      responses.push([status, structuredClone(distinct[0])]);
      continue;
    }
    const objects = distinct.map(resolved);
    const content = joinContent(objects);
    const { content: _, ...rest } = structuredClone(objects[0]);
    responses.push([status, Object.keys(content).length ? { ...rest, content } : rest]);
  }
  merged.responses = Object.fromEntries(responses);
  // security: any one operation's requirements is enough
  const docSecurity = isObject(doc) ? doc.security : undefined;
  const securities = group.map(({ op }) => op.security ?? docSecurity ?? []);
  if (!securities.every((s) => same(s, securities[0]))) {
    const reqs = securities.flatMap((s) => ((s as unknown[]).length ? (s as unknown[]) : [{}]));
    merged.security = reqs.filter((r, i) => reqs.findIndex((q) => same(q, r)) === i);
  }
  const tags = [...new Set(group.flatMap(({ op }) => (Array.isArray(op.tags) ? op.tags : [])))];
  if (tags.length) merged.tags = tags;
  const written = group.map(({ path, op }) => `${path}${op.operationId ? ` (${op.operationId})` : ''}`).join(', ');
  const note = `One operation for ${group.length} written as: ${written}.`;
  merged.description = typeof first.op.description === 'string' && first.op.description ? `${first.op.description}\n\n${note}` : note;
  return merged;
}

/** The `content` of several request bodies or responses: per media type, the distinct schemas (anyOf when more than one). */
function joinContent(objects: SpecNode[]): SpecNode {
  const lists = new Map<string, unknown[]>();
  for (const r of objects) {
    for (const [media, m] of Object.entries(isObject(r.content) ? r.content : {})) {
      const schema = (isObject(m) ? m.schema : undefined) ?? {};
      const list = lists.get(media) ?? [];
      if (!list.some((x) => same(x, schema))) list.push(schema);
      lists.set(media, list);
    }
  }
  return Object.fromEntries(
    [...lists].map(([media, list]) => [media, { schema: list.length === 1 ? structuredClone(list[0]) : { anyOf: structuredClone(list) } }]),
  );
}

/**
 * Paths whose template has a query string or a fragment, and the actions that give each
 * operation its real path (see the header).
 */
export function pathTemplateProblems(doc: unknown): GenerationProblem[] {
  const paths: SpecNode = isObject(doc) && isObject(doc.paths) ? doc.paths : {};
  const odd = Object.keys(paths).filter((p) => /[?#]/.test(p));
  if (!odd.length) return [];
  // method + real path -> the operations that will be there (the spec's own first)
  const groups = new Map<string, Placed[]>();
  const place = (real: string, p: Placed) => {
    const k = `${p.method} ${real}`;
    groups.set(k, [...(groups.get(k) ?? []), p]);
  };
  for (const [path, item] of Object.entries(paths)) {
    if (/[?#]/.test(path) || !isObject(item)) continue;
    for (const m of HTTP_METHODS) if (isObject(item[m])) place(path, { path, method: m, existing: true, op: item[m] });
  }
  for (const path of odd) {
    const item = paths[path];
    if (!isObject(item)) continue;
    const { real, query, fragment } = splitTemplate(path);
    const pairs = [...pairsOf(query, { variables: true }), ...pairsOf(fragment, { variables: false })];
    for (const m of HTTP_METHODS) {
      const op = item[m];
      if (!isObject(op)) continue;
      place(real, { path, method: m, existing: false, op: { ...structuredClone(op), parameters: parametersAt(doc, item, op, pairs) } });
    }
  }
  const notes = new Map<string, string[]>(odd.map((p) => [p, []]));
  const removed = new Set(odd);
  const moves: OverlayAction[] = [];
  const added = new Map<string, SpecNode>(); // real path not in the spec -> the path item being made for it
  for (const [key, group] of groups) {
    if (group.every((g) => g.existing)) continue;
    const method = key.slice(0, key.indexOf(' '));
    const real = key.slice(key.indexOf(' ') + 1);
    const M = method.toUpperCase();
    const name = (g: Placed) => `${M} ${g.path}${g.op.operationId ? ` (${g.op.operationId})` : ''}`;
    let op: SpecNode;
    let replaces = false;
    if (group.length === 1) {
      op = group[0].op;
      notes.get(group[0].path)?.push(`${name(group[0])}: moved to ${M} ${real}`);
    } else if (group.every((g) => same(g.op.requestBody, group[0].op.requestBody)) || !group.some((g) => g.existing)) {
      op = mergeOperations(doc, group);
      replaces = group[0].existing;
      for (const g of group) {
        const others = group.filter((o) => o !== g);
        const together = others.length <= 3 ? others.map(name).join(', ') : `${others.length} others`;
        if (!g.existing) notes.get(g.path)?.push(`${name(g)}: one operation with ${together} at ${M} ${real}`);
      }
    } else {
      const [kept] = group;
      op = kept.op;
      if (!kept.existing) notes.get(kept.path)?.push(`${name(kept)}: moved to ${M} ${real}`);
      for (const g of group.slice(1)) {
        notes
          .get(g.path)
          ?.push(
            `${name(g)}: ${M} ${real} is also ${kept.op.operationId ?? 'an operation'}${kept.existing ? '' : ` (${kept.path})`}, with another request body; removed`,
          );
      }
      if (kept.existing) continue;
    }
    op = inlineRefs(doc, op, removed) as SpecNode;
    const item = paths[real];
    if (isObject(item)) {
      const description = `${M} ${real}: ${group.map((g) => g.path).join(', ')} as the operation at its real path (a query string or fragment in a path template is not part of the path).`;
      if (replaces) moves.push({ target: jsonPathOf(['paths', real, method]), description, remove: true, 'x-fixes': ['generation'] });
      moves.push({ target: jsonPathOf(['paths', real]), description, update: { [method]: op }, 'x-fixes': ['generation'] });
    } else {
      added.set(real, { ...(added.get(real) ?? {}), [method]: op });
    }
  }
  const fixesOf = (path: string) => (splitTemplate(path).query !== null ? ['generation', 'path-not-include-query'] : ['generation']);
  // the new path items, then the removals (after every move that copies from them)
  // references into the path items that go (OBS: another operation's `$ref` to
  // `#/paths/~1request?view=collection/get/parameters/6`) get a copy of what they point at, first
  const actions: OverlayAction[] = [];
  for (const at of refsInto(doc, removed)) {
    const node = getAt(doc, at) as SpecNode;
    const inlined = inlineRefs(doc, node, removed);
    if (!isObject(inlined) || Object.hasOwn(inlined, '$ref')) continue; // not an object, or a loop: left for a person
    const description = `${node.$ref} points into a path item that is moved to its real path (a query string or fragment in a path template is not part of the path): a copy of what it points at instead.`;
    actions.push({ target: jsonPathOf([...at, '$ref']), description, remove: true, 'x-fixes': ['generation'] });
    actions.push({ target: jsonPathOf(at), description, update: inlined, 'x-fixes': ['generation'] });
  }
  actions.push(...moves);
  for (const [real, item] of added) {
    actions.push({
      target: '$.paths',
      description: `${real}: the real path of ${odd.filter((p) => splitTemplate(p).real === real).join(', ')} (a query string or fragment in a path template is not part of the path).`,
      update: { [real]: item },
      'x-fixes': ['generation'],
    });
  }
  for (const path of odd) {
    const n = notes.get(path) ?? [];
    actions.push({
      target: jsonPathOf(['paths', path]),
      description: `${what(path)}: ${n.join('; ')}.${n.some((x) => x.endsWith('removed')) ? ' A client that addresses operations by method and path (and a mock) cannot tell such operations apart; describe what differs in the operation that stays, if you need it.' : ''}`,
      remove: true,
      'x-fixes': fixesOf(path),
    });
  }
  // one list for all of them, on the first problem (the order matters: moves before removals)
  return odd.map((path, i) => ({
    message: `path ${path}: ${what(path)}: ${(notes.get(path) ?? []).join('; ')}`,
    pointer: formatPointer(['paths', path]),
    fix: i === 0 ? actions : [],
    covered: true,
  }));
}

/** Whether a local `$ref` points into one of the path items that go. */
const pointsInto = (ref: unknown, removed: ReadonlySet<string>): ref is string => {
  if (typeof ref !== 'string' || !ref.startsWith('#')) return false;
  const [first, second] = parsePointer(ref);
  return first === 'paths' && second !== undefined && removed.has(second);
};

/** A copy of `node` with each `$ref` into a path item that goes replaced by a copy of its target (followed again, bounded). */
function inlineRefs(doc: unknown, node: unknown, removed: ReadonlySet<string>, depth = 0): unknown {
  if (Array.isArray(node)) return node.map((x) => inlineRefs(doc, x, removed, depth));
  if (!isObject(node)) return node;
  if (pointsInto(node.$ref, removed) && depth < 16) {
    const target = getAt(doc, node.$ref);
    if (isObject(target)) {
      const { $ref: _, ...siblings } = node;
      return { ...(inlineRefs(doc, target, removed, depth + 1) as SpecNode), ...(inlineRefs(doc, siblings, removed, depth) as SpecNode) };
    }
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inlineRefs(doc, v, removed, depth)]));
}

/** Where the document (outside the path items that go) has a `$ref` into one of them. */
function refsInto(doc: unknown, removed: ReadonlySet<string>): (string | number)[][] {
  const out: (string | number)[][] = [];
  const walk = (node: unknown, at: (string | number)[]) => {
    if (Array.isArray(node)) {
      for (const [i, x] of node.entries()) walk(x, [...at, i]);
    } else if (isObject(node)) {
      if (pointsInto(node.$ref, removed)) out.push(at);
      for (const [k, v] of Object.entries(node)) if (!(at.length === 1 && at[0] === 'paths' && removed.has(k))) walk(v, [...at, k]);
    }
  };
  walk(doc, []);
  return out;
}

function what(path: string): string {
  const { query, fragment } = splitTemplate(path);
  if (query !== null && fragment === null)
    return 'a query string is not part of a path template (a client appends its own, a mock routes by path alone)';
  if (query === null) return '`#` starts a URL fragment, which is never sent (and a query string after it would be lost too)';
  return 'a query string and a fragment are not part of a path template';
}
