// The fake inferred from a spec alone (@capi/core/fake's engine), served as `npm run fake` serves it: the
// front, real Prism in proxy mode (errors on), the engine, on 127.0.0.1. The spec is a fixture
// (test/fixtures/shop.yaml: a collection with list, create, read, update, delete, an action, a
// nested collection, bearer auth, documented 401/404/422, a Link header). Every answer must be
// one the spec documents, its body valid against the schema; nothing Prism would flag gets by.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { inferredLines, serveInferred, startFake } from '../src/serve.ts';
import { rawRequest } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/shop.yaml');
const model = loadSpecModel(SPEC);
const auth = { authorization: 'Bearer any-token', 'content-type': 'application/json' };
let served;

beforeAll(async () => {
  served = await serveInferred(SPEC, { seed: 'inferred-test' });
});
afterAll(async () => {
  await served?.close();
});

/** Sends one request to the served fake; fails unless the answer is documented for the operation and valid. */
async function call(method, target, body, headers = auth, key) {
  const res = await rawRequest(served.url, {
    method,
    target,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  expect(res.error, res.error).toBeUndefined();
  expect(res.headers['sl-violations'], res.headers['sl-violations']).toBeUndefined();
  const op = model.operation(key ?? `${method} ${templateOf(target)}`);
  const documented = op?.responses.find((r) => r.status === String(res.status));
  expect(documented, `${method} ${target} -> ${res.status} ${res.text}`).toBeDefined();
  const json = res.text ? JSON.parse(res.text) : undefined;
  if (documented?.schemaPointer) {
    const { ok, errors } = model.validate(documented.schemaPointer, json);
    expect(ok, `${method} ${target} -> ${res.status} ${res.text}: ${errors.join('; ')}`).toBe(true);
  }
  return { status: res.status, body: json, headers: res.headers };
}

/** Sends one request that Prism answers itself (missing credentials, a body its schema refuses): Prism's problem+json, with `status`. */
async function prismAnswers(method, target, body, headers, status) {
  const res = await rawRequest(served.url, { method, target, headers, body });
  expect([res.status, res.headers['content-type']], res.text).toEqual([status, 'application/problem+json']);
  return JSON.parse(res.text);
}

/** The spec's path of a request target (the fixture's shapes only). */
function templateOf(target) {
  const path = target.split('?')[0];
  return path
    .replace(/^\/orders\/[^/]+\/lines\/[^/]+$/, '/orders/{orderId}/lines/{lineId}')
    .replace(/^\/orders\/[^/]+\/lines$/, '/orders/{orderId}/lines')
    .replace(/^\/orders\/[^/]+\/cancel$/, '/orders/{orderId}/cancel')
    .replace(/^\/orders\/[^/]+$/, '/orders/{orderId}');
}

describe('a fake inferred from the spec, behind Prism', () => {
  it('infers the resources with nothing to guess', () => {
    expect(served.engine.inference.resources.map((r) => [r.name, r.idField])).toEqual([
      ['orders', 'id'],
      ['orders.lines', 'id'],
    ]);
    expect(served.engine.ambiguities).toEqual([]);
  });

  it('create stores what was sent, read returns it, update changes only what was sent, delete removes it', async () => {
    const created = await call('POST', '/orders', { customer: 'Ada', note: 'first' });
    expect(created.status).toBe(201);
    expect([created.body.customer, created.body.note]).toEqual(['Ada', 'first']);
    const id = created.body.id;
    expect((await call('GET', `/orders/${id}`)).body).toEqual(created.body);
    const updated = await call('PATCH', `/orders/${id}`, { note: null });
    expect(updated.body).toMatchObject({ id, customer: 'Ada', note: null, status: created.body.status, createdAt: created.body.createdAt });
    expect(Date.parse(updated.body.updatedAt)).toBeGreaterThan(Date.parse(created.body.updatedAt));
    expect((await call('DELETE', `/orders/${id}`)).status).toBe(204);
    const gone = await call('GET', `/orders/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.message).toBe('orders not found');
  });

  it('the same seed generates the same fields', async () => {
    served.engine.reset();
    const a = await call('POST', '/orders', { customer: 'Same' });
    served.engine.reset();
    const b = await call('POST', '/orders', { customer: 'Same' });
    expect(b.body).toEqual(a.body);
  });

  it('an action changes the state its name says; on an unknown id it is the documented 404', async () => {
    const { body } = await call('POST', '/orders', { customer: 'Bo', status: 'open' });
    const cancelled = await call('POST', `/orders/${body.id}/cancel`);
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
    expect((await call('GET', `/orders/${body.id}`)).body.status).toBe('cancelled');
    expect((await call('POST', '/orders/no-such-order/cancel')).status).toBe(404);
  });

  it('a nested resource lives under its parent, which must exist', async () => {
    const { body: order } = await call('POST', '/orders', { customer: 'Cy' });
    const { body: other } = await call('POST', '/orders', { customer: 'Di' });
    const line = await call('POST', `/orders/${order.id}/lines`, { sku: 'SKU-1', quantity: 2 });
    expect(line.status).toBe(201);
    expect((await call('GET', `/orders/${order.id}/lines`)).body).toEqual([line.body]);
    expect((await call('GET', `/orders/${other.id}/lines`)).body).toEqual([]);
    expect((await call('GET', `/orders/${order.id}/lines/${line.body.id}`)).body).toEqual(line.body);
    expect((await call('GET', `/orders/${other.id}/lines/${line.body.id}`)).status).toBe(404);
    expect((await call('GET', '/orders/nobody/lines')).status).toBe(404);
  });

  it('a list pages with limit/offset, filters on a documented query parameter, and sends a Link header', async () => {
    served.engine.reset();
    const ids = [];
    for (const [i, status] of ['open', 'paid', 'open', 'open', 'paid'].entries()) {
      ids.push((await call('POST', '/orders', { customer: `C${i}`, status })).body.id);
    }
    const first = await call('GET', '/orders?limit=2');
    expect(first.body.data.map((o) => o.id)).toEqual(ids.slice(0, 2));
    expect(first.body.has_more).toBe(true);
    expect(first.headers.link).toBe('</orders?limit=2&offset=2>; rel="next"');
    const last = await call('GET', '/orders?limit=2&offset=4');
    expect([last.body.data.map((o) => o.id), last.body.has_more, last.headers.link]).toEqual([[ids[4]], false, undefined]);
    const open = await call('GET', '/orders?status=open');
    expect(open.body.data.map((o) => o.id)).toEqual([ids[0], ids[2], ids[3]]);
  });

  it("missing credentials and a body the schema refuses get Prism's 401 and 422; a body that is no JSON the documented 422", async () => {
    // missing credentials and a body the schema refuses are Prism's own answers (docs/fakes.md)
    await prismAnswers('GET', '/orders', undefined, {}, 401);
    await prismAnswers('POST', '/orders', JSON.stringify({ customer: '' }), auth, 422);
    // a body that is no JSON never reaches Prism: the fake's documented 422
    const notJson = await call('POST', '/orders', '{"customer": ', auth, 'POST /orders');
    expect([notJson.status, notJson.body.message]).toEqual([422, 'the request body is not valid JSON']);
  });

  it('credentials can be restricted to declared values; others get the documented 401', async () => {
    const strict = await serveInferred(SPEC, { credentials: ['the-one-token'] });
    try {
      const refused = await rawRequest(strict.url, { method: 'GET', target: '/orders', headers: auth });
      // the documented 401 (its example), from the fake: well-formed credentials pass Prism
      expect([refused.status, JSON.parse(refused.text)]).toEqual([401, { code: 'unauthorized', message: 'invalid credentials' }]);
      const accepted = await rawRequest(strict.url, {
        method: 'GET',
        target: '/orders',
        headers: { authorization: 'Bearer the-one-token' },
      });
      expect(accepted.status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('bad input to the inferred fake, on 127.0.0.1', () => {
  it('ids with path characters are just unknown ids; __proto__ keys are plain fields', async () => {
    for (const id of ['..', '%2F..%2Fetc', '%2e%2e', '__proto__', 'constructor', 'a%2Fb', '%zz']) {
      const res = await call('GET', `/orders/${id}`, undefined, auth, 'GET /orders/{orderId}');
      expect(res.status, id).toBe(404);
    }
    const res = await rawRequest(served.url, {
      method: 'POST',
      target: '/orders',
      headers: auth,
      body: '{"customer":"P","__proto__":{"polluted":true}}',
    });
    // the schema allows no other property: Prism's 422, and nothing polluted
    expect(res.status).toBe(422);
    expect({}.polluted).toBeUndefined();
  });

  it('a body over the limit or of any shape gets a documented answer, and the fake keeps serving', async () => {
    for (const body of ['[]', '"text"', 'null', '1', '{"customer": {"a": [[[[]]]]}}']) {
      await prismAnswers('POST', '/orders', body, auth, 422);
    }
    const large = await call('POST', '/orders', JSON.stringify({ customer: 'x'.repeat(70_000) }), auth, 'POST /orders');
    expect([large.status, large.body.message]).toEqual([422, 'the request body is larger than 65536 bytes']);
    expect((await call('POST', '/orders', { customer: 'still here' })).status).toBe(201);
  });

  it('a thousand concurrent creates are all stored, none lost', async () => {
    served.engine.reset();
    const answers = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        // a bound for a loaded machine (the whole fast tier runs beside it), as served.test.mjs's load test
        rawRequest(
          served.url,
          { method: 'POST', target: '/orders', headers: auth, body: JSON.stringify({ customer: `c${i}` }) },
          { timeoutMs: 170_000 },
        ),
      ),
    );
    expect(answers.map((a) => a.error ?? a.status).filter((s) => s !== 201)).toEqual([]);
    const ids = new Set(answers.map((a) => JSON.parse(a.text).id));
    expect(ids.size).toBe(1000);
    const stored = served.engine.records('orders');
    expect(stored.map((r) => r.customer).sort()).toEqual(Array.from({ length: 1000 }, (_, i) => `c${i}`).sort());
  }, 300_000);
});

describe('a registered provider without a fake definition (as provider:add leaves it)', () => {
  it('npm run fake serves the fake inferred from its spec, and says what it guessed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'capi-inferred-'));
    try {
      mkdirSync(join(root, 'specs/acme'), { recursive: true });
      writeFileSync(
        join(root, 'redocly.yaml'),
        'apis:\n  acme:\n    root: specs/acme/authored.yaml\n    output: specs/acme/effective.yaml\n',
      );
      // the fixture as its authored spec and (unchanged) its effective spec
      for (const f of ['authored.yaml', 'effective.yaml']) copyFileSync(SPEC, join(root, 'specs/acme', f));
      const server = await startFake('acme', { root });
      try {
        expect(server.inferred).toBe(true);
        const res = await rawRequest(server.url, { method: 'POST', target: '/orders', headers: auth, body: '{"customer":"Ada"}' });
        expect(res.status).toBe(201);
        const lines = inferredLines('acme', server, 'createAcmeClient').join('\n');
        expect(lines).toContain('orders  /orders  item /orders/{orderId} (id field id)');
        expect(lines).toContain('action   POST /orders/{orderId}/cancel');
        expect(lines).toContain('nothing guessed');
      } finally {
        await server.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('what the inference guessed is printed, and a declared kind silences it', async () => {
    const lines = (engine) => inferredLines('acme', { url: 'http://127.0.0.1:1', specFile: 'x', engine }, 'createAcmeClient').join('\n');
    const { createEngine } = await import('@capi/core/fake');
    const spec = structuredClone(model.source);
    spec.paths['/orders/{orderId}'].put = { ...spec.paths['/orders/{orderId}'].patch, operationId: 'putOrder' };
    const { specModel } = await import('@capi/scripts/lib/spec/spec-model.ts');
    const guessed = lines(createEngine(specModel(spec)));
    // the provider's own testing entry, named (it said packages/<provider>/testing.ts)
    expect(guessed).toContain('guessed (declare the kind in packages/acme/testing.ts, infer.operations or fake.operations, to change):');
    expect(guessed).toContain('PUT /orders/{orderId}: PUT whose body requires no field, read as a partial update');
    const declared = lines(createEngine(specModel(spec), { operations: { 'PUT /orders/{orderId}': 'replace' } }));
    expect(declared).toContain('nothing guessed');
  });
});
