// The fake's bound on the bytes of records it holds, all resources together (MAX_STORE_BYTES,
// 64 MiB): test/fixtures/store-bound.yaml served as `npm run fake` serves it (the front, real
// Prism in proxy mode, the engine, on 127.0.0.1) is filled through HTTP, notes and drafts in
// turn, until a create gets the documented 422 naming the limit; what it holds stays within the
// bound, a delete goes through, and a create fits again after it.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, MAX_RECORDS, MAX_STORE_BYTES } from '@capi/core/fake';
import { servedFixture } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/store-bound.yaml');

describe("the fake's store, filled through HTTP", () => {
  const env = servedFixture(SPEC, 'store-bound');
  // each record as large as a body may make it
  const text = 'x'.repeat(MAX_BODY_BYTES - 64);
  const create = (path) =>
    fetch(`${env.served.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
  const held = () =>
    ['notes', 'drafts'].flatMap((r) => env.served.engine.records(r)).reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)), 0);

  it('refuses a create past its bytes with the documented 422, keeps within them, and takes one again after a delete', async () => {
    env.served.engine.reset();
    const fits = Math.floor(MAX_STORE_BYTES / text.length);
    // the bytes are the bound here, not the count a resource may hold
    expect(fits / 2).toBeLessThan(MAX_RECORDS);
    let refused;
    let created = 0;
    for (let i = 0; i < fits + 10 && !refused; i += 8) {
      const answers = await Promise.all(Array.from({ length: 8 }, (_, k) => create(k % 2 ? '/drafts' : '/notes')));
      for (const a of answers) {
        if (a.status === 201) created++;
        else refused ??= { status: a.status, body: await a.json() };
        if (a.bodyUsed === false) await a.arrayBuffer();
      }
    }
    expect(refused).toEqual({ status: 422, body: { message: `the fake holds ${MAX_STORE_BYTES} bytes of records at most, its limit` } });
    // both resources hold records: the bound is on all of them together
    const [notes, drafts] = [env.served.engine.records('notes'), env.served.engine.records('drafts')];
    expect(notes.length + drafts.length).toBe(created);
    expect(Math.min(notes.length, drafts.length)).toBeGreaterThan(fits / 4);
    expect(held()).toBeLessThanOrEqual(MAX_STORE_BYTES);
    expect(held()).toBeGreaterThan(MAX_STORE_BYTES - 2 * text.length);
    // still full: another create is refused
    expect((await create('/notes')).status).toBe(422);
    // a delete always goes through, and makes room for one more
    const deleted = await fetch(`${env.served.url}/notes/${encodeURIComponent(notes[0].id)}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    const again = await create('/drafts');
    expect(again.status).toBe(201);
    await again.arrayBuffer();
    expect(held()).toBeLessThanOrEqual(MAX_STORE_BYTES);
    env.served.engine.reset();
  }, 300_000);
});
