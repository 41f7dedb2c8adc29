// An optional header the global fetch sends of its own when a request has none (undici's fetch:
// `accept-language: *`, `user-agent: node`), declared by the spec with values that refuse that
// default (zalando's shop chosen by `Accept-Language`, one of `de-DE`, `en-GB`, ...): the contract
// cases send a declared value, so real Prism finds the request valid on every transport. Before,
// every case on the global fetch was refused as an invalid request.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createProviderClient } from '@capi/core';
import { specFacts } from '@capi/scripts/lib/codegen/codegen.ts';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { paramsFor } from '../src/request/cases.ts';
import { prismViolations } from '../src/prism.ts';
import { withMadeUpPrism } from './made-up-prism.ts';
import { providerSuite } from './contract-suite.ts';

const spec = {
  openapi: '3.0.3',
  info: { title: 'shop headers', version: '1' },
  paths: {
    '/articles': {
      get: {
        operationId: 'articles',
        parameters: [
          { name: 'Accept-Language', in: 'header', schema: { type: 'string', enum: ['de-DE', 'en-GB'] } },
          { name: 'User-Agent', in: 'header', schema: { type: 'string', pattern: '^shop-client/' } },
          { name: 'X-Trace', in: 'header', schema: { type: 'string', enum: ['on'] } },
        ],
        responses: {
          200: {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } } },
          },
          400: { description: 'bad', content: { 'application/json': { schema: { type: 'object' } } } },
        },
      },
    },
  },
};

const dir = mkdtempSync(join(tmpdir(), 'capi-default-headers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'effective.yaml');
writeFileSync(file, stringify(spec));
const asWritten = loadSpecModel(file, { schemas: 'as-written' });
const facts = specFacts(asWritten.source, asWritten);

describe('optional headers the transport would fill', () => {
  it('the cases send a declared Accept-Language and User-Agent, and leave other optional headers out', () => {
    const model = loadSpecModel(file);
    const { header } = paramsFor(model.operation('GET /articles'), model);
    expect(Object.keys(header ?? {}).sort()).toEqual(['Accept-Language', 'User-Agent']);
    expect(['de-DE', 'en-GB']).toContain(header?.['Accept-Language']);
    expect(header?.['User-Agent']).toMatch(/^shop-client\//);
  });

  it("left out, the global fetch's own Accept-Language is refused by real Prism", async () => {
    await withMadeUpPrism(spec, async (server) => {
      const client = createProviderClient({ name: 'shop', spec: facts }, { baseUrl: server.url, retry: false }, {});
      const res = await client.GET('/articles', { params: { header: { 'User-Agent': 'shop-client/1' } } });
      const body = res.data ?? res.error;
      expect(prismViolations(res.response, body)).toContainEqual(expect.objectContaining({ where: 'request' }));
    });
  });
});

// the whole contract suite, on the global fetch and the Node transport
providerSuite(
  { name: 'shop', effective: file },
  {
    client: (baseUrl, extra = {}) => createProviderClient({ name: 'shop', spec: facts }, { baseUrl, retry: false, ...extra }, {}),
    runs: 3,
  },
);
