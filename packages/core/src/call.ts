import type { Client, Middleware } from 'openapi-fetch';
import { ApiError, type NormalizedError } from './errors.js';
import { kindOfStatus, readEnvelope, requestIdOf, type EnvelopeReader } from './envelope.js';
import { defaultRetryPolicy, parseRetryAfter, retryDelay, type RetryPolicy } from './retry.js';
import type { SecretSet } from './redact.js';
import type { CallOptions } from './types.js';

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
  secrets: SecretSet;
  fetch: (input: Request) => Promise<Response>;
}

export const defaultCallSettings = {
  retry: defaultRetryPolicy,
  timeoutMs: 30_000,
  totalTimeoutMs: 120_000,
  maxResponseBytes: 10 * 1024 * 1024,
};

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE'] as const;

class LimitExceeded extends Error {}
class Stop extends Error {
  constructor(readonly which: 'attempt' | 'overall') {
    super(`${which} timeout`);
  }
}

/** Wraps an openapi-fetch client: every call goes through `execute`. */
export function wrapClient(inner: Client<any, any>, settings: CallSettings): unknown {
  const wrapped: Record<string, unknown> = {
    use: (...m: Middleware[]) => inner.use(...m),
    eject: (...m: Middleware[]) => inner.eject(...m),
    request: (method: string, path: string, init?: Record<string, unknown>) => execute(inner, settings, method, path, init ?? {}),
  };
  for (const m of METHODS) wrapped[m] = (path: string, init?: Record<string, unknown>) => execute(inner, settings, m, path, init ?? {});
  return wrapped;
}

async function execute(inner: Client<any, any>, s: CallSettings, rawMethod: string, path: string, init: Record<string, unknown> & CallOptions) {
  const method = rawMethod.toUpperCase();
  const { retry: retryOverride, timeoutMs = s.timeoutMs, totalTimeoutMs = s.totalTimeoutMs, signal: callerSignal, ...rest } = init;
  const policy: RetryPolicy =
    retryOverride === false ? { ...s.retry, maxAttempts: 1 } : { ...s.retry, ...(retryOverride ?? {}) };
  const statuses = s.statuses[`${method} ${path}`] ?? [];
  callerSignal?.throwIfAborted();

  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    // One controller and one timer per attempt: the attempt's limit or what is left of the
    // call's, whichever is nearer (that decides which timeout is reported).
    const remainingBefore = totalTimeoutMs - (Date.now() - started);
    const attemptCtl = new AbortController();
    const which: 'attempt' | 'overall' = timeoutMs < remainingBefore ? 'attempt' : 'overall';
    const attemptTimer = setTimeout(() => attemptCtl.abort(new Stop(which)), Math.max(0, Math.min(timeoutMs, remainingBefore)));
    const onCallerAbort = () => attemptCtl.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    const seen: { response: boolean; res?: Response } = { response: false };
    let failure: NormalizedError;
    let response: Response | undefined;
    try {
      const fetchOnce = async (req: Request) => {
        const raw = await s.fetch(req);
        seen.response = true;
        const res = limitBody(raw, s.maxResponseBytes);
        seen.res = res;
        // openapi-fetch parses every success body as JSON unless the call says `parseAs`;
        // a documented text/html or binary body would then fail. Without `parseAs`, the
        // response's own Content-Type decides.
        return rest.parseAs === undefined ? parseByContentType(res) : res;
      };
      const result = await inner.request(method.toLowerCase() as 'get', path, { ...rest, signal: attemptCtl.signal, fetch: fetchOnce });
      response = result.response;
      if (result.response.ok) return { data: result.data, response: result.response };
      failure = httpFailure(s, method, path, result.response, result.error, attempt, statuses);
    } catch (err) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      // a transport may fail while it reads the body itself (node transport): that is after a response too
      if ((err as { afterResponse?: boolean } | null)?.afterResponse) seen.response = true;
      failure = thrownFailure(s, err, attemptCtl.signal, seen.response, attempt);
      // a body that fails to parse or to arrive still came with a response: keep it for the caller
      response = seen.res;
    } finally {
      clearTimeout(attemptTimer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }

    const remaining = totalTimeoutMs - (Date.now() - started);
    const delay = failure.kind === 'timeout' && failure.timeout === 'overall'
      ? undefined
      : retryDelay({ ...failure, beforeResponse: failure.kind === 'network' && !seen.response }, method, attempt, policy, remaining);
    if (delay === undefined) return finish(s, failure, response);
    await sleep(delay, callerSignal); // rejects with the caller's reason if they cancel
  }
}

