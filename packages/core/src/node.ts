// A fetch-compatible transport for Node on undici's connection pools. On Node it is what a
// client uses when given no `fetch` (one shared pool per process: `defaultTransport` below, chosen
// by the "node" condition of @capi/core's exports, src/index.node.ts); "@capi/core/node" exports
// it for clients that want their own pool. Browsers and other runtimes keep the global fetch.
// The global fetch is undici too, but goes through the full WHATWG fetch algorithm on every call;
// calling the pool directly skips most of that work while keeping keep-alive, connection limits,
// streaming bodies and AbortSignal.
import type { Dispatcher } from 'undici';
import { createRequire } from 'node:module';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw, createZstdDecompress } from 'node:zlib';
import { Duplex, pipeline, Readable } from 'node:stream';
import { DIRECT, LimitExceeded, type DirectReply, type DirectRequest, type DirectSend, type DirectTransport } from './direct.js';
import { fastKit } from './fast.js';

// undici's main entry installs an Agent of its own as the process-wide dispatcher when none is set
// yet (lib/global.js), which would move every global fetch of the process onto it: importing this
// module must change nothing outside it. So the modules used here are loaded by path; none
// loads lib/global.js (packages/core/test/default-transport.test.ts checks the global state).
const load = createRequire(import.meta.url);
const Agent: typeof import('undici').Agent = load('undici/lib/dispatcher/agent.js');
const dispatchRequest: (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData> =
  load('undici/lib/api/api-request.js');
// the fast path's own handler (DirectCall) takes a request out of the pool's queue when it is
// aborted there (the hook undici's request() uses), and gives an encoded body undici's own stream
const { kQueuedAbort }: { kQueuedAbort: symbol } = load('undici/lib/core/symbols.js');
const BodyReadable: new (options: {
  resume: () => void;
  abort: (reason: unknown) => void;
  contentType?: string;
  contentLength?: number | null;
}) => Readable = load('undici/lib/api/readable.js').Readable;

export interface NodeTransportOptions {
  /** Connections per origin (default 16). */
  connections?: number;
  /** How long an idle keep-alive connection is kept, in ms (default 4 000). */
  keepAliveTimeout?: number;
  /** Limit on establishing a connection, in ms (default 10 000). */
  connectTimeout?: number;
  /** An undici dispatcher of your own (proxy, mock agent); the options above are then ignored. */
  dispatcher?: Dispatcher;
}

export type NodeTransport = ((input: Request) => Promise<Response>) & {
  /** Closes the pool's connections (let in-flight requests finish). */
  close(): Promise<void>;
  /** The client's fast path: the same pool, called with plain values (direct.ts). */
  readonly [DIRECT]: DirectTransport;
};

const NULL_BODY = new Set([101, 204, 205, 304]);
const SMALL_BODY = 64 * 1024;
/** Request bodies up to this size are sent with a Content-Length; larger ones stream (chunked). */
const SMALL_UPLOAD = 1024 * 1024;

export function nodeTransport(options: NodeTransportOptions = {}): NodeTransport {
  const dispatcher =
    options.dispatcher ??
    new Agent({
      connections: options.connections ?? 16,
      keepAliveTimeout: options.keepAliveTimeout ?? 4_000,
      connect: { timeout: options.connectTimeout ?? 10_000 },
    });
  const transport = async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const headers: Record<string, string> = {};
    req.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const body = req.body ? await requestBody(req.body) : undefined;
    const res = await dispatchRequest.call(dispatcher, {
      origin: url.origin,
      path: url.pathname + url.search,
      method: req.method as Dispatcher.HttpMethod,
      headers,
      body,
      signal: req.signal,
    });
    const out = new Headers();
    for (const [key, value] of Object.entries(res.headers)) {
      if (Array.isArray(value)) for (const v of value) out.append(key, v);
      else if (value !== undefined) out.set(key, value);
    }
    if (NULL_BODY.has(res.statusCode) || req.method === 'HEAD') {
      res.body.resume();
      return new Response(null, { status: res.statusCode, statusText: reason(res.statusText), headers: out });
    }
    // An encoded body is decoded as fetch does (gzip, deflate, br), always as a stream pulled by
    // the reader: the client counts the decoded bytes against maxResponseBytes and cancels, so a
    // small compressed body never inflates in memory. Headers stay as received, as with fetch.
    const decoders = decodersFor(out.get('content-encoding'));
    if (decoders.length) {
      // pipeline: an error anywhere (a corrupt body) fails the last stream; destroying the last
      // one (the reader cancelled) destroys them all, the response body included
      const decoded = pipeline([res.body, ...decoders], () => {}) as unknown as Readable; // the last stream
      return new Response(
        toWebStream(decoded, () => decoded.destroy()),
        { status: res.statusCode, statusText: reason(res.statusText), headers: out },
      );
    }
    // A body with a small declared length is read in one go (much cheaper than bridging a Node
    // stream to a web stream); anything larger or of unknown length streams.
    const length = Number(res.headers['content-length']);
    if (Number.isFinite(length) && length <= SMALL_BODY) {
      let bytes: ArrayBuffer;
      try {
        bytes = await res.body.arrayBuffer();
      } catch (err) {
        // the response had started: say so, so the caller does not treat this as "nothing sent"
        throw Object.assign(new Error('connection failed while reading the response body', { cause: err }), { afterResponse: true });
      }
      return new Response(bytes, { status: res.statusCode, statusText: reason(res.statusText), headers: out });
    }
    // A pull-based web stream over the body: cancelling it (a body over maxResponseBytes, an
    // abort) destroys the body, so the pool does not wait for it. (Readable.toWeb on Node 20 can
    // throw "Controller is already closed" from a late 'data' event after a cancel, uncaught;
    // ReadableStream.from does not end a source it has not started reading.)
    return new Response(
      toWebStream(res.body, () => res.body.destroy()),
      { status: res.statusCode, statusText: reason(res.statusText), headers: out },
    );
  };
  // The fast path (direct.ts): the request as the client serialised it, the reply's head as
  // undici gives it, the body read once, decoded and counted against the limit.
  const direct: DirectSend = (req: DirectRequest): Promise<DirectReply> =>
    new Promise((resolve, reject) => {
      if (req.signal.fired) return reject(req.signal.reason);
      const call = new DirectCall(req.method, resolve, reject);
      req.signal.target = call;
      const options = {
        origin: req.origin,
        path: req.path,
        method: req.method as Dispatcher.HttpMethod,
        headers: req.headers,
        body: req.body,
        [kQueuedAbort]: (cancel: (reason: unknown) => void) => {
          call.cancelQueued = cancel;
        },
      };
      try {
        dispatcher.dispatch(options, call as unknown as Dispatcher.DispatchHandler);
      } catch (err) {
        reject(err);
      }
    });
  return Object.assign(transport, { close: () => dispatcher.close(), [DIRECT]: { send: direct, kit: fastKit } });
}

