// An error body Prism's static mock cannot make (test/fixtures/too-complex.yaml: its sampler gives
// up past 2500 schema nodes, as on stripe.com's `error`, and Prism answers its own 500
// SCHEMA_TOO_COMPLEX instead of the documented error), through the whole contract suite against a
// real Prism: the credentials and negative cases, like the status cases, are still tested. A
// request Prism refuses is asked again of its dynamic mock (json-schema-faker, no such bound),
// whose answer is judged the same way (the report marks the case `dynamic`); a status case goes
// through Prism's proxy as before. The last test reads the outcome from this file's own tasks.
import { describe, expect, it } from 'vitest';
import { prismViolations, startPrism } from '../src/prism.ts';
import { providerSuite } from './contract-suite.ts';
import { fixtureProvider, fileTests } from './suite/fixture-provider.ts';

const { file: FIXTURE, client } = fixtureProvider('too-complex.yaml', 'too-complex', { bearer: 'test-token' });

describe("Prism's static mock on the fixture", () => {
  it('answers a request without credentials with its own 500 (SCHEMA_TOO_COMPLEX), its dynamic mock with the 401', async () => {
    const prism = await startPrism(FIXTURE);
    try {
      const send = (headers) =>
        fetch(`${prism.url}/things`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"name":"x"}' });
      const stat = await send({});
      const problem = await stat.json();
      expect(stat.status).toBe(500);
      expect(prismViolations(stat, problem).map((v) => `${v.where} ${v.code}`)).toEqual(['prism SCHEMA_TOO_COMPLEX']);
      const dyn = await send({ Prefer: 'dynamic=true, seed=1' });
      expect(dyn.status).toBe(401);
      expect(Object.keys(await dyn.json())).toContain('a0');
    } finally {
      await prism.close();
    }
  });
});

// the contract suite, on a provider that is not registered
providerSuite({ name: 'too-complex', effective: FIXTURE }, { client, runs: 5 });

describe('what the suite made of these cases', () => {
  it('tested the credentials and negative cases through the dynamic mock, the error status through the proxy', (ctx) => {
    const tests = fileTests(ctx);
    const cases = tests.filter((t) => t.meta?.contract?.operationId === 'createThing');
    const of = (pick) => {
      const t = cases.find((x) => pick(x.meta.contract));
      expect(t).toBeDefined();
      return { state: t.result?.state, ...t.meta.contract, error: t.result?.errors?.[0]?.message };
    };
    const credentials = of((c) => c.constraint === 'credentials');
    expect(credentials).toMatchObject({ state: 'pass', dynamic: true, status: '401' });
    expect(credentials.limitation).toBeUndefined();
    expect(of((c) => c.constraint === 'required body')).toMatchObject({ state: 'pass', dynamic: true, status: '422' });
    const constraints = cases.filter(
      (t) => t.meta.contract.kind === 'negative' && !['credentials', 'required body'].includes(t.meta.contract.constraint),
    );
    expect(constraints.length).toBeGreaterThan(0);
    for (const t of constraints)
      expect({ state: t.result?.state, dynamic: t.meta.contract.dynamic }).toEqual({ state: 'pass', dynamic: true });
    const invalid = of((c) => c.kind === 'property' && c.invalid !== undefined);
    expect(invalid).toMatchObject({ state: 'pass', dynamic: true, invalid: 5 });
    // a 401 whose static answer is invalid (Prism's 500 naming the response): its dynamic mock's
    const codes = tests.find((t) => t.meta?.contract?.operationId === 'listCodes' && t.meta.contract.constraint === 'credentials');
    expect({ state: codes?.result?.state, ...codes?.meta.contract }).toMatchObject({ state: 'pass', dynamic: true, status: '401' });
    // a status case: through Prism's proxy, as before
    expect(of((c) => c.kind === 'status' && c.status === 'default')).toMatchObject({ state: 'pass', proxy: true });
  });
});
