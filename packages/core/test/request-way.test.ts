// The Request way (a `fetch` that takes Requests: the global fetch, a custom one, or any call
// with a user middleware) against a real server on 127.0.0.1: the Request the client built for
// an attempt is the one sent (no copy of it and of its body per attempt), and a Request built by
// anyone else (a middleware, the caller's own `Request` class) is copied once, with redirects
// never followed and the attempt's own signal. test/abort-gc.test.ts checks that signal after a
// garbage collection; faults.test.ts the redirects on every transport.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProviderClient, type BaseClientOptions, type SpecFacts } from '../src/index.js';
import { faults, startFaultServer, type FaultServer } from './fault-server.js';

const spec: SpecFacts = {
  servers: ['https://api.request-way.test'],
  security: [{ bearer: [] }],
  securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
  operations: { 'PUT /customers/{mode}': ['200'] },
};
const TOKEN = 'tok_request_way_5e6f7a8b';

type Loose = {
  PUT(path: string, init: object): Promise<{ data?: unknown; error?: { kind: string; status?: number; attempts: number } }>;
};

let server: FaultServer;
let elsewhere: FaultServer;
beforeAll(async () => {
  elsewhere = await startFaultServer(faults(() => ({})));
  server = await startFaultServer(
    faults(
      () => ({}),
      () => elsewhere.url,
    ),
  );
});
afterAll(async () => {
  await server.close();
  await elsewhere.close();
});

let seq = 0;
/** A client whose fetch (the global one) records every Request it is given. */
function client(options: BaseClientOptions = {}) {
  const sent: Request[] = [];
  const fetch = (input: Request) => {
    sent.push(input);
    return globalThis.fetch(input);
  };
  const c = createProviderClient(
    { name: 'requestway', spec },
    { baseUrl: server.url, fetch, retry: { baseDelay: 1, maxDelay: 5 }, ...options },
    { bearer: TOKEN },
  ) as unknown as Loose;
  return { c, sent };
}

describe('the Request way', () => {
  it('sends the Request it built for each attempt as it is, the credentials and a middleware’s headers set on it in place', async () => {
    const seen: Request[] = [];
    const middleware = [
      {
        onRequest: ({ request }: { request: Request }) => {
          request.headers.set('x-trace', 't1');
          seen.push(request);
          return undefined;
        },
      },
    ];
    const { c, sent } = client({ middleware });
    const mode = `flaky-503~${++seq}`;
    const res = await c.PUT('/customers/{mode}', { params: { path: { mode } }, body: { name: 'n' } });
    expect(res.error).toBeUndefined();
    expect(res.data).toEqual({ id: 'c1' });
    // two attempts, each its own Request, each sent without a copy
    expect(sent).toHaveLength(2);
    expect(sent[0]).not.toBe(sent[1]);
    expect(sent).toEqual(seen);
    for (const [i, request] of sent.entries()) expect(request, `attempt ${i + 1}`).toBe(seen[i]);
    const hits = server.hits.filter((h) => h.path.endsWith(`/${mode}`));
    expect(hits.map((h) => [h.headers.authorization, h.headers['x-trace'], h.body])).toEqual([
      [`Bearer ${TOKEN}`, 't1', '{"name":"n"}'],
      [`Bearer ${TOKEN}`, 't1', '{"name":"n"}'],
    ]);
  });

  it('copies a Request a middleware built, and still follows no redirect it asks for', async () => {
    const built: Request[] = [];
    const middleware = [
      {
        onRequest: ({ request }: { request: Request }) => {
          const own = new Request(request, { redirect: 'follow' });
          built.push(own);
          return own;
        },
      },
    ];
    const { c, sent } = client({ middleware, retry: false });
    const mode = `redirect-307~${++seq}`;
    const res = await c.PUT('/customers/{mode}', { params: { path: { mode } }, body: { name: 'n' } });
    expect(res.error, JSON.stringify(res.error)).toMatchObject({ kind: 'unexpected_response', status: 307, attempts: 1 });
    expect(sent).toHaveLength(1);
    expect(sent[0]).not.toBe(built[0]);
    expect(sent[0]?.redirect).toBe('manual');
    expect(elsewhere.hits).toEqual([]);
  });

  it("follows no redirect when the call itself asks for redirect: 'follow'", async () => {
    const { c, sent } = client({ retry: false });
    const mode = `redirect-308~${++seq}`;
    const res = await c.PUT('/customers/{mode}', { params: { path: { mode } }, body: { name: 'n' }, redirect: 'follow' });
    expect(res.error).toMatchObject({ kind: 'unexpected_response', status: 308, attempts: 1 });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.redirect).toBe('manual');
    expect(elsewhere.hits).toEqual([]);
  });

  it("copies a Request made by the call's own Request class", async () => {
    const made: Request[] = [];
    class Traced extends Request {
      constructor(input: RequestInfo | URL, init?: RequestInit) {
        super(input, init);
        made.push(this);
      }
    }
    const { c, sent } = client({ retry: false });
    const mode = `status-500~${++seq}`;
    const res = await c.PUT('/customers/{mode}', { params: { path: { mode } }, body: { name: 'n' }, Request: Traced });
    expect(res.error).toMatchObject({ kind: 'server', status: 500 });
    expect(made).toHaveLength(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]).not.toBe(made[0]);
    expect(sent[0]?.redirect).toBe('manual');
  });
});
