// An item the client names (test/fixtures/client-named.yaml): the create's body requires a field
// named as the item parameter, and its answer shows that field beside a server `id`. Served as
// `npm run fake` serves it (real Prism in proxy mode in front of the engine on 127.0.0.1).
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine } from '@capi/core/fake';
import { servedFixture } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/client-named.yaml');
const model = loadSpecModel(SPEC);
const op = (key) => model.operation(key);

describe('an item the client names', () => {
  const env = servedFixture(SPEC, 'client-named');

  it('keeps the value the create sent in the id field, and the item is read at it', async () => {
    expect(createEngine(model).inference.resources.find((r) => r.name === 'pages')?.idField).toBe('slug');
    env.served.engine.reset();
    const created = await env.send(op('POST /pages'), { body: { slug: 'welcome', body: 'Hello' } });
    expect(created.violations).toBeNull();
    // what the client sent, not an id the fake made up in its place
    expect(created.body.slug).toBe('welcome');
    const read = await env.send(op('GET /pages/{slug}'), { path: { slug: 'welcome' } });
    expect(read.violations).toBeNull();
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ slug: 'welcome', body: 'Hello' });
    const again = await env.send(op('POST /pages'), { body: { slug: 'welcome' } });
    expect(again.status).toBe(409);
  });
});
