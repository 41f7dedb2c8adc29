import type { Middleware } from 'openapi-fetch';
import { ConfigError, errorLabel, RequestRefused } from './errors.js';
import type { SecretSet } from './redact.js';

/** A security scheme as the generated `spec` object carries it. */
export type SchemeFacts =
  | { readonly type: 'apiKey'; readonly in: 'header' | 'query' | 'cookie'; readonly name: string }
  | { readonly type: 'http'; readonly scheme: string }
  | { readonly type: 'oauth2'; readonly flows?: OAuth2Flows }
  | { readonly type: 'openIdConnect' | 'mutualTLS' };

/** An oauth2 scheme's flows as the generated facts carry them: token URLs and scope names. */
export type OAuth2Flows = Readonly<
  Partial<
    Record<
      'clientCredentials' | 'authorizationCode' | 'password' | 'implicit' | 'deviceAuthorization',
      { readonly tokenUrl?: string; readonly refreshUrl?: string; readonly scopes?: readonly string[] }
    >
  >
>;

/** What a token source learns of the client it serves (once, when the client is created). */
export interface TokenBinding {
  readonly provider: string;
  /** The client option that carries the scheme's credential (for messages). */
  readonly option: string;
  /** The security scheme's name in the spec. */
  readonly schemeName: string;
  readonly scheme: SchemeFacts;
  /** The client's base URL: a relative token URL is resolved against it. */
  readonly baseUrl: string;
  /** The client's transport: token requests go through it too. */
  readonly fetch: (input: Request) => Promise<Response>;
  readonly secrets: SecretSet | undefined;
}

/**
 * A credential that obtains access tokens (oauth2 / openIdConnect schemes): made by `oauth2()`
 * (oauth2.ts), which a provider factory imports only when its spec has such a scheme, so a client
 * without one does not carry the code. `bind` checks the options against the scheme (ConfigError)
 * and returns what the authentication step calls per request.
 */
export interface TokenSource {
  readonly kind: 'capi-token-source';
  bind(binding: TokenBinding): BoundTokenSource;
}

export interface BoundTokenSource {
  /** An access token for these scopes (cached, shared by concurrent calls); rejects with AuthFailure. */
  token(scopes: readonly string[], signal: AbortSignal | undefined): Promise<string>;
  /** Forgets `token` when it is one this source handed out (after a 401); true if it was. */
  invalidate(token: string): boolean;
}

export const isTokenSource = (v: unknown): v is TokenSource =>
  typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'capi-token-source';

export type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

/** The security facts of a spec: the document's requirements, each operation's own, the schemes. */
export interface SecurityFacts {
  readonly security: readonly SecurityRequirement[];
  /** An operation's own `security` by "METHOD /path" (an empty list: anonymous). */
  readonly operationSecurity?: Readonly<Record<string, readonly SecurityRequirement[]>>;
  readonly securitySchemes: Readonly<Record<string, SchemeFacts>>;
  /** Every operation by "METHOD /path" (to know which ones the document's security covers). */
  readonly operations?: Readonly<Record<string, unknown>>;
}

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
  | ((input: SignInput) => string | Promise<string>)
  | TokenSource;

export type Credentials = Readonly<Record<string, Credential | undefined>>;

/**
 * Picks the first security requirement whose schemes all have a credential (an empty
 * requirement, or no requirement at all, means "no auth needed"). Throws ConfigError naming
 * what is missing.
 */
export function chooseRequirement(
  provider: string,
  security: readonly SecurityRequirement[],
  credentials: Credentials,
  describe: (scheme: string) => string = (s) => s,
): string[] {
  const chosen = pickRequirement(security, credentials);
  if (chosen) return chosen;
  throw new ConfigError(provider, 'credentials', missingMessage(security, describe));
}

function pickRequirement(security: readonly SecurityRequirement[], credentials: Credentials): string[] | undefined {
  if (security.length === 0) return [];
  for (const req of security) {
    const names = Object.keys(req);
    if (names.every((n) => has(credentials, n))) return names;
  }
  return undefined;
}

