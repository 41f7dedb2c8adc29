// Response bodies of every JSON media type the spec model calls JSON (application/json, text/json,
// any `+json` type, parameters and case ignored): at run time `data` and `error.body` are the parsed
// body, against a real server on 127.0.0.1 over both transports; and the call result's types are
// those bodies too (checked by this workspace's typecheck; the codegen-to-tsc version of this
// check is scripts/test/codegen/response-types.test.mjs).
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProviderClient, type JsonMediaOf, type SpecFacts } from '../src/index.js';
import { nodeTransport, type NodeTransport } from '../src/node.js';
import { throughRequests } from './paths.js';

type Video = { id: string; title: string };
type Problem = { type: string; title: string };
type Op<Content, Errors = unknown> = {
  parameters: { query?: never; header?: never; path: { kind: string }; cookie?: never };
  requestBody?: never;
  responses: { 200: { headers: Record<string, unknown>; content: Content } } & Errors;
};
// what openapi-typescript writes: `content` keyed by the media type as the spec writes it
type Paths = {
  '/vendor/{kind}': {
    get: Op<
      { 'application/vnd.example.video+json': Video },
      { 404: { headers: Record<string, unknown>; content: { 'application/problem+json': Problem } } }
    >;
  };
  '/charset/{kind}': { get: Op<{ 'application/json; charset=utf-8': Video[] }> };
  '/upper/{kind}': { get: Op<{ 'Application/Vnd.Example+JSON ; v=1': Video }> };
  '/text/{kind}': { get: Op<{ 'text/plain': string }> };
  // what .NET APIs document (hetras-certification.net): text/plain, application/json and text/json
  '/dotnet/{kind}': { get: Op<{ 'text/plain': Video; 'text/json': Video }> };
  '/text-json/{kind}': { get: Op<{ 'text/json; charset=utf-8': Video[] }> };
};

const video: Video = { id: 'v1', title: 'Launch' };
const problem: Problem = { type: 'about:blank', title: 'no such video' };
const answers: Record<string, [number, string, unknown]> = {
  vendor: [200, 'application/vnd.example.video+json', video],
  'vendor-chunked': [200, 'application/vnd.example.video+json', video],
  'vendor-charset': [200, 'application/vnd.example.video+json; charset=utf-8', video],
  'text-json': [200, 'text/vnd.example+json', video],
  dotnet: [200, 'text/json', video],
  'dotnet-chunked': [200, 'text/json', video],
  'dotnet-charset': [200, 'Text/JSON; charset=utf-8', [video]],
  upper: [200, 'Application/Vnd.Example+JSON; v=1', video],
  charset: [200, 'application/json; charset=utf-8', [video]],
  missing: [404, 'application/problem+json', problem],
  plain: [200, 'text/plain', 'hello'],
  'plain-chunked': [200, 'text/plain', 'hello'],
  'binary-chunked': [200, 'application/octet-stream', 'bytes'],
  // statuses Node's server knows no reason phrase for: it sends "unknown"
  unusual: [480, 'text/plain', ''],
  'unusual-html': [599, 'text/html', '<html><body>no</body></html>'],
};

