// OAuth2 from a provider's oauth2 security scheme: the client-credentials flow, refresh tokens and
// a token provider, against a real token server and a real API on 127.0.0.1 (port 0), on both
// transports (the Node transport, the default on Node, and the global fetch).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProviderClient as createOnNode } from '../src/index.node.js';
import { ApiError, ConfigError, oauth2, oauth2Option, type OAuth2Options, type SpecFacts } from '../src/index.js';
import { closeDefaultTransport } from '../src/node.js';
import { startOAuthServers, type OAuthServers } from './oauth-servers.js';

type Loose = {
  GET(path: string, init?: object): Promise<{ data?: { ok: boolean; scope: string }; error?: any; response?: Response }>;
};

const SECRET = 'client-secret-do-not-leak';
const REFRESH = 'refresh-token-do-not-leak';

const specFor = (tokenUrl: string, flows?: object): SpecFacts => ({
  servers: ['https://api.example.test'],
  security: [{ oauth: ['read'] }],
  operationSecurity: { 'GET /admin': [{ oauth: ['read', 'admin'] }] },
  securitySchemes: {
    oauth: { type: 'oauth2', flows: flows ?? { clientCredentials: { tokenUrl, scopes: ['read', 'admin'] } } },
  },
  operations: { 'GET /things': ['200', '401'], 'GET /admin': ['200'] },
});

// the default transport takes the fast path; a user middleware sends the calls the Request way
const transports = [
  ['the Node transport', {}],
  ['the Node transport, Request way (a user middleware)', { middleware: [{ onRequest: () => undefined }] }],
  ['the global fetch', { fetch: (req: Request) => globalThis.fetch(req) }],
] as const;

let servers: OAuthServers;
beforeEach(async () => {
  await servers?.close();
  servers = await startOAuthServers();
});
afterAll(async () => {
  await servers?.close();
  await closeDefaultTransport();
});

function client(transport: object, cred: OAuth2Options | ReturnType<typeof oauth2>, more: object = {}, spec?: SpecFacts): Loose {
  return createOnNode(
    { name: 'acme', spec: spec ?? specFor(servers.tokenUrl), optionNames: { oauth: 'token' } },
    { baseUrl: servers.apiUrl, retry: false, ...transport, ...more },
    { oauth: 'kind' in cred ? cred : oauth2Option(cred) },
  ) as unknown as Loose;
}

/** Everything an error shows: message, cause, JSON and inspect. */
const shown = (err: unknown) =>
  [String((err as Error).message), String((err as Error).cause), JSON.stringify(err), inspect(err, { depth: 5 })].join('\n');

