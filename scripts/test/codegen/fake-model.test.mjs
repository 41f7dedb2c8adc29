// The fake a provider package publishes (lib/codegen/fake-model.ts writes src/generated/fake.gen.ts):
// standalone ESM with no eval and no require, without the spec's prose, and read by the engine
// of @capi/core/fake exactly as the spec model is read in this repository: the same resources,
// the same answers to a whole workflow (create, read, list with paging, update, delete, the
// documented 404 and 422), the same verdicts on request bodies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { writeAjvRuntime } from './ajv-runtime.mjs';
import { join } from 'node:path';
import { fakeModule, FAKE_RUNTIME } from '../../lib/codegen/fake-model.ts';
import { validatorsModule } from '../../lib/codegen/validators-codegen.ts';
import { specModel } from '../../lib/spec/spec-model.ts';
import { ajvDocument, schemaCompiler } from '../../lib/codegen/ajv-standalone.ts';
import { repoRoot } from '../../lib/registry/registry.ts';

const engine = join(repoRoot, 'packages/core/src/fake/index.ts');
/** A verdict as the fake's model gives it: valid or not, and the messages (the spec model adds where each error is). */
const verdict = ({ ok, errors }) => ({ ok, errors });
const order = (nullable) => ({
  type: 'object',
  required: ['id', 'item', 'status'],
  description: 'An order (prose the module need not carry)',
  properties: {
    id: { type: 'string', readOnly: true },
    item: { type: 'string', minLength: 1, example: 'a-book' },
    status: { type: 'string', enum: ['open', 'cancelled'] },
    note: nullable,
    quantity: { type: 'integer', minimum: 1, maximum: 9 },
    // a property named like prose is a field, kept
    description: { type: 'string', description: 'the buyer note' },
  },
});
const doc = (openapi, nullable) => ({
  openapi,
  info: { title: 'shop', version: '1', description: 'A shop.' },
  servers: [{ url: 'https://api.shop.test/v2' }],
  security: [{ key: [] }],
  paths: {
    '/orders': {
      get: {
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer' } },
          { name: 'offset', in: 'query', schema: { type: 'integer' } },
          { name: 'status', in: 'query', schema: { type: 'string' } },
        ],
        responses: {
          200: {
            description: 'the orders',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Order' } }, has_more: { type: 'boolean' } },
                },
              },
            },
          },
          401: { $ref: '#/components/responses/Error' },
        },
      },
      post: {
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NewOrder' } } } },
        responses: {
          201: { description: 'created', content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } },
          401: { $ref: '#/components/responses/Error' },
          422: { $ref: '#/components/responses/Error' },
        },
      },
    },
    '/orders/{orderId}': {
      parameters: [{ name: 'orderId', in: 'path', required: true, schema: { type: 'string' } }],
      get: {
        responses: {
          200: { description: 'one', content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } },
          401: { $ref: '#/components/responses/Error' },
          404: { $ref: '#/components/responses/Error' },
        },
      },
      patch: {
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/NewOrder' } } } },
        responses: {
          200: { description: 'updated', content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } },
          401: { $ref: '#/components/responses/Error' },
          404: { $ref: '#/components/responses/Error' },
          422: { $ref: '#/components/responses/Error' },
        },
      },
      delete: {
        responses: {
          204: { description: 'gone' },
          401: { $ref: '#/components/responses/Error' },
          404: { $ref: '#/components/responses/Error' },
        },
      },
    },
  },
  components: {
    securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key', description: 'your key' } },
    responses: {
      Error: {
        description: 'an error',
        content: {
          'application/json': {
            schema: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } },
            examples: { one: { summary: 'an example', value: { message: 'nope', description: 'data, kept' } } },
          },
        },
      },
    },
    schemas: {
      Order: order(nullable),
      NewOrder: {
        type: 'object',
        required: ['item'],
        additionalProperties: false,
        properties: { item: { type: 'string', minLength: 1 }, note: nullable, quantity: { type: 'integer', minimum: 1, maximum: 9 } },
      },
    },
  },
});
const docs = {
  '3.0': doc('3.0.3', { type: 'string', nullable: true }),
  3.1: doc('3.1.0', { type: ['string', 'null'] }),
};

let dir;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'capi-fake-model-'));
  writeAjvRuntime(dir);
});
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

/**
 * The generated module, written and imported (the engine from its sources). `compiler`: the Ajv
 * instance both modules are compiled with, as codegen.ts writes them (by default each its own).
 */
async function load(name, source, compiler = undefined) {
  const file = join(dir, `${name}.ts`);
  // the client's response validators beside it, as in a package's src/generated/
  writeFileSync(join(dir, `${name}.validators.ts`), validatorsModule(source, { runtime: './runtime.mjs', compiler }));
  const options = { runtime: engine, validatorsRuntime: './runtime.mjs', responseValidators: `./${name}.validators.ts`, compiler };
  writeFileSync(file, fakeModule(source, options));
  return import(file);
}

