// The fake's bound on the bytes of records it holds, all resources together (MAX_STORE_BYTES,
// 64 MiB by default; the engine's option `maxStoreBytes`): test/fixtures/store-bound.yaml served
// as `npm run fake` serves it (the front, real Prism in proxy mode, the engine, on 127.0.0.1)
// with a bound of 16 bodies given as that option, filled through HTTP, notes and drafts in turn,
// until a create gets the documented 422 naming the limit; what it holds stays within the bound,
// a delete goes through, and a create fits again after it. (Filled to the default bound, that
// was a thousand bodies of 64 KiB for Prism to validate: 11 s and 700 MB.) The default itself:
// an engine given no bound, its store seeded near it (seed records count, and are never refused).
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, MAX_BODY_BYTES, MAX_RECORDS, MAX_STORE_BYTES } from '@capi/core/fake';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { servedFixture } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/store-bound.yaml');
// each record as large as a body may make it
const text = 'x'.repeat(MAX_BODY_BYTES - 64);
const bound = 16 * MAX_BODY_BYTES;

describe("the fake's store, filled through HTTP", () => {
  const env = servedFixture(SPEC, 'store-bound', { maxStoreBytes: bound });
  const create = (path) =>
    fetch(`${env.served.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
  const held = () =>
    ['notes', 'drafts'].flatMap((r) => env.served.engine.records(r)).reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)), 0);

  it('refuses a create past its bytes with the documented 422, keeps within them, and takes one again after a delete', async () => {
    env.served.engine.reset();
    const fits = Math.floor(bound / text.length);
    // the bytes are the bound here, not the count a resource may hold
    expect(fits / 2).toBeLessThan(MAX_RECORDS);
    let refused;
    let created = 0;
    for (let i = 0; i < fits + 10 && !refused; i += 4) {
      const answers = await Promise.all(Array.from({ length: 4 }, (_, k) => create(k % 2 ? '/drafts' : '/notes')));
      for (const a of answers) {
        if (a.status === 201) created++;
        else refused ??= { status: a.status, body: await a.json() };
        if (a.bodyUsed === false) await a.arrayBuffer();
      }
    }
    expect(refused).toEqual({ status: 422, body: { message: `the fake holds ${bound} bytes of records at most, its limit` } });
    // both resources hold records: the bound is on all of them together
    const [notes, drafts] = [env.served.engine.records('notes'), env.served.engine.records('drafts')];
    expect(notes.length + drafts.length).toBe(created);
    expect(Math.min(notes.length, drafts.length)).toBeGreaterThan(fits / 4);
    expect(held()).toBeLessThanOrEqual(bound);
    expect(held()).toBeGreaterThan(bound - 2 * text.length);
    // still full: another create is refused
    expect((await create('/notes')).status).toBe(422);
    // a delete always goes through, and makes room for one more
    const deleted = await fetch(`${env.served.url}/notes/${encodeURIComponent(notes[0].id)}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    const again = await create('/drafts');
    expect(again.status).toBe(201);
    await again.arrayBuffer();
    expect(held()).toBeLessThanOrEqual(bound);
    env.served.engine.reset();
  }, 300_000);

  it('without the option, the bound is MAX_STORE_BYTES: a store seeded to a body and a half short of it takes one create, not two', () => {
    const seed = { id: 'seed', text: 'x'.repeat(MAX_STORE_BYTES - Math.floor(1.5 * MAX_BODY_BYTES)) };
    const engine = createEngine(loadSpecModel(SPEC), { records: { drafts: [seed] } });
    const post = () =>
      engine.respond(
        { method: 'POST', url: '/notes', headers: { 'content-type': 'application/json' } },
        { text: JSON.stringify({ text }) },
      );
    expect(post().status).toBe(201);
    expect(post()).toMatchObject({
      status: 422,
      body: { message: `the fake holds ${MAX_STORE_BYTES} bytes of records at most, its limit` },
    });
  });
});
