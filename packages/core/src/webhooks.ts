/**
 * Inbound webhooks: a provider's signature scheme (declared in its overlay as
 * `x-capi-webhook-signature`, generated into `spec.webhookSignature`), `verifyWebhook()` which
 * checks a delivery and returns a typed event, and `signWebhook()` which signs one (for tests and
 * fakes). WebCrypto only (`crypto.subtle`): the same code on Node, browsers and workers. See
 * docs/clients.md, "Webhooks".
 */
import { at } from './pagination.js';

/** How a provider signs its webhook deliveries (`x-capi-webhook-signature`). */
export interface WebhookScheme {
  readonly algorithm: 'hmac-sha256';
  /** The header carrying the signature. */
  readonly header: string;
  /** The header carrying the delivery's timestamp (Unix seconds), when the provider sends one. */
  readonly timestampHeader?: string;
  /** What is signed: the raw body, or `<timestamp>.<body>`. */
  readonly payload: 'body' | 'timestamp.body';
  readonly encoding: 'hex' | 'base64';
  /** Text before the signature in its header, e.g. `sha256=`. */
  readonly prefix?: string;
  /** How old (or how far in the future) a delivery's timestamp may be, in seconds (default 300). */
  readonly tolerance?: number;
  /** Where the event's name is: a header, or a JSON pointer into the body. */
  readonly event?: { readonly header: string } | { readonly pointer: string };
}

export type WebhookErrorKind = 'signature' | 'stale' | 'replayed' | 'malformed' | 'too_large';

/** The largest body `verifyWebhook` checks unless told otherwise (`maxBytes`): 25 MiB, GitHub's own limit for a delivery. */
export const DEFAULT_WEBHOOK_MAX_BYTES = 25 * 1024 * 1024;

/** A refused delivery. Its message never quotes the secret, the signature or the body. */
export interface WebhookError {
  readonly kind: WebhookErrorKind;
  readonly message: string;
}

/** A verified delivery: its event name (when the scheme says where it is) and its parsed body. */
export type WebhookEvent<Events extends Record<string, unknown>> = {
  [K in keyof Events & string]: { readonly name: K; readonly payload: Events[K] };
}[keyof Events & string];

export type WebhookResult<Events extends Record<string, unknown>> =
  | { readonly ok: true; readonly event: WebhookEvent<Events> }
  | { readonly ok: false; readonly error: WebhookError };

/** Remembers the signatures already accepted, for as long as a delivery could still be fresh; bounded. */
export class ReplayCache {
  readonly #seen = new Map<string, number>();
  constructor(readonly maxEntries = 10_000) {}
  /** Whether `key` was seen (and not yet expired); records it until `until` (ms) otherwise. */
  seen(key: string, now: number, until: number): boolean {
    const expires = this.#seen.get(key);
    if (expires !== undefined && expires > now) return true;
    // expired entries go from the oldest on, up to the first still fresh: deliveries arrive
    // roughly in the order they expire, so each call does a little work, not a pass over all
    // of them (which cost a delivery ~10 µs per 1000 entries remembered); then the oldest while
    // over the limit
    for (const [k, e] of this.#seen) {
      if (e > now) break;
      this.#seen.delete(k);
    }
    while (this.#seen.size >= this.maxEntries) this.#seen.delete(this.#seen.keys().next().value as string);
    this.#seen.set(key, until);
    return false;
  }
}

const defaultCache = new ReplayCache();

export interface VerifyWebhookInput<Events extends Record<string, unknown>> {
  readonly scheme: WebhookScheme;
  readonly secret: string | Uint8Array;
  /** The raw body as received (before any JSON parsing: the signature is over these bytes). */
  readonly body: string | Uint8Array;
  readonly headers: Headers | Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The event names this provider documents (`webhookNames` in api.gen.ts); another name is refused. */
  readonly events?: readonly (keyof Events & string)[];
  /** Now, in ms since the epoch (default Date.now()). */
  readonly now?: number;
  /** Where accepted signatures are remembered (default: one cache per process). */
  readonly replay?: ReplayCache;
  /** A larger body is refused (`too_large`) before any HMAC or parsing (default 25 MiB). */
  readonly maxBytes?: number;
}

const encoder = new TextEncoder();
const bytes = (v: string | Uint8Array) => (typeof v === 'string' ? encoder.encode(v) : v);

function header(headers: VerifyWebhookInput<{}>['headers'], name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== wanted || v === undefined) continue;
    return typeof v === 'string' ? v : v.join(', ');
  }
  return undefined;
}

