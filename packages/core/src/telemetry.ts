// Telemetry: OpenTelemetry spans and a plain event hook for every call (docs/clients.md,
// "Telemetry"). Nothing here imports @opentelemetry/api: the caller passes the module it
// already loaded (`telemetry({ otel })`), so a client without telemetry loads none of this, and
// a bundle that never calls `telemetry()` leaves this file out (tree-shaken).
//
// What is recorded: method, operation (as the spec names it), provider, host and port, the URL
// with every query value replaced, statuses, attempt numbers, retry delays, Retry-After, error
// kinds. What never is: a header (credentials travel there), a body, an error message (it may
// quote a body), a query value (an API key may travel there).
import type { NormalizedError } from './errors.js';
import { parseRetryAfter } from './retry.js';

/** What a call tells its observer: one per call, made by `Telemetry.start`. */
export interface CallTrace {
  /** Sends one attempt's request to `url` with `send` (attempt 1 is the first): a Request through fetch, or the fast path's. */
  send<R extends ResponseHead>(attempt: number, url: string, send: () => Promise<R>): Promise<R>;
  /** The attempt `attempt` failed with `failure` and the call waits `delayMs` before the next. */
  retry(attempt: number, delayMs: number, failure: NormalizedError): void;
  /** The call is over: its result (`error` set when it failed), or what it threw. */
  end(result: { error?: NormalizedError; response?: { readonly status: number } | undefined } | undefined, thrown?: unknown): void;
}

/** What telemetry reads of a response: its status and headers (a Response is one). */
export interface ResponseHead {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
}

/** The `telemetry` option of a client: made by `telemetry()`. */
export interface Telemetry {
  start(call: {
    provider: string;
    method: string;
    path: string;
    baseUrl: string;
    operationId?: string | undefined;
    /** Replaces the client's known secrets (credentials) in a URL recorded, wherever they are in it. */
    redact?: (text: string) => string;
  }): CallTrace;
}

/** An event of the plain hook (`onEvent`); every one names its provider, operation and method. */
export type TelemetryEvent = {
  provider: string;
  /** "METHOD /path/{template}", as the spec's paths name it. */
  operation: string;
  /** The spec's operationId, where it gives one. */
  operationId: string | undefined;
  method: string;
} & (
  | { type: 'request'; attempt: number; url: string }
  | { type: 'response'; attempt: number; status: number }
  | { type: 'rate_limited'; attempt: number; status: number; retryAfterSeconds: number | undefined }
  | { type: 'retry'; attempt: number; delayMs: number; errorType: string }
  | { type: 'end'; attempts: number; ok: boolean; status: number | undefined; errorType: string | undefined; durationMs: number }
);

/** The part of a span the client uses (an OpenTelemetry Span is one). */
interface SpanLike {
  setAttribute(key: string, value: string | number | boolean): unknown;
  addEvent(name: string, attributes?: Record<string, string | number | boolean>): unknown;
  setStatus(status: { code: number }): unknown;
  end(): void;
}
/** The part of a tracer the client uses (an OpenTelemetry Tracer is one). */
export interface TracerLike {
  startSpan(name: string, options?: { kind?: number; attributes?: Record<string, string | number | boolean> }, context?: unknown): SpanLike;
}
/** The part of `@opentelemetry/api` the client uses: pass the module itself (`import * as otel from '@opentelemetry/api'`). */
export interface OpenTelemetryApi {
  trace: { getTracer(name: string, version?: string): TracerLike; setSpan(context: unknown, span: any): unknown };
  context: { active(): unknown };
}

export interface TelemetryOptions {
  /** `@opentelemetry/api` (the module): spans go to its registered tracer provider. */
  otel?: OpenTelemetryApi;
  /** A tracer of your own (defaults to `otel.trace.getTracer('@capi/core')`). Needs `otel`. */
  tracer?: TracerLike;
  /** The plain hook, for applications without OpenTelemetry. A throwing hook is ignored. */
  onEvent?: (event: TelemetryEvent) => void;
}

// OpenTelemetry's numeric constants (SpanKind, SpanStatusCode), so that nothing is imported.
const INTERNAL = 0;
const CLIENT = 2;
const ERROR = 2;

/** The query values of a URL replaced: `?key=REDACTED`; no user info, no fragment. */
export function redactUrl(url: URL): string {
  const names = [...url.searchParams.keys()];
  const query = names.length ? `?${names.map((n) => `${encodeURIComponent(n)}=REDACTED`).join('&')}` : '';
  return `${url.protocol}//${url.host}${url.pathname}${query}`;
}

/** The `error.type` of a failure: the status for an HTTP error (as the semantic conventions say), else its kind. */
function errorType(e: { kind?: unknown; status?: unknown; name?: unknown }): string {
  if (typeof e.status === 'number' && e.status >= 400) return String(e.status);
  return typeof e.kind === 'string' ? e.kind : typeof e.name === 'string' ? e.name : 'error';
}

