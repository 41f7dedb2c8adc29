// Request bodies by the operation's media type, against a real server on 127.0.0.1 over both
// transports: each case checks what the server RECEIVED (Content-Type, raw bytes, parsed parts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { createProviderClient, type BaseClientOptions, type SpecFacts } from '../src/index.js';
import { nodeTransport, type NodeTransport } from '../src/node.js';
import { throughRequests } from './paths.js';
import { faults, refusedUrl, startFaultServer, type FaultServer } from './fault-server.js';

// What openapi-typescript generates for a multipart upload once codegen types `format: binary`
// as Blob: the call below must compile with a File, and `body` keeps its other fields' types.
type Upload = {
  parameters: { query?: never; header?: never; path: { mode: string }; cookie?: never };
  requestBody: {
    content: {
      'multipart/form-data': { file: Blob; meta?: { owner: string; public: boolean }; tags?: string[] };
      'application/json': { url: string };
    };
  };
  responses: { 200: { headers: Record<string, unknown>; content: { 'application/json': { id: string } } } };
};
type Paths = { '/upload/{mode}': { parameters: Upload['parameters']; post: Upload } };

const SECRET = 'sk_live_body_value_0451';
const requestMedia: Record<string, readonly string[]> = {
  'POST /upload/{mode}': ['multipart/form-data', 'application/json'],
  'POST /vnd/{mode}': ['application/vnd.api+json'],
  'PATCH /merge/{mode}': ['application/merge-patch+json'],
  // .NET APIs (hetras-certification.net): text/json, often beside text/plain
  'POST /dotnet/{mode}': ['text/plain', 'text/json'],
  'PUT /dotnet/{mode}': ['text/json; charset=utf-8'],
  'POST /form/{mode}': ['application/x-www-form-urlencoded'],
  'POST /multipart/{mode}': ['multipart/form-data'],
  'PUT /octet/{mode}': ['application/octet-stream'],
  'POST /octet/{mode}': ['application/octet-stream'],
  'POST /text/{mode}': ['text/plain; charset=utf-8'],
  'POST /several/{mode}': ['application/xml', 'multipart/form-data', 'application/x-www-form-urlencoded', 'application/json', 'text/plain'],
  'POST /json-or-bytes/{mode}': ['application/json', 'application/octet-stream'],
  'POST /image/{mode}': ['image/*'],
  'POST /anything/{mode}': ['*/*'],
};
const spec: SpecFacts = { servers: [], security: [], securitySchemes: {}, requestMedia };

let server: FaultServer;
let transport: NodeTransport | undefined;
const produced: unknown[] = [];

type Loose = {
  request: (
    method: string,
    path: string,
    init: Record<string, unknown>,
  ) => Promise<{ data?: unknown; error?: { kind: string; message: string; attempts: number; status?: number }; response?: Response }>;
};
function client(options: BaseClientOptions = {}, facts: SpecFacts = spec): Loose {
  return createProviderClient<Record<string, any>>(
    { name: 'bodies', spec: facts },
    { baseUrl: server.url, ...(transport ? { fetch: transport } : {}), retry: { baseDelay: 5, maxDelay: 20 }, ...options },
    {},
  ) as unknown as Loose;
}

let seq = 0;
/** Sends one call to `/<op>/<fault>~n` and returns its result with what the server received. */
async function send(method: string, op: string, init: Record<string, unknown>, fault = 'ok', options: BaseClientOptions = {}) {
  const mode = `${fault}~${++seq}`;
  const res = await client(options).request(method.toLowerCase(), `/${op}/{mode}`, { params: { path: { mode } }, ...init });
  if (res.error) produced.push(res.error);
  const hits = server.hits.filter((h) => h.path === `/${op}/${mode}`);
  return { ...res, hits, hit: hits.at(-1) };
}

/** The server's view of a multipart body, parsed by undici's own parser. */
const parts = (hit: FaultServer['hits'][number]) =>
  new Request('http://x/', {
    method: 'POST',
    headers: { 'content-type': String(hit.headers['content-type']) },
    body: new Uint8Array(hit.bytes),
  }).formData();

