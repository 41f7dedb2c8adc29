import createClient, { type Middleware } from 'openapi-fetch';
import type { ClientFor } from './types.js';
import { authMiddleware, base64, chooseRequirement, type Credentials, type SchemeFacts, type SecurityRequirement } from './auth.js';
import { ConfigError } from './errors.js';
import { defaultCallSettings, wrapClient } from './call.js';
import { readEnvelope, type EnvelopeReader } from './envelope.js';
import { SecretSet } from './redact.js';
import type { RetryPolicy } from './retry.js';

/** The run-time facts generated into each provider package (`spec` in api.gen.ts). */
export interface SpecFacts {
  readonly title?: string;
  readonly servers: readonly string[];
  readonly security: readonly SecurityRequirement[];
  readonly securitySchemes: Readonly<Record<string, SchemeFacts>>;
  /** Documented response statuses per "METHOD /path". */
  readonly operations?: Readonly<Record<string, readonly string[]>>;
}

/** Options every provider factory accepts, next to its own credentials. */
export interface BaseClientOptions {
  /** Overrides the spec's first `servers` URL (e.g. a mock, a fake or a sandbox). */
  baseUrl?: string;
  /** A custom fetch: tests, proxies, a different transport. Defaults to globalThis.fetch. */
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
}

export interface ProviderDefinition {
  /** Provider name as registered in redocly.yaml; used in every error message. */
  readonly name: string;
  readonly spec: SpecFacts;
  /** How to name a scheme's option in messages, e.g. { ApiKeyAuth: 'apiKey' }. */
  readonly optionNames?: Readonly<Record<string, string>>;
  /** Reads code and message from the provider's error body, when the default reader cannot. */
  readonly readEnvelope?: EnvelopeReader;
}

/**
 * The one place where a provider client is put together: base URL (spec default, overridable),
 * authentication as the spec's security declares it, custom fetch, middleware, retries,
 * timeouts, one error shape, redaction. Each provider package only maps its options to
 * `credentials` (one per security scheme).
 */
export function createProviderClient<Paths extends Record<string, any>, O extends BaseClientOptions = BaseClientOptions>(
  def: ProviderDefinition,
  options: O,
  credentials: Credentials,
): ClientFor<Paths, O> {
  const baseUrl = resolveBaseUrl(def, options.baseUrl);
  const chosen = chooseRequirement(def.name, def.spec.security, credentials, (s) => def.optionNames?.[s] ?? s);
  const secrets = new SecretSet();
  for (const name of chosen) {
    const c = credentials[name];
    if (typeof c === 'string') secrets.add(c);
    else if (c && typeof c === 'object') {
      secrets.add(c.password);
      secrets.add(base64(`${c.username}:${c.password}`));
    }
  }
  const inner = createClient<Paths, 'application/json'>({
    baseUrl,
    ...(options.headers ? { headers: { ...options.headers } } : {}),
  });
  inner.use(authMiddleware(def.name, def.spec.securitySchemes, chosen, credentials, secrets));
  if (options.middleware?.length) inner.use(...options.middleware);
  const fetchImpl = options.fetch ?? ((req: Request) => globalThis.fetch(req));
  return wrapClient(inner, {
    provider: def.name,
    retry: options.retry === false ? { ...defaultCallSettings.retry, maxAttempts: 1 } : { ...defaultCallSettings.retry, ...(options.retry ?? {}) },
    timeoutMs: positive(def, 'timeoutMs', options.timeoutMs) ?? defaultCallSettings.timeoutMs,
    totalTimeoutMs: positive(def, 'totalTimeoutMs', options.totalTimeoutMs) ?? defaultCallSettings.totalTimeoutMs,
    maxResponseBytes: positive(def, 'maxResponseBytes', options.maxResponseBytes) ?? defaultCallSettings.maxResponseBytes,
    throwOnError: options.throwOnError === true,
    readEnvelope: def.readEnvelope ?? readEnvelope,
    statuses: def.spec.operations ?? {},
    secrets,
    fetch: fetchImpl,
  }) as ClientFor<Paths, O>;
}

function positive(def: ProviderDefinition, key: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(def.name, key, `${key} must be a positive number of ms/bytes`);
  return value;
}

export function resolveBaseUrl(def: ProviderDefinition, override: string | undefined): string {
  const url = override ?? def.spec.servers[0];
  if (!url) {
    throw new ConfigError(def.name, 'baseUrl', 'the spec declares no servers: pass baseUrl');
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(def.name, 'baseUrl', `baseUrl must be an absolute http(s) URL, got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(def.name, 'baseUrl', `baseUrl must use http or https, got ${parsed.protocol}`);
  }
  return url.replace(/\/+$/, '');
}

/** A required string option: present and non-empty, else a ConfigError naming it. */
export function requireOption(provider: string, options: object, key: string): string {
  const value = (options as Record<string, unknown>)[key];
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConfigError(provider, key, `option "${key}" is required (a non-empty string)`);
  }
  return value;
}
