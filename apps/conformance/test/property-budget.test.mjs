// A provider's body properties share its property budget (src/request/budget.ts): each gets
// --runs while they all fit, else an equal share of the budget, never fewer than MIN_RUNS. The
// rule itself, then the whole suite on the media types fixture (test/fixtures/media.yaml: 12
// properties, a client from codegen's facts) with a budget of 30 samples a property.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createProviderClient } from '@capi/core';
import { specFacts } from '@capi/scripts/lib/codegen/codegen.ts';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { countProperties, DEFAULT_BUDGET, MIN_RUNS, propertyRuns } from '../src/request/budget.ts';
import { DEFAULT_RUNS } from '../src/options.ts';
import { providerSuite } from './contract-suite.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/media.yaml', import.meta.url));
const asWritten = loadSpecModel(FIXTURE, { schemas: 'as-written' });
const facts = specFacts(asWritten.source, asWritten);
const CREDENTIALS = { apiKey: 'conformance-api-key', bearer: 'conformance-token' };

describe('the property budget', () => {
  it('counts a valid property per media type of each request body and an invalid one per checkable type', () => {
    // media.yaml: json ×2, form ×2, multipart (checkable: 2 each), text, binary (1 each)
    expect(countProperties(loadSpecModel(FIXTURE))).toBe(12);
  });

  it('gives every property its runs while they fit: the seeds (2 properties) keep 200 each', () => {
    expect(propertyRuns({ properties: 2, runs: DEFAULT_RUNS, budget: DEFAULT_BUDGET })).toBe(DEFAULT_RUNS);
    expect(propertyRuns({ properties: DEFAULT_BUDGET / DEFAULT_RUNS, runs: DEFAULT_RUNS, budget: DEFAULT_BUDGET })).toBe(DEFAULT_RUNS);
  });

  it('past the budget, an equal share of it, never fewer than MIN_RUNS nor more than --runs', () => {
    expect(propertyRuns({ properties: 158, runs: 200, budget: 4000 })).toBe(Math.max(MIN_RUNS, Math.floor(4000 / 158)));
    expect(propertyRuns({ properties: 478, runs: 200, budget: 4000 })).toBe(MIN_RUNS);
    expect(propertyRuns({ properties: 478, runs: 10, budget: 4000 })).toBe(10);
    expect(propertyRuns({ properties: 40, runs: 200, budget: 4000 })).toBe(100);
  });

  it('gives every property its runs with no budget (--budget all)', () => {
    expect(propertyRuns({ properties: 478, runs: 200, budget: null })).toBe(200);
  });
});

/** The property tests the suite below ran: their titles and judged samples. */
const properties = [];
afterEach(({ task }) => {
  const meta = task.meta.contract;
  if (meta?.kind === 'property')
    properties.push({ name: task.name, state: task.result?.state, judged: (meta.valid ?? 0) + (meta.invalid ?? 0) });
});

afterAll(() => {
  // 12 properties, 360 samples: 30 each, although --runs is 200
  expect(properties.length).toBe(12);
  for (const p of properties) {
    expect(p.name, p.name).toMatch(/ 30 generated /);
    expect(p.judged, p.name).toBeLessThanOrEqual(30);
  }
  expect(properties.some((p) => p.state === 'pass' && p.judged === 30)).toBe(true);
});

const client = (baseUrl, extra = {}) =>
  createProviderClient({ name: 'media', spec: facts }, { baseUrl, retry: false, ...extra }, CREDENTIALS);
providerSuite({ name: 'media', effective: FIXTURE }, { client, runs: 200, budget: 12 * 30 });