const has = (credentials: Credentials, name: string) => Object.hasOwn(credentials, name) && credentials[name] !== undefined;

function missingMessage(security: readonly SecurityRequirement[], describe: (scheme: string) => string): string {
  const options = security.map((req) => Object.keys(req).map(describe).join(' + ') || '(none)');
  return `missing credentials: provide ${options.join(', or ')}`;
}

/** Whether a scheme puts its value into a header as it is (not percent-encoded). */
const inHeader = (s: SchemeFacts) => s.type !== 'apiKey' || s.in === 'header';

/**
 * Why a credential value cannot be sent as it is, or undefined when it can. Never mentions the
 * value. A header carries Latin-1 only, and HTTP whitespace at either end is silently dropped.
 */
export function unsendable(value: string, header: boolean): string | undefined {
  if (value.length === 0) return 'is empty';
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'contains a control character (CR, LF, tab, ...)';
  if (!header) return undefined;
  if (/[^\u0000-\u00ff]/.test(value)) return 'contains a character outside Latin-1, which an HTTP header cannot carry';
  if (value.trim() !== value) return 'has whitespace at the start or end';
  return undefined;
}

/**
 * Authentication of every request: for each request, the operation's own `security` (matched by
 * method and path template; `[]` = anonymous), else the document's; the first requirement whose
 * schemes all have credentials. Static credentials are checked and encoded once, here (a
 * ConfigError naming the option otherwise); functions run once per attempt, last, and a value
 * they return that cannot be sent, or an error they throw, refuses the request (RequestRefused,
 * not retried; the error's message is not kept, it may quote what the function holds).
 * Throws ConfigError when the document's security applies to some operation and no requirement
 * of it can be met.
 */
