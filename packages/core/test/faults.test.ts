// The fault suite: a client of the shared core against a real server on 127.0.0.1 that
// misbehaves on command. Each case ends in the documented error kind after the documented
// number of attempts; no secret appears in anything an error exposes; nothing is left running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { ApiError, createProviderClient, type BaseClientOptions, type SpecFacts } from '../src/index.js';
import { nodeTransport, type NodeTransport } from '../src/node.js';
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

function client(options: BaseClientOptions = {}) {
  let n = 0;
  return createProviderClient<Paths>({ name: 'fault', spec }, {
    baseUrl: server.url,
    ...(transport ? { fetch: transport } : {}),
    retry: { baseDelay: 10, maxDelay: 40, ...(typeof options.retry === 'object' ? options.retry : {}) },
    ...options,
    ...(options.retry === false ? { retry: false } : {}),
  }, {
    key: API_KEY,
    bearer: TOKEN,
    sig: ({ method, url, body }) => {
      const s = createHmac('sha256', SIGNING_KEY).update(`${++n}:${method}:${url}:${body}`).digest('hex');
      signatures.push(s);
      return s;
    },
  });
}

let seq = 0;
async function call(method: 'PUT' | 'POST', fault: string, options: BaseClientOptions = {}, init: Record<string, unknown> = {}) {
  const c = client(options);
  const mode = `${fault}~${++seq}`;
  const t0 = Date.now();
  const res = await c[method]('/customers/{mode}', { params: { path: { mode } }, body: { name: 'n' }, ...init });
  if (res.error) produced.push(res.error);
  return { ...res, ms: Date.now() - t0, hits: server.count(mode) };
}

// The whole suite runs on both transports: the global fetch and the undici pool transport.
const transports: [string, () => NodeTransport | undefined][] = [
  ['global fetch', () => undefined],
  ['node transport', () => nodeTransport({ connections: 8 })],
];
describe.each(transports)('fault suite on %s', (_transport, makeTransport) => {
  beforeAll(async () => {
    baseline = activeCount();
    process.on('unhandledRejection', onUnhandled);
    transport = makeTransport();
    server = await startFaultServer(
      faults((req) => ({ apiKey: req.headers['x-api-key'], authorization: req.headers.authorization, signature: req.headers['x-signature'] })),
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
    ['headers never sent', 'PUT', 'no-headers', { timeoutMs: 200, retry: { maxAttempts: 2 } }, 'timeout', 2, { timeout: 'attempt' }],
    ['body trickled past the timeout', 'PUT', 'trickle', { timeoutMs: 200 }, 'timeout', 3, { timeout: 'attempt' }],
    ['overall limit while an attempt is in flight', 'PUT', 'no-headers', { timeoutMs: 10_000, totalTimeoutMs: 250 }, 'timeout', 1, { timeout: 'overall' }],
    ['500', 'PUT', 'status-500', {}, 'server', 1, { status: 500, code: 'INTERNAL', message: 'boom' }],
    ['502, idempotent PUT', 'PUT', 'status-502', {}, 'server', 3, { status: 502, code: 'BAD_GATEWAY' }],
    ['502, POST', 'POST', 'status-502', {}, 'server', 1, { status: 502 }],
    ['502, POST with retryNonIdempotent', 'POST', 'status-502', { retry: { retryNonIdempotent: true } }, 'server', 3, { status: 502 }],
    ['503, POST (retried for every method)', 'POST', 'status-503', {}, 'server', 3, { status: 503 }],
    ['504, idempotent PUT', 'PUT', 'status-504', {}, 'server', 3, { status: 504 }],
    ['429 whose Retry-After is over the cap', 'PUT', '429-too-long', {}, 'rate_limited', 1, { status: 429, retryAfter: 86400, code: 'RATE' }],
    ['malformed JSON in a 200', 'PUT', 'malformed-json', {}, 'unexpected_response', 1, { message: 'response body is not valid JSON' }],
    ['empty body with an error status', 'PUT', 'empty-500', {}, 'server', 1, { status: 500, body: '' }],
    ['an HTML error page', 'PUT', 'html-502', {}, 'server', 3, { status: 502 }],
    ['a 50 MB body (declared)', 'PUT', 'big-declared', {}, 'unexpected_response', 1, {}],
    ['a 50 MB body (chunked)', 'PUT', 'big-chunked', {}, 'unexpected_response', 1, {}],
    ['a documented 404 with a request id', 'PUT', 'request-id', {}, 'not_found', 1, { status: 404, documented: true, requestId: 'req-42', code: 'NOT_FOUND' }],
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
    await expect(c.PUT('/customers/{mode}', { params: { path: { mode: 'status-503' } }, body: {}, signal: ctl.signal })).rejects.toThrow('caller gave up');
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
    const c = createProviderClient<Paths, BaseClientOptions & { throwOnError: true }>({ name: 'fault', spec }, { baseUrl: server.url, throwOnError: true, retry: false, ...(transport ? { fetch: transport } : {}) }, { key: API_KEY, bearer: TOKEN, sig: () => 'sig-value-1234' });
    const err = await c.PUT('/customers/{mode}', { params: { path: { mode: 'status-500' } }, body: {} }).then(() => undefined, (e: unknown) => e);
    produced.push(err);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ kind: 'server', status: 500, code: 'INTERNAL', attempts: 1 });
    expect(String(err)).toBe('ApiError: fault: server (HTTP 500) INTERNAL: boom');
    expect(JSON.parse(JSON.stringify(err))).toMatchObject({ kind: 'server', status: 500, message: 'fault: server (HTTP 500) INTERNAL: boom' });
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

  it('no error produced in this suite contains a secret', () => {
    expect(produced.length).toBeGreaterThan(20);
    const secrets = [API_KEY, TOKEN, SIGNING_KEY, ...signatures];
    for (const e of produced) {
      const views = [JSON.stringify(e), String(e), inspect(e, { depth: 10 }), (e as Error).stack ?? '', String((e as { message?: string }).message)];
      for (const s of secrets) for (const v of views) expect(v.includes(s), `secret ${s.slice(0, 6)}… in ${v.slice(0, 120)}`).toBe(false);
    }
  });

  it('leaves no unhandled rejection, timer or socket behind', async () => {
    await transport?.close();
    await server.close();
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
