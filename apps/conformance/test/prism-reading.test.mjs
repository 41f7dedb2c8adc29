// How Prism 5.16 reads request bodies that are not JSON, against a real Prism, and that the
// harness's body plans (src/request/bodies.ts) know it: each behaviour below is a mock limitation the
// contract tests report as such (or a case they do not build), never a client failure. When a
// Prism upgrade changes one of them, its test here fails and the plan's rule can go.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { startPrism } from '../src/prism.ts';
import { bodyPlan } from '../src/request/bodies.ts';
import { paramsFor, requestLimitation, requestProblem } from '../src/request/cases.ts';
import fc from 'fast-check';

const FIXTURE = fileURLToPath(new URL('./fixtures/prism-reading.yaml', import.meta.url));
const model = loadSpecModel(FIXTURE);
const mediaOf = (key) => model.operation(key).requestBody.media[0];

describe('request bodies Prism 5.16 reads its own way', () => {
  let prism;
  beforeAll(async () => {
    prism = await startPrism(FIXTURE);
  });
  afterAll(async () => {
    await prism?.close();
  });
  const post = (path, contentType, body, method = 'POST') =>
    fetch(`${prism.url}${path}`, { method, headers: { 'Content-Type': contentType }, body });

  it('keeps only the form fields its schema names: an unknown field is never refused', async () => {
    const res = await post('/form', 'application/x-www-form-urlencoded', 'name=Ada&unexpected=1');
    expect(res.status).toBe(204);
    const plan = bodyPlan(model, mediaOf('POST /form'));
    expect(plan.check({ name: 'Ada', unexpected: 1 }).ok, 'the schema itself refuses it').toBe(false);
    expect(plan.readable({ name: 'Ada', unexpected: 1 })).toMatch(/not in the schema/);
    expect(plan.readable({ name: 'Ada' })).toBeNull();
  });

  it('reads a form field with no type of its own but list and string branches as one string: the harness sends no list there (stripe tax_rates)', async () => {
    // `rates: anyOf [list, '']` with deepObject style, `label: oneOf [list, string]` with form style
    expect((await post('/rates', 'application/x-www-form-urlencoded', 'item=a&rates=x')).status, 'read as the string "x"').toBe(422);
    expect((await post('/rates', 'application/x-www-form-urlencoded', 'item=a&label=abcdefghijkl&label=x')).status, 'the last value').toBe(
      204,
    );
    const plan = bodyPlan(model, mediaOf('POST /rates'));
    expect(plan.check({ item: 'a', rates: ['x'] }).ok, 'the schema itself takes a list').toBe(true);
    expect(plan.readable({ item: 'a', rates: ['x'] })).toMatch(/holds a list, but its schema's own type is not array/);
    expect(plan.readable({ item: 'a', label: ['x'] })).toMatch(/holds a list/);
    const sent = fc.sample(plan.valid(), { numRuns: 60, seed: 3 }).filter((b) => plan.check(b).ok && !plan.readable(b));
    expect(sent.length).toBeGreaterThan(10);
    expect(sent.filter((b) => Array.isArray(b.rates) || Array.isArray(b.label))).toEqual([]);
    expect(
      sent.some((b) => typeof b.label === 'string'),
      'the string branch is still sent',
    ).toBe(true);
    for (const b of sent.slice(0, 10)) {
      const form = new URLSearchParams(
        Object.entries(b)
          .filter(([, v]) => v !== undefined && v !== null)
          .map(([k, v]) => [k, String(v)]),
      );
      expect((await post('/rates', 'application/x-www-form-urlencoded', form.toString())).status, form.toString()).toBe(204);
    }
  });

  it('reads an empty form body as no body at all: a body left without fields is not sent as a negative case', async () => {
    // the client leaves out null fields (a form has no null), so both bodies below are sent empty,
    // and the request body is not required: Prism accepts them
    expect((await post('/safelist', 'application/x-www-form-urlencoded', '')).status).toBe(204);
    expect((await post('/safelist', 'application/x-www-form-urlencoded', 'Label=a')).status, 'a field sent: read as a form').toBe(422);
    const plan = bodyPlan(model, mediaOf('POST /safelist'));
    for (const body of [{}, { PhoneNumber: null }, { PhoneNumber: undefined, Label: null }]) {
      expect(plan.check(body).ok, 'the schema refuses it').toBe(false);
      expect(plan.readable(body)).toMatch(/empty form body as no body at all/);
    }
    expect(plan.readable({ Label: 'a' })).toBeNull();
    const names = plan
      .cases({ PhoneNumber: '+15550100' })
      .filter((c) => !plan.check(c.body).ok && !plan.readable(c.body))
      .map((c) => c.name);
    expect(names.filter((n) => /PhoneNumber/.test(n))).toEqual([]);
  });

  it('checks an XML body as raw text against an object schema: no body can pass', async () => {
    const res = await post('/xml', 'application/xml', '<c><name>Ada</name></c>');
    expect(res.status).toBe(422);
    expect(bodyPlan(model, mediaOf('POST /xml')).limitation).toMatch(/^Prism 5\.16 checks a application\/xml body as raw text/);
  });

  it('checks a msgpack body as raw text against a oneOf of objects (no type at its top): no body can pass', async () => {
    const res = await post('/msgpack', 'application/x-msgpack', new Uint8Array([0x81, 0xa1, 0x61, 0xa1, 0x78]));
    expect(res.status).toBe(422);
    expect(bodyPlan(model, mediaOf('POST /msgpack')).limitation).toMatch(/admits no string/);
  });

  it("checks a text/xml body as raw text against a oneOf of objects: the skip reason names that reading, as the mock's limit", async () => {
    const res = await post('/textxml', 'text/xml', '<c><a>x</a></c>');
    expect(res.status).toBe(422);
    const op = model.operation('POST /textxml');
    const plan = bodyPlan(model, mediaOf('POST /textxml'));
    expect(plan.limitation, 'not known before generating').toBeNull();
    const sample = fc.sample(plan.valid(), { numRuns: 5, seed: 1 });
    expect(sample.filter((b) => plan.check(b).ok)).toEqual([]);
    expect((await post('/textxml', 'text/xml', sample[0])).status, 'Prism refuses a generated body too').toBe(422);
    expect(requestLimitation(op, model)).toEqual({
      reason: expect.stringMatching(
        /^Prism 5\.16 checks a text\/xml body as raw text against its schema \(at #\/paths\/~1textxml\/post\/requestBody\/content\/text~1xml\/schema\): none of \d+ strings generated passes it/,
      ),
      limitation: 'mock',
    });
  });

  it('cannot read a body whose media type parameters are malformed', async () => {
    const res = await post('/text', 'text/plain; utf-8', 'hello');
    // the very media type the spec declares, and a valid body: refused all the same (a 422 or 500)
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(bodyPlan(model, mediaOf('POST /text')).limitation).toMatch(/parameters are not name=value/);
  });

  it('answers a HEAD request with 500 where the spec documents a response body (a HEAD response has none)', async () => {
    const res = await fetch(`${prism.url}/key/abc`, { method: 'HEAD', headers: { Prefer: 'code=404', Accept: 'application/json' } });
    expect(res.status).toBe(500);
    expect(res.headers.get('sl-violations')).toMatch(/Response body must be object/);
    const ok = await fetch(`${prism.url}/key/abc`, { method: 'HEAD', headers: { Prefer: 'code=200' } });
    expect(ok.status, 'a documented HEAD response without content is answered').toBe(200);
  });

  it('reads a top-level false as no body at all; the plan keeps such bodies out', async () => {
    const res = await post('/flag', 'application/json', 'false', 'PUT');
    expect(res.status).toBe(422);
    expect(res.headers.get('sl-violations')).toMatch(/Body parameter is required/);
    expect((await post('/flag', 'application/json', 'true', 'PUT')).status).toBe(204);
    const plan = bodyPlan(model, mediaOf('PUT /flag'));
    expect(plan.readable(false)).toMatch(/as no body at all/);
    expect(plan.readable(true)).toBeNull();
  });
});

describe('query parameters Prism 5.16 reads its own way', () => {
  let prism;
  beforeAll(async () => {
    prism = await startPrism(FIXTURE);
  });
  afterAll(async () => {
    await prism?.close();
  });

  it("reads a required query parameter sent empty (`adults=`) as missing: the harness never picks '' for one (hetras-certification.net)", async () => {
    const missing = await fetch(`${prism.url}/rooms?adults=`);
    expect(missing.status).toBe(422);
    expect(missing.headers.get('sl-violations')).toMatch(/must have required property 'adults'/);
    expect((await fetch(`${prism.url}/rooms?adults=AQ%3D%3D`)).status).toBe(204);
    const op = model.operation('GET /rooms');
    const { adults } = paramsFor(op, model).query;
    expect(typeof adults === 'string' && adults.length > 0, JSON.stringify(adults)).toBe(true);
    expect(requestProblem(op, model)).toBeNull();
    expect((await fetch(`${prism.url}/rooms?adults=${encodeURIComponent(adults)}`)).status).toBe(204);
  });
});

describe('JSON bodies are planned as they are sent', () => {
  it('gives plain objects (through their JSON text), so the validator can compare them', async () => {
    const plan = bodyPlan(model, mediaOf('PUT /tags'));
    const bodies = fc.sample(plan.valid(), { numRuns: 30, seed: 7 }).concat(fc.sample(plan.invalid(), { numRuns: 30, seed: 7 }));
    for (const b of bodies) {
      if (b !== null && typeof b === 'object') expect(Object.getPrototypeOf(b)).not.toBeNull();
      expect(() => plan.check(b)).not.toThrow();
    }
    // a null-prototype object, as fast-check makes them, is what broke the check before
    const bare = (id) => Object.assign(Object.create(null), { id });
    expect(() => plan.check([bare(1), bare(2)])).toThrow(/valueOf/);
  });
});
