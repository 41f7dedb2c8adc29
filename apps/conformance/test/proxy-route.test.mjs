// Documented pairs Prism's mock has no valid answer for (test/fixtures/proxy.yaml: a PDF answer
// without a schema, for which its mock finds no serializer; a `format: byte` value, which neither
// its static nor its dynamic mock makes valid) are still tested: through Prism in
// proxy mode, in front of the generated upstream (src/upstream.ts), with the provider's real
// client and Prism's real validation of the request and the answer. The report marks them
// `mock: 'proxy'`. Also: the upstream's answers themselves, and what Prism says of one the
// documented response refuses.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { dynamicMockHazard, prismViolations, startPrism } from '../src/prism.ts';
import { validArbitrary } from '../src/request/arbitraries.ts';
import { ANSWER_HEADER, concreteMediaType, generatedAnswer, startUpstream } from '../src/upstream.ts';
import { providerSuite } from './contract-suite.ts';
import { fixtureProvider, fileTests } from './suite/fixture-provider.ts';

const { file: FIXTURE, client } = fixtureProvider('proxy.yaml', 'proxy');
const model = loadSpecModel(FIXTURE);
const response = (key, status) => model.operation(key).responses.find((r) => r.status === status);

describe('the generated upstream', () => {
  it('answers a documented response with a valid body of its media type and its required headers', () => {
    const pdf = generatedAnswer(model, response('GET /reports/{id}', '200'), 200, 1).answer;
    expect(pdf).toMatchObject({ status: 200, media: 'application/pdf', headers: { 'content-type': 'application/pdf' } });
    expect(Number(pdf.headers['X-Report-Pages'])).toBeGreaterThanOrEqual(1);
    // a PDF documented as an array: no text is one, so no answer (the pair stays the mock's limit)
    expect(generatedAnswer(model, response('GET /reports/{id}', '406'), 406, 1).why).toMatch(
      /^an answer in application\/pdf is text or bytes on the wire, and its schema at .* \(type "array"\) admits none$/,
    );
    // XML whose schema has no type at its top and refuses every string (an anyOf of objects): no
    // answer either (the text sent before was refused by Prism, and the case failed)
    expect(generatedAnswer(model, response('GET /reports/{id}', '409'), 409, 1).why).toMatch(
      /^a text\/xml answer is text on the wire, and its schema at .* admits no string$/,
    );
    // one that admits some string: that string
    expect(generatedAnswer(model, response('GET /reports/{id}', '410'), 410, 1).answer).toMatchObject({ status: 410, body: 'gone' });
    const json = generatedAnswer(model, response('GET /labels/{id}', '200'), 200, 1).answer;
    expect(model.validate(response('GET /labels/{id}', '200').schemaPointer, JSON.parse(json.body)).ok).toBe(true);
    // a top-level null is read as no body at all: a value that is something else where the schema has one
    for (let seed = 1; seed <= 10; seed++)
      expect(JSON.parse(generatedAnswer(model, response('GET /notes/{id}', '200'), 200, seed).answer.body)).not.toBeNull();
    expect([concreteMediaType('*/*'), concreteMediaType('text/*; charset=utf-8')]).toEqual([
      'application/octet-stream',
      'text/plain; charset=utf-8',
    ]);
  });

  it('makes the answer of a pair once, and the value it would pick among all its candidates', () => {
    // each client and each negative case through the proxy asks the same pair again: made once
    const labels = response('GET /labels/{id}', '200');
    expect(generatedAnswer(model, labels, 200, 1)).toBe(generatedAnswer(model, labels, 200, 1));
    expect(generatedAnswer(model, labels, 200, 2)).not.toBe(generatedAnswer(model, labels, 200, 1));
    // the first candidate is drawn alone first: with a seed, fast-check draws the same values in
    // the same order however many are asked, so the answer is the one all 50 candidates give
    for (const key of ['GET /labels/{id}', 'GET /notes/{id}'])
      for (let seed = 1; seed <= 10; seed++) {
        const r = response(key, '200');
        const all = fc.sample(validArbitrary(r.json.schema, model.resolve, 0, 'response'), { numRuns: 50, seed });
        expect(fc.sample(validArbitrary(r.json.schema, model.resolve, 0, 'response'), { numRuns: 1, seed })).toEqual(all.slice(0, 1));
        const ok = (v) => v !== undefined && model.validate(r.schemaPointer, v).ok;
        const picked = all.find((v) => v !== null && ok(v)) ?? all.find(ok);
        expect(JSON.parse(generatedAnswer(model, r, 200, seed).answer.body)).toEqual(picked);
      }
  });

  it('is asked without the dynamic mock where a pattern repeats beyond what it can draw in time', () => {
    expect(dynamicMockHazard(model, response('GET /blobs/{id}', '200').schemaPointer)).toMatch(
      /^its dynamic mock not asked: the pattern "\^\.\{1,2097152\}" at #\/paths\/.*\/properties\/data repeats up to 2097152 times/,
    );
    expect(dynamicMockHazard(model, response('GET /labels/{id}', '200').schemaPointer)).toBeNull();
    // every case of a response asks again: its schema is walked once per spec
    let walks = 0;
    const counted = Object.create(model, {
      source: {
        get() {
          walks++;
          return model.source;
        },
      },
    });
    const blobs = response('GET /blobs/{id}', '200').schemaPointer;
    const first = dynamicMockHazard(counted, blobs);
    expect(dynamicMockHazard(counted, blobs)).toBe(first);
    expect(first).toMatch(/^its dynamic mock not asked/);
    expect(walks).toBe(1);
  });

  describe('behind Prism in proxy mode', () => {
    let upstream;
    let prism;
    beforeAll(async () => {
      upstream = await startUpstream();
      prism = await startPrism(FIXTURE, { upstream: upstream.url });
    });
    afterAll(async () => {
      await prism?.close();
      await upstream?.close();
    });

    it('its answer goes through Prism as sent, and one the documented response refuses is named by Prism', async () => {
      const good = generatedAnswer(model, response('GET /labels/{id}', '200'), 200, 1).answer;
      const ok = await fetch(`${prism.url}/labels/x`, { headers: { [ANSWER_HEADER]: upstream.register(good) } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe(good.body);
      const bad = { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 3, data: 'AAAA' }) };
      const refused = await fetch(`${prism.url}/labels/x`, { headers: { [ANSWER_HEADER]: upstream.register(bad) } });
      const violations = prismViolations(refused, await refused.json());
      expect(violations.map((v) => `${v.where} ${v.at}`)).toEqual(['response body.name']);
    });

    it('answers a request whose body was sent as a stream (chunked), which Prism forwards with both framings', async () => {
      const good = generatedAnswer(model, response('PUT /labels/{id}', '200'), 200, 1).answer;
      const body = new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode(JSON.stringify({ name: 'n' })));
          c.close();
        },
      });
      const res = await fetch(`${prism.url}/labels/x`, {
        method: 'PUT',
        duplex: 'half',
        body,
        headers: { 'content-type': 'application/json', [ANSWER_HEADER]: upstream.register(good) },
      });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(good.body);
    });
  });
});

