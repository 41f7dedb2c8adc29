// What the fake's servers share on the wire (the engine's own server, the kit's, and apps/fakes'
// front before Prism): reading a request body with a bound, writing a JSON answer, and the limits.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The largest request body a fake reads (bytes); a larger one gets the documented 400/422. */
export const MAX_BODY_BYTES = 64 * 1024;
/** The largest record a fake stores (bytes of its JSON); a write past it gets the documented 400/422. */
export const MAX_RECORD_BYTES = 128 * 1024;
/**
 * The deepest a JSON request body may nest (arrays and objects); a deeper one gets the documented
 * 400/422. Prism in front of a fake, and a validator or the engine walking a body, recurse per
 * level: 5000 levels (a 10 KB body) made Prism answer 500 (RangeError: Maximum call stack size).
 */
export const MAX_JSON_DEPTH = 256;
/** Pending connections the kernel may queue for a fake's listener (capped by net.core.somaxconn). */
const LISTEN_BACKLOG = 4096;

/** A request body as read: its bytes and text, or why it is refused (`refusal`). */
export interface ReadBody {
  buffer?: Buffer;
  text?: string;
  refusal?: string;
  /** A multipart/form-data body's fields, in order (see multipartFields). */
  fields?: [string, string][];
}

/**
 * The fields of a multipart/form-data body, in order, each as a string (a file part: its content
 * where that is UTF-8, else its file name), or undefined when the body is no such form or does not
 * parse. Read by the WHATWG `Response#formData()` of Node's own fetch (undici, part of Node):
 * the parser the runtime keeps, so no other dependency (docs/fakes.md).
 */
export async function multipartFields(buffer: Uint8Array, contentType: unknown): Promise<[string, string][] | undefined> {
  if (typeof contentType !== 'string' || !/^\s*multipart\/form-data\s*;/i.test(contentType)) return undefined;
  try {
    const form = await new Response(new Uint8Array(buffer), { headers: { 'content-type': contentType } }).formData();
    const out: [string, string][] = [];
    for (const [name, value] of form)
      out.push([name, typeof value === 'string' ? value : (utf8Text(new Uint8Array(await value.arrayBuffer())) ?? value.name)]);
    return out;
  } catch {
    return undefined; // not a well-formed multipart body: read as any other (and refused)
  }
}

/**
 * Reads a request body, keeping at most MAX_BODY_BYTES: past that it drains the rest (so the
 * client still gets its answer), keeps nothing and says why (`refusal`). Node's requestTimeout
 * bounds a body that never ends.
 */
export function readBody(req: IncomingMessage): Promise<ReadBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const declared = Number(req.headers['content-length']);
    let oversize = declared > MAX_BODY_BYTES;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) oversize = true;
      if (oversize) chunks.length = 0;
      else chunks.push(c);
    });
    const tooLarge = `the request body is larger than ${MAX_BODY_BYTES} bytes`;
    req.on('end', async () => {
      if (oversize) return resolve({ refusal: tooLarge });
      const buffer = Buffer.concat(chunks);
      const text = utf8Text(buffer);
      // a multipart form is read by its parts (a file's bytes need not be UTF-8)
      const fields = await multipartFields(buffer, req.headers['content-type']);
      if (fields) return resolve({ buffer, text: text ?? '', fields });
      if (text === undefined) return resolve({ buffer, refusal: NOT_UTF8 });
      resolve(jsonTooDeep(req.headers['content-type'], text) ? { buffer, refusal: TOO_DEEP } : { buffer, text });
    });
    req.on('error', () => resolve({ refusal: oversize ? tooLarge : 'the request body did not arrive whole' }));
  });
}

/** Why a JSON body nested deeper than MAX_JSON_DEPTH is refused (the documented 400/422). */
export const TOO_DEEP = `the request body nests deeper than ${MAX_JSON_DEPTH} levels`;

/**
 * Whether `text`, sent as `contentType`, is JSON (a `json` media type, or none) nested deeper
 * than MAX_JSON_DEPTH: counted in one pass over the text (brackets inside strings not counted),
 * never by parsing it.
 */
