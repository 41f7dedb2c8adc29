import type { Client, Middleware } from 'openapi-fetch';
import {
  ApiError,
  AuthFailure,
  ConfigError,
  errorLabel,
  RateLimitRefused,
  RequestRefused,
  isTransportRefused,
  type NormalizedError,
  type Violation,
} from './errors.js';
import { kindOfStatus, requestIdOf, type EnvelopeReader } from './envelope.js';
import { defaultRetryPolicy, parseRetryAfter, resolveRetryPolicy, retryDelay, type RetryPolicy } from './retry.js';
import { unsendable } from './auth.js';
import { chooseMedia, essence, headerValue, isJsonMedia, planBody, TEXT_TYPE } from './body.js';
import type { SecretSet } from './redact.js';
import type { BoundRateLimiter } from './rate-limit.js';
import type { CallOptions } from './types.js';
import type { CallTrace, Telemetry } from './telemetry.js';
import type { ContractCheck } from './validate.js';
import type { PlainRequest } from './auth.js';
import { LimitExceeded, type DirectSend } from './direct.js';
import { holdUntilRead } from './hold.js';
import type { FastBase, FastKit, ReplyHead } from './fast.js';
import { styledQuery, type QueryStyle } from './query.js';

export interface CallSettings {
  provider: string;
  retry: RetryPolicy;
  timeoutMs: number;
  totalTimeoutMs: number;
  /** Responses larger than this fail as unexpected_response instead of filling memory. */
  maxResponseBytes: number;
  throwOnError: boolean;
  readEnvelope: EnvelopeReader;
  /** Documented statuses per "METHOD /path". */
  statuses: Readonly<Record<string, readonly string[]>>;
  /** The idempotency key header per "METHOD /path", where the provider declares one. */
  idempotency: Readonly<Record<string, string>>;
  /** The request body's media types per "METHOD /path", in the spec's order. */
  requestMedia: Readonly<Record<string, readonly string[]>>;
  /** How query parameters are written per "METHOD /path", where the spec declares a style openapi-fetch does not write by default. */
  queryStyles?: Readonly<Record<string, Readonly<Record<string, QueryStyle>>>>;
  secrets: SecretSet;
  fetch: (input: Request) => Promise<Response>;
  /** Spans and events per call and attempt (telemetry.ts), when the client was given `telemetry`. */
  telemetry?: Telemetry;
  /** The client's base URL (what telemetry names as the server). */
  baseUrl?: string;
  /** The spec's operationId per "METHOD /path" (what telemetry names the operation by). */
  operationIds?: Readonly<Record<string, string>>;
  /** After a 401: forgets the token the request carried (its Authorization) when a token source gave it (true: try once more). */
  reauth?: (authorization: string | undefined) => boolean;
  /** The client-side rate limit, when there is one. */
  limiter?: BoundRateLimiter;
  /** Checks response bodies against their schemas (option `validate`); undefined when off. */
  contract?: ContractCheck | undefined;
  /**
   * The fast path (fast.ts), when the transport offers one (direct.ts) and the base URL allows:
   * the sender, the base, and authentication applied to a plain request. Taken by a call while
   * `userMiddleware` is empty and its options allow (`fastOptions`).
   */
  fast?: { send: DirectSend; kit: FastKit; base: FastBase; auth: (request: PlainRequest) => Promise<void> | undefined } | undefined;
  /** The caller's openapi-fetch middleware now registered (options.middleware, use(), eject()). */
  userMiddleware: Set<Middleware>;
}

export const defaultCallSettings = {
  retry: defaultRetryPolicy,
  timeoutMs: 30_000,
  totalTimeoutMs: 120_000,
  maxResponseBytes: 10 * 1024 * 1024,
};

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE'] as const;

class Stop extends Error {
  constructor(readonly which: 'attempt' | 'overall') {
    super(`${which} timeout`);
  }
}
const stopFor = (which: string) => new Stop(which as 'attempt' | 'overall');

/** The longest delay setTimeout keeps (a longer one fires at once). */
const MAX_TIMER = 2 ** 31 - 1;

/** A positive finite number (ms fields: at most ~24.8 days, what a timer can wait), else a ConfigError naming it. */
export function positive(provider: string, key: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (key.endsWith('Ms') && value > MAX_TIMER)) {
    throw new ConfigError(
      provider,
      key,
      `${key} must be a positive number of ${key.endsWith('Ms') ? `ms (at most ${MAX_TIMER})` : 'bytes'}`,
    );
  }
  return value;
}

/**
 * Middleware as openapi-fetch takes it (an object with `onRequest`, `onResponse` or `onError`;
 * an empty entry is passed over), checked before any is registered.
 * @throws ConfigError naming the first entry that is none, and its position
 */
export function checkMiddleware(provider: string, list: readonly unknown[]): void {
  list.forEach((m, i) => {
    if (!m) return;
    const hooks = typeof m === 'object' ? (['onRequest', 'onResponse', 'onError'] as const).filter((k) => k in m) : [];
    const bad = hooks.find((k) => typeof (m as Record<string, unknown>)[k] !== 'function');
    if (!hooks.length || bad) {
      throw new ConfigError(
        provider,
        'middleware',
        `middleware ${i + 1} ${bad ? `has an ${bad} that is not a function` : 'is not an object with onRequest, onResponse or onError'}; nothing was registered`,
      );
    }
  });
}

