import createClient, { type Middleware } from 'openapi-fetch';
import type { ClientFor } from './types.js';
import type { PageTypes } from './pagination.js';
import { authMiddleware, type Credentials, type PlainRequest, type SchemeFacts, type SecurityRequirement } from './auth.js';
import { closestName, ConfigError, quoteName } from './errors.js';
import { checkMiddleware, defaultCallSettings, positive, wrapClient, type CallSettings } from './call.js';
import { readEnvelope, type EnvelopeReader } from './envelope.js';
import { SecretSet } from './redact.js';
import { resolveRetryPolicy, type RetryPolicy } from './retry.js';
import type { Telemetry } from './telemetry.js';
import type { RateLimiter } from './rate-limit.js';
import { pager, type PaginationFact } from './pagination.js';
import { directOf } from './direct.js';
import { contractCheck, type ContractViolationHook, type ResponseValidators, type ValidateMode } from './validate.js';
import type { QueryStyle } from './query.js';

/** The run-time facts generated into each provider package (`spec` in api.gen.ts). */
export interface SpecFacts {
  readonly title?: string;
  readonly servers: readonly string[];
  readonly security: readonly SecurityRequirement[];
  /** An operation's own `security` per "METHOD /path", where it declares one (`[]`: anonymous). */
  readonly operationSecurity?: Readonly<Record<string, readonly SecurityRequirement[]>>;
  readonly securitySchemes: Readonly<Record<string, SchemeFacts>>;
  /** Documented response statuses per "METHOD /path". */
  readonly operations?: Readonly<Record<string, readonly string[]>>;
  /**
   * The header that carries an idempotency key, per "METHOD /path", for operations whose
   * provider declares one (overlay extension `x-capi-idempotency: { header: ... }`).
   */
  readonly idempotency?: Readonly<Record<string, string>>;
  /**
   * The request body's media types per "METHOD /path", in the spec's order, for operations that
   * have a request body (as the spec writes them: parameters and wildcards included). The client
   * sends each body as one of them (see docs/clients.md, "Request bodies by media type"); an
   * operation not listed sends JSON.
   */
  readonly requestMedia?: Readonly<Record<string, readonly string[]>>;
  /**
   * How query parameters are written per "METHOD /path", for the parameters whose declared
   * `style`/`explode`/`allowReserved` differ from what openapi-fetch writes by default (docs/clients.md,
   * "Query parameters"); any other parameter is written as openapi-fetch does.
   */
  readonly queryStyles?: Readonly<Record<string, Readonly<Record<string, QueryStyle>>>>;
  /** The spec's operationId per "METHOD /path", where it gives one (telemetry's `capi.operation_id`). */
  readonly operationIds?: Readonly<Record<string, string>>;
  /** How an operation pages, per "METHOD /path" (overlay extension `x-capi-pagination`). */
  readonly pagination?: Readonly<Record<string, PaginationFact>>;
  /** Loads the response validators compiled at codegen time (validators.gen.ts); called only when `validate` is not 'off'. */
  readonly validators?: () => Promise<{ validators: ResponseValidators }>;
}

/** Options every provider factory accepts, next to its own credentials. */
export interface BaseClientOptions {
  /** Overrides the spec's first `servers` URL (e.g. a mock, a fake or a sandbox). */
  baseUrl?: string;
  /**
   * A custom fetch: tests, proxies, a different transport. Defaults on Node to the Node transport's
   * shared pool (index.node.ts), elsewhere to globalThis.fetch.
   */
  fetch?: (input: Request) => Promise<Response>;
  /** openapi-fetch middleware, run after authentication has been applied. */
  middleware?: readonly Middleware[];
  /** Headers sent with every request (e.g. a User-Agent). */
  headers?: Readonly<Record<string, string>>;
  /** Retry policy (merged over the defaults), or `false` for a single attempt. */
  retry?: Partial<RetryPolicy> | false;
  /** Limit of one attempt, headers and body, in ms (default 30 000). */
  timeoutMs?: number;
  /** Limit of a whole call, retries and waits included, in ms (default 120 000). */
  totalTimeoutMs?: number;
  /** Larger responses fail as unexpected_response (default 10 MiB). */
  maxResponseBytes?: number;
  /** Throw ApiError on failure instead of returning `{ error }`. */
  throwOnError?: boolean;
  /**
   * Spans (OpenTelemetry) and/or events for each call and attempt: `telemetry({ otel, onEvent })`
   * from @capi/core (docs/clients.md, "Telemetry"). Never records a header, a body or a query value.
   */
  telemetry?: Telemetry;
  /**
   * A client-side rate limit, `rateLimiter({ requests, perMs })` from @capi/core (one limiter
   * given to several clients limits them together); `false` turns off the provider's documented one.
   */
  rateLimit?: RateLimiter | false;
  /**
   * Checks every response body against its documented schema (default 'off': the validators are
   * never loaded). 'warn' calls `onContractViolation`; 'throw' fails the call with kind
   * "contract_violation". See docs/clients.md, "Runtime validation".
   */
  validate?: ValidateMode;
  /** Called in `validate: 'warn'` mode with the provider, operation, status and violations (default: console.warn). */
  onContractViolation?: ContractViolationHook;
}

