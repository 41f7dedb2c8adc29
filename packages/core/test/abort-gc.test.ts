// A call's abort (its timeout, the caller's signal) must reach the request in flight even after
// a garbage collection, on both transports. fetch's `Request` follows the signal it was built
// with through a weak reference (undici: a WeakRef to the new Request's AbortController), so
// when a middleware rebuilds the request (the auth step for an API key in the query does:
// `new Request(url, { signal: req.signal, ... })`) and the first Request is dropped, a GC breaks
// the chain and the abort never arrives: the call waited for the server (this test hung until its
// bound; the telemetry suite's 100 ms timeout ended after vitest's 5 s). Here the GC is forced at
// the moment that matters: after the server has the request, before the abort.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createProviderClient, type BaseClientOptions, type SpecFacts } from '../src/index.js';
import { nodeTransport, type NodeTransport } from '../src/node.js';
import { faultServerPerSuite, type FaultServer } from './fault-server.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const spec: SpecFacts = {
  servers: ['https://api.abort.test'],
  security: [{ query: [] }],
  securitySchemes: { query: { type: 'apiKey', in: 'query', name: 'api_key' } },
  operations: { 'PUT /customers/{mode}': ['200'] },
};

type Loose = { PUT(path: string, init: object): Promise<{ error?: { kind: string } }> };
let server: FaultServer;
let transport: NodeTransport | undefined;
let seq = 0;

function client(options: BaseClientOptions = {}) {
  return createProviderClient(
    { name: 'abortgc', spec, optionNames: { query: 'apiKey' } },
    { baseUrl: server.url, retry: false, ...(transport ? { fetch: transport } : {}), ...options },
    { query: 'qk_abort_gc_1a2b3c' },
  ) as unknown as Loose;
}

/** Resolves once the server has received `mode`'s request (bounded: 200 checks, 10 ms apart). */
async function received(mode: string) {
  for (let i = 0; i < 200 && server.count(mode) === 0; i++) await new Promise((r) => setTimeout(r, 10));
  expect(server.count(mode)).toBe(1);
}

/** The call's outcome, or 'still pending' once a generous bound has passed (not a measurement). */
function settled(call: Promise<unknown>) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('still pending'), 10_000);
  });
  return Promise.race([
    call.then(
      () => 'resolved',
      (err: unknown) => err,
    ),
    bound,
  ]).finally(() => clearTimeout(timer));
}

/** Once the server has `mode`'s request: a GC, then the abort; the call ends with the abort's reason. */
async function abortAfterGc(mode: string, ctl: AbortController, call: Promise<unknown>) {
  await received(mode);
  gc();
  const reason = new Error('caller gave up');
  ctl.abort(reason);
  expect(await settled(call)).toBe(reason);
}

const transports: [string, () => NodeTransport | undefined][] = [
  ['global fetch', () => undefined],
  ['node transport', () => nodeTransport({ connections: 4 })],
];
describe.each(transports)('an abort after a GC, on %s', (_name, makeTransport) => {
  faultServerPerSuite(makeTransport, (s, t) => {
    server = s;
    transport = t;
  });

  it("the caller's signal still ends a call whose request the auth step rebuilt (API key in the query)", async () => {
    const mode = `no-headers~${++seq}`;
    const ctl = new AbortController();
    const call = client().PUT('/customers/{mode}', { params: { path: { mode } }, body: {}, signal: ctl.signal });
    await abortAfterGc(mode, ctl, call);
  }, 30_000);

  it("the caller's signal still ends a call whose request a middleware replaced", async () => {
    const mode = `no-headers~${++seq}`;
    const ctl = new AbortController();
    const middleware = [{ onRequest: ({ request }: { request: Request }) => new Request(request, { headers: { 'x-trace': 't1' } }) }];
    const call = client({ middleware } as BaseClientOptions).PUT('/customers/{mode}', {
      params: { path: { mode } },
      body: {},
      signal: ctl.signal,
    });
    await abortAfterGc(mode, ctl, call);
  }, 30_000);

  it("the caller's signal still ends a call whose answer is being read (a body that trickles), after a GC", async () => {
    const mode = `trickle~${++seq}`;
    const ctl = new AbortController();
    const call = client({ timeoutMs: 60_000 }).PUT('/customers/{mode}', { params: { path: { mode } }, body: {}, signal: ctl.signal });
    await received(mode);
    // the headers are in and the body is being read (the trickle writes every 50 ms)
    await new Promise((r) => setTimeout(r, 200));
    gc();
    const reason = new Error('caller gave up');
    ctl.abort(reason);
    expect(await settled(call)).toBe(reason);
  }, 30_000);

  it('the attempt timeout still ends a call whose answer is being read (a body that trickles), after a GC', async () => {
    const mode = `trickle~${++seq}`;
    const call = client({ timeoutMs: 600 }).PUT('/customers/{mode}', { params: { path: { mode } }, body: {} });
    await received(mode);
    await new Promise((r) => setTimeout(r, 200));
    gc();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise((resolve) => {
      timer = setTimeout(() => resolve('still pending'), 10_000);
    });
    const outcome = await Promise.race([call, bound]).finally(() => clearTimeout(timer));
    expect(outcome).toMatchObject({ error: { kind: 'timeout' } });
  }, 30_000);
});