/** Wraps an openapi-fetch client: every call goes through `execute`. */
export function wrapClient(inner: Client<any, any>, settings: CallSettings): unknown {
  const traceOrNot = settings.telemetry ? traced : execute;
  // the per-request values (signatures) a call sends are redacted until its error is built
  const run: typeof execute = async (...args) => {
    const end = settings.secrets.begin();
    try {
      return await traceOrNot(...args);
    } finally {
      end();
    }
  };
  const wrapped: Record<string, unknown> = {
    use: (...m: Middleware[]) => {
      // all checked before any is registered: openapi-fetch registers those before a bad one and
      // then throws, which would leave a middleware it calls that the fast path does not know of
      checkMiddleware(settings.provider, m);
      inner.use(...m);
      for (const one of m) if (one) settings.userMiddleware.add(one);
    },
    eject: (...m: Middleware[]) => {
      inner.eject(...m);
      for (const one of m) settings.userMiddleware.delete(one);
    },
    request: (method: string, path: string, init?: Record<string, unknown>) => run(inner, settings, method, path, init ?? {}),
  };
  for (const m of METHODS) wrapped[m] = (path: string, init?: Record<string, unknown>) => run(inner, settings, m, path, init ?? {});
  return wrapped;
}

/** `execute` observed by the client's telemetry: one trace per call, ended with its outcome. */
async function traced(inner: Client<any, any>, s: CallSettings, method: string, path: string, init: Record<string, unknown>) {
  const op = `${method.toUpperCase()} ${path}`;
  const t = s.telemetry!.start({
    provider: s.provider,
    method: method.toUpperCase(),
    path,
    baseUrl: s.baseUrl ?? 'http://localhost',
    operationId: s.operationIds && Object.hasOwn(s.operationIds, op) ? s.operationIds[op] : undefined,
    redact: (text) => s.secrets.redactText(text),
  });
  try {
    const result = await execute(inner, s, method, path, init, t);
    // the fast path's head, not its Response (which is made only when the caller reads it)
    const head = heads.get(result);
    t.end(head ? { error: (result as { error?: NormalizedError }).error, response: head } : result);
    return result;
  } catch (err) {
    t.end(undefined, err);
    throw err;
  }
}

