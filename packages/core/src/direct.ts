// What a transport offers the client's fast path (call.ts, `fastAttempt`): a request sent as plain
// values, without a WHATWG Request, Response, Headers or stream. The Node transport (node.ts) has
// one under DIRECT; a `fetch` without it (the global fetch, a test double) is always called with
// a Request. This module imports nothing of Node, so the browser entry can carry it.

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
  /** Discards the body (a status without content, a HEAD). */
  dump(): void;
}

export type DirectSend = (request: DirectRequest) => Promise<DirectReply>;

/** A body over maxResponseBytes. */
export class LimitExceeded extends Error {}

/** The direct sender a `fetch` function carries, if any. */
export const directOf = (fetch: unknown): DirectSend | undefined =>
  typeof fetch === 'function' ? ((fetch as { [DIRECT]?: DirectSend })[DIRECT] ?? undefined) : undefined;
