// Query parameters written as the spec declares them (SpecFacts.queryStyles, @capi/core query.ts):
// an array with `explode: false` as `name=a,b`, pipeDelimited and spaceDelimited arrays, an object
// in form style as its own `key=value` pairs; every other parameter as openapi-fetch writes it.
// Against a real server on 127.0.0.1 that records the raw request line, on global fetch (the
// Request way) and on the Node transport (the fast path), which must write the same URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProviderClient, type SpecFacts } from '../src/index.js';
import { nodeTransport, type NodeTransport } from '../src/node.js';

const seen: string[] = [];
let server: Server;
let baseUrl: string;
let transport: NodeTransport;
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url!);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  transport = nodeTransport();
});
afterAll(async () => {
  await transport.close();
  await new Promise<void>((done) => server.close(() => done()));
});

const spec: SpecFacts = {
  servers: ['https://api.example.test'],
  security: [],
  securitySchemes: {},
  operations: { 'GET /search': ['200'], 'GET /plain': ['200'], 'GET /json': ['200'] },
  queryStyles: {
    'GET /search': {
      latlong: { style: 'form', explode: false },
      tags: { style: 'pipeDelimited', explode: false },
      words: { style: 'spaceDelimited', explode: false },
      filter: { style: 'form', explode: true },
      packed: { style: 'form', explode: false },
      path: { style: 'form', explode: false, allowReserved: true },
      __proto__: { style: 'form', explode: false },
    },
    // parameters described by `content: { application/json: ... }`
    'GET /json': { filter: { json: true }, ids: { json: true }, word: { json: true }, none: { json: true } },
  },
};
// a key named __proto__ in an object literal sets the prototype; the spec's facts make it a key
Object.defineProperty(spec.queryStyles!['GET /search']!, '__proto__', {
  value: { style: 'form', explode: false },
  enumerable: true,
});

const ways = [
  ['global fetch (the Request way)', () => ({ fetch: (r: Request) => globalThis.fetch(r) })],
  ['the Node transport (the fast path)', () => ({ fetch: transport })],
] as const;

describe.each(ways)('query styles on %s', (_name, extra) => {
  const client = () => createProviderClient<any>({ name: 'styles', spec }, { baseUrl, retry: false, ...extra() }, {});

  it('writes each declared parameter as declared, in the order given, and the others as openapi-fetch does', async () => {
    seen.length = 0;
    const query = {
      latlong: [51.38, -2.08],
      tags: ['a', 'b c'],
      words: ['x', 'y'],
      filter: { status: 'open', size: 2 },
      packed: { r: 100, g: 200 },
      plain: ['p', 'q'],
      obj: { k: 'v' },
      one: 'v&w',
    };
    const res = await client().GET('/search', { params: { query } });
    expect(res.error).toBeUndefined();
    expect(seen).toEqual([
      '/search?latlong=51.38,-2.08&tags=a|b%20c&words=x%20y&status=open&size=2&packed=r,100,g,200&plain=p&plain=q&obj[k]=v&one=v%26w',
    ]);
  });

  it('keeps reserved characters of an allowReserved parameter, and encodes them elsewhere', async () => {
    seen.length = 0;
    await client().GET('/search', { params: { query: { path: ['a/b', 'c'] } } });
    await client().GET('/plain', { params: { query: { path: ['a/b', 'c'] } } });
    expect(seen).toEqual(['/search?path=a/b,c', '/plain?path=a%2Fb&path=c']);
  });

  it('a parameter named __proto__ is written as declared, and empty or absent values are left out', async () => {
    seen.length = 0;
    const query = Object.defineProperty({ latlong: [], words: undefined } as Record<string, unknown>, '__proto__', {
      value: [1, 2],
      enumerable: true,
    });
    await client().GET('/search', { params: { query } });
    expect(seen).toEqual(['/search?__proto__=1,2']);
  });

  it('sends a parameter described by JSON content as its JSON text, percent-encoded, in one pair', async () => {
    seen.length = 0;
    const query = {
      filter: { status: 'open', range: { from: 1, to: [2, 3] }, note: 'a&b=c d/é' },
      ids: [1, 2],
      word: 'x',
      none: null,
      gone: undefined,
      plain: ['p', 'q'],
    };
    const res = await client().GET('/json', { params: { query } });
    // a nested object is JSON's to write: not refused as a deepObject the client cannot write
    expect(res.error).toBeUndefined();
    const json = (v: unknown) => encodeURIComponent(JSON.stringify(v));
    expect(seen).toEqual([`/json?filter=${json(query.filter)}&ids=${json([1, 2])}&word=${json('x')}&none=null&plain=p&plain=q`]);
    // what a server reads back is the value
    const back = new URL(seen[0]!, 'http://x').searchParams;
    expect(JSON.parse(back.get('filter')!)).toEqual(query.filter);
    expect(back.getAll('filter')).toHaveLength(1);
  });

  it('a JSON-content parameter whose value JSON cannot write (a BigInt, a cycle) is invalid_request naming it, not the value; nothing sent', async () => {
    seen.length = 0;
    const cycle: Record<string, unknown> = { secret: 's3cr3t-value' };
    cycle.self = cycle;
    for (const value of [{ n: 10n, secret: 's3cr3t-value' }, cycle]) {
      const res = await client().GET('/json', { params: { query: { filter: value } } });
      expect(res.error).toMatchObject({ kind: 'invalid_request', attempts: 0 });
      expect(res.error?.message).toBe(
        'GET /json: query parameter "filter" is sent as JSON text (the spec describes it by content), and JSON cannot write its value (TypeError: a BigInt or a cycle in it): give it a value JSON can write',
      );
      expect(JSON.stringify(res.error, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toMatch(/s3cr3t/);
    }
    expect(seen).toEqual([]);
  });

  it("a call's own querySerializer wins over the declared styles", async () => {
    seen.length = 0;
    await client().GET('/search', {
      params: { query: { latlong: [1, 2] } },
      querySerializer: { array: { style: 'form', explode: true } },
    });
    expect(seen).toEqual(['/search?latlong=1&latlong=2']);
  });
});
