// The OAuth token request's security items (docs/security.md, "OAuth2 token requests"), against a
// real token server and real APIs on 127.0.0.1, on both transports: the client logs nothing; the
// token endpoint's error_description (which may echo the secret) is never shown; the secret goes
// only to the token URL of the spec (or of the caller's `tokenUrl` option), never to one a
// response names; a token URL with user info is refused.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProviderClient as createOnNode } from '../src/index.node.js';
import { ConfigError, oauth2Option, type OAuth2Options, type SpecFacts } from '../src/index.js';
import { closeDefaultTransport } from '../src/node.js';
import { startOAuthServers, type OAuthServers } from './oauth-servers.js';

const SECRET = 'client-secret-never-shown-7f3a';
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const specFor = (tokenUrl: string): SpecFacts => ({
  servers: ['https://api.example.test'],
  security: [{ oauth: ['read'] }],
  securitySchemes: { oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl, scopes: ['read'] } } } },
  operations: { 'GET /things': ['200', '401'] },
});

type Loose = { GET(path: string, init?: object): Promise<{ data?: unknown; error?: { kind: string; attempts: number } }> };
const transports = [
  ['the Node transport', {}],
  ['the global fetch', { fetch: (req: Request) => globalThis.fetch(req) }],
] as const;

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

let servers: OAuthServers;
beforeEach(async () => {
  servers = await startOAuthServers();
});
afterEach(async () => {
  await servers.close();
  vi.restoreAllMocks();
});
afterAll(() => closeDefaultTransport());

describe.each(transports)('OAuth2 token requests over %s', (_name, transport) => {
  const client = (cred: OAuth2Options, baseUrl = servers.apiUrl, spec = specFor(servers.tokenUrl)) =>
    createOnNode(
      { name: 'acme', spec, optionNames: { oauth: 'token' } },
      { baseUrl, retry: false, ...transport },
      { oauth: oauth2Option(cred) },
    ) as unknown as Loose;

  it('logs nothing: no console output for a token got, a failing token endpoint, or a renewal after a 401', async () => {
    const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
    const spies = methods.map((m) => vi.spyOn(console, m));
    const c = client({ clientId: 'app', clientSecret: SECRET });
    expect((await c.GET('/things')).error).toBeUndefined();
    servers.valid.clear(); // revoked: the next call gets a 401, renews, retries
    expect((await c.GET('/things')).error).toBeUndefined();
    servers.mode = '500';
    servers.valid.clear();
    expect((await c.GET('/things')).error?.kind).toBe('auth');
    expect(servers.tokenRequests.length).toBe(3); // the control: three token requests were made
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it("the token endpoint's error_description is never shown: it echoes the secret sent in the body", async () => {
    servers.mode = '500'; // its error_description quotes the client_secret of the form
    const c = client({ clientId: 'app', clientSecret: SECRET, clientAuth: 'body' });
    const { error } = (await c.GET('/things')) as { error?: { kind: string; message: string; cause?: unknown } };
    expect(error?.kind).toBe('auth');
    expect(error?.message).toMatch(/token endpoint answered HTTP 500 \(server_error\)/);
    expect(servers.tokenRequests[0]?.form.get('client_secret')).toBe(SECRET); // the control: it was sent, and echoed
    expect(`${JSON.stringify(error)} ${String(error?.cause)} ${inspect(error, { depth: 5 })}`).not.toContain(SECRET);
  });

  it('sends the secret only to the spec’s token URL: a 401 naming another token endpoint gets nothing there', async () => {
    let elsewhere = 0;
    const other = createServer((req, res) => {
      elsewhere++;
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: 'stolen', token_type: 'Bearer' }));
    });
    const otherUrl = await listen(other);
    // an API that answers every call 401, naming another token endpoint in its challenge and body
    const api = createServer((req, res) => {
      req.resume();
      res.writeHead(401, {
        'content-type': 'application/json',
        'www-authenticate': `Bearer error="invalid_token", authorization_uri="${otherUrl}/token", token_endpoint="${otherUrl}/token"`,
      });
      res.end(JSON.stringify({ error: 'invalid_token', token_url: `${otherUrl}/token`, token_endpoint: `${otherUrl}/token` }));
    });
    const apiUrl = await listen(api);
    try {
      const res = await client({ clientId: 'app', clientSecret: SECRET }, apiUrl).GET('/things');
      expect(res.error).toMatchObject({ kind: 'auth', attempts: 2 }); // renewed once, at the spec's token URL
      expect(servers.tokenRequests).toHaveLength(2);
      expect(elsewhere).toBe(0);
    } finally {
      await close(api);
      await close(other);
    }
  });
});

