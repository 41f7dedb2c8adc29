// The client's fast path (docs/clients.md, "The fast path"): on a transport that can take a
// request as plain values (direct.ts; the Node transport), a call is serialised once, here, the
// way openapi-fetch and fetch's Request would (the same URL, headers and body bytes), sent with
// no Request, Headers, Response or stream built, and its body read once and parsed the way
// openapi-fetch parses it. Anything this file does not reproduce exactly (a stream, Blob or
// FormData body, a caller's serialisers, `parseAs: 'stream'`, per-call `fetch`, `baseUrl` or
// `middleware`) goes the Request way instead (`prepareFast` returns undefined).
import { createFinalURL, createQuerySerializer, defaultBodySerializer, defaultPathSerializer } from 'openapi-fetch';
import type { DirectReply } from './direct.js';
import { isJsonMedia, TEXT_TYPE } from './body.js';
import type { PlainRequest } from './auth.js';

/** A call serialised once: every attempt sends these (authentication adds its headers per attempt). */
export interface FastRequest {
  readonly url: string;
  readonly origin: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array | undefined;
  readonly parseAs: 'json' | 'text' | 'blob' | 'arrayBuffer' | undefined;
}

/** What a client's base URL is on the fast path: only a URL the WHATWG parser leaves as it is. */
export interface FastBase {
  readonly baseUrl: string;
  readonly origin: string;
  /** The client's `headers` option. */
  readonly headers: Readonly<Record<string, unknown>> | undefined;
  /** The client's headers merged once, as every call starts from them: with a body (JSON's Content-Type first) and without. */
  readonly merged: { readonly body: Readonly<Record<string, string>>; readonly none: Readonly<Record<string, string>> };
  /** Whether paths can be built by the compiled templates (pathOf): the base holds no `{`, which openapi-fetch would read as a parameter. */
  readonly compiled: boolean;
}

/** The base for a client, or undefined when its base URL is not written as the URL parser writes it. */
export function fastBase(baseUrl: string, headers: Readonly<Record<string, unknown>> | undefined): FastBase | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return undefined;
  }
  const path = url.pathname === '/' ? '' : url.pathname;
  if (url.search || url.hash || `${url.origin}${path}` !== baseUrl) return undefined;
  const merged = { body: mergeHeaders({}, [JSON_DEFAULT, headers]), none: mergeHeaders({}, [headers]) };
  return { baseUrl, origin: url.origin, headers, merged, compiled: !baseUrl.includes('{') };
}

/** Per-call options only openapi-fetch's own path handles. */
const REQUEST_WAY = ['querySerializer', 'pathSerializer', 'baseUrl', 'fetch', 'Request', 'middleware'];
const PARSE_AS = new Set([undefined, 'json', 'text', 'blob', 'arrayBuffer']);

/** Whether a call's options (before the client sets its body serialiser) can take the fast path. */
export function fastOptions(init: Record<string, unknown>): boolean {
  if (init.bodySerializer !== undefined || !PARSE_AS.has(init.parseAs as string | undefined)) return false;
  for (const key of REQUEST_WAY) if (init[key] !== undefined) return false;
  return true;
}

const querySerializer = createQuerySerializer();

/**
 * Path and query as the URL parser writes them: characters it would percent-encode, a dot
 * segment (which it removes) or a fragment send the string through `new URL` instead.
 */
const SAFE = /^\/[A-Za-z0-9\-._~!$&()*+,;=:@/%?]*$/;
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:[/?]|$)/i;

/**
 * The call serialised as openapi-fetch and Request would: URL (path and query serialisers),
 * headers (the client's, the call's, its header parameters; `null` removes one), body (the
 * client's serialiser when it set one, else openapi-fetch's default) and the Content-Type a
 * Request adds. Undefined for a body this path does not send itself.
 */
