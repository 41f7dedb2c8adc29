// Pagination and webhook facts of a spec, from our overlay extensions (docs/clients.md,
// "Pagination" and "Webhooks"): the run-time facts codegen writes into `spec` (api.gen.ts) and
// the types next to them (`Pages`, `Webhooks`). Read from the spec model, checked here once:
// a malformed extension stops generation naming the JSON pointer and what to write.
//
//   x-capi-pagination (on an operation):
//     { style: cursor,   request: { cursor: <query param> }, response: { items: <pointer>, next: <pointer> } }
//     { style: offset,   request: { offset: <query param>, limit?: <query param> }, response: { items } }
//     { style: page,     request: { page: <query param> }, start?: <first page, default 1>, response: { items } }
//     { style: link,     response: { items } }                       (the Link header's rel="next")
//     { style: next-url, response: { items, next: <pointer to the next URL> } }
//   x-capi-webhook-signature (at document level):
//     { algorithm: hmac-sha256, header, timestampHeader?, payload: body | timestamp.body,
//       encoding: hex | base64, prefix?, tolerance? (seconds), event?: { header } | { pointer } }
import { UserError } from '../shared/errors.ts';
import { tsString } from '../shared/names.ts';
import { isObject, type Operation, type SpecModel, type SpecNode } from '../spec/spec-model.ts';
import { parsePointer } from '../spec/json-pointer.ts';

export type PaginationStyle = 'cursor' | 'offset' | 'page' | 'link' | 'next-url';
export const PAGINATION_STYLES: readonly PaginationStyle[] = ['cursor', 'offset', 'page', 'link', 'next-url'];

/** What `x-capi-pagination` says, checked (the same shape @capi/core's PaginationFact reads). */
export interface PaginationFact {
  style: PaginationStyle;
  request?: Record<string, string>;
  start?: number;
  response: { items: string; next?: string };
}

/** The request parameters each style names (required ones first) and whether `response.next` is needed. */
const STYLE: Record<PaginationStyle, { params: string[]; optional: string[]; next: boolean }> = {
  cursor: { params: ['cursor'], optional: [], next: true },
  offset: { params: ['offset'], optional: ['limit'], next: false },
  page: { params: ['page'], optional: [], next: false },
  link: { params: [], optional: [], next: false },
  'next-url': { params: [], optional: [], next: true },
};

const isPointer = (p: unknown): p is string => typeof p === 'string' && (p === '' || p.startsWith('/'));

/** The checked `x-capi-pagination` of one operation, or undefined when it declares none. */
function paginationOf(op: Operation): PaginationFact | undefined {
  const ext = op.node['x-capi-pagination'];
  if (ext === undefined) return undefined;
  const where = `${op.pointer}/x-capi-pagination`;
  const bad = (what: string) =>
    new UserError(`${op.key}: ${where}: ${what} (see docs/clients.md, "Pagination", for the shape of x-capi-pagination)`);
  if (!isObject(ext)) throw bad('must be an object { style, request, response }');
  const style = ext.style as PaginationStyle;
  if (!PAGINATION_STYLES.includes(style)) throw bad(`style must be one of ${PAGINATION_STYLES.join(', ')}`);
  const rule = STYLE[style];
  const request: Record<string, string> = {};
  const givenRequest = isObject(ext.request) ? ext.request : {};
  const query = new Set(op.parameters.filter((p) => p.in === 'query').map((p) => p.name));
  for (const key of [...rule.params, ...rule.optional]) {
    const name = givenRequest[key];
    if (name === undefined && rule.optional.includes(key)) continue;
    if (typeof name !== 'string' || !name) throw bad(`request.${key} must name the query parameter that carries the ${key}`);
    if (!query.has(name)) throw bad(`request.${key}: the operation has no query parameter "${name}"`);
    request[key] = name;
  }
  const response = isObject(ext.response) ? ext.response : {};
  if (!isPointer(response.items)) throw bad(`response.items must be a JSON pointer into the response body ('' for the body itself)`);
  if (rule.next && !isPointer(response.next))
    throw bad(`response.next must be a JSON pointer to the next ${style === 'cursor' ? 'cursor' : 'URL'} in the body`);
  if (ext.start !== undefined && (style !== 'page' || !Number.isInteger(ext.start))) throw bad('start is an integer, for style page only');
  if (!okJson(op)) throw bad('the operation has no 2xx JSON response to page through');
  return {
    style,
    ...(rule.params.length ? { request } : {}),
    ...(ext.start !== undefined ? { start: ext.start as number } : {}),
    response: { items: response.items, ...(rule.next ? { next: response.next as string } : {}) },
  };
}

const okJson = (op: Operation) => op.responses.find((r) => /^2/.test(r.status) && r.json);

/** Per "METHOD /path": its pagination, for operations that declare one. */
export function paginationFacts(model: SpecModel): Record<string, PaginationFact> {
  const out: Record<string, PaginationFact> = {};
  for (const op of model.operations) {
    const fact = paginationOf(op);
    if (fact) out[op.key] = fact;
  }
  return out;
}

/** A TypeScript string literal. */
const lit = tsString;