/** A token endpoint of the test's own (an attacker's, or a broken one), and the API behind it. */
async function hostile(
  answer: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, form: URLSearchParams) => void,
) {
  const token = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => answer(req, res, new URLSearchParams(body)));
  });
  const seen: (string | undefined)[] = [];
  const api = createServer((req, res) => {
    req.resume();
    seen.push(req.headers.authorization);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  const tokenUrl = `${await listen(token)}/token`;
  const apiUrl = await listen(api);
  return {
    tokenUrl,
    apiUrl,
    seen,
    close: async () => {
      token.closeAllConnections();
      api.closeAllConnections();
      await Promise.all([close(token), close(api)]);
    },
  };
}

describe.each(transports)('OAuth2 against a hostile token endpoint over %s', (_name, transport) => {
  const client = (cred: OAuth2Options, apiUrl: string, tokenUrl: string) =>
    createOnNode(
      { name: 'acme', spec: specFor(tokenUrl), optionNames: { oauth: 'token' } },
      { baseUrl: apiUrl, retry: false, ...transport },
      { oauth: oauth2Option(cred) },
    ) as unknown as { GET(p: string): Promise<{ error?: { kind: string; message: string } }> };
  const everything = (err: unknown) => `${JSON.stringify(err)} ${String((err as Error)?.message)} ${inspect(err, { depth: 5 })}`;

  it('a body that drips a byte at a time: bounded by timeoutMs, headers and body alike', async () => {
    const timers: NodeJS.Timeout[] = [];
    const h = await hostile((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"access_token":"');
      timers.push(setInterval(() => res.write('a'), 20));
    });
    try {
      const { error } = await client({ clientId: 'app', clientSecret: SECRET, timeoutMs: 300 }, h.apiUrl, h.tokenUrl).GET('/things');
      expect(error).toMatchObject({ kind: 'auth' });
      expect(error?.message).toContain('did not answer within 300 ms');
      expect(h.seen).toHaveLength(0);
    } finally {
      for (const t of timers) clearInterval(t);
      await h.close();
    }
  });

  it('a body that drips past timeoutMs still ends after a garbage collection while it is read (the abort reaches the body)', async () => {
    const timers: NodeJS.Timeout[] = [];
    let begun: () => void = () => {};
    const answering = new Promise<void>((resolve) => {
      begun = resolve;
    });
    const h = await hostile((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"access_token":"');
      begun();
      timers.push(setInterval(() => res.write('a'), 20));
    });
    let bound: NodeJS.Timeout | undefined;
    try {
      const call = client({ clientId: 'app', clientSecret: SECRET, timeoutMs: 600 }, h.apiUrl, h.tokenUrl).GET('/things');
      await answering;
      await new Promise((r) => setTimeout(r, 150));
      gc();
      const pending = new Promise((resolve) => {
        bound = setTimeout(() => resolve('still pending'), 10_000);
      });
      const outcome = await Promise.race([call, pending]);
      expect(outcome).toMatchObject({ error: { kind: 'auth' } });
    } finally {
      clearTimeout(bound);
      for (const t of timers) clearInterval(t);
      await h.close();
    }
  }, 30_000);

  it('a body that never ends: read up to 64 KiB, then an auth error', async () => {
    const timers: NodeJS.Timeout[] = [];
    const h = await hostile((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'x'.repeat(16 * 1024);
      timers.push(setInterval(() => res.write(chunk), 1));
    });
    try {
      const { error } = await client({ clientId: 'app', clientSecret: SECRET }, h.apiUrl, h.tokenUrl).GET('/things');
      expect(error).toMatchObject({ kind: 'auth' });
      expect(error?.message).toContain('more than 65536 bytes');
    } finally {
      for (const t of timers) clearInterval(t);
      await h.close();
    }
  });

  it.each([
    ['the client secret as its error code (echoed from the Basic header)', { clientAuth: 'basic' as const }],
    ['the client secret as its error code (echoed from the form)', { clientAuth: 'body' as const }],
  ])('an error answer with %s: the code is not shown', async (_what, more) => {
    const h = await hostile((req, res, form) => {
      const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      const echoed = form.get('client_secret') ?? basic.split(':')[1];
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: echoed }));
    });
    try {
      const { error } = await client({ clientId: 'app', clientSecret: SECRET, ...more }, h.apiUrl, h.tokenUrl).GET('/things');
      expect(error).toMatchObject({ kind: 'auth' });
      expect(error?.message).toMatch(/token endpoint answered HTTP 400/);
      expect(everything(error)).not.toContain(SECRET);
    } finally {
      await h.close();
    }
  });

  it('a refresh token echoed as the error code is not shown', async () => {
    const refresh = 'refresh_token_never_shown_9b2c';
    const h = await hostile((_req, res, form) => {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: form.get('refresh_token') }));
    });
    try {
      const { error } = await client({ refreshToken: refresh }, h.apiUrl, h.tokenUrl).GET('/things');
      expect(error).toMatchObject({ kind: 'auth' });
      expect(everything(error)).not.toContain(refresh);
    } finally {
      await h.close();
    }
  });

  it.each([['mac'], ['DPoP'], ['N_A'], [1], [null], [['Bearer']]])(
    'token_type %j: refused as an auth error, the token neither sent nor shown',
    async (tokenType) => {
      const h = await hostile((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'issued-token-never-shown', token_type: tokenType, expires_in: 3600 }));
      });
      try {
        const { error } = await client({ clientId: 'app', clientSecret: SECRET }, h.apiUrl, h.tokenUrl).GET('/things');
        expect(error).toMatchObject({ kind: 'auth' });
        expect(error?.message).toContain('token_type other than Bearer');
        expect(everything(error)).not.toContain('issued-token-never-shown');
        expect(h.seen).toHaveLength(0);
      } finally {
        await h.close();
      }
    },
  );

  it.each([
    // [expires_in, token requests for three calls in a row]
    [3600, 1],
    ['3600', 1],
    [0, 3], // expired at once: a new token per call
    [-60, 3], // already expired: the same
    ['-60', 3],
    [1e300, 1], // a lifetime past any date: kept (until a 401)
    ['1e3', 1], // not a number of seconds: ignored, kept until a 401
    ['soon', 1],
    [null, 1],
  ])('expires_in %j: %i token request(s) for three calls', async (expiresIn, requests) => {
    let issued = 0;
    const h = await hostile((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: `access-${++issued}`, token_type: 'bearer', expires_in: expiresIn }));
    });
    try {
      const c = client({ clientId: 'app', clientSecret: SECRET }, h.apiUrl, h.tokenUrl);
      for (let i = 0; i < 3; i++) expect((await c.GET('/things')).error).toBeUndefined();
      expect(issued).toBe(requests);
      expect(h.seen).toHaveLength(3);
    } finally {
      await h.close();
    }
  });
});

describe('OAuth2 token URL', () => {
  it.each([
    ['user info', 'https://app:secret@auth.example.test/token', /must not contain user info/],
    ['plain http to another host', 'http://auth.example.test/token', /must use https/],
  ])('with %s is refused when the client is created (ConfigError naming the option)', (_what, tokenUrl, message) => {
    const make = () =>
      createOnNode(
        { name: 'acme', spec: specFor(tokenUrl), optionNames: { oauth: 'token' } },
        {},
        { oauth: oauth2Option({ clientId: 'a', clientSecret: 'b' }) },
      );
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(message);
  });
});
