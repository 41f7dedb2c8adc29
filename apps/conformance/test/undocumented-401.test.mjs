// An operation that requires credentials and documents no 401 (test/fixtures/undocumented-401.yaml,
// as letmc.com's free tier after `lint:specs --fix --accept-all`), through the whole contract suite
// against a real Prism: the request without credentials gets Prism's own 401 (it says it made one
// up), which is the answer the case asks for, not a limit of its mock. The last test reads the
// outcome from this file's own tasks.
import { describe, expect, it } from 'vitest';
import { providerSuite } from './contract-suite.ts';
import { fixtureProvider, fileTests } from './suite/fixture-provider.ts';

const { file: FIXTURE, client } = fixtureProvider('undocumented-401.yaml', 'undocumented-401', { bearer: 'test-token' });

providerSuite({ name: 'undocumented-401', effective: FIXTURE }, { client, runs: 5 });

describe('what the suite made of the credentials case', () => {
  it("passes on Prism's own 401 where the operation documents none (no mock limitation, not skipped)", (ctx) => {
    const tests = fileTests(ctx);
    const credentials = tests.find((t) => t.meta?.contract?.constraint === 'credentials');
    expect(credentials).toBeDefined();
    expect({
      state: credentials.result?.state,
      status: credentials.meta.contract.status,
      limitation: credentials.meta.contract.limitation,
    }).toEqual({
      state: 'pass',
      status: '401',
      limitation: undefined,
    });
  });
});
