// Each property sample goes through one of the suite's three clients (global fetch, the Node
// transport with middleware, its fast path), chosen by the body (sampleClient of
// contract-suite.ts): one request to Prism per judged body instead of three, and every client
// takes a share of each property's samples. The whole suite runs on the media types fixture
// (test/fixtures/media.yaml, a client from codegen's facts) with its clients counted.
import { afterAll, afterEach, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createProviderClient } from '@capi/core';
import { specFacts } from '@capi/scripts/lib/codegen/codegen.ts';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { providerSuite } from './contract-suite.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/media.yaml', import.meta.url));
const asWritten = loadSpecModel(FIXTURE, { schemas: 'as-written' });
const facts = specFacts(asWritten.source, asWritten);
const CREDENTIALS = { apiKey: 'conformance-api-key', bearer: 'conformance-token' };

/** Calls of each client during the test running now. */
let calls = {};
/** Property tests: their judged samples and the calls each client made. */
const properties = [];
const label = (extra) => (extra.fetch ? (extra.middleware?.length ? 'node transport' : 'fast path') : 'global fetch');
const countedClient = (baseUrl, extra = {}) => {
  const client = createProviderClient({ name: 'media', spec: facts }, { baseUrl, retry: false, ...extra }, CREDENTIALS);
  const which = label(extra);
  return new Proxy(client, {
    get(target, key) {
      const value = target[key];
      if (typeof value !== 'function' || key !== 'request') return value;
      return (...args) => {
        calls[which] = (calls[which] ?? 0) + 1;
        return value.apply(target, args);
      };
    },
  });
};

afterEach(({ task }) => {
  const meta = task.meta.contract;
  if (meta?.kind === 'property' && task.result?.state === 'pass')
    properties.push({ name: task.name, judged: (meta.valid ?? 0) + (meta.invalid ?? 0), calls });
  calls = {};
});

afterAll(() => {
  const judged = properties.filter((p) => p.judged >= 10);
  expect(judged.length).toBeGreaterThan(3);
  for (const p of judged) {
    const total = Object.values(p.calls).reduce((a, b) => a + b, 0);
    // one request per judged sample (a few more: samples Prism could not answer, one dynamic retry), not three
    expect(total, `${p.name}: ${JSON.stringify(p.calls)} for ${p.judged} judged samples`).toBeLessThan(2 * p.judged);
  }
  // and every client takes its share
  const byClient = {};
  for (const p of judged) for (const [k, v] of Object.entries(p.calls)) byClient[k] = (byClient[k] ?? 0) + v;
  expect(Object.keys(byClient).sort()).toEqual(['fast path', 'global fetch', 'node transport']);
});

providerSuite({ name: 'media', effective: FIXTURE }, { client: countedClient, runs: 30 });
