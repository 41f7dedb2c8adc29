// A provider's own rules on the inferred engine (src/engine.ts, EngineRules), in-process on the
// fixture spec (test/fixtures/shop.yaml): who the credentials name and what they may do, unique
// fields, other look-up keys, derived and hidden fields, how a field is written, a body that
// must name a field, a declared id field. Each answer is the documented one of its operation.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine, type EngineOptions } from '@capi/core/fake';
import { json, ok, specOf } from './helpers.ts';

const model = loadSpecModel(resolve(import.meta.dirname, 'fixtures/shop.yaml'));
const stamp = '2026-01-01T00:00:00.000Z';
const ada = { id: 'o1', customer: 'Ada', status: 'open', note: null, createdAt: stamp, updatedAt: stamp, external: { code: 'EXT-1' } };
const bo = { id: 'o2', customer: 'Bo', status: 'paid', note: null, createdAt: stamp, updatedAt: stamp };

/** An engine with the seed above and `options`; `call` answers one request in-process. */
function engineWith(options: EngineOptions = {}) {
  const engine = createEngine(model, { records: { orders: [ada, bo] }, ...options });
  const call = (method: string, url: string, body?: unknown, token = 'any') => {
    const answer = engine.respond(
      { method, url, headers: { authorization: `Bearer ${token}` } },
      { text: body === undefined ? undefined : JSON.stringify(body) },
    );
    const op = engine.operationOf(method, url);
    const documented = model.operation(op ?? '')?.responses.find((r) => r.status === String(answer.status));
    expect(documented, `${method} ${url} -> ${answer.status} is documented`).toBeDefined();
    if (documented?.schemaPointer) expect(model.validate(documented.schemaPointer, answer.body).errors).toEqual([]);
    return answer as { status: number; body: Record<string, unknown> };
  };
  return { engine, call };
}

describe('provider rules on the inferred engine', () => {
  it('unique: a create or update that would share the field (ignoring case) gets the documented 422 and stores nothing', () => {
    const { engine, call } = engineWith({ rules: { resources: { orders: { unique: [{ field: 'customer', ignoreCase: true }] } } } });
    const clash = call('POST', '/orders', { customer: 'ADA' });
    expect([clash.status, clash.body.message]).toEqual([422, 'customer is already used by another order']);
    expect(engine.records('orders')).toHaveLength(2);
    expect(call('POST', '/orders', { customer: 'Cy' }).status).toBe(201);
    // without the rule, the same create is stored
    expect(engineWith().call('POST', '/orders', { customer: 'ADA' }).status).toBe(201);
  });

  it('lookup: another field names the item too; the record stays stored under its own id', () => {
    const { engine, call } = engineWith({ rules: { resources: { orders: { lookup: ['external.code'] } } } });
    expect(call('GET', '/orders/EXT-1').body.id).toBe('o1');
    expect(call('PATCH', '/orders/EXT-1', { note: 'by code' }).body).toMatchObject({ id: 'o1', note: 'by code' });
    expect(engine.records('orders').map((r) => [r.id, r.note])).toEqual([
      ['o1', 'by code'],
      ['o2', null],
    ]);
    // a path that is no own property names nothing
    expect(
      engineWith({ rules: { resources: { orders: { lookup: ['__proto__.x', 'constructor'] } } } }).call('GET', '/orders/x').status,
    ).toBe(404);
    expect(engineWith().call('GET', '/orders/EXT-1').status).toBe(404);
  });

  it('authenticate, permit and authorize: unknown credentials the documented 401; a refused caller (no 403 documented) too, changing nothing', () => {
    const tokens = new Map([
      ['reader', { owner: 'Ada', write: false }],
      ['ada', { owner: 'Ada', write: true }],
    ]);
    const { engine, call } = engineWith({
      rules: {
        authenticate: (h) => tokens.get(/^Bearer (.+)$/.exec(h.authorization ?? '')?.[1] ?? '') ?? null,
        permit: (caller, { kind }) => (kind === 'update' && !(caller as { write: boolean }).write ? 'read-only token' : null),
        authorize: (caller, record) => ((caller as { owner: string }).owner === record.customer ? null : 'not your order'),
      },
    });
    expect(call('GET', '/orders/o1', undefined, 'someone').status).toBe(401);
    expect(call('GET', '/orders/o1', undefined, 'reader').status).toBe(200);
    const readOnly = call('PATCH', '/orders/o1', { note: 'x' }, 'reader');
    expect([readOnly.status, readOnly.body.message]).toEqual([401, 'read-only token']);
    const other = call('PATCH', '/orders/o2', { note: 'x' }, 'ada');
    expect([other.status, other.body.message]).toEqual([401, 'not your order']);
    expect(call('PATCH', '/orders/o1', { note: 'mine' }, 'ada').status).toBe(200);
    expect(engine.records('orders').map((r) => r.note)).toEqual(['mine', null]);
  });

  it('set, derive and hidden: a field written its own way, a derived field (seeds included) kept but not shown', () => {
    const { engine, call } = engineWith({
      rules: {
        resources: {
          orders: {
            set: { note: (r, v) => Object.assign(r, { note: v === '' ? null : v }) },
            derive: (r) => Object.assign(r, { label: `${r.customer}/${r.status}` }),
            hidden: ['label'],
          },
        },
      },
    });
    expect(engine.get('orders', 'o1')?.label).toBe('Ada/open');
    const answer = call('PATCH', '/orders/o1', { note: '', status: 'paid' });
    expect(answer.body).toMatchObject({ note: null, status: 'paid' });
    expect(answer.body).not.toHaveProperty('label');
    expect(engine.get('orders', 'o1')?.label).toBe('Ada/paid');
    const listed = call('GET', '/orders').body.data as Record<string, unknown>[];
    expect(listed.map((o) => [o.id, Object.hasOwn(o, 'label')])).toEqual([
      ['o1', false],
      ['o2', false],
    ]);
  });

  it('atLeastOneField: a write that names no field of the body schema gets the documented 422', () => {
    const { call } = engineWith({ rules: { resources: { orders: { atLeastOneField: true } } } });
    const empty = call('PATCH', '/orders/o1', {});
    expect([empty.status, empty.body.message]).toEqual([422, 'At least one field must be supplied']);
    expect(engineWith().call('PATCH', '/orders/o1', {}).status).toBe(200);
  });

  it('an update that changes nothing leaves updatedAt as it was; one that changes a field moves it', () => {
    const { call } = engineWith();
    expect(call('PATCH', '/orders/o1', { note: null }).body.updatedAt).toBe(stamp);
    expect(Date.parse(String(call('PATCH', '/orders/o1', { note: 'n' }).body.updatedAt))).toBeGreaterThan(Date.parse(stamp));
  });

  it('idField declares the id field; rules for a resource the spec does not have are refused, naming the resources', () => {
    const { engine } = engineWith({ rules: { resources: { orders: { idField: 'customer' } } }, records: {} });
    expect(engine.inference.resources.find((r) => r.name === 'orders')?.idField).toBe('customer');
    expect(() => createEngine(model, { rules: { resources: { customers: {} } } })).toThrow(
      'rules for "customers": no such resource; the resources are orders, orders.lines',
    );
  });
});