/** A workflow through a fake's fetch: every answer as status and body. */
async function workflow(fake) {
  const call = async (method, path, body, key = 'k1') => {
    const res = await fake.fetch(`https://api.shop.test/v2${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(key ? { 'x-key': key } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return [method, path, res.status, text ? JSON.parse(text) : null];
  };
  const out = [];
  out.push(await call('POST', '/orders', { item: 'pen', quantity: 2 }));
  out.push(await call('POST', '/orders', { item: 'ink', note: null }));
  out.push(await call('POST', '/orders', { item: '', extra: true }));
  out.push(await call('GET', '/orders/orders_0001'));
  out.push(await call('GET', '/orders?limit=1&offset=1'));
  out.push(await call('PATCH', '/orders/orders_0001', { item: 'pen', note: 'gift' }));
  out.push(await call('DELETE', '/orders/orders_0002'));
  out.push(await call('GET', '/orders/orders_0002'));
  out.push(await call('GET', '/orders', undefined, null));
  out.push(await call('GET', '/orders'));
  return out;
}

describe('fakeModule', () => {
  it.each(Object.keys(docs))('OAS %s: standalone ESM, no eval, no require, the engine and helpers by package name, no prose', (version) => {
    const text = fakeModule(docs[version]);
    expect(text).not.toMatch(/\beval\(|new Function|require\(/);
    expect(text).toContain(`from '${FAKE_RUNTIME}';`);
    expect(text).toMatch(/^import \{ [\w, ]+ \} from '@capi\/core\/validators-runtime';$/m);
    expect(text).toContain('export function createFake(options: FakeOptions = {}): Fake {');
    // the response validators are the client's (validators.gen.ts), imported, not compiled again
    expect(text).toContain(`import { validators as responses } from './validators.gen.js';`);
    expect(text.match(/^export const model: FakeModel = fakeModel\(data, \{ (.*) \}, responses\);$/m)?.[1]).toBe(
      // the two request bodies, one schema: one validator
      '"#/paths/~1orders/post/requestBody/content/application~1json/schema": v0, "#/paths/~1orders~1{orderId}/patch/requestBody/content/application~1json/schema": v0',
    );
    for (const prose of ['A shop.', 'An order (prose', 'the buyer note', 'your key', 'an example']) expect(text).not.toContain(prose);
    // names and data that look like prose stay
    expect(text).toContain('"description":{"type":"string"}');
    // a media type's first example is in its operation's data (the Example objects are not kept)
    expect(text).toContain('"example":{"message":"nope","description":"data, kept"}');
    expect(text).not.toContain('"value":');
  });

  it.each(Object.keys(docs))(
    'OAS %s: the engine reads the generated model as it reads the spec model: the same workflow, answer for answer',
    async (version) => {
      const { createFake: fromPackage, model } = await load(`shop${version.replace('.', '')}`, docs[version]);
      const { createFake } = await import(engine);
      const published = fromPackage({ seed: 's' });
      const repository = createFake(specModel(docs[version]), { seed: 's' });
      expect(published.inference).toEqual(repository.inference);
      const answers = await workflow(published);
      expect(answers).toEqual(await workflow(repository));
      // and the workflow did what it says: a create, a refused body, paging, an update, a delete, a 401
      expect(answers.map(([m, p, status]) => `${m} ${p} ${status}`)).toEqual([
        'POST /orders 201',
        'POST /orders 201',
        'POST /orders 422',
        'GET /orders/orders_0001 200',
        'GET /orders?limit=1&offset=1 200',
        'PATCH /orders/orders_0001 200',
        'DELETE /orders/orders_0002 204',
        'GET /orders/orders_0002 404',
        'GET /orders 401',
        'GET /orders 200',
      ]);
      expect(answers[4][3]).toMatchObject({ data: [{ id: 'orders_0002', item: 'ink', note: null }], has_more: false });
      expect(answers[9][3].data.map((o) => [o.id, o.note])).toEqual([['orders_0001', 'gift']]);
      // the request body validators (its own) and the response ones (the client's) agree with the spec model's
      const spec = specModel(docs[version]);
      const post = spec.operation('POST /orders');
      const requests = [
        { item: 'x' },
        { item: '' },
        { item: 'x', quantity: 10 },
        { item: 'x', note: null },
        { item: 'x', other: 1 },
        [],
        'x',
      ];
      for (const body of requests) {
        const pointer = post.requestBody.preferred.schemaPointer;
        expect(model.validate(pointer, body), JSON.stringify(body)).toEqual(verdict(spec.validate(pointer, body)));
      }
      for (const body of [{ id: 'o1', item: 'x', status: 'open' }, { id: 'o1', item: 'x', status: 'gone' }, { id: 'o1' }]) {
        const pointer = post.responses[0].schemaPointer;
        expect(model.validate(pointer, body).ok, JSON.stringify(body)).toBe(spec.validate(pointer, body).ok);
      }
      expect(model.validate(post.responses[0].schemaPointer, { id: 'o1' }).ok).toBe(false);
      // read as a request ({ request: true }, as the engine checks a body): a required readOnly
      // property left out is no error, from the standalone validators' errors as from the spec model's
      const order = post.responses[0].schemaPointer;
      for (const body of [{ item: 'x', status: 'open' }, { item: '', status: 'open' }, { item: 'x' }]) {
        expect(model.validate(order, body, { request: true }), JSON.stringify(body)).toEqual(
          verdict(spec.validate(order, body, { request: true })),
        );
      }
      expect(model.validate(order, { item: 'x', status: 'open' }, { request: true })).toEqual({ ok: true, errors: [] });
      expect(model.validate(order, { item: 'x', status: 'open' }).ok).toBe(false);
    },
  );

  it('a drift of an answer with no body (a 204) is an undocumented 200 with one, in-process and served', async () => {
    const { createFake } = await load('drift', docs['3.1']);
    const fake = createFake();
    try {
      const call = (base, path, method = 'POST', body = { item: 'pen' }) =>
        fetch(`${base}${path}`, { method, headers: { 'x-key': 'k', 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(
        (
          await fake.fetch(
            new Request('https://api.shop.test/v2/orders', {
              method: 'POST',
              headers: { 'x-key': 'k', 'content-type': 'application/json' },
              body: '{"item":"pen"}',
            }),
          )
        ).status,
      ).toBe(201);
      fake.fail({ kind: 'drift' }, { operation: 'DELETE /orders/{orderId}' });
      const inProcess = await fake.fetch('https://api.shop.test/v2/orders/orders_0001', { method: 'DELETE', headers: { 'x-key': 'k' } });
      expect([inProcess.status, await inProcess.json()]).toEqual([200, { drifted: true }]);
      const base = await fake.listen(0);
      await call(base, '/orders');
      fake.fail({ kind: 'drift' }, { operation: 'DELETE /orders/{orderId}' });
      const served = await fetch(`${base}/orders/orders_0002`, { method: 'DELETE', headers: { 'x-key': 'k' } });
      expect([served.status, await served.json()]).toEqual([200, { drifted: true }]);
    } finally {
      await fake.close();
    }
  });

  it('with validators.gen.ts from one Ajv instance (as codegen writes both): a schema both reach is compiled once, the verdicts are the same', async () => {
    const customer = { $ref: '#/components/schemas/Customer' };
    const crm = {
      openapi: '3.1.0',
      info: { title: 'crm', version: '1' },
      paths: {
        '/customers': {
          post: {
            requestBody: { required: true, content: { 'application/json': { schema: customer } } },
            responses: { 201: { description: 'created', content: { 'application/json': { schema: customer } } } },
          },
        },
      },
      components: {
        schemas: {
          Customer: {
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string', minLength: 1 }, address: { $ref: '#/components/schemas/Address' } },
          },
          // propertyNames: a keyword own-validators.ts leaves to Ajv, so both bodies are Ajv's here
          Address: { type: 'object', required: ['city'], properties: { city: { type: 'string' } }, propertyNames: { maxLength: 20 } },
        },
      },
    };
    const spec = specModel(crm);
    const compiler = schemaCompiler(ajvDocument(spec));
    const { model } = await load('crm', crm, compiler);
    // the fake's request body is only a reference to Customer: Customer's function, which
    // Customer and Address (its own) were compiled into for the response
    const alone = schemaCompiler(ajvDocument(spec));
    fakeModule(crm, { compiler: alone });
    const once = schemaCompiler(ajvDocument(spec));
    validatorsModule(crm, { compiler: once });
    const afterValidators = once.compiled;
    fakeModule(crm, { compiler: once });
    expect(once.compiled - afterValidators, 'compiled for the fake after validators.gen.ts').toBe(0);
    expect(alone.compiled - (once.compiled - afterValidators), 'compiled again without the shared instance').toBeGreaterThanOrEqual(2);
    expect(compiler.compiled).toBe(once.compiled);
    const post = spec.operation('POST /customers');
    for (const body of [{ name: 'a' }, { name: '' }, { name: 'a', address: {} }, { name: 'a', address: { city: 1 } }, [], null]) {
      for (const pointer of [post.requestBody.preferred.schemaPointer, post.responses[0].schemaPointer]) {
        expect(model.validate(pointer, body), `${pointer} ${JSON.stringify(body)}`).toEqual(verdict(spec.validate(pointer, body)));
      }
    }
  });

  it('a body schema Ajv cannot compile is left unchecked and named; generation goes on', () => {
    const bad = structuredClone(docs['3.1']);
    bad.components.schemas.NewOrder.properties.item.pattern = '[';
    const text = fakeModule(bad);
    expect(text).toMatch(/^\/\/ Not checked by the fake \(its schema cannot be compiled\): #\/paths\/.*Invalid regular expression/m);
    expect(text).toContain('export function createFake(');
  });
});