export function prepareFast(base: FastBase, method: string, schemaPath: string, init: Record<string, unknown>): FastRequest | undefined {
  const params = (init.params ?? {}) as { header?: unknown; path?: Record<string, unknown>; query?: Record<string, unknown> };
  // the client's serialiser (a declared media type) ignores the headers; openapi-fetch's reads the Content-Type
  const own = init.bodySerializer as ((body: unknown) => unknown) | undefined;
  const raw =
    init.body === undefined
      ? undefined
      : own
        ? own(init.body)
        : (defaultBodySerializer as (body: unknown, headers: unknown) => unknown)(
            init.body,
            mergeHeaders({}, [base.headers, init.headers, params.header]),
          );
  if (raw instanceof FormData) return undefined;
  // the client's headers were merged once; the call's go on top of a copy
  const headers = { ...(raw === undefined ? base.merged.none : base.merged.body) };
  if (init.headers || params.header) mergeHeaders(headers, [init.headers, params.header]);
  let body: string | Uint8Array | undefined;
  if (raw === undefined || raw === null) body = undefined;
  else if (typeof raw === 'string') {
    body = raw;
    headers['content-type'] ??= 'text/plain;charset=UTF-8';
  } else if (raw instanceof URLSearchParams) {
    body = raw.toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
  } else if (raw instanceof ArrayBuffer) body = new Uint8Array(raw);
  else if (ArrayBuffer.isView(raw)) body = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  else return undefined; // a Blob, a stream, anything else: as a Request does
  if (body !== undefined && (method === 'GET' || method === 'HEAD')) return undefined; // a Request refuses it: let it say so
  // the operation's own query styles, when the client set them (call.ts); else openapi-fetch's default
  const query = (init.querySerializer as typeof querySerializer | undefined) ?? querySerializer;
  // the path by the template compiled once (openapi-fetch's default serialiser otherwise), then the query
  const pathUrl = base.compiled ? pathOf(base.baseUrl, schemaPath, params.path) : undefined;
  let full: string;
  if (pathUrl === undefined) {
    full = createFinalURL(schemaPath, { baseUrl: base.baseUrl, params, querySerializer: query, pathSerializer: defaultPathSerializer });
  } else {
    let search = query === querySerializer && params.query === undefined ? '' : query(params.query ?? {});
    if (search.startsWith('?')) search = search.substring(1);
    full = search ? `${pathUrl}?${search}` : pathUrl;
  }
  let url = full;
  let path = full.slice(base.origin.length);
  const q = path.indexOf('?');
  if (!full.startsWith(`${base.baseUrl}/`) || !SAFE.test(path) || DOT_SEGMENT.test(q < 0 ? path : path.slice(0, q))) {
    const parsed = new URL(full);
    if (parsed.origin !== base.origin) return undefined;
    url = parsed.href;
    path = parsed.pathname + parsed.search;
  }
  return { url, origin: base.origin, path, headers, body, parseAs: init.parseAs as FastRequest['parseAs'] };
}

const JSON_DEFAULT = { 'content-type': 'application/json' };

/**
 * A path template compiled once (openapi-fetch's PATH_PARAM_RE): its literal parts around its
 * parameters; null when one has a style other than simple (label, matrix, explode), which
 * openapi-fetch's serialiser writes.
 */
interface CompiledPath {
  readonly parts: readonly string[];
  readonly names: readonly string[];
}
const compiledPaths = new Map<string, CompiledPath | null>();
function compiledPath(template: string): CompiledPath | null {
  let known = compiledPaths.get(template);
  if (known !== undefined) return known;
  const parts: string[] = [];
  const names: string[] = [];
  let last = 0;
  known = { parts, names };
  for (const m of template.matchAll(/\{[^{}]+\}/g)) {
    const name = m[0].slice(1, -1);
    if (name.endsWith('*') || name.startsWith('.') || name.startsWith(';')) {
      known = null;
      break;
    }
    parts.push(template.slice(last, m.index));
    names.push(name);
    last = m.index + m[0].length;
  }
  parts.push(template.slice(last));
  // the templates of the generated types are few; a caller's own strings (`request()`) are not kept past a bound
  if (compiledPaths.size < 4096) compiledPaths.set(template, known);
  return known;
}

/**
 * The base URL and path with its parameters, as openapi-fetch's createFinalURL and default path
 * serialiser write them (each simple parameter of a primitive value percent-encoded in place),
 * without reading the template per call; undefined where that serialiser is needed (another
 * style, an object or array value, a missing value).
 */
function pathOf(baseUrl: string, template: string, values: Record<string, unknown> | undefined): string | undefined {
  if (!values) return `${baseUrl}${template}`; // as createFinalURL: no path parameters, no serialiser
  const compiled = compiledPath(template);
  if (!compiled) return undefined;
  const { parts, names } = compiled;
  let out = baseUrl + parts[0];
  for (let i = 0; i < names.length; i++) {
    const value = values[names[i]!];
    if (value === undefined || value === null || typeof value === 'object') return undefined;
    out += encodeURIComponent(value as string) + parts[i + 1];
  }
  return out;
}

