// Client-side rate limits against a real API on 127.0.0.1 (port 0), on both transports: a limit
// of requests per interval, the provider's RateLimit-* / X-RateLimit-* headers, a bounded queue,
// and an aborted call leaving the queue. Waits are asserted by what the server saw and how many
// calls wait, never by how long anything took.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProviderClient as createOnNode } from '../src/index.node.js';
import { ConfigError, rateLimiter, type RateLimiter, type SpecFacts } from '../src/index.js';
import { closeDefaultTransport } from '../src/node.js';
import { report, runChild } from './child.js';

type Loose = { GET(path: string, init?: object): Promise<{ data?: { n: number }; error?: any }> };

const spec: SpecFacts = { servers: [], security: [], securitySchemes: {}, operations: { 'GET /things': ['200'] } };

let server: Server;
let url: string;
let seen = 0;
/** Headers the next responses carry. */
let headers: Record<string, string> = {};
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    seen++;
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ n: seen }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
beforeEach(() => {
  seen = 0;
  headers = {};
});
afterAll(async () => {
  await closeDefaultTransport();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

// the default transport takes the fast path; a user middleware sends the calls the Request way
const transports = [
  ['the Node transport', {}],
  ['the Node transport, Request way (a user middleware)', { middleware: [{ onRequest: () => undefined }] }],
  ['the global fetch', { fetch: (req: Request) => globalThis.fetch(req) }],
] as const;

const make = (transport: object, limit: RateLimiter, more: object = {}) =>
  createOnNode({ name: 'acme', spec }, { baseUrl: url, retry: false, rateLimit: limit, ...transport, ...more }, {}) as unknown as Loose;

/** Lets pending I/O and timers of 0 ms run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe.each(transports)('rate limits over %s', (_name, transport) => {
  it('at most `requests` per `perMs`: the next call waits in the queue, a full queue refuses at once, an aborted call leaves it', async () => {
    const limit = rateLimiter({ requests: 2, perMs: 60_000, maxQueue: 1 });
    const c = make(transport, limit);
    expect((await c.GET('/things')).data?.n).toBe(1);
    expect((await c.GET('/things')).data?.n).toBe(2);
    const ctl = new AbortController();
    const third = c.GET('/things', { signal: ctl.signal });
    await settle();
    expect(limit.bind('acme').waiting).toBe(1);
    expect(seen).toBe(2);
    // the queue holds one: the next is refused at once, not left to hang
    const fourth = await c.GET('/things');
    expect(fourth.error).toMatchObject({ kind: 'rate_limited', status: undefined, attempts: 0 });
    expect(fourth.error.message).toContain('maxQueue 1');
    ctl.abort(new Error('caller gave up'));
    await expect(third).rejects.toThrow('caller gave up');
    expect(limit.bind('acme').waiting).toBe(0);
    expect(seen).toBe(2);
  });

  it('a queued call goes once the window has room; every call is answered', async () => {
    const limit = rateLimiter({ requests: 1, perMs: 100 });
    const c = make(transport, limit);
    const results = await Promise.all([c.GET('/things'), c.GET('/things'), c.GET('/things')]);
    expect(results.map((r) => r.data?.n).sort()).toEqual([1, 2, 3]);
    expect(limit.bind('acme').waiting).toBe(0);
  });

  it('a wait longer than the call may take is refused at once as rate_limited', async () => {
    const c = make(transport, rateLimiter({ requests: 1, perMs: 60_000 }));
    await c.GET('/things');
    const res = await c.GET('/things', { totalTimeoutMs: 1000 });
    expect(res.error).toMatchObject({ kind: 'rate_limited' });
    expect(res.error.message).toContain("beyond the call's time left");
    expect(seen).toBe(1);
  });

  it.each([
    ['RateLimit-Remaining: 0 and RateLimit-Reset (IETF draft)', { 'ratelimit-remaining': '0', 'ratelimit-reset': '30' }],
    [
      'X-RateLimit-Remaining: 0 and an epoch X-RateLimit-Reset',
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 30) },
    ],
    ['the structured RateLimit field with r=0', { ratelimit: '"default";r=0;t=30' }],
  ])('%s: the next call waits instead of drawing a 429', async (_what, h) => {
    const limit = rateLimiter(); // headers only, no limit of its own
    const c = make(transport, limit);
    headers = h;
    await c.GET('/things');
    headers = {};
    const ctl = new AbortController();
    const next = c.GET('/things', { signal: ctl.signal });
    await settle();
    expect(limit.bind('acme').waiting).toBe(1);
    expect(seen).toBe(1);
    ctl.abort(new Error('stop'));
    await expect(next).rejects.toThrow('stop');
  });

  it('remaining above 0, or followHeaders: false, does not slow anything down', async () => {
    headers = { 'ratelimit-remaining': '5', 'ratelimit-reset': '30' };
    const c = make(transport, rateLimiter());
    await c.GET('/things');
    expect((await c.GET('/things')).data?.n).toBe(2);
    headers = { 'ratelimit-remaining': '0', 'ratelimit-reset': '30' };
    const d = make(transport, rateLimiter({ followHeaders: false }));
    await d.GET('/things');
    expect((await d.GET('/things')).data?.n).toBe(4);
  });
});

describe('rateLimiter window (an injected clock)', () => {
  it('counts the last `requests` starts: a slot frees when the oldest leaves the window', async () => {
    let now = 10_000;
    const l = rateLimiter({ requests: 2, perMs: 1000 }, { now: () => now }).bind('acme');
    const at = async (t: number, remaining = 60_000) => {
      now = t;
      return l.acquire(undefined, remaining);
    };
    expect(await at(10_000)).toBeUndefined();
    expect(await at(10_500)).toBeUndefined();
    expect(await at(11_000)).toBeUndefined(); // the first has left the window
    // the oldest in the window started at 10 500: the next slot is 300 ms away
    expect(await at(11_200, 100)).toMatch(/next slot is 300 ms away/);
    expect(await at(11_500)).toBeUndefined();
    expect(await at(11_600, 100)).toMatch(/next slot is 400 ms away/);
    expect(l.waiting).toBe(0);
  });
});

describe('rateLimit option', () => {
  it('refuses a plain object, unknown fields and a half-given limit (ConfigError naming rateLimit)', () => {
    const create = (rateLimit: unknown) => () =>
      createOnNode({ name: 'acme', spec }, { baseUrl: url, rateLimit: rateLimit as RateLimiter }, {});
    expect(create({ requests: 1, perMs: 10 })).toThrow(/rateLimit takes rateLimiter\(\{ requests, perMs \}\)/);
    expect(create(rateLimiter({ request: 1 } as never))).toThrow(ConfigError);
    expect(create(rateLimiter({ requests: 1 }))).toThrow(/give requests and perMs together/);
    expect(create(rateLimiter({ requests: 0, perMs: 1 }))).toThrow(/requests must be a whole number of at least 1/);
  });

  it("a provider's documented limit applies unless rateLimit: false", async () => {
    const documented = rateLimiter({ requests: 1, perMs: 60_000, maxQueue: 0 });
    const def = { name: 'acme', spec, rateLimit: documented };
    const c = createOnNode(def, { baseUrl: url, retry: false }, {}) as unknown as Loose;
    await c.GET('/things');
    expect((await c.GET('/things')).error).toMatchObject({ kind: 'rate_limited' });
    const off = createOnNode(def, { baseUrl: url, retry: false, rateLimit: false }, {}) as unknown as Loose;
    expect((await off.GET('/things')).data?.n).toBe(2);
  });

  it('keeps no timer once nobody waits: a process whose last call was aborted in the queue exits on its own', async () => {
    // bounded well below the minute the limiter's window would keep a timer for
    const res = await runChild('rate-limit-exit.ts', [], 30_000);
    expect(res.stderr).toBe('');
    expect(report<{ aborted: boolean; waiting: number }>(res)).toEqual({ aborted: true, waiting: 0 });
    expect(res.code).toBe(0);
  }, 60_000);
});
