// The fast path (docs/clients.md, "The fast path"): on the Node transport a call with no user
// middleware builds no Request, Response or Headers, and what it sends and returns is what the
// Request way sends and returns: the same calls through both, against a real server on
// 127.0.0.1 that records every byte it received. A user middleware (at creation or by use())
// sends the call the Request way; eject() brings the fast path back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createProviderClient, type Middleware, type SignInput, type SpecFacts } from '../src/index.js';
import { nodeTransport, type NodeTransport } from '../src/node.js';
import { throughRequests } from './paths.js';

type Hit = { method: string; raw: string; headers: IncomingHttpHeaders; body: string };
const hits: Hit[] = [];
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);

/** Answers by the request's `x-answer` header; records what it received. */
function answer(kind: string | undefined, res: import('node:http').ServerResponse) {
  const json = (status: number, body: unknown, type = 'application/json', more: Record<string, string | string[]> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text), ...more });
    res.end(text);
  };
  switch (kind) {
    case 'text':
      return void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('héllo');
    case 'png':
      return void res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length }).end(PNG);
    case 'xml':
      return void res.writeHead(200, { 'content-type': 'application/xml' }).end('<a/>');
    case 'vendor':
      return json(200, { v: 1 }, 'application/vnd.example+json; v=1');
    case 'e404':
      return json(404, { type: 'about:blank', title: 'no such thing' }, 'application/problem+json', { 'x-request-id': 'req-9' });
    case 'e500':
      return void res.writeHead(500, 'Oh No', { 'content-type': 'text/plain' }).end('boom');
    case 'e409-html':
      return void res.writeHead(409, { 'content-type': 'text/html' }).end('<html>conflict</html>');
    case 'empty':
      return void res.writeHead(204).end();
    case 'chunked-empty':
      return void res.writeHead(200, { 'content-type': 'application/json' }).end();
    case 'zero':
      return void res.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' }).end();
    case 'redirect':
      return void res.writeHead(302, { location: 'http://127.0.0.1:9/elsewhere', 'content-length': '0' }).end();
    case 'gzip': {
      const bytes = gzipSync(JSON.stringify({ zipped: true }));
      return void res
        .writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': bytes.length })
        .end(bytes);
    }
    case 'cookies':
      return json(200, { c: 1 }, 'application/json', { 'set-cookie': ['a=1', 'b=2'], 'x-multi': ['p', 'q'] });
    case 'bom':
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('\ufeff{"bom":true}');
    case 'bad-json':
      return void res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5' }).end('{nope');
    default:
      return json(200, { ok: true });
  }
}

let server: Server;
let baseUrl: string;
let transport: NodeTransport;
beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { host: _h, connection: _c, ...headers } = req.headers;
      hits.push({ method: req.method!, raw: req.url!, headers, body: Buffer.concat(chunks).toString('base64') });
      answer(req.headers['x-answer'] as string | undefined, res);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  transport = nodeTransport({ connections: 4 });
});
afterAll(async () => {
  await transport?.close();
  await new Promise((done) => server?.close(done));
});

const spec: SpecFacts = {
  servers: [],
  security: [{ key: [], cookie: [], bearer: [], sig: [] }],
  securitySchemes: {
    key: { type: 'apiKey', in: 'query', name: 'api_key' },
    cookie: { type: 'apiKey', in: 'cookie', name: 'sid' },
    bearer: { type: 'http', scheme: 'bearer' },
    sig: { type: 'apiKey', in: 'header', name: 'x-signature' },
  },
  operations: {},
  requestMedia: {
    'POST /forms': ['application/x-www-form-urlencoded'],
    'POST /notes': ['text/plain', 'application/json'],
    'POST /bytes': ['application/octet-stream'],
    'POST /vendor': ['application/vnd.api+json'],
    'PUT /items/{id}': ['application/json; charset=utf-8'],
  },
};

/** What a signer saw, per call: it must be the same on both ways. */
const signed: string[] = [];
const signer = ({ method, url, headers, body }: SignInput) => {
  const seen = `${method} ${url} ${[...headers].map(([k, v]) => `${k}=${v}`).join('&')} ${body}`;
  signed.push(seen);
  return createHmac('sha256', 'k').update(seen).digest('hex');
};

