// Request bodies by the operation's media type: which of the declared types a call sends, and
// the body serialised for it (JSON, form-urlencoded, multipart, binary, text). Runs before the
// first attempt: a body that cannot be sent as the chosen type is refused (invalid_request)
// without sending anything, and the serialised body is reused by every attempt.
import { RequestRefused } from './errors.js';

/** How a call's body goes out: the value for openapi-fetch's `bodySerializer` and the Content-Type. */
export interface BodyPlan {
  /** The serialised body (undefined: no body). */
  readonly body: unknown;
  /**
   * The Content-Type header to send: a media type, `null` to send none of the caller's or the
   * client's (multipart: fetch adds it with the boundary), undefined to leave the headers alone.
   */
  readonly contentType: string | null | undefined;
}

type Kind = 'json' | 'form' | 'multipart' | 'text' | 'binary';

/** Success bodies read as text when the call does not say `parseAs` and the type is not JSON (isJsonMedia first); any other type is a Blob. */
export const TEXT_TYPE = /^(?:text\/|application\/(?:[\w.+-]+\+)?xml\b|application\/x-www-form-urlencoded\b)/i;

/** "type/subtype", lower case, without parameters (each media type read once: a call asks several times of the same few). */
const essences = new Map<string, string>();
export function essence(media: string): string {
  let e = essences.get(media);
  if (e === undefined) {
    e = (media.split(';')[0] ?? '').trim().toLowerCase();
    if (essences.size < 256) essences.set(media, e);
  }
  return e;
}

/**
 * Whether a media type is JSON: `application/json`, `text/json` (nonstandard, common in .NET
 * APIs) or any `+json` type (`application/vnd.example+json`), whatever the case and parameters
 * (`; charset=utf-8`). The client's one rule for it: what it sends as JSON, parses as JSON and
 * validates. The types say the same (types.ts, JsonMediaOf), and so does the pipeline
 * (scripts/lib/spec/media-type.ts, mediaKind), which this published package cannot import; each
 * is tested on the same media types (test/bodies.test.ts, test/responses.test.ts;
 * scripts/test/spec/spec-model.test.mjs).
 */
export function isJsonMedia(type: string): boolean {
  const e = essence(type);
  return e === 'application/json' || e === 'text/json' || (e.endsWith('+json') && /^[^\s/]+\/[^\s/]+$/.test(e));
}

const isWildcard = (e: string) => e.includes('*');

function kindOf(e: string): Kind {
  if (isJsonMedia(e)) return 'json';
  if (e === 'application/x-www-form-urlencoded') return 'form';
  if (e === 'multipart/form-data') return 'multipart';
  if (e.startsWith('text/')) return 'text';
  return 'binary';
}

/** Whether a declared media type (possibly a wildcard) covers a concrete one. */
function covers(declared: string, concrete: string): boolean {
  const d = essence(declared);
  const c = essence(concrete);
  if (d === c || d === '*/*') return true;
  return d.endsWith('/*') && c.startsWith(d.slice(0, -1));
}

const isBinary = (v: unknown): v is Blob | ArrayBuffer | ArrayBufferView | ReadableStream =>
  v instanceof Blob || v instanceof ArrayBuffer || ArrayBuffer.isView(v) || v instanceof ReadableStream;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !isBinary(v) && !(v instanceof FormData) && !(v instanceof URLSearchParams);

/** The first field of an object whose value (or an item of it) is binary: JSON cannot carry it. */
const binaryField = (v: unknown): string | undefined =>
  isPlainObject(v)
    ? Object.keys(v).find((k) => {
        const field = v[k];
        return Array.isArray(field) ? field.some(isBinary) : isBinary(field);
      })
    : undefined;

/** What a value is, for a message (never the value itself: a body may carry secrets). */
function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof FormData) return 'a FormData';
  if (v instanceof URLSearchParams) return 'a URLSearchParams';
  if (v instanceof Blob) return 'a Blob';
  if (v instanceof ReadableStream) return 'a ReadableStream';
  if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return 'binary data';
  const t = typeof v;
  return t === 'object' ? 'an object' : `a ${t}`;
}

/** The concrete type a body suggests, for a declared wildcard (`*\/*`, `image/*`). */
function concreteFor(declared: string, body: unknown): string | undefined {
  if (body instanceof Blob && body.type && covers(declared, body.type)) return body.type;
  const suggested =
    body instanceof FormData
      ? 'multipart/form-data'
      : body instanceof URLSearchParams
        ? 'application/x-www-form-urlencoded'
        : isBinary(body)
          ? 'application/octet-stream'
          : typeof body === 'string'
            ? 'text/plain'
            : 'application/json';
  return covers(declared, suggested) ? suggested : undefined;
}

/**
 * The media type to send, from the types the operation declares (in the spec's order): the
 * caller's Content-Type when a declared type covers it; else the body's own kind when it has an
 * unambiguous one (FormData, or an object with a Blob or bytes in a field: multipart;
 * URLSearchParams: form-urlencoded; Blob, bytes or a stream: the first binary type, e.g.
 * application/octet-stream); else JSON (isJsonMedia: `application/json`, `text/json`, `*+json`),
 * then form-urlencoded, then multipart, then the first declared. A declared wildcard becomes a
 * concrete type by the body (a Blob's own type, else octet-stream, text/plain or JSON).
 */