describe.each(transports)('oauth2 over %s', (_name, transport) => {
  it('client credentials: one token request for 100 concurrent calls, sent with Basic auth, grant and scope', async () => {
    const c = client(transport, { clientId: 'app', clientSecret: SECRET });
    const results = await Promise.all(Array.from({ length: 100 }, () => c.GET('/things')));
    expect(results.every((r) => r.data?.ok)).toBe(true);
    expect(servers.tokenRequests).toHaveLength(1);
    const [req] = servers.tokenRequests;
    expect(req!.headers.authorization).toBe(`Basic ${Buffer.from(`app:${SECRET}`).toString('base64')}`);
    expect(req!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req!.form.get('grant_type')).toBe('client_credentials');
    expect(req!.form.get('scope')).toBe('read');
    expect(new Set(servers.apiSeen).size).toBe(1);
    expect(servers.apiSeen[0]).toMatch(/^Bearer access-/);
  });

  it('caches a token per scope set: an operation that needs more scopes gets its own', async () => {
    const c = client(transport, { clientId: 'app', clientSecret: SECRET, clientAuth: 'body' });
    expect((await c.GET('/things')).data?.scope).toBe('read');
    expect((await c.GET('/admin')).data?.scope).toBe('admin read');
    await c.GET('/things');
    await c.GET('/admin');
    expect(servers.tokenRequests.map((r) => r.form.get('scope'))).toEqual(['read', 'admin read']);
    // clientAuth "body": id and secret in the form, no Basic header
    expect(servers.tokenRequests[0]!.form.get('client_secret')).toBe(SECRET);
    expect(servers.tokenRequests[0]!.headers.authorization).toBeUndefined();
  });

  it('renews a token skewMs before it expires, not sooner', async () => {
    let now = 1_000_000;
    const c = client(transport, oauth2({ clientId: 'app', clientSecret: SECRET, skewMs: 60_000 }, { now: () => now }));
    servers.expiresIn = 3600;
    await c.GET('/things');
    now += 3_500_000; // 100 s left: more than the skew
    await c.GET('/things');
    expect(servers.tokenRequests).toHaveLength(1);
    now += 50_000; // 50 s left: within the skew
    const res = await c.GET('/things');
    expect(res.data?.ok).toBe(true);
    expect(servers.tokenRequests).toHaveLength(2);
    expect(new Set(servers.apiSeen).size).toBe(2);
  });

  it('a revoked token: one 401, a new token, one retry (even with retry: false), for concurrent calls too', async () => {
    const c = client(transport, { clientId: 'app', clientSecret: SECRET });
    await c.GET('/things');
    servers.valid.clear(); // the provider revokes every token
    const results = await Promise.all(Array.from({ length: 20 }, () => c.GET('/things')));
    expect(results.every((r) => r.data?.ok)).toBe(true);
    expect(servers.tokenRequests).toHaveLength(2);
  });

  it('an API that keeps answering 401: the call ends as auth after one renewal, no loop', async () => {
    const c = client(transport, { clientId: 'app', clientSecret: SECRET });
    servers.apiAlways401 = true;
    const res = await c.GET('/things');
    expect(res.error).toMatchObject({ kind: 'auth', status: 401, attempts: 2 });
    expect(servers.tokenRequests).toHaveLength(2);
    expect(servers.apiSeen).toHaveLength(2);
  });

  it('a refresh token: the refresh_token grant to the flow refreshUrl, rotated tokens used next', async () => {
    servers.refreshTokens.add(REFRESH);
    const spec = specFor(servers.tokenUrl, {
      authorizationCode: { tokenUrl: 'https://unused.example.test/token', refreshUrl: servers.tokenUrl, scopes: ['read'] },
    });
    const c = client(transport, { refreshToken: REFRESH, clientId: 'public-app' }, {}, spec);
    expect((await c.GET('/things')).data?.ok).toBe(true);
    const first = servers.tokenRequests[0]!.form;
    expect(first.get('grant_type')).toBe('refresh_token');
    expect(first.get('refresh_token')).toBe(REFRESH);
    expect(first.get('client_id')).toBe('public-app');
    servers.valid.clear();
    expect((await c.GET('/things')).data?.ok).toBe(true);
    expect(servers.tokenRequests[1]!.form.get('refresh_token')).toMatch(/-rotated$/);
  });

  it('a revoked refresh token: auth error with the endpoint OAuth code, never the token', async () => {
    const spec = specFor(servers.tokenUrl, { authorizationCode: { tokenUrl: servers.tokenUrl, scopes: [] } });
    const c = client(transport, { refreshToken: REFRESH }, { throwOnError: true }, spec);
    const err = await c.GET('/things').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ kind: 'auth', code: 'invalid_grant', provider: 'acme' });
    expect((err as Error).message).toContain('authorizationCode flow (refresh token)');
    expect(shown(err)).not.toContain(REFRESH);
    expect(servers.apiSeen).toHaveLength(0);
  });

  it.each([
    ['answers 500', '500', /token endpoint answered HTTP 500 \(server_error\)/],
    ['answers HTML', 'not-json', /not a JSON object/],
    ['answers JSON without access_token', 'no-access-token', /without an access_token/],
    ['redirects', 'redirect', /HTTP 302 \(a redirect, not followed\)/],
    ['refuses the client', 'invalid_client', /HTTP 401 \(invalid_client\)/],
    ['answers 100 kB', 'huge', /more than 65536 bytes/],
  ] as const)('a token endpoint that %s: an auth error naming provider, scheme and flow, no secret', async (_what, mode, message) => {
    servers.mode = mode;
    const c = client(transport, { clientId: 'app', clientSecret: SECRET }, { throwOnError: true });
    const err = await c.GET('/things').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ kind: 'auth', provider: 'acme', status: undefined, attempts: 0 });
    expect((err as Error).message).toMatch(
      /^acme: auth(?: [a-z_]+)?: could not get an access token \(scheme "oauth", clientCredentials flow\)/,
    );
    expect((err as Error).message).toMatch(message);
    const text = shown(err);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(Buffer.from(`app:${SECRET}`).toString('base64'));
    expect(servers.apiSeen).toHaveLength(0); // nothing reached the API, nothing went where the redirect said
    // a failure is not cached: the next call asks again and works
    servers.mode = 'ok';
    expect((await c.GET('/things')).data?.ok).toBe(true);
  });

  it('a slow token endpoint: bounded by the token timeout, one request for the calls that waited', async () => {
    servers.mode = 'slow';
    // 1 s, not less: the token request must reach the server before the client gives up on it,
    // which a loaded CI machine's first fetch in a process (undici loading) can take longer than
    // 150 ms to do; the server counts a request once its body has arrived
    const c = client(transport, { clientId: 'app', clientSecret: SECRET, timeoutMs: 1000 });
    const results = await Promise.all(Array.from({ length: 10 }, () => c.GET('/things')));
    for (const r of results) {
      expect(r.error).toMatchObject({ kind: 'auth' });
      expect(r.error.message).toContain('did not answer within 1000 ms');
    }
    await vi.waitFor(() => expect(servers.tokenRequests.length).toBeGreaterThan(0), { timeout: 10_000, interval: 20 });
    expect(servers.tokenRequests).toHaveLength(1);
  });

  it('a token request slower than the call: the call times out as a timeout, not a hang', async () => {
    servers.mode = 'slow';
    const c = client(transport, { clientId: 'app', clientSecret: SECRET, timeoutMs: 60_000 });
    const res = await c.GET('/things', { timeoutMs: 100 });
    expect(res.error).toMatchObject({ kind: 'timeout', timeout: 'attempt' });
  });

  it('a tokenProvider for other flows: called once for concurrent calls with scopes and flow, again after a 401', async () => {
    const spec = specFor(servers.tokenUrl, { implicit: { authorizationUrl: 'https://x.test/auth', scopes: ['read'] } });
    const calls: { scopes: readonly string[]; flow: string | undefined }[] = [];
    const c = client(
      transport,
      {
        tokenProvider: async ({ scopes, flow }) => {
          calls.push({ scopes, flow });
          const access = `provided-${calls.length}`;
          servers.valid.add(access);
          return { accessToken: access, expiresIn: 600 };
        },
      },
      {},
      spec,
    );
    const results = await Promise.all(Array.from({ length: 30 }, () => c.GET('/things')));
    expect(results.every((r) => r.data?.ok)).toBe(true);
    expect(calls).toEqual([{ scopes: ['read'], flow: 'implicit' }]);
    servers.valid.clear();
    servers.valid.add('provided-2');
    expect((await c.GET('/things')).data?.ok).toBe(true);
    expect(calls).toHaveLength(2);
  });

  it('a tokenProvider that throws: an auth error with its class, never its message', async () => {
    const c = client(transport, {
      tokenProvider: () => {
        throw new TypeError(`vault said ${SECRET}`);
      },
    });
    const res = await c.GET('/things');
    expect(res.error).toMatchObject({ kind: 'auth' });
    expect(res.error.message).toContain('tokenProvider threw (TypeError)');
    expect(shown(res.error)).not.toContain(SECRET);
  });

  it('a token the API echoes in an error body is redacted', async () => {
    const c = client(transport, { clientId: 'app', clientSecret: SECRET });
    await c.GET('/things');
    const token = servers.apiSeen[0]!.slice('Bearer '.length);
    servers.apiAlways401 = true;
    const res = await c.GET('/things');
    expect(res.error.body.seen).toMatch(/^got Bearer \[REDACTED\]$/);
    expect(shown(res.error)).not.toMatch(/access-\d/);
    expect(shown(res.error)).not.toContain(token);
  });

  it('a token still in use is redacted however many signatures were computed since it was issued', async () => {
    // an API that answers 400 echoing the Authorization header: no 401, so the token is not renewed
    const api = createServer((req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ seen: `got ${req.headers.authorization}` }));
    });
    await new Promise<void>((done) => api.listen(0, '127.0.0.1', done));
    try {
      const spec: SpecFacts = {
        ...specFor(servers.tokenUrl),
        security: [{ oauth: ['read'], sig: [] }],
        operationSecurity: {},
        securitySchemes: {
          ...specFor(servers.tokenUrl).securitySchemes,
          sig: { type: 'apiKey', in: 'header', name: 'x-signature' },
        },
      };
      let n = 0;
      const c = createOnNode(
        { name: 'acme', spec, optionNames: { oauth: 'token', sig: 'signer' } },
        { baseUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}`, retry: false, ...transport },
        { oauth: oauth2Option({ clientId: 'app', clientSecret: SECRET }), sig: () => `signature-${++n}` },
      ) as unknown as Loose;
      // one token for every call; a new signature per call
      const results = [];
      for (let i = 0; i < 40; i++) results.push(await c.GET('/things'));
      expect(servers.tokenRequests).toHaveLength(1);
      const [token] = [...servers.valid];
      for (const res of results) {
        expect(res.error.body.seen).toBe('got Bearer [REDACTED]');
        expect(shown(res.error)).not.toContain(token);
      }
    } finally {
      await new Promise((done) => api.close(done));
    }
  });

  it('a call aborted while it waits for the token rejects with its reason; the others still get the shared answer', async () => {
    servers.mode = 'slow';
    // 1 s for the token request to reach the server on a loaded machine (the case above says why)
    const c = client(transport, { clientId: 'app', clientSecret: SECRET, timeoutMs: 1000 });
    const ctl = new AbortController();
    const first = c.GET('/things', { signal: ctl.signal });
    const second = c.GET('/things');
    ctl.abort(new Error('caller gave up'));
    await expect(first).rejects.toThrow('caller gave up');
    expect((await second).error).toMatchObject({ kind: 'auth' });
    await vi.waitFor(() => expect(servers.tokenRequests.length).toBeGreaterThan(0), { timeout: 10_000, interval: 20 });
    expect(servers.tokenRequests).toHaveLength(1);
  });
});

describe('oauth2 options', () => {
  const make = (cred: OAuth2Options, flows?: object, tokenUrl = 'https://auth.example.test/token') =>
    createOnNode({ name: 'acme', spec: specFor(tokenUrl, flows), optionNames: { oauth: 'token' } }, {}, { oauth: oauth2Option(cred) });

  it.each([
    ['a plain-http token URL', { clientId: 'a', clientSecret: 'b' }, undefined, 'http://auth.example.test/token', /must use https/],
    [
      'no clientCredentials flow',
      { clientId: 'a', clientSecret: 'b' },
      { implicit: { scopes: [] } },
      undefined,
      /declares no clientCredentials flow \(its flows: implicit\)/,
    ],
    [
      'an unknown option',
      { clientId: 'a', clientSecret: 'b', clientSecrett: 'c' } as OAuth2Options,
      undefined,
      undefined,
      /unknown OAuth2 option "clientSecrett"/,
    ],
    ['nothing to get a token with', {}, undefined, undefined, /give clientId and clientSecret/],
    [
      'tokenProvider and a secret',
      { tokenProvider: () => 't', clientId: 'a', clientSecret: 'b' },
      undefined,
      undefined,
      /either tokenProvider/,
    ],
    [
      'a secret with a line break',
      { clientId: 'a', clientSecret: 'b\nc' },
      undefined,
      undefined,
      /clientSecret contains a control character/,
    ],
  ] as const)('refuses %s at construction (ConfigError naming the option)', (_what, cred, flows, url, message) => {
    const err = (() => {
      try {
        make(cred as OAuth2Options, flows, url);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err).toMatchObject({ option: 'token' });
    expect((err as Error).message).toMatch(message);
    expect(String((err as Error).message)).not.toContain('b\nc');
  });

  it('resolves a relative token URL against the base URL, and allows http to 127.0.0.1', async () => {
    const c = createOnNode(
      { name: 'acme', spec: specFor('/oauth/token') },
      { baseUrl: servers.tokenUrl.replace(/\/oauth\/token$/, ''), retry: false },
      { oauth: oauth2Option({ clientId: 'a', clientSecret: 'b' }) },
    ) as unknown as Loose;
    await c.GET('/things'); // the token server is the API here too: only the token request matters
    expect(servers.tokenRequests[0]!.form.get('grant_type')).toBe('client_credentials');
  });

  it('a string is still a fixed access token', async () => {
    servers.valid.add('fixed-token');
    const c = createOnNode(
      { name: 'acme', spec: specFor(servers.tokenUrl) },
      { baseUrl: servers.apiUrl },
      { oauth: oauth2Option('fixed-token') },
    ) as unknown as Loose;
    expect((await c.GET('/things')).data?.ok).toBe(true);
    expect(servers.tokenRequests).toHaveLength(0);
  });
});