let server: Server;
let baseUrl: string;
let transport: NodeTransport;
beforeAll(async () => {
  server = createServer((req, res) => {
    const [status, type, body] = answers[decodeURIComponent(req.url!.split('/')[2] ?? '')] ?? [500, 'text/plain', 'unknown case'];
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    // with a Content-Length the client reads the body by its Content-Type; chunked, openapi-fetch parses it itself
    res.writeHead(status, {
      'content-type': type,
      ...(req.url!.endsWith('-chunked') ? {} : { 'content-length': Buffer.byteLength(text) }),
    });
    res.end(text);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  transport = nodeTransport();
});
afterAll(async () => {
  await transport?.close();
  await new Promise((done) => server?.close(done));
});

const spec: SpecFacts = {
  servers: [],
  security: [],
  securitySchemes: {},
  operations: {
    'GET /vendor/{kind}': ['200', '404'],
    'GET /charset/{kind}': ['200'],
    'GET /upper/{kind}': ['200'],
    'GET /text/{kind}': ['200'],
    'GET /dotnet/{kind}': ['200'],
    'GET /text-json/{kind}': ['200'],
  },
};
const client = (fetch: NodeTransport | undefined) =>
  createProviderClient<Paths>({ name: 'media', spec }, { baseUrl, retry: false, ...(fetch ? { fetch } : {}) }, {});

describe.each([
  ['global fetch', () => undefined],
  ['node transport', () => transport],
  ['node transport, Request way', () => throughRequests(transport)],
])('JSON response media types on %s', (_name, fetch) => {
  it.each(['vendor', 'vendor-chunked', 'vendor-charset', 'text-json', 'upper'])(
    'a %s body is the parsed JSON value in data',
    async (kind) => {
      const { data, error } = await client(fetch()).GET('/vendor/{kind}', { params: { path: { kind } } });
      expect(error).toBeUndefined();
      expect(data).toEqual(video);
    },
  );

  it.each([
    ['unusual', 480, 'with an empty body'],
    ['unusual-html', 599, 'with an HTML page'],
  ])("an undocumented %s status is named by its number alone, never the server's reason phrase", async (kind, status, how) => {
    const { error } = await client(fetch()).GET('/vendor/{kind}', { params: { path: { kind } } });
    expect(error).toMatchObject({ status, documented: false });
    expect(error?.message).toMatch(new RegExp(` answered ${status} ${how}$`));
    expect(error?.message).not.toMatch(/unknown/i);
  });

  it.each(['dotnet', 'dotnet-chunked'])('a text/json body (%s) is the parsed JSON value in data', async (kind) => {
    const { data, error } = await client(fetch()).GET('/dotnet/{kind}', { params: { path: { kind } } });
    expect(error).toBeUndefined();
    expect(data).toEqual(video);
  });

  it('a text/json; charset=utf-8 body, in any case, is the parsed value', async () => {
    const { data } = await client(fetch()).GET('/text-json/{kind}', { params: { path: { kind: 'dotnet-charset' } } });
    expect(data).toEqual([video]);
  });

  it('an application/json; charset=utf-8 body is the parsed value', async () => {
    const { data } = await client(fetch()).GET('/charset/{kind}', { params: { path: { kind: 'charset' } } });
    expect(data).toEqual([video]);
  });

  it('a success that is not JSON, without a Content-Length, is read by its Content-Type (text, else a Blob)', async () => {
    const text = await client(fetch()).GET('/text/{kind}', { params: { path: { kind: 'plain-chunked' } } });
    expect(text.error).toBeUndefined();
    expect(text.data).toBe('hello');
    const bytes = await client(fetch()).GET('/text/{kind}', { params: { path: { kind: 'binary-chunked' } } });
    expect(bytes.error).toBeUndefined();
    expect(bytes.data).toBeInstanceOf(Blob);
    expect(await (bytes.data as unknown as Blob).text()).toBe('bytes');
  });

  it('a documented application/problem+json error body is the parsed value in error.body', async () => {
    const { data, error } = await client(fetch()).GET('/vendor/{kind}', { params: { path: { kind: 'missing' } } });
    expect(data).toBeUndefined();
    expect(error).toMatchObject({ status: 404, documented: true, kind: 'not_found', body: problem });
  });
});

describe('JSON response media types, typed', () => {
  it('picks the media types the spec model calls JSON', () => {
    expectTypeOf<
      JsonMediaOf<{
        'application/json': 1;
        'application/vnd.example.video+json': 2;
        'application/json; charset=utf-8': 3;
        'APPLICATION/PROBLEM+JSON': 4;
        ' text/x+json ; q=1': 5;
        'text/plain': 6;
        'application/jsonl': 7;
        'application/json-seq': 8;
        '*/*': 9;
        'text/json': 10;
        'Text/JSON; charset=utf-8': 11;
        'text/jsonx': 12;
      }>
    >().toEqualTypeOf<
      | 'application/json'
      | 'application/vnd.example.video+json'
      | 'application/json; charset=utf-8'
      | 'APPLICATION/PROBLEM+JSON'
      | ' text/x+json ; q=1'
      | 'text/json'
      | 'Text/JSON; charset=utf-8'
    >();
  });

  it('types data and a documented error body as the bodies of those media types', async () => {
    const vendor = await client(undefined).GET('/vendor/{kind}', { params: { path: { kind: 'vendor' } } });
    if (vendor.data) expectTypeOf(vendor.data).toEqualTypeOf<Video>();
    if (vendor.error?.documented) expectTypeOf(vendor.error.body).toEqualTypeOf<Problem>();
    const charset = await client(undefined).GET('/charset/{kind}', { params: { path: { kind: 'charset' } } });
    if (charset.data) expectTypeOf(charset.data).toEqualTypeOf<Video[]>();
    const upper = await client(undefined).GET('/upper/{kind}', { params: { path: { kind: 'upper' } } });
    if (upper.data) expectTypeOf(upper.data).toEqualTypeOf<Video>();
    // text/json beside text/plain (.NET): the JSON one's body
    const dotnet = await client(undefined).GET('/dotnet/{kind}', { params: { path: { kind: 'dotnet' } } });
    if (dotnet.data) expectTypeOf(dotnet.data).toEqualTypeOf<Video>();
    expect(dotnet.data).toEqual(video);
    // no JSON type: the declared body (read by its Content-Type: text as a string), not the content map
    const text = await client(undefined).GET('/text/{kind}', { params: { path: { kind: 'plain' } } });
    if (text.data !== undefined) expectTypeOf(text.data).toEqualTypeOf<string>();
    expect(text.error).toBeUndefined();
    expect([vendor.data, charset.data, upper.data, text.data]).toEqual([video, [video], video, 'hello']);
  });
});
