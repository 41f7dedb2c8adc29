// Form bodies of deepObject fields (test/fixtures/form-deep-object.yaml, as stripe.com writes
// every body), through the whole contract suite against a real Prism. Prism 5.16 builds such a
// field of `name[key]` fields, and an object one (every object below it too) whether it is sent
// or not: a valid body must fill the required fields of each (src/request/bodies.ts, deepGen),
// and sends them as `name[key][…]` fields. The last test reads the outcome from this file's own tasks.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { createProviderClient } from '@capi/core';
import { specFacts } from '@capi/scripts/lib/codegen/codegen.ts';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { bodyPlan } from '../src/request/bodies.ts';
import { startPrism } from '../src/prism.ts';
import { providerSuite } from './contract-suite.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/form-deep-object.yaml', import.meta.url));
const asWritten = loadSpecModel(FIXTURE, { schemas: 'as-written' });
const facts = specFacts(asWritten.source, asWritten);
const client = (baseUrl, extra = {}) =>
  createProviderClient({ name: 'form-deep-object', spec: facts }, { baseUrl, retry: false, ...extra }, {});

describe('valid form bodies of deepObject fields', () => {
  it('are accepted by Prism as they are sent, every object field built with its required fields', async () => {
    const model = loadSpecModel(FIXTURE);
    const media = model.operations.find((o) => o.operationId === 'createCharge').requestBody.preferred;
    const plan = bodyPlan(model, media);
    expect(plan.limitation).toBeNull();
    // the ones Prism reads as sent (the suite sends only those)
    const bodies = fc.sample(plan.valid(), { numRuns: 40, seed: 7 }).filter((b) => !plan.readable(b));
    expect(bodies.length).toBeGreaterThan(3);
    const prism = await startPrism(FIXTURE);
    try {
      for (const body of bodies) {
        expect(plan.check(body).errors, JSON.stringify(body)).toEqual([]);
        // nested fields as Prism reads them: `shipping[address][line1]`
        expect(Object.keys(body), JSON.stringify(body)).toEqual(expect.arrayContaining(['shipping[name]', 'shipping[address][line1]']));
        expect(Object.keys(body), JSON.stringify(body)).toContain('after_expiration[recovery][enabled]');
        const form = new URLSearchParams();
        for (const [k, v] of Object.entries(body)) form.append(k, String(v));
        const res = await fetch(`${prism.url}/charges`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form,
        });
        expect(res.status, `${JSON.stringify(body)}: ${res.headers.get('sl-violations')}`).toBe(200);
        await res.arrayBuffer();
      }
    } finally {
      await prism.close();
    }
  });
});

// the contract suite, on a provider that is not registered
providerSuite({ name: 'form-deep-object', effective: FIXTURE }, { client, runs: 10 });

describe('what the suite made of these cases', () => {
  it('sent valid bodies Prism accepted and no case failed or was skipped as a limit', (ctx) => {
    const tests = [];
    const walk = (task) => (task.type === 'test' ? tests.push(task) : (task.tasks ?? []).forEach(walk));
    walk(ctx.task.file);
    const cases = tests.filter((t) => t.meta?.contract?.operationId === 'createCharge');
    expect(cases.length).toBeGreaterThan(3);
    const summary = cases.map((t) => ({ name: t.name, state: t.result?.state, limitation: t.meta.contract.limitation }));
    expect(summary.filter((c) => c.state !== 'pass' || c.limitation)).toEqual([]);
    expect(cases.some((t) => t.meta.contract.kind === 'property')).toBe(true);
  });
});
