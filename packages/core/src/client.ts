import createClient, { type Middleware } from 'openapi-fetch';
import type { ProviderClient } from './types.js';
import { authMiddleware, chooseRequirement, type Credentials, type SchemeFacts, type SecurityRequirement } from './auth.js';
import { ConfigError } from './errors.js';

/** The run-time facts generated into each provider package (`spec` in api.gen.ts). */
export interface SpecFacts {
  readonly title?: string;
  readonly servers: readonly string[];
  readonly security: readonly SecurityRequirement[];
  readonly securitySchemes: Readonly<Record<string, SchemeFacts>>;
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
}

export interface ProviderDefinition {
  /** Provider name as registered in redocly.yaml; used in every error message. */
  readonly name: string;
  readonly spec: SpecFacts;
  /** How to name a scheme's option in messages, e.g. { ApiKeyAuth: 'apiKey' }. */
  readonly optionNames?: Readonly<Record<string, string>>;
}

/**
 * The one place where a provider client is put together: base URL (spec default, overridable),
 * authentication as the spec's security declares it, custom fetch, middleware. Each provider
 * package only maps its options to `credentials` (one per security scheme).
 */
export function createProviderClient<Paths extends Record<string, any>>(
  def: ProviderDefinition,
  options: BaseClientOptions,
  credentials: Credentials,
): ProviderClient<Paths> {
  const baseUrl = resolveBaseUrl(def, options.baseUrl);
  const chosen = chooseRequirement(def.name, def.spec.security, credentials, (s) => def.optionNames?.[s] ?? s);
  const client = createClient<Paths, 'application/json'>({
    baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { headers: { ...options.headers } } : {}),
  });
  client.use(authMiddleware(def.name, def.spec.securitySchemes, chosen, credentials));
  if (options.middleware?.length) client.use(...options.middleware);
  return client as unknown as ProviderClient<Paths>;
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
