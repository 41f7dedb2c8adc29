// The fake as a library (@capi/core/fake's kit, given the spec model): in-process as a provider client's `fetch` (no port, no
// Prism; the spec model validates), or served on 127.0.0.1; seed records, reset, the requests
// received, and the faults a user's own code has to survive, each seen through a real client.
import { afterEach, describe, expect, it } from 'vitest';
import { selectProviders } from '@capi/scripts/lib/registry/registry.ts';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createClient, testRoot } from '@capi/conformance/clients.ts';
import { fakes } from '../src/providers.ts';
import { createFake } from '@capi/core/fake';
import { join, resolve } from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

const [salesive] = selectProviders(['salesive'], testRoot());
const model = loadSpecModel(salesive.effective, { provider: 'salesive' });
// salesive's first seeded customer, as the spec's representation has it (`id` mirrors `_id`)
const seeded = { ...fakes.salesive.records.customers[0], id: fakes.salesive.records.customers[0]._id };
const id = seeded._id;
const options = { records: { customers: [seeded] }, operations: { 'PUT /customers/{id}': 'update' } };
const open = [];
afterEach(async () => {
  for (const fake of open.splice(0)) await fake.close();
});
const fakeWith = (extra = {}) => {
  const fake = createFake(model, { ...options, ...extra });
  open.push(fake);
  return fake;
};
const put = (client, body, opts = {}) => client.PUT('/customers/{id}', { params: { path: { id } }, body, ...opts });

