// Items created under their parent and read, updated and deleted by their id alone
// (test/fixtures/flat-item-path.yaml; onsched's `POST /services/{id}/allocations` and
// `GET|PUT|DELETE /services/allocations/{id}`). The fake reads them as one collection (said at
// start), but the generated workflow took the create path's `{id}` (the parent's, named like the
// item's parameter) for the new item's id, as if the create named its item in its path: every
// read-back was a 404. Now only a create whose path ends in the item's parameter names the item.
// Behind real Prism, as `npm run fake` serves it.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine } from '@capi/core/fake';
import { generateWorkflows } from '../src/workflows.ts';
import { servedFixture } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/flat-item-path.yaml');
const model = loadSpecModel(SPEC);
const engine = createEngine(model);
const { workflows } = generateWorkflows(engine.inference.resources, model);

describe('an item path that names none of its parents', () => {
  const env = servedFixture(SPEC, 'flat-item-path');
  const call = async (method, path, body) => {
    const res = await fetch(`${env.served.url}${path}`, {
      method,
      headers: { authorization: 'Bearer t', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  it('reads, updates and deletes the part its parent created, by the part id alone', async () => {
    env.served.engine.reset();
    const thing = await call('POST', '/things', { name: 'box' });
    expect(thing.status).toBe(200);
    const other = await call('POST', '/things', { name: 'crate' });
    const part = await call('POST', `/things/${thing.body.id}/parts`, { label: 'lid' });
    expect(part.status).toBe(200);
    await call('POST', `/things/${other.body.id}/parts`, { label: 'slat' });
    const read = await call('GET', `/things/parts/${part.body.id}`);
    expect(read).toEqual({ status: 200, body: part.body });
    const updated = await call('PUT', `/things/parts/${part.body.id}`, { label: 'hinged lid' });
    expect(updated.status).toBe(200);
    expect(updated.body.label).toBe('hinged lid');
    const listed = await call('GET', `/things/${thing.body.id}/parts`);
    // one collection whatever its parent (said at start: the list is not per parent)
    expect(listed.body.map((p) => p.label)).toContain('hinged lid');
    expect((await call('DELETE', `/things/parts/${part.body.id}`)).status).toBe(204);
    expect((await call('GET', `/things/parts/${part.body.id}`)).status).toBe(404);
    expect((await call('GET', '/things/parts/no-such-part')).status).toBe(404);
  });

  it('runs its generated workflow to the end', async () => {
    const workflow = workflows.find((w) => w.steps.some((s) => s.operation === 'GET /things/parts/{id}'));
    expect(workflow?.steps.map((s) => s.operation)).toEqual(
      expect.arrayContaining(['POST /things/{id}/parts', 'GET /things/parts/{id}', 'DELETE /things/parts/{id}']),
    );
    const { failed, steps } = await env.run(model, workflow);
    expect(failed).toBeUndefined();
    expect(steps).toEqual(expect.arrayContaining(['create', 'read', 'update', 'read-updated', 'list', 'delete', 'read-deleted']));
  });
});