/** The keys of BaseClientOptions: every provider's client takes them, next to its own. */
export const baseOptionNames: readonly (keyof BaseClientOptions)[] = [
  'baseUrl',
  'fetch',
  'middleware',
  'headers',
  'retry',
  'timeoutMs',
  'totalTimeoutMs',
  'maxResponseBytes',
  'throwOnError',
  'telemetry',
  'rateLimit',
  'validate',
  'onContractViolation',
];

export interface ProviderDefinition {
  /** Provider name as registered in redocly.yaml; used in every error message. */
  readonly name: string;
  readonly spec: SpecFacts;
  /**
   * The provider's own option names (its credentials: `token`, `apiKey`, `signer`, ...), next to
   * BaseClientOptions. Any other key of the options is a ConfigError (a misspelled `baseURL`
   * would otherwise be ignored and the call go to the production host).
   */
  readonly options?: readonly string[];
  /** How to name a scheme's option in messages, e.g. { ApiKeyAuth: 'apiKey' }. */
  readonly optionNames?: Readonly<Record<string, string>>;
  /** Reads code and message from the provider's error body, when the default reader cannot. */
  readonly readEnvelope?: EnvelopeReader;
  /** The provider's documented rate limit, applied unless the options say otherwise (`rateLimit`). */
  readonly rateLimit?: RateLimiter;
}

/**
 * The one place where a provider client is put together: base URL (spec default, overridable),
 * authentication as the spec's security declares it, custom fetch, middleware, retries,
 * timeouts, one error shape, redaction. Each provider package only maps its options to
 * `credentials` (one per security scheme).
 */
export function createProviderClient<
  Paths extends Record<string, any>,
  O extends BaseClientOptions = BaseClientOptions,
  Pages extends Record<string, PageTypes> = {},
>(def: ProviderDefinition, options: O, credentials: Credentials): ClientFor<Paths, O, Pages> {
  checkClientOptions(def, options);
  const baseUrl = resolveBaseUrl(def, options.baseUrl);
  const secrets = new SecretSet();
  const fetchImpl = options.fetch ?? ((req: Request) => globalThis.fetch(req));
  const auth = authMiddleware(def.name, def.spec, credentials, {
    optionName: (s) => def.optionNames?.[s] ?? s,
    secrets,
    baseUrl,
    fetch: fetchImpl,
  });
  const limit = options.rateLimit ?? def.rateLimit;
  if (limit !== undefined && limit !== false && (limit === null || typeof limit !== 'object' || limit.kind !== 'capi-rate-limiter')) {
    throw new ConfigError(def.name, 'rateLimit', 'rateLimit takes rateLimiter({ requests, perMs }) from @capi/core, or false');
  }
  const inner = createClient<Paths, 'application/json'>({
    baseUrl,
    // redirects are never followed: a 3xx is returned as it is (see docs/security.md)
    redirect: 'manual',
    ...(options.headers ? { headers: { ...options.headers } } : {}),
  });
  inner.use(auth);
  if (options.middleware?.length) {
    checkMiddleware(def.name, options.middleware);
    inner.use(...options.middleware);
  }
  const client = wrapClient(inner, {
    provider: def.name,
    retry: resolveRetryPolicy(def.name, defaultCallSettings.retry, options.retry),
    timeoutMs: positive(def.name, 'timeoutMs', options.timeoutMs) ?? defaultCallSettings.timeoutMs,
    totalTimeoutMs: positive(def.name, 'totalTimeoutMs', options.totalTimeoutMs) ?? defaultCallSettings.totalTimeoutMs,
    maxResponseBytes: positive(def.name, 'maxResponseBytes', options.maxResponseBytes) ?? defaultCallSettings.maxResponseBytes,
    throwOnError: options.throwOnError === true,
    readEnvelope: def.readEnvelope ?? readEnvelope,
    statuses: def.spec.operations ?? {},
    idempotency: def.spec.idempotency ?? {},
    requestMedia: def.spec.requestMedia ?? {},
    ...(def.spec.queryStyles ? { queryStyles: def.spec.queryStyles } : {}),
    secrets,
    fetch: fetchImpl,
    ...(options.telemetry
      ? { telemetry: checkTelemetry(def.name, options.telemetry), baseUrl, operationIds: def.spec.operationIds ?? {} }
      : {}),
    reauth: auth.reauthWith,
    ...(limit ? { limiter: limit.bind(def.name) } : {}),
    fast: fastWay(fetchImpl, baseUrl, options.headers, auth.apply),
    userMiddleware: new Set(options.middleware?.filter(Boolean)),
    contract: contractCheck(def.name, def.spec.validators, options, secrets),
  }) as Record<string, any>;
  client.paginate = pager(def.name, baseUrl, def.spec.pagination ?? {}, (m, p, init) => client.request(m.toLowerCase(), p, init));
  return client as ClientFor<Paths, O, Pages>;
}