async function execute(
  inner: Client<any, any>,
  s: CallSettings,
  rawMethod: string,
  path: string,
  init: Record<string, unknown> & CallOptions,
  t?: CallTrace,
) {
  const method = rawMethod.toUpperCase();
  const { retry: retryOverride, timeoutMs: callTimeout, totalTimeoutMs: callTotal, signal: callerSignal, idempotencyKey, ...rest } = init;
  // the fast path, unless a middleware of the caller's or an option of this call needs a Request
  const fastWay = s.fast && s.userMiddleware.size === 0 && s.fast.kit.fastOptions(rest) ? s.fast : undefined;
  // invalid per-call options are the caller's mistake, as on the client: a ConfigError (rejected)
  const policy = resolveRetryPolicy(s.provider, s.retry, retryOverride);
  const timeoutMs = positive(s.provider, 'timeoutMs', callTimeout) ?? s.timeoutMs;
  const totalTimeoutMs = positive(s.provider, 'totalTimeoutMs', callTotal) ?? s.totalTimeoutMs;
  const op = `${method} ${path}`;
  const statuses = s.statuses[op] ?? [];
  callerSignal?.throwIfAborted();

  // Requests the client refuses to send: nothing goes out, nothing is retried.
  const keyHeader = Object.hasOwn(s.idempotency, op) ? s.idempotency[op] : undefined;
  const params = rest.params as { path?: Record<string, unknown>; query?: unknown; header?: unknown } | undefined;
  if (Array.isArray(rest.headers)) rest.headers = plainHeaders(rest.headers); // pairs, as fetch takes them (openapi-fetch does not)
  // the query written as the operation's parameters declare (explode: false, pipeDelimited, an
  // object in form style, JSON text for one described by `content`), unless the call brings its
  // own serialiser; both paths read it
  const styles = rest.querySerializer === undefined && s.queryStyles && Object.hasOwn(s.queryStyles, op) ? s.queryStyles[op] : undefined;
  const key =
    checkPathParams(path, params?.path) ??
    checkQueryValues(op, params?.query, rest.querySerializer, styles) ??
    checkHeaders(op, rest.headers, params?.header) ??
    idempotencyKeyOf(op, keyHeader, idempotencyKey, rest.headers, params?.header);
  if (key instanceof RequestRefused) return finish(s, refusedFailure(s, key, 0), undefined);
  if (styles) rest.querySerializer = styledQuery(styles);

  // The body, serialised once for the media type chosen among the operation's (a body that
  // cannot be sent as that type is refused here). `oneShot`: a stream body, which a retry
  // cannot send again.
  let oneShot: ReadableStream | undefined;
  try {
    oneShot = prepareBody(s, op, rest, (stream) => {
      oneShot = stream;
    });
  } catch (err) {
    if (err instanceof RequestRefused) return finish(s, refusedFailure(s, err, 0), undefined);
    throw err;
  }

  // One key per call, the same on every attempt: the provider then applies the write once. The
  // caller's own (idempotencyKey, or the header itself) when given, else a fresh one.
  if (keyHeader) {
    rest.headers = withHeader(rest.headers, keyHeader, key ?? globalThis.crypto.randomUUID());
    if (params?.header && typeof params.header === 'object')
      rest.params = { ...params, header: withHeader(params.header, keyHeader, undefined) };
  }

  // serialised once, for every attempt; undefined: this call goes the Request way
  const fast = fastWay?.kit.prepareFast(fastWay.base, method, path, rest);

  const started = Date.now();
  let reauthed = false;
  for (let attempt = 1; ; attempt++) {
    if (s.limiter) {
      // waits for a slot (rejects with the caller's reason if they cancel: the call leaves the queue)
      const refused = await s.limiter.acquire(callerSignal, totalTimeoutMs - (Date.now() - started));
      if (refused) return finish(s, limitedFailure(s, new RateLimitRefused(refused), attempt - 1), undefined);
    }
    // The attempt's limit or what is left of the call's, whichever is nearer (that decides which
    // timeout is reported). The Request way: one controller and one timer per attempt. The fast
    // path: a WireSignal that undici listens to, on the kit's shared deadline timer (an
    // AbortController only if authentication asks for a signal).
    const remainingBefore = totalTimeoutMs - (Date.now() - started);
    const which: 'attempt' | 'overall' = timeoutMs < remainingBefore ? 'attempt' : 'overall';
    const limitMs = Math.max(0, Math.min(timeoutMs, remainingBefore));
    const wire = fast && fastWay ? new fastWay.kit.WireSignal() : undefined;
    const attemptCtl = wire ? undefined : new AbortController();
    let attemptTimer: ReturnType<typeof setTimeout> | undefined;
    if (wire) fastWay!.kit.arm(wire, limitMs, stopFor, which);
    else attemptTimer = setTimeout(() => attemptCtl!.abort(new Stop(which)), limitMs);
    const onCallerAbort = callerSignal
      ? () => (wire ? wire.abort(callerSignal.reason) : attemptCtl!.abort(callerSignal.reason))
      : undefined;
    if (onCallerAbort) callerSignal!.addEventListener('abort', onCallerAbort, { once: true });
    const seen: {
      sent: boolean;
      response: boolean;
      res?: Response | ReplyHead;
      authorization?: string | undefined;
      /** lets go of the Request sent, held until the attempt ends (see fetchOnce) */
      release?: () => void;
    } = {
      sent: false,
      response: false,
    };
    let failure: NormalizedError;
    let response: Response | ReplyHead | undefined;
    try {
      if (fastWay && fast && wire) {
        // the fast path: the serialised request, authenticated per attempt, sent as plain values
        const req = new fastWay.kit.PlainAttempt(method, path, fast.url, { ...fast.headers }, fast.body, wire);
        const authenticating = fastWay.auth(req); // undefined: static credentials, applied already
        if (authenticating) await authenticating;
        if (wire.fired) throw wire.reason; // a timeout while a token was fetched: nothing is sent
        const target = req.url === fast.url ? fast : new URL(req.url);
        const direct = {
          origin: target.origin,
          path: target === fast ? fast.path : (target as URL).pathname + (target as URL).search,
          method,
          headers: req.headers,
          body: req.body,
          signal: wire,
        };
        seen.sent = true;
        seen.authorization = req.headers.authorization;
        const head = t
          ? await t.send(attempt, req.url, () => fastWay.send(direct).then((reply) => new fastWay.kit.ReplyHead(reply)))
          : new fastWay.kit.ReplyHead(await fastWay.send(direct));
        seen.response = true;
        seen.res = head;
        s.limiter?.observe(head.headers, head.status);
        const value = await fastWay.kit.readReply(head, method, fast.parseAs, s.maxResponseBytes);
        response = head;
        const violations = s.contract ? await s.contract(op, head, value) : undefined;
        if (head.ok && !violations) return withResponse({ data: value }, head, t);
        failure = httpFailure(s, method, path, head, value, attempt, statuses);
        if (violations) failure = contractFailure(failure, op, violations);
      } else {
        const fetchOnce = async (req: Request) => {
          // Redirects are never followed, whatever the call's init or a middleware says: a 3xx
          // comes back as it is (a redirect to another origin would carry the credentials there).
          // The signal must be this attempt's own controller's, one link away: a Request follows
          // the signal it was built from only through a weak reference (undici keeps a WeakRef to
          // the new Request's AbortController), so once a middleware has rebuilt the request (the
          // auth step for an API key in the query, a caller's middleware) and the first Request is
          // dropped, a garbage collection breaks the chain and the timeout or the caller's abort
          // never reaches the transport: the call then waits for the server. Seen as a 100 ms
          // timeout ending after 5 s once more modules (more garbage) loaded; test/abort-gc.test.ts
          // forces the collection. Upstream: nodejs/undici#4068 and nodejs/node#55428 (Node 24's
          // undici 7.x; undici 8 keeps the controller alive). The Request the client built itself
          // (a CallRequest: `redirect: 'manual'` and `attemptCtl`'s signal, kept alive by
          // openapi-fetch until the response is read) is sent as it is, headers changed in place
          // by the auth step or a middleware included; any other (a middleware's, the caller's
          // own `Request` class) is copied once, bound to `attemptCtl`. A copy of a Request with a
          // body pipes that body through a TransformStream: most of what the Request way spent
          // per call beyond bare openapi-fetch (bench/results.md, "Client overhead").
          const out =
            callRequest().built(req) && req.redirect === 'manual'
              ? req
              : new Request(req, { redirect: 'manual', signal: attemptCtl!.signal });
          seen.sent = true;
          seen.authorization = out.headers.get('authorization') ?? undefined;
          // held for the whole attempt, body read included: the abort reaches the body through
          // this Request's signal, which follows attemptCtl's only as long as the Request lives
          // (the same weak reference as above). openapi-fetch lets go of it once it has the
          // response's head (parseAs 'stream'), so a GC while a slow body was read broke the chain
          // and the timeout never ended the read (hold.ts; test/abort-gc.test.ts, a trickled body)
          seen.release?.();
          seen.release = holdUntilRead(out);
          const raw = withoutContent(await (t ? t.send(attempt, out.url, () => s.fetch(out)) : s.fetch(out)));
          seen.response = true;
          s.limiter?.observe(raw.headers, raw.status);
          const res = limitBody(raw, s.maxResponseBytes);
          seen.res = res;
          return res;
        };
        // openapi-fetch parses every success body as JSON unless the call says `parseAs` (and a
        // chunked one through text(), whatever its type): a documented text/html or binary body
        // would then fail. Without `parseAs`, the body comes back unread and its own
        // Content-Type decides, as on the fast path.
        const result = await inner.request(method.toLowerCase() as 'get', path, {
          ...rest,
          parseAs: (rest.parseAs ?? 'stream') as 'stream',
          signal: attemptCtl!.signal,
          redirect: 'manual',
          // the caller's own Request class, when the call gives one, is kept (fetchOnce then copies)
          Request: (rest.Request as typeof Request | undefined) ?? callRequest(),
          fetch: fetchOnce,
        });
        if (rest.parseAs === undefined && result.response.ok && result.data != null) {
          (result as { data: unknown }).data = await readByContentType(result.response);
        }
        response = result.response;
        const violations = s.contract ? await s.contract(op, result.response, result.response.ok ? result.data : result.error) : undefined;
        if (result.response.ok && !violations) return { data: result.data, response: result.response };
        failure = httpFailure(s, method, path, result.response, result.response.ok ? result.data : result.error, attempt, statuses);
        if (violations) failure = contractFailure(failure, op, violations);
      }
    } catch (err) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      // why the attempt was aborted, if it was (a Stop: a timeout)
      const abortedBy = wire ? (wire.fired ? wire.reason : undefined) : attemptCtl!.signal.aborted ? attemptCtl!.signal.reason : undefined;
      if (err instanceof ConfigError) throw err;
      if (err instanceof RequestRefused) return finish(s, refusedFailure(s, err, attempt - 1), undefined);
      if (err instanceof AuthFailure) return finish(s, authFailure(s, err, attempt - 1), undefined);
      // thrown while the request was being built (openapi-fetch's Request, a middleware), before
      // the transport had it: not a network failure, and the same call would fail the same way
      if (!seen.sent && !(abortedBy instanceof Stop)) {
        return finish(s, refusedFailure(s, unbuilt(op, err), attempt - 1), undefined);
      }
      // a transport may fail while it reads the body itself (node transport): that is after a response too
      if ((err as { afterResponse?: boolean } | null)?.afterResponse) seen.response = true;
      failure = thrownFailure(s, err, abortedBy, seen.response, attempt, seen.res?.headers.get('content-encoding'));
      // a body that fails to parse or to arrive still came with a response: keep it for the caller
      response = seen.res;
    } finally {
      if (wire) fastWay!.kit.disarm(wire);
      else clearTimeout(attemptTimer);
      if (onCallerAbort) callerSignal!.removeEventListener('abort', onCallerAbort);
      seen.release?.();
    }

    // a stream body is read as it is sent: once it may have gone out, it cannot be sent again
    if (oneShot && (seen.sent || oneShot.locked)) return finish(s, failure, response, t);
    // a 401 to a token a token source gave: once per call, a new token and one more attempt
    if (failure.status === 401 && !reauthed && seen.sent && s.reauth?.(seen.authorization)) {
      reauthed = true;
      if (response instanceof Response) void response.body?.cancel().catch(() => {});
      continue;
    }
    const remaining = totalTimeoutMs - (Date.now() - started);
    const notSent = failure.kind === 'network' && (!seen.sent || (!seen.response && neverSent(failure.cause)));
    const delay =
      failure.kind === 'timeout' && failure.timeout === 'overall'
        ? undefined
        : retryDelay({ ...failure, notSent }, method, attempt, policy, remaining, keyHeader !== undefined);
    if (delay === undefined) return finish(s, failure, response, t);
    t?.retry(attempt, delay, failure);
    await sleep(delay, callerSignal); // rejects with the caller's reason if they cancel
  }
}

