// Requests that fail while they are being built (a header that cannot be sent, a signer or a
// middleware that throws) are the caller's mistake, not the network's: `invalid_request`, never
// retried, nothing sent, and the value never quoted. And a caller's own idempotency key is the
// one sent, on every attempt. Real server on 127.0.0.1 (port 0), both transports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { ApiError, ConfigError, createProviderClient, type BaseClientOptions, type Credentials, type SpecFacts } from '../src/index.js';
import { nodeTransport, type NodeTransport } from '../src/node.js';
import { throughRequests } from './paths.js';
import { faults, startFaultServer, type FaultServer } from './fault-server.js';

type Op = {
  parameters: { query?: never; header?: Record<string, string>; path: { mode: string }; cookie?: never };
  requestBody: { content: { 'application/json': { name?: string } } };
  responses: { 200: { headers: Record<string, unknown>; content: { 'application/json': { id: string } } } };
};
type Paths = { '/customers/{mode}': { parameters: Op['parameters']; put: Op; post: Op } };
type AnyInit = Record<string, unknown>;

const API_KEY = 'sk_live_0a9b8c7d6e5f4a3b2c1d';
/** A secret a caller puts into a custom header: it must never reach an error. */
const SECRET = 'tenant-secret-5e6f7a8b9c0d1e2f';
const spec: SpecFacts = {
  servers: [],
  security: [{ key: [], sig: [] }],
  securitySchemes: {
    key: { type: 'apiKey', in: 'header', name: 'x-api-key' },
    sig: { type: 'apiKey', in: 'header', name: 'x-signature' },
  },
  operations: { 'PUT /customers/{mode}': ['200'], 'POST /customers/{mode}': ['200'] },
  idempotency: { 'POST /customers/{mode}': 'Idempotency-Key' },
};

/** Every text an error exposes: message, the cause chain, JSON, String, inspect, stack. */
function views(err: unknown): string[] {
  const out = [JSON.stringify(err), String(err), inspect(err, { depth: 10 }), (err as Error | undefined)?.stack ?? ''];
  let c: unknown = err;
  for (let i = 0; c && i < 6; i++) {
    out.push(String((c as { message?: unknown }).message ?? ''), typeof c === 'string' ? c : '');
    c = (c as { cause?: unknown }).cause;
  }
  return out;
}
const leaks = (err: unknown, ...secrets: string[]) => views(err).filter((v) => secrets.some((s) => v.includes(s)));

// each named explicitly: which transport is the default is not this file's concern
const globalFetch = (req: Request) => globalThis.fetch(req);
const transports: [string, () => NodeTransport | typeof globalFetch][] = [
  ['global fetch', () => globalFetch],
  ['node transport', () => nodeTransport({ connections: 4 })],
  ['node transport, Request way', () => throughRequests(nodeTransport({ connections: 4 }))],
];

