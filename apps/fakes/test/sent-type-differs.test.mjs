// A create body's field of another type than the item shows it (test/fixtures/sent-type-differs.yaml;
// onsched's services: `serviceGroupId` a string in ServiceInputModel, an integer in ServiceViewModel).
// A real server converts it; the fake stored the sent string and answered it, so Prism in front
// refused its own answer with a 500 ("Response body property groupId must be integer,null") and the
// application under test saw a server error for a body the spec allows. Now a sent field that the
// item's schema refuses by its type is kept as a value of the item's type (generated, stored, the
// same on every read), and the workflow does not compare it (the kinds differ). Behind real Prism,
// as `npm run fake` serves it.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine } from '@capi/core/fake';
import { generateWorkflows } from '../src/workflows.ts';
import { servedFixture } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/sent-type-differs.yaml');
const model = loadSpecModel(SPEC);
const engine = createEngine(model);
const { workflows } = generateWorkflows(engine.inference.resources, model);

describe('a sent field of another type than the item shows', () => {
  const env = servedFixture(SPEC, 'sent-type-differs');
  const call = (method, path, body) =>
    fetch(`${env.served.url}${path}`, {
      method,
      headers: { authorization: 'Bearer t', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('answers the create, its read and its list in the item type, the same value each time', async () => {
    env.served.engine.reset();
    const created = await call('POST', '/gadgets', { name: 'one', groupId: 'group-7' });
    expect(created.status).toBe(200);
    const body = await created.json();
    expect(body).toMatchObject({ name: 'one' });
    expect(Number.isInteger(body.groupId) || body.groupId === null).toBe(true);
    const read = await call('GET', `/gadgets/${body.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(body);
    const list = await call('GET', '/gadgets');
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual([body]);
  });

  it('keeps a sent value the item type can hold as sent ("12" read as 12)', async () => {
    env.served.engine.reset();
    const created = await (await call('POST', '/gadgets', { name: 'two', groupId: '12' })).json();
    expect(created.groupId).toBe(12);
    const updated = await call('PUT', `/gadgets/${created.id}`, { name: 'two', groupId: 'not a number' });
    expect(updated.status).toBe(200);
    const after = await updated.json();
    expect(after.name).toBe('two');
    expect(Number.isInteger(after.groupId) || after.groupId === null).toBe(true);
  });

  it('runs its generated workflow to the end', async () => {
    const workflow = workflows.find((w) => w.resource === 'gadgets');
    expect(workflow).toBeDefined();
    const { failed, steps } = await env.run(model, workflow);
    expect(failed).toBeUndefined();
    expect(steps).toEqual(expect.arrayContaining(['create', 'read', 'update', 'read-updated', 'list']));
  });
});