// the contract suite, on a provider that is not registered
providerSuite({ name: 'proxy', effective: FIXTURE }, { client, runs: 5 });

describe('what the suite made of these pairs', () => {
  it('tested the PDF and the byte answers through the proxy, the 404 through the mock', (ctx) => {
    const tests = fileTests(ctx);
    const outcome = (operationId, status) => {
      const t = tests.find(
        (x) => x.meta?.contract?.kind === 'status' && x.meta.contract.operationId === operationId && x.meta.contract.status === status,
      );
      expect(t, `${operationId} ${status}`).toBeDefined();
      return { state: t.result?.state, ...t.meta.contract, error: t.result?.errors?.[0]?.message };
    };
    // Prism's mock: "Cannot find serializer for application/pdf"; through the proxy: a pass
    expect(outcome('getReport', '200')).toMatchObject({ state: 'pass', proxy: true });
    expect(outcome('getReport', '200').limitation).toBeUndefined();
    expect(outcome('getReport', '404')).toMatchObject({ state: 'pass' });
    // no serializer for an array as application/pdf, and no answer through the proxy: skipped with both reasons
    expect(outcome('getReport', '406')).toMatchObject({ state: 'skip', limitation: 'mock' });
    expect(outcome('getReport', '406').reason).toMatch(
      /; through Prism's proxy too: the harness has no answer to give it either: an answer in application\/pdf/,
    );
    expect(outcome('getReport', '404').proxy).toBeUndefined();
    // Prism's mock: "Cannot serialise complex objects as text"; and no text through the proxy: skipped
    expect(outcome('getReport', '409')).toMatchObject({ state: 'skip', limitation: 'mock' });
    expect(outcome('getReport', '410')).toMatchObject({ state: 'pass' });
    expect(outcome('getReport', '409').reason).toMatch(
      /through Prism's proxy too: the harness has no answer to give it either: a text\/xml answer/,
    );
    // static "string" and dynamic random text for `format: byte`: through the proxy, a pass
    expect(outcome('getLabel', '200')).toMatchObject({ state: 'pass', proxy: true });
    expect(outcome('getLabel', '200').dynamic).toBeUndefined();
    // never asked of the dynamic mock (it would block the tests for minutes): through the proxy
    expect(outcome('getBlob', '200')).toMatchObject({ state: 'pass', proxy: true });
    expect(outcome('putLabel', '200')).toMatchObject({ state: 'pass', proxy: true });
  });
});