function signedBytes(scheme: WebhookScheme, body: Uint8Array, timestamp: string | undefined): Uint8Array {
  if (scheme.payload === 'body') return body;
  const head = encoder.encode(`${timestamp}.`);
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

async function hmacKey(secret: string | Uint8Array, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  // the caller's mistake, not the delivery's: thrown (never quoting the secret)
  if ((typeof secret !== 'string' && !(secret instanceof Uint8Array)) || secret.length === 0) {
    throw new TypeError('webhook secret must be a non-empty string or Uint8Array');
  }
  return globalThis.crypto.subtle.importKey('raw', bytes(secret) as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

function encode(sig: Uint8Array, encoding: WebhookScheme['encoding']): string {
  if (encoding === 'hex') return Array.from(sig, (b) => b.toString(16).padStart(2, '0')).join('');
  let bin = '';
  for (const b of sig) bin += String.fromCharCode(b);
  return btoa(bin);
}

function decode(text: string, encoding: WebhookScheme['encoding']): Uint8Array | undefined {
  if (encoding === 'hex') {
    if (!/^(?:[0-9a-fA-F]{2})+$/.test(text)) return undefined;
    return Uint8Array.from(text.match(/../g)!, (h) => Number.parseInt(h, 16));
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** The headers a delivery of `body` carries under `scheme` (timestamp in Unix seconds, default now). */
export async function signWebhook(input: {
  scheme: WebhookScheme;
  secret: string | Uint8Array;
  body: string | Uint8Array;
  timestamp?: number;
}): Promise<Record<string, string>> {
  const { scheme } = input;
  checkScheme(scheme);
  const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
  const key = await hmacKey(input.secret, 'sign');
  const sig = new Uint8Array(
    await globalThis.crypto.subtle.sign('HMAC', key, signedBytes(scheme, bytes(input.body), timestamp) as BufferSource),
  );
  const out: Record<string, string> = { [scheme.header]: `${scheme.prefix ?? ''}${encode(sig, scheme.encoding)}` };
  if (scheme.timestampHeader) out[scheme.timestampHeader] = timestamp;
  return out;
}

function checkScheme(scheme: WebhookScheme): void {
  if (scheme?.algorithm !== 'hmac-sha256') throw new TypeError('webhook scheme: algorithm must be hmac-sha256');
  if (scheme.payload === 'timestamp.body' && !scheme.timestampHeader) {
    throw new TypeError('webhook scheme: payload timestamp.body needs a timestampHeader');
  }
  // NaN (Number() of an unset variable) compared false both ways: no delivery was stale, and none
  // was remembered as accepted, so every replay was new
  const { tolerance } = scheme;
  if (tolerance !== undefined && !(typeof tolerance === 'number' && Number.isFinite(tolerance) && tolerance > 0)) {
    throw new TypeError('webhook scheme: tolerance must be a positive number of seconds');
  }
}

/**
 * Checks a webhook delivery: the signature (HMAC-SHA256 compared in constant time by
 * `crypto.subtle.verify`), the timestamp within the scheme's tolerance, that the same signature
 * was not accepted before (replay), and that the body is JSON. Returns the typed event, or an
 * error whose kind says which check failed; never throws for a bad delivery and never quotes
 * the secret.
 */
export async function verifyWebhook<Events extends Record<string, unknown> = Record<string, unknown>>(
  input: VerifyWebhookInput<Events>,
): Promise<WebhookResult<Events>> {
  const { scheme } = input;
  checkScheme(scheme);
  const refuse = (kind: WebhookErrorKind, message: string): WebhookResult<Events> => ({ ok: false, error: { kind, message } });
  const maxBytes = input.maxBytes ?? DEFAULT_WEBHOOK_MAX_BYTES;
  if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new TypeError('webhook maxBytes must be a positive integer');
  const tooLarge = () => refuse('too_large', `the body is more than ${maxBytes} bytes (maxBytes): not checked`);
  // a string has at least as many UTF-8 bytes as characters: a long one is refused before encoding
  if (input.body.length > maxBytes) return tooLarge();
  const body = bytes(input.body);
  if (body.length > maxBytes) return tooLarge();
  const now = input.now ?? Date.now();
  const given = header(input.headers, scheme.header);
  if (given === undefined) return refuse('signature', `no ${scheme.header} header: the delivery is not signed`);
  const prefix = scheme.prefix ?? '';
  const sig = given.trim().startsWith(prefix) ? decode(given.trim().slice(prefix.length), scheme.encoding) : undefined;
  if (sig?.length !== 32) return refuse('signature', `the ${scheme.header} header is not a ${scheme.encoding} HMAC-SHA256 signature`);

  let timestamp: string | undefined;
  if (scheme.timestampHeader) {
    timestamp = header(input.headers, scheme.timestampHeader)?.trim();
    if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) {
      return refuse('malformed', `the ${scheme.timestampHeader} header is missing or not Unix seconds`);
    }
  }
  const key = await hmacKey(input.secret, 'verify');
  const valid = await globalThis.crypto.subtle.verify(
    'HMAC',
    key,
    sig as BufferSource,
    signedBytes(scheme, body, timestamp) as BufferSource,
  );
  if (!valid) return refuse('signature', 'the signature does not match the body (wrong secret, or the body was changed)');

  const tolerance = (scheme.tolerance ?? 300) * 1000;
  if (timestamp !== undefined) {
    const sent = Number(timestamp) * 1000;
    if (Math.abs(now - sent) > tolerance)
      return refuse('stale', `the delivery's timestamp is more than ${tolerance / 1000} s away from now`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return refuse('malformed', 'the body is not JSON');
  }
  let name: string | undefined;
  if (scheme.event && 'header' in scheme.event) name = header(input.headers, scheme.event.header);
  else if (scheme.event) {
    const v = at(payload, scheme.event.pointer);
    name = typeof v === 'string' ? v : undefined;
  }
  if (scheme.event && name === undefined) return refuse('malformed', 'the delivery does not name its event');
  if (input.events && (name === undefined || !input.events.includes(name as keyof Events & string))) {
    return refuse('malformed', 'the delivery names an event this provider does not document');
  }
  // a signature is only accepted once: within the tolerance window with a timestamp, else while remembered
  const until = timestamp !== undefined ? Number(timestamp) * 1000 + tolerance : Number.POSITIVE_INFINITY;
  if ((input.replay ?? defaultCache).seen(encode(sig, 'hex'), now, until)) {
    return refuse('replayed', 'this delivery (its signature) was already accepted');
  }
  return { ok: true, event: { name, payload } as WebhookEvent<Events> };
}
