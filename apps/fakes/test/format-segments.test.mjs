// An engine-style API (test/fixtures/format-segments.yaml; Docker's engine API and its clones are
// written so): `POST /containers/create` creates, `GET /containers/json` lists, `GET
// /containers/{id}/json` reads, beside `DELETE /containers/{id}`; a share is named by its body's
// `shareName` at /shares/{name}; the list shows `created` in another type than the read. The
// generated workflows pass behind real Prism, as `npm run fake` serves it.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine } from '@capi/core/fake';
import { generateWorkflows } from '../src/workflows.ts';
import { servedFixture } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/format-segments.yaml');
const model = loadSpecModel(SPEC);
const { resources } = createEngine(model).inference;
const { workflows } = generateWorkflows(resources, model);

describe('format segments, a create named in its path, a field in another type in the list', () => {
  const env = servedFixture(SPEC, 'format-segments');

  it('reads one resource per collection, its create, list, read and delete', () => {
    const kinds = (name) => Object.fromEntries(resources.find((r) => r.name === name)?.operations.map((o) => [o.key, o.kind]) ?? []);
    expect(kinds('containers')).toEqual({
      'POST /containers/create': 'create',
      'GET /containers/json': 'list',
      'GET /containers/{id}/json': 'read',
      'DELETE /containers/{id}': 'delete',
    });
    expect(resources.find((r) => r.name === 'shares')).toMatchObject({ item: '/shares/{name}', idField: 'shareName' });
  });

  it.each(['containers', 'shares'])('the generated workflow of %s passes', async (name) => {
    const workflow = workflows.find((w) => w.resource === name);
    expect(workflow?.steps.map((s) => s.step)).toEqual(['create', 'read', 'list', 'delete', 'read-deleted']);
    const { steps } = await env.run(model, workflow);
    expect(steps).toEqual(['create', 'read', 'list', 'delete', 'read-deleted']);
  });

  it('the list answers the created container with `created` as the list holds it (a number), the read as a date-time', async () => {
    env.served.engine.reset();
    const created = await env.send(model.operation('POST /containers/create'), { body: { image: 'alpine' } });
    expect(created.status).toBe(201);
    const read = await env.send(model.operation('GET /containers/{id}/json'), { path: { id: created.body.Id } });
    expect(read.violations).toBeNull();
    expect(typeof read.body.created).toBe('string');
    const listed = await env.send(model.operation('GET /containers/json'), {});
    expect(listed.violations).toBeNull();
    expect(listed.body.map((c) => [c.Id, typeof c.created])).toEqual([[created.body.Id, 'number']]);
  });
});
