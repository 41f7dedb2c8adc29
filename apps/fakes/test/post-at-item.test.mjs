// A create that POSTs to the item path the client names (test/fixtures/post-at-item.yaml;
// rbaskets.in's `POST /baskets/{name}`, "Create new basket": 201, or 409 when it exists). Before,
// the POST was read as a partial update of an item nobody could make, and no workflow was
// generated ("no create operation"). Now a POST on an item path that documents a 201 creates the
// item its path names, refuses an existing one with the documented 409, and the workflow creates
// through it and updates through the PUT. Behind real Prism, as `npm run fake` serves it.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine } from '@capi/core/fake';
import { generateWorkflows } from '../src/workflows.ts';
import { servedFixture } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/post-at-item.yaml');
const model = loadSpecModel(SPEC);
const engine = createEngine(model);
const { workflows, notGenerated } = generateWorkflows(engine.inference.resources, model);

describe('a POST that creates the item its path names (201)', () => {
  const env = servedFixture(SPEC, 'post-at-item');
  const auth = { authorization: 'Bearer t' };
  const call = (method, path, body) =>
    fetch(`${env.served.url}${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('says so at start, in place of "read as a partial update"', () => {
    const said = engine.ambiguities.join('\n');
    expect(said).toMatch(
      /POST \/bins\/\{name\}: bins has no create; a POST of an unknown id creates it \(its 201\), of a known one is a conflict/,
    );
    expect(said).not.toMatch(/POST \/bins\/\{name\}: POST on an item, read as a partial update/);
  });

  it('creates the named item, reads it back, refuses a second create with the documented 409', async () => {
    env.served.engine.reset();
    expect((await call('GET', '/bins/abc123')).status).toBe(404);
    const created = await call('POST', '/bins/abc123', { capacity: 7 });
    expect(created.status).toBe(201);
    const read = await call('GET', '/bins/abc123');
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ capacity: 7 });
    const again = await call('POST', '/bins/abc123', { capacity: 9 });
    expect(again.status).toBe(409);
    expect(await (await call('GET', '/bins/abc123')).json(), 'the refused create changed nothing').toMatchObject({ capacity: 7 });
  });

  it('generates the workflow: create by the POST, update by the PUT, and it passes', async () => {
    expect(notGenerated.filter((n) => n.resource === 'bins')).toEqual([]);
    const workflow = workflows.find((w) => w.resource === 'bins');
    expect(workflow?.steps.map((s) => `${s.step} ${s.operation}`)).toEqual(
      expect.arrayContaining(['create POST /bins/{name}', 'update PUT /bins/{name}', 'delete DELETE /bins/{name}']),
    );
    const { steps, failed } = await env.run(model, workflow);
    expect(failed).toBeUndefined();
    expect(steps).toEqual(expect.arrayContaining(['create', 'read', 'update', 'read-updated', 'delete', 'read-deleted']));
  });

  it('a POST on the item named an update (`updateNote`) beside a create-or-update PUT updates the item: the workflow creates by the PUT and updates by the POST', async () => {
    const workflow = workflows.find((w) => w.resource === 'notes');
    expect(workflow?.steps.map((s) => `${s.step} ${s.operation}`)).toEqual(
      expect.arrayContaining(['create PUT /notes/{noteId}', 'update POST /notes/{noteId}']),
    );
    const { steps } = await env.run(model, workflow);
    expect(steps).toEqual(['create', 'read', 'update', 'read-updated', 'delete', 'read-deleted']);
  });
});
