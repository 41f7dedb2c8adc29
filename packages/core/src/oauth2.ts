// OAuth2 access tokens for a provider's oauth2 (or openIdConnect) security scheme: the
// client-credentials flow and refresh tokens against the scheme's token URL, or a token
// provider of the caller's for any other flow. Imported only by a provider factory whose spec
// has such a scheme (or by the caller), so a client without one does not carry this code.
import { AuthFailure, ConfigError, errorLabel } from './errors.js';
import { base64, type BoundTokenSource, type OAuth2Flows, type TokenBinding, type TokenSource, unsendable } from './auth.js';
import { holdUntilRead } from './hold.js';

/** What a token provider is told: the scopes the operation requires and the scheme's flow. */
export interface TokenProviderContext {
  readonly scopes: readonly string[];
  /** The scheme's first declared flow (`authorizationCode`, `implicit`, ...); `openIdConnect` for that scheme type. */
  readonly flow: string | undefined;
  /** Aborted when the call that waits for the token gives up. */
  readonly signal: AbortSignal | undefined;
}

/** A token with its lifetime in seconds (`expiresIn`), when the provider knows it. */
export interface ProvidedToken {
  readonly accessToken: string;
  readonly expiresIn?: number;
}

/** The value of an oauth2 scheme's option, when it is not a fixed access token. */
export interface OAuth2Options {
  /** Client credentials: the client-credentials flow (or, with refreshToken, the client's authentication). */
  clientId?: string;
  clientSecret?: string;
  /** A refresh token: access tokens come from the refresh_token grant (a rotated one replaces it). */
  refreshToken?: string;
  /** For any other flow: returns an access token (cached like the others, per scope set, until it expires or a 401). */
  tokenProvider?: (ctx: TokenProviderContext) => string | ProvidedToken | Promise<string | ProvidedToken>;
  /** Overrides the scheme's token URL (https, or http on 127.0.0.1/localhost only). */
  tokenUrl?: string;
  /** How the client authenticates at the token endpoint: HTTP Basic (default) or client_id/client_secret in the body. */
  clientAuth?: 'basic' | 'body';
  /** A token is renewed this long before it expires (default 60 000 ms; at most half its lifetime). */
  skewMs?: number;
  /** Limit of one token request, headers and body (default 10 000 ms). */
  timeoutMs?: number;
}

const KNOWN: readonly (keyof OAuth2Options)[] = [
  'clientId',
  'clientSecret',
  'refreshToken',
  'tokenProvider',
  'tokenUrl',
  'clientAuth',
  'skewMs',
  'timeoutMs',
];

/** The largest token response read (a token endpoint answers a few hundred bytes). */
const MAX_TOKEN_RESPONSE = 64 * 1024;
/** Scope sets cached per source (the least recently fetched goes first). */
const MAX_ENTRIES = 64;
/** Tokens a source remembers having handed out (a 401 for any of them earns one retry). */
const MAX_ISSUED = 32;

/**
 * An oauth2 scheme's option as a provider factory takes it: a fixed access token (a string) as
 * it is, undefined as it is, and OAuth2Options as a token source (see `oauth2`).
 */
export function oauth2Option(value: string | OAuth2Options | undefined): string | TokenSource | undefined {
  return value === undefined || typeof value === 'string' ? value : oauth2(value);
}

/**
 * A required oauth2 scheme's option: an access token (a non-empty string) or OAuth2Options, else
 * a ConfigError naming the option; then as `oauth2Option`.
 */
export function requireOAuth2(provider: string, options: object, key: string): string | TokenSource {
  const value = (options as Record<string, unknown>)[key];
  if ((typeof value !== 'string' || value.length === 0) && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    throw new ConfigError(
      provider,
      key,
      `option "${key}" is required: an access token (a non-empty string), or { clientId, clientSecret }, { refreshToken } or { tokenProvider }`,
    );
  }
  return oauth2Option(value as string | OAuth2Options) as string | TokenSource;
}

/**
 * A token source for an oauth2 / openIdConnect scheme's credential. Tokens are cached per scope
 * set, renewed `skewMs` before they expire, fetched once for any number of concurrent calls, and
 * forgotten after a 401 (the call is then sent once more with a new token). A failing token
 * endpoint is an `auth` error naming the scheme and flow; secrets and tokens never appear in an
 * error. `clock` is for tests.
 */