/**
 * The fast path (docs/clients.md, "The fast path"), when the transport is one that takes plain
 * requests (the Node transport: the default on Node, or `nodeTransport()`) and the base URL is
 * written as the URL parser writes it.
 */
function fastWay(
  fetchImpl: unknown,
  baseUrl: string,
  headers: BaseClientOptions['headers'],
  auth: (request: PlainRequest) => Promise<void> | undefined,
): CallSettings['fast'] {
  const direct = directOf(fetchImpl);
  const base = direct?.kit.fastBase(baseUrl, headers);
  return direct && base ? { send: direct.send, kit: direct.kit, base, auth } : undefined;
}

/** The telemetry option: what `telemetry()` made (an object with `start`), else a ConfigError. */
function checkTelemetry(provider: string, value: unknown): Telemetry {
  if (value === null || typeof value !== 'object' || typeof (value as Telemetry).start !== 'function') {
    throw new ConfigError(provider, 'telemetry', 'option "telemetry" must be what telemetry({ otel, onEvent }) from @capi/core returns');
  }
  return value as Telemetry;
}

export function resolveBaseUrl(def: ProviderDefinition, override: string | undefined): string {
  const url = override ?? def.spec.servers[0];
  if (!url) {
    throw new ConfigError(def.name, 'baseUrl', 'the spec declares no servers: pass baseUrl');
  }
  // The URL is never echoed: it may carry a secret (user info, a key in the query).
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(def.name, 'baseUrl', 'baseUrl must be an absolute http(s) URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(def.name, 'baseUrl', `baseUrl must use http or https, got ${parsed.protocol}`);
  }
  if (parsed.username || parsed.password || /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(url)) {
    throw new ConfigError(
      def.name,
      'baseUrl',
      'baseUrl must not contain user info (user:password@): pass credentials as the client options',
    );
  }
  return url.replace(/\/+$/, '');
}

/**
 * Checks the keys of a client's options before anything else: an unknown key (a misspelling
 * such as `baseURL`, `timeoutMS`, `retries`) is a ConfigError naming it and the closest known
 * option, and a client-level header whose name is not an HTTP field name or whose value cannot
 * be sent (CR, LF, NUL, beyond Latin-1) is one naming the header. Never quotes a value. A factory
 * calls it first, so a misspelled credential option is reported as such, not as a missing one;
 * createProviderClient calls it again.
 */
export function checkClientOptions(def: Pick<ProviderDefinition, 'name' | 'options'>, options: unknown): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigError(def.name, 'options', 'the client options must be an object');
  }
  const known = [...baseOptionNames, ...(def.options ?? [])];
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const near = closestName(key, known);
    throw new ConfigError(
      def.name,
      key,
      `unknown option ${quoteName(key)}${near ? ` (did you mean "${near}"?)` : ''}: the options are ${known.join(', ')}`,
    );
  }
  const headers = (options as BaseClientOptions).headers;
  if (headers === undefined) return;
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers) || headers instanceof Headers) {
    throw new ConfigError(def.name, 'headers', 'option "headers" must be an object of header names to string values');
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!FIELD_NAME.test(name)) {
      throw new ConfigError(
        def.name,
        'headers',
        `headers: ${quoteName(name)} is not an HTTP header name (letters, digits, !#$%&'*+-.^_\`|~)`,
      );
    }
    // what openapi-fetch itself skips (null, undefined) or writes as text (numbers, booleans) is let through
    if (value === undefined || value === null) continue;
    const text = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
    const why = text === undefined ? 'is not a string' : headerValueProblem(text);
    if (why) throw new ConfigError(def.name, `headers.${name}`, `headers: the value of header "${name}" ${why}`);
  }
}

/** RFC 9110 field-name: a token. */
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Why a header value cannot be sent (what fetch's Headers refuses), or undefined. */
function headerValueProblem(value: string): string | undefined {
  if (/[\r\n]/.test(value)) return 'contains a line break (CR or LF), which would end the header';
  if (value.includes('\0')) return 'contains a NUL character';
  if (/[^\u0000-\u00ff]/.test(value)) return 'contains a character outside Latin-1, which an HTTP header cannot carry';
  return undefined;
}

/** A required string option: present and non-empty, else a ConfigError naming it. */
export function requireOption(provider: string, options: object, key: string): string {
  const value = (options as Record<string, unknown>)[key];
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConfigError(provider, key, `option "${key}" is required (a non-empty string)`);
  }
  return value;
}
