// Optional deepObject query parameters with required fields (test/fixtures/query-deep-object.yaml),
// through the contract suite against a real Prism: Prism 5.16 builds such a parameter whether it
// is sent or not, so a valid request sends its required fields (src/request/cases.ts,
// builtQueryValue); one whose required fields are in an object inside it is Prism's limit, named,
// not a failure. The last test reads the outcome from this file's own tasks.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createProviderClient } from '@capi/core';
import { specFacts } from '@capi/scripts/lib/codegen/codegen.ts';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { providerSuite } from './contract-suite.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/query-deep-object.yaml', import.meta.url));
const asWritten = loadSpecModel(FIXTURE, { schemas: 'as-written' });
const facts = specFacts(asWritten.source, asWritten);
const client = (baseUrl, extra = {}) =>
  createProviderClient({ name: 'query-deep-object', spec: facts }, { baseUrl, retry: false, ...extra }, {});

// the contract suite, on a provider that is not registered
providerSuite({ name: 'query-deep-object', effective: FIXTURE }, { client, runs: 5 });

describe('what the suite made of these cases', () => {
  it("passed the status case of a parameter Prism builds unsent, and named the nested one Prism's limit", (ctx) => {
    const tests = [];
    const walk = (task) => (task.type === 'test' ? tests.push(task) : (task.tasks ?? []).forEach(walk));
    walk(ctx.task.file);
    const status = (operationId) => tests.find((t) => t.meta?.contract?.operationId === operationId && t.meta.contract.kind === 'status');
    const sessions = status('listSessions');
    expect({ state: sessions.result?.state, limitation: sessions.meta.contract.limitation }).toEqual({
      state: 'pass',
      limitation: undefined,
    });
    const upcoming = status('upcomingInvoice');
    expect(upcoming.result?.state).toBe('skip');
    expect(upcoming.meta.contract).toMatchObject({ limitation: 'mock' });
    expect(upcoming.meta.contract.reason).toMatch(/automatic_tax.*liability/);
  });
});