describe.each(transports)('on %s', (_name, makeTransport) => {
  let server: FaultServer;
  let transport: NodeTransport | typeof globalFetch;
  let seq = 0;
  beforeAll(async () => {
    transport = makeTransport();
    server = await startFaultServer(faults(() => ({})));
  });
  afterAll(async () => {
    if ('close' in transport) await transport.close();
    await server.close();
  });

  function make(options: BaseClientOptions = {}, creds: Partial<Credentials> = {}) {
    return createProviderClient<Paths>(
      { name: 'fault', spec, optionNames: { key: 'apiKey', sig: 'signer' } },
      { baseUrl: server.url, retry: { baseDelay: 5, maxDelay: 20 }, fetch: transport, ...options },
      { key: API_KEY, sig: () => 'sig-ok', ...creds },
    );
  }
  /** A fault that would be retried (503, for every method) if anything reached the server. */
  const mode = () => `status-503~r${++seq}`;

  describe('errors raised before anything is sent', () => {
    it.each([
      ['a CR/LF in a header parameter', { params: { header: { 'X-Tenant-Secret': `${SECRET}\r\nx-injected: 1` } } }, 'X-Tenant-Secret'],
      ['a LF in a header parameter', { params: { header: { 'X-Tenant-Secret': `a\n${SECRET}` } } }, 'X-Tenant-Secret'],
      ['a CR/LF in a per-call header', { headers: { 'X-Tenant-Secret': `${SECRET}\r\nx-injected: 1` } }, 'X-Tenant-Secret'],
      ['a NUL in a per-call header', { headers: { 'X-Tenant-Secret': `${SECRET}\u0000` } }, 'X-Tenant-Secret'],
      ['a character outside Latin-1 in a per-call header', { headers: { 'X-Tenant-Secret': `${SECRET}€` } }, 'X-Tenant-Secret'],
      ['a CR/LF in one value of a repeated header', { headers: { 'X-Tenant-Secret': ['ok', `${SECRET}\r\n`] } }, 'X-Tenant-Secret'],
      ['a header name that is not a token', { headers: { 'X Tenant: 1': SECRET } }, '"X Tenant: 1"'],
    ] as [string, AnyInit, string][])(
      '%s is invalid_request naming the header, not its value; nothing sent, not retried',
      async (_n, init, named) => {
        const m = mode();
        for (const method of ['PUT', 'POST'] as const) {
          const res = await make().request(method.toLowerCase() as 'put', '/customers/{mode}', {
            params: { path: { mode: m }, ...(init.params as object) },
            body: { name: 'n' },
            ...(init.headers ? { headers: init.headers } : {}),
          });
          expect(res.error).toMatchObject({ kind: 'invalid_request', attempts: 0, status: undefined });
          expect(res.response).toBeUndefined();
          expect(res.error?.message).toContain(named);
          expect(leaks(res.error, SECRET)).toEqual([]);
        }
        // with throwOnError: an ApiError of that kind, just as clean
        const err = await make({ throwOnError: true })
          .request('put', '/customers/{mode}', {
            params: { path: { mode: m }, ...(init.params as object) },
            body: {},
            ...(init.headers ? { headers: init.headers } : {}),
          })
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(err).toBeInstanceOf(ApiError);
        expect(err).toMatchObject({ kind: 'invalid_request', attempts: 0 });
        expect(leaks(err, SECRET)).toEqual([]);
        expect(server.count(m)).toBe(0);
      },
    );

    it('a signer that throws is asked once: invalid_request naming the signer, not its message', async () => {
      let calls = 0;
      const c = make(
        {},
        {
          sig: () => {
            calls++;
            throw new Error(`signing service refused key ${SECRET}`);
          },
        },
      );
      const m = mode();
      const res = await c.POST('/customers/{mode}', { params: { path: { mode: m } }, body: {} });
      expect(res.error).toMatchObject({ kind: 'invalid_request', attempts: 0 });
      expect(res.error?.message).toMatch(/"signer" threw \(Error\)/);
      expect(leaks(res.error, SECRET)).toEqual([]);
      expect(calls).toBe(1);
      // an async signer that rejects: the same
      const rejecting = make(
        { throwOnError: true },
        { sig: async () => Promise.reject(Object.assign(new TypeError(SECRET), { code: 'E_KMS' })) },
      );
      const err = await rejecting.PUT('/customers/{mode}', { params: { path: { mode: m } }, body: {} }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ name: 'ApiError', kind: 'invalid_request', attempts: 0 });
      expect((err as Error).message).toMatch(/"signer" threw \(TypeError E_KMS\)/);
      expect(leaks(err, SECRET)).toEqual([]);
      expect(server.count(m)).toBe(0);
    });

    it('an array, an object or a Date inside an object query parameter (deepObject) is invalid_request naming the parameter and the key, not the value; nothing sent', async () => {
      for (const [inner, what] of [
        [[SECRET, 'b'], 'an array'],
        [{ deeper: SECRET }, 'an object'],
        [new Date(0), 'a Date'],
      ] as const) {
        const m = `ok~deep${++seq}`;
        const init = { params: { path: { mode: m }, query: { range: { id: inner, name: 'x' } } }, body: {} } as AnyInit;
        const res = await make().request('put', '/customers/{mode}', init as never);
        expect(res.error).toMatchObject({ kind: 'invalid_request', attempts: 0 });
        expect(res.error?.message).toBe(
          `PUT /customers/{mode}: query parameter "range" holds ${what} at "id", and how a value nested in an object (deepObject) query parameter is written is not defined by OpenAPI: give it as one string, the way the API reads it (such as "1,10"), or pass a querySerializer of your own`,
        );
        expect(leaks(res.error, SECRET)).toEqual([]);
        expect(server.count(m)).toBe(0);
      }
      // primitive values go as deepObject; a call with its own querySerializer writes the rest itself
      const m = `ok~deep${++seq}`;
      const sent = await make().request('put', '/customers/{mode}', {
        params: { path: { mode: m }, query: { range: { id: '1,10' } } },
        body: {},
      } as never);
      expect(sent.error).toBeUndefined();
      const own = await make().request('put', '/customers/{mode}', {
        params: { path: { mode: m }, query: { range: { id: [1, 10] } } },
        querySerializer: () => 'range[id]=1&range[id]=10',
        body: {},
      } as never);
      expect(own.error).toBeUndefined();
      expect(server.hits.filter((h) => h.path.endsWith(`/${m}`)).map((h) => decodeURIComponent(h.raw.split('?')[1] ?? ''))).toEqual([
        'range[id]=1,10',
        'range[id]=1&range[id]=10',
      ]);
    });

    it('a middleware that throws before sending is invalid_request, run once', async () => {
      let calls = 0;
      const c = make({
        middleware: [
          {
            onRequest() {
              calls++;
              throw new Error(`middleware broke on ${SECRET}`);
            },
          },
        ],
      });
      const m = mode();
      const res = await c.PUT('/customers/{mode}', { params: { path: { mode: m } }, body: {} });
      expect(res.error).toMatchObject({ kind: 'invalid_request', attempts: 0 });
      expect(res.error?.message).toMatch(/could not be built.*nothing was sent/);
      expect(leaks(res.error, SECRET)).toEqual([]);
      expect(calls).toBe(1);
      expect(server.count(m)).toBe(0);
    });

    it('a CR/LF in the client-level headers option is a ConfigError at construction or invalid_request at the call, never sent', async () => {
      const m = mode();
      let built: ReturnType<typeof make> | undefined;
      try {
        built = make({ headers: { 'X-Tenant-Secret': `${SECRET}\r\nx-injected: 1` } });
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        expect(leaks(e, SECRET)).toEqual([]);
      }
      if (built) {
        const res = await built.PUT('/customers/{mode}', { params: { path: { mode: m } }, body: {} });
        expect(res.error).toMatchObject({ kind: 'invalid_request', attempts: 0 });
        expect(res.error?.message).toMatch(/header/);
        expect(leaks(res.error, SECRET)).toEqual([]);
      }
      expect(server.count(m)).toBe(0);
    });

    it('a header value fetch accepts is sent as it is (the check refuses only what cannot be sent)', async () => {
      const res = await make().PUT('/customers/{mode}', {
        params: { path: { mode: 'ok' }, header: { 'X-Param': 'p 1' } },
        body: {},
        headers: { 'X-Tab': 'a\tb', 'X-Latin1': 'café', 'X-Number': 42 as unknown as string },
      });
      expect(res.error).toBeUndefined();
      const hit = server.hits.at(-1)!;
      expect(hit.headers).toMatchObject({ 'x-param': 'p 1', 'x-tab': 'a\tb', 'x-number': '42' });
    });
  });

  describe('a caller’s own Idempotency-Key', () => {
    const keysOf = (m: string) => server.hits.filter((h) => h.path.endsWith(`/${m}`)).map((h) => h.headers['idempotency-key']);
    const post = (init: AnyInit) => {
      const m = `status-502~k${++seq}`;
      return make()
        .request('post', '/customers/{mode}', { body: {}, ...init, params: { path: { mode: m }, ...(init.params as object) } })
        .then((res) => ({ res, keys: keysOf(m) }));
    };

    it.each([
      ['in headers', { headers: { 'Idempotency-Key': 'order-7-create' } }],
      ['in headers, lower case', { headers: { 'idempotency-key': 'order-7-create' } }],
      ['in a Headers object', { headers: new Headers({ 'Idempotency-Key': 'order-7-create' }) }],
      ['as a header parameter', { params: { header: { 'Idempotency-Key': 'order-7-create' } } }],
      [
        'in headers and as idempotencyKey, the same',
        { headers: { 'Idempotency-Key': 'order-7-create' }, idempotencyKey: 'order-7-create' },
      ],
    ] as [string, AnyInit][])('is sent, unchanged, on every attempt (%s)', async (_n, init) => {
      const { res, keys } = await post(init);
      // 502 on a POST is retried only because of the key: three attempts, one key
      expect(res.error).toMatchObject({ status: 502, attempts: 3 });
      expect(keys).toEqual(['order-7-create', 'order-7-create', 'order-7-create']);
    });

    it('without one, the client makes one per call, the same on every attempt', async () => {
      const a = await post({});
      const b = await post({ headers: { 'Idempotency-Key': null } });
      for (const { res, keys } of [a, b]) {
        expect(res.error).toMatchObject({ status: 502, attempts: 3 });
        expect(keys).toHaveLength(3);
        expect(new Set(keys).size).toBe(1);
        expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }
      expect(a.keys[0]).not.toBe(b.keys[0]);
    });

    it.each([
      ['empty', { headers: { 'Idempotency-Key': '' } }, /Idempotency-Key.*is empty/],
      [
        'longer than 255 characters',
        { headers: { 'Idempotency-Key': `k-${SECRET}`.padEnd(256, 'x') } },
        /Idempotency-Key.*longer than 255/,
      ],
      ['outside Latin-1', { headers: { 'Idempotency-Key': `${SECRET}-ключ` } }, /Idempotency-Key/],
      ['with CR/LF', { headers: { 'idempotency-key': `${SECRET}\r\nx: 1` } }, /idempotency-key/i],
      ['with spaces around it', { params: { header: { 'Idempotency-Key': ` ${SECRET} ` } } }, /Idempotency-Key.*whitespace/],
      ['two values', { headers: { 'Idempotency-Key': [SECRET, 'k-2'] } }, /Idempotency-Key.*one value/],
      [
        'different from idempotencyKey',
        { headers: { 'Idempotency-Key': SECRET }, idempotencyKey: 'k-2-different' },
        /Idempotency-Key.*idempotencyKey.*different/,
      ],
    ] as [string, AnyInit, RegExp][])('one that is %s is refused (invalid_request, not echoed, nothing sent)', async (_n, init, msg) => {
      const { res, keys } = await post(init);
      expect(res.error).toMatchObject({ kind: 'invalid_request', attempts: 0 });
      expect(res.error?.message).toMatch(msg);
      expect(leaks(res.error, SECRET, 'k-2-different')).toEqual([]);
      expect(keys).toEqual([]);
    });

    it('on an operation that declares no idempotency key it is an ordinary header, sent as given', async () => {
      const res = await make().PUT('/customers/{mode}', {
        params: { path: { mode: 'ok' } },
        body: {},
        headers: { 'Idempotency-Key': 'caller-own' },
      });
      expect(res.error).toBeUndefined();
      expect(server.hits.at(-1)!.headers['idempotency-key']).toBe('caller-own');
    });
  });
});
