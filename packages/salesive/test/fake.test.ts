// The published fake (`@capi/salesive/fake`: src/generated/fake.gen.ts, written by codegen, on
// the engine of @capi/core/fake) as a consumer uses it, through salesive's own client: in-process
// as the client's `fetch` (no port) and served on 127.0.0.1 (port 0); seed records, reset, the
// requests received; every fault a consumer's code must survive, as the client reports it; and
// bad input (bodies too large, `__proto__` keys, ids with path characters, 1000 concurrent
// writes) answered as documented, never a crash or a lost write.
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { createFake, type Fake, type FakeOptions, model } from '../src/generated/fake.gen.js';
import { createSalesiveClient } from '../src/index.js';

const customer = (id: string, name = 'Ada Obi') => ({
  _id: id,
  id,
  name,
  phone: '+2348012345678',
  email: `${id.replace(/[^a-z0-9]/gi, '')}@example.com`,
  user: null,
  active: true,
  createdAt: '2026-05-01T09:00:00.000Z',
  updatedAt: '2026-05-01T09:00:00.000Z',
});
const ADA = '665a1f2c9b1e4a0012ab34cd';
const PUT = 'PUT /customers/{id}';

const open: Fake[] = [];
afterEach(async () => {
  for (const fake of open.splice(0)) await fake.close();
});
const fakeWith = (options: FakeOptions = {}) => {
  const fake = createFake({ records: { customers: [customer(ADA)] }, ...options });
  open.push(fake);
  return fake;
};
type ClientOptions = Omit<Parameters<typeof createSalesiveClient>[0], 'token'>;
// the client's default base URL, the spec's server (https://api.salesive.com/api/v1): the fake takes its path off
const clientOf = (fake: Fake, extra: ClientOptions = {}) =>
  createSalesiveClient({ token: 'app_test_1', fetch: fake.fetch, retry: false, ...extra });
const put = (client: ReturnType<typeof clientOf>, id: string, body: Record<string, unknown>, timeoutMs?: number) =>
  client.PUT('/customers/{id}', { params: { path: { id } }, body, ...(timeoutMs ? { timeoutMs } : {}) });

