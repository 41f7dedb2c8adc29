// A hostile or broken server's Retry-After, against a real server on 127.0.0.1 on both
// transports. Retry-After is delay-seconds or an HTTP-date (RFC 9110 §10.2.3); anything else is
// no Retry-After at all (the backoff applies). Date.parse, which read it, takes nearly any text
// as a date: `-1`, `1.5`, `12 13` and a header sent twice (`5, 5`, as fetch joins them) were
// dates in 2001, so "wait 0 s", and the client asked again at once, past its own cap on waiting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProviderClient, parseRetryAfter, type SpecFacts } from '../src/index.js';
import { nodeTransport, type NodeTransport } from '../src/node.js';
import { throughRequests } from './paths.js';

const spec: SpecFacts = { servers: ['https://api.retry.test'], security: [], securitySchemes: {}, operations: { 'GET /things': ['200'] } };

let server: Server;
let url: string;
const hits = new Map<string, number>();

beforeAll(async () => {
  // /things?case=<n>&ra=<value>[&ra=<value>]: a 429 with each `ra` as one Retry-After header line
  server = createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    const key = String(q.get('case'));
    hits.set(key, (hits.get(key) ?? 0) + 1);
    const raw: string[] = ['content-type', 'application/json'];
    for (const v of q.getAll('ra')) raw.push('retry-after', v);
    const body = JSON.stringify({ error: { code: 'RATE', message: 'slow down' } });
    raw.push('content-length', String(Buffer.byteLength(body)));
    res.writeHead(429, raw);
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const transports: [string, () => NodeTransport | undefined][] = [
  ['global fetch', () => undefined],
  ['node transport', () => nodeTransport({ connections: 4 })],
  ['node transport, Request way', () => throughRequests(nodeTransport({ connections: 4 }))],
];

let seq = 0;
describe.each(transports)('Retry-After on %s', (_name, make) => {
  let transport: NodeTransport | undefined;
  beforeAll(() => {
    transport = make();
  });
  afterAll(() => transport?.close());

  /** One GET answered 429 with these Retry-After lines; the client waits at most 1 s for one. */
  async function rateLimited(values: string[]) {
    const key = String(++seq);
    const c = createProviderClient<{ '/things': { get: { responses: { 200: { content: { 'application/json': unknown } } } } } }>(
      { name: 'retry', spec, optionNames: {} },
      {
        baseUrl: url,
        ...(transport ? { fetch: transport } : {}),
        retry: { maxAttempts: 3, baseDelay: 1, maxDelay: 5, maxRetryAfter: 1_000 },
      },
      {},
    );
    const query = new URLSearchParams([['case', key], ...values.map((v) => ['ra', v])]);
    const { error } = await c.GET(`/things?${query}` as '/things', {});
    return { error, hits: hits.get(key) };
  }

  it.each([
    ['sent twice (a proxy repeated it)', ['5', '5']],
    ['a date far in the future', ['Fri, 31 Dec 9999 23:59:59 GMT']],
    ['a huge number of seconds', ['99999999999999999999']],
  ])('a Retry-After over the cap, %s: the call ends after one attempt, retryAfter set', async (_what, values) => {
    const { error, hits } = await rateLimited(values);
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429, attempts: 1 });
    expect(error?.retryAfter).toBeGreaterThan(1);
    expect(hits).toBe(1);
  });

  it.each([['-1'], ['1.5'], ['12 13'], ['soon'], ['5, 6'], ['Mon, 99 Foo 2026 00:00:00 GMT']])(
    'a Retry-After that is no delay nor HTTP date (%j) is no Retry-After: the backoff applies, retryAfter undefined',
    async (value) => {
      const { error, hits } = await rateLimited([value]);
      expect(error).toMatchObject({ kind: 'rate_limited', status: 429, attempts: 3 });
      expect(error?.retryAfter).toBeUndefined();
      expect(hits).toBe(3);
    },
  );
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['120', 120],
    [' 7 ', 7],
    ['3, 3', 3],
    ['Thu, 01 Jan 2026 00:01:00 GMT', 60],
    ['Thursday, 01-Jan-26 00:01:00 GMT', 60],
    ['Thu Jan  1 00:01:00 2026', 60],
    ['Wed, 31 Dec 2025 00:00:00 GMT', 0],
  ])('reads %j as %s seconds (the three HTTP-date forms, a repeated value)', (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });
  it.each(['-1', '1.5', '1e3', '12 13', 'tomorrow', '5, 6', '2026-01-01T00:01:00Z', 'Thu, 01 Jan 2026 00:01:00 PST'])(
    'reads %j as no Retry-After',
    (value) => {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    },
  );
});