export function jsonTooDeep(contentType: string | undefined, text: string): boolean {
  if (contentType && !/^[^;]*json\s*(?:;|$)/i.test(contentType)) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Why a body whose bytes are not UTF-8 is refused (the documented 400/422). */
export const NOT_UTF8 = 'the request body is not UTF-8 (JSON is UTF-8, RFC 8259)';
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A body's text, or undefined when its bytes are not UTF-8: decoded leniently, a byte that is no
 * UTF-8 became U+FFFD and was stored in place of what the client sent.
 */
export function utf8Text(buffer: Uint8Array): string | undefined {
  try {
    return UTF8.decode(buffer);
  } catch {
    return undefined;
  }
}

/** Writes an answer as JSON (no body when `body` is undefined), with its extra `headers`. */
export function sendAnswer(
  res: ServerResponse,
  { status, body, text, headers = {} }: { status: number; body?: unknown; text?: string; headers?: Record<string, string> },
) {
  if (res.destroyed) return; // the client went away: nobody to answer
  if (text !== undefined) {
    // a body documented as another media type than JSON, as it is
    const { 'content-type': type, ...rest } = headers;
    res.writeHead(status, { ...rest, 'content-type': mediaType(type, 'text/plain'), 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  if (body === undefined) {
    res.writeHead(status, { ...headers, 'content-length': 0 });
    res.end();
    return;
  }
  const payload = JSON.stringify(body);
  const { 'content-type': type, ...rest } = headers;
  res.writeHead(status, { ...rest, 'content-type': jsonType(type), 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/** The answer to one request whose body was read with readBody(). */
export type Respond = (req: IncomingMessage, body: ReadBody) => { status: number; body?: unknown; headers?: Record<string, string> };

/**
 * A node:http server on 127.0.0.1 that answers every request with `respond` (an exception in it:
 * a 500 naming it, never an unhandled rejection that would end the process). Its limits are the
 * fakes' (SERVER_LIMITS, set by listenLocal).
 */
export function answerServer(respond: Respond) {
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    let answer: ReturnType<Respond>;
    try {
      answer = respond(req, body);
    } catch (err) {
      answer = { status: 500, body: { message: `fake crashed: ${(err as Error).message}` } };
    }
    sendAnswer(res, answer);
  });
  return {
    server,
    /** Listens on 127.0.0.1:`port` (0: a free one); rejects with the listen error (EADDRINUSE, ...). */
    listen: (port = 0): Promise<string> => listenLocal(server, port),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/** How long a fake's server lets a connection be idle, wait for headers or a whole request, and how many it holds. */
export interface ServerLimits {
  /** An idle keep-alive connection is closed after this many ms. */
  idleMs: number;
  /** A request whose headers have not all arrived after this many ms is answered 408 and closed. */
  headersMs: number;
  /** A request not received whole (headers and body) after this many ms is answered 408 and closed. */
  requestMs: number;
  /** Connections held at once; one more is closed as it opens. */
  maxConnections: number;
  /** How often the headers and request limits are checked (ms; Node's default is 30 s). */
  checkMs: number;
}

/**
 * The fakes' limits (every fake's server: the engine's, the kit's, apps/fakes' front).
 *
 * The idle life is long, not none: a server's idle timer that fires before the client's would
 * close a connection the client is reusing. Node's default (5 s, plus 1 s) starts when the server
 * has written a response, Prism's agent's (5 s, or 1 s less than the server announces) only once
 * Prism has read it; both run on one event loop, which under many concurrent requests reads that
 * response seconds later, so Prism reused connections the fake was closing, the fake reset them
 * with the next request unread (ECONNRESET) and Prism answered 500. A server that never closes
 * one (keepAliveTimeout 0, what the fakes had) lets a client hold any number open for ever. At
 * 65 s (announced `Keep-Alive: timeout=65`) every client closes its idle connections first
 * (Node's and undici's agents: 4 to 5 s), and a forgotten one is closed a minute later.
 */
export const SERVER_LIMITS: ServerLimits = { idleMs: 65_000, headersMs: 30_000, requestMs: 60_000, maxConnections: 4096, checkMs: 5_000 };

/**
 * Listens on 127.0.0.1:`port` (0: a free one) with the fakes' backlog and `limits`; resolves with
 * the base URL, rejects with the listen error (EADDRINUSE, ...).
 */
export async function listenLocal(server: Server, port = 0, limits: ServerLimits = SERVER_LIMITS): Promise<string> {
  server.keepAliveTimeout = limits.idleMs;
  server.headersTimeout = limits.headersMs;
  server.requestTimeout = limits.requestMs;
  server.maxConnections = limits.maxConnections;
  // read when the server starts listening (Node starts its check of the two limits then)
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = limits.checkMs;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * The Content-Type of a JSON answer: the one the spec documents (`application/json;
 * version=2.4.13`, `application/vnd.x+json`; Prism in front refuses any other) when it is a
 * well-formed media type, else `application/json` (a value from the spec never reaches the wire
 * unchecked: a CR or LF there would make writeHead throw).
 */
export function jsonType(documented: string | undefined): string {
  return mediaType(documented, 'application/json');
}

/** A documented media type fit for a header (`type/subtype; name=value`), else `fallback`. */
export function mediaType(documented: string | undefined, fallback: string): string {
  const token = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
  const param = `${token}=(?:${token}|"[^"\\\r\n]*")`;
  return documented && new RegExp(`^${token}/${token}(?:\\s*;\\s*${param})*$`).test(documented) ? documented : fallback;
}
