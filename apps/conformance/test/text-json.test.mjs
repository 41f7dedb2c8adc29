// `text/json` (nonstandard, common in .NET APIs: hetras-certification.net skipped 12 pairs for it)
// is JSON for every part: the spec model (mediaKind), codegen's facts, the client (body sent and
// parsed as JSON), and the harness's Prism (src/prism.ts, textJsonAsJson). The contract suite runs
// on a spec whose bodies and answers are `text/json` only (test/fixtures/text-json.yaml) against
// a real Prism; every case passes, none is skipped as a limitation.
import { describe, expect, it } from 'vitest';
import { providerSuite } from './contract-suite.ts';
import { fixtureProvider, fileTests } from './suite/fixture-provider.ts';

const { file: FIXTURE, asWritten, facts, client } = fixtureProvider('text-json.yaml', 'textjson');

describe('the text/json fixture', () => {
  it('is JSON to the spec model: its bodies and answers have schemas to judge by', () => {
    const create = asWritten.operation('POST /bookings');
    expect(create.requestBody.media.map((m) => [m.type, m.kind])).toEqual([['text/json', 'json']]);
    expect(create.requestBody.preferred.type).toBe('text/json');
    const answers = asWritten.operations.flatMap((o) => o.responses.map((r) => r.json?.type));
    expect(answers).toEqual(['text/json', 'text/json; charset=utf-8', 'text/json', 'text/json']);
    expect(facts.requestMedia).toEqual({ 'POST /bookings': ['text/json'] });
  });
});

providerSuite({ name: 'textjson', effective: FIXTURE }, { client, runs: 10 });

describe('what the suite made of text/json', () => {
  it('passed every case, none skipped as a limitation of the mock or the harness', (ctx) => {
    const tests = fileTests(ctx);
    const cases = tests.filter((t) => t.meta?.contract?.provider === 'textjson');
    const outcomes = cases.map(
      (t) =>
        `${t.name}: ${t.result?.state}${t.meta.contract.limitation ? ` (${t.meta.contract.limitation}: ${t.meta.contract.reason})` : ''}`,
    );
    expect(cases.length).toBeGreaterThan(8);
    expect(outcomes.filter((o) => !/: pass$/.test(o))).toEqual([]);
    // the request body cases ran: valid bodies accepted, invalid ones refused, as text/json
    expect(cases.filter((t) => t.meta.contract.valid > 0).length).toBeGreaterThan(0);
    expect(cases.filter((t) => t.meta.contract.invalid > 0).length).toBeGreaterThan(0);
  });
});
