// Why `capi/pattern-syntax` exists, against a real Prism 5.16: a schema whose `pattern` does not
// compile with the u flag (an identity escape like `\:`, which JavaScript forgives without it)
// is not validated at all, so every request body passes, and every negative body case of the
// operation would fail as if the client were wrong. The same spec with the pattern lint --fix
// writes (scripts/lib/lint/patterns.ts) is validated again. When a Prism upgrade changes this, the
// first test fails. And Prism compiles a schema's `pattern` as the harness's own validators do
// (src/prism.ts, wrapPrismCompile): one that backtracks catastrophically runs as its linear
// form, or not at all, so a value that does not match it cannot block the process Prism and the
// tests share (the last describe).
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unicodePattern } from '@capi/scripts/lib/lint/patterns.ts';
import { specModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { bodyPlan } from '../src/request/bodies.ts';
import { madeUpPrism } from './made-up-prism.ts';

const PATTERN = '^\\d{2}(?:\\:\\d{2})?$';
const spec = (pattern) => ({
  openapi: '3.0.3',
  info: { title: 'patterns', version: '1' },
  paths: {
    '/slots': {
      post: {
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { type: 'object', required: ['at'], properties: { at: { type: 'string', pattern }, n: { type: 'integer' } } },
            },
          },
        },
        responses: { 201: { description: 'made' }, 422: { description: 'invalid' } },
      },
    },
  },
});

const cleanup = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function prismFor(pattern) {
  const prism = await madeUpPrism(spec(pattern));
  cleanup.push(() => prism.close());
  return (body) =>
    fetch(`${prism.url}/slots`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(
      (r) => r.status,
    );
}

describe('a pattern that does not compile with the u flag (anchore.io)', () => {
  it('turns off Prism request validation for the whole body: a body missing a required field passes', async () => {
    const post = await prismFor(PATTERN);
    expect(await post({ n: 'not an integer' })).toBe(201);
  });

  it('with the pattern lint --fix writes, Prism validates the body again', async () => {
    const fixed = unicodePattern(PATTERN);
    expect(fixed).toBe('^\\d{2}(?::\\d{2})?$');
    const post = await prismFor(fixed);
    expect(await post({ n: 'not an integer' })).toBe(422);
    expect(await post({ at: '1x' })).toBe(422);
    expect(await post({ at: '12:30' })).toBe(201);
  });
});

describe('a non-JSON body whose schema is a constrained string (spotify.com: image/jpeg as base64)', () => {
  const doc = {
    openapi: '3.0.3',
    info: { title: 'images', version: '1' },
    paths: {
      '/image': {
        put: {
          requestBody: {
            required: true,
            content: { 'image/jpeg': { schema: { type: 'string', format: 'byte', pattern: '^[\\w\\d+\\/=]*$' } } },
          },
          responses: { 202: { description: 'stored' } },
        },
      },
    },
  };

  it('is made of strings its schema admits, which Prism (checking the raw text) accepts; random bytes it refuses', async () => {
    const prism = await madeUpPrism(doc);
    cleanup.push(() => prism.close());
    const model = specModel(structuredClone(doc));
    const plan = bodyPlan(model, model.operation('PUT /image').requestBody.media[0]);
    expect(plan.limitation).toBeNull();
    const put = (body) =>
      fetch(`${prism.url}/image`, { method: 'PUT', headers: { 'Content-Type': 'image/jpeg' }, body }).then((r) => r.status);
    for (const body of fc.sample(plan.valid(), { numRuns: 5, seed: 3 })) {
      expect(typeof body).toBe('string');
      expect(plan.check(body).ok, body).toBe(true);
      expect(await put(body), body).toBe(202);
    }
    expect(await put(new Uint8Array([0, 1, 2, 0xff]))).toBe(422);
  });
});

describe('a pattern that backtracks catastrophically (wrapPrismCompile)', () => {
  const doc = {
    openapi: '3.0.3',
    info: { title: 'patterns', version: '1.0.0' },
    paths: {
      '/things': {
        post: {
          operationId: 'postThing',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['code', 'slug', 'tag'],
                  properties: {
                    // backtracks, no linear form: not checked (as the harness's validators)
                    code: { type: 'string', pattern: '^(a|aa)+$' },
                    // backtracks, linear form ^[a-z]*$: checked as that
                    slug: { type: 'string', pattern: '^([a-z]*)*$' },
                    // does not backtrack: checked as written
                    tag: { type: 'string', pattern: '^[A-Z]{3}$' },
                  },
                },
              },
            },
          },
          responses: { 204: { description: 'taken' }, 422: { description: 'invalid' } },
        },
      },
    },
  };

  it('is checked as its linear form or not at all; the others as written', async () => {
    const prism = await madeUpPrism(doc, { name: 'patterns.json' });
    cleanup.push(() => prism.close());
    const post = async (body) => {
      const res = await fetch(`${prism.url}/things`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Prefer: 'code=204' },
        body: JSON.stringify(body),
      });
      await res.arrayBuffer();
      return res.status;
    };
    // a value the pattern as written refuses (422 from Prism before): not checked, as the harness does not
    expect(await post({ code: 'b', slug: 'abc', tag: 'ABC' })).toBe(204);
    // 60 a's and a b: billions of ways to try with the pattern as written (the process would not answer for minutes)
    expect(await post({ code: `${'a'.repeat(60)}b`, slug: 'abc', tag: 'ABC' })).toBe(204);
    // the linear form is the same language: a value outside it is still refused
    expect(await post({ code: 'a', slug: `${'a'.repeat(60)}1`, tag: 'ABC' })).toBe(422);
    expect(await post({ code: 'a', slug: 'abc', tag: 'abc' })).toBe(422);
  });
});