export function authMiddleware(
  provider: string,
  facts: SecurityFacts,
  credentials: Credentials,
  {
    optionName = (s: string) => s,
    secrets,
    baseUrl = '',
    fetch = (req: Request) => globalThis.fetch(req),
  }: {
    optionName?: (scheme: string) => string;
    secrets?: SecretSet;
    /** The client's base URL and transport, for a token source's requests. */
    baseUrl?: string;
    fetch?: (input: Request) => Promise<Response>;
  } = {},
): Middleware & {
  reauth(request: Request): boolean;
  reauthWith(authorization: string | undefined): boolean;
  apply(request: PlainRequest): Promise<void> | undefined;
} {
  type Step =
    | { name: string; scheme: SchemeFacts; value: string }
    | { name: string; scheme: SchemeFacts; compute: (i: SignInput) => string | Promise<string> }
    | { name: string; scheme: SchemeFacts; source: BoundTokenSource; scopes: readonly string[] };
  const prepared = new Map<string, Step>();
  const sources: BoundTokenSource[] = [];
  // every credential given is checked and known to the redaction, whether or not it is chosen
  for (const name of Object.keys(credentials)) {
    const cred = credentials[name];
    const scheme = Object.hasOwn(facts.securitySchemes, name) ? facts.securitySchemes[name] : undefined;
    if (cred === undefined || !scheme) continue;
    if (typeof cred === 'function') prepared.set(name, { name, scheme, compute: cred });
    else if (isTokenSource(cred)) {
      if (scheme.type !== 'oauth2' && scheme.type !== 'openIdConnect')
        throw new ConfigError(provider, optionName(name), `"${optionName(name)}" is not an oauth2 scheme: it takes no token source`);
      const source = cred.bind({ provider, option: optionName(name), schemeName: name, scheme, baseUrl, fetch, secrets });
      sources.push(source);
      prepared.set(name, { name, scheme, source, scopes: [] });
    } else {
      const value = encode(provider, optionName(name), scheme, cred);
      secrets?.add(value);
      if (typeof cred === 'object') secrets?.add(cred.password);
      if (!inHeader(scheme)) {
        secrets?.add(encodeURIComponent(value));
        secrets?.add(new URLSearchParams({ v: value }).toString().slice(2));
      }
      prepared.set(name, { name, scheme, value });
    }
  }
  const ops = facts.operationSecurity ?? {};
  const documentApplies = !facts.operations || Object.keys(facts.operations).some((op) => !Object.hasOwn(ops, op));
  if (documentApplies) chooseRequirement(provider, facts.security, credentials, optionName);

  const plans = new Map<string, Step[]>();
  const plan = (key: string): Step[] => {
    const cached = plans.get(key);
    if (cached) return cached;
    const security = Object.hasOwn(ops, key) ? ops[key]! : facts.security;
    const chosen = pickRequirement(security, credentials);
    const requirement = security.find((r) => chosen && Object.keys(r).join('\0') === chosen.join('\0'));
    if (!chosen)
      throw new RequestRefused(
        'credentials',
        `${key} needs credentials: ${missingMessage(security, optionName).replace(/^missing credentials: /, '')}`,
      );
    const steps: Step[] = [];
    for (const name of chosen) {
      const scheme = Object.hasOwn(facts.securitySchemes, name) ? facts.securitySchemes[name] : undefined;
      if (!scheme) throw new ConfigError(provider, optionName(name), `security scheme "${name}" is not defined in the spec`);
      if (!isSupported(scheme)) {
        throw new ConfigError(provider, optionName(name), `security scheme type "${scheme.type}" is not supported by the client`);
      }
      let step = prepared.get(name)!;
      // a token source: the scopes this operation's requirement names (its token is cached per scope set)
      if ('source' in step) step = { ...step, scopes: requirement?.[name] ?? [] };
      // static values and tokens first, functions (signatures) last: they see every other credential
      if (!('compute' in step)) steps.unshift(step);
      else steps.push(step);
    }
    plans.set(key, steps);
    return steps;
  };
  // fail at construction on what can be known then: the schemes the document's requirement uses
  if (documentApplies) plan('');
  const reauthWith = (authorization: string | undefined): boolean => {
    const value = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    return value !== undefined && sources.some((s) => s.invalidate(value));
  };

  /**
   * One step's value: its static credential, its token source's token, or what its signer
   * computes of the request (`signed`: the request as the signer sees it, made once per request
   * by the caller), checked as sendable and kept out of logs.
   */
  const stepValue = async (step: Step, signal: AbortSignal | null | undefined, signed: () => Promise<SignInput>): Promise<string> => {
    if ('value' in step) return step.value;
    if ('source' in step) return step.source.token(step.scopes, signal ?? undefined);
    let value: string;
    try {
      value = await step.compute(await signed());
    } catch (err) {
      // the signer's own message may quote what it signs or holds: only its class and code
      throw new RequestRefused(optionName(step.name), `"${optionName(step.name)}" threw (${errorLabel(err)}): nothing was sent`);
    }
    const why = typeof value === 'string' ? unsendable(value, inHeader(step.scheme)) : 'is not a string';
    if (why) throw new RequestRefused(optionName(step.name), `"${optionName(step.name)}" returned a value that ${why}`);
    secrets?.add(value, { transient: true });
    return value;
  };

  /** The steps of `apply`, a token source's or a signer's among them. */
  const applySteps = async (req: PlainRequest, steps: Step[]): Promise<void> => {
    let body: string | undefined;
    const signed = async (): Promise<SignInput> => {
      body ??= req.body === undefined ? '' : typeof req.body === 'string' ? req.body : new TextDecoder().decode(req.body);
      return { method: req.method, url: req.url, headers: new Headers(req.headers), body };
    };
    for (const step of steps) applyPlain(req, step.scheme, await stepValue(step, req.signal, signed));
  };

  return {
    async onRequest({ request, schemaPath }) {
      const steps = plan(`${request.method.toUpperCase()} ${schemaPath}`);
      let req = request;
      let body: string | undefined;
      for (const step of steps) {
        const signed = async (): Promise<SignInput> => {
          body ??= req.body ? await req.clone().text() : '';
          return { method: req.method, url: req.url, headers: req.headers, body };
        };
        req = applyValue(req, step.scheme, await stepValue(step, req.signal, signed));
      }
      return req;
    },
    /**
     * The same for the client's fast path (call.ts): the request as plain values, changed in
     * place (its headers; its URL for an apiKey in the query), each credential where
     * `onRequest` puts it.
     */
    apply(req: PlainRequest): Promise<void> | undefined {
      const steps = plan(`${req.method} ${req.schemaPath}`);
      // static credentials only (the common case): applied at once, no promise
      for (const step of steps) if (!('value' in step)) return applySteps(req, steps);
      for (const step of steps) applyPlain(req, step.scheme, (step as { value: string }).value);
      return undefined;
    },
    /**
     * After a 401: forgets the bearer token the request carried when a token source handed it
     * out; true when it did (the call then tries once more, with a new token).
     */
    reauth: (request: Request): boolean => reauthWith(request.headers.get('authorization') ?? undefined),
    reauthWith,
  };
}

