// The engine in-process (@capi/core/fake: engine.ts through kit.ts's fetch), on small specs written here:
// page and cursor paging, replace against update, integer ids, seed records, and its bounds.
import { describe, expect, it } from 'vitest';
import { createEngine, createFake, MAX_RECORDS } from '@capi/core/fake';
import { specModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { errorAnswer as error, json, ok, rawRequest, specOf } from './helpers.ts';

const item = {
  type: 'object',
  required: ['id', 'name'],
  properties: { id: { type: 'integer', readOnly: true }, name: { type: 'string' }, tag: { type: ['string', 'null'] } },
};
const spec = (listParams: object[], listSchema: object) =>
  specOf({
    '/things': {
      get: { parameters: listParams, responses: { ...ok(listSchema), '400': error } },
      post: {
        requestBody: {
          required: true,
          ...json({ type: 'object', properties: { name: { type: 'string' }, tag: { type: ['string', 'null'] } } }),
        },
        responses: { ...ok(item, '201'), '422': error },
      },
    },
    '/things/{thingId}': {
      parameters: [{ name: 'thingId', in: 'path', required: true, schema: { type: 'string' } }],
      put: {
        requestBody: json({
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string' }, tag: { type: ['string', 'null'] } },
        }),
        responses: { ...ok(item), '404': error, '422': error },
      },
      patch: {
        requestBody: json({ type: 'object', properties: { name: { type: 'string' }, tag: { type: ['string', 'null'] } } }),
        responses: { ...ok(item), '404': error, '422': error },
      },
    },
  });
const int = (name: string) => ({ name, in: 'query', schema: { type: 'integer' } });
const str = (name: string) => ({ name, in: 'query', schema: { type: 'string' } });

async function call(fake: ReturnType<typeof createFake>, method: string, path: string, body?: unknown) {
  const res = await fake.fetch(`https://x.test${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer: any = await res.json().catch(() => undefined);
  return { status: res.status, body: answer, link: res.headers.get('link') };
}

describe('the engine, in-process', () => {
  it('integer ids count up; replace drops what the body omits, update keeps it', async () => {
    const fake = createFake(spec([], { type: 'array', items: item }));
    const a = await call(fake, 'POST', '/things', { name: 'a', tag: 'red' });
    const b = await call(fake, 'POST', '/things', { name: 'b' });
    expect([a.body.id, b.body.id]).toEqual([1, 2]);
    expect((await call(fake, 'PATCH', '/things/1', { name: 'a2' })).body).toEqual({ id: 1, name: 'a2', tag: 'red' });
    expect((await call(fake, 'PUT', '/things/1', { name: 'a3' })).body).toEqual({ id: 1, name: 'a3' });
    expect(fake.ambiguities).toEqual([]);
  });

  it('paths with a format suffix (/things.json, /things/{thingId}.json) are one resource: created, read back, updated, listed, deleted, an unknown id 404', async () => {
    const id = [{ name: 'thingId', in: 'path', required: true, schema: { type: 'integer' } }];
    const fake = createFake(
      specOf({
        '/things.json': {
          get: { responses: ok({ type: 'array', items: item }) },
          post: { requestBody: json({ type: 'object', properties: { name: { type: 'string' } } }), responses: ok(item, '201') },
        },
        '/things/{thingId}.json': {
          parameters: id,
          get: { responses: { ...ok(item), '404': error } },
          patch: {
            requestBody: json({ type: 'object', properties: { name: { type: 'string' } } }),
            responses: { ...ok(item), '404': error },
          },
          delete: { responses: { '204': { description: 'gone' }, '404': error } },
        },
      }),
    );
    const [things] = fake.inference.resources;
    expect(fake.inference.resources).toHaveLength(1);
    expect(things).toMatchObject({ name: 'things', item: '/things/{thingId}.json', idParam: 'thingId' });
    expect(Object.fromEntries((things?.operations ?? []).map((o) => [o.key, o.kind]))).toEqual({
      'GET /things.json': 'list',
      'POST /things.json': 'create',
      'GET /things/{thingId}.json': 'read',
      'PATCH /things/{thingId}.json': 'update',
      'DELETE /things/{thingId}.json': 'delete',
    });
    const created = await call(fake, 'POST', '/things.json', { name: 'a' });
    expect(created.status).toBe(201);
    expect((await call(fake, 'GET', `/things/${created.body.id}.json`)).body).toMatchObject({ id: created.body.id, name: 'a' });
    expect((await call(fake, 'PATCH', `/things/${created.body.id}.json`, { name: 'b' })).body.name).toBe('b');
    expect((await call(fake, 'GET', '/things.json')).body.map((t: { id: number }) => t.id)).toEqual([created.body.id]);
    expect((await call(fake, 'DELETE', `/things/${created.body.id}.json`)).status).toBe(204);
    expect((await call(fake, 'GET', `/things/${created.body.id}.json`)).status).toBe(404);
  });

  it("a list whose items have another shape than the record (GitHub's gists, stream-io's roles) answers that shape, with the record's fields it has", async () => {
    const summary = {
      type: 'object',
      required: ['id', 'kind'],
      additionalProperties: false,
      properties: { id: { type: 'integer' }, kind: { type: 'string', enum: ['thing'] }, name: { type: 'string' } },
    };
    const fake = createFake(spec([], { type: 'object', required: ['data'], properties: { data: { type: 'array', items: summary } } }));
    await call(fake, 'POST', '/things', { name: 'a', tag: 'red' });
    const listed = await call(fake, 'GET', '/things');
    expect(listed).toMatchObject({ status: 200, body: { data: [{ id: 1, kind: 'thing', name: 'a' }] } });
    expect(listed.body.data[0]).not.toHaveProperty('tag');
    // the same shape as the record: the record itself
    const same = createFake(spec([], { type: 'array', items: item }));
    await call(same, 'POST', '/things', { name: 'b', tag: 'blue' });
    expect((await call(same, 'GET', '/things')).body).toEqual([{ id: 1, name: 'b', tag: 'blue' }]);
  });

  it("reads AWS's answers: a body of one object field is the representation, its id field in another case than the parameter", async () => {
    const flow = { type: 'object', properties: { FlowArn: { type: 'string' }, Name: { type: 'string' } } };
    const body = { type: 'object', properties: { Flow: flow } };
    const fake = createFake(
      specOf({
        '/v1/flows': {
          post: {
            requestBody: json({ type: 'object', properties: { name: { type: 'string' } } }),
            responses: ok(body, '201'),
          },
        },
        '/v1/flows/{flowArn}': {
          parameters: [{ name: 'flowArn', in: 'path', required: true, schema: { type: 'string' } }],
          get: { responses: { ...ok(body), '404': error } },
        },
      }),
    );
    expect(fake.inference.resources[0]).toMatchObject({ name: 'flows', idField: 'FlowArn' });
    const created = await call(fake, 'POST', '/v1/flows', {});
    const arn = created.body.Flow.FlowArn;
    expect(arn).toEqual(expect.any(String));
    expect((await call(fake, 'GET', `/v1/flows/${arn}`)).body.Flow.FlowArn).toBe(arn);
  });

  it("finds the item in an envelope when its id field is written `Id` (.NET's `{ Data: { Id }, ErrorCode }`, AWS's `{ Metadata: { Id }, CustomMetadata }`): read and list answer what was sent", async () => {
    const thing = {
      type: 'object',
      properties: { Id: { type: 'integer' }, Name: { type: 'string' }, Price: { type: 'number' } },
    };
    const sent = { type: 'object', properties: { Name: { type: 'string' }, Price: { type: 'number' } } };
    const result = (data: object) => ({ type: 'object', properties: { Data: data, ErrorCode: { type: 'integer' } } });
    const fake = createFake(
      specOf({
        '/api/things': {
          get: {
            responses: ok({
              ...result({ type: 'array', items: thing }),
              properties: {
                ...result({}).properties,
                Data: { type: 'array', items: thing },
                Paging: { type: 'object', properties: { Page: { type: 'integer' } } },
              },
            }),
          },
          post: { requestBody: json(sent), responses: { ...ok({ type: 'object' }), '422': error } },
        },
        '/api/things/{id}': {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          get: { responses: { ...ok(result(thing)), '404': error } },
          patch: { requestBody: json(sent), responses: { ...ok(result(thing)), '404': error } },
        },
      }),
    );
    expect(fake.inference.resources[0]).toMatchObject({ name: 'things', idField: 'Id' });
    await call(fake, 'POST', '/api/things', { Name: 'lamp', Price: 9.5 });
    await call(fake, 'PATCH', '/api/things/1', { Name: 'desk lamp' });
    expect((await call(fake, 'GET', '/api/things/1')).body.Data).toEqual({ Id: 1, Name: 'desk lamp', Price: 9.5 });
    expect((await call(fake, 'GET', '/api/things')).body.Data).toEqual([{ Id: 1, Name: 'desk lamp', Price: 9.5 }]);

    const metadata = { type: 'object', properties: { Id: { type: 'string' }, Name: { type: 'string' } } };
    const folders = createFake(
      specOf({
        '/folders': {
          post: {
            requestBody: json({ type: 'object', properties: { Name: { type: 'string' } } }),
            responses: { ...ok({ type: 'object', properties: { Metadata: metadata } }, '201'), '422': error },
          },
        },
        '/folders/{FolderId}': {
          parameters: [{ name: 'FolderId', in: 'path', required: true, schema: { type: 'string' } }],
          get: {
            responses: {
              ...ok({
                type: 'object',
                properties: { Metadata: metadata, CustomMetadata: { type: 'object', additionalProperties: { type: 'string' } } },
              }),
              '404': error,
            },
          },
          patch: {
            requestBody: json({ type: 'object', properties: { Name: { type: 'string' } } }),
            responses: { '200': { description: 'updated' }, '404': error },
          },
        },
      }),
    );
    const id = (await call(folders, 'POST', '/folders', { Name: 'docs' })).body.Metadata.Id;
    await call(folders, 'PATCH', `/folders/${id}`, { Name: 'papers' });
    expect((await call(folders, 'GET', `/folders/${id}`)).body.Metadata).toEqual({ Id: id, Name: 'papers' });
  });

  it("answers an error whose schema allows anything (AWS's `{}` exceptions) with an object whose message says why, not null", async () => {
    const anything = { description: 'EntityNotExistsException', ...json({ $ref: '#/components/schemas/EntityNotExists' }) };
    const spec = specModel({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      components: { schemas: { EntityNotExists: {} } },
      paths: {
        '/things': {
          post: {
            requestBody: json({ type: 'object', properties: { name: { type: 'string' } } }),
            responses: { ...ok(item, '201'), '480': anything },
          },
        },
        '/things/{thingId}': {
          parameters: [{ name: 'thingId', in: 'path', required: true, schema: { type: 'string' } }],
          get: { responses: { ...ok(item), '480': anything } },
        },
      },
    });
    const missing = await call(createFake(spec), 'GET', '/things/nope');
    expect(missing.status).toBe(480);
    expect(missing.body).toEqual({ message: expect.stringContaining('not found') });
  });

  it('answers an unknown id or a refused body that the operation documents no status for with 404 or 422, not its only documented 4xx when that is a 401 or 429', async () => {
    const denied = { description: 'Missing or invalid credentials.' };
    const limited = { description: 'Too many requests.' };
    const fake = createFake(
      specOf({
        '/things': {
          post: {
            requestBody: { required: true, ...json({ type: 'object', required: ['name'], properties: { name: { type: 'string' } } }) },
            responses: { ...ok(item, '201'), '401': denied, '429': limited },
          },
        },
        '/things/{thingId}': {
          parameters: [{ name: 'thingId', in: 'path', required: true, schema: { type: 'string' } }],
          get: { responses: { ...ok(item), '401': denied } },
          delete: { responses: { '204': { description: 'gone' }, '429': limited, '410': { description: 'gone before' } } },
        },
      }),
      // (strict, the default in-process, throws on the undocumented 404 instead: the spec says no not-found)
      { strict: false },
    );
    const missing = await call(fake, 'GET', '/things/nope');
    expect([missing.status, missing.body]).toEqual([404, { message: expect.stringContaining('not found') }]);
    expect((await call(fake, 'POST', '/things', { name: 5 })).status).toBe(422);
    // a documented 4xx of another meaning still stands in (as before): the delete's 410
    expect((await call(fake, 'DELETE', '/things/nope')).status).toBe(410);
  });

  /** /things with a create (answering `created`) and a read (answering `read`). */
  const twoAnswers = (
    created: object,
    read: object,
    body: object = { type: 'object', properties: { name: { type: 'string' }, tag: { type: 'string' } } },
  ) =>
    specOf({
      '/things': {
        post: { requestBody: json(body), responses: { ...ok(created, '201'), '422': error } },
      },
      '/things/{thingId}': {
        parameters: [{ name: 'thingId', in: 'path', required: true, schema: { type: 'string' } }],
        get: { responses: { ...ok(read), '404': error } },
      },
    });

  it('leaves out of an answer the fields its representation does not allow (additionalProperties: false)', async () => {
    const closedItem = { type: 'object', additionalProperties: false, properties: { id: { type: 'string' }, name: { type: 'string' } } };
    const fake = createFake(twoAnswers(closedItem, closedItem));
    // tag: a field the create body names and the representation does not (britbox's makeDefault)
    const created = await call(fake, 'POST', '/things', { name: 'a', tag: 'red' });
    expect(created).toMatchObject({ status: 201, body: { name: 'a' } });
    expect(created.body).not.toHaveProperty('tag');
    expect((await call(fake, 'GET', `/things/${created.body.id}`)).body).toEqual(created.body);
  });

  it("gives a new id the most constrained form the resource's answers write (iotsitewise: a uuid in the create's answer only)", async () => {
    const uuid = {
      type: 'string',
      minLength: 36,
      maxLength: 36,
      pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
    };
    const fake = createFake(
      twoAnswers(
        // as AWS writes it: the constraints in a part of an allOf
        { type: 'object', properties: { id: { allOf: [uuid, { description: 'the id' }] } } },
        { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
      ),
    );
    const created = await call(fake, 'POST', '/things', { name: 'a' });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(new RegExp(uuid.pattern));
    expect((await call(fake, 'GET', `/things/${created.body.id}`)).body).toEqual({ id: created.body.id, name: 'a' });
  });

  it('gives a new id a form both the answers and the item path take (an answer constrains it one way, the path as a uuid)', async () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const thing = {
      type: 'object',
      properties: { id: { type: 'string', maxLength: 40, pattern: '^[0-9a-z-]+$' }, name: { type: 'string' } },
    };
    const fake = createFake(
      specOf({
        '/things': {
          post: { requestBody: json({ type: 'object', properties: { name: { type: 'string' } } }), responses: ok(thing, '201') },
        },
        '/things/{thingId}': {
          parameters: [{ name: 'thingId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          get: { responses: { ...ok(thing), '404': error } },
        },
      }),
    );
    const created = await call(fake, 'POST', '/things', { name: 'a' });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(uuid);
    expect((await call(fake, 'GET', `/things/${created.body.id}`)).body).toEqual({ id: created.body.id, name: 'a' });
  });

  it("answers an operation of another shape without the record's values its schema refuses (a delete answering a push operation whose status is its own enum)", async () => {
    const thing = {
      type: 'object',
      properties: { id: { type: 'string' }, name: { type: 'string' }, status: { type: 'string', enum: ['active', 'archived'] } },
    };
    const push = {
      type: 'object',
      required: ['status'],
      properties: {
        pushKey: { type: 'string' },
        status: { type: 'string', enum: ['Pending', 'Success', 'Failed'] },
        name: { type: 'string' },
      },
    };
    const fake = createFake(
      specOf({
        '/things': {
          post: {
            requestBody: json({ type: 'object', properties: { name: { type: 'string' }, status: { type: 'string' } } }),
            responses: ok(thing, '201'),
          },
        },
        '/things/{thingId}': {
          parameters: [{ name: 'thingId', in: 'path', required: true, schema: { type: 'string' } }],
          get: { responses: { ...ok(thing), '404': error } },
          delete: { responses: { ...ok(push), '404': error } },
        },
      }),
    );
    const created = await call(fake, 'POST', '/things', { name: 'a', status: 'active' });
    expect(created.body).toMatchObject({ name: 'a', status: 'active' });
    const deleted = await call(fake, 'DELETE', `/things/${created.body.id}`);
    expect(deleted.status).toBe(200);
    // the record's fields that fit stay (its name); its status is none of the push's states
    expect(deleted.body.name).toBe('a');
    expect(push.properties.status.enum).toContain(deleted.body.status);
  });

  it("reads an answer's item under a field named like one of its collection (stream-io: { duration, role } from POST /roles)", async () => {
    const role = { type: 'object', required: ['name'], properties: { name: { type: 'string' }, custom: { type: 'boolean' } } };
    const duration = { type: 'string' };
    const fake = createFake(
      specOf({
        '/roles': {
          get: { responses: ok({ type: 'object', properties: { duration, roles: { type: 'array', items: role } } }) },
          post: {
            requestBody: json({ type: 'object', properties: { name: { type: 'string' } } }),
            responses: ok({ type: 'object', required: ['duration', 'role'], properties: { duration, role } }, '201'),
          },
        },
        '/roles/{name}': {
          parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
          delete: { responses: { '204': { description: 'gone' }, '404': error } },
        },
      }),
    );
    const created = await call(fake, 'POST', '/roles', { name: 'admin' });
    const name = created.body.role.name;
    expect((await call(fake, 'GET', '/roles')).body.roles.map((r: { name: string }) => r.name)).toEqual([name]);
    expect((await call(fake, 'DELETE', `/roles/${name}`)).status).toBe(204);
  });

  it("reads an answer's items under a field named like its collection (Xero: { Items: [...] } from PUT /Items), a uuid id from the item's schema", async () => {
    const itemSchema = { type: 'object', properties: { ItemID: { type: 'string', format: 'uuid' }, Code: { type: 'string' } } };
    const items = { type: 'object', properties: { Items: { type: 'array', items: itemSchema } } };
    const fake = createFake(
      specOf({
        '/Items': {
          get: { responses: ok(items) },
          put: { requestBody: json(items), responses: ok(items) },
        },
        '/Items/{ItemID}': {
          parameters: [{ name: 'ItemID', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          get: { responses: { ...ok(items), '404': error } },
        },
      }),
      { operations: { 'PUT /Items': 'create' } },
    );
    expect(fake.inference.resources[0]).toMatchObject({ name: 'Items', idField: 'ItemID' });
    const created = await call(fake, 'PUT', '/Items', { Code: 'A1' });
    const id = created.body.Items[0].ItemID;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect((await call(fake, 'GET', `/Items/${id}`)).body.Items[0].ItemID).toBe(id);
  });

  it("names the id of a list's summary items as they do (iotsitewise: `id` in the summary, `assetId` in the record)", async () => {
    const asset = { type: 'object', properties: { assetId: { type: 'string' }, name: { type: 'string' } } };
    const summary = { type: 'object', required: ['id'], properties: { id: { type: 'string' }, name: { type: 'string' } } };
    const fake = createFake(
      specOf({
        '/assets': {
          get: { responses: ok({ type: 'object', properties: { assetSummaries: { type: 'array', items: summary } } }) },
          post: {
            requestBody: json({ type: 'object', properties: { name: { type: 'string' } } }),
            responses: ok(asset, '201'),
          },
        },
        '/assets/{assetId}': {
          parameters: [{ name: 'assetId', in: 'path', required: true, schema: { type: 'string' } }],
          get: { responses: { ...ok(asset), '404': error } },
        },
      }),
    );
    const created = await call(fake, 'POST', '/assets', { name: 'pump' });
    expect((await call(fake, 'GET', '/assets')).body.assetSummaries).toEqual([{ id: created.body.assetId, name: 'pump' }]);
  });

  it('pages by page number and by an opaque cursor', async () => {
    const byPage = createFake(spec([int('page'), int('per_page')], { type: 'array', items: item }));
    for (const n of ['a', 'b', 'c']) await call(byPage, 'POST', '/things', { name: n });
    expect((await call(byPage, 'GET', '/things?page=2&per_page=2')).body.map((t: { name: string }) => t.name)).toEqual(['c']);
    const list = {
      type: 'object',
      required: ['items'],
      properties: { items: { type: 'array', items: item }, next_cursor: { type: ['string', 'null'] } },
    };
    const byCursor = createFake(spec([str('cursor'), int('limit')], list));
    for (const n of ['a', 'b', 'c']) await call(byCursor, 'POST', '/things', { name: n });
    const first = await call(byCursor, 'GET', '/things?limit=2');
    expect(first.body.items.map((t: { name: string }) => t.name)).toEqual(['a', 'b']);
    const second = await call(byCursor, 'GET', `/things?limit=2&cursor=${first.body.next_cursor}`);
    expect([second.body.items.map((t: { name: string }) => t.name), second.body.next_cursor]).toEqual([['c'], null]);
  });

  it('seed records are there from the start and after reset; a seed without its id field is refused by name', async () => {
    const fake = createFake(spec([], { type: 'array', items: item }), { records: { things: [{ id: 7, name: 'seeded' }] } });
    await call(fake, 'PATCH', '/things/7', { name: 'changed' });
    fake.reset();
    expect(fake.records('things')).toEqual([{ id: 7, name: 'seeded' }]);
    expect(() => createFake(spec([], item), { records: { things: [{ name: 'x' }] } })).toThrow(/things"\[0\]: no "id"/);
    expect(() => createFake(spec([], item), { records: { nope: [] } })).toThrow(/no such resource; the resources are things/);
  });

  it(`a resource holds at most ${MAX_RECORDS} records; past that, the documented 422`, async () => {
    const fake = createFake(spec([], { type: 'array', items: item }), { strict: false });
    const created = await Promise.all(Array.from({ length: MAX_RECORDS }, (_, i) => call(fake, 'POST', '/things', { name: `n${i}` })));
    expect(created.filter((c) => c.status !== 201)).toEqual([]);
    const over = await call(fake, 'POST', '/things', { name: 'one too many' });
    expect([over.status, over.body.message]).toEqual([422, `things holds ${MAX_RECORDS} records, the fake's limit`]);
    expect(fake.records('things')).toHaveLength(MAX_RECORDS);
  });
  it('a write past the bytes the store may hold (maxStoreBytes) gets the documented 422; an update counts the record it replaces', async () => {
    const fake = createFake(spec([], { type: 'array', items: item }), { strict: false, maxStoreBytes: 2000 });
    const name = 'n'.repeat(300);
    const created = [];
    for (let i = 0; i < 10; i++) created.push(await call(fake, 'POST', '/things', { name }));
    const stored = fake.records('things');
    const bytes = stored.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)), 0);
    expect(stored.length).toBe(created.filter((c) => c.status === 201).length);
    const each = Buffer.byteLength(JSON.stringify(stored[0]));
    // as many as fit, and no more
    expect([bytes <= 2000, bytes + each > 2000, stored.length]).toEqual([true, true, Math.floor(2000 / each)]);
    expect(created.at(-1)).toMatchObject({ status: 422, body: { message: 'the fake holds 2000 bytes of records at most, its limit' } });
    // growing a record past the bound is refused; shrinking two fits (their old sizes no longer
    // count), and then a create of the first size does, which did not before
    expect((await call(fake, 'PATCH', '/things/1', { name: name.repeat(2) })).status).toBe(422);
    for (const id of [1, 2]) expect((await call(fake, 'PATCH', `/things/${id}`, { name: 'short' })).status).toBe(200);
    expect((await call(fake, 'POST', '/things', { name })).status).toBe(201);
    expect(fake.records('things').reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)), 0)).toBeLessThanOrEqual(2000);
  });
  it('checks a create body as OAS reads a request, through the spec model (validate with { request: true }): a required readOnly id left out is no error, a broken rule is the documented 422', async () => {
    const thing = {
      type: 'object',
      required: ['id', 'name'],
      properties: { id: { type: 'integer', readOnly: true }, name: { type: 'string', minLength: 1 } },
    };
    const fake = createFake(
      specOf({
        '/things': { post: { requestBody: { required: true, ...json(thing) }, responses: { ...ok(thing, '201'), '422': error } } },
        '/things/{thingId}': {
          parameters: [{ name: 'thingId', in: 'path', required: true, schema: { type: 'string' } }],
          get: { responses: { ...ok(thing), '404': error } },
        },
      }),
    );
    expect(await call(fake, 'POST', '/things', { name: 'a' })).toMatchObject({ status: 201, body: { id: 1, name: 'a' } });
    const refused = await call(fake, 'POST', '/things', { name: '' });
    expect([refused.status, refused.body.message]).toEqual([
      422,
      'the request body does not match the schema: /name must NOT have fewer than 1 characters',
    ]);
  });

  it('fits an answer to its own schema however deep the stored item differs, bounded by depth on a recursive schema', async () => {
    // a tree whose answer requires `kind` on every node, which the create's body does not name
    const node = {
      type: 'object',
      required: ['name', 'kind'],
      properties: {
        name: { type: 'string' },
        kind: { type: 'string' },
        children: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
      },
    };
    const sentNode = {
      type: 'object',
      properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/In' } } },
    };
    const model = specModel({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      components: { schemas: { Node: { ...node, properties: { ...node.properties, id: { type: 'string' } } }, In: sentNode } },
      paths: {
        '/trees': {
          post: {
            requestBody: { required: true, ...json({ $ref: '#/components/schemas/In' }) },
            responses: { ...ok({ $ref: '#/components/schemas/Node' }, '201'), '422': error },
          },
        },
        '/trees/{treeId}': {
          parameters: [{ name: 'treeId', in: 'path', required: true, schema: { type: 'string' } }],
          get: { responses: { ...ok({ $ref: '#/components/schemas/Node' }), '404': error } },
        },
      },
    });
    const fake = createFake(model);
    const tree = (levels: number) => {
      let out: any = { name: 'leaf' };
      for (let i = levels - 1; i >= 0; i--) out = { name: `n${i}`, children: [out] };
      return out;
    };
    // 20 levels (an object and an array each): every node answered with its `kind` (the kit checks each answer against the spec)
    const created = await call(fake, 'POST', '/trees', tree(20));
    expect(created.status).toBe(201);
    const read = await call(fake, 'GET', `/trees/${created.body.id}`);
    expect(read.body).toEqual(created.body);
    let at = read.body;
    for (let i = 0; i < 20; i++) {
      expect([at.name, typeof at.kind]).toEqual([`n${i}`, 'string']);
      at = at.children[0];
    }
    expect([at.name, typeof at.kind]).toEqual(['leaf', 'string']);
    // past MAX_FIT_DEPTH levels, what was stored is answered as it is: an answer, not a crash
    const engine = createEngine(model);
    const deep = engine.respond({ method: 'POST', url: '/trees', headers: {} }, { text: JSON.stringify(tree(500)) });
    expect(deep.status).toBe(201);
    let bottom: any = deep.body;
    for (let i = 0; i < 500; i++) bottom = bottom.children[0];
    expect(bottom).toEqual({ name: 'leaf' });
    expect((deep.body as any).kind).toEqual(expect.any(String));
  });

  it('reads a form body of repeated fields into lists in the order sent, a plain field of the same name in between starting a new one', () => {
    const model = specOf({
      '/forms': {
        post: {
          requestBody: {
            content: {
              'application/x-www-form-urlencoded': {
                schema: { type: 'object', properties: { ids: { type: 'array', items: { type: 'integer' } }, note: { type: 'string' } } },
              },
            },
          },
          responses: { '204': { description: 'stored' } },
        },
      },
    });
    const engine = createEngine(model);
    const read = (text: string) => {
      engine.respond({ method: 'POST', url: '/forms', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, { text });
      return engine.requests().at(-1)?.body;
    };
    // an array field collects every value, `ids` and `ids[]` alike, typed as its items; `tag[]`
    // (no schema) a list of strings; `note` a plain field, its last value
    expect(read('ids[]=3&tag[]=b&ids=1&note=x&ids[]=2&tag[]=a&note=y')).toEqual({ ids: [3, 1, 2], tag: ['b', 'a'], note: 'y' });
    // a plain field between two lists of the same name: the value, then a new list
    expect(read('note[]=a&note[]=b&tag=t&tag[]=c&tag[]=d')).toEqual({ note: ['a', 'b'], tag: ['c', 'd'] });
    expect(read('tag[]=a&tag=t')).toEqual({ tag: 't' });
    // many values: every one kept, in order (the list is appended to, not copied per value)
    const many = Array.from({ length: 1500 }, (_, i) => i); // under the 16 KiB the log keeps
    expect(read(many.map((i) => `ids[]=${i}`).join('&'))).toEqual({ ids: many });
    // each body its own lists
    expect(read('ids[]=9')).toEqual({ ids: [9] });
  });

  it('writes the next page\'s Link as a URI whatever the path asked: `<`, `>`, `"` percent-encoded, one rel="next"', async () => {
    // the path as the request sent it went into `<...>`: `/parents/a>;rel=x/items` ended the URI
    // early, and a reader of the Link header followed `/parents/a`
    const item = { type: 'object', properties: { id: { type: 'string', readOnly: true }, name: { type: 'string' } } };
    const model = specOf({
      '/parents/{pid}/items': {
        parameters: [{ name: 'pid', in: 'path', required: true, schema: { type: 'string' } }],
        get: {
          parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }],
          responses: {
            '200': { description: 'ok', headers: { Link: { schema: { type: 'string' } } }, ...json({ type: 'array', items: item }) },
          },
        },
        post: { requestBody: json(item), responses: ok(item, '201') },
      },
    });
    const engine = createEngine(model);
    const url = await engine.listen();
    try {
      for (const pid of ['a>;rel=x', 'a"b<c', 'a^b|c{d}`e\\f']) {
        const path = `/parents/${pid}/items`;
        for (let i = 0; i < 2; i++) expect((await rawRequest(url, { method: 'POST', target: path, body: '{}' })).status).toBe(201);
        const res = await rawRequest(url, { method: 'GET', target: `${path}?limit=1` });
        expect(res.status).toBe(200);
        const link = String(res.headers.link);
        expect(link).toMatch(/^<[^<>"\\^`{|}\s]+>; rel="next"$/);
        const target = /^<([^>]*)>/.exec(link)?.[1] ?? '';
        expect(decodeURIComponent(target.split('?')[0] ?? '')).toBe(path);
        const next = await rawRequest(url, { method: 'GET', target });
        expect([next.status, JSON.parse(next.text)]).toEqual([200, [expect.objectContaining({ id: expect.any(String) })]]);
      }
    } finally {
      await engine.close();
    }
  });
});