type Controller = { abort(reason: unknown): void; pause(): void; resume(): void };

/**
 * One request of the fast path, as undici's dispatcher calls it (its handler interface): the head
 * resolves `send`, the body is kept as it arrives (no stream, no copy) until the client reads it
 * whole, counted against its limit. An encoded body goes into undici's own body stream instead,
 * decoded as it is read (readWhole). The attempt's WireSignal aborts it (`onAbort`): taken out of
 * the pool's queue, or the request or its body ended.
 */
class DirectCall implements DirectReply {
  status = 0;
  statusText = '';
  headers: DirectReply['headers'] = {};
  cancelQueued: ((reason: unknown) => void) | undefined = undefined;
  private controller: Controller | undefined = undefined;
  private aborted: unknown = undefined;
  private settled = false;
  // the body: chunks as they came, or undici's stream for an encoded one
  private chunks: Buffer[] | undefined = undefined;
  private size = 0;
  private limit = Number.POSITIVE_INFINITY;
  private ended = false;
  private failed: unknown = undefined;
  private stream: Readable | undefined = undefined;
  private waiting: { asText: boolean; resolve: (v: Uint8Array | string) => void; reject: (e: unknown) => void } | undefined = undefined;

  private readonly method: string;
  private readonly resolveHead: (reply: DirectReply) => void;
  private readonly rejectHead: (err: unknown) => void;
  constructor(method: string, resolveHead: (reply: DirectReply) => void, rejectHead: (err: unknown) => void) {
    this.method = method;
    this.resolveHead = resolveHead;
    this.rejectHead = rejectHead;
  }

  /** The attempt was aborted (a timeout, the caller's signal). */
  onAbort(reason: unknown): void {
    if (this.aborted !== undefined) return;
    this.aborted = reason ?? new Error('aborted');
    if (!this.settled) {
      this.settled = true;
      this.rejectHead(this.aborted);
      if (this.controller) this.controller.abort(this.aborted);
      else this.cancelQueued?.(this.aborted); // else onRequestStart aborts it
      return;
    }
    if (this.stream) this.stream.destroy(this.aborted as Error);
    else this.fail(this.aborted);
    this.controller?.abort(this.aborted);
  }

  onRequestStart(controller: Controller): void {
    if (this.aborted !== undefined) controller.abort(this.aborted);
    else this.controller = controller;
  }