/**
 * The `telemetry` option: one span per call and one per attempt (OpenTelemetry's HTTP client
 * conventions) when `otel` is given, and/or `onEvent` for each request, response, rate limit,
 * retry and call end.
 */
export function telemetry(options: TelemetryOptions): Telemetry {
  const { otel, onEvent } = options;
  if (options.tracer && !otel) throw new TypeError('telemetry: `tracer` needs `otel` (the @opentelemetry/api module) as well');
  const tracer = otel ? (options.tracer ?? otel.trace.getTracer('@capi/core')) : undefined;
  const emit = onEvent
    ? (e: TelemetryEvent) => {
        try {
          onEvent(e);
        } catch {
          // an observer never changes the call
        }
      }
    : undefined;

  return {
    start({ provider, method, path, baseUrl, operationId, redact }) {
      const operation = `${method} ${path}`;
      const base = new URL(baseUrl);
      const server = {
        'server.address': base.hostname.replace(/^\[|\]$/g, ''),
        'server.port': Number(base.port) || (base.protocol === 'https:' ? 443 : 80),
      };
      const common = {
        'http.request.method': method,
        'url.template': path,
        'capi.provider': provider,
        'capi.operation': operation,
        ...(operationId !== undefined ? { 'capi.operation_id': operationId } : {}),
        ...server,
      };
      const parent = otel?.context.active();
      const callSpan = tracer?.startSpan(`${provider} ${operation}`, { kind: INTERNAL, attributes: common }, parent);
      const callContext = otel && callSpan ? otel.trace.setSpan(parent, callSpan) : undefined;
      const started = Date.now();
      let attempts = 0;
      let open: SpanLike | undefined; // the attempt span not yet ended
      const who = { provider, operation, operationId, method };

      const endAttempt = (failure: { kind?: unknown; status?: unknown } | undefined) => {
        if (!open) return;
        if (failure) {
          open.setAttribute('error.type', errorType(failure));
          open.setStatus({ code: ERROR });
        }
        open.end();
        open = undefined;
      };

      return {
        async send(attempt, target, send) {
          attempts = attempt;
          endAttempt(undefined);
          const url = new URL(target);
          // query values replaced; a credential anywhere else (a path segment, a query name) too
          const full = redact ? redact(redactUrl(url)) : redactUrl(url);
          open = tracer?.startSpan(
            operation,
            {
              kind: CLIENT,
              attributes: {
                ...common,
                'server.address': url.hostname.replace(/^\[|\]$/g, ''),
                'server.port': Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
                'url.full': full,
                ...(attempt > 1 ? { 'http.request.resend_count': attempt - 1 } : {}),
              },
            },
            callContext,
          );
          emit?.({ ...who, type: 'request', attempt, url: full });
          const response = await send();
          open?.setAttribute('http.response.status_code', response.status);
          emit?.({ ...who, type: 'response', attempt, status: response.status });
          if (response.status === 429) {
            const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
            const attrs = {
              'http.response.status_code': 429,
              ...(retryAfterSeconds !== undefined ? { 'capi.retry_after_s': retryAfterSeconds } : {}),
            };
            open?.addEvent('capi.rate_limited', attrs);
            callSpan?.addEvent('capi.rate_limited', { ...attrs, 'capi.attempt': attempt });
            emit?.({ ...who, type: 'rate_limited', attempt, status: 429, retryAfterSeconds });
          }
          return response;
        },
        retry(attempt, delayMs, failure) {
          endAttempt(failure);
          const type = errorType(failure);
          callSpan?.addEvent('capi.retry', { 'capi.attempt': attempt, 'capi.retry.delay_ms': delayMs, 'error.type': type });
          emit?.({ ...who, type: 'retry', attempt, delayMs, errorType: type });
        },
        end(result, thrown) {
          const failure =
            result?.error ??
            (thrown !== undefined && typeof thrown === 'object'
              ? (thrown as { kind?: unknown; status?: unknown; name?: unknown })
              : undefined);
          const failed = result ? result.error !== undefined : true;
          const status = result?.response?.status ?? (typeof failure?.status === 'number' ? failure.status : undefined);
          const type = failed ? errorType(failure ?? {}) : undefined;
          endAttempt(failed ? (failure ?? {}) : undefined);
          if (callSpan) {
            callSpan.setAttribute('capi.attempts', attempts);
            if (status !== undefined) callSpan.setAttribute('http.response.status_code', status);
            if (type !== undefined) {
              callSpan.setAttribute('error.type', type);
              callSpan.setStatus({ code: ERROR });
            }
            callSpan.end();
          }
          emit?.({ ...who, type: 'end', attempts, ok: !failed, status, errorType: type, durationMs: Date.now() - started });
        },
      };
    },
  };
}
