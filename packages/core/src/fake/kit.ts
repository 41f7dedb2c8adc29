// The fake as a library, for tests of code that uses a client: `createFake()` gives the inferred
// fake of a spec (engine.ts) in-process, as a `fetch` the client takes as its transport (no port,
// no Prism), or served on 127.0.0.1; with seed records, reset, the requests it received, and the
// faults a user's code must survive (latency, a 5xx, a 429 with Retry-After, a timeout, a dropped
// connection, a drifted answer). The spec comes as a FakeModel (model.ts): a provider package's
// generated one (`@capi/<provider>/fake`) or, in this repository, the spec model. The model's
// validators check each request body (the documented 400/422), and `strict` makes an answer that
// breaks the spec fail loudly; served by `npm run fake`, Prism stands in front instead.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type Answer, createEngine, type EngineOptions } from './engine.ts';
import {
  jsonTooDeep,
  jsonType,
  listenLocal,
  MAX_BODY_BYTES,
  mediaType,
  multipartFields,
  NOT_UTF8,
  readBody,
  sendAnswer,
  TOO_DEEP,
  utf8Text,
} from './http.ts';
import type { FakeModel as SpecModel } from './model.ts';
import { TransportRefused } from '../errors.ts';

/** A fault the next matching requests meet instead of (or before) the fake's answer. */
export type Fault =
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: number }
  | { kind: 'rate-limit'; retryAfter: number }
  | { kind: 'timeout' }
  | { kind: 'drop' }
  | { kind: 'drift' };

export interface FaultRule {
  fault: Fault;
  /** Only requests to this operation ("METHOD /path" as the spec writes it); default: every request. */
  operation?: string;
  /** How many requests meet it (default 1); Infinity: until clearFaults(). */
  times?: number;
}

export interface FakeOptions extends EngineOptions {
  /** Throw (in-process) when an answer breaks the spec (default true; a `drift` fault is exempt). */
  strict?: boolean;
}