  onResponseStart(controller: Controller, status: number, headers: DirectReply['headers'], statusText?: string): void {
    if (status < 200 || this.settled) return; // an informational response: the real one follows
    this.controller = controller;
    this.status = status;
    this.statusText = statusText ?? '';
    this.headers = headers;
    if (headers['content-encoding'] !== undefined) {
      const length = headers['content-length'];
      this.stream = new BodyReadable({
        resume: () => controller.resume(),
        abort: (reason) => controller.abort(reason),
        contentLength: this.method !== 'HEAD' && length ? Number(one(length)) : null,
      });
    } else this.chunks = [];
    this.settled = true;
    this.resolveHead(this);
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    if (this.stream) {
      if (!this.stream.push(chunk)) controller.pause();
      return;
    }
    if (!this.chunks) return; // dumped, failed
    this.size += chunk.length;
    if (this.size > this.limit) {
      this.fail(new LimitExceeded(`more than ${this.limit} bytes`));
      controller.abort(new LimitExceeded(`more than ${this.limit} bytes`));
      return;
    }
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.stream) {
      this.stream.push(null);
      return;
    }
    this.ended = true;
    if (this.waiting) this.deliver();
  }

  onResponseError(_controller: unknown, err: unknown): void {
    if (!this.settled) {
      this.settled = true;
      this.rejectHead(this.aborted ?? err);
      return;
    }
    if (this.stream) this.stream.destroy(err as Error);
    else this.fail(err);
  }

  /** The body failed (a lost connection, an abort, over the limit): a read waiting or to come rejects. */
  private fail(err: unknown): void {
    if (this.failed !== undefined || this.ended) return;
    this.failed = err;
    this.chunks = undefined;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(bodyFailure(err));
  }

  private deliver(): void {
    const waiting = this.waiting!;
    this.waiting = undefined;
    const chunks = this.chunks!;
    this.chunks = undefined;
    const whole = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.size);
    if (!waiting.asText) {
      waiting.resolve(new Uint8Array(whole)); // a copy of its own, as undici's bytes()
      return;
    }
    // UTF-8, a BOM removed, as undici's text() and TextDecoder do
    const bom = whole.length > 2 && whole[0] === 0xef && whole[1] === 0xbb && whole[2] === 0xbf ? 3 : 0;
    waiting.resolve(whole.toString('utf8', bom));
  }

  dump(): void {
    if (this.stream) this.stream.resume();
    else this.chunks = undefined;
  }

  read(max: number): Promise<Uint8Array> {
    return this.whole(max, false) as Promise<Uint8Array>;
  }

  text(max: number): Promise<string> {
    return this.whole(max, true) as Promise<string>;
  }

  private whole(max: number, asText: boolean): Promise<Uint8Array | string> {
    if (this.stream) {
      const res = { headers: this.headers, body: this.stream } as unknown as Dispatcher.ResponseData;
      return asText ? readWhole(res, max, true) : readWhole(res, max, false);
    }
    const declared = Number(one(this.headers['content-length']) ?? Number.NaN);
    if (declared > max) {
      const err = new LimitExceeded(`content-length ${declared}`);
      this.fail(err);
      this.controller?.abort(err);
      return Promise.reject(err);
    }
    if (this.failed !== undefined) return Promise.reject(this.failed instanceof LimitExceeded ? this.failed : bodyFailure(this.failed));
    if (!this.chunks) return Promise.reject(new Error('the body was read or discarded already'));
    this.limit = max;
    if (this.size > max) {
      const err = new LimitExceeded(`more than ${max} bytes`);
      this.fail(err);
      this.controller?.abort(err);
      return Promise.reject(err);
    }
    return new Promise((resolve, reject) => {
      this.waiting = { asText, resolve, reject };
      if (this.ended) this.deliver();
    });
  }
}

/** A body that failed once the response had started: marked so, so the caller does not treat it as "nothing sent". */
const bodyFailure = (err: unknown) =>
  err instanceof LimitExceeded
    ? err
    : Object.assign(new Error('connection failed while reading the response body', { cause: err }), { afterResponse: true });

/** A reason phrase Response takes (as fetch gives it); one it would refuse is left out. */
const reason = (text: string | undefined) => (text && /^[\t\x20-\x7e\x80-\xff]*$/.test(text) ? text : '');

/** One header's value as fetch's Headers.get gives it (a repeated header joined with ", "). */
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(', ') : v);

const utf8 = new TextDecoder();

/**
 * A response body read whole: decoded as fetch does, at most `max` decoded bytes; as UTF-8 text
 * when `asText` (undici's own text(), which removes a BOM as TextDecoder does).
 */
