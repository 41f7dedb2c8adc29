// A value nested deeper than the stack, under a recursive schema (a tree: a node's child is a
// node). The spec model's validator is what the contract tests, `capi verify` (a live server's
// answer, up to 4 MiB: some 400 000 levels of `{"child":`) and `capi replay --check` (a
// recording) check bodies with. Ajv's code recurses once per level: it threw a RangeError out of
// `validate`, and verify and replay ended in a stack trace instead of naming the divergence.
import { describe, expect, it } from 'vitest';
import { specModel } from '../../lib/spec/spec-model.ts';
import { checkExchange } from '../../lib/verify/check.ts';

const doc = {
  openapi: '3.1.0',
  info: { title: 'deep values', version: '1' },
  paths: {
    '/nodes': {
      get: {
        responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } } },
      },
    },
  },
  components: { schemas: { Node: { type: 'object', properties: { child: { $ref: '#/components/schemas/Node' } } } } },
};

/** `{"child": ... {} ...}`, `depth` levels, as JSON text and parsed (JSON.parse does not recurse). */
const deepText = (depth) => `${'{"child":'.repeat(depth)}{}${'}'.repeat(depth)}`;

describe('a value nested deeper than the stack under a recursive schema', () => {
  it('the spec model answers not ok, saying why, and never throws', () => {
    const model = specModel(structuredClone(doc));
    expect(model.validate('#/components/schemas/Node', JSON.parse(deepText(50)))).toMatchObject({ ok: true });
    const deep = JSON.parse(deepText(300_000));
    for (const request of [false, true]) {
      const result = model.validate('#/components/schemas/Node', deep, { request });
      expect(result.ok).toBe(false);
      expect(result.errors.join('\n')).toMatch(/could not be checked.*RangeError/);
    }
    // and the validator still works after it
    expect(model.validate('#/components/schemas/Node', { child: { child: {} } }).ok).toBe(true);
  });

  it("verify's check of a live answer names it as a divergence of the body, not a crash", () => {
    const model = specModel(structuredClone(doc));
    const op = model.operation('GET /nodes');
    const divergences = checkExchange(model, op, 'read', {
      request: { method: 'GET', url: 'https://api.test/nodes', headers: {} },
      response: { status: 200, headers: { 'content-type': 'application/json' }, body: deepText(300_000) },
    });
    expect(divergences).toHaveLength(1);
    expect(divergences[0]).toMatchObject({ operation: 'GET /nodes', kind: 'body' });
    expect(divergences[0].message).toMatch(/could not be checked/);
  });
});
