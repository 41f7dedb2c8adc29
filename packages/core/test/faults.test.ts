// The fault suite: a client of the shared core against a real server on 127.0.0.1 that
// misbehaves on command. Each case ends in the documented error kind after the documented
// number of attempts; no secret appears in anything an error exposes; nothing is left running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { ApiError, ConfigError, createProviderClient, type BaseClientOptions, type Credentials, type SpecFacts } from '../src/index.js';
import { nodeTransport, type NodeTransport } from '../src/node.js';
import { SecretSet } from '../src/redact.js';
import { throughRequests } from './paths.js';
import { faults, refusedUrl, startFaultServer, type FaultServer } from './fault-server.js';

type Op = {
  parameters: { query?: never; header?: never; path: { mode: string }; cookie?: never };
  requestBody: { content: { 'application/json': { name?: string } } };
  responses: {
    200: { headers: Record<string, unknown>; content: { 'application/json': { id: string } } };
    404: { headers: Record<string, unknown>; content: { 'application/json': { error: { code: string; message: string } } } };
  };
};
type Paths = { '/customers/{mode}': { parameters: Op['parameters']; put: Op; post: Op } };

const API_KEY = 'sk_live_8f3a2b1c9d7e6f5a4b3c';
const TOKEN = 'tok_live_1a2b3c4d5e6f7a8b9c0d';
const SIGNING_KEY = 'signing-key-never-sent';
const spec: SpecFacts = {
  servers: ['https://api.fault.test'],
  security: [{ key: [], bearer: [], sig: [] }],
  securitySchemes: {
    key: { type: 'apiKey', in: 'header', name: 'x-api-key' },
    bearer: { type: 'http', scheme: 'bearer' },
    sig: { type: 'apiKey', in: 'header', name: 'x-signature' },
  },
  operations: { 'PUT /customers/{mode}': ['200', '404'], 'POST /customers/{mode}': ['200', '404'] },
};

let server: FaultServer;
let elsewhere: FaultServer; // another origin: the redirect faults point here; it must never be reached
let transport: NodeTransport | undefined; // undefined: the global fetch
const signatures: string[] = [];
const produced: unknown[] = []; // every error the suite sees, for the redaction check
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);
let baseline: { timers: number; sockets: number };

const activeCount = () => {
  const info = process.getActiveResourcesInfo();
  return { timers: info.filter((r) => r === 'Timeout').length, sockets: info.filter((r) => r === 'TCPSocketWrap').length };
};

function client(options: BaseClientOptions = {}, facts: SpecFacts = spec) {
  let n = 0;
  return createProviderClient<Paths>(
    { name: 'fault', spec: facts, optionNames: { key: 'apiKey', bearer: 'token', sig: 'signer' } },
    {
      baseUrl: server.url,
      ...(transport ? { fetch: transport } : {}),
      retry: { baseDelay: 10, maxDelay: 40, ...(typeof options.retry === 'object' ? options.retry : {}) },
      ...options,
      ...(options.retry === false ? { retry: false } : {}),
    },
    {
      key: API_KEY,
      bearer: TOKEN,
      sig: ({ method, url, body }) => {
        const s = createHmac('sha256', SIGNING_KEY).update(`${++n}:${method}:${url}:${body}`).digest('hex');
        signatures.push(s);
        return s;
      },
    },
  );
}

let seq = 0;
async function call(
  method: 'PUT' | 'POST',
  fault: string,
  options: BaseClientOptions = {},
  init: Record<string, unknown> = {},
  facts: SpecFacts = spec,
) {
  const c = client(options, facts);
  const mode = `${fault}~${++seq}`;
  const t0 = Date.now();
  const res = await c[method]('/customers/{mode}', { params: { path: { mode } }, body: { name: 'n' }, ...init });
  if (res.error) produced.push(res.error);
  return { ...res, ms: Date.now() - t0, hits: server.count(mode) };
}

