import type { Middleware } from 'openapi-fetch';
import { ConfigError } from './errors.js';
import type { SecretSet } from './redact.js';

/** A security scheme as the generated `spec` object carries it. */
export type SchemeFacts =
  | { readonly type: 'apiKey'; readonly in: 'header' | 'query' | 'cookie'; readonly name: string }
  | { readonly type: 'http'; readonly scheme: string }
  | { readonly type: 'oauth2' | 'openIdConnect' | 'mutualTLS' };

export type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

/** What a signer sees of the outgoing request (the body as sent, as text). */
export interface SignInput {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly body: string;
}

/**
 * The value for one security scheme: a fixed string (API key or token), user and password for
 * HTTP Basic, or a function computed per request (e.g. a request signature).
 */
export type Credential =
  | string
  | { readonly username: string; readonly password: string }
  | ((input: SignInput) => string | Promise<string>);

export type Credentials = Readonly<Record<string, Credential | undefined>>;

/**
 * Picks the first security requirement of the spec whose schemes all have a credential (an
 * empty requirement means "no auth needed"). Throws ConfigError naming what is missing.
 */
export function chooseRequirement(
  provider: string,
  security: readonly SecurityRequirement[],
  credentials: Credentials,
  describe: (scheme: string) => string = (s) => s,
): string[] {
  if (security.length === 0) return [];
  for (const req of security) {
    const names = Object.keys(req);
    if (names.every((n) => credentials[n] !== undefined)) return names;
  }
  const options = security.map((req) => Object.keys(req).map(describe).join(' + ') || '(none)');
  throw new ConfigError(
    provider,
    'credentials',
    `missing credentials: provide ${options.join(', or ')}`,
  );
}

/** Middleware that applies the chosen schemes to every request. Functions run last, once per attempt. */
export function authMiddleware(
  provider: string,
  schemes: Readonly<Record<string, SchemeFacts>>,
  chosen: readonly string[],
  credentials: Credentials,
  secrets?: SecretSet,
): Middleware {
  type Step = { scheme: SchemeFacts; value: string } | { scheme: SchemeFacts; compute: (i: SignInput) => string | Promise<string> };
  const steps: Step[] = [];
  for (const name of chosen) {
    const scheme = schemes[name];
    const cred = credentials[name];
    if (!scheme) throw new ConfigError(provider, name, `security scheme "${name}" is not defined in the spec`);
    if (!isSupported(scheme)) {
      throw new ConfigError(provider, name, `security scheme type "${scheme.type}" is not supported by the client`);
    }
    if (typeof cred === 'function') steps.push({ scheme, compute: cred });
    else if (cred !== undefined) steps.unshift({ scheme, value: encode(provider, name, scheme, cred) });
  }
  return {
    async onRequest({ request }) {
      let req = request;
      let body: string | undefined;
      for (const step of steps) {
        let value: string;
        if ('value' in step) value = step.value;
        else {
          body ??= req.body ? await req.clone().text() : '';
          value = await step.compute({ method: req.method, url: req.url, headers: req.headers, body });
          if (typeof value !== 'string' || value === '') {
            throw new ConfigError(provider, 'signer', 'the credential function returned no value');
          }
          secrets?.add(value, { transient: true });
        }
        req = applyValue(req, step.scheme, value);
      }
      return req;
    },
  };
}

const isSupported = (s: SchemeFacts) => s.type === 'apiKey' || s.type === 'http' || s.type === 'oauth2' || s.type === 'openIdConnect';

function encode(provider: string, name: string, scheme: SchemeFacts, cred: Exclude<Credential, Function>): string {
  const basic = scheme.type === 'http' && scheme.scheme.toLowerCase() === 'basic';
  if (typeof cred === 'string') {
    if (cred.length === 0) throw new ConfigError(provider, name, `credential for "${name}" is empty`);
    if (basic) throw new ConfigError(provider, name, `"${name}" is HTTP Basic: give { username, password }`);
    return cred;
  }
  if (!basic) throw new ConfigError(provider, name, `"${name}" takes a string credential`);
  if (!cred.username) throw new ConfigError(provider, name, `"${name}" needs a username`);
  return base64(`${cred.username}:${cred.password}`);
}

/** Puts one credential value where its scheme says. */
function applyValue(req: Request, scheme: SchemeFacts, value: string): Request {
  switch (scheme.type) {
    case 'apiKey':
      if (scheme.in === 'header') req.headers.set(scheme.name, value);
      else if (scheme.in === 'cookie') {
        const pair = `${scheme.name}=${encodeURIComponent(value)}`;
        const prev = req.headers.get('cookie');
        req.headers.set('cookie', prev ? `${prev}; ${pair}` : pair);
      } else {
        const url = new URL(req.url);
        url.searchParams.set(scheme.name, value);
        return new Request(url, { method: req.method, headers: req.headers, body: req.body, signal: req.signal, duplex: 'half' } as RequestInit);
      }
      return req;
    case 'http': {
      const s = scheme.scheme.toLowerCase();
      req.headers.set('authorization', `${s === 'basic' ? 'Basic' : s === 'bearer' ? 'Bearer' : scheme.scheme} ${value}`);
      return req;
    }
    default:
      // oauth2 / openIdConnect: the caller obtains the access token; it is sent as a bearer token.
      req.headers.set('authorization', `Bearer ${value}`);
      return req;
  }
}

/** UTF-8 text as base64, without Node's Buffer (the core also runs in browsers). */
export function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