const bytesOf = async (v: Blob | FormDataEntryValue | null) => new Uint8Array(await (v as Blob).arrayBuffer());
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const streamOf = (...chunks: Uint8Array[]) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (const chunk of chunks) c.enqueue(chunk);
      c.close();
    },
  });

const transports: [string, () => NodeTransport | undefined][] = [
  ['global fetch', () => undefined],
  ['node transport', () => nodeTransport({ connections: 4 })],
  ['node transport, Request way', () => throughRequests(nodeTransport({ connections: 4 }))],
];
describe.each(transports)('request bodies on %s', (name, makeTransport) => {
  beforeAll(async () => {
    transport = makeTransport();
    server = await startFaultServer(faults(() => ({})));
  });
  afterAll(async () => {
    await transport?.close();
    await server.close();
  });

  it('vendor JSON types: JSON text with the declared Content-Type', async () => {
    const vnd = await send('POST', 'vnd', { body: { data: { type: 'customers', attributes: { name: 'Ann' } } } });
    expect(vnd.error).toBeUndefined();
    expect(vnd.hit?.headers['content-type']).toBe('application/vnd.api+json');
    expect(JSON.parse(vnd.hit!.body)).toEqual({ data: { type: 'customers', attributes: { name: 'Ann' } } });
    const merge = await send('PATCH', 'merge', { body: { phone: null } });
    expect(merge.hit?.headers['content-type']).toBe('application/merge-patch+json');
    expect(merge.hit?.body).toBe('{"phone":null}');
  });

  it('text/json is JSON: JSON text with the declared Content-Type, chosen over text/plain for a value', async () => {
    const dotnet = await send('POST', 'dotnet', { body: { guest: { name: 'Ann' }, nights: 2 } });
    expect(dotnet.error).toBeUndefined();
    expect(dotnet.hit?.headers['content-type']).toBe('text/json');
    expect(JSON.parse(dotnet.hit!.body)).toEqual({ guest: { name: 'Ann' }, nights: 2 });
    const charset = await send('PUT', 'dotnet', { body: [1, 'two'] });
    expect(charset.error).toBeUndefined();
    expect(charset.hit?.headers['content-type']).toBe('text/json; charset=utf-8');
    expect(charset.hit?.body).toBe('[1,"two"]');
  });

  it('form-urlencoded: arrays as repeated keys, nested objects as JSON, null and undefined left out', async () => {
    const res = await send('POST', 'form', {
      body: { name: 'Ann Lee & co', tags: ['a', 'b'], address: { city: 'Zürich' }, gone: null, unset: undefined, n: 3, ok: false },
    });
    expect(res.error).toBeUndefined();
    expect(res.hit?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(res.hit?.body).toBe('name=Ann+Lee+%26+co&tags=a&tags=b&address=%7B%22city%22%3A%22Z%C3%BCrich%22%7D&n=3&ok=false');
    const parsed = new URLSearchParams(res.hit!.body);
    expect(parsed.getAll('tags')).toEqual(['a', 'b']);
    expect(JSON.parse(parsed.get('address')!)).toEqual({ city: 'Zürich' });
    expect(parsed.has('gone')).toBe(false);
    expect(parsed.has('unset')).toBe(false);
  });

  it('form-urlencoded: a URLSearchParams or a string is sent as it is', async () => {
    const params = await send('POST', 'form', {
      body: new URLSearchParams([
        ['grant_type', 'client_credentials'],
        ['scope', 'a b'],
      ]),
    });
    expect(params.hit?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(params.hit?.body).toBe('grant_type=client_credentials&scope=a+b');
    const text = await send('POST', 'form', { body: 'a=1&a=2&b=%20' });
    expect(text.hit?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(text.hit?.body).toBe('a=1&a=2&b=%20');
  });

  it('multipart: file parts with their name and bytes, bytes as Blob parts, JSON parts, repeated parts', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
    const backing = new Uint8Array([9, 9, 0, 1, 2, 255, 9]);
    const res = await send('POST', 'multipart', {
      body: {
        file: new File([png], 'avatar.png', { type: 'image/png' }),
        raw: backing.subarray(2, 6), // a view into a larger buffer: only its own bytes go
        buffer: new Uint8Array([7, 8]).buffer,
        note: new Blob(['plain blob']),
        meta: { owner: 'ann', public: true },
        tags: ['x', 'y'],
        count: 2,
        missing: null,
      },
    });
    expect(res.error).toBeUndefined();
    expect(res.hit?.headers['content-type']).toMatch(/^multipart\/form-data; ?boundary=\S+$/);
    const form = await parts(res.hit!);
    const file = form.get('file') as File;
    expect(file).toBeInstanceOf(File);
    expect(file.name).toBe('avatar.png');
    expect(file.type).toBe('image/png');
    expect(await bytesOf(file)).toEqual(png);
    expect(await bytesOf(form.get('raw'))).toEqual(new Uint8Array([0, 1, 2, 255]));
    expect(await bytesOf(form.get('buffer'))).toEqual(new Uint8Array([7, 8]));
    expect(await (form.get('note') as Blob).text()).toBe('plain blob');
    const meta = form.get('meta') as File;
    expect(meta.type).toBe('application/json');
    expect(JSON.parse(await meta.text())).toEqual({ owner: 'ann', public: true });
    expect(form.getAll('tags')).toEqual(['x', 'y']);
    expect(form.get('count')).toBe('2');
    expect(form.has('missing')).toBe(false);
  });

  it('multipart: a FormData is sent as it is; a Content-Type the caller sets without a boundary is replaced', async () => {
    const fd = new FormData();
    fd.append('a', '1');
    fd.append('f', new File(['hello'], 'h.txt', { type: 'text/plain' }));
    const res = await send('POST', 'multipart', { body: fd, headers: { 'Content-Type': 'multipart/form-data' } });
    expect(res.hit?.headers['content-type']).toMatch(/^multipart\/form-data; ?boundary=\S+$/);
    const form = await parts(res.hit!);
    expect(form.get('a')).toBe('1');
    expect((form.get('f') as File).name).toBe('h.txt');
    expect(await (form.get('f') as File).text()).toBe('hello');
  });

  it('multipart: a body the caller encoded goes as it is when their Content-Type carries the boundary', async () => {
    const encoded = '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--XyZ--\r\n';
    const res = await send('POST', 'multipart', { body: encoded, headers: { 'Content-Type': 'multipart/form-data; boundary=XyZ' } });
    expect(res.error).toBeUndefined();
    expect(res.hit?.headers['content-type']).toBe('multipart/form-data; boundary=XyZ');
    expect(res.hit?.body).toBe(encoded);
    expect((await parts(res.hit!)).get('a')).toBe('1');
  });

  it('a typed multipart upload with a File compiles and arrives (codegen types format: binary as Blob)', async () => {
    const typed = createProviderClient<Paths>(
      { name: 'bodies', spec },
      { baseUrl: server.url, ...(transport ? { fetch: transport } : {}) },
      {},
    );
    const mode = `ok~${++seq}`;
    const res = await typed.POST('/upload/{mode}', {
      params: { path: { mode } },
      body: { file: new File(['%PDF-1.7'], 'doc.pdf', { type: 'application/pdf' }), meta: { owner: 'ann', public: false } },
    });
    expect(res.error).toBeUndefined();
    const hit = server.hits.find((h) => h.path === `/upload/${mode}`)!;
    const form = await parts(hit);
    expect((form.get('file') as File).name).toBe('doc.pdf');
    expect(JSON.parse(await (form.get('meta') as File).text())).toEqual({ owner: 'ann', public: false });
  });

  it.each([
    [
      'a Uint8Array (a view into a larger buffer)',
      () => new Uint8Array([1, 0, 222, 173, 190, 239, 1]).subarray(1, 6),
      [0, 222, 173, 190, 239],
    ],
    ['a Blob', () => new Blob([new Uint8Array([0, 1, 2, 3, 254, 255])]), [0, 1, 2, 3, 254, 255]],
    ['an ArrayBuffer', () => new Uint8Array([5, 6, 7]).buffer, [5, 6, 7]],
    ['a DataView', () => new DataView(new Uint8Array([4, 3, 2, 1]).buffer, 1, 2), [3, 2]],
    ['a ReadableStream', () => streamOf(new Uint8Array([10, 11]), new Uint8Array([12, 0, 255])), [10, 11, 12, 0, 255]],
    ['a string', () => 'héllo', [...new TextEncoder().encode('héllo')]],
  ])('octet-stream: %s arrives byte for byte', async (_n, make, expected) => {
    const res = await send('PUT', 'octet', { body: make() });
    expect(res.error).toBeUndefined();
    expect(res.hit?.headers['content-type']).toBe('application/octet-stream');
    expect([...res.hit!.bytes]).toEqual(expected);
  });

  it('text/plain: a string as it is, a number as text, with the declared Content-Type', async () => {
    const text = await send('POST', 'text', { body: 'héllo wörld' });
    expect(text.hit?.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.hit?.body).toBe('héllo wörld');
    const num = await send('POST', 'text', { body: 42 });
    expect(num.hit?.body).toBe('42');
  });

  it('several declared types: JSON by default; the caller’s Content-Type picks another; an undeclared one falls back', async () => {
    const byDefault = await send('POST', 'several', { body: { a: 1 } });
    expect(byDefault.hit?.headers['content-type']).toBe('application/json');
    expect(byDefault.hit?.body).toBe('{"a":1}');
    const form = await send('POST', 'several', {
      body: { a: 1, b: ['x', 'y'] },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.hit?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(form.hit?.body).toBe('a=1&b=x&b=y');
    const xml = await send('POST', 'several', { body: '<a>1</a>', headers: new Headers({ 'Content-Type': 'application/xml' }) });
    expect(xml.hit?.headers['content-type']).toBe('application/xml');
    expect(xml.hit?.body).toBe('<a>1</a>');
    const text = await send('POST', 'several', { body: 'hi', headers: [['Content-Type', 'text/plain']] });
    expect(text.hit?.headers['content-type']).toBe('text/plain');
    expect(text.hit?.body).toBe('hi');
    const multi = await send('POST', 'several', { body: { a: 1 }, headers: { 'Content-Type': 'multipart/form-data' } });
    expect(multi.hit?.headers['content-type']).toMatch(/^multipart\/form-data; ?boundary=/);
    expect((await parts(multi.hit!)).get('a')).toBe('1');
    // not declared: the client's own choice, so the body and its Content-Type agree
    const other = await send('POST', 'several', { body: { a: 1 }, headers: { 'Content-Type': 'application/pdf', 'x-trace': 't1' } });
    expect(other.hit?.headers['content-type']).toBe('application/json');
    expect(other.hit?.headers['x-trace']).toBe('t1');
    expect(other.hit?.body).toBe('{"a":1}');
  });

  it('the body’s own kind picks the type when the caller does not: bytes go as octet-stream, not JSON', async () => {
    const bytes = await send('POST', 'json-or-bytes', { body: new Blob(['%PDF']) });
    expect(bytes.hit?.headers['content-type']).toBe('application/octet-stream');
    expect(bytes.hit?.body).toBe('%PDF');
    const obj = await send('POST', 'json-or-bytes', { body: { a: 1 } });
    expect(obj.hit?.headers['content-type']).toBe('application/json');
  });

  it('wildcards: image/* takes the Blob’s own type or the caller’s; */* sends an object as JSON', async () => {
    const png = await send('POST', 'image', { body: new Blob([new Uint8Array([1, 2])], { type: 'image/png' }) });
    expect(png.hit?.headers['content-type']).toBe('image/png');
    expect([...png.hit!.bytes]).toEqual([1, 2]);
    const jpeg = await send('POST', 'image', { body: new Uint8Array([3]), headers: { 'Content-Type': 'image/jpeg' } });
    expect(jpeg.hit?.headers['content-type']).toBe('image/jpeg');
    const any = await send('POST', 'anything', { body: { a: [1] } });
    expect(any.hit?.headers['content-type']).toBe('application/json');
    expect(any.hit?.body).toBe('{"a":[1]}');
    // image/* and bytes of no known type: nothing to put in Content-Type, so nothing is sent
    const unknown = await send('POST', 'image', { body: new Uint8Array([3]) });
    expect(unknown.error).toMatchObject({ kind: 'invalid_request', attempts: 0 });
    expect(unknown.error?.message).toMatch(/POST \/image\/\{mode\}.*image\/\*.*pass its Content-Type/);
    expect(unknown.hits).toHaveLength(0);
  });

  it('a null body sends no body and no Content-Type; an operation without requestMedia sends JSON as before', async () => {
    const none = await send('POST', 'form', { body: null });
    expect(none.error).toBeUndefined();
    expect(none.hit?.headers['content-type']).toBeUndefined();
    expect(none.hit?.bytes.length).toBe(0);
    const plain = await send('POST', 'undeclared', { body: { a: 1 } });
    expect(plain.hit?.headers['content-type']).toBe('application/json');
    expect(plain.hit?.body).toBe('{"a":1}');
  });

  it('a per-call bodySerializer still wins; the declared Content-Type is set unless the call sets one', async () => {
    const res = await send('POST', 'form', { body: { a: 1 }, bodySerializer: (b: { a: number }) => `custom=${b.a}` });
    expect(res.hit?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(res.hit?.body).toBe('custom=1');
  });

  it.each([
    ['PUT', 'octet', { token: SECRET }, /PUT \/octet\/\{mode\}: a body sent as application\/octet-stream must be a Blob.*not an object/],
    ['PUT', 'octet', 12345, /application\/octet-stream must be .*not a number/],
    ['POST', 'text', { token: SECRET }, /POST \/text\/\{mode\}: a body sent as text\/plain; charset=utf-8 must be a string/],
    ['POST', 'form', [SECRET], /application\/x-www-form-urlencoded must be an object, a URLSearchParams or a string, not an array/],
    ['POST', 'multipart', SECRET, /multipart\/form-data must be an object or a FormData, not a string/],
    [
      'POST',
      'vnd',
      { name: SECRET, file: new Blob(['x']) },
      /POST \/vnd\/\{mode\}: field "file" is binary data, which application\/vnd\.api\+json cannot carry/,
    ],
    [
      'POST',
      'form',
      { name: SECRET, file: new Uint8Array([1]) },
      /field "file" is binary data, which application\/x-www-form-urlencoded cannot carry/,
    ],
  ])('%s %s with a body the type cannot carry: invalid_request naming operation and type, not the value', async (method, op, body, msg) => {
    const res = await send(method, op, { body });
    expect(res.error).toMatchObject({ kind: 'invalid_request', attempts: 0 });
    expect(res.error?.message).toMatch(msg);
    for (const view of [JSON.stringify(res.error), inspect(res.error, { depth: 5 })]) {
      expect(view).not.toContain(SECRET);
      expect(view).not.toContain('12345');
    }
    expect(res.hits).toHaveLength(0);
  });

  it('throwOnError: an unsendable body throws ApiError invalid_request', async () => {
    await expect(
      client({ throwOnError: true }).request('put', '/octet/{mode}', { params: { path: { mode: 'ok' } }, body: { token: SECRET } }),
    ).rejects.toMatchObject({ name: 'ApiError', kind: 'invalid_request' });
  });

  it('a stream body is not retried once it may have been sent (503, connection dropped after reading)', async () => {
    const chunk = new Uint8Array([1, 2, 3]);
    const after503 = await send('PUT', 'octet', { body: streamOf(chunk) }, 'status-503');
    expect(after503.error).toMatchObject({ kind: 'server', status: 503, attempts: 1 });
    expect(after503.hits).toHaveLength(1);
    expect([...after503.hit!.bytes]).toEqual([1, 2, 3]);
    const reset = await send('PUT', 'octet', { body: streamOf(chunk) }, 'read-then-reset');
    expect(reset.error).toMatchObject({ kind: 'network', attempts: 1 });
    expect(reset.hits).toHaveLength(1);
    // a stream a caller's own serialiser returns counts too
    const own = await send('PUT', 'octet', { body: 'x', bodySerializer: () => streamOf(chunk) }, 'status-503');
    expect(own.error).toMatchObject({ kind: 'server', status: 503, attempts: 1 });
  });

  it('a Blob, bytes or form body is sent again, whole, on every attempt', async () => {
    const blob = await send('PUT', 'octet', { body: new Blob([new Uint8Array([7, 7, 7])]) }, 'status-503');
    expect(blob.error).toMatchObject({ kind: 'server', attempts: 3 });
    expect(blob.hits.map((h) => [...h.bytes])).toEqual([
      [7, 7, 7],
      [7, 7, 7],
      [7, 7, 7],
    ]);
    const form = await send('POST', 'multipart', { body: { f: new File(['abc'], 'a.txt') } }, 'flaky-503');
    expect(form.error).toBeUndefined();
    expect(form.hits).toHaveLength(2);
    for (const h of form.hits) expect(await (await parts(h)).get('f')).toMatchObject({ name: 'a.txt' });
  });

  it('a stream body to a refused connection: one attempt', async () => {
    const res = await client({ baseUrl: await refusedUrl() }).request('put', '/octet/{mode}', {
      params: { path: { mode: 'x' } },
      body: streamOf(new Uint8Array([1])),
    });
    produced.push(res.error);
    expect(res.error).toMatchObject({ kind: 'network', attempts: 1 });
  });

  it('a signer sees the body as sent (form-urlencoded text)', async () => {
    const signed: SpecFacts = {
      ...spec,
      security: [{ sig: [] }],
      securitySchemes: { sig: { type: 'apiKey', in: 'header', name: 'x-sig' } },
    };
    const c = createProviderClient<Record<string, any>>(
      { name: 'bodies', spec: signed },
      { baseUrl: server.url, ...(transport ? { fetch: transport } : {}) },
      { sig: ({ body }) => createHmac('sha256', 'k').update(body).digest('hex') },
    ) as unknown as Loose;
    const mode = `ok~${++seq}`;
    await c.request('post', '/form/{mode}', { params: { path: { mode } }, body: { a: 'b c' } });
    const hit = server.hits.find((h) => h.path === `/form/${mode}`)!;
    expect(hit.body).toBe('a=b+c');
    expect(hit.headers['x-sig']).toBe(createHmac('sha256', 'k').update('a=b+c').digest('hex'));
  });

  it('a 3 MiB Blob arrives whole; the node transport streams it (chunked) and sends a small body with its length', async () => {
    const big = new Uint8Array(3 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big[i] = i % 251;
    const res = await send('POST', 'octet', { body: new Blob([big]) });
    expect(res.error).toBeUndefined();
    expect(res.hit?.bytes.length).toBe(big.length);
    expect(sha(res.hit!.bytes)).toBe(sha(big));
    const small = await send('POST', 'octet', { body: new Uint8Array(1000) });
    expect(small.hit?.headers['content-length']).toBe('1000');
    if (name.startsWith('node transport')) expect(res.hit?.headers['transfer-encoding']).toBe('chunked');
    else expect(res.hit?.headers['content-length']).toBe(String(big.length));
  });

  it('no error in this suite contains a body value', () => {
    expect(produced.length).toBeGreaterThan(5);
    for (const e of produced) expect(JSON.stringify(e)).not.toContain(SECRET);
  });
});