/**
 * The Request class the client builds its own requests with (made on first use, from the
 * runtime's Request): a private field marks them. openapi-fetch checks a middleware's result
 * with `instanceof` the class it builds with, so any Request passes that check, as with the
 * runtime's own class.
 */
interface CallRequestClass {
  new (input: RequestInfo | URL, init?: RequestInit): Request;
  /** Whether the client built `request` itself. */
  built(request: Request): boolean;
}
let CallRequest: CallRequestClass | undefined;
function callRequest(): CallRequestClass {
  if (CallRequest) return CallRequest;
  const Base = globalThis.Request;
  CallRequest = class CallRequest extends Base {
    #built = true;
    static built(request: Request): boolean {
      return #built in request;
    }
    static [Symbol.hasInstance](value: unknown): boolean {
      return value instanceof Base;
    }
  };
  return CallRequest;
}

/** Connection failures where the request cannot have reached the server. */
const NOT_SENT = /\b(?:ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|EADDRNOTAVAIL|UND_ERR_CONNECT_TIMEOUT)\b/;
const neverSent = (cause: string | undefined) => cause !== undefined && NOT_SENT.test(cause);

const BAD_SEGMENTS = new Set(['', '.', '..']);

/**
 * A path parameter that would change the path instead of naming one segment: missing, empty,
 * "." or ".." (URL parsing removes or climbs such segments). Names the parameter, not its value.
 */
