// The summary's scenarios column (formatSummary): a provider without fake rules of its own says
// `no workflows` until generated workflows ran for it, then counts them like any provider's scenarios.
import { describe, expect, it } from 'vitest';
import { formatSummary } from '../src/report/report.ts';

const provider = (name: string, fake: boolean, scenarios: { result: string }[]) => ({
  name,
  operations: [],
  lint: null,
  property: { valid: 0, invalid: 0 },
  fake,
  scenarios,
  failures: [],
  result: 'passed',
});
const summary = (providers: object[]) =>
  formatSummary({ providers, ok: true, seed: 1, timingsMs: { total: 0, build: 0, lint: 0, contract: 0, scenarios: 0 } });

describe('the scenarios column', () => {
  it('says no workflows when no generated workflow ran (every provider has an inferred fake), and counts them when some did', () => {
    const out = summary([
      provider('updateonly', false, [{ result: 'skipped' }, { result: 'skipped' }]),
      provider('crud', false, [{ result: 'passed' }, { result: 'passed' }, { result: 'skipped' }]),
      provider('seeded', true, [{ result: 'passed' }, { result: 'skipped' }]),
    ]);
    expect(out).toMatch(/^updateonly .* no workflows +not checked +passed$/m);
    expect(out).toMatch(/^crud .* 2\/3 +not checked +passed$/m);
    expect(out).toMatch(/^seeded .* 1\/2 +not checked +passed$/m);
  });
});
