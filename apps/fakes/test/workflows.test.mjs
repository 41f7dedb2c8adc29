// Generated CRUD workflows (src/workflows.ts) on a fixture spec with two resources
// (test/fixtures/two-resources.yaml: customers with every operation, notes with create and read
// only), its inferred fake served as `npm run fake` serves it (the front, real Prism in proxy
// mode, the engine on 127.0.0.1). The workflows pass on the fake; a fake that loses a write (a
// broken rule injected here) makes them fail, naming the resource, the step and the field.
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine } from '@capi/core/fake';
import { serveInferred } from '../src/serve.ts';
import { createLinks, generateWorkflows, runWorkflow } from '../src/workflows.ts';
import { sendTo } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/two-resources.yaml');
const model = loadSpecModel(SPEC);
const servers = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

async function serve(options = {}) {
  const served = await serveInferred(SPEC, { seed: 'workflows-test', ...options });
  servers.push(served);
  return served;
}

describe('generated workflows', () => {
  it('one workflow per resource, the steps a resource lacks named as skipped', async () => {
    const served = await serve();
    const { workflows, notGenerated } = generateWorkflows(served.engine.inference.resources);
    expect(notGenerated).toEqual([]);
    expect(Object.fromEntries(workflows.map((w) => [w.resource, w.steps.map((s) => s.step)]))).toEqual({
      customers: ['create', 'read', 'update', 'read-updated', 'list', 'delete', 'read-deleted'],
      notes: ['create', 'read'],
    });
    expect(workflows.find((w) => w.resource === 'customers').skipped).toEqual([]);
    expect(workflows.find((w) => w.resource === 'notes').skipped).toEqual([
      { step: 'update', reason: 'no update or replace operation' },
      { step: 'read-updated', reason: 'no update or replace operation' },
      { step: 'list', reason: 'no list operation' },
      { step: 'delete', reason: 'no delete operation' },
      { step: 'read-deleted', reason: 'no delete operation' },
    ]);
  });

  it('a nested resource gets one that creates its parent first and names it in every path, and passes behind Prism', async () => {
    const SHOP = resolve(import.meta.dirname, 'fixtures/shop.yaml');
    const shop = loadSpecModel(SHOP);
    const { workflows, notGenerated } = generateWorkflows(createEngine(shop).inference.resources, shop);
    expect(notGenerated).toEqual([]);
    const lines = workflows.find((w) => w.resource === 'orders.lines');
    expect(lines.parents).toEqual([{ resource: 'orders', idField: 'id', idParam: 'orderId', position: 0, operation: 'POST /orders' }]);
    expect(lines.steps.map((s) => s.step)).toEqual(['create', 'read', 'list']);
    const served = await serveInferred(SHOP, { seed: 'nested-workflow' });
    servers.push(served);
    expect(await runWorkflow(shop, lines, sendTo(served.url))).toMatchObject({ steps: ['create', 'read', 'list'] });
    const [order, ...rest] = served.engine.requests();
    expect(order).toMatchObject({ method: 'POST', path: '/orders' });
    const orderId = served.engine.records('orders')[0].id;
    expect(rest.map((r) => `${r.method} ${r.path.replace(/\/[^/]+$/, '/*')}`)).toEqual([
      `POST /orders/${orderId}/*`,
      `GET /orders/${orderId}/lines/*`,
      `GET /orders/${orderId}/*`,
    ]);
    expect(served.engine.records('orders.lines')).toHaveLength(1);
  });

  it('run and pass against the fake behind Prism, which holds what they left', async () => {
    const served = await serve();
    const send = sendTo(served.url);
    const { workflows } = generateWorkflows(served.engine.inference.resources);
    const results = {};
    for (const w of workflows) results[w.resource] = await runWorkflow(model, w, send);
    // the create's OpenAPI links: the GET one followed, the DELETE one not sent
    expect(results.customers.links).toEqual([
      { link: 'GetCustomer', operation: 'GET /customers/{customerId}', followed: true },
      {
        link: 'DeleteCustomer',
        operation: 'DELETE /customers/{customerId}',
        followed: false,
        reason: 'DELETE is not sent (only GET links are followed)',
      },
    ]);
    expect(results.notes.links).toEqual([]);
    // the same, before the run, for the report
    expect(workflows.map((w) => [w.resource, createLinks(model, w).map((l) => [l.link, l.follows])])).toEqual(
      expect.arrayContaining([
        [
          'customers',
          [
            ['GetCustomer', true],
            ['DeleteCustomer', false],
          ],
        ],
        ['notes', []],
      ]),
    );
    // customers: created and deleted again; notes: the one created is still there
    expect(served.engine.records('customers')).toEqual([]);
    expect(served.engine.records('notes')).toHaveLength(1);
    const operations = served.engine.requests().map((r) => r.operation);
    expect(operations.filter((o) => o.includes('/customers'))).toEqual([
      'POST /customers',
      'GET /customers/{customerId}',
      'GET /customers/{customerId}',
      'PATCH /customers/{customerId}',
      'GET /customers/{customerId}',
      'GET /customers',
      'DELETE /customers/{customerId}',
      'GET /customers/{customerId}',
    ]);
    expect(operations.filter((o) => o.includes('/notes'))).toEqual(['POST /notes', 'GET /notes/{noteId}']);
  });

  it('a fake that loses a write makes the workflow fail, naming the step and the field', async () => {
    // a broken rule: the customer's name is accepted and never written
    const served = await serve({ rules: { resources: { customers: { set: { name: () => {} } } } } });
    const customers = generateWorkflows(served.engine.inference.resources).workflows.find((w) => w.resource === 'customers');
    await expect(runWorkflow(model, customers, sendTo(served.url))).rejects.toThrow(
      /^workflow customers, step read \(GET \/customers\/\{customerId\}\): the read does not show what create sent: name: sent "[^"]*", got "[^"]*"$/,
    );
  });

  it('a link the fake cannot answer makes the workflow fail, naming the link', async () => {
    // the fake serves the spec; the workflow reads a copy whose link names a field the body lacks
    const served = await serve();
    const broken = loadSpecModel(SPEC);
    broken.doc.paths['/customers'].post.responses['201'].links.GetCustomer.parameters.customerId = '$response.body#/email';
    const customers = generateWorkflows(served.engine.inference.resources).workflows.find((w) => w.resource === 'customers');
    await expect(runWorkflow(broken, customers, sendTo(served.url))).rejects.toThrow(
      /^workflow customers, step create \(POST \/customers\): link GetCustomer \(GET \/customers\/\{customerId\}\) with \{"customerId":"[^"]+"\}: answered 404, not a documented 2xx$/,
    );
  });

  it('a fake whose delete keeps the record makes the last read fail', async () => {
    // the workflow of the spec as it is, run on a fake whose engine reads the delete as a read
    const customers = generateWorkflows(createEngine(model).inference.resources).workflows.find((w) => w.resource === 'customers');
    const served = await serve({ operations: { 'DELETE /customers/{customerId}': 'read' } });
    await expect(runWorkflow(model, customers, sendTo(served.url))).rejects.toThrow(
      /^workflow customers, step read-deleted \(GET \/customers\/\{customerId\}\): answered 200 after the delete, not the documented 404$/,
    );
  });
});