describe('a rule that throws', () => {
  it('gets a 500 naming it (Prism in front flags it as off the spec), and the server on 127.0.0.1 keeps serving', async () => {
    const engine = createEngine(model, {
      records: { orders: [ada] },
      rules: {
        authenticate: (h) => {
          if (h.authorization === 'Bearer boom') throw new Error('the rule broke');
          return {};
        },
      },
    });
    const url = await engine.listen(0);
    try {
      const get = (token: string) => fetch(`${url}/orders/o1`, { headers: { authorization: `Bearer ${token}` } });
      const broken = await get('boom');
      expect([broken.status, await broken.json()]).toEqual([500, { message: 'fake crashed: the rule broke' }]);
      const fine = await get('ok');
      expect([fine.status, ((await fine.json()) as { id: string }).id]).toEqual([200, 'o1']);
    } finally {
      await engine.close();
    }
  });
});

describe('documented error bodies', () => {
  it('say why in their message one level down, and carry the id asked for where the example names the id parameter', () => {
    const errorBody = {
      description: 'not found',
      ...json(
        {
          type: 'object',
          properties: {
            error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
            details: { type: 'object', additionalProperties: true },
          },
        },
        { error: { code: 'NOT_FOUND', message: 'Resource not found' }, details: { thingId: 'th_example' } },
      ),
    };
    const thing = { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } };
    const engine = createEngine(
      specOf({
        '/things/{thingId}': {
          parameters: [{ name: 'thingId', in: 'path', required: true, schema: { type: 'string' } }],
          get: { responses: { ...ok(thing), '404': errorBody } },
        },
      }),
    );
    const answer = engine.respond({ method: 'GET', url: '/things/th_42', headers: {} }, {});
    expect(answer).toEqual({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'things not found' }, details: { thingId: 'th_42' } },
      headers: { 'content-type': 'application/json' },
    });
  });
});