function checkPathParams(template: string, values: Record<string, unknown> | undefined): RequestRefused | undefined {
  for (const name of pathParamNames(template)) {
    const value = values && Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined || value === null) return new RequestRefused(name, `path parameter "${name}" is missing`);
    const text = Array.isArray(value) ? value.join(',') : typeof value === 'object' ? undefined : String(value);
    if (text !== undefined && BAD_SEGMENTS.has(text)) {
      return new RequestRefused(name, `path parameter "${name}" must not be empty, "." or ".." (it would change the path)`);
    }
  }
  return undefined;
}

/**
 * A query parameter the client cannot write, refused here naming the parameter (and the key, never
 * the value), with what to do; a call with its own querySerializer writes its query as it says:
 * - given as an object (openapi-fetch writes it as deepObject, `name[key]=value`) that holds an
 *   array, an object or a Date: OpenAPI leaves undefined how such a value is written, and
 *   openapi-fetch throws on it;
 * - described by `content` (sent as JSON text, whatever it holds) with a value JSON cannot write
 *   (a BigInt, a cycle): JSON.stringify would throw while the URL is built.
 */
function checkQueryValues(
  op: string,
  query: unknown,
  own: unknown,
  styles: Readonly<Record<string, QueryStyle>> | undefined,
): RequestRefused | undefined {
  if (own !== undefined || query === null || typeof query !== 'object') return undefined;
  for (const [name, value] of Object.entries(query)) {
    if (styles && Object.hasOwn(styles, name) && 'json' in (styles[name] as QueryStyle)) {
      try {
        JSON.stringify(value);
      } catch (err) {
        return new RequestRefused(
          name,
          `${op}: query parameter ${quoted(name)} is sent as JSON text (the spec describes it by content), and JSON cannot write its value (${err instanceof Error ? err.name : 'an error'}: a BigInt or a cycle in it): give it a value JSON can write`,
        );
      }
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    for (const [key, inner] of Object.entries(value)) {
      if (inner === null || typeof inner !== 'object') continue;
      const what = Array.isArray(inner) ? 'an array' : inner instanceof Date ? 'a Date' : 'an object';
      return new RequestRefused(
        name,
        `${op}: query parameter ${quoted(name)} holds ${what} at ${quoted(key)}, and how a value nested in an object (deepObject) query parameter is written is not defined by OpenAPI: give it as one string, the way the API reads it (such as "1,10"), or pass a querySerializer of your own`,
      );
    }
  }
  return undefined;
}
const quoted = (s: string) => JSON.stringify(s.length > 64 ? `${s.slice(0, 64)}...` : s);

/** The path parameters a template names (label and matrix styles left out: they prefix the value), read once per template. */
const templateParams = new Map<string, readonly string[]>();
function pathParamNames(template: string): readonly string[] {
  const known = templateParams.get(template);
  if (known) return known;
  const names: string[] = [];
  for (const [, raw] of template.matchAll(/\{([^}]+)\}/g)) {
    const name = raw!.replace(/\*$/, '');
    if (!/^[.;]/.test(name)) names.push(name);
  }
  // the templates of the generated types are few; a caller's own strings (`request()`) are not kept past a bound
  if (templateParams.size < 4096) templateParams.set(template, names);
  return names;
}

/** The longest idempotency key the client sends (a generated one has 36 characters). */
const MAX_KEY = 255;

/**
 * The caller's idempotency key for an operation that declares a key header (`keyHeader`): from
 * `idempotencyKey`, the call's `headers` or its header parameters, checked like a credential
 * (not empty, no control character, Latin-1, no whitespace at either end, at most 255
 * characters); undefined when none is given (the client then makes one). Refused, naming where
 * it came from and never the value: an invalid key, several different ones, an
 * `idempotencyKey` for an operation without a key header.
 */