// The whole suite runs on both transports and both ways (docs/clients.md, "The fast path"): the
// global fetch (the Request way), the undici pool transport (the fast path), and the same pool
// reached through Requests (the Request way on Node, as with a user middleware).
const transports: [string, () => NodeTransport | undefined][] = [
  ['global fetch', () => undefined],
  ['node transport', () => nodeTransport({ connections: 8 })],
  ['node transport, Request way', () => throughRequests(nodeTransport({ connections: 8 }))],
];
describe.each(transports)('fault suite on %s', (_transport, makeTransport) => {
  beforeAll(async () => {
    baseline = activeCount();
    process.on('unhandledRejection', onUnhandled);
    transport = makeTransport();
    elsewhere = await startFaultServer(faults(() => ({})));
    server = await startFaultServer(
      faults(
        (req) => ({ apiKey: req.headers['x-api-key'], authorization: req.headers.authorization, signature: req.headers['x-signature'] }),
        () => elsewhere.url,
      ),
    );
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  it.each([
    // [case, method, fault, client options, kind, attempts, extra expectations]
    ['connection refused (POST too: nothing was sent)', 'POST', 'refused', {}, 'network', 3, { status: undefined }],
    ['socket reset mid-body, idempotent PUT', 'PUT', 'reset-mid-body', {}, 'network', 3, {}],
    ['socket reset mid-body, POST', 'POST', 'reset-mid-body', {}, 'network', 1, {}],
    // 1 s, not less: on a loaded machine the server must have seen the attempt before it times out
    ['headers never sent', 'PUT', 'no-headers', { timeoutMs: 1000, retry: { maxAttempts: 2 } }, 'timeout', 2, { timeout: 'attempt' }],
    ['body trickled past the timeout', 'PUT', 'trickle', { timeoutMs: 200 }, 'timeout', 3, { timeout: 'attempt' }],
    [
      'overall limit while an attempt is in flight',
      'PUT',
      'no-headers',
      { timeoutMs: 10_000, totalTimeoutMs: 250 },
      'timeout',
      1,
      { timeout: 'overall' },
    ],
    ['500', 'PUT', 'status-500', {}, 'server', 1, { status: 500, code: 'INTERNAL', message: 'boom' }],
    ['502, idempotent PUT', 'PUT', 'status-502', {}, 'server', 3, { status: 502, code: 'BAD_GATEWAY' }],
    ['502, POST', 'POST', 'status-502', {}, 'server', 1, { status: 502 }],
    ['502, POST with retryNonIdempotent', 'POST', 'status-502', { retry: { retryNonIdempotent: true } }, 'server', 3, { status: 502 }],
    ['503, POST (retried for every method)', 'POST', 'status-503', {}, 'server', 3, { status: 503 }],
    ['504, idempotent PUT', 'PUT', 'status-504', {}, 'server', 3, { status: 504 }],
    [
      '429 whose Retry-After is over the cap',
      'PUT',
      '429-too-long',
      {},
      'rate_limited',
      1,
      { status: 429, retryAfter: 86400, code: 'RATE' },
    ],
    ['malformed JSON in a 200', 'PUT', 'malformed-json', {}, 'unexpected_response', 1, { message: 'response body is not valid JSON' }],
    ['empty body with an error status', 'PUT', 'empty-500', {}, 'server', 1, { status: 500, body: '' }],
    ['an HTML error page', 'PUT', 'html-502', {}, 'server', 3, { status: 502 }],
    ['a 50 MB body (declared)', 'PUT', 'big-declared', {}, 'unexpected_response', 1, {}],
    ['a 50 MB body (chunked)', 'PUT', 'big-chunked', {}, 'unexpected_response', 1, {}],
    [
      'a documented 404 with a request id',
      'PUT',
      'request-id',
      {},
      'not_found',
      1,
      { status: 404, documented: true, requestId: 'req-42', code: 'NOT_FOUND' },
    ],
  ] as const)('%s', async (_name, method, fault, options, kind, attempts, extra) => {
    const opts = fault === 'refused' ? { ...options, baseUrl: await refusedUrl() } : options;
    const res = await call(method, fault, opts as BaseClientOptions);
    expect(res.data).toBeUndefined();
    expect(res.error).toMatchObject({ provider: 'fault', kind, attempts, ...extra });
    expect(typeof res.error?.message).toBe('string');
    if (fault !== 'refused') expect(res.hits).toBe(attempts);
    if (fault === 'html-502') expect(res.error?.message).toMatch(/HTML page/);
    if (fault === 'empty-500') expect(res.error?.message).toMatch(/empty body/);
    if (fault.startsWith('big')) expect(res.error?.message).toMatch(/larger than 10485760 bytes/);
    // a failure after the response head arrived keeps that response for the caller (the node
    // transport reads a body before it answers, so a reset mid-body has no response there)
    if (kind !== 'network' && kind !== 'timeout' && fault !== 'big-declared') expect(res.response?.status).toBeGreaterThanOrEqual(200);
  });

  it('reads a success body by its Content-Type: text as a string, other non-JSON types as a Blob; parseAs still wins', async () => {
    const html = await call('PUT', 'html-200');
    expect(html.error).toBeUndefined();
    expect(html.data).toBe('<p>Hello <strong>world</strong></p>');
    expect(html.response?.status).toBe(200);
    const binary = await call('PUT', 'binary-200');
    expect(binary.error).toBeUndefined();
    expect(binary.data).toBeInstanceOf(Blob);
    expect([...new Uint8Array(await (binary.data as unknown as Blob).arrayBuffer())]).toEqual([0xde, 0xad, 0xbe, 0xef]);
    const asText = await call('PUT', 'binary-200', {}, { parseAs: 'arrayBuffer' });
    expect(asText.data).toBeInstanceOf(ArrayBuffer);
  });

  it('a 205 or 304 has no content whatever its Content-Length says: no data, no error (was a JSON parse failure)', async () => {
    const res = await call('PUT', 'reset-205');
    expect(res.error).toBeUndefined();
    expect(res.data).toBeUndefined();
    expect(res.response?.status).toBe(205);
  });

  it('recovers when a retry succeeds, signing each attempt afresh', async () => {
    const before = signatures.length;
    const res = await call('POST', 'flaky-503');
    expect(res.error).toBeUndefined();
    expect(res.data).toEqual({ id: 'c1' });
    const sent = server.hits.filter((h) => h.path.includes('/flaky-503~')).map((h) => h.headers['x-signature']);
    expect(sent).toHaveLength(2);
    expect(sent[0]).not.toBe(sent[1]);
    expect(signatures.slice(before)).toEqual(sent);
  });

  it.each([
    ['seconds', '429-seconds', 950],
    ['an HTTP date', '429-date', 450],
  ])('honours Retry-After given as %s', async (_form, fault, atLeast) => {
    const res = await call('PUT', fault);
    expect(res.error).toBeUndefined();
    expect(res.hits).toBe(2);
    expect(res.ms).toBeGreaterThanOrEqual(atLeast);
  });

  it('per-call options override the client: retry false means one attempt', async () => {
    const res = await call('PUT', 'status-503', {}, { retry: false });
    expect(res.error).toMatchObject({ kind: 'server', attempts: 1 });
  });

  it('the caller’s AbortSignal cancels the wait between attempts', async () => {
    const ctl = new AbortController();
    const c = client({ retry: { baseDelay: 5_000, maxDelay: 5_000 } });
    const t0 = Date.now();
    setTimeout(() => ctl.abort(new Error('caller gave up')), 150);
    await expect(c.PUT('/customers/{mode}', { params: { path: { mode: 'status-503' } }, body: {}, signal: ctl.signal })).rejects.toThrow(
      'caller gave up',
    );
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it('the caller’s AbortSignal cancels the request in flight', async () => {
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(new Error('cancelled')), 100);
    await expect(
      client().PUT('/customers/{mode}', { params: { path: { mode: 'no-headers' } }, body: {}, signal: ctl.signal }),
    ).rejects.toThrow('cancelled');
  });

  it('throwOnError throws an ApiError with the same normalized fields', async () => {
    const c = createProviderClient<Paths, BaseClientOptions & { throwOnError: true }>(
      { name: 'fault', spec },
      { baseUrl: server.url, throwOnError: true, retry: false, ...(transport ? { fetch: transport } : {}) },
      { key: API_KEY, bearer: TOKEN, sig: () => 'sig-value-1234' },
    );
    const err = await c.PUT('/customers/{mode}', { params: { path: { mode: 'status-500' } }, body: {} }).then(
      () => undefined,
      (e: unknown) => e,
    );
    produced.push(err);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ kind: 'server', status: 500, code: 'INTERNAL', attempts: 1 });
    expect(String(err)).toBe('ApiError: fault: server (HTTP 500) INTERNAL: boom');
    expect(JSON.parse(JSON.stringify(err))).toMatchObject({
      kind: 'server',
      status: 500,
      message: 'fault: server (HTTP 500) INTERNAL: boom',
    });
    const ok = await c.PUT('/customers/{mode}', { params: { path: { mode: 'ok' } }, body: {} });
    expect(ok.data).toEqual({ id: 'c1' });
  });

  it('redacts credentials a server echoes back, in JSON and in HTML', async () => {
    const json = await call('PUT', 'echo-401');
    const html = await call('PUT', 'echo-html-500');
    expect(json.error).toMatchObject({ kind: 'auth', status: 401 });
    expect(html.error).toMatchObject({ kind: 'server', status: 500 });
    expect(json.error?.message).toContain('[REDACTED]');
    expect(JSON.stringify(json.error?.body)).toContain('[REDACTED]');
    expect(String(html.error?.body)).toContain('[REDACTED]');
    // the server did receive them: the redaction below is not vacuous
    expect(JSON.stringify(server.hits.at(-1)?.headers)).toContain(TOKEN);
  });

  it("escapes terminal control characters and bidi overrides in the server's code, message and request id it puts into the error", async () => {
    const res = await call('PUT', 'escapes-400');
    expect(res.error).toMatchObject({
      kind: 'validation',
      code: 'E\\u001b[31mRED',
      message: 'bad \\u001b]0;pwned\\u0007 input\\u009b2J \\u202eesrever',
    });
    // the request id: the C1 controls the header carried written out (Node's server sent them as UTF-8, read as Latin-1)
    expect(res.error?.requestId).toMatch(/^req.?\\u009b2J.?\\u009d0;pwned.?\\u009c-1$/);
    expect(String(res.error)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    // the body is the server's data, as it came
    expect(JSON.stringify(res.error?.body)).toContain('\\u001b]0;pwned');
  });

  it('redacts a credential a server echoes as its error code and as the request id', async () => {
    const res = await call('PUT', 'echo-code-401');
    expect(res.error).toMatchObject({ kind: 'auth', status: 401, code: '[REDACTED]', requestId: '[REDACTED]' });
    for (const text of [JSON.stringify(res.error), String(res.error), inspect(res.error, { depth: 10 })]) {
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain(TOKEN);
    }
  });

  it('redacts credentials a server echoes nested 30 levels deep in a JSON body', async () => {
    const deep = await call('PUT', 'echo-deep-401');
    expect(deep.error).toMatchObject({ kind: 'auth', status: 401 });
    const text = JSON.stringify(deep.error?.body);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(API_KEY);
    expect(inspect(deep.error, { depth: Number.POSITIVE_INFINITY })).not.toContain(TOKEN);
    expect(JSON.stringify(server.hits.at(-1)?.headers)).toContain(TOKEN);
  });

  // ---- issue 14: hardening ----------------------------------------------------------------

  it.each([
    ['PUT', 'redirect-301'],
    ['PUT', 'redirect-302'],
    ['POST', 'redirect-303'],
    ['PUT', 'redirect-307'],
    ['POST', 'redirect-308'],
    ['PUT', 'redirect-same-origin'],
  ] as const)('never follows a redirect: %s %s comes back as a 3xx error with its Location', async (method, fault) => {
    const res = await call(method, fault);
    expect(res.error).toMatchObject({ kind: 'unexpected_response', attempts: 1, status: Number(fault.match(/\d+/)?.[0] ?? 307) });
    expect(res.error?.message).toMatch(/a redirect, not followed/);
    expect(res.response?.headers.get('location')).toMatch(
      fault === 'redirect-same-origin' ? /^\/customers\/ok$/ : /^http:\/\/127\.0\.0\.1:\d+\/customers\//,
    );
    expect(res.hits).toBe(1);
    expect(elsewhere.hits).toEqual([]);
  });

  it.each([
    ['apiKey in a header', { key: { type: 'apiKey', in: 'header', name: 'x-api-key' } }, { key: API_KEY }],
    ['apiKey in the query', { q: { type: 'apiKey', in: 'query', name: 'api_key' } }, { q: API_KEY }],
    ['apiKey in a cookie', { c: { type: 'apiKey', in: 'cookie', name: 'sid' } }, { c: API_KEY }],
    ['HTTP bearer', { b: { type: 'http', scheme: 'bearer' } }, { b: TOKEN }],
    ['HTTP basic', { basic: { type: 'http', scheme: 'basic' } }, { basic: { username: 'user-1', password: TOKEN } }],
    ['oauth2 token', { o: { type: 'oauth2' } }, { o: TOKEN }],
    ['a signer function', { sig: { type: 'apiKey', in: 'header', name: 'x-signature' } }, { sig: () => `sig-${TOKEN}` }],
  ] as [string, SpecFacts['securitySchemes'], Credentials][])(
    'a 307/308 to another origin never carries %s there',
    async (_kind, schemes, creds) => {
      const facts: SpecFacts = {
        servers: [],
        security: [Object.fromEntries(Object.keys(schemes).map((k) => [k, []]))],
        securitySchemes: schemes,
      };
      const c = createProviderClient<Paths>(
        { name: 'fault', spec: facts },
        { baseUrl: server.url, ...(transport ? { fetch: transport } : {}) },
        creds,
      );
      for (const status of [307, 308]) {
        const mode = `redirect-${status}~${++seq}`;
        const res = await c.PUT('/customers/{mode}', { params: { path: { mode } }, body: { name: 'n' } });
        produced.push(res.error);
        expect(res.error).toMatchObject({ status, kind: 'unexpected_response' });
        // the first origin did get the credential (the check below is not vacuous)
        const hit = server.hits.find((h) => h.path.endsWith(`/${mode}`))!;
        const basic = Buffer.from(`user-1:${TOKEN}`).toString('base64');
        expect([hit.raw, JSON.stringify(hit.headers)].join(' ')).toMatch(new RegExp(`${API_KEY}|${TOKEN}|${basic}`));
      }
      expect(elsewhere.hits).toEqual([]);
    },
  );

  it.each(['/', '?', '#', '%', '%2e%2e', '%2F', 'ü-名前', '..x', '...', '.x', 'a b', 'a/../b', '?x=1#f', '~1'])(
    'a path parameter %j arrives as exactly one percent-encoded segment',
    async (value) => {
      const before = server.hits.length;
      await client({ retry: false }).PUT('/customers/{mode}', { params: { path: { mode: value } }, body: {} });
      expect(server.hits.length).toBe(before + 1);
      expect(server.hits.at(-1)!.raw).toBe(`/customers/${encodeURIComponent(value)}`);
    },
  );

  it.each([
    ['empty', ''],
    ['"."', '.'],
    ['".."', '..'],
    ['missing', undefined],
  ])('a path parameter that would change the path (%s) is refused before any request', async (_n, value) => {
    const before = server.hits.length;
    const res = await client().PUT('/customers/{mode}', { params: { path: { mode: value as string } }, body: {} });
    produced.push(res.error);
    expect(res.error).toMatchObject({ kind: 'invalid_request', attempts: 0, status: undefined });
    expect(res.error?.message).toMatch(/path parameter "mode"/);
    expect(res.response).toBeUndefined();
    expect(server.hits.length).toBe(before);
    const throwing = createProviderClient<Paths, BaseClientOptions & { throwOnError: true }>(
      { name: 'fault', spec },
      { baseUrl: server.url, throwOnError: true },
      { key: API_KEY, bearer: TOKEN, sig: () => 'sig-1234' },
    );
    await expect(throwing.PUT('/customers/{mode}', { params: { path: { mode: value as string } }, body: {} })).rejects.toMatchObject({
      name: 'ApiError',
      kind: 'invalid_request',
    });
  });

  it.each([
    ['CR/LF (header injection)', 'key', 'apiKey', `${API_KEY}\r\nx-injected: 1`],
    ['a trailing newline', 'bearer', 'token', `${TOKEN}\n`],
    ['a character outside Latin-1', 'bearer', 'token', `${TOKEN}€`],
    ['a NUL', 'key', 'apiKey', `${API_KEY}\u0000`],
    ['surrounding spaces', 'key', 'apiKey', ` ${API_KEY}`],
  ])('a credential with %s is a ConfigError at construction naming the option, not the value', (_n, scheme, option, value) => {
    const before = server.hits.length;
    const make = () =>
      createProviderClient<Paths>(
        { name: 'fault', spec, optionNames: { key: 'apiKey', bearer: 'token', sig: 'signer' } },
        { baseUrl: server.url },
        { key: API_KEY, bearer: TOKEN, sig: () => 'sig-1234', [scheme]: value },
      );
    const err = (() => {
      try {
        make();
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    produced.push(err);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.option).toBe(option);
    expect(err.message).toContain(`"${option}"`);
    for (const view of [err.message, String(err), JSON.stringify(err), inspect(err)]) expect(view).not.toContain(value.trim().slice(0, 12));
    expect(server.hits.length).toBe(before);
  });

  it.each([
    ['a username with ":"', { username: 'ann:admin', password: 'pw-123456' }, /contains ":"/],
    ['a password with CR/LF', { username: 'ann', password: 'pw\r\n123456' }, /control character/],
  ])('HTTP Basic with %s is refused at construction', (_n, cred, msg) => {
    const facts: SpecFacts = { servers: [], security: [{ basic: [] }], securitySchemes: { basic: { type: 'http', scheme: 'basic' } } };
    const make = () => createProviderClient<Paths>({ name: 'fault', spec: facts }, { baseUrl: server.url }, { basic: cred });
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(msg);
  });

  it.each([
    ['CR/LF', 'sig\r\nx-injected: 1'],
    ['a character outside Latin-1', 'sig-Ω'],
    ['an empty string', ''],
  ])('a signer that returns %s fails the call at once (invalid_request, nothing sent, not retried)', async (_n, bad) => {
    let calls = 0;
    const before = server.hits.length;
    const c = createProviderClient<Paths>(
      { name: 'fault', spec, optionNames: { sig: 'signer' } },
      { baseUrl: server.url, ...(transport ? { fetch: transport } : {}) },
      {
        key: API_KEY,
        bearer: TOKEN,
        sig: () => {
          calls++;
          return bad;
        },
      },
    );
    const res = await c.PUT('/customers/{mode}', { params: { path: { mode: 'ok' } }, body: {} });
    produced.push(res.error);
    expect(res.error).toMatchObject({ kind: 'invalid_request', attempts: 0 });
    expect(res.error?.message).toMatch(/"signer" returned a value that/);
    if (bad) expect(JSON.stringify(res.error)).not.toContain(bad.slice(0, 5));
    expect(calls).toBe(1);
    expect(server.hits.length).toBe(before);
  });

  it('refuses user info in baseUrl without echoing it', () => {
    const password = 'pa55-in-the-url-secret';
    const baseUrl = server.url.replace('http://', `http://admin:${password}@`);
    const before = server.hits.length;
    const err = (() => {
      try {
        client({ baseUrl });
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    produced.push(err);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.option).toBe('baseUrl');
    expect(err.message).toMatch(/must not contain user info/);
    for (const view of [err.message, String(err), JSON.stringify(err), inspect(err), err.stack ?? '']) {
      expect(view).not.toContain(password);
      expect(view).not.toContain('admin');
    }
    expect(server.hits.length).toBe(before);
  });

  it.each(['gzip-ok', 'deflate-ok', 'raw-deflate-ok', 'br-ok', 'zstd-ok', 'gzip-then-br-ok'])('decodes a %s body', async (fault) => {
    const res = await call('PUT', fault);
    expect(res.error).toBeUndefined();
    expect(res.data).toEqual({ id: 'c1', note: 'decoded' });
  });

  it('a body that does not decode is an unexpected_response, not retried', async () => {
    const res = await call('PUT', 'corrupt-gzip');
    expect(res.error).toMatchObject({
      kind: 'unexpected_response',
      attempts: 1,
      message: 'response body could not be decoded (Content-Encoding gzip)',
    });
    expect(res.hits).toBe(1);
  });

  it('counts the decoded bytes: a 20 kB gzip body that decodes to 20 MiB is refused', async () => {
    const res = await call('PUT', 'gzip-bomb');
    expect(Number(res.response?.headers.get('content-length') ?? 0)).toBeLessThan(100_000);
    expect(res.error).toMatchObject({ kind: 'unexpected_response', attempts: 1, message: 'response body larger than 10485760 bytes' });
    expect(res.data).toBeUndefined();
    // decoding 10 MiB on the global fetch takes seconds on a loaded 2-core machine: not a speed test
  }, 30_000);

  it('an undefined retry field keeps the default', async () => {
    const res = await call(
      'PUT',
      'status-503',
      { retry: { maxAttempts: undefined, baseDelay: undefined } },
      { retry: { maxDelay: undefined } },
    );
    expect(res.error).toMatchObject({ kind: 'server', attempts: 3 });
    expect(res.hits).toBe(3);
  });

  it.each([
    ['maxAttempts', NaN],
    ['maxAttempts', 0],
    ['maxAttempts', -1],
    ['maxAttempts', 1.5],
    ['maxAttempts', Infinity],
    ['baseDelay', NaN],
    ['baseDelay', -5],
    ['baseDelay', Infinity],
    ['maxDelay', NaN],
    ['maxRetryAfter', -1],
    ['retryNonIdempotent', 'yes'],
  ])('retry.%s = %s is a ConfigError naming the field, on the client and per call', async (field, value) => {
    const before = server.hits.length;
    expect(() => client({ retry: { [field]: value } })).toThrow(ConfigError);
    expect(() => client({ retry: { [field]: value } })).toThrow(`retry.${field}`);
    const err = await client()
      .PUT('/customers/{mode}', { params: { path: { mode: 'ok' } }, body: {}, retry: { [field]: value } })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).option).toBe(`retry.${field}`);
    expect(server.hits.length).toBe(before);
  });

  it.each([NaN, -1, 2 ** 31])('a per-call timeoutMs of %s is a ConfigError', async (value) => {
    await expect(client().PUT('/customers/{mode}', { params: { path: { mode: 'ok' } }, body: {}, timeoutMs: value })).rejects.toThrow(
      /timeoutMs must be a positive number/,
    );
  });

  const idempotent: SpecFacts = { ...spec, idempotency: { 'POST /customers/{mode}': 'Idempotency-Key' } };
  it.each([
    ['POST, no idempotency key: sent once', 'POST', spec, {}, 1],
    ['PUT (idempotent): retried', 'PUT', spec, {}, 3],
    ['POST with retryNonIdempotent: retried', 'POST', spec, { retry: { retryNonIdempotent: true } }, 3],
    ['POST of an operation with an idempotency key: retried', 'POST', idempotent, {}, 3],
  ] as const)('the server reads the body, then drops the connection: %s', async (_n, method, facts, options, attempts) => {
    const res = await call(method, 'read-then-reset', options as BaseClientOptions, {}, facts);
    expect(res.error).toMatchObject({ kind: 'network', attempts });
    expect(res.hits).toBe(attempts);
  });

  it('sends one idempotency key per call, the same on every attempt; a caller may pass their own', async () => {
    const keysOf = (mode: string) => server.hits.filter((h) => h.path.endsWith(`/${mode}`)).map((h) => h.headers['idempotency-key']);
    const modes: string[] = [];
    for (const own of [undefined, undefined, 'order-42-create']) {
      const mode = `status-502~${++seq}`;
      modes.push(mode);
      const res = await client({}, idempotent).POST('/customers/{mode}', {
        params: { path: { mode } },
        body: {},
        ...(own ? { idempotencyKey: own } : {}),
      });
      expect(res.error).toMatchObject({ status: 502, attempts: 3 });
    }
    const [a, b, own] = modes.map(keysOf);
    expect(a).toHaveLength(3);
    expect(new Set(a).size).toBe(1);
    expect(a![0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(b).size).toBe(1);
    expect(b![0]).not.toBe(a![0]);
    expect(own).toEqual(['order-42-create', 'order-42-create', 'order-42-create']);
    // the PUT of the same spec declares none: no key sent
    await client({}, idempotent).PUT('/customers/{mode}', { params: { path: { mode: 'ok' } }, body: {} });
    expect(server.hits.at(-1)!.headers['idempotency-key']).toBeUndefined();
  });

  it('refuses an idempotencyKey for an operation that declares no idempotency header, or one that cannot be sent', async () => {
    const before = server.hits.length;
    const none = await client().POST('/customers/{mode}', { params: { path: { mode: 'ok' } }, body: {}, idempotencyKey: 'k-1' });
    expect(none.error).toMatchObject({ kind: 'invalid_request', attempts: 0 });
    expect(none.error?.message).toMatch(/declares no idempotency key header/);
    const bad = await client({}, idempotent).POST('/customers/{mode}', {
      params: { path: { mode: 'ok' } },
      body: {},
      idempotencyKey: 'k\r\n1',
    });
    expect(bad.error).toMatchObject({ kind: 'invalid_request', attempts: 0 });
    expect(server.hits.length).toBe(before);
  });

  describe('per-operation security', () => {
    type AnyClient = {
      request: (
        m: 'put',
        p: string,
        i: Record<string, unknown>,
      ) => Promise<{ error?: { kind: string; message: string; attempts: number } | undefined }>;
    };
    const facts: SpecFacts = {
      servers: [],
      security: [], // the document declares none: each operation names its own
      operationSecurity: {
        'PUT /key/{mode}': [{ key: [] }],
        'PUT /bearer/{mode}': [{ bearer: [] }],
        'PUT /oauth/{mode}': [{ oauth: [] }],
        'PUT /either/{mode}': [{ oauth: [] }, { key: [] }],
        'PUT /public/{mode}': [],
      },
      securitySchemes: {
        key: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        bearer: { type: 'http', scheme: 'bearer' },
        oauth: { type: 'oauth2' },
      },
      operations: {
        'PUT /key/{mode}': ['200'],
        'PUT /bearer/{mode}': ['200'],
        'PUT /oauth/{mode}': ['200'],
        'PUT /either/{mode}': ['200'],
        'PUT /public/{mode}': ['200'],
        'PUT /doc/{mode}': ['200'],
      },
    };
    const OAUTH = 'oauth_access_token_5f4e3d2c1b';
    const make = (creds: Credentials) =>
      createProviderClient<Record<string, any>>(
        { name: 'fault', spec: facts, optionNames: { key: 'apiKey', bearer: 'token', oauth: 'accessToken' } },
        { baseUrl: server.url, retry: false, ...(transport ? { fetch: transport } : {}) },
        creds,
      ) as unknown as AnyClient;
    const sent = async (c: AnyClient, op: string) => {
      const before = server.hits.length;
      const res = await c.request('put', `/${op}/{mode}`, { params: { path: { mode: 'ok' } }, body: {} });
      if (res.error) produced.push(res.error);
      const hit = server.hits.length > before ? server.hits.at(-1)! : undefined;
      return { res, key: hit?.headers['x-api-key'], authorization: hit?.headers.authorization, reached: hit !== undefined };
    };

    it('applies each operation’s own scheme: apiKey, bearer, oauth2 as bearer, the first satisfiable alternative, none for []', async () => {
      const c = make({ key: API_KEY, bearer: TOKEN, oauth: OAUTH });
      expect(await sent(c, 'key')).toMatchObject({ key: API_KEY, authorization: undefined });
      expect(await sent(c, 'bearer')).toMatchObject({ key: undefined, authorization: `Bearer ${TOKEN}` });
      expect(await sent(c, 'oauth')).toMatchObject({ key: undefined, authorization: `Bearer ${OAUTH}` });
      expect(await sent(c, 'either')).toMatchObject({ key: undefined, authorization: `Bearer ${OAUTH}` });
      expect(await sent(make({ key: API_KEY }), 'either')).toMatchObject({ key: API_KEY, authorization: undefined });
      expect(await sent(c, 'public')).toMatchObject({ reached: true, key: undefined, authorization: undefined });
      // an operation without its own security takes the document's (none here)
      expect(await sent(c, 'doc')).toMatchObject({ reached: true, key: undefined, authorization: undefined });
    });

    it('a missing credential for an operation that needs one is an error naming the option, before any request', async () => {
      const c = make({ key: API_KEY }); // constructs: some operations can be called
      const res = await sent(c, 'bearer');
      expect(res.reached).toBe(false);
      expect(res.res.error).toMatchObject({ kind: 'invalid_request', attempts: 0 });
      expect(res.res.error?.message).toBe('PUT /bearer/{mode} needs credentials: provide token');
      expect((await sent(c, 'key')).key).toBe(API_KEY);
    });

    it('the document’s security still applies to operations without their own, and is checked at construction', () => {
      const withDoc: SpecFacts = { ...facts, security: [{ bearer: [] }] };
      const build = () =>
        createProviderClient<Record<string, any>>(
          { name: 'fault', spec: withDoc, optionNames: { bearer: 'token' } },
          { baseUrl: server.url },
          { key: API_KEY },
        );
      expect(build).toThrow(ConfigError);
      expect(build).toThrow(/missing credentials: provide token/);
    });
  });

  it('redacts each call’s own signature however many calls are in flight (64 at once, the server echoing them)', async () => {
    // per-request values were kept as the last 32 only: the 33rd signature pushed out the first
    // before its call's error was built, and that error quoted it
    const c = client({ retry: false });
    const results = await Promise.all(
      Array.from({ length: 64 }, () =>
        c.PUT('/customers/{mode}', { params: { path: { mode: `echo-401~${++seq}` } }, body: { name: 'n' } }),
      ),
    );
    for (const res of results) produced.push(res.error);
    const quoting = results.filter((res) => signatures.some((sig) => JSON.stringify(res.error).includes(sig)));
    expect(quoting).toHaveLength(0);
    expect(results.every((res) => JSON.stringify(res.error?.body).includes('[REDACTED]'))).toBe(true);
  });

  it('no error produced in this suite contains a secret', () => {
    expect(produced.length).toBeGreaterThan(20);
    const secrets = [API_KEY, TOKEN, SIGNING_KEY, 'oauth_access_token_5f4e3d2c1b', ...signatures];
    const leaks: string[] = [];
    for (const e of produced) {
      const views = [
        JSON.stringify(e),
        String(e),
        inspect(e, { depth: 10 }),
        (e as Error).stack ?? '',
        String((e as { message?: string }).message),
      ];
      for (const s of secrets) for (const v of views) if (v.includes(s)) leaks.push(`secret ${s.slice(0, 6)}… in ${v.slice(0, 120)}`);
    }
    expect(leaks).toEqual([]);
  });

  it('leaves no unhandled rejection, timer or socket behind', async () => {
    await transport?.close();
    await server.close();
    await elsewhere.close();
    let now = activeCount();
    for (let i = 0; i < 40 && (now.timers > baseline.timers || now.sockets > baseline.sockets); i++) {
      await new Promise((r) => setTimeout(r, 50));
      now = activeCount();
    }
    expect(unhandled).toEqual([]);
    expect(now.timers).toBeLessThanOrEqual(baseline.timers);
    expect(now.sockets).toBeLessThanOrEqual(baseline.sockets);
  });
});

describe('SecretSet.redact (what every error body goes through)', () => {
  it('a value nested deeper than it walks is redacted whole, never returned as it came', () => {
    const secrets = new SecretSet();
    secrets.add(TOKEN);
    let deep: unknown = { echoed: TOKEN, password: 'not-known-to-the-client' };
    for (let i = 0; i < 100; i++) deep = { detail: deep };
    const out = JSON.stringify(secrets.redact({ error: { message: 'no' }, deep }));
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain('not-known-to-the-client');
    expect(out).toContain('"error":{"message":"no"}');
  });
});