/** The `Pages` type of api.gen.ts: per paging operation its page, item and parameters types. */
export function pagesType(model: SpecModel, facts: Record<string, PaginationFact>): string[] {
  const keys = Object.keys(facts);
  // always written, `{}` when nothing pages: a factory passes `Pages` to createProviderClient
  // whatever the spec says, so `client.paginate` is typed once the overlay declares an operation
  if (!keys.length) return ['/** Per paging operation (x-capi-pagination): none declared. */', 'export type Pages = {};', ''];
  const lines = [
    '/** Per paging operation (x-capi-pagination): its page (response body), item and parameters types. */',
    'export type Pages = {',
  ];
  for (const [key, fact] of Object.entries(facts)) {
    const op = model.operation(key);
    const ok = op && okJson(op);
    if (!op || !ok?.json) continue; // paginationOf refused these
    const opType = `paths[${lit(op.path)}][${lit(op.method.toLowerCase())}]`;
    const page = `${opType}['responses'][${/^\d+$/.test(ok.status) ? ok.status : lit(ok.status)}]['content'][${lit(ok.json.type)}]`;
    let items = page;
    for (const seg of parsePointer(fact.response.items)) items = `NonNullable<${items}>[${lit(seg)}]`;
    lines.push(
      `  ${lit(key)}: {`,
      `    page: ${page};`,
      `    item: NonNullable<${items}>[number];`,
      `    params: ${opType}['parameters'];`,
      '  };',
    );
  }
  lines.push('};', '');
  return lines;
}

/** The checked `x-capi-webhook-signature` of a document, or undefined. */
export function webhookSignature(doc: SpecNode): Record<string, unknown> | undefined {
  const ext = doc['x-capi-webhook-signature'];
  if (ext === undefined) return undefined;
  const bad = (what: string) =>
    new UserError(`#/x-capi-webhook-signature: ${what} (see docs/clients.md, "Webhooks", for the shape of x-capi-webhook-signature)`);
  if (!isObject(ext)) throw bad('must be an object { algorithm, header, payload, encoding, ... }');
  const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
  if (ext.algorithm !== 'hmac-sha256') throw bad('algorithm must be hmac-sha256');
  if (typeof ext.header !== 'string' || !token.test(ext.header)) throw bad('header must be a header name');
  if (ext.timestampHeader !== undefined && (typeof ext.timestampHeader !== 'string' || !token.test(ext.timestampHeader))) {
    throw bad('timestampHeader must be a header name');
  }
  if (ext.payload !== 'body' && ext.payload !== 'timestamp.body') throw bad('payload must be body or timestamp.body');
  if (ext.payload === 'timestamp.body' && ext.timestampHeader === undefined) throw bad('payload timestamp.body needs timestampHeader');
  if (ext.encoding !== 'hex' && ext.encoding !== 'base64') throw bad('encoding must be hex or base64');
  if (ext.prefix !== undefined && typeof ext.prefix !== 'string') throw bad('prefix must be a string');
  if (ext.tolerance !== undefined && !(Number.isInteger(ext.tolerance) && (ext.tolerance as number) > 0)) {
    throw bad('tolerance must be a positive whole number of seconds');
  }
  const ev = ext.event;
  if (
    ev !== undefined &&
    !(
      isObject(ev) &&
      ((typeof ev.header === 'string' && token.test(ev.header)) || (typeof ev.pointer === 'string' && ev.pointer.startsWith('/')))
    )
  ) {
    throw bad('event must be { header: <header name> } or { pointer: <JSON pointer into the body> }');
  }
  const keys = ['algorithm', 'header', 'timestampHeader', 'payload', 'encoding', 'prefix', 'tolerance', 'event'];
  return Object.fromEntries(keys.filter((k) => ext[k] !== undefined).map((k) => [k, ext[k]]));
}

/**
 * The `Webhooks` type of api.gen.ts (event name -> payload type) and `webhookNames`: OAS 3.1
 * `webhooks` (typed by openapi-typescript's `webhooks`) and each operation's `callbacks` (the
 * callback's name; its payload typed when its schema is a component schema, else unknown).
 */
export function webhooksType(model: SpecModel): { lines: string[]; usesWebhooks: boolean } {
  const doc = model.source;
  const entries: [string, string][] = [];
  let usesWebhooks = false;
  const firstBody = (item: unknown): { schema: unknown; type: string; method: string } | undefined => {
    const node = model.resolve(item);
    if (!node) return undefined;
    for (const method of ['post', 'put', 'patch']) {
      const content = model.resolve(model.resolve(node[method])?.requestBody)?.content;
      if (!isObject(content)) continue;
      const type = Object.keys(content).find((t) => /json/i.test(t));
      if (type) return { schema: (content[type] as SpecNode)?.schema, type, method };
    }
    return undefined;
  };
  for (const name of Object.keys(isObject(doc.webhooks) ? doc.webhooks : {})) {
    const body = firstBody(doc.webhooks[name]);
    if (!body) continue;
    usesWebhooks = true;
    entries.push([name, `NonNullable<webhooks[${lit(name)}][${lit(body.method)}]['requestBody']>['content'][${lit(body.type)}]`]);
  }
  for (const op of model.operations) {
    const callbacks = model.resolve(op.node.callbacks);
    for (const [name, node] of Object.entries(callbacks ?? {})) {
      if (entries.some(([n]) => n === name)) continue;
      const cb = model.resolve(node) ?? {};
      const body = Object.values(cb).map(firstBody).find(Boolean);
      if (!body) continue;
      const ref = isObject(body.schema) && typeof body.schema.$ref === 'string' ? body.schema.$ref : '';
      const segments = ref.startsWith('#/components/schemas/') ? parsePointer(ref) : [];
      const component = segments.length === 3 ? segments[2] : undefined;
      entries.push([name, component ? `components['schemas'][${lit(component)}]` : 'unknown']);
    }
  }
  if (!entries.length) return { lines: [], usesWebhooks };
  return {
    usesWebhooks,
    lines: [
      '/** Inbound events (OAS 3.1 webhooks, 3.0 callbacks): event name -> payload type. verifyWebhook<Webhooks>() returns them. */',
      'export type Webhooks = {',
      ...entries.map(([name, type]) => `  ${lit(name)}: ${type};`),
      '};',
      `export const webhookNames = [${entries.map(([n]) => lit(n)).join(', ')}] as const;`,
      '',
    ],
  };
}
