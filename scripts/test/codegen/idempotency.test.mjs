// commands/codegen.ts reads a provider's idempotency key header (overlay extension x-capi-idempotency)
// and per-operation security into the spec facts the client uses at run time.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { apiModule, idempotencyHeaders } from '../../lib/codegen/codegen.ts';

const fixture = () => parse(readFileSync(new URL('../fixtures/idempotent.yaml', import.meta.url), 'utf8'));
/** The `spec` object of a rendered api.gen.ts. */
const factsOf = (ts) =>
  JSON.parse(
    /export const spec = (\{[\s\S]*?\n\}) as const;/.exec(ts)[1].replace(",\n  validators: () => import('./validators.gen.js'),\n}", '\n}'),
  );

describe('spec facts: idempotency and operation security', () => {
  it('emits the idempotency header for POST/PATCH from the document, per operation where an operation says so', () => {
    const facts = factsOf(apiModule(fixture()));
    expect(facts.idempotency).toEqual({
      'POST /orders': 'Idempotency-Key',
      'GET /orders/{id}': 'X-Request-Key',
      'POST /orders/{id}/refunds': 'Idempotency-Key',
    });
    expect(facts.operationSecurity).toEqual({ 'POST /orders/{id}/refunds': [{ token: [] }] });
    expect(facts.security).toEqual([]);
  });

  it('emits none for a spec that declares no idempotency (the five providers today)', () => {
    const doc = fixture();
    delete doc['x-capi-idempotency'];
    delete doc.paths['/orders/{id}'].get['x-capi-idempotency'];
    expect(factsOf(apiModule(doc)).idempotency).toEqual({});
  });

  it('refuses a malformed extension, naming where it is', () => {
    const doc = fixture();
    doc['x-capi-idempotency'] = { header: 'Bad Header: x' };
    expect(() => idempotencyHeaders(doc, [])).toThrow(/document: x-capi-idempotency must be/);
  });
});