export function oauth2(options: OAuth2Options, { now = Date.now }: { now?: () => number } = {}): TokenSource {
  return { kind: 'capi-token-source', bind: (binding) => bindSource(options, binding, now) };
}

type Mode =
  | { flow: string; kind: 'clientCredentials'; url: string }
  | { flow: string; kind: 'refresh'; url: string }
  | { flow: string | undefined; kind: 'provider' };

function bindSource(options: OAuth2Options, b: TokenBinding, now: () => number): BoundTokenSource {
  const fail = (message: string) => new ConfigError(b.provider, b.option, `"${b.option}": ${message}`);
  if (options === null || typeof options !== 'object') throw fail('give an access token (a string) or OAuth2 options');
  for (const key of Object.keys(options)) {
    if (!(KNOWN as string[]).includes(key))
      throw fail(`unknown OAuth2 option ${JSON.stringify(key.slice(0, 64))}: the options are ${KNOWN.join(', ')}`);
  }
  const { clientId, clientSecret, refreshToken, tokenProvider, clientAuth = 'basic' } = options;
  for (const [key, value] of Object.entries({ clientId, clientSecret, refreshToken })) {
    if (value === undefined) continue;
    const why = typeof value === 'string' ? unsendable(value, false) : 'is not a string';
    if (why) throw fail(`${key} ${why}`);
  }
  if (tokenProvider !== undefined && typeof tokenProvider !== 'function') throw fail('tokenProvider must be a function');
  if (clientAuth !== 'basic' && clientAuth !== 'body') throw fail('clientAuth must be "basic" or "body"');
  const skewMs = ms(options.skewMs, 'skewMs', 60_000, true);
  const timeoutMs = ms(options.timeoutMs, 'timeoutMs', 10_000, false);
  b.secrets?.add(clientSecret);
  b.secrets?.add(refreshToken);
  if (clientId !== undefined && clientSecret !== undefined) b.secrets?.add(base64(`${form(clientId)}:${form(clientSecret)}`));

  const flows: OAuth2Flows = b.scheme.type === 'oauth2' ? (b.scheme.flows ?? {}) : {};
  const declared = Object.keys(flows);
  const firstFlow = b.scheme.type === 'openIdConnect' ? 'openIdConnect' : declared[0];
  const urlOf = (flow: string | undefined, refresh = false): string => {
    const f = flow ? flows[flow as keyof OAuth2Flows] : undefined;
    const raw = options.tokenUrl ?? (refresh ? (f?.refreshUrl ?? f?.tokenUrl) : f?.tokenUrl);
    if (raw === undefined)
      throw fail(
        `the scheme "${b.schemeName}" declares no token URL${flow ? ` for its ${flow} flow` : ''}: pass tokenUrl, or a tokenProvider`,
      );
    return tokenUrl(raw, b.baseUrl, fail);
  };
  let mode: Mode;
  if (tokenProvider) {
    if (clientId !== undefined || clientSecret !== undefined || refreshToken !== undefined)
      throw fail('give either tokenProvider or clientId/clientSecret/refreshToken, not both');
    mode = { kind: 'provider', flow: firstFlow };
  } else if (refreshToken !== undefined) {
    if (clientSecret !== undefined && clientId === undefined) throw fail('clientSecret needs clientId');
    const flow =
      ['authorizationCode', 'password', 'deviceAuthorization', 'clientCredentials'].find((f) => f in flows) ?? firstFlow ?? 'refresh';
    mode = { kind: 'refresh', flow, url: urlOf(flow in flows ? flow : undefined, true) };
  } else if (clientId !== undefined && clientSecret !== undefined) {
    if (!('clientCredentials' in flows) && options.tokenUrl === undefined) {
      throw fail(
        `the scheme "${b.schemeName}" declares no clientCredentials flow (${declared.length ? `its flows: ${declared.join(', ')}` : 'no flows'}): pass a refreshToken or a tokenProvider`,
      );
    }
    mode = { kind: 'clientCredentials', flow: 'clientCredentials', url: urlOf('clientCredentials') };
  } else {
    throw fail('give clientId and clientSecret (client-credentials flow), a refreshToken, or a tokenProvider');
  }

  let currentRefresh = refreshToken;
  const what = `scheme "${b.schemeName}", ${mode.flow ?? 'token provider'} flow${mode.kind === 'refresh' ? ' (refresh token)' : ''}`;
  const authFail = (message: string, code?: string) => new AuthFailure(`could not get an access token (${what}): ${message}`, code);
  const entries = new Map<string, { token?: string; expiresAt?: number; pending?: Promise<string> }>();
  const issued: string[] = [];
  // redacted for as long as this source holds them (not among the last per-request values, which
  // a signer's signatures pushed a token in use out of after 32 calls)
  b.secrets?.addSource(() => [currentRefresh, ...issued, ...Array.from(entries.values(), (e) => e.token)]);

  const remember = (key: string, token: string, expiresIn: number | undefined) => {
    b.secrets?.add(token, { transient: true }); // among the recent values too: redacted a while after the source lets it go
    issued.push(token);
    if (issued.length > MAX_ISSUED) issued.shift();
    const lifetime = expiresIn === undefined ? undefined : expiresIn * 1000;
    const entry = entries.get(key);
    if (!entry) return token;
    entry.token = token;
    // renewed skewMs early, but never sooner than half way through its life
    entry.expiresAt = lifetime === undefined ? undefined : now() + lifetime - Math.min(skewMs, lifetime / 2);
    return token;
  };

  async function fromProvider(scopes: readonly string[], signal: AbortSignal | undefined): Promise<{ token: string; expiresIn?: number }> {
    let out: string | ProvidedToken;
    try {
      out = await tokenProvider!({ scopes, flow: mode.flow, signal });
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      // its message may quote what it holds: only its class and code
      throw authFail(`the tokenProvider threw (${errorLabel(err)})`);
    }
    const token = typeof out === 'string' ? out : out?.accessToken;
    const why = typeof token === 'string' ? unsendable(token, true) : 'is not a string';
    if (why) throw authFail(`the tokenProvider returned a token that ${why}`);
    const expiresIn = typeof out === 'object' ? lifetimeOf(out.expiresIn) : undefined;
    return { token: token!, expiresIn };
  }

  async function fromEndpoint(scopes: readonly string[]): Promise<{ token: string; expiresIn?: number }> {
    const url = (mode as { url: string }).url;
    const body = new URLSearchParams();
    if (mode.kind === 'refresh') {
      body.set('grant_type', 'refresh_token');
      body.set('refresh_token', currentRefresh!);
    } else body.set('grant_type', 'client_credentials');
    if (scopes.length) body.set('scope', scopes.join(' '));
    const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' });
    if (clientId !== undefined && clientSecret !== undefined && clientAuth === 'basic') {
      // RFC 6749 2.3.1: each part form-encoded, then Basic
      headers.set('authorization', `Basic ${base64(`${form(clientId)}:${form(clientSecret)}`)}`);
    } else {
      if (clientId !== undefined) body.set('client_id', clientId);
      if (clientSecret !== undefined) body.set('client_secret', clientSecret);
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), timeoutMs);
    let status: number;
    let text: string;
    // never redirected: the secret goes to the scheme's token URL and nowhere else
    const req = new Request(url, { method: 'POST', headers, body: body.toString(), redirect: 'manual', signal: ctl.signal });
    // held until the body is read: the Request's signal follows ctl's only through a weak
    // reference, so a GC while a slow body was read lost the abort and the read never ended
    // (hold.ts; test/oauth2-security.test.ts forces the GC)
    const release = holdUntilRead(req);
    try {
      const res = await b.fetch(req);
      status = res.status;
      text = await readCapped(res);
    } catch (err) {
      if (ctl.signal.aborted) throw authFail(`the token endpoint did not answer within ${timeoutMs} ms`);
      if (err instanceof AuthFailure) throw authFail(err.message);
      const code = (err as { cause?: { code?: unknown } } | null)?.cause?.code;
      throw authFail(
        `the token endpoint could not be reached (${typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? code : errorLabel(err)})`,
      );
    } finally {
      clearTimeout(timer);
      release();
    }
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const obj = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
    if (status < 200 || status > 299) {
      // RFC 6749 5.2: `error` is a code; error_description is never shown (it may echo what was sent)
      // a code that holds what this source keeps secret is an echo of it, not a code: dropped
      const held = [clientSecret, currentRefresh, ...issued].filter((v): v is string => typeof v === 'string' && v.length >= 4);
      const code =
        typeof obj?.error === 'string' &&
        /^[A-Za-z0-9_.-]{1,64}$/.test(obj.error) &&
        !held.some((v) => obj.error === v || (obj.error as string).includes(v))
          ? obj.error
          : undefined;
      const redirect = status >= 300 && status < 400 ? ' (a redirect, not followed)' : '';
      throw authFail(`the token endpoint answered HTTP ${status}${redirect}${code ? ` (${code})` : ''}`, code);
    }
    if (!obj) throw authFail(`the token endpoint answered HTTP ${status} with a body that is not a JSON object`);
    const token = obj.access_token;
    if (typeof token !== 'string') throw authFail('the token endpoint answered without an access_token');
    const why = unsendable(token, true);
    if (why) throw authFail(`the token endpoint answered with an access_token that ${why}`);
    if (obj.token_type !== undefined && (typeof obj.token_type !== 'string' || obj.token_type.toLowerCase() !== 'bearer'))
      throw authFail('the token endpoint answered with a token_type other than Bearer');
    if (mode.kind === 'refresh' && typeof obj.refresh_token === 'string' && !unsendable(obj.refresh_token, false)) {
      currentRefresh = obj.refresh_token; // rotated (redacted through the source above)
      b.secrets?.add(currentRefresh, { transient: true }); // and a while after it is rotated away
    }
    return { token, expiresIn: lifetimeOf(obj.expires_in) };
  }

  return {
    token(scopes, signal) {
      const wanted = [...new Set(scopes)].sort();
      const key = wanted.join(' ');
      let entry = entries.get(key);
      if (entry?.token !== undefined && (entry.expiresAt === undefined || now() < entry.expiresAt)) return Promise.resolve(entry.token);
      if (!entry) {
        if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
        entry = {};
        entries.set(key, entry);
      }
      if (!entry.pending) {
        const e = entry;
        // one request for every call that waits; a provider gets the signal of the call that asked first
        const p = (mode.kind === 'provider' ? fromProvider(wanted, signal) : fromEndpoint(wanted)).then(({ token, expiresIn }) =>
          remember(key, token, expiresIn),
        );
        e.pending = p;
        p.then(
          () => {
            if (e.pending === p) e.pending = undefined;
          },
          () => {
            if (e.pending === p) e.pending = undefined;
          },
        );
      }
      return waitFor(entry.pending!, signal);
    },
    invalidate(token) {
      if (!issued.includes(token)) return false;
      for (const entry of entries.values()) {
        if (entry.token === token) {
          entry.token = undefined;
          entry.expiresAt = undefined;
        }
      }
      return true;
    },
  };

  function ms(value: number | undefined, key: string, fallback: number, zero: boolean): number {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!zero && value === 0) || value > 2 ** 31 - 1)
      throw fail(`${key} must be a ${zero ? 'non-negative' : 'positive'} number of ms`);
    return value;
  }
}