/** openapi-fetch's mergeHeaders into a plain object (`out`): lower-case names, values trimmed as Headers trims them. */
function mergeHeaders(out: Record<string, string>, sources: unknown[]): Record<string, string> {
  for (const h of sources) {
    if (!h || typeof h !== 'object') continue;
    const entries = h instanceof Headers ? [...h] : Object.entries(h);
    for (const [k, v] of entries) {
      const name = k.toLowerCase();
      if (v === null) delete out[name];
      else if (Array.isArray(v)) for (const one of v) out[name] = name in out ? `${out[name]}, ${trim(one)}` : trim(one);
      else if (v !== undefined) out[name] = trim(v);
    }
  }
  return out;
}
const trim = (v: unknown) => {
  const text = String(v);
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  // most values have no whitespace at either end: no regular expression for them
  return first > 32 && last > 32 ? text : text.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
};

/** A reply's headers as a Response's `headers.get` reads them (a repeated header joined with ", "). */
class ReplyHeaders {
  private readonly raw: DirectReply['headers'];
  constructor(raw: DirectReply['headers']) {
    this.raw = raw;
  }
  get(name: string): string | null {
    const v = this.raw[name.toLowerCase()];
    return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
  }
}

/** A reply's head, and the WHATWG Response a caller gets only when it reads `response`. */
export class ReplyHead {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  private made: Response | undefined;
  readonly reply: DirectReply;

  constructor(reply: DirectReply) {
    this.reply = reply;
    this.status = reply.status;
    this.statusText = reply.statusText;
    this.ok = reply.status >= 200 && reply.status < 300;
    this.headers = new ReplyHeaders(reply.headers);
  }

  /** The Response: status, status text and headers as received; its body was read by the client (empty). */
  toResponse(): Response {
    if (this.made) return this.made;
    const headers = new Headers();
    for (const [k, v] of Object.entries(this.reply.headers)) {
      for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) {
        try {
          headers.append(k, one);
        } catch {
          // a value Headers refuses (undici let it through): left out
        }
      }
    }
    const status = this.status < 200 || this.status > 599 ? 200 : this.status;
    try {
      this.made = new Response(null, { status, statusText: this.statusText, headers });
    } catch {
      this.made = new Response(null, { status, headers }); // a reason phrase Response refuses
    }
    return this.made;
  }
}

/** Statuses without content (fetch gives them no body), as the Request way reads them. */
const NO_CONTENT = new Set([101, 204, 205, 304]);
/**
 * The body read once and parsed as the Request way does: nothing for a status without content,
 * a HEAD or a zero length; a success by `parseAs`, else by its Content-Type (JSON; text types as
 * text; anything else a Blob); an error as JSON when it parses, else its text.
 */
export async function readReply(head: ReplyHead, method: string, parseAs: FastRequest['parseAs'], max: number): Promise<unknown> {
  const length = head.headers.get('content-length');
  if (NO_CONTENT.has(head.status) || method === 'HEAD' || (length === '0' && !head.headers.get('transfer-encoding')?.includes('chunked'))) {
    head.reply.dump();
    return undefined;
  }
  if (!head.ok) {
    const text = await head.reply.text(max);
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  const type = head.headers.get('content-type') ?? '';
  const as = parseAs ?? (!type || isJsonMedia(type) ? 'json' : TEXT_TYPE.test(type) ? 'text' : 'blob');
  if (as === 'json') {
    const text = await head.reply.text(max);
    if (length === null) return text ? JSON.parse(text) : undefined;
    return JSON.parse(text);
  }
  if (as === 'text') return head.reply.text(max);
  const bytes = await head.reply.read(max);
  switch (as) {
    case 'blob':
      // the Blob's type is the Content-Type as fetch's MIME parser writes it: a Response does
      // that (only for a binary body, where one Response is nothing beside the bytes)
      return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: type ? { 'content-type': type } : {} }).blob();
    default:
      return bytes.buffer.byteLength === bytes.byteLength ? bytes.buffer : bytes.slice().buffer;
  }
}

/**
 * What aborts a fast-path attempt, without an EventTarget's cost per request: the transport's
 * request is told directly (`target`: the Node transport's handler); a transport may listen
 * instead (`on`, `once`, `removeListener`, `reason`: the emitter shape undici takes for a
 * `signal`; no `aborted`, which would make undici treat it as an AbortSignal). Its timeout is on
 * the shared deadline timer below (`arm`), not a timer of its own; an AbortController is made
 * only when something asks for `signal` (a token source fetching a token), and aborted with it.
 */
export class WireSignal {
  reason: unknown = undefined;
  private listeners: (() => void)[] | undefined = undefined;
  private stopped = false;
  private controller: AbortController | undefined = undefined;
  // the deadline list this attempt is on (arm, disarm)
  at = 0;
  list: DeadlineList | undefined = undefined;
  prev: WireSignal | undefined = undefined;
  next: WireSignal | undefined = undefined;
  /** On expiry the wire is aborted with `stop(stopArg)`: the reason is made only then. */
  stop: ((arg: string) => unknown) | undefined = undefined;
  stopArg = '';
  /** The transport's request, told of an abort directly (no listener). */
  target: { onAbort(reason: unknown): void } | undefined = undefined;

