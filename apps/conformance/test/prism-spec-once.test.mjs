// A spec is read into Prism's operations once per process (src/prism.ts, httpOperations): the
// provider's mock, its proxy and each Prism of one operation serve the same file, and reading a
// large spec is most of a Prism's start. A file written anew is read anew, and the servers that
// share the operations each still answer as their spec says; a split worker's Prism serves its share.
import { afterAll, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpOperations, startPrism } from '../src/prism.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/prism-reading.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'capi-prism-once-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('reads a spec file once, and again when it changed', async () => {
  const file = join(dir, 'spec.yaml');
  copyFileSync(FIXTURE, file);
  const first = await httpOperations(file);
  expect(first.length).toBeGreaterThan(0);
  expect(await httpOperations(file)).toBe(first);
  // the same path written with another spec (one operation fewer): read again
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/\n {2}\/form:\n/, '\n  /form-renamed:\n'));
  utimesSync(file, new Date(), new Date(Date.now() + 5000));
  const again = await httpOperations(file);
  expect(again).not.toBe(first);
  expect(again.map((o) => o.path)).toContain('/form-renamed');
});

it('a mock and a one-operation Prism of the same file share its operations and each serves its own', async () => {
  const all = await startPrism(FIXTURE);
  const one = await startPrism(FIXTURE, { only: { method: 'POST', path: '/form' } });
  try {
    const form = { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'name=Ada' };
    expect((await fetch(`${all.url}/form`, form)).status).toBe(204);
    expect((await fetch(`${one.url}/form`, form)).status).toBe(204);
    // the other operations are not served by the one-operation Prism
    const others = (await httpOperations(FIXTURE)).filter((o) => o.path !== '/form');
    expect(others.length).toBeGreaterThan(0);
    expect((await fetch(`${one.url}${others[0].path}`, { method: others[0].method.toUpperCase() })).status).toBe(404);
  } finally {
    await all.close();
    await one.close();
  }
});

it("a split worker's Prism serves only its share of the operations (`serve`), each as the spec says", async () => {
  const ops = await httpOperations(FIXTURE);
  const form = ops.find((o) => o.path === '/form');
  const other = ops.find((o) => o.path !== '/form');
  const share = await startPrism(FIXTURE, { serve: new Set([`${form.method} ${form.path}`]) });
  try {
    const body = { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'name=Ada' };
    expect((await fetch(`${share.url}/form`, body)).status).toBe(204);
    expect((await fetch(`${share.url}${other.path}`, { method: other.method.toUpperCase() })).status).toBe(404);
  } finally {
    await share.close();
  }
});