describe('generated workflows on shapes of real specs', () => {
  const SHAPES = resolve(import.meta.dirname, 'fixtures/workflow-shapes.yaml');
  const shapes = loadSpecModel(SHAPES);

  it('a resource with no item path gets none: nothing can be read back by its id', () => {
    const { workflows, notGenerated } = generateWorkflows(createEngine(shapes).inference.resources);
    expect(workflows.map((w) => w.resource).sort()).toEqual([
      'assets',
      'batches',
      'employees',
      'guests',
      'hooks',
      'labels',
      'notes',
      'tasks',
      'tickets',
      'tokens',
    ]);
    expect(notGenerated).toEqual([
      { resource: 'keys', reason: 'no item path (only collection operations: nothing to read back by its id)' },
    ]);
  });

  it('pass where the create documents no body (none sent), where its body names the id field (the server assigns the id), under a parent the spec does not list, with required query and header parameters, a field only the create answers shows, a read that documents no 4xx, answers of one item in an array field, summaries that name the id `id`, and a closed schema with readOnly fields', async () => {
    const served = await serveInferred(SHAPES, { seed: 'workflow-shapes' });
    servers.push(served);
    const { workflows } = generateWorkflows(served.engine.inference.resources, shapes);
    const results = {};
    for (const w of workflows) results[w.resource] = await runWorkflow(shapes, w, sendTo(served.url));
    expect(results.tickets.steps).toEqual(['create', 'read']);
    expect(results.employees.steps).toEqual(['create', 'read', 'list']);
    const creates = served.engine.requests().filter((r) => r.method === 'POST');
    expect(creates.find((r) => r.operation === 'POST /tickets').body).toBeUndefined();
    // the link's `$request.body#/name` is the name the create sent
    expect(results.employees.links).toEqual([{ link: 'SameName', operation: 'GET /employees', followed: true }]);
    const sent = creates.find((r) => r.operation === 'POST /employees').body;
    const linked = served.engine.requests().filter((r) => r.operation === 'GET /employees')[0];
    expect(linked.query).toMatchObject({ name: sent.name });
    // the parent's id: one uuid, in every step
    expect(results.tasks.steps).toEqual(['create', 'read', 'list']);
    // a field the create answers and the read does not show: compared where shown only
    expect(results.tokens.steps).toEqual(['create', 'read']);
    // a read that documents no 4xx: its not-found after the delete is only judged by its status
    expect(results.labels.steps).toEqual(['create', 'read', 'delete', 'read-deleted']);
    // the one item of an array field named like the collection
    expect(results.batches.steps).toEqual(['create', 'read']);
    // summaries that name the id `id`
    expect(results.assets.steps).toEqual(['create', 'read', 'list']);
    // readOnly fields of a closed schema are not sent (Prism would refuse the create with its 422)
    expect(results.notes.steps).toEqual(['create', 'read']);
    expect(Object.keys(creates.find((r) => r.operation === 'POST /notes').body)).toEqual(['text']);
    // a bulk create: one item sent in a list, the one created read back
    expect(results.guests.steps).toEqual(['create', 'read']);
    expect(creates.find((r) => r.operation === 'POST /guests').body).toEqual([{ name: expect.any(String) }]);
    // a read that documents no success and a list whose items do not name the id: left out, named
    const hooks = workflows.find((w) => w.resource === 'hooks');
    expect(results.hooks.steps).toEqual(['create', 'delete', 'read-deleted']);
    expect(hooks.skipped).toEqual(
      expect.arrayContaining([
        { step: 'read', reason: 'GET /hooks/{ID} documents no success (2xx) answer' },
        { step: 'list', reason: 'the list (GET /hooks) answers items that do not name ID: nothing finds the created one among them' },
      ]),
    );
    const tasks = served.engine.requests().filter((r) => r.operation.includes('/tasks'));
    expect(tasks.map((r) => r.path.split('/')[2])).toEqual([
      expect.stringMatching(/^[0-9a-f-]{36}$/),
      tasks[0].path.split('/')[2],
      tasks[0].path.split('/')[2],
    ]);
  });

  it('a bulk create makes every item of the list, answers them in one list, and keeps none when one is refused', async () => {
    const served = await serveInferred(SHAPES, { seed: 'bulk', rules: { resources: { guests: { unique: [{ field: 'name' }] } } } });
    servers.push(served);
    const post = (body) =>
      fetch(`${served.url}/guests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const made = await post([{ name: 'ada' }, { name: 'grace' }]);
    expect(made.status).toBe(201);
    const created = await made.json();
    expect(created.map((g) => g.name)).toEqual(['ada', 'grace']);
    expect(new Set(created.map((g) => g.guestKey)).size).toBe(2);
    const read = await fetch(`${served.url}/guests/${encodeURIComponent(created[1].guestKey)}`);
    expect(await read.json()).toMatchObject({ name: 'grace' });
    // the second item clashes with the first: the documented 409, and neither is kept
    const refused = await post([{ name: 'linus' }, { name: 'linus' }]);
    expect(refused.status).toBe(409);
    expect(served.engine.records('guests').map((g) => g.name)).toEqual(['ada', 'grace']);
    // a list that breaks its schema: refused as one body
    expect((await post([{ name: '' }])).status).toBeGreaterThanOrEqual(400);
    expect(served.engine.records('guests')).toHaveLength(2);
  });

  it("a create Prism refuses fails naming what the request broke (Prism's validation messages, not the start of its problem)", async () => {
    const served = await serveInferred(SHAPES, { seed: 'workflow-shapes' });
    servers.push(served);
    // the workflow reads a copy that does not say `id` is readOnly, so it sends one
    const blind = loadSpecModel(SHAPES);
    delete blind.doc.components.schemas.Note.properties.id.readOnly;
    const notes = generateWorkflows(served.engine.inference.resources).workflows.find((w) => w.resource === 'notes');
    await expect(runWorkflow(blind, notes, sendTo(served.url))).rejects.toThrow(
      /^workflow notes, step create \(POST \/notes\): status 422 is not documented \(Invalid request: body: Request body must NOT have additional properties; found 'id'\)$/,
    );
  });
});
