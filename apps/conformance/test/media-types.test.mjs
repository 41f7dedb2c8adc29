// Request bodies of every media type, end to end, on a provider spec written for the test
// (test/fixtures/media.yaml: form-urlencoded, multipart with a file and fields, octet-stream,
// text/plain, a vendor +json type, JSON or form on one operation; security per operation only).
// Its run-time facts come from codegen (`specFacts`, with `requestMedia`) and its client from
// @capi/core, as a generated provider package would make it. Then
//   1. the whole contract suite runs on it against a real Prism (statuses, credentials, the
//      required body, constraint cases, valid and invalid properties, per media type);
//   2. a recording proxy between the client and Prism shows what arrived for each media type:
//      the Content-Type and the body, decoded as a server decodes it.
// Both need the client to serialise bodies by media type (packages/core reading `requestMedia`):
// a client that sends every body as JSON fails the multipart, octet-stream and text cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, request as forward } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createProviderClient } from '@capi/core';
import { renderTypes, specFacts, validateSpec } from '@capi/scripts/lib/codegen/codegen.ts';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { startPrism } from '../src/prism.ts';
import { bodyPlan } from '../src/request/bodies.ts';
import { acceptFor, paramsFor, requestProblem, validBodyFor } from '../src/request/cases.ts';
import { providerSuite } from './contract-suite.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/media.yaml', import.meta.url));
const asWritten = loadSpecModel(FIXTURE, { schemas: 'as-written' });
const facts = specFacts(asWritten.source, asWritten);
const CREDENTIALS = { apiKey: 'conformance-api-key', bearer: 'conformance-token' };
const mediaClient = (baseUrl, extra = {}) =>
  createProviderClient({ name: 'media', spec: facts }, { baseUrl, retry: false, ...extra }, CREDENTIALS);

describe('the media types fixture', () => {
  it('is a valid spec that codegen types: the file field and the octet-stream body as Blob', async () => {
    await validateSpec(readFileSync(FIXTURE, 'utf8'), FIXTURE, { provider: 'media', file: 'media.yaml' });
    const { schemaTs } = await renderTypes(loadSpecModel(FIXTURE, { schemas: 'as-written' }).source, {
      provider: 'media',
      file: 'media.yaml',
    });
    expect(schemaTs).toMatch(/"multipart\/form-data": \{[^}]*file: Blob;/);
    expect(schemaTs).toMatch(/"application\/octet-stream": Blob;/);
  });

  it('has what the suite below is meant to cover, and codegen states each request media type', () => {
    const media = asWritten.operations.flatMap((o) => o.requestBody?.media.map((m) => m.kind) ?? []);
    expect(new Set(media)).toEqual(new Set(['json', 'form', 'multipart', 'binary', 'text']));
    expect(asWritten.security).toEqual([]);
    expect(asWritten.operations.every((o) => o.ownSecurity)).toBe(true);
    expect(facts.requestMedia).toEqual({
      'POST /contacts': ['application/x-www-form-urlencoded'],
      'PUT /contacts/{id}/avatar': ['multipart/form-data'],
      'PUT /contacts/{id}/document': ['application/octet-stream'],
      'PUT /contacts/{id}/note': ['text/plain'],
      'PATCH /contacts/{id}/preferences': ['application/vnd.media.preferences+json'],
      'POST /search': ['application/json', 'application/x-www-form-urlencoded'],
    });
  });
});

// 1. the contract suite, on a provider that is not registered
providerSuite({ name: 'media', effective: FIXTURE }, { client: mediaClient, runs: 25 });