  /** Whether it was aborted (not named `aborted`: see above). */
  get fired(): boolean {
    return this.stopped;
  }

  /** An AbortSignal aborted with this one (made on first use). */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.stopped) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  on(_event: 'abort', listener: () => void): this {
    if (this.stopped) queueMicrotask(listener);
    else if (this.listeners) this.listeners.push(listener);
    else this.listeners = [listener];
    return this;
  }
  once(event: 'abort', listener: () => void): this {
    return this.on(event, listener);
  }
  removeListener(_event: 'abort', listener: () => void): this {
    const i = this.listeners ? this.listeners.indexOf(listener) : -1;
    if (i >= 0) this.listeners!.splice(i, 1);
    return this;
  }
  abort(reason: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    this.reason = reason;
    disarm(this);
    this.controller?.abort(reason);
    this.target?.onAbort(reason);
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners) for (const l of listeners) l();
  }
}

/** One attempt's request as authentication sees it (auth.ts): its signal is the wire's, made only if asked for. */
export class PlainAttempt implements PlainRequest {
  readonly method: string;
  readonly schemaPath: string;
  url: string;
  readonly headers: Record<string, string>;
  readonly body: string | Uint8Array | undefined;
  private readonly wire: WireSignal;
  constructor(
    method: string,
    schemaPath: string,
    url: string,
    headers: Record<string, string>,
    body: string | Uint8Array | undefined,
    wire: WireSignal,
  ) {
    this.method = method;
    this.schemaPath = schemaPath;
    this.url = url;
    this.headers = headers;
    this.body = body;
    this.wire = wire;
  }
  get signal(): AbortSignal {
    return this.wire.signal;
  }
}

/**
 * The fast path's attempt timeouts: one timer per duration for all attempts in flight, not a
 * timer (and an AbortController) per attempt. Attempts armed with the same duration expire in
 * the order they were armed, so each duration's attempts are a list in deadline order, and its
 * timer only ever waits for the list's head: arming and disarming are a link and an unlink.
 * When the head has gone (answered) the timer fires at the old deadline, finds nothing due and
 * waits for the new head. An empty list's timer is unref'd (an idle process may exit), as a
 * cleared timer would be.
 */
class DeadlineList {
  head: WireSignal | undefined = undefined;
  tail: WireSignal | undefined = undefined;
  timer: ReturnType<typeof setTimeout> | undefined = undefined;
  readonly ms: number;
  constructor(ms: number) {
    this.ms = ms;
  }
}
const deadlines = new Map<number, DeadlineList>();

/**
 * Aborts `wire` with `stop(arg)` once `ms` have passed, unless disarmed (by its abort, or when
 * the attempt ends) before.
 */
export function arm(wire: WireSignal, ms: number, stop: (arg: string) => unknown, arg: string): void {
  if (wire.fired) return;
  disarm(wire);
  wire.at = performance.now() + ms;
  wire.stop = stop;
  wire.stopArg = arg;
  let list = deadlines.get(ms);
  if (!list) {
    list = new DeadlineList(ms);
    deadlines.set(ms, list);
  }
  wire.list = list;
  wire.prev = list.tail;
  wire.next = undefined;
  if (list.tail) list.tail.next = wire;
  else list.head = wire;
  list.tail = wire;
  if (!list.timer) list.timer = setTimeout(expire, ms, list);
  else if (!list.timer.hasRef()) list.timer.ref();
}

/** Takes `wire` off its deadline list. */
export function disarm(wire: WireSignal): void {
  const list = wire.list;
  if (!list) return;
  if (wire.prev) wire.prev.next = wire.next;
  else list.head = wire.next;
  if (wire.next) wire.next.prev = wire.prev;
  else list.tail = wire.prev;
  wire.list = wire.prev = wire.next = undefined;
  if (!list.head) list.timer?.unref();
}

function expire(list: DeadlineList): void {
  list.timer = undefined;
  const now = performance.now();
  for (let due = list.head; due && due.at <= now; due = list.head) {
    disarm(due);
    due.abort(due.stop!(due.stopArg));
  }
  if (list.head) list.timer = setTimeout(expire, Math.max(1, Math.ceil(list.head.at - now)), list);
  else if (deadlines.get(list.ms) === list) deadlines.delete(list.ms);
}

/** The fast path's code, as a transport hands it to the client (direct.ts). */
export const fastKit = { fastBase, fastOptions, prepareFast, readReply, ReplyHead, WireSignal, PlainAttempt, arm, disarm };
export type FastKit = typeof fastKit;