/** A request of the fast path as authentication sees it: the URL and headers are changed in place. */
export interface PlainRequest {
  readonly method: string;
  /** The path template, as the spec writes it (which security applies). */
  readonly schemaPath: string;
  /** The full URL, as the WHATWG URL parser would write it. */
  url: string;
  /** Lower-case names. */
  readonly headers: Record<string, string>;
  readonly body: string | Uint8Array | undefined;
  readonly signal: AbortSignal | undefined;
}

/** applyValue for a PlainRequest (the same places, the same encodings). */
function applyPlain(req: PlainRequest, scheme: SchemeFacts, value: string): void {
  switch (scheme.type) {
    case 'apiKey':
      if (scheme.in === 'header') req.headers[scheme.name.toLowerCase()] = value;
      else if (scheme.in === 'cookie') {
        const pair = `${scheme.name}=${encodeURIComponent(value)}`;
        const prev = req.headers.cookie;
        req.headers.cookie = prev ? `${prev}; ${pair}` : pair;
      } else {
        const url = new URL(req.url);
        url.searchParams.set(scheme.name, value);
        req.url = url.href;
      }
      return;
    case 'http': {
      const s = scheme.scheme.toLowerCase();
      req.headers.authorization = `${s === 'basic' ? 'Basic' : s === 'bearer' ? 'Bearer' : scheme.scheme} ${value}`;
      return;
    }
    default:
      req.headers.authorization = `Bearer ${value}`;
  }
}

const isSupported = (s: SchemeFacts) => s.type === 'apiKey' || s.type === 'http' || s.type === 'oauth2' || s.type === 'openIdConnect';

function encode(provider: string, option: string, scheme: SchemeFacts, cred: Exclude<Credential, Function | TokenSource>): string {
  const basic = scheme.type === 'http' && scheme.scheme.toLowerCase() === 'basic';
  if (typeof cred === 'string') {
    if (basic) throw new ConfigError(provider, option, `"${option}" is HTTP Basic: give { username, password }`);
    const why = unsendable(cred, inHeader(scheme));
    if (why) throw new ConfigError(provider, option, `credential for "${option}" ${why}`);
    return cred;
  }
  if (!basic) throw new ConfigError(provider, option, `"${option}" takes a string credential`);
  if (typeof cred.username !== 'string' || !cred.username) throw new ConfigError(provider, option, `"${option}" needs a username`);
  if (typeof cred.password !== 'string') throw new ConfigError(provider, option, `"${option}" needs a password (a string)`);
  // RFC 7617: the user-id cannot contain a colon; neither part may contain control characters
  if (cred.username.includes(':'))
    throw new ConfigError(provider, option, `the username of "${option}" contains ":", which HTTP Basic cannot carry`);
  for (const [part, text] of [
    ['username', cred.username],
    ['password', cred.password],
  ] as const) {
    if (/[\u0000-\u001f\u007f]/.test(text))
      throw new ConfigError(provider, option, `the ${part} of "${option}" contains a control character`);
  }
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
        return new Request(url, {
          method: req.method,
          headers: req.headers,
          body: req.body,
          signal: req.signal,
          redirect: req.redirect,
          duplex: 'half',
        } as RequestInit);
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