function idempotencyKeyOf(
  op: string,
  keyHeader: string | undefined,
  option: unknown,
  headers: unknown,
  paramHeaders: unknown,
): string | RequestRefused | undefined {
  if (!keyHeader) {
    if (option === undefined) return undefined;
    return new RequestRefused('idempotencyKey', `${op} declares no idempotency key header, so idempotencyKey cannot be sent`);
  }
  const given: { from: string; value: unknown }[] = [];
  for (const [where, source] of [
    ['header parameter', paramHeaders],
    ['header', headers],
  ] as const) {
    for (const [name, value] of headerEntries(source)) {
      if (name.toLowerCase() === keyHeader.toLowerCase() && value !== null && value !== undefined)
        given.push({ from: `${where} "${name}"`, value });
    }
  }
  if (option !== undefined) given.push({ from: 'idempotencyKey', value: option });
  const keys: string[] = [];
  for (const { from, value } of given) {
    const one = Array.isArray(value) && value.length === 1 ? value[0] : value;
    if (Array.isArray(one)) return new RequestRefused(from, `${from} must be one value (the idempotency key), not several`);
    if (from === 'idempotencyKey' && typeof one !== 'string') return new RequestRefused(from, `${from} is not a string`);
    const text = String(one);
    const why = unsendable(text, true) ?? (text.length > MAX_KEY ? `is longer than ${MAX_KEY} characters` : undefined);
    if (why) return new RequestRefused(from, `${from} ${why}`);
    keys.push(text);
  }
  if (new Set(keys).size > 1) {
    return new RequestRefused(keyHeader, `${given.map((g) => g.from).join(' and ')} are different idempotency keys: give one`);
  }
  return keys[0];
}

/** RFC 9110 token: what a header name may be. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * A header of the call (its `headers`, its header parameters) that fetch cannot send or would
 * change: a name that is not a token; a value with a control character other than tab (CR/LF
 * anywhere: fetch would refuse it, or silently drop one at either end) or a character outside
 * Latin-1. Names the header, never the value.
 */
function checkHeaders(op: string, headers: unknown, paramHeaders: unknown): RequestRefused | undefined {
  for (const [where, source] of [
    ['header', headers],
    ['header parameter', paramHeaders],
  ] as const) {
    for (const [name, raw] of headerEntries(source)) {
      const shown = JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}...` : name);
      if (!TOKEN.test(name)) return new RequestRefused(name, `${op}: ${where} name ${shown} is not a valid HTTP header name`);
      for (const value of Array.isArray(raw) ? raw : [raw]) {
        if (value === null || value === undefined) continue;
        const text = String(value);
        const why = /[\u0000-\u0008\u000a-\u001f\u007f]/.test(text)
          ? 'contains a control character (CR, LF, NUL, ...)'
          : /[^\u0000-\u00ff]/.test(text)
            ? 'contains a character outside Latin-1, which an HTTP header cannot carry'
            : undefined;
        if (why) return new RequestRefused(name, `${op}: ${where} ${shown} has a value that ${why}`);
      }
    }
  }
  return undefined;
}

/** An error thrown while the request was being built, as a refusal: its class, never its message. */
function unbuilt(op: string, err: unknown): RequestRefused {
  const what =
    err instanceof TypeError && /header/i.test(err.message)
      ? "a header has a name or value that cannot be sent (the client's headers option or a middleware)"
      : `a middleware or the request's construction threw (${errorLabel(err)})`;
  return new RequestRefused('request', `${op}: the request could not be built, nothing was sent: ${what}`);
}

/** The entries of headers as openapi-fetch takes them: a plain object, Headers, or pairs. */
function headerEntries(headers: unknown): [string, unknown][] {
  if (headers instanceof Headers) return [...headers];
  if (Array.isArray(headers))
    return (headers as unknown[]).filter((p): p is [string, unknown] => Array.isArray(p) && typeof p[0] === 'string');
  return headers && typeof headers === 'object' ? Object.entries(headers) : [];
}

/**
 * The call's headers (a plain object, Headers or pairs, as openapi-fetch takes them) as a plain
 * object with `name` set to `value`, whatever the case it had; `null` removes it (openapi-fetch
 * then drops the client's header of that name too); `undefined` only leaves it out.
 */
function withHeader(headers: unknown, name: string, value: string | null | undefined): Record<string, unknown> {
  const out = plainHeaders(headers, name);
  if (value !== undefined) out[name] = value;
  return out;
}

/** Headers as a plain object (a repeated name: an array of its values), without `leaveOut`. */
function plainHeaders(headers: unknown, leaveOut?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of headerEntries(headers)) {
    if (k.toLowerCase() === leaveOut?.toLowerCase()) continue;
    out[k] = Object.hasOwn(out, k) ? ([] as unknown[]).concat(out[k], v) : v;
  }
  return out;
}

/**
 * Sets up a call's body for openapi-fetch: for an operation with declared request media types
 * (`requestMedia`), the body serialised for the chosen type and its Content-Type; a caller's own
 * `bodySerializer` is kept (only the Content-Type is set, when the call sets none). Returns the
 * body's stream when it is one; `onStream` hears of a stream a caller's serialiser returns.
 * Throws RequestRefused for a body the chosen type cannot carry.
 */