function finish(s: CallSettings, error: NormalizedError, response: Response | undefined) {
  if (s.throwOnError) throw new ApiError(error);
  return { error, response };
}

function httpFailure(
  s: CallSettings,
  method: string,
  path: string,
  response: Response,
  parsed: unknown,
  attempts: number,
  statuses: readonly string[],
): NormalizedError {
  const body = s.secrets.redact(parsed === undefined ? '' : parsed);
  const envelope = s.readEnvelope(body);
  const kind = kindOfStatus(response.status);
  const fallback = typeof body === 'string' && body.trim() && !/^\s*</.test(body)
    ? body.trim().slice(0, 200)
    : `${method} ${path} answered ${response.status} ${response.statusText || ''}`.trim() +
      (typeof body === 'string' && /^\s*</.test(body) ? ' with an HTML page' : body === '' ? ' with an empty body' : '');
  return {
    provider: s.provider,
    kind,
    status: response.status,
    documented: statuses.includes(String(response.status)),
    code: envelope.code,
    message: s.secrets.redactText(envelope.message ?? fallback),
    retryAfter: parseRetryAfter(response.headers.get('retry-after')),
    requestId: requestIdOf(response.headers),
    body,
    attempts,
  };
}

function thrownFailure(s: CallSettings, err: unknown, signal: AbortSignal, responded: boolean, attempts: number): NormalizedError {
  const base = { provider: s.provider, status: undefined, documented: false, code: undefined, retryAfter: undefined, requestId: undefined, body: undefined, attempts };
  const reason = signal.aborted ? signal.reason : undefined;
  if (reason instanceof Stop) {
    return { ...base, kind: 'timeout', timeout: reason.which, message: `${reason.which === 'attempt' ? 'attempt' : 'call'} timed out${responded ? ' while reading the response' : ''}` };
  }
  const cause = causeText(err);
  if (err instanceof LimitExceeded || findCause(err, LimitExceeded)) {
    return { ...base, kind: 'unexpected_response', message: `response body larger than ${s.maxResponseBytes} bytes`, cause };
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

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b|^application\/problem\+json\b/i;
const TEXT_TYPE = /^(?:text\/|application\/(?:[\w.+-]+\+)?xml\b|application\/x-www-form-urlencoded\b)/i;

/**
 * A success response whose Content-Type is not JSON, made readable by openapi-fetch's default
 * `json()` parse: text types give the text, anything else a Blob. JSON, a missing Content-Type
 * and error statuses (openapi-fetch reads those as text itself) are left as they are.
 */
function parseByContentType(res: Response): Response {
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok || !type || JSON_TYPE.test(type)) return res;
  const read = TEXT_TYPE.test(type) ? () => res.text() : () => res.blob();
  return new Proxy(res, {
    get(target, prop) {
      if (prop === 'json') return read;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Fails a response whose body exceeds `max` bytes (by Content-Length, or while streaming). */
function limitBody(res: Response, max: number): Response {
  const length = res.headers.get('content-length');
  const declared = length === null ? NaN : Number(length);
  if (declared > max) {
    void res.body?.cancel().catch(() => {});
    throw new LimitExceeded(`content-length ${declared}`);
  }
  // a declared length within the limit needs no counting (undici enforces Content-Length)
  if (!res.body || Number.isFinite(declared)) return res;
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
