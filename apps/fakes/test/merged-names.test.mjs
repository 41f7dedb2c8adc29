// Google APIs whose converted spec keeps one `GET`/`DELETE /v1/{name}` for every collection
// (alloydb: its operationId names operations; clusters and instances have no read of their own):
// each collection named by its whole resource name answers it where the name is one of its items.
// test/fixtures/merged-names.yaml, served as `npm run fake` serves it (the front, real Prism in
// proxy mode, the engine on 127.0.0.1).
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine } from '@capi/core/fake';
import { describeInference } from '../src/serve.ts';
import { generateWorkflows } from '../src/workflows.ts';
import { servedFixture } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/merged-names.yaml');
const model = loadSpecModel(SPEC);
const engine = createEngine(model);
const { workflows, notGenerated } = generateWorkflows(engine.inference.resources, model);
const workflow = (name) => workflows.find((w) => w.resource === name);

describe('a merged GET/DELETE /v1/{name} (alloydb)', () => {
  const env = servedFixture(SPEC, 'merged-names');

  it('is the read and delete of each collection made by a create and named by whole names, routed by the shape of the name', async () => {
    const clusters = engine.inference.resources.find((r) => r.name === 'clusters');
    expect([clusters.item, clusters.nameSegment]).toEqual(['/v1/{name}', 'clusters']);
    expect(clusters.operations.filter((o) => o.shared).map((o) => `${o.kind} ${o.key}`)).toEqual([
      'read GET /v1/{name}',
      'delete DELETE /v1/{name}',
    ]);
    // the operation stays its own resource's, counted once; the others show it as `also`
    const lines = describeInference(engine, model);
    expect(lines.filter((l) => /^ {4}\S.* GET \/v1\/\{name\}$/.test(l))).toEqual(['    read     GET /v1/{name}']);
    expect(lines).toContain('      also read GET /v1/{name} (where the name is one of its items)');
    expect(notGenerated.map((n) => n.resource)).not.toContain('clusters');
    for (const name of ['clusters', 'instances']) {
      const { steps, requests } = await env.run(model, workflow(name));
      expect(steps).toEqual(['create', 'read', 'list', 'delete', 'read-deleted']);
      expect(requests[1].operation).toBe('GET /v1/{name}');
    }
  });

  it('answers a cluster by its name, an instance by its own, and another shape as before (not found)', async () => {
    env.served.engine.reset();
    const create = (path, parent, id) =>
      env.send(model.operation(path), { path: { parent }, query: { [`${path.split('/').at(-1).slice(0, -1)}Id`]: id }, body: {} });
    // the create answers a done operation holding the cluster (its representation is the list's
    // Cluster, not the create's Operation), and the list shows the cluster, no operation's fields
    const made = await create('POST /v1/{parent}/clusters', 'projects/p/locations/l', 'c1');
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ done: true, response: { name: 'projects/p/locations/l/clusters/c1' } });
    expect(made.body.name).toMatch(/^operations\//);
    const listed = await env.send(model.operation('GET /v1/{parent}/clusters'), { path: { parent: 'projects/p/locations/l' } });
    expect(listed.body.clusters.map((c) => Object.keys(c).sort())).toEqual([['displayName', 'name']]);
    expect((await create('POST /v1/{parent}/instances', 'projects/p/locations/l/clusters/c1', 'i1')).status).toBe(200);
    const get = (name) => env.send(model.operation('GET /v1/{name}'), { path: { name } });
    expect((await get('projects/p/locations/l/clusters/c1')).body.name).toBe('projects/p/locations/l/clusters/c1');
    expect((await get('projects/p/locations/l/clusters/c1/instances/i1')).body.name).toBe(
      'projects/p/locations/l/clusters/c1/instances/i1',
    );
    expect((await get('projects/p/locations/l/clusters/c2')).status).toBe(404);
    expect((await get('projects/p/locations/l/operations/o1')).status).toBe(404);
    const del = await env.send(model.operation('DELETE /v1/{name}'), { path: { name: 'projects/p/locations/l/clusters/c1' } });
    expect(del.status).toBe(200);
    expect((await get('projects/p/locations/l/clusters/c1')).status).toBe(404);
    expect((await get('projects/p/locations/l/clusters/c1/instances/i1')).status).toBe(200);
  });
});