// 2. what arrives
describe('what a server receives for each request media type', () => {
  const model = loadSpecModel(FIXTURE);
  let prism;
  let proxy;
  let client;
  beforeAll(async () => {
    prism = await startPrism(FIXTURE);
    proxy = await recordingProxy(prism.url);
    client = mediaClient(proxy.url);
  });
  afterAll(async () => {
    await proxy?.close();
    await prism?.close();
  });

  const cases = model.operations.flatMap((op) => (op.requestBody?.media ?? []).map((media) => [`${op.key} as ${media.type}`, op, media]));
  it.each(cases)('%s: the Content-Type and the body that arrive are the ones sent', async (_title, op, media) => {
    expect(requestProblem(op, model, media)).toBeNull();
    const body = validBodyFor(op, model, media);
    const { response, error } = await client.request(op.method.toLowerCase(), op.path, {
      params: paramsFor(op, model),
      body,
      headers: { 'Content-Type': media.type, ...acceptFor(op.responses.filter((r) => /^2/.test(r.status))) },
    });
    const got = proxy.last();
    expect(got.method).toBe(op.method);
    expect(essence(got.contentType), 'Content-Type').toBe(media.essence);
    await expectSame(media, body, got);
    expect(response.status, JSON.stringify(error?.body)).toBeGreaterThanOrEqual(200);
    expect(response.status).toBeLessThan(300);
  });

  it('a plain object for an operation that takes JSON or a form goes as JSON unless the call says otherwise', async () => {
    const op = model.operation('POST /search');
    await client.request('post', '/search', { body: { q: 'ab', limit: 3 } });
    const got = proxy.last();
    expect(essence(got.contentType)).toBe('application/json');
    expect(JSON.parse(got.body.toString('utf8'))).toEqual({ q: 'ab', limit: 3 });
    expect(op.requestBody.preferred.type).toBe('application/json');
  });

  it('a multipart file field keeps its media type, and the fields next to it arrive as text', async () => {
    const op = model.operation('PUT /contacts/{id}/avatar');
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 255]);
    const { response } = await client.request('put', op.path, {
      params: paramsFor(op, model),
      body: { file: new Blob([png], { type: 'image/png' }), caption: 'front', width: 64, primary: true },
      headers: { 'Content-Type': 'multipart/form-data' },
    });
    const got = proxy.last();
    expect(got.contentType).toMatch(/^multipart\/form-data; ?boundary=/);
    const form = await new Response(got.body, { headers: { 'content-type': got.contentType } }).formData();
    const file = form.get('file');
    expect(file).toBeInstanceOf(Blob);
    expect(file.type).toBe('image/png');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(png);
    expect([form.get('caption'), form.get('width'), form.get('primary')]).toEqual(['front', '64', 'true']);
    expect(response.status).toBe(200);
  });
});

const essence = (type) =>
  String(type ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();

/** The body that arrived, decoded as a server decodes its media type, equals the body sent. */
async function expectSame(media, sent, got) {
  switch (media.kind) {
    case 'json':
      expect(JSON.parse(got.body.toString('utf8'))).toEqual(sent);
      return;
    case 'form': {
      const params = new URLSearchParams(got.body.toString('utf8'));
      const arrived = Object.fromEntries([...new Set(params.keys())].map((k) => [k, params.getAll(k)]));
      const expected = Object.fromEntries(
        Object.entries(bodyPlan(loadSpecModel(FIXTURE), media).wire(sent)).map(([k, v]) => [k, [v].flat()]),
      );
      expect(arrived).toEqual(expected);
      return;
    }
    case 'multipart': {
      expect(got.contentType).toMatch(/;\s*boundary=/);
      const form = await new Response(got.body, { headers: { 'content-type': got.contentType } }).formData();
      const arrived = {};
      for (const [k, v] of form) arrived[k] = v instanceof Blob ? [...new Uint8Array(await v.arrayBuffer())] : v;
      const expected = {};
      for (const [k, v] of Object.entries(sent)) {
        if (v === null || v === undefined) continue;
        expected[k] = v instanceof Blob ? [...new Uint8Array(await v.arrayBuffer())] : String(v);
      }
      expect(arrived).toEqual(expected);
      return;
    }
    case 'text':
      expect(got.body.toString('utf8')).toBe(sent);
      return;
    default:
      expect(new Uint8Array(got.body)).toEqual(sent);
  }
}

/**
 * A proxy on 127.0.0.1 (port 0) in front of `target` that records each request (method, URL,
 * Content-Type, body bytes) and forwards it with the body as it arrived.
 */
async function recordingProxy(target) {
  const seen = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method, url: req.url, contentType: req.headers['content-type'], body });
      const { 'transfer-encoding': _chunked, host: _host, ...headers } = req.headers;
      const out = forward(
        new URL(req.url, target),
        { method: req.method, headers: { ...headers, 'content-length': body.length } },
        (up) => {
          res.writeHead(up.statusCode, up.headers);
          up.pipe(res);
        },
      );
      out.on('error', (err) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(err.message);
      });
      out.end(body);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    last: () => seen.at(-1),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