const make = (fetch: NodeTransport, more: Record<string, unknown> = {}) =>
  createProviderClient<any>(
    { name: 'fast', spec },
    { baseUrl: `${baseUrl}/v1`, fetch, retry: false, headers: { 'User-Agent': 'capi-test', 'X-Client': 'c' }, ...more },
    { key: 'k&y=1 ü~*', cookie: 's id;1', bearer: 'tok_123456', sig: signer },
  );

/** A call result as plain values (a Blob's type and bytes, a Response's head). */
async function plain(r: any) {
  const view = async (v: unknown) =>
    v instanceof Blob
      ? { blob: v.type, bytes: Buffer.from(await v.arrayBuffer()).toString('base64') }
      : v instanceof ArrayBuffer
        ? { arrayBuffer: Buffer.from(v).toString('base64') }
        : v;
  const res: Response | undefined = r.response;
  return {
    data: await view(r.data),
    error: r.error,
    response: res && {
      status: res.status,
      statusText: res.statusText,
      ok: res.ok,
      headers: [...res.headers].filter(([k]) => k !== 'date'),
    },
  };
}

// [case, method, path, init]
const calls: [string, string, string, Record<string, unknown>][] = [
  [
    'JSON body, declared media type with a parameter',
    'PUT',
    '/items/{id}',
    { params: { path: { id: 'a b/ü' } }, body: { name: 'n', n: 1 } },
  ],
  [
    'query: arrays, deep objects, reserved characters',
    'GET',
    '/items',
    { params: { query: { tags: ['x', 'y z'], filter: { a: '1', b: 'ü' }, q: "it's ~*!()", none: undefined } } },
  ],
  ['matrix and label path styles', 'GET', '/m/{;id}/{.ext}', { params: { path: { id: 'a,b', ext: 'json' } } }],
  [
    'path: a parameter twice, a number, a suffix in its segment, characters to encode',
    'GET',
    '/p/{id}/x/{id}/{n}.json',
    { params: { path: { id: "it's a/b?%#", n: 42 } } },
  ],
  [
    'path: an array value (a parameter openapi-fetch serialises), and a query',
    'GET',
    '/p/{ids}',
    { params: { path: { ids: ['a', 'b c'] }, query: { q: 1 } } },
  ],
  ['form body', 'POST', '/forms', { body: { a: 'x y', tags: ['1', '2'], nested: { k: true }, when: new Date(0) } }],
  ['text body among declared types', 'POST', '/notes', { body: 'plain ü', headers: { 'content-type': 'text/plain' } }],
  ['bytes body', 'POST', '/bytes', { body: new Uint8Array([0, 1, 2, 254, 255]) }],
  ['vendor JSON body', 'POST', '/vendor', { body: { data: { type: 't' } } }],
  ['undeclared: JSON by default', 'POST', '/undeclared', { body: [1, 'two'] }],
  [
    "undeclared: form by the caller's Content-Type",
    'POST',
    '/undeclared',
    { body: { a: 'b c' }, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
  ],
  ['undeclared: Content-Type removed with null', 'POST', '/undeclared', { body: { a: 1 }, headers: { 'content-type': null } }],
  [
    'headers: repeated, padded, header parameters, a client header overridden',
    'GET',
    '/items',
    {
      headers: { 'X-Multi': ['a', 'b'], 'X-Pad': '  padded\t', 'x-client': 'call', 'X-Latin': 'café' },
      params: { header: { 'X-Param': 7 } },
    },
  ],
  ['a text success', 'GET', '/r', { headers: { 'x-answer': 'text' } }],
  ['a binary success (Blob)', 'GET', '/r', { headers: { 'x-answer': 'png' } }],
  ['an XML success (text)', 'GET', '/r', { headers: { 'x-answer': 'xml' } }],
  ['a vendor JSON success', 'GET', '/r', { headers: { 'x-answer': 'vendor' } }],
  ['parseAs text', 'GET', '/r', { headers: { 'x-answer': 'vendor' }, parseAs: 'text' }],
  ['parseAs arrayBuffer', 'GET', '/r', { headers: { 'x-answer': 'png' }, parseAs: 'arrayBuffer' }],
  ['parseAs blob', 'GET', '/r', { headers: { 'x-answer': 'vendor' }, parseAs: 'blob' }],
  ['a documented-shape 404', 'GET', '/r', { headers: { 'x-answer': 'e404' } }],
  ['a 500 with text and a reason phrase', 'GET', '/r', { headers: { 'x-answer': 'e500' } }],
  ['a 409 HTML page', 'GET', '/r', { headers: { 'x-answer': 'e409-html' } }],
  ['a 204', 'DELETE', '/r', { headers: { 'x-answer': 'empty' } }],
  ['a chunked empty 200', 'GET', '/r', { headers: { 'x-answer': 'chunked-empty' } }],
  ['a zero-length 200', 'GET', '/r', { headers: { 'x-answer': 'zero' } }],
  ['a HEAD', 'HEAD', '/r', {}],
  ['a redirect, not followed', 'GET', '/r', { headers: { 'x-answer': 'redirect' } }],
  ['a gzip body', 'GET', '/r', { headers: { 'x-answer': 'gzip' } }],
  ['repeated response headers', 'GET', '/r', { headers: { 'x-answer': 'cookies' } }],
  ['a JSON body with a BOM', 'GET', '/r', { headers: { 'x-answer': 'bom' } }],
  ['a success that is not JSON', 'GET', '/r', { headers: { 'x-answer': 'bad-json' } }],
];

describe('the fast path and the Request way send and return the same', () => {
  it.each(calls)('%s', async (_name, method, path, init) => {
    const results: unknown[] = [];
    const received: Hit[] = [];
    const signatures: string[] = [];
    for (const fetch of [transport, throughRequests(transport)]) {
      const before = hits.length;
      const s = signed.length;
      const r = await make(fetch).request(method.toLowerCase() as 'get', path, structuredInit(init));
      results.push(await plain(r));
      expect(hits.length).toBe(before + 1);
      received.push(hits[before]!);
      signatures.push(...signed.slice(s));
    }
    expect(received[0]).toEqual(received[1]);
    expect(results[0]).toEqual(results[1]);
    expect(signatures[0]).toBe(signatures[1]);
  });
});

/** A fresh copy of a call's options for each way (a call may change what it is given). */
const structuredInit = (init: Record<string, unknown>) => ({
  ...init,
  ...(init.headers ? { headers: { ...(init.headers as object) } } : {}),
});

/** Counts what is constructed of Request, Response and Headers while `run` runs (the clients are made inside it). */
async function counting<T>(run: () => Promise<T>): Promise<{ value: T; made: Record<string, number> }> {
  const made = { Request: 0, Response: 0, Headers: 0 };
  const originals = { Request: globalThis.Request, Response: globalThis.Response, Headers: globalThis.Headers };
  const spy = <C extends new (...a: any[]) => object>(name: keyof typeof made, Base: C) =>
    class extends Base {
      constructor(...args: any[]) {
        super(...args);
        made[name]++;
      }
    };
  Object.assign(globalThis, {
    Request: spy('Request', originals.Request),
    Response: spy('Response', originals.Response),
    Headers: spy('Headers', originals.Headers),
  });
  try {
    return { value: await run(), made };
  } finally {
    Object.assign(globalThis, originals);
  }
}

describe('which way a call goes', () => {
  it('with no user middleware, no Request, Response or Headers is built; response is made when read', async () => {
    const { value, made } = await counting(async () => {
      const c = make(transport);
      const ok = await c.PUT('/items/{id}', { params: { path: { id: 'x' } }, body: { name: 'n' } });
      const missing = await c.GET('/r', { headers: { 'x-answer': 'e404' } });
      const query = await c.GET('/items', { params: { query: { tags: ['a', 'b'] } } });
      return { ok, missing, query };
    });
    // the signer is given a Headers (SignInput.headers): one per call, nothing else
    expect(made).toEqual({ Request: 0, Response: 0, Headers: 3 });
    expect(value.ok.data).toEqual({ ok: true });
    expect(value.missing.error).toMatchObject({ kind: 'not_found', status: 404, requestId: 'req-9' });
    const { made: reading } = await counting(async () => value.ok.response);
    expect(reading.Response).toBe(1);
    expect(value.ok.response).toBeInstanceOf(Response);
    expect(value.ok.response?.headers.get('content-type')).toBe('application/json');
  });

  it('without a signer, not even Headers', async () => {
    const { made } = await counting(async () => {
      const c = createProviderClient<any>(
        { name: 'fast', spec: { ...spec, security: [{ bearer: [] }] } },
        { baseUrl, fetch: transport },
        { bearer: 'tok_123456' },
      );
      const r = await c.GET('/items', {});
      expect(r.data).toEqual({ ok: true });
    });
    expect(made).toEqual({ Request: 0, Response: 0, Headers: 0 });
  });

  it('a user middleware sends the call the Request way: it sees and changes the Request and the Response', async () => {
    const statuses: number[] = [];
    const mw: Middleware = {
      onRequest: ({ request }) => {
        request.headers.set('x-mw', 'yes');
      },
      onResponse: ({ response }) => {
        statuses.push(response.status);
      },
    };
    const before = hits.length;
    const { value, made } = await counting(async () => make(transport, { middleware: [mw] }).GET('/items', {}));
    expect(value.data).toEqual({ ok: true });
    expect(statuses).toEqual([200]);
    expect(hits[before]!.headers['x-mw']).toBe('yes');
    expect(made.Request).toBeGreaterThan(0);
    expect(made.Response).toBeGreaterThan(0);
  });

  it('use() after creation goes the Request way from the next call; eject() comes back to the fast path', async () => {
    const seen: string[] = [];
    const mw: Middleware = { onRequest: ({ request }) => void seen.push(request.method) };
    const c = make(transport);
    c.use(mw);
    const withMiddleware = await counting(() => c.GET('/items', {}));
    c.eject(mw);
    const ejected = await counting(() => c.GET('/items', {}));
    expect(seen).toEqual(['GET']);
    expect(withMiddleware.made.Request).toBeGreaterThan(0);
    expect(ejected.made.Request).toBe(0);
    expect(ejected.value.data).toEqual({ ok: true });
  });

  it('use() with a bad entry registers none of them: the good one is not called behind the fast path', async () => {
    const seen: string[] = [];
    const good: Middleware = { onRequest: ({ request }) => void seen.push(request.method) };
    const c = make(transport);
    expect(() => c.use(good, { onRequest: 'no' } as unknown as Middleware)).toThrow(
      expect.objectContaining({
        name: 'ConfigError',
        option: 'middleware',
        message: expect.stringContaining('middleware 2 has an onRequest that is not a function'),
      }),
    );
    expect(() => c.use(good, 42 as unknown as Middleware)).toThrow(
      /middleware 2 is not an object with onRequest, onResponse or onError; nothing was registered/,
    );
    const after = await counting(() => c.GET('/items', {}));
    expect(after.value.data).toEqual({ ok: true });
    expect(seen).toEqual([]); // registered by neither call
    expect(after.made.Request).toBe(0); // and the client still takes the fast path
    expect(() => make(transport, { middleware: [good, {} as Middleware] })).toThrow(/middleware 2 is not an object/);
  });

  it('a call option only the Request way handles (a Blob body, a query serialiser) goes that way', async () => {
    const { made } = await counting(async () => {
      const c = make(transport);
      const stream = await c.POST('/bytes', { body: new Blob([new Uint8Array([1, 2])]) });
      expect(stream.data).toEqual({ ok: true });
      const query = await c.GET('/items', { params: { query: { a: 'b' } }, querySerializer: () => 'x=1' });
      expect(query.data).toEqual({ ok: true });
      return c;
    });
    expect(made.Request).toBeGreaterThanOrEqual(2); // one per call at least (the apiKey in the query makes another)
    expect(hits.at(-1)!.raw).toMatch(/^\/v1\/items\?x=1&api_key=/);
  });
});
