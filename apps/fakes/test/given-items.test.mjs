// Items of a resource no operation creates whose id parameter enumerates them
// (test/fixtures/given-items.yaml: reports `daily` and `weekly`, read and refreshed): the spec
// names them, so they exist. Served as `npm run fake` serves it (real Prism in proxy mode in front of the
// engine on 127.0.0.1): every answer validated against the spec.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { servedFixture } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/given-items.yaml');
const model = loadSpecModel(SPEC);
const op = (key) => model.operation(key);

describe('an item nothing creates, named by an enum', () => {
  const env = servedFixture(SPEC, 'given-items');

  it('is read and acted on, the same record for the same id, and nothing is stored', async () => {
    env.served.engine.reset();
    const read = await env.send(op('GET /reports/{report}'), { path: { report: 'weekly' } });
    expect(read.violations).toBeNull();
    expect(read.status).toBe(200);
    expect(read.body).toEqual(expect.objectContaining({ title: expect.any(String), rows: expect.any(Number) }));
    const again = await env.send(op('GET /reports/{report}'), { path: { report: 'weekly' } });
    expect(again.body).toEqual(read.body);
    // an action on it answers its success, where before it answered the documented 400 standing in for a not-found
    const refreshed = await env.send(op('POST /reports/{report}/refresh'), { path: { report: 'daily' } });
    expect(refreshed.violations).toBeNull();
    expect(refreshed.status).toBe(200);
    expect(typeof refreshed.body.refreshedAt).toBe('string');
    expect(env.served.engine.records('reports')).toEqual([]);
  });
});
