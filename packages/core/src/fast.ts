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
  return { baseUrl, origin: url.origin, headers };
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
            mergeHeaders([base.headers, init.headers, params.header]),
          );
  if (raw instanceof FormData) return undefined;
  const headers = mergeHeaders([raw === undefined ? undefined : JSON_DEFAULT, base.headers, init.headers, params.header]);
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
  const full = createFinalURL(schemaPath, { baseUrl: base.baseUrl, params, querySerializer: query, pathSerializer: defaultPathSerializer });
  let url = full;
  let path = full.slice(base.origin.length);
  if (!full.startsWith(`${base.baseUrl}/`) || !SAFE.test(path) || DOT_SEGMENT.test(path.split('?')[0]!)) {
    const parsed = new URL(full);
    if (parsed.origin !== base.origin) return undefined;
    url = parsed.href;
    path = parsed.pathname + parsed.search;
  }
  return { url, origin: base.origin, path, headers, body, parseAs: init.parseAs as FastRequest['parseAs'] };
}

const JSON_DEFAULT = { 'content-type': 'application/json' };

/** openapi-fetch's mergeHeaders into a plain object: lower-case names, values trimmed as Headers trims them. */
function mergeHeaders(sources: unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
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
const trim = (v: unknown) => String(v).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');

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
    const raw = reply.headers;
    this.headers = {
      get: (name) => {
        const v = raw[name.toLowerCase()];
        return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
      },
    };
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
const utf8 = new TextDecoder();

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
  const bytes = await head.reply.read(max);
  if (!head.ok) {
    const text = utf8.decode(bytes);
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  const type = head.headers.get('content-type') ?? '';
  const as = parseAs ?? (!type || isJsonMedia(type) ? 'json' : TEXT_TYPE.test(type) ? 'text' : 'blob');
  switch (as) {
    case 'json': {
      const text = utf8.decode(bytes);
      if (length === null) return text ? JSON.parse(text) : undefined;
      return JSON.parse(text);
    }
    case 'text':
      return utf8.decode(bytes);
    case 'blob':
      // the Blob's type is the Content-Type as fetch's MIME parser writes it: a Response does
      // that (only for a binary body, where one Response is nothing beside the bytes)
      return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: type ? { 'content-type': type } : {} }).blob();
    default:
      return bytes.buffer.byteLength === bytes.byteLength ? bytes.buffer : bytes.slice().buffer;
  }
}

/**
 * What aborts a fast-path request: the emitter shape undici takes for a `signal` (`on`, `once`,
 * `removeListener`, `reason`; no `aborted`, which would make undici treat it as an AbortSignal),
 * without an EventTarget's cost per request. The call aborts it next to its AbortController.
 */
export class WireSignal {
  reason: unknown = undefined;
  private listeners: (() => void)[] = [];
  private fired = false;

  on(_event: 'abort', listener: () => void): this {
    if (this.fired) queueMicrotask(listener);
    else this.listeners.push(listener);
    return this;
  }
  once(event: 'abort', listener: () => void): this {
    return this.on(event, listener);
  }
  removeListener(_event: 'abort', listener: () => void): this {
    const i = this.listeners.indexOf(listener);
    if (i >= 0) this.listeners.splice(i, 1);
    return this;
  }
  abort(reason: unknown): void {
    if (this.fired) return;
    this.fired = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = [];
    for (const l of listeners) l();
  }
}

/** The fast path's code, as a transport hands it to the client (direct.ts). */
export const fastKit = { fastBase, fastOptions, prepareFast, readReply, ReplyHead, WireSignal };
export type FastKit = typeof fastKit;
