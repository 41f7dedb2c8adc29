import { describe, expect, it } from 'vitest';
import { createProviderClient, ConfigError, type SpecFacts } from '../src/index.js';
import { recordingFetch } from '../src/testing.js';

type Paths = {
  '/things/{id}': {
    parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
    put: {
      parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
      requestBody: { content: { 'application/json': { name?: string } } };
      responses: { 200: { headers: Record<string, unknown>; content: { 'application/json': { id: string } } } };
    };
  };
};

const spec = (over: Partial<SpecFacts> = {}): SpecFacts => ({
  servers: ['https://api.example.test/v1/'],
  security: [{ key: [] }],
  securitySchemes: {
    key: { type: 'apiKey', in: 'header', name: 'x-key' },
    q: { type: 'apiKey', in: 'query', name: 'api_key' },
    c: { type: 'apiKey', in: 'cookie', name: 'sid' },
    bearer: { type: 'http', scheme: 'bearer' },
    basic: { type: 'http', scheme: 'basic' },
    sig: { type: 'apiKey', in: 'header', name: 'x-sig' },
  },
  ...over,
});

async function send(s: SpecFacts, creds: Record<string, unknown>, baseUrl?: string) {
  const fetch = recordingFetch(() => Response.json({ id: '1' }));
  const client = createProviderClient<Paths>({ name: 'demo', spec: s }, { fetch, ...(baseUrl ? { baseUrl } : {}) }, creds as never);
  const res = await client.PUT('/things/{id}', { params: { path: { id: 'a b' } }, body: { name: 'n' } });
  return { res, req: fetch.requests[0]! };
}

describe('createProviderClient', () => {
  it.each([
    ['apiKey header', [{ key: [] }], { key: 'k1' }, (r: any) => expect(r.headers['x-key']).toBe('k1')],
    ['apiKey query', [{ q: [] }], { q: 'k 2' }, (r: any) => expect(new URL(r.url).searchParams.get('api_key')).toBe('k 2')],
    ['apiKey cookie', [{ c: [] }], { c: 'k3' }, (r: any) => expect(r.headers.cookie).toBe('sid=k3')],
    ['bearer', [{ bearer: [] }], { bearer: 't' }, (r: any) => expect(r.headers.authorization).toBe('Bearer t')],
    [
      'basic',
      [{ basic: [] }],
      { basic: { username: 'u', password: 'p:w' } },
      (r: any) => expect(r.headers.authorization).toBe(`Basic ${Buffer.from('u:p:w').toString('base64')}`),
    ],
    [
      'first satisfiable alternative',
      [{ basic: [] }, { bearer: [] }],
      { bearer: 't2' },
      (r: any) => expect(r.headers.authorization).toBe('Bearer t2'),
    ],
  ] as [string, SpecFacts['security'], Record<string, unknown>, (r: unknown) => void][])(
    'applies %s as the spec declares',
    async (_name, security, creds, check) => {
      const { req } = await send(spec({ security }), creds);
      check(req);
    },
  );

  it('uses the first server by default, without a trailing slash, and encodes path params', async () => {
    const { req, res } = await send(spec(), { key: 'k' });
    expect(req.url).toBe('https://api.example.test/v1/things/a%20b');
    expect(req.method).toBe('PUT');
    expect(JSON.parse(req.body)).toEqual({ name: 'n' });
    expect(res.data).toEqual({ id: '1' });
  });

  it('lets baseUrl override the spec server', async () => {
    const { req } = await send(spec(), { key: 'k' }, 'http://127.0.0.1:4010/');
    expect(req.url).toBe('http://127.0.0.1:4010/things/a%20b');
  });

  it('computes a signature per request from the body as sent, after static credentials', async () => {
    const seen: string[] = [];
    const { req } = await send(spec({ security: [{ key: [], sig: [] }] }), {
      key: 'k',
      sig: (i: { method: string; body: string; headers: Headers }) => {
        seen.push(`${i.method} ${i.body} ${i.headers.get('x-key')}`);
        return 'sig-1';
      },
    });
    expect(seen).toEqual(['PUT {"name":"n"} k']);
    expect(req.headers['x-sig']).toBe('sig-1');
    expect(JSON.parse(req.body)).toEqual({ name: 'n' });
  });

  it.each([
    ['no credentials', spec(), {}, /missing credentials: provide key/],
    ['empty string', spec(), { key: '' }, /credential for "key" is empty/],
    ['basic given a string', spec({ security: [{ basic: [] }] }), { basic: 'x' }, /HTTP Basic/],
    ['relative baseUrl', spec(), { key: 'k' }, /absolute http\(s\) URL/, 'api/v1'],
    ['no servers and no baseUrl', spec({ servers: [] }), { key: 'k' }, /declares no servers/],
  ])('rejects %s with a ConfigError before any request', (_n, s, creds, msg, baseUrl?: string) => {
    const fetch = recordingFetch();
    const make = () => createProviderClient<Paths>({ name: 'demo', spec: s }, { fetch, ...(baseUrl ? { baseUrl } : {}) }, creds as never);
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(msg);
    expect(fetch.requests).toHaveLength(0);
  });

  it('runs user middleware after authentication', async () => {
    const fetch = recordingFetch(() => Response.json({ id: '1' }));
    const seen: (string | null)[] = [];
    const client = createProviderClient<Paths>(
      { name: 'demo', spec: spec() },
      {
        fetch,
        headers: { 'user-agent': 'capi-test' },
        middleware: [{ onRequest: ({ request }) => void seen.push(request.headers.get('x-key')) }],
      },
      { key: 'k' },
    );
    await client.PUT('/things/{id}', { params: { path: { id: '1' } }, body: {} });
    expect(seen).toEqual(['k']);
    expect(fetch.requests[0]!.headers['user-agent']).toBe('capi-test');
  });
});