async function readWhole(res: Dispatcher.ResponseData, max: number, asText: true): Promise<string>;
async function readWhole(res: Dispatcher.ResponseData, max: number, asText: false): Promise<Uint8Array>;
async function readWhole(res: Dispatcher.ResponseData, max: number, asText: boolean): Promise<Uint8Array | string> {
  const length = res.headers['content-length'];
  const declared = length === undefined ? NaN : Number(one(length));
  if (declared > max) {
    res.body.destroy();
    throw new LimitExceeded(`content-length ${declared}`);
  }
  const coding = res.headers['content-encoding'];
  const decoders = coding === undefined ? NO_DECODERS : decodersFor(one(coding) ?? null);
  try {
    // a body sent as it is with a declared length within the limit needs no counting (undici
    // enforces Content-Length): one read
    if (!decoders.length && Number.isFinite(declared)) return await (asText ? res.body.text() : res.body.bytes());
    const source = decoders.length ? (pipeline([res.body, ...decoders], () => {}) as unknown as Readable) : res.body;
    const chunks: Buffer[] = [];
    let seen = 0;
    for await (const chunk of source) {
      seen += (chunk as Buffer).length;
      if (seen > max) {
        source.destroy();
        res.body.destroy();
        throw new LimitExceeded(`more than ${max} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
    const whole = Buffer.concat(chunks, seen);
    return asText ? utf8.decode(whole) : whole;
  } catch (err) {
    if (err instanceof LimitExceeded) throw err;
    // the response had started: say so, so the caller does not treat this as "nothing sent"
    throw Object.assign(new Error('connection failed while reading the response body', { cause: err }), { afterResponse: true });
  }
}

let shared: NodeTransport | undefined;

/**
 * The transport a client uses on Node when it is given no `fetch`: one pool per process with
 * nodeTransport()'s defaults, created on the first request. Idle connections never keep the
 * process alive (undici unrefs them) and end with it; closeDefaultTransport() closes them sooner.
 */
export const defaultTransport = Object.assign(
  (input: Request): Promise<Response> => {
    shared ??= nodeTransport();
    return shared(input);
  },
  {
    [DIRECT]: {
      send: ((request) => {
        shared ??= nodeTransport();
        return shared[DIRECT].send(request);
      }) as DirectSend,
      kit: fastKit,
    } satisfies DirectTransport,
  },
);

/** Closes the default transport's pool (in-flight requests finish); a later request opens a new one. */
export async function closeDefaultTransport(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}

/**
 * A request body as undici takes it: read up to SMALL_UPLOAD bytes; a body that ends by then is
 * sent in one piece with its length (JSON documents, forms, small files), a larger one streams
 * on from where the reading stopped, never held in memory whole (a file upload).
 */
async function requestBody(stream: ReadableStream<Uint8Array>): Promise<Buffer | Readable> {
  const reader = stream.getReader();
  const head: Buffer[] = [];
  let size = 0;
  while (size <= SMALL_UPLOAD) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(head, size);
    head.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    size += value.byteLength;
  }
  return Readable.from(
    (async function* () {
      try {
        yield* head;
        for (let next = await reader.read(); !next.done; next = await reader.read()) {
          yield Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
        }
      } finally {
        // the upload ended early (an abort, a connection lost): stop the source too
        void reader.cancel().catch(() => {});
      }
    })(),
    { objectMode: false },
  );
}

const NO_DECODERS: Duplex[] = [];

/**
 * The decoders for a Content-Encoding list, in the order to apply them (the last coding applied
 * is undone first). An unknown coding leaves the body as received (as fetch does).
 */
function decodersFor(header: string | null): Duplex[] {
  const codings = (header ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  if (codings.length === 0 || codings.length > 3) return [];
  const make: Record<string, () => Duplex> = {
    gzip: createGunzip,
    'x-gzip': createGunzip,
    deflate: inflateEither,
    br: createBrotliDecompress,
    zstd: createZstdDecompress,
  };
  if (!codings.every((c) => Object.hasOwn(make, c))) return [];
  return codings.reverse().map((c) => make[c]!());
}

/**
 * HTTP's "deflate" is zlib-wrapped (RFC 1950), but some servers send raw deflate (RFC 1951), and
 * fetch accepts both: a zlib stream's first byte has 8 (the deflate method) in its low nibble.
 */
function inflateEither(): Duplex {
  return Duplex.from(async function* (source: AsyncIterable<Buffer>) {
    const chunks = source[Symbol.asyncIterator]();
    let first = await chunks.next();
    while (!first.done && first.value.length === 0) first = await chunks.next();
    if (first.done) return;
    const head: Buffer = first.value;
    const inflater = (head[0]! & 0x0f) === 0x08 ? createInflate() : createInflateRaw();
    const input = Readable.from(
      (async function* () {
        yield head;
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
      })(),
    );
    yield* pipeline(input, inflater, () => {});
  });
}

function toWebStream(body: Readable, destroy: () => void): ReadableStream<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value as Uint8Array);
      } catch (err) {
        controller.error(err);
      }
    },
    cancel() {
      // destroying the body aborts the response, so the pool does not wait for it
      destroy();
    },
  });
}
