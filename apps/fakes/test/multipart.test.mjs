// A create that takes only multipart/form-data (test/fixtures/multipart.yaml; presalytics' file
// upload in the corpus): the fake reads the form's parts (Node's own `Response#formData()`) and
// stores its fields typed as the schema says, served behind real Prism and in-process; the
// generated workflow sends the body as a multipart form and reads it back.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine, createFake } from '@capi/core/fake';
import { generateWorkflows } from '../src/workflows.ts';
import { rawRequest, servedFixture } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/multipart.yaml');
const model = loadSpecModel(SPEC);
const { workflows, notGenerated } = generateWorkflows(createEngine(model).inference.resources, model);

/** A multipart body of `parts` (each its header lines and content), with boundary `b`. */
const multipart = (...parts) =>
  `${parts.map(([headers, content]) => `--b\r\n${headers.join('\r\n')}\r\n\r\n${content}\r\n`).join('')}--b--\r\n`;
const title = [['Content-Disposition: form-data; name="title"'], 'Quarterly'];
/**
 * Forms whose parts Prism 5.16's multipart reader (npm parse-multipart-data) throws on, outside
 * its promise chain: Prism never answered (the client waited until it gave up) and the rejection
 * was unhandled. Each is a form a client may send (RFC 7578: a part's Content-Type is optional).
 */
const UNREADABLE_BY_PRISM = {
  'a file part without a Content-Type': multipart(title, [['Content-Disposition: form-data; name="file"; filename="notes.txt"'], 'hello']),
  'a part without a name': multipart(title, [['Content-Disposition: form-data'], 'x']),
  'a part without a Content-Disposition': multipart(title, [['Content-Type: text/plain'], 'x']),
  'an unquoted file name': multipart(title, [
    ['Content-Disposition: form-data; name="file"; filename=notes.txt', 'Content-Type: text/plain'],
    'hi',
  ]),
  "an RFC 5987 file name (filename*=UTF-8'')": multipart(title, [
    ['Content-Disposition: form-data; name="file"; filename*=UTF-8\'\'r%C3%A9sum%C3%A9.txt', 'Content-Type: text/plain'],
    'hi',
  ]),
  // read, then each name decoded as a URI component: a malformed escape threw from Prism's catch block
  'a field named with a malformed %-escape (%zz)': multipart(title, [['Content-Disposition: form-data; name="%zz"'], 'x']),
};

const form = (fields) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
};

describe('a multipart/form-data create', () => {
  const env = servedFixture(SPEC, 'multipart');

  it('behind Prism: the form is read by its parts and stored typed as the schema says, a file part included', async () => {
    const res = await fetch(`${env.served.url}/documents`, {
      method: 'POST',
      headers: { authorization: 'Bearer t' },
      body: form({ title: 'Q3 report', pages: '12', draft: 'true', file: new Blob(['slide one'], { type: 'text/plain' }) }),
    });
    expect([res.status, res.headers.get('sl-violations')]).toEqual([201, null]);
    expect(await res.json()).toMatchObject({ title: 'Q3 report', pages: 12, draft: true });
    const [stored] = env.served.engine.records('documents');
    expect(stored).toMatchObject({ title: 'Q3 report', pages: 12, draft: true, file: 'slide one' });
  });

  it('in-process (createFake): the same', async () => {
    const fake = createFake(model);
    const res = await fake.fetch('http://fake/documents', {
      method: 'POST',
      headers: { authorization: 'Bearer t' },
      body: form({ title: 'Budget', pages: '3', file: new Blob([new Uint8Array([0xff, 0xfe, 0x00])]) }),
    });
    expect(res.status).toBe(201);
    expect(fake.records('documents')[0]).toMatchObject({ title: 'Budget', pages: 3 });
  });

  it.each(Object.keys(UNREADABLE_BY_PRISM))(
    '%s gets the documented 422 at once, nothing stored, and the fake keeps serving',
    async (kind) => {
      env.served.engine.reset();
      const res = await rawRequest(
        env.served.url,
        {
          method: 'POST',
          target: '/documents',
          headers: { authorization: 'Bearer t', 'content-type': 'multipart/form-data; boundary=b' },
          body: UNREADABLE_BY_PRISM[kind],
        },
        { timeoutMs: 10_000 },
      );
      expect([res.error, res.status, res.headers['sl-violations']], res.text).toEqual([undefined, 422, undefined]);
      expect(JSON.parse(res.text)).toEqual({ message: expect.any(String) });
      expect(env.served.engine.records('documents')).toEqual([]);
      const after = await fetch(`${env.served.url}/documents`, {
        method: 'POST',
        headers: { authorization: 'Bearer t' },
        body: form({ title: 'Q4 report', file: new Blob(['slide two'], { type: 'text/plain' }) }),
      });
      expect(after.status).toBe(201);
    },
    30_000,
  );

  it('gets a generated workflow that sends a multipart form and reads what it sent back', async () => {
    expect(notGenerated.map((n) => n.resource)).not.toContain('documents');
    const workflow = workflows.find((w) => w.resource === 'documents');
    const { steps, requests } = await env.run(model, workflow);
    expect(steps).toEqual(['create', 'read', 'list', 'delete', 'read-deleted']);
    expect(requests[0].body).toMatchObject({ title: expect.any(String) });
    expect(typeof requests[0].body.title).toBe('string');
  });
});

// The same reading of a form-urlencoded body (workflow-classes.yaml's hooks: gitlab's creates):
// Prism decodes each name as a URI component, and a malformed escape threw outside its promise chain.
describe('a form-urlencoded create', () => {
  const env = servedFixture(resolve(import.meta.dirname, 'fixtures/workflow-classes.yaml'), 'form-names');
  const send = (body) =>
    rawRequest(
      env.served.url,
      {
        method: 'POST',
        target: '/hooks',
        headers: { authorization: 'Bearer t', 'content-type': 'application/x-www-form-urlencoded' },
        body,
      },
      { timeoutMs: 10_000 },
    );

  it.each(['%zz=1&url=https%3A%2F%2Fexample.test', 'url=https%3A%2F%2Fexample.test&a%E0%A4%A=1', '%=&url=x'])(
    'a body whose names hold a malformed escape, %s, gets the documented 422 at once, nothing stored, and the fake keeps serving',
    async (body) => {
      env.served.engine.reset();
      const res = await send(body);
      expect([res.error, res.status, res.headers['sl-violations']], res.text).toEqual([undefined, 422, undefined]);
      expect(env.served.engine.records('hooks')).toEqual([]);
      const after = await send('url=https%3A%2F%2Fexample.test%2Fhook&priority=3');
      expect([after.status, JSON.parse(after.text).priority]).toEqual([201, 3]);
    },
    30_000,
  );
});