/** A fake of the spec a model reads. */
export function createFake(model: SpecModel, options: FakeOptions = {}) {
  const engine = createEngine(model, options);
  let faults: (FaultRule & { left: number })[] = [];
  const pending = new Set<() => void>();

  /** The fault the request meets (counted), if any. */
  const faultFor = (operation: string | null): Fault | undefined => {
    const rule = faults.find((f) => f.left > 0 && (f.operation === undefined || f.operation === operation));
    if (!rule) return undefined;
    rule.left -= 1;
    faults = faults.filter((f) => f.left > 0);
    return rule.fault;
  };

  /** The documented answer of `status` for an operation (its example or a generated body), else a plain one. */
  const statusAnswer = (status: number, headers?: Record<string, string>): Answer => ({
    status,
    body: { message: status === 429 ? 'rate limited by the fake' : `a ${status} injected by the fake` },
    headers,
  });

  /** An answer that breaks the spec: the type of the body's first field changed, or a body where the spec has none. */
  const drift = (answer: Answer): Answer => {
    const body = answer.body;
    // an answer with no body (a 204): a 200 with one, which the spec does not document
    if (body === undefined || [204, 205, 304].includes(answer.status)) return { ...answer, status: 200, body: { drifted: true } };
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      const copy = { ...(body as Record<string, unknown>) };
      const [first] = Object.keys(copy);
      if (first !== undefined) copy[first] = typeof copy[first] === 'number' ? 'not-a-number' : 12345;
      return { ...answer, body: copy };
    }
    return { ...answer, body: { drifted: true } };
  };

  /**
   * One request: the fault it meets, then the engine's answer. A 5xx, a 429, a timeout or a
   * dropped connection stands in for the answer (the request changes nothing, as when the
   * provider fails before acting); latency and drift wrap the real answer.
   */
  function handle(
    request: { method: string; url: string; headers: Record<string, string> },
    text: string | undefined,
    refusal?: string,
    fields?: [string, string][],
  ) {
    const req = { ...request, url: withoutBasePath(request.method, request.url) };
    const fault = faultFor(engine.operationOf(req.method, req.url));
    if (fault && fault.kind !== 'latency' && fault.kind !== 'drift') {
      engine.note(req.method, req.url, text);
      return { answer: { status: 0 } as Answer, fault };
    }
    try {
      return { answer: withBasePath(engine.respond(req, { text, refusal, ...(fields ? { fields } : {}) }), request.url, req.url), fault };
    } catch (err) {
      // a rule that throws (`authenticate` is asked before the engine's own guard): a 500 naming
      // it, as `npm run fake` answers; served, an exception here was an unhandled rejection
      return { answer: crashed(err), fault };
    }
  }

  // The path of each server the spec declares (`https://api.example.com/api/v1` → `/api/v1`),
  // longest first: a client whose base URL is the spec's server sends it before the operation's path.
  const basePaths = [
    ...new Set(
      (model.servers ?? []).flatMap((server) => {
        const url = String(server?.url ?? '').replace(/\{([^{}]+)\}/g, (_, name: string) =>
          String(server?.variables?.[name]?.default ?? name),
        );
        try {
          const path = new URL(url, 'http://fake').pathname.replace(/\/+$/, '');
          return path ? [path] : [];
        } catch {
          return [];
        }
      }),
    ),
  ].sort((a, b) => b.length - a.length);
  /** The request target without a server's base path, when it reaches no operation with it. */
  function withoutBasePath(method: string, target: string): string {
    if (engine.operationOf(method, target) !== null) return target;
    for (const base of basePaths) {
      if (target.startsWith(`${base}/`) || target.startsWith(`${base}?`)) return target.slice(base.length);
    }
    return target;
  }

  /**
   * The answer's `Location` and `Link` paths with the server's base path the request had (and the
   * engine was given without): a relative `/orders/1` resolved against `https://api.test/v1/orders`
   * named `https://api.test/orders/1`, which no operation has.
   */
  function withBasePath(answer: Answer, asked: string, given: string): Answer {
    const base = asked.slice(0, asked.length - given.length);
    if (!base || !answer.headers || !asked.endsWith(given)) return answer;
    const headers = { ...answer.headers };
    if (headers.location?.startsWith('/')) headers.location = `${base}${headers.location}`;
    if (headers.link?.startsWith('</')) headers.link = `<${base}${headers.link.slice(1)}`;
    return { ...answer, headers };
  }

  const wait = (ms: number, signal?: AbortSignal | null) =>
    new Promise<void>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        pending.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      pending.add(done);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        pending.delete(done);
        reject(signal.reason);
      });
    });

  /**
   * A request body's bytes, read up to one byte past MAX_BODY_BYTES (then the rest is cancelled:
   * a body too large is refused all the same, and a stream that never ends is not read for ever).
   */
  async function boundedBody(request: Request): Promise<Buffer> {
    if (!request.body) return Buffer.alloc(0);
    const reader = request.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      while (size <= MAX_BODY_BYTES) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        size += value.length;
      }
    } finally {
      if (size > MAX_BODY_BYTES) await reader.cancel().catch(() => {});
      reader.releaseLock();
    }
    return Buffer.concat(chunks);
  }

  /** The fake as a WHATWG fetch: give it to a client as its `fetch` option. */
  async function fetchFake(input: Request | URL | string, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const buffer = await boundedBody(request);
    const headers = Object.fromEntries([...request.headers].map(([k, v]) => [k.toLowerCase(), v]));
    // a multipart form is read by its parts (a file's bytes need not be UTF-8), as readBody does
    const fields = buffer.length > MAX_BODY_BYTES ? undefined : await multipartFields(buffer, headers['content-type']);
    const text = buffer.length > MAX_BODY_BYTES ? undefined : (utf8Text(buffer) ?? (fields ? '' : undefined));
    const refusal =
      buffer.length > MAX_BODY_BYTES
        ? `the request body is larger than ${MAX_BODY_BYTES} bytes`
        : text === undefined
          ? NOT_UTF8
          : jsonTooDeep(headers['content-type'], text)
            ? TOO_DEEP
            : undefined;
    const { answer, fault } = handle({ method: request.method, url: `${url.pathname}${url.search}`, headers }, text, refusal, fields);
    let out = answer;
    switch (fault?.kind) {
      case 'latency':
        await wait(fault.ms, request.signal);
        break;
      case 'status':
        out = statusAnswer(fault.status);
        break;
      case 'rate-limit':
        out = statusAnswer(429, { 'retry-after': String(fault.retryAfter) });
        break;
      case 'timeout':
        await wait(2_147_483_647, request.signal); // until the caller gives up (its signal) or close()
        throw new TypeError('fetch failed: the fake was closed before answering');
      case 'drop':
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
      case 'drift':
        out = drift(answer);
        break;
    }
    if (options.strict !== false && fault?.kind !== 'drift' && fault?.kind !== 'status' && fault?.kind !== 'rate-limit') {
      check(request.method, url.pathname, out);
    }
    const { 'content-type': type, ...answerHeaders } = out.headers ?? {};
    // a body documented as another media type than JSON (a `text/html` read), as it is
    if (out.text !== undefined)
      return new Response(out.text, { status: out.status, headers: { 'content-type': mediaType(type, 'text/plain'), ...answerHeaders } });
    const body = out.body === undefined ? null : JSON.stringify(out.body);
    return new Response(body, {
      status: out.status,
      headers: { ...(body === null ? {} : { 'content-type': jsonType(type) }), ...answerHeaders },
    });
  }

  /** Fails when an answer is not one the spec documents for the operation (strict in-process mode). */
  function check(method: string, path: string, answer: Answer) {
    const key = engine.requests().at(-1)?.operation;
    const op = key ? model.operation(key) : undefined;
    if (!op) return;
    const res = op.responses.find((r) => r.status === String(answer.status)) ?? op.responses.find((r) => r.status === 'default');
    if (!res) throw new TransportRefused(`the fake answered ${answer.status} to ${method} ${path}, which ${op.key} does not document`);
    if (res.schemaPointer && answer.body !== undefined) {
      const { ok, errors } = model.validate(res.schemaPointer, answer.body);
      if (!ok)
        throw new TransportRefused(
          `the fake's ${answer.status} to ${method} ${path} breaks the spec at ${res.schemaPointer}: ${errors.join('; ')}`,
        );
    }
  }

  let server: Server | undefined;
  const sockets = new Set<Socket>();
  return {
    /** A WHATWG fetch answered in-process (the client's `fetch` option). */
    fetch: fetchFake,
    /** Serves the fake on 127.0.0.1 (port 0: a free one); returns its base URL. */
    async listen(port = 0): Promise<string> {
      if (server?.listening) {
        throw new Error(`the fake is already served at http://127.0.0.1:${(server.address() as AddressInfo).port}; close() it first`);
      }
      server = createServer((req: IncomingMessage, res: ServerResponse) => {
        serve(req, res).catch((err: unknown) => {
          // nothing a request sends ends the process: the 500, or the connection closed if the answer had begun
          if (res.headersSent) res.destroy();
          else sendAnswer(res, crashed(err));
        });
      });
      const serve = async (req: IncomingMessage, res: ServerResponse) => {
        const { text, refusal, fields } = await readBody(req);
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
        const { answer, fault } = handle({ method: String(req.method), url: String(req.url), headers }, text, refusal, fields);
        switch (fault?.kind) {
          case 'latency':
            await wait(fault.ms).catch(() => {});
            return sendAnswer(res, answer);
          case 'status':
            return sendAnswer(res, statusAnswer(fault.status));
          case 'rate-limit':
            return sendAnswer(res, statusAnswer(429, { 'retry-after': String(fault.retryAfter) }));
          case 'timeout':
            return; // never answered: the client's timeout ends it (close() drops the connection)
          case 'drop':
            return req.socket.destroy();
          case 'drift':
            return sendAnswer(res, drift(answer));
          default:
            return sendAnswer(res, answer);
        }
      };
      server.on('connection', (socket: Socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      return listenLocal(server, port);
    },
    /** Stops the server (if any), ending connections and requests left waiting by a timeout fault. */
    async close() {
      for (const done of pending) done();
      for (const socket of sockets) socket.destroy();
      const s = server;
      server = undefined;
      if (s?.listening) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    /** Back to the seed records; the request log and the faults are cleared. */
    reset() {
      engine.reset();
      faults = [];
    },
    /** The next `times` requests (to `operation`, if given) meet `fault`. */
    fail(fault: Fault, { operation, times = 1 }: Omit<FaultRule, 'fault'> = {}) {
      checkFault(fault);
      if (!(times === Number.POSITIVE_INFINITY || (Number.isInteger(times) && times >= 1))) {
        throw new Error('fail(): times must be a whole number 1 or more, or Infinity');
      }
      if (operation !== undefined && !model.operation(operation)) {
        throw new Error(`fail(): no operation "${operation}" in the spec; use "METHOD /path" as the spec writes it`);
      }
      faults.push({ fault, operation, times, left: times });
    },
    clearFaults() {
      faults = [];
    },
    /** The requests received since the last reset (method, path, query, operation, body), oldest first. */
    requests: engine.requests,
    /** The records of a resource (copies). */
    records: engine.records,
    /** The resources inferred from the spec, and what was guessed. */
    inference: engine.inference,
    ambiguities: engine.ambiguities,
  };
}

export type Fake = ReturnType<typeof createFake>;

/** The answer to a request the fake failed on: a 500 naming the error (as `npm run fake` answers). */
const crashed = (err: unknown): Answer => ({ status: 500, body: { message: `fake crashed: ${(err as Error)?.message ?? String(err)}` } });

/** The longest a timer waits (setTimeout's limit). */
const MAX_TIMER_MS = 2_147_483_647;
const KINDS = ['latency', 'status', 'rate-limit', 'timeout', 'drop', 'drift'];
/** Throws, saying what it takes, when a fault (from a caller that may not be typed) cannot be injected. */
function checkFault(fault: Fault): void {
  if (!fault || typeof fault !== 'object') throw new Error('fail(): a fault is an object with a kind, e.g. { kind: "drop" }');
  if (!KINDS.includes(fault.kind)) {
    throw new Error(`fail(): unknown fault kind ${JSON.stringify(String(fault.kind)).slice(0, 60)}; the kinds are ${KINDS.join(', ')}`);
  }
  if (fault.kind === 'status' && !(Number.isInteger(fault.status) && fault.status >= 400 && fault.status <= 599)) {
    throw new Error('fail(): status must be a whole number from 400 to 599 (an error the provider answers)');
  }
  if (fault.kind === 'latency' && !(Number.isFinite(fault.ms) && fault.ms >= 0 && fault.ms <= MAX_TIMER_MS)) {
    throw new Error(`fail(): ms must be a finite number of milliseconds, 0 or more (at most ${MAX_TIMER_MS}, a timer's limit)`);
  }
  if (fault.kind === 'rate-limit' && !(Number.isSafeInteger(fault.retryAfter) && fault.retryAfter >= 0)) {
    // a larger number is written 1e+21, which is no Retry-After a client reads
    throw new Error(
      `fail(): retryAfter must be a whole number of seconds, 0 or more (at most ${Number.MAX_SAFE_INTEGER}, written as its digits)`,
    );
  }
}
