// A resource manager's items (the ARM shape, test/fixtures/arm-resources.yaml, made up): created by
// a create-or-update PUT at `.../providers/Example.Garden/planters/{planterName}`, their
// representation's read-only `id` and `name` through an allOf with a Resource base. The client names
// the item in the path: reads and lists show that name in `name` and the request path in `id`.
// Served as `npm run fake` serves it (the front, real Prism in proxy mode, the engine on 127.0.0.1).
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine } from '@capi/core/fake';
import { generateWorkflows } from '../src/workflows.ts';
import { servedFixture } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/arm-resources.yaml');
const model = loadSpecModel(SPEC);
const { resources } = createEngine(model).inference;
const { workflows } = generateWorkflows(resources, model);
const GROUP = '/subscriptions/sub-1/resourceGroups/garden-rg/providers/Example.Garden/planters';
const query = { 'api-version': '2024-01-01' };

describe('resource manager items (ARM): name from the path, id the request path', () => {
  const env = servedFixture(SPEC, 'arm-resources');
  const operation = (key) => model.operation(key);
  const item = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Example.Garden/planters/{planterName}';
  const path = (planterName) => ({ subscriptionId: 'sub-1', resourceGroupName: 'garden-rg', planterName });

  it('reads the shape: the id field is `name`, the request path goes in `id`', () => {
    expect(resources.find((r) => r.name === 'planters')).toMatchObject({ idParam: 'planterName', idField: 'name', pathField: 'id' });
  });

  it('a create-or-update PUT stores the name the path gives and the path it was called at (201 made, 200 replaced); reads and lists show them', async () => {
    env.served.engine.reset();
    const put = await env.send(operation(`PUT ${item}`), {
      path: path('tomato-bed'),
      query,
      body: { location: 'westeurope', properties: { soil: 'loam', depthCm: 40 } },
    });
    expect(put.violations).toBeNull();
    expect(put.status).toBe(201); // made: the documented 201 (a replace answers the 200)
    expect(put.body).toMatchObject({ id: `${GROUP}/tomato-bed`, name: 'tomato-bed', location: 'westeurope' });
    expect(typeof put.body.type).toBe('string');
    const read = await env.send(operation(`GET ${item}`), { path: path('tomato-bed'), query });
    expect(read.violations).toBeNull();
    expect(read.body).toEqual(put.body);
    // a second PUT replaces it in place: the same name and id, the new properties
    const again = await env.send(operation(`PUT ${item}`), {
      path: path('tomato-bed'),
      query,
      body: { location: 'westeurope', properties: { soil: 'clay' } },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: `${GROUP}/tomato-bed`, name: 'tomato-bed', properties: { soil: 'clay' } });
    const list = await env.send(operation(`GET ${item.slice(0, item.lastIndexOf('/'))}`), {
      path: { subscriptionId: 'sub-1', resourceGroupName: 'garden-rg' },
      query,
    });
    expect(list.violations).toBeNull();
    expect(list.body.value.map((p) => [p.name, p.id])).toEqual([['tomato-bed', `${GROUP}/tomato-bed`]]);
    expect(env.served.engine.records('planters')).toHaveLength(1);
  });

  it('the generated workflow runs every step on it', async () => {
    const workflow = workflows.find((w) => w.resource === 'planters');
    expect(workflow.idField).toBe('name');
    const { steps } = await env.run(model, workflow);
    expect(steps).toEqual(['create', 'read', 'update', 'read-updated', 'list', 'delete', 'read-deleted']);
  });

  it('a network-style base (a writable `id`, a read-only `type`, a `name` with a pattern) is one too: the name from the path, the id the request path', async () => {
    expect(resources.find((r) => r.name === 'sprinklers')).toMatchObject({ idParam: 'sprinklerName', idField: 'name', pathField: 'id' });
    env.served.engine.reset();
    const item = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Example.Garden/sprinklers/{sprinklerName}';
    const at = { subscriptionId: 'sub-1', resourceGroupName: 'garden-rg', sprinklerName: 'north-lawn' };
    const put = await env.send(operation(`PUT ${item}`), {
      path: at,
      query,
      body: { location: 'westeurope', properties: { litresPerHour: 90 } },
    });
    expect(put.violations).toBeNull();
    expect(put.status).toBe(201);
    const where = '/subscriptions/sub-1/resourceGroups/garden-rg/providers/Example.Garden/sprinklers/north-lawn';
    expect(put.body).toMatchObject({ id: where, name: 'north-lawn', location: 'westeurope' });
    const read = await env.send(operation(`GET ${item}`), { path: at, query });
    expect(read.body).toEqual(put.body);
    const workflow = workflows.find((w) => w.resource === 'sprinklers');
    expect(workflow.idField).toBe('name');
    const { steps } = await env.run(model, workflow);
    expect(steps).toEqual(['create', 'read', 'update', 'read-updated', 'list', 'delete', 'read-deleted']);
  });
});
