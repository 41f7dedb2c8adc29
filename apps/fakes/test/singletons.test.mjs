// Sub-resources with one item per parent, and a top-level one (test/fixtures/singletons.yaml):
// read as singletons, served behind real Prism as `npm run fake` serves them. A read before any
// write answers the default, a write changes it in place, each parent keeps its own.
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine, MAX_RECORDS } from '@capi/core/fake';
import { describeInference, serveInferred } from '../src/serve.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/singletons.yaml');
const servers = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

describe('singletons', () => {
  it('a GET with a PATCH or PUT beside it and no items below is one item in place, not a list and an unanswered write', () => {
    const engine = createEngine(loadSpecModel(SPEC));
    const byName = Object.fromEntries(engine.inference.resources.map((r) => [r.name, r]));
    expect(byName['vehicles.charging-policy']).toMatchObject({ singleton: true, parent: 'vehicles' });
    expect(byName['vehicles.charging-policy'].operations.map((o) => o.kind)).toEqual(['read', 'update']);
    expect(byName.settings.operations.map((o) => o.kind)).toEqual(['read', 'replace']);
    // nothing guessed about them (before: "read as a list", "no inferred meaning; answered from its schema")
    expect(engine.ambiguities.filter((a) => /^(GET|PUT|PATCH) \/(vehicles\/\{vehicleId\}\/charging-policy|settings)/.test(a))).toEqual([]);
    expect(describeInference(engine)).toContain('  settings  /settings  one item in place (a singleton)');
  });

  it('answers its default, keeps what is written, one per parent, behind Prism', async () => {
    const served = await serveInferred(SPEC, { seed: 'singletons' });
    servers.push(served);
    const call = async (method, path, body) => {
      const res = await fetch(`${served.url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(res.headers.get('sl-violations')).toBeNull();
      return { status: res.status, body: await res.json() };
    };
    const first = await call('GET', '/vehicles/v1/charging-policy');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ enabled: expect.any(Boolean), minimumLevel: expect.any(Number) });
    const changed = await call('PATCH', '/vehicles/v1/charging-policy', { minimumLevel: 42 });
    expect(changed).toEqual({ status: 200, body: { ...first.body, minimumLevel: 42 } });
    expect((await call('GET', '/vehicles/v1/charging-policy')).body.minimumLevel).toBe(42);
    // another vehicle's policy is its own
    expect((await call('GET', '/vehicles/v2/charging-policy')).body.minimumLevel).not.toBe(42);
    // a top-level one, replaced
    const put = await call('PUT', '/settings', { timezone: 'Europe/Paris' });
    expect(put).toEqual({ status: 200, body: { timezone: 'Europe/Paris' } });
    expect((await call('GET', '/settings')).body).toEqual({ timezone: 'Europe/Paris' });
    // an invalid write is refused and changes nothing
    expect((await call('PATCH', '/vehicles/v1/charging-policy', { minimumLevel: 101 })).status).toBe(422);
    expect((await call('GET', '/vehicles/v1/charging-policy')).body.minimumLevel).toBe(42);
  });

  it('a GET alone answering one object (GET /me, a vehicle status) is one item read in place, not a list; a list in an envelope stays a list', async () => {
    const engine = createEngine(loadSpecModel(SPEC));
    const byName = Object.fromEntries(engine.inference.resources.map((r) => [r.name, r]));
    expect(byName.me).toMatchObject({ singleton: true });
    expect(byName.me.operations.map((o) => `${o.kind} ${o.key}`)).toEqual(['read GET /me']);
    expect(byName['vehicles.status']).toMatchObject({ singleton: true, parent: 'vehicles' });
    expect(byName['vehicles.status'].operations.map((o) => o.kind)).toEqual(['read']);
    expect(byName.alerts.operations.map((o) => o.kind)).toEqual(['list']);
    expect(engine.ambiguities.filter((a) => /^GET \/(me|vehicles\/\{vehicleId\}\/status)\b/.test(a))).toEqual([]);
    const served = await serveInferred(SPEC, { seed: 'singletons' });
    servers.push(served);
    for (const path of ['/me', '/vehicles/v1/status']) {
      const res = await fetch(`${served.url}${path}`);
      expect([res.status, res.headers.get('sl-violations')]).toEqual([200, null]);
      const body = await res.json();
      expect(Array.isArray(body)).toBe(false);
      expect(body).toEqual(await (await fetch(`${served.url}${path}`)).json());
    }
  });

  it('a read stores nothing: a singleton never written answers its default, the same every time, and is not kept', async () => {
    // each GET of a new parent's singleton kept its default (and an empty store for that parent):
    // 20 000 reads of 2 KB ids grew the fake by 175 MB, with no write and no limit
    const engine = createEngine(loadSpecModel(SPEC), { seed: 'singletons' });
    const url = await engine.listen();
    servers.push(engine);
    const read = async (path) => {
      const res = await fetch(`${url}${path}`);
      return [res.status, await res.json()];
    };
    const long = 'v'.repeat(2000);
    for (let i = 0; i < 200; i++) {
      const [status, body] = await read(`/vehicles/${long}${i}/status`);
      expect(status).toBe(200);
      expect(await read(`/vehicles/${long}${i}/status`)).toEqual([200, body]);
      expect((await read(`/vehicles/${long}${i}/charging-policy`))[0]).toBe(200);
    }
    expect((await read('/me'))[0]).toBe(200);
    expect([engine.records('vehicles.status'), engine.records('vehicles.charging-policy'), engine.records('me')]).toEqual([[], [], []]);
  });

  it(`a write to a new parent's singleton counts toward the ${MAX_RECORDS} records a resource may hold`, async () => {
    const engine = createEngine(loadSpecModel(SPEC), { seed: 'singletons' });
    const url = await engine.listen();
    servers.push(engine);
    const patch = (i) =>
      fetch(`${url}/vehicles/w${i}/charging-policy`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ minimumLevel: 40 }),
      }).then(async (res) => [res.status, await res.text()]);
    for (let i = 0; i < MAX_RECORDS; i += 100) {
      const batch = await Promise.all(Array.from({ length: 100 }, (_, j) => patch(i + j)));
      expect(batch.every(([status]) => status === 200)).toBe(true);
    }
    const [status, text] = await patch(MAX_RECORDS);
    expect([status, JSON.parse(text).message]).toEqual([422, expect.stringMatching(/holds 10000 records, the fake's limit/)]);
    expect(engine.records('vehicles.charging-policy')).toHaveLength(MAX_RECORDS);
    // an existing one is still written
    expect((await patch(0))[0]).toBe(200);
  }, 120_000);
});
