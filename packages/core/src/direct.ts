// What a transport offers the client's fast path (docs/clients.md, "The fast path"): a request
// sent as plain values, without a WHATWG Request, Response, Headers or stream, and the code that
// serialises and reads one (fast.ts). The Node transport (node.ts) has both under DIRECT; a
// `fetch` without it (the global fetch, a test double) is always called with a Request. The
// client reaches fast.ts only through the transport, so a bundle for another runtime, which
// never imports node.ts, carries none of it.
import type { FastKit, WireSignal } from './fast.js';

/** The key under which a `fetch` function carries its direct sender. */
export const DIRECT: unique symbol = Symbol.for('@capi/core.direct') as never;

/** One request, serialised once: what goes on the wire. */
export interface DirectRequest {
  /** `http://host:port`, as `new URL(...).origin` gives it. */
  readonly origin: string;
  /** The path and query, starting with `/`, as the WHATWG URL parser would write them. */
  readonly path: string;
  readonly method: string;
  /** Lower-case names; several values of one name joined with ", " (as Headers does). */
  readonly headers: Record<string, string>;
  readonly body: string | Uint8Array | undefined;
  readonly signal: WireSignal;
}

/** A response's head, and its body to read once. */
export interface DirectReply {
  readonly status: number;
  readonly statusText: string;
  /** As received: lower-case names; a repeated header as an array. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /**
   * The body, decoded as fetch decodes it (gzip, deflate, br, zstd), read whole. Rejects with
   * LimitExceeded beyond `max` decoded bytes (or a Content-Length over it: nothing is read), and
   * with an error marked `afterResponse` when the connection fails meanwhile.
   */
  read(max: number): Promise<Uint8Array>;
  /** As `read`, decoded as UTF-8 (a leading BOM removed, as TextDecoder does): a JSON or text body, read without a copy of its bytes. */
  text(max: number): Promise<string>;
  /** Discards the body (a status without content, a HEAD). */
  dump(): void;
}

export type DirectSend = (request: DirectRequest) => Promise<DirectReply>;

/** What a `fetch` function carries under DIRECT. */
export interface DirectTransport {
  readonly send: DirectSend;
  readonly kit: FastKit;
}

/** A body over maxResponseBytes. */
export class LimitExceeded extends Error {}

/** The direct transport a `fetch` function carries, if any. */
export const directOf = (fetch: unknown): DirectTransport | undefined =>
  typeof fetch === 'function' ? ((fetch as { [DIRECT]?: DirectTransport })[DIRECT] ?? undefined) : undefined;