/** A token URL: resolved against the base URL when relative; https, or http to the local machine only. */
function tokenUrl(raw: string, baseUrl: string, fail: (m: string) => ConfigError): string {
  let url: URL;
  try {
    url = new URL(raw, baseUrl ? `${baseUrl}/` : undefined);
  } catch {
    throw fail('the token URL is not a URL (nor one relative to the base URL)');
  }
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local))
    throw fail(`the token URL must use https (http only to 127.0.0.1 or localhost), got ${url.protocol}`);
  if (url.username || url.password) throw fail('the token URL must not contain user info');
  return url.href;
}

/** application/x-www-form-urlencoded, as RFC 6749 2.3.1 encodes a client id and secret. */
const form = (s: string) => new URLSearchParams({ v: s }).toString().slice(2);

/**
 * expires_in as seconds (a number or a string of digits); a negative one is a token already
 * expired (0: used by the call that asked, not kept); anything else undefined (kept until a 401).
 */
function lifetimeOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? Math.max(0, n) : undefined;
}

async function readCapped(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_TOKEN_RESPONSE) {
      void reader.cancel().catch(() => {});
      throw new AuthFailure(`the token endpoint answered more than ${MAX_TOKEN_RESPONSE} bytes`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** The shared promise, or the waiter's abort reason when its call gives up first. */
function waitFor<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
