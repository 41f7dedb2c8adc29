// An error body neither of Prism's mocks can make (test/fixtures/unmockable-error.yaml, as
// stripe.com's `error`): its static mock gives up (SCHEMA_TOO_COMPLEX) and its dynamic mock
// (json-schema-faker) throws a TypeError in its clean-up (`shouldClean`). Through the whole contract
// suite against a real Prism: the credentials and negative cases are still judged on what they are
// about, Prism's refusal of the request, asked through its proxy (where Prism validates the request
// and answers its own 401 or 422 naming the violations, making no body), and each says in its report
// meta that the error body went unchecked and why. The dynamic mock is asked once for that schema:
// later cases do not ask again (the requests carrying `Prefer: dynamic=true` are counted).
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../src/report/report.ts';
import { prismViolations, startPrism } from '../src/prism.ts';
import { providerSuite } from './contract-suite.ts';
import { fixtureProvider, fileTests } from './suite/fixture-provider.ts';
import { repoRoot } from '../src/selected.ts';

const { file: FIXTURE, client } = fixtureProvider('unmockable-error.yaml', 'unmockable-error', { bearer: 'test-token' });

// the requests that asked Prism's dynamic mock, by path (every client of the suite counts them)
const dynamicAsked = [];
const counting = (baseUrl, extra = {}) =>
  client(baseUrl, {
    ...extra,
    middleware: [
      ...(extra.middleware ?? []),
      {
        onRequest({ request }) {
          if (/dynamic=true/.test(request.headers.get('prefer') ?? '')) dynamicAsked.push(new URL(request.url).pathname);
        },
      },
    ],
  });

describe("Prism's mocks on the fixture", () => {
  it('answer a request without credentials with 500s: SCHEMA_TOO_COMPLEX, then the TypeError of shouldClean', async () => {
    const prism = await startPrism(FIXTURE);
    try {
      const send = (headers) =>
        fetch(`${prism.url}/things`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"name":"x"}' });
      const stat = await send({});
      expect(stat.status).toBe(500);
      expect(prismViolations(stat, await stat.json()).map((v) => `${v.where} ${v.code}`)).toEqual(['prism SCHEMA_TOO_COMPLEX']);
      const dyn = await send({ Prefer: 'dynamic=true, seed=1' });
      const problem = await dyn.json();
      expect(dyn.status).toBe(500);
      expect(problem.type).toBe('https://stoplight.io/prism/errors#UNKNOWN');
      expect(problem.title).toMatch(/TypeError: Cannot read properties of undefined \(reading 'items'\)\s+at shouldClean/);
    } finally {
      await prism.close();
    }
  });
});

// the contract suite, on a provider that is not registered
providerSuite({ name: 'unmockable-error', effective: FIXTURE }, { client: counting, runs: 5 });

describe('what the suite made of these cases', () => {
  it("judged each negative case on Prism's refusal through its proxy, the error body named unchecked", (ctx) => {
    const tests = fileTests(ctx);
    const negative = tests.filter((t) => t.meta?.contract?.kind === 'negative');
    // credentials and required body of both operations, and each broken constraint
    expect(negative.length).toBeGreaterThanOrEqual(6);
    for (const t of negative) {
      const c = t.meta.contract;
      expect({ case: c.case, state: t.result?.state, error: t.result?.errors?.[0]?.message }).toEqual({
        case: c.case,
        state: 'pass',
        error: undefined,
      });
      expect(c).toMatchObject({ proxy: true });
      expect(c.limitation).toBeUndefined();
      expect(c.dynamic).toBeUndefined();
      expect(c.unchecked).toMatch(/^the error body was not checked: Prism's mock cannot make it/);
      expect(c.unchecked).toMatch(/Schema too complex/);
      expect(c.status).toBe(c.constraint === 'credentials' ? '401' : '422');
    }
    const things = negative.filter((t) => t.meta.contract.operationId === 'createThing');
    // the dynamic mock's TypeError is named (by the first case to meet it, and by the later ones)
    for (const t of things) expect(t.meta.contract.unchecked).toMatch(/TypeError: Cannot read properties of undefined \(reading 'items'\)/);
    // Prism's title carries the TypeError's stack, with this machine's paths: not into the report (src/judge/reasons.ts)
    for (const t of negative) expect(t.meta.contract.unchecked).not.toMatch(/\n|\bat shouldClean\b|node_modules|file:\/\//);
    for (const t of negative) expect(t.meta.contract.unchecked).not.toContain(repoRoot);
  });

  it("judged the invalid bodies' samples the same way, each counted", (ctx) => {
    const properties = fileTests(ctx).filter((t) => t.meta?.contract?.kind === 'property' && t.meta.contract.invalid !== undefined);
    expect(properties.length).toBe(2);
    for (const t of properties) {
      expect({ state: t.result?.state, invalid: t.meta.contract.invalid, proxy: t.meta.contract.proxy }).toEqual({
        state: 'pass',
        invalid: 5,
        proxy: true,
      });
      expect(t.meta.contract.unchecked).toMatch(/^the error body was not checked: Prism's mock cannot make it .*Schema too complex/);
    }
  });

  it('says so in the conformance report: each negative case passed through the proxy, with why its error body went unchecked', (ctx) => {
    const tests = fileTests(ctx).map((t) => ({
      ...t.meta?.contract,
      result: t.result?.state === 'pass' ? 'passed' : t.result?.state === 'fail' ? 'failed' : 'skipped',
    }));
    const provider = { name: 'unmockable-error', effective: FIXTURE };
    const report = buildReport({
      providers: [provider],
      root: dirname(FIXTURE),
      results: new Map([['unmockable-error', { contract: { tests: tests.filter((t) => t.provider), suiteErrors: [] } }]]),
      failures: new Map(),
      seed: 1,
      runs: 5,
      timings: {},
    });
    const negative = report.providers[0].operations.flatMap((o) => o.negative);
    expect(negative.length).toBeGreaterThanOrEqual(6);
    for (const n of negative) {
      expect(n).toMatchObject({ result: 'passed', mock: 'proxy' });
      expect(n.unchecked).toMatch(/^the error body was not checked/);
    }
  });

  it('asked the dynamic mock once for the error schema: the later cases, and the invalid bodies, not again', (ctx) => {
    const tests = fileTests(ctx);
    expect(dynamicAsked).toEqual(['/things']);
    const later = tests.filter((t) => t.meta?.contract?.kind === 'negative' && t.meta.contract.operationId === 'createFile');
    expect(later.length).toBeGreaterThan(0);
    for (const t of later) expect(t.meta.contract.unchecked).toMatch(/its dynamic mock not asked: it could not answer .* before/);
  });
});
