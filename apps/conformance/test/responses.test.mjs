// Documented responses Prism cannot be asked for as they are written, on a spec written for the
// test (test/fixtures/responses.yaml), through the whole contract suite against a real Prism:
//   - a range (`5XX`, `4XX`) and `default` are asked for as a code they cover (Prism 5.16 answers
//     a code with its own response, else its range's, else `default`), validated against the
//     documented response, and the report keeps the key and says which code was asked;
//   - a success whose static mock answer is invalid (Prism answers "string" for a `pattern`) is
//     asked again of Prism's dynamic mock, whose answer is valid: a pass, not a mock limitation (in a
//     property too, whose later samples then go to the dynamic mock straight);
//   - an operation that documents no success (vercel.com's artifactQuery) accepts valid bodies:
//     Prism answers them with its first documented error status and names no violation; one that
//     declares a required Content-Length header gets the one the transport sets from the body.
// The last test reads the outcome of the suite's cases from this file's own tasks.
import { describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { MockLimitation } from '../src/prism.ts';
import { assertNoResponseDefect } from '../src/judge/defects.ts';
import { concreteStatus } from '../src/request/cases.ts';
import { providerSuite } from './contract-suite.ts';
import { fixtureProvider, fileTests } from './suite/fixture-provider.ts';

const { file: FIXTURE, client } = fixtureProvider('responses.yaml', 'responses');
const model = loadSpecModel(FIXTURE);

describe('the code a documented response is asked for with', () => {
  const op = (key) => model.operation(key);
  const fake = (...statuses) => ({ responses: statuses.map((status) => ({ status })) });
  it('is the code itself, the first code of a range not documented on its own, or for default one no other response covers', () => {
    expect(concreteStatus(op('GET /things/{id}'), '404')).toBe(404);
    expect(concreteStatus(op('GET /things/{id}'), '5XX')).toBe(500);
    expect(concreteStatus(op('GET /things/{id}'), 'default')).toBe(400); // 5XX covers every server error
    expect(concreteStatus(op('POST /artifacts'), '4XX')).toBe(402); // 400 is documented, 401 is the credentials' code
    expect(concreteStatus(fake('200', '500', '5XX'), '5XX')).toBe(501);
    expect(concreteStatus(fake('200', '400', 'default'), 'default')).toBe(500);
    expect(concreteStatus(fake('2XX', '4XX', '5XX', 'default'), 'default')).toBe(300);
    expect(concreteStatus(fake('200', '1XX'), '1XX')).toBeNull(); // no final answer
    expect(concreteStatus(fake('200', '5xx'), '5xx')).toBeNull(); // Prism reads only an upper-case range
  });
});

describe('the mock limitation message', () => {
  it('names a response once ("invalid success response", never "response response")', () => {
    const response = model.operation('GET /things/{id}').responses[0];
    const violation = { where: 'response', at: 'body.id', path: ['id'], code: 'pattern', message: 'must match pattern' };
    for (const [status, said] of [
      ['success response', 'an invalid success response although'],
      [200, 'an invalid 200 response although'],
    ]) {
      let err;
      try {
        assertNoResponseDefect([violation], { model, response, specFile: 'responses.yaml', status });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(MockLimitation);
      expect(err.message).toContain(said);
      expect(err.message).not.toMatch(/response response/);
    }
  });
});

// the contract suite, on a provider that is not registered
providerSuite({ name: 'responses', effective: FIXTURE }, { client, runs: 10 });

describe('what the suite made of these responses', () => {
  it('exercised the ranges, default, the pattern and the operation without a success', (ctx) => {
    const tests = fileTests(ctx);
    const outcome = (kind, operationId, key) => {
      const t = tests.find(
        (x) =>
          x.meta?.contract?.kind === kind &&
          x.meta.contract.operationId === operationId &&
          (key === undefined || x.meta.contract.status === key),
      );
      expect(t, `${operationId} ${kind} ${key ?? ''}`).toBeDefined();
      return { state: t.result?.state, ...t.meta.contract, error: t.result?.errors?.[0]?.message };
    };
    expect(outcome('status', 'getThing', '5XX')).toMatchObject({ state: 'pass', status: '5XX', code: 500 });
    expect(outcome('status', 'getThing', 'default')).toMatchObject({ state: 'pass', status: 'default', code: 400 });
    expect(outcome('status', 'queryArtifacts', '4XX')).toMatchObject({ state: 'pass', status: '4XX', code: 402 });
    expect(outcome('status', 'getThing', '404')).toMatchObject({ state: 'pass' });
    expect(outcome('status', 'getThing', '404').code).toBeUndefined();
    // static "string" for the pattern: asked again of the dynamic mock, which answers a valid one
    expect(outcome('status', 'getThing', '200')).toMatchObject({ state: 'pass', dynamic: true });
    expect(outcome('status', 'getThing', '200').limitation).toBeUndefined();
    const valid = (operationId) => {
      const t = tests.find((x) => x.meta?.contract?.operationId === operationId && x.meta.contract.valid !== undefined);
      return { state: t.result?.state, ...t.meta.contract, error: t.result?.errors?.[0]?.message };
    };
    // every valid body counted: answered by the dynamic mock after the static one made "string"
    expect(outcome('status', 'createThing', '201')).toMatchObject({ state: 'pass', dynamic: true });
    expect(valid('createThing')).toMatchObject({ state: 'pass', valid: 10, dynamic: true });
    // a valid body answered with the success documented only as `default` (its static "string"
    // for the pattern): judged against `default`, the response Prism served, so the dynamic mock is asked
    expect(valid('createOrder')).toMatchObject({ state: 'pass', valid: 10, dynamic: true });
    // accepted although the operation documents no success: Prism answers 400 and names no violation
    expect(valid('queryArtifacts')).toMatchObject({ state: 'pass', valid: 10 });
    // and bytes with the Content-Length the transport sets (a generated one would not match the body)
    expect(valid('uploadArtifact')).toMatchObject({ state: 'pass', valid: 10 });
  });
});