// Each test's time budget is generous (real HTTP, a 1 s Retry-After, a loaded machine): a budget, not an assertion on time.
describe('@capi/salesive/fake in-process, as the client transport', { timeout: 60_000 }, () => {
  it('reads the spec from the package alone: the operation, its kind and what was guessed', () => {
    expect(model.operations.map((o) => o.key)).toEqual([PUT]);
    const fake = fakeWith();
    expect(fake.inference.resources.map((r) => [r.name, r.idField, r.operations.map((o) => o.kind)])).toEqual([
      ['customers', 'id', ['update']],
    ]);
    expect(fake.ambiguities).toEqual([expect.stringContaining(`${PUT}: PUT whose body requires no field`)]);
  });

  it('serves the seed, remembers an update, logs the request; reset() goes back', async () => {
    const fake = fakeWith();
    const client = clientOf(fake);
    const { data, response } = await put(client, ADA, { name: 'Ada Obi-Lawal', phone: null });
    expect(response?.status).toBe(200);
    expect(data?.data).toMatchObject({ _id: ADA, name: 'Ada Obi-Lawal', phone: null, email: customer(ADA).email });
    expect(fake.records('customers')).toEqual([expect.objectContaining({ name: 'Ada Obi-Lawal', phone: null })]);
    expect(fake.requests()).toEqual([
      { method: 'PUT', path: `/customers/${ADA}`, query: {}, operation: PUT, body: { name: 'Ada Obi-Lawal', phone: null } },
    ]);
    fake.reset();
    expect([fake.records('customers')[0]?.name, fake.requests()]).toEqual(['Ada Obi', []]);
  });

  it('an unknown id is the documented 404, a body the schema refuses the documented 400, missing credentials the documented 401', async () => {
    const fake = fakeWith({ credentials: ['app_test_1'] });
    const client = clientOf(fake);
    const missing = await put(client, 'nobody', { name: 'x' });
    expect([missing.response?.status, missing.error?.kind]).toEqual([404, 'not_found']);
    const invalid = await put(client, ADA, { active: 'yes' });
    expect([invalid.response?.status, invalid.error?.status]).toEqual([400, 400]);
    const stranger = await put(createSalesiveClient({ token: 'app_other', fetch: fake.fetch, retry: false }), ADA, { name: 'x' });
    expect(stranger.response?.status).toBe(401);
    expect(fake.records('customers')[0]).toMatchObject({ name: 'Ada Obi', active: true });
  });

  it('faults: a 5xx, latency, a dropped connection, a timeout; each leaves the store as it was', async () => {
    const fake = fakeWith();
    const client = clientOf(fake);
    fake.fail({ kind: 'status', status: 503 });
    const unavailable = await put(client, ADA, { name: 'n1' });
    expect([unavailable.response?.status, unavailable.error?.kind]).toEqual([503, 'server']);
    fake.fail({ kind: 'latency', ms: 5 }, { operation: PUT });
    expect((await put(client, ADA, { name: 'n2' })).data?.data?.name).toBe('n2');
    fake.fail({ kind: 'drop' });
    expect((await put(client, ADA, { name: 'n3' })).error?.kind).toBe('network');
    fake.fail({ kind: 'timeout' });
    expect((await put(client, ADA, { name: 'n4' }, 20)).error?.kind).toBe('timeout');
    // the 5xx, the drop and the timeout stood in for the answer: only n2 was stored
    expect(fake.records('customers')[0]?.name).toBe('n2');
    expect(fake.requests().map((r) => (r.body as { name: string }).name)).toEqual(['n1', 'n2', 'n3', 'n4']);
  });

  it("a 429 with Retry-After: the client's retry waits for it and gets through; a longer one than it accepts ends the call", async () => {
    const fake = fakeWith();
    const patient = clientOf(fake, { retry: { maxAttempts: 2, maxRetryAfter: 5_000 } });
    fake.fail({ kind: 'rate-limit', retryAfter: 1 }, { operation: PUT });
    const retried = await put(patient, ADA, { name: 'after the wait' });
    expect([retried.response?.status, retried.data?.data?.name, fake.requests().length]).toEqual([200, 'after the wait', 2]);

    fake.fail({ kind: 'rate-limit', retryAfter: 60 });
    const limited = await put(patient, ADA, { name: 'never' });
    expect([limited.response?.status, limited.response?.headers.get('retry-after'), limited.error?.kind]).toEqual([
      429,
      '60',
      'rate_limited',
    ]);
    expect(limited.error).toMatchObject({ retryAfter: 60 });
    expect(fake.requests().length).toBe(3);
  });

  it("a drifted answer is caught by the client's validate option", async () => {
    const fake = fakeWith();
    fake.fail({ kind: 'drift' });
    const strict = clientOf(fake, { validate: 'throw' });
    const drifted = await put(strict, ADA, { name: 'n5' });
    expect(drifted.error).toMatchObject({ kind: 'contract_violation', status: 200 });
    expect((await put(strict, ADA, { name: 'n6' })).data?.data?.name).toBe('n6');
  });

  it('fail() refuses a fault it cannot inject, saying what it takes; the fake answers on', async () => {
    const fake = fakeWith();
    const refused = [
      [{ kind: 'explode' }, /fail\(\): unknown fault kind "explode"; the kinds are latency, status, rate-limit, timeout, drop, drift/],
      [{ kind: 'status', status: 200 }, /fail\(\): status must be a whole number from 400 to 599/],
      [{ kind: 'status', status: 1e9 }, /status must be a whole number from 400 to 599/],
      [{ kind: 'latency', ms: -1 }, /fail\(\): ms must be a finite number of milliseconds, 0 or more/],
      [{ kind: 'latency', ms: Number.NaN }, /ms must be a finite number/],
      [{ kind: 'rate-limit', retryAfter: 1.5 }, /fail\(\): retryAfter must be a whole number of seconds, 0 or more/],
      [null, /fail\(\): a fault is an object with a kind/],
    ] as const;
    for (const [fault, message] of refused) expect(() => fake.fail(fault as never), JSON.stringify(fault)).toThrow(message);
    expect(() => fake.fail({ kind: 'drop' }, { times: 0 })).toThrow(/fail\(\): times must be a whole number 1 or more, or Infinity/);
    expect((await put(clientOf(fake), ADA, { name: 'still fine' })).data?.data?.name).toBe('still fine');
  });

  it('fail() and the seed refuse what the spec does not have, naming it', () => {
    expect(() => fakeWith().fail({ kind: 'drop' }, { operation: 'GET /nope' })).toThrow(/no operation "GET \/nope"/);
    expect(() => createFake({ records: { orders: [] } })).toThrow(/records for "orders": no such resource; the resources are customers/);
    expect(() => createFake({ records: { customers: [{ name: 'no id' }] } })).toThrow(/customers"\[0\]: no "id"/);
  });
});

describe('@capi/salesive/fake: bad input gets a documented answer, never a crash or a lost write', { timeout: 60_000 }, () => {
  it('a body over 64 KiB is the documented 400, in-process and over HTTP; the fake answers on', async () => {
    const fake = fakeWith();
    const big = { name: 'x'.repeat(70 * 1024) };
    expect((await put(clientOf(fake), ADA, big)).response?.status).toBe(400);
    const url = await fake.listen(0);
    const served = createSalesiveClient({ token: 'app_test_1', baseUrl: url, retry: false });
    expect((await put(served, ADA, { name: 'y'.repeat(4 * 1024 * 1024) })).response?.status).toBe(400);
    expect((await put(served, ADA, { name: 'small' })).data?.data?.name).toBe('small');
    // a refused body is not kept
    expect(fake.requests().map((r) => r.body)).toEqual([undefined, undefined, { name: 'small' }]);
  });

  it('`__proto__` keys are fields like any other: no prototype is changed', async () => {
    const fake = fakeWith({ records: { customers: [customer(ADA), customer('__proto__', 'Proto')] } });
    const res = await fake.fetch(`https://api.example.test/customers/${ADA}`, {
      method: 'PUT',
      headers: { authorization: 'Bearer app_test_1', 'content-type': 'application/json' },
      body: '{"__proto__": {"polluted": true}, "name": "Ada"}',
    });
    expect([200, 400]).toContain(res.status);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const proto = await put(clientOf(fake), '__proto__', { name: 'Still proto' });
    expect(proto.data?.data?.name).toBe('Still proto');
    expect(fake.records('customers').map((r) => [r.id, r.name, Object.getPrototypeOf(r) === Object.prototype])).toEqual([
      [ADA, res.status === 200 ? 'Ada' : 'Ada Obi', true],
      ['__proto__', 'Still proto', true],
    ]);
  });

  it('ids with `/`, `..` and `%2F` name only themselves', async () => {
    const ids = ['a/b', 'a%2Fb', '..', 'a'];
    const fake = fakeWith({ records: { customers: ids.map((id) => customer(id, `was ${id}`)) } });
    const client = clientOf(fake);
    for (const id of ['a/b', 'a%2Fb']) expect((await put(client, id, { name: `now ${id}` })).data?.data?.id).toBe(id);
    // the client refuses `..` (it would change the path); a URL resolves `%2E%2E` before it is sent
    expect((await put(client, '..', { name: 'now ..' })).error?.kind).toBe('invalid_request');
    const raw = (path: string) =>
      fake.fetch(`https://api.example.test${path}`, { method: 'PUT', headers: { authorization: 'Bearer t' }, body: '{"name":"raw"}' });
    for (const path of ['/customers/%2E%2E', '/customers/a/b', '/customers/%E0%A4%A']) expect((await raw(path)).status, path).toBe(404);
    // over HTTP the fake sees `/customers/..` as sent: the id `..`, and only that customer
    const url = await fake.listen(0);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const { hostname, port } = new URL(url);
      const headers = { authorization: 'Bearer t', 'content-type': 'application/json' };
      // a path as written (a URL string would be resolved to `/` first)
      const req = request({ hostname, port, path: '/customers/..', method: 'PUT', headers }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end('{"name":"now .."}');
    });
    expect(status).toBe(200);
    expect(Object.fromEntries(fake.records('customers').map((r) => [r.id, r.name]))).toEqual({
      'a/b': 'now a/b',
      'a%2Fb': 'now a%2Fb',
      '..': 'now ..',
      a: 'was a',
    });
  });

  it('1000 concurrent writes over HTTP on 127.0.0.1: every one answered 200 and stored', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `c${String(i).padStart(4, '0')}`);
    const fake = fakeWith({ records: { customers: ids.map((id) => customer(id)) } });
    const client = createSalesiveClient({ token: 'app_test_1', baseUrl: await fake.listen(0), retry: false });
    const results = await Promise.all(ids.map((id) => put(client, id, { name: `name of ${id}` })));
    expect(results.filter((r) => r.response?.status !== 200).map((r) => r.error)).toEqual([]);
    expect(fake.records('customers').map((r) => r.name)).toEqual(ids.map((id) => `name of ${id}`));
    expect(fake.requests().length).toBe(1000);
  }, 120_000);
});