function prepareBody(
  s: CallSettings,
  op: string,
  rest: Record<string, unknown>,
  onStream: (stream: ReadableStream) => void,
): ReadableStream | undefined {
  const declared = Object.hasOwn(s.requestMedia, op) ? s.requestMedia[op] : undefined;
  const callerType = headerValue(rest.headers, 'content-type');
  const own = rest.bodySerializer;
  if (typeof own === 'function') {
    rest.bodySerializer = (body: unknown, headers: unknown) => {
      const out = own(body, headers);
      if (out instanceof ReadableStream) onStream(out);
      return out;
    };
    rest.duplex ??= 'half'; // a serialiser may return a stream
    if (declared?.length && rest.body != null && callerType === undefined) {
      const media = chooseMedia(declared, undefined, rest.body);
      if (media && essence(media) !== 'multipart/form-data') rest.headers = withHeader(rest.headers, 'content-type', media);
    }
    return undefined;
  }
  if (!declared?.length) return undefined;
  const plan = planBody(op, declared, rest.body, callerType);
  rest.bodySerializer = () => plan.body;
  if (plan.contentType !== undefined) rest.headers = withHeader(rest.headers, 'content-type', plan.contentType);
  if (plan.body instanceof ReadableStream) {
    rest.duplex ??= 'half'; // fetch's rule for a stream body
    return plan.body;
  }
  return undefined;
}

function refusedFailure(s: CallSettings, err: RequestRefused, attempts: number): NormalizedError {
  return {
    provider: s.provider,
    kind: 'invalid_request',
    status: undefined,
    documented: false,
    code: undefined,
    message: s.secrets.redactText(err.message),
    retryAfter: undefined,
    requestId: undefined,
    body: undefined,
    attempts,
  };
}

/**
 * The server's code or message as the error carries it (a log line prints it): control
 * characters but newline and tab, C1 controls and bidi overrides written as `\uXXXX`, so a
 * server cannot clear or retitle a terminal, or reorder what a reader of the log sees.
 */
const printableText = (text: string): string =>
  text.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

const printableOrUndefined = (text: string | undefined) => (text === undefined ? undefined : printableText(text));
const redactedOrUndefined = (s: CallSettings, text: string | undefined) => (text === undefined ? undefined : s.secrets.redactText(text));

/** A token that could not be obtained (AuthFailure): kind auth, nothing was sent to the API. */
function authFailure(s: CallSettings, err: AuthFailure, attempts: number): NormalizedError {
  const code = err.code === undefined ? undefined : s.secrets.redactText(err.code);
  return { ...refusedFailure(s, new RequestRefused('auth', err.message), attempts), kind: 'auth', code };
}

/** A call the client-side rate limit refused to queue. */
function limitedFailure(s: CallSettings, err: RateLimitRefused, attempts: number): NormalizedError {
  return { ...refusedFailure(s, new RequestRefused('rateLimit', err.message), attempts), kind: 'rate_limited' };
}

/** A response whose body breaks its documented schema (validate: 'throw'); retried only as its status would be (a 2xx never). */
function contractFailure(failure: NormalizedError, op: string, violations: readonly Violation[]): NormalizedError {
  const n = violations.length;
  return {
    ...failure,
    kind: 'contract_violation',
    // the body does not have its documented type, so the error is not typed by its status
    documented: false,
    code: undefined,
    message: `${op} answered ${failure.status} with a body that does not match its documented schema (${n} violation${n === 1 ? '' : 's'}, first: ${violations[0]?.pointer || '/'} ${violations[0]?.message ?? ''})`,
    violations,
  };
}

function finish(s: CallSettings, error: NormalizedError, response: Response | ReplyHead | undefined, t?: CallTrace) {
  if (s.throwOnError) throw new ApiError(error);
  return response && 'toResponse' in response ? withResponse({ error }, response, t) : { error, response };
}

/** A fast-path result's head, for telemetry (only when it is on). */
const heads = new WeakMap<object, ReplyHead>();

/**
 * A fast-path result: `response` is a WHATWG Response made the first time it is read (status,
 * status text, headers; the body was read by the client), so a call that never looks at it
 * builds none. An accessor of the object itself: spreading the result copies the Response.
 */
function withResponse<T extends { data?: unknown; error?: NormalizedError }>(
  fields: T,
  head: ReplyHead,
  t: CallTrace | undefined,
): T & { response: Response } {
  const result = {
    ...fields,
    get response() {
      return head.toResponse();
    },
  };
  if (t) heads.set(result, head);
  return result;
}

/** What an error reads of a response (a Response, or the fast path's head). */
type Head = Pick<Response, 'status' | 'statusText'> & { headers: { get(name: string): string | null } };

function httpFailure(
  s: CallSettings,
  method: string,
  path: string,
  response: Head,
  parsed: unknown,
  attempts: number,
  statuses: readonly string[],
): NormalizedError {
  const body = s.secrets.redact(parsed === undefined ? '' : parsed);
  const envelope = s.readEnvelope(body);
  const kind = kindOfStatus(response.status);
  const redirect = response.status >= 300 && response.status < 400;
  const fallback = redirect
    ? `${method} ${path} answered ${response.status}: a redirect, not followed (its Location is in response.headers)`
    : typeof body === 'string' && body.trim() && !/^\s*</.test(body)
      ? body.trim().slice(0, 200)
      : // the status alone: a reason phrase is the server's text, and Node's for a status it does not know is "unknown"
        `${method} ${path} answered ${response.status}` +
        (typeof body === 'string' && /^\s*</.test(body) ? ' with an HTML page' : body === '' ? ' with an empty body' : '');
  return {
    provider: s.provider,
    kind,
    status: response.status,
    documented: statuses.includes(String(response.status)),
    code: envelope.code === undefined ? undefined : printableText(envelope.code),
    message: printableText(s.secrets.redactText(envelope.message ?? fallback)),
    retryAfter: parseRetryAfter(response.headers.get('retry-after')),
    // a header of the server's: one that echoes a credential is redacted like the body
    requestId: printableOrUndefined(redactedOrUndefined(s, requestIdOf(response.headers))),
    body,
    attempts,
  };
}

