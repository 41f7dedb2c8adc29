// Answers whose shape differs from the item the fake stores (test/fixtures/envelopes.yaml): an
// envelope whose id sits beside the item (Flask-AppBuilder's `{ id, result: {...} }`, Apache
// Superset), and a read that holds deeper down another shape than the create sent (a list where
// it shows one object, items that require a field the create did not send). Served as `npm run
// fake` serves them (the front, real Prism in proxy mode, the engine on 127.0.0.1): every answer
// must pass Prism's validation against the spec.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine } from '@capi/core/fake';
import { serveInferred } from '../src/serve.ts';
import { generateWorkflows, runWorkflow } from '../src/workflows.ts';
import { sendTo } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/envelopes.yaml');
const model = loadSpecModel(SPEC);
const { workflows } = generateWorkflows(createEngine(model).inference.resources, model);
const workflow = (name) => workflows.find((w) => w.resource === name);

describe('answers in another shape than the stored item', () => {
  const env = {};
  beforeAll(async () => {
    env.served = await serveInferred(SPEC, { seed: 'envelopes' });
    env.send = sendTo(env.served.url);
  });
  afterAll(async () => env.served?.close());
  const op = (key) => model.operation(key);

  it('an envelope whose id sits beside the item ({ id, result }): the item is stored, each answer in its own envelope (Superset)', async () => {
    env.served.engine.reset();
    const sent = { name: 'daily', owner: 7, alerts: [{ channel: 'mail', target: 'ops@example.com' }], settings: { theme: 'dark' } };
    const created = await env.send(op('POST /widgets/'), { body: sent });
    expect(created.violations).toBeNull();
    expect(created.status).toBe(201);
    // the create's envelope: the id (a number) beside the sent fields
    expect(typeof created.body.id).toBe('number');
    expect(created.body.result).toMatchObject({ name: 'daily', owner: 7, alerts: sent.alerts });
    // a field the read holds read-only and untyped (not stored as sent): an object in the create's answer, as its schema says
    expect(created.body.result.settings).toEqual(expect.any(Object));
    // the store holds the item, not the envelope
    const [stored] = env.served.engine.records('widgets');
    expect(stored).toMatchObject({ id: created.body.id, name: 'daily' });
    expect(Object.hasOwn(stored, 'result')).toBe(false);
    // the read's envelope: the id as a string beside the item, which holds it as an integer
    const read = await env.send(op('GET /widgets/{pk}'), { path: { pk: created.body.id } });
    expect(read.violations).toBeNull();
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(String(created.body.id));
    expect(read.body.result).toMatchObject({ id: created.body.id, name: 'daily' });
    // what the read shows as an object: the sent id in it (`owner`), the sent list's first item (`alerts`)
    expect(read.body.result.owner.id).toBe(7);
    expect(read.body.result.alerts.channel).toBe('mail');
    // an update in its envelope, then the read shows it
    const updated = await env.send(op('PUT /widgets/{pk}'), { path: { pk: created.body.id }, body: { name: 'weekly' } });
    expect(updated.violations).toBeNull();
    expect(updated.body).toMatchObject({ id: created.body.id, result: { name: 'weekly' } });
    const again = await env.send(op('GET /widgets/{pk}'), { path: { pk: created.body.id } });
    expect(again.body.result.name).toBe('weekly');
    // the list's items, an unknown id's 404
    const list = await env.send(op('GET /widgets/'));
    expect(list.violations).toBeNull();
    expect(list.body.result.map((w) => w.id)).toEqual([created.body.id]);
    const unknown = await env.send(op('GET /widgets/{pk}'), { path: { pk: 999 } });
    expect(unknown.status).toBe(404);
  });

  it('the generated workflow of an envelope resource passes through Prism (create, read, update, list, delete)', async () => {
    env.served.engine.reset();
    const { steps } = await runWorkflow(model, workflow('widgets'), env.send);
    expect(steps).toEqual(['create', 'read', 'update', 'read-updated', 'list', 'delete', 'read-deleted']);
  });

  it('an answer that differs from the stored item two levels down fits its own schema (a list shown as one object, items missing a required field)', async () => {
    env.served.engine.reset();
    const sent = { label: 'g', setup: { channels: [{ kind: 'chat' }], parts: [{ name: 'bolt' }, { name: 'nut' }] } };
    const created = await env.send(op('POST /gadgets'), { body: sent });
    expect(created.violations).toBeNull();
    expect(created.status).toBe(201);
    expect(created.body.setup.channels.kind).toBe('chat');
    expect(created.body.setup.parts.map((p) => p.name)).toEqual(['bolt', 'nut']);
    for (const part of created.body.setup.parts) expect(part.sku).toMatch(/^SKU-[0-9]+$/);
    const read = await env.send(op('GET /gadgets/{gadgetId}'), { path: { gadgetId: created.body.id } });
    expect(read.violations).toBeNull();
    expect(read.body).toEqual(created.body);
    const { steps } = await runWorkflow(model, workflow('gadgets'), env.send);
    expect(steps).toEqual(['create', 'read']);
  });
});