describe('createFake() in-process, as the client transport', () => {
  it('serves the seed, remembers an update, logs the request, and reset() goes back', async () => {
    const fake = fakeWith();
    const client = await createClient('salesive', 'https://api.example.test', { fetch: fake.fetch });
    const { data, response } = await put(client, { name: 'Ada Obi-Lawal' });
    expect(response.status).toBe(200);
    expect(data.data).toMatchObject({ _id: id, name: 'Ada Obi-Lawal', email: seeded.email });
    expect(fake.records('customers')[0].name).toBe('Ada Obi-Lawal');
    expect(fake.requests()).toEqual([
      { method: 'PUT', path: `/customers/${id}`, query: {}, operation: 'PUT /customers/{id}', body: { name: 'Ada Obi-Lawal' } },
    ]);
    fake.reset();
    expect([fake.records('customers')[0].name, fake.requests()]).toEqual([seeded.name, []]);
  });

  it('an unknown id is the documented 404, a body the schema refuses the documented 400', async () => {
    const fake = fakeWith();
    const client = await createClient('salesive', 'https://api.example.test', { fetch: fake.fetch });
    const missing = await client.PUT('/customers/{id}', { params: { path: { id: '..%2F' } }, body: { name: 'x' } });
    expect([missing.response.status, missing.error?.status]).toEqual([404, 404]);
    const invalid = await put(client, { active: 'yes' });
    expect(invalid.response.status).toBe(400);
    expect(fake.records('customers')[0].active).toBe(true);
  });

  it('faults: a 5xx, a 429 with Retry-After, latency, a dropped connection, a timeout, a drifted answer', async () => {
    const fake = fakeWith();
    const once = await createClient('salesive', 'https://api.example.test', { fetch: fake.fetch });
    fake.fail({ kind: 'status', status: 503 });
    const unavailable = await put(once, { name: 'n1' });
    expect([unavailable.response.status, fake.records('customers')[0].name]).toEqual([503, seeded.name]);

    fake.fail({ kind: 'rate-limit', retryAfter: 7 }, { operation: 'PUT /customers/{id}' });
    const limited = await put(once, { name: 'n2' });
    expect([limited.response.status, limited.response.headers.get('retry-after'), limited.error?.retryAfter]).toEqual([429, '7', 7]);

    // the client's own retry gets through once the fault is spent
    const retrying = await createClient('salesive', 'https://api.example.test', {
      fetch: fake.fetch,
      retry: { maxAttempts: 2, baseDelay: 1, maxDelay: 1 },
    });
    fake.fail({ kind: 'status', status: 503 });
    const retried = await put(retrying, { name: 'n3' });
    expect([retried.response.status, retried.data.data.name]).toEqual([200, 'n3']);

    fake.fail({ kind: 'latency', ms: 5 });
    expect((await put(once, { name: 'n4' })).response.status).toBe(200);

    fake.fail({ kind: 'drop' });
    expect((await put(once, { name: 'n5' })).error?.kind).toBe('network');

    fake.fail({ kind: 'timeout' });
    expect((await put(once, { name: 'n6' }, { timeoutMs: 20 })).error?.kind).toBe('timeout');

    fake.fail({ kind: 'drift' });
    const drifted = await put(once, { name: 'n7' });
    expect(drifted.response.status).toBe(200);
    expect(model.validate(model.operation('PUT /customers/{id}').responses[0].schemaPointer, drifted.data).ok).toBe(false);
    expect(fake.requests().map((r) => r.body?.name)).toEqual(['n1', 'n2', 'n3', 'n3', 'n4', 'n5', 'n6', 'n7']);
  });

  it('the request log keeps the last 1000 requests, and a large body by its size only', async () => {
    const fake = fakeWith();
    const client = await createClient('salesive', 'https://api.example.test', { fetch: fake.fetch });
    await put(client, { name: 'x'.repeat(20_000) });
    expect(fake.requests()[0].body).toBe('[a body of 20011 bytes, not kept]');
    for (let i = 0; i < 1001; i++) await put(client, { phone: String(i) });
    const log = fake.requests();
    expect([log.length, log[0].body, log.at(-1).body]).toEqual([1000, { phone: '1' }, { phone: '1000' }]);
  });

  it('a JSON body with bytes that are not UTF-8 is the documented 400, in-process and served; nothing stored', async () => {
    const fake = fakeWith();
    const base = await fake.listen(0);
    const body = Buffer.concat([Buffer.from('{"name":"Ada'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    for (const [send, url] of [
      [fake.fetch, 'https://api.example.test'],
      [fetch, base],
    ]) {
      const res = await send(`${url}/customers/${id}`, {
        method: 'PUT',
        headers: { authorization: 'Bearer app_test', 'content-type': 'application/json' },
        body,
      });
      expect([res.status, (await res.json()).message]).toEqual([400, 'the request body is not UTF-8 (JSON is UTF-8, RFC 8259)']);
    }
    expect(fake.records('customers')[0].name).toBe(seeded.name);
  });

  it('fail() refuses an operation the spec does not have', () => {
    expect(() => fakeWith().fail({ kind: 'drop' }, { operation: 'GET /nope' })).toThrow(/no operation "GET \/nope"/);
  });

  it('fail() refuses a latency or Retry-After it cannot send as asked (negative, NaN, past a timer, 1e21 written "1e+21")', async () => {
    const fake = fakeWith();
    for (const ms of [-1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, '100']) {
      expect(() => fake.fail({ kind: 'latency', ms }), String(ms)).toThrow(/ms must be a finite number of milliseconds/);
    }
    for (const retryAfter of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1e21, 2 ** 53]) {
      expect(() => fake.fail({ kind: 'rate-limit', retryAfter }), String(retryAfter)).toThrow(
        /retryAfter must be a whole number of seconds/,
      );
    }
    // the largest accepted is sent as the digits a client reads
    fake.fail({ kind: 'rate-limit', retryAfter: 2 ** 53 - 1 });
    const res = await fake.fetch(`https://api.example.test/customers/${id}`, { headers: { authorization: 'Bearer app_test' } });
    expect([res.status, res.headers.get('retry-after')]).toEqual([429, String(2 ** 53 - 1)]);
  });
});

describe('createFake() of a spec whose first operation documents no 404 (test/fixtures/shop.yaml)', () => {
  it('a path no operation has is a 404 "no such operation", not another operation\'s 401', async () => {
    const fake = createFake(loadSpecModel(resolve(import.meta.dirname, 'fixtures/shop.yaml')));
    const auth = { authorization: 'Bearer t' };
    for (const target of ['/v1/nope', '/v2/orders', '//orders', '/v1/orders/a/b/c/d']) {
      const res = await fake.fetch(`https://shop.example.com${target}`, { headers: auth });
      expect([target, res.status, (await res.json()).message]).toEqual([target, 404, 'no such operation']);
    }
    expect((await fake.fetch('https://shop.example.com/v1/orders', { headers: auth })).status).toBe(200);
  });
});

describe('createFake() of a spec whose server has a path (https://api.test/v1), paging a nested list by Link', () => {
  it("the next page's Link and a create's Location name the path the client asked, base path and parent id included", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capi-kit-link-'));
    const file = join(dir, 'spec.yaml');
    const list = (item) => ({
      description: 'a page',
      headers: { Link: { schema: { type: 'string' } } },
      content: { 'application/json': { schema: { type: 'array', items: item } } },
    });
    const item = { type: 'object', required: ['id'], properties: { id: { type: 'string' }, name: { type: 'string' } } };
    const body = {
      required: true,
      content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } } } } },
    };
    const created = {
      description: 'created',
      headers: { Location: { schema: { type: 'string' } } },
      content: { 'application/json': { schema: item } },
    };
    const idParam = (name) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
    const page = [
      { name: 'limit', in: 'query', schema: { type: 'integer' } },
      { name: 'offset', in: 'query', schema: { type: 'integer' } },
    ];
    writeFileSync(
      file,
      JSON.stringify({
        openapi: '3.1.0',
        info: { title: 'nested', version: '1' },
        servers: [{ url: 'https://api.test/v1' }],
        paths: {
          '/shelves': {
            post: { requestBody: body, responses: { 201: created } },
            get: { parameters: page, responses: { 200: list(item) } },
          },
          '/shelves/{shelfId}': {
            parameters: [idParam('shelfId')],
            get: {
              responses: { 200: { description: 'ok', content: { 'application/json': { schema: item } } }, 404: { description: 'nf' } },
            },
          },
          '/shelves/{shelfId}/books': {
            parameters: [idParam('shelfId')],
            post: { requestBody: body, responses: { 201: created, 404: { description: 'nf' } } },
            get: { parameters: page, responses: { 200: list(item), 404: { description: 'nf' } } },
          },
          '/shelves/{shelfId}/books/{bookId}': {
            parameters: [idParam('shelfId'), idParam('bookId')],
            get: {
              responses: { 200: { description: 'ok', content: { 'application/json': { schema: item } } }, 404: { description: 'nf' } },
            },
          },
        },
      }),
    );
    try {
      const fake = createFake(loadSpecModel(file));
      const send = (method, path, json) =>
        fake.fetch(`https://api.test/v1${path}`, {
          method,
          ...(json ? { body: JSON.stringify(json), headers: { 'content-type': 'application/json' } } : {}),
        });
      const shelf = await send('POST', '/shelves', { name: 's' });
      const shelfUrl = new URL(shelf.headers.get('location'), 'https://api.test/v1/shelves');
      const { id } = await shelf.json();
      expect(shelfUrl.href).toBe(`https://api.test/v1/shelves/${id}`);
      for (const n of [1, 2, 3]) expect((await send('POST', `/shelves/${id}/books`, { name: `b${n}` })).status).toBe(201);
      const first = await send('GET', `/shelves/${id}/books?limit=2`);
      const next = new URL(/<([^>]*)>/.exec(first.headers.get('link'))[1], `https://api.test/v1/shelves/${id}/books?limit=2`);
      expect(next.pathname).toBe(`/v1/shelves/${id}/books`);
      const second = await send('GET', `${next.pathname.slice(3)}${next.search}`);
      expect((await second.json()).map((b) => b.name)).toEqual(['b3']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('createFake() of a spec whose API key goes in the query', () => {
  it("requests() keeps the key's name, never its value: in-process, served, and for a request a fault answered", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capi-kit-query-key-'));
    const file = join(dir, 'spec.yaml');
    const item = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } };
    writeFileSync(
      file,
      JSON.stringify({
        openapi: '3.1.0',
        info: { title: 'query key', version: '1' },
        servers: [{ url: 'https://api.test' }],
        security: [{ key: [] }],
        components: { securitySchemes: { key: { type: 'apiKey', in: 'query', name: 'api_key' } } },
        paths: {
          '/orders': {
            get: {
              parameters: [{ name: 'page_token', in: 'query', schema: { type: 'string' } }],
              responses: {
                200: { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: item } } } },
                401: { description: 'no key' },
                503: { description: 'down' },
              },
            },
          },
        },
      }),
    );
    const secret = 'sk_live_query_4f9a2c7e1b';
    const fake = createFake(loadSpecModel(file));
    try {
      expect((await fake.fetch(`https://api.test/orders?api_key=${secret}&page_token=p2`)).status).toBe(200);
      const base = await fake.listen(0);
      expect((await fetch(`${base}/orders?page_token=p3&api_key=${secret}`)).status).toBe(200);
      fake.fail({ kind: 'status', status: 503 });
      expect((await fetch(`${base}/orders?api_key=${secret}`)).status).toBe(503);
      const logged = fake.requests();
      expect(logged.map((r) => r.query)).toEqual([
        { api_key: '[REDACTED]', page_token: 'p2' },
        { page_token: 'p3', api_key: '[REDACTED]' },
        { api_key: '[REDACTED]' },
      ]);
      expect(JSON.stringify(logged)).not.toContain(secret);
    } finally {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('createFake() served on 127.0.0.1', () => {
  it('answers the client over HTTP, with the same faults', async () => {
    const fake = fakeWith();
    const url = await fake.listen(0);
    const client = await createClient('salesive', url);
    expect((await put(client, { phone: null })).data.data.phone).toBeNull();
    fake.fail({ kind: 'rate-limit', retryAfter: 3 });
    const limited = await put(client, { name: 'x' });
    expect([limited.response.status, limited.response.headers.get('retry-after')]).toEqual([429, '3']);
    fake.fail({ kind: 'drop' });
    expect((await put(client, { name: 'y' })).error?.kind).toBe('network');
    fake.fail({ kind: 'timeout' });
    const before = fake.requests().length;
    // long enough for the request to reach the fake on a loaded machine: a client that gave up
    // before sending it left the fault armed for the next request, which then hung (CI, load 10)
    expect((await put(client, { name: 'z' }, { timeoutMs: 1000 })).error?.kind).toBe('timeout');
    for (let i = 0; i < 50 && fake.requests().length === before; i++) await new Promise((r) => setTimeout(r, 100));
    expect(fake.requests().length, 'the fake met the timed-out request').toBe(before + 1);
    expect((await put(client, { name: 'after' })).data.data.name).toBe('after');
  });

  it('a rule that throws is a 500 naming it, in-process and served; the fake keeps serving (no unhandled rejection)', async () => {
    const fake = fakeWith({
      rules: {
        authenticate: (headers) => {
          if (headers.authorization === 'Bearer app_boom') throw new Error('the authenticate rule broke');
          return {};
        },
      },
      strict: false,
    });
    const url = await fake.listen(0);
    for (const client of [
      await createClient('salesive', url, { token: 'app_boom', retry: false }),
      await createClient('salesive', 'https://api.example.test', { token: 'app_boom', retry: false, fetch: fake.fetch }),
    ]) {
      const broke = await put(client, { name: 'x' }, { timeoutMs: 5000 });
      expect([broke.response?.status, broke.error?.kind]).toEqual([500, 'server']);
      expect(JSON.stringify(broke.error?.body)).toMatch(/fake crashed: the authenticate rule broke/);
    }
    const ok = await createClient('salesive', url, { token: 'app_ok' });
    expect((await put(ok, { name: 'after' })).data.data.name).toBe('after');
  });
});