describe('@capi/salesive/fake served on 127.0.0.1', { timeout: 60_000 }, () => {
  it('answers the client over HTTP with the same store and faults', async () => {
    const fake = fakeWith();
    const url = await fake.listen(0);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = createSalesiveClient({ token: 'app_test_1', baseUrl: url, retry: false });
    expect((await put(client, ADA, { phone: null })).data?.data?.phone).toBeNull();
    fake.fail({ kind: 'rate-limit', retryAfter: 3 });
    const limited = await put(client, ADA, { name: 'x' });
    expect([limited.response?.status, limited.response?.headers.get('retry-after')]).toEqual([429, '3']);
    fake.fail({ kind: 'status', status: 502 });
    expect((await put(client, ADA, { name: 'x' })).response?.status).toBe(502);
    fake.fail({ kind: 'drop' });
    expect((await put(client, ADA, { name: 'y' })).error?.kind).toBe('network');
    fake.fail({ kind: 'timeout' });
    expect((await put(client, ADA, { name: 'z' }, 50)).error?.kind).toBe('timeout');
    fake.fail({ kind: 'drift' });
    const drifted = await put(createSalesiveClient({ token: 'app_test_1', baseUrl: url, retry: false, validate: 'throw' }), ADA, {
      name: 'd',
    });
    expect(drifted.error?.kind).toBe('contract_violation');
    expect((await put(client, ADA, { name: 'after' })).data?.data?.name).toBe('after');
    expect(fake.records('customers')[0]?.name).toBe('after');
  });

  it('listen() twice is an error naming where it is served; after close() it serves again, with the same store', async () => {
    const fake = fakeWith();
    const url = await fake.listen(0);
    await expect(fake.listen(0)).rejects.toThrow(`the fake is already served at ${url}; close() it first`);
    await put(createSalesiveClient({ token: 'app_test_1', baseUrl: url, retry: false }), ADA, { name: 'first' });
    await fake.close();
    await fake.close(); // closing twice is fine
    const again = createSalesiveClient({ token: 'app_test_1', baseUrl: await fake.listen(0), retry: false });
    expect((await put(again, ADA, { phone: null })).data?.data).toMatchObject({ name: 'first', phone: null });
  });
});
