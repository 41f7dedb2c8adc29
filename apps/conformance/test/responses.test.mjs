// Responses as the contract suite reads them, on a spec written for the test
// (test/fixtures/responses.yaml), through the whole contract suite against a real Prism:
//   - an operation that documents no success (vercel.com's artifactQuery) accepts valid bodies:
//     Prism answers them with its first documented error status and names no violation; one that
//     declares a required Content-Length header gets the one the transport sets from the body.
// The last test reads the outcome of the suite's cases from this file's own tasks.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createProviderClient } from '@capi/core';
import { specFacts } from '@capi/scripts/lib/codegen.ts';
import { loadSpecModel } from '@capi/scripts/lib/spec-model.ts';
import { MockLimitation, assertNoResponseDefect } from '../src/cases.mjs';
import { providerSuite } from './contract-suite.mjs';

const FIXTURE = fileURLToPath(new URL('./fixtures/responses.yaml', import.meta.url));
const model = loadSpecModel(FIXTURE);
const asWritten = loadSpecModel(FIXTURE, { schemas: 'as-written' });
const facts = specFacts(asWritten.source, asWritten);
const client = (baseUrl, extra = {}) => createProviderClient({ name: 'responses', spec: facts }, { baseUrl, retry: false, ...extra }, {});

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
  it('exercised the operations without a success', (ctx) => {
    const tests = [];
    const walk = (task) => (task.type === 'test' ? tests.push(task) : (task.tasks ?? []).forEach(walk));
    walk(ctx.task.file);
    const valid = (operationId) => {
      const t = tests.find((x) => x.meta?.contract?.operationId === operationId && x.meta.contract.valid !== undefined);
      return { state: t.result?.state, ...t.meta.contract, error: t.result?.errors?.[0]?.message };
    };
    // accepted although the operation documents no success: Prism answers 400 and names no violation
    expect(valid('queryArtifacts')).toMatchObject({ state: 'pass', valid: 10 });
    // and bytes with the Content-Length the transport sets (a generated one would not match the body)
    expect(valid('uploadArtifact')).toMatchObject({ state: 'pass', valid: 10 });
  });
});
