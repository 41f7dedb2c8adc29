// An operation whose success is documented only as XML with a schema that admits no text
// (test/fixtures/xml-only.yaml; amazonaws' query APIs answer so): behind real Prism, as `npm run
// fake` serves it, every answer there is Prism's 500 (it checks the body as raw text against the
// object schema), so what the fake prints says so and names the operation; a JSON answer and
// XML with a string schema are not named.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { describeInference, serveInferred } from '../src/serve.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/xml-only.yaml');
const model = loadSpecModel(SPEC);
let served;
beforeAll(async () => {
  served = await serveInferred(SPEC, { seed: 'xml-only' });
});
afterAll(async () => served?.close());

describe('a success documented only as XML that admits no text', () => {
  it('is answered with Prism 500 behind Prism, and the JSON one is not', async () => {
    expect((await fetch(`${served.url}/report`)).status).toBe(500);
    expect((await fetch(`${served.url}/summary`)).status).toBe(200);
  });

  it('is named in what npm run fake prints, alone', () => {
    const text = describeInference(served.engine, model).join('\n');
    expect(text).toContain(
      'no valid success answer (documented only as text or XML whose schema admits no text, which Prism checks as raw text: its 500): 1 operation(s)\n  GET /report',
    );
    expect(text).not.toMatch(/^ {2}GET \/(summary|raw)$/m);
  });
});