function thrownFailure(
  s: CallSettings,
  err: unknown,
  /** Why the attempt was aborted, if it was. */
  reason: unknown,
  responded: boolean,
  attempts: number,
  contentEncoding?: string | null,
): NormalizedError {
  const base = {
    provider: s.provider,
    status: undefined,
    documented: false,
    code: undefined,
    retryAfter: undefined,
    requestId: undefined,
    body: undefined,
    attempts,
  };
  if (reason instanceof Stop) {
    return {
      ...base,
      kind: 'timeout',
      timeout: reason.which,
      message: `${reason.which === 'attempt' ? 'attempt' : 'call'} timed out${responded ? ' while reading the response' : ''}`,
    };
  }
  const cause = causeText(err);
  if (isTransportRefused(err)) {
    return { ...base, kind: 'transport_refused', message: `the transport refused the exchange: ${cause}`, cause };
  }
  if (err instanceof LimitExceeded || findCause(err, LimitExceeded)) {
    return { ...base, kind: 'unexpected_response', message: `response body larger than ${s.maxResponseBytes} bytes`, cause };
  }
  if (responded && /\bZ_(?:DATA|BUF)_ERROR\b|\bERR_(?:BROTLI|ZSTD|ZLIB)_|\bERR__ERROR_FORMAT/.test(cause)) {
    return {
      ...base,
      kind: 'unexpected_response',
      message: `response body could not be decoded (Content-Encoding ${contentEncoding ?? 'unknown'})`,
      cause,
    };
  }
  if (responded && err instanceof SyntaxError) {
    return { ...base, kind: 'unexpected_response', message: 'response body is not valid JSON', cause };
  }
  return {
    ...base,
    kind: 'network',
    message: responded ? `connection failed while reading the response (${cause})` : `request failed before any response (${cause})`,
    cause,
  };
  function causeText(e: unknown): string {
    const parts: string[] = [];
    let c: unknown = e;
    for (let i = 0; c && i < 4; i++) {
      const x = c as { code?: string; message?: string; cause?: unknown };
      parts.push([x.code, x.message].filter(Boolean).join(' '));
      c = x.cause;
    }
    return s.secrets.redactText(parts.filter(Boolean).join(': ') || String(e));
  }
}

function findCause(err: unknown, type: new (...a: any[]) => Error): boolean {
  let c: unknown = err;
  for (let i = 0; c && i < 5; i++) {
    if (c instanceof type) return true;
    c = (c as { cause?: unknown }).cause;
  }
  return false;
}

/** Statuses that carry no content (RFC 9110): fetch gives them no body, whatever their headers say. */
const NO_CONTENT = new Set([204, 205, 304]);

/**
 * A 204, 205 or 304 as a response with Content-Length 0: openapi-fetch reads only a 204 or a
 * zero length as empty, and parsed a 205 or 304 that kept its Content-Length as JSON (a parse
 * failure on no bytes; Prism answers a documented 205 that way).
 */
function withoutContent(res: Response): Response {
  // a 204 openapi-fetch reads as empty itself: left as received
  if (!NO_CONTENT.has(res.status) || res.status === 204 || res.headers.get('content-length') === '0') return res;
  void res.body?.cancel().catch(() => {});
  const headers = new Headers(res.headers);
  headers.set('content-length', '0');
  return new Response(null, { status: res.status, statusText: res.statusText, headers });
}

/** A success body by its Content-Type (JSON; text types as text; anything else a Blob), as the fast path reads it. */
async function readByContentType(res: Response): Promise<unknown> {
  const type = res.headers.get('content-type') ?? '';
  if (!type || isJsonMedia(type)) {
    if (res.headers.get('content-length')) return res.json();
    const raw = await res.text();
    return raw ? JSON.parse(raw) : undefined;
  }
  return TEXT_TYPE.test(type) ? res.text() : res.blob();
}

/**
 * Fails a response whose body exceeds `max` bytes: by Content-Length (the bytes on the wire),
 * and always by the bytes the body decodes to (a small gzip body can decode to gigabytes).
 */
function limitBody(res: Response, max: number): Response {
  const length = res.headers.get('content-length');
  const declared = length === null ? NaN : Number(length);
  if (declared > max) {
    void res.body?.cancel().catch(() => {});
    throw new LimitExceeded(`content-length ${declared}`);
  }
  // a body sent as it is, with a declared length within the limit, needs no counting (undici
  // enforces Content-Length); a body with a Content-Encoding is counted as it is decoded
  const coding = (res.headers.get('content-encoding') ?? '').trim().toLowerCase();
  if (!res.body || (Number.isFinite(declared) && (coding === '' || coding === 'identity'))) return res;
  let seen = 0;
  const counted = res.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctl) {
        seen += chunk.byteLength;
        if (seen > max) ctl.error(new LimitExceeded(`more than ${max} bytes`));
        else ctl.enqueue(chunk);
      },
    }),
  );
  return new Response(counted, { status: res.status, statusText: res.statusText, headers: res.headers });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
