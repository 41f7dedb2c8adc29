// A property whose answers neither of Prism's mocks can make valid is tested through Prism's
// proxy, as a status case is (test/fixtures/id-pattern.yaml: amazonaws.com's outposts, whose 5
// valid bodies' properties were skipped as the mock's limit although the status cases of the
// same operations passed through the proxy). The proxy validates the same request, and its
// answer is one generated valid from the documented response (src/upstream.ts).
import { describe, expect, it } from 'vitest';
import { providerSuite } from './contract-suite.ts';
import { fileTests, fixtureProvider } from './suite/fixture-provider.ts';

const { file: FIXTURE, client } = fixtureProvider('id-pattern.yaml', 'idpattern');

providerSuite({ name: 'idpattern', effective: FIXTURE }, { client, runs: 5 });

describe('what the suite made of the property', () => {
  it('counted every valid body, each answered through the proxy once neither mock could answer it', (ctx) => {
    const property = fileTests(ctx).find((t) => t.meta?.contract?.kind === 'property' && t.meta.contract.valid !== undefined);
    expect(property, 'the valid bodies property of createOutpost').toBeDefined();
    const contract = property.meta.contract;
    expect({ state: property.result?.state, valid: contract.valid, proxy: contract.proxy }).toEqual({
      state: 'pass',
      valid: 5,
      proxy: true,
    });
    // why the mock could not: its static answer broke the ID's pattern
    expect(contract.reason).toMatch(/^Prism's mock made an invalid success response .*OutpostId must match pattern/);
  });
});