export function chooseMedia(declared: readonly string[], callerType: string | undefined, body: unknown): string | undefined {
  if (callerType && !isWildcard(essence(callerType)) && declared.some((d) => covers(d, callerType))) return callerType;
  const first = (pred: (e: string) => boolean) => declared.find((d) => pred(essence(d)));
  let chosen: string | undefined;
  if (body instanceof FormData || binaryField(body) !== undefined) chosen = first((e) => e === 'multipart/form-data');
  else if (body instanceof URLSearchParams) chosen = first((e) => e === 'application/x-www-form-urlencoded');
  else if (isBinary(body)) chosen = first((e) => isWildcard(e) || kindOf(e) === 'binary');
  chosen ??=
    first((e) => kindOf(e) === 'json' && !isWildcard(e)) ??
    first((e) => e === 'application/x-www-form-urlencoded') ??
    first((e) => e === 'multipart/form-data') ??
    declared[0];
  if (chosen === undefined) return undefined;
  return isWildcard(essence(chosen)) ? concreteFor(chosen, body) : chosen;
}

/**
 * Serialises a call's body for the media type chosen among `declared` (see chooseMedia).
 * `op` ("POST /files") names the operation in a refusal; the value never appears in one.
 */
export function planBody(op: string, declared: readonly string[], body: unknown, callerType: string | undefined): BodyPlan {
  if (body === undefined || body === null) return { body: undefined, contentType: undefined };
  const media = chooseMedia(declared, callerType, body);
  if (media === undefined) {
    throw new RequestRefused(
      'body',
      `${op}: the body (${describeValue(body)}) fits none of the declared media types (${declared.join(', ')}): pass its Content-Type in headers`,
    );
  }
  const refuse = (what: string, value: unknown = body) =>
    new RequestRefused('body', `${op}: a body sent as ${media} must be ${what}, not ${describeValue(value)}`);
  switch (kindOf(essence(media))) {
    case 'json': {
      const field = binaryField(body);
      if (field !== undefined) throw new RequestRefused('body', `${op}: field "${field}" is binary data, which ${media} cannot carry`);
      if (isBinary(body) || body instanceof FormData || body instanceof URLSearchParams) throw refuse('a JSON value');
      let text: string | undefined;
      try {
        text = JSON.stringify(body);
      } catch {
        throw new RequestRefused('body', `${op}: the body cannot be serialised as ${media} (a cycle or a BigInt)`);
      }
      if (text === undefined) throw refuse('a JSON value');
      return { body: text, contentType: media };
    }
    case 'form': {
      if (typeof body === 'string' || body instanceof URLSearchParams) return { body, contentType: media };
      if (!isPlainObject(body)) throw refuse('an object, a URLSearchParams or a string');
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(body)) {
        for (const item of Array.isArray(value) ? value : [value]) {
          if (item === undefined || item === null) continue;
          if (isBinary(item)) throw new RequestRefused('body', `${op}: field "${key}" is binary data, which ${media} cannot carry`);
          params.append(key, isNested(item) ? json(op, media, key, item) : scalar(item));
        }
      }
      return { body: params, contentType: media };
    }
    case 'multipart': {
      // no Content-Type of ours: fetch sets multipart/form-data with the boundary it chose
      if (body instanceof FormData) return { body, contentType: null };
      // a body the caller encoded, with the boundary in their Content-Type: sent as it is
      if ((typeof body === 'string' || isBinary(body)) && /;\s*boundary=/i.test(media)) return { body, contentType: media };
      if (!isPlainObject(body)) throw refuse('an object or a FormData');
      const form = new FormData();
      for (const [key, value] of Object.entries(body)) {
        for (const item of Array.isArray(value) ? value : [value]) {
          if (item === undefined || item === null) continue;
          if (item instanceof Blob)
            form.append(key, item); // a File keeps its name
          else if (item instanceof ArrayBuffer || ArrayBuffer.isView(item))
            form.append(key, new Blob([item as ArrayBuffer], { type: 'application/octet-stream' }));
          else if (item instanceof ReadableStream)
            throw new RequestRefused('body', `${op}: field "${key}" is a ReadableStream; a ${media} part must be a Blob or bytes`);
          else if (isNested(item)) form.append(key, new Blob([json(op, media, key, item)], { type: 'application/json' }));
          else form.append(key, scalar(item));
        }
      }
      return { body: form, contentType: null };
    }
    case 'text':
      if (typeof body === 'string') return { body, contentType: media };
      if (typeof body === 'number' || typeof body === 'boolean' || typeof body === 'bigint')
        return { body: String(body), contentType: media };
      throw refuse('a string (or a number or boolean)');
    default:
      if (typeof body === 'string' || isBinary(body)) return { body, contentType: media };
      throw refuse('a Blob, an ArrayBuffer, a typed array, a ReadableStream or a string');
  }
}

/** An object or array inside a field: sent as JSON. */
const isNested = (v: unknown) => typeof v === 'object' && v !== null && !(v instanceof Date);

/** A form field or multipart part: strings as they are, dates as ISO 8601, the rest as String(). */
const scalar = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));

function json(op: string, media: string, key: string, value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    throw new RequestRefused('body', `${op}: field "${key}" cannot be serialised as JSON for ${media} (a cycle or a BigInt)`);
  }
}

/** The Content-Type a call's own headers set (plain object, Headers or pairs), if any. */
export function headerValue(headers: unknown, name: string): string | undefined {
  const lower = name.toLowerCase();
  if (!headers || typeof headers !== 'object') return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const entries: [string, unknown][] = Array.isArray(headers) ? (headers as [string, unknown][]) : Object.entries(headers);
  let found: string | undefined;
  for (const [k, v] of entries) {
    if (k.toLowerCase() !== lower) continue;
    found = v === null || v === undefined ? undefined : Array.isArray(v) ? v.join(', ') : String(v);
  }
  return found;
}
