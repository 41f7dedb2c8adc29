// What the fake's servers share on the wire (the engine's own server, the kit's, and apps/fakes'
// front before Prism): reading a request body with a bound, writing a JSON answer, and the limits.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The largest request body a fake reads (bytes); a larger one gets the documented 400/422. */
export const MAX_BODY_BYTES = 64 * 1024;
/** The largest record a fake stores (bytes of its JSON); a write past it gets the documented 400/422. */
export const MAX_RECORD_BYTES = 128 * 1024;
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
      resolve(text === undefined ? { buffer, refusal: NOT_UTF8 } : { buffer, text });
    });
    req.on('error', () => resolve({ refusal: oversize ? tooLarge : 'the request body did not arrive whole' }));
  });
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
 * a 500 naming it, never an unhandled rejection that would end the process).
 *
 * keepAliveTimeout 0: the server never closes an idle keep-alive connection itself; the client
 * that reuses it (Prism's agent) closes it. With Node's default (5 s, plus 1 s), the server's
 * timer starts when it has written a response, Prism's agent's (announced 5 s less 1 s) only
 * when Prism has read it; both run on one event loop, which under many concurrent requests
 * reads that response seconds later, so Prism reused connections the fake was closing, the
 * fake reset them with the next request unread (ECONNRESET) and Prism answered 500.
 */
export function answerServer(respond: Respond) {
  const server = createServer({ keepAliveTimeout: 0 }, async (req, res) => {
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

/**
 * Listens on 127.0.0.1:`port` (0: a free one) with the fakes' backlog; resolves with the base URL,
 * rejects with the listen error (EADDRINUSE, ...).
 */
export async function listenLocal(server: Server, port = 0): Promise<string> {
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
