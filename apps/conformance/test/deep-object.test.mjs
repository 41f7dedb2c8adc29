// A deepObject query parameter holding arrays (capi/deep-object-nesting; pandascore.co's
// `range[id]`, two items), against real Prism servers: as published, Prism refuses a request that
// sends neither parameter (it reads the absent arrays as empty ones, under their minItems) and the
// client cannot send one; with the actions `lint --fix` writes for the kind's findings (applied by
// the build's overlay checker), the client's request and Prism agree, and the whole contract suite
// passes on the corrected document.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createProviderClient } from '@capi/core';
import { specFacts } from '@capi/scripts/lib/codegen/codegen.ts';
import { suggestFixes } from '@capi/scripts/lib/lint/lint-hints.ts';
import { checkOverlay } from '@capi/scripts/lib/overlay/overlay.ts';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { prismViolations } from '../src/prism.ts';
import { madeUpPrism } from './made-up-prism.ts';
import { providerSuite } from './contract-suite.ts';

const RULE = 'capi/deep-object-nesting';
const spec = {
  openapi: '3.0.3',
  info: { title: 'deep objects', version: '1' },
  paths: {
    '/matches': {
      get: {
        operationId: 'listMatches',
        parameters: [
          {
            name: 'range',
            in: 'query',
            style: 'deepObject',
            explode: true,
            schema: { $ref: '#/components/schemas/MatchRange' },
            example: { id: [1, 10] },
          },
          {
            name: 'filter',
            in: 'query',
            style: 'deepObject',
            explode: true,
            schema: {
              type: 'object',
              properties: { id: { type: 'array', minItems: 1, items: { type: 'integer' } }, name: { type: 'string' } },
            },
          },
        ],
        responses: {
          200: {
            description: 'ok',
            content: {
              'application/json': {
                schema: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } } },
              },
            },
          },
          400: { description: 'bad', content: { 'application/json': { schema: { type: 'object' } } } },
        },
      },
    },
  },
  components: {
    schemas: {
      MatchRange: {
        type: 'object',
        additionalProperties: false,
        properties: { id: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'integer' } }, begin_at: { type: 'string' } },
      },
    },
  },
};
// the findings as lint reports them (deep-object-nesting.test.ts checks the rule finds these)
const findings = [
  '#/components/schemas/MatchRange/properties/id',
  '#/paths/~1matches/get/parameters/1/schema/properties/id',
  '#/paths/~1matches/get/parameters/0/example/id',
].map((pointer) => ({ rule: RULE, pointer, message: 'nested', file: 'effective.yaml', line: 1 }));

/** The document with the actions `lint --fix` writes for those findings, applied as the build applies an overlay. */
function corrected(dir) {
  const { actions, accept } = suggestFixes(findings, { doc: spec, provider: 'deep' });
  expect(accept).toEqual([]);
  const overlay = join(dir, 'overlay.yaml');
  writeFileSync(overlay, stringify({ overlay: '1.0.0', info: { title: 't', version: '1' }, actions }));
  const fixed = checkOverlay(overlay, spec, { root: dir });
  expect(fixed.actions.every((a) => a.matched && a.changed)).toBe(true);
  return fixed.document;
}

const clientFor = (file, baseUrl) => {
  const asWritten = loadSpecModel(file, { schemas: 'as-written' });
  return createProviderClient({ name: 'deep', spec: specFacts(asWritten.source, asWritten) }, { baseUrl, retry: false }, {});
};

let dir;
let server;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a deepObject query parameter holding arrays', () => {
  it('as published: Prism refuses a request that sends neither parameter, and the client refuses to send the array, naming it', async () => {
    server = await madeUpPrism(spec);
    const response = await fetch(`${server.url}/matches`, { headers: { accept: 'application/json' } });
    const violations = prismViolations(response, await response.json());
    expect(violations).toContainEqual(expect.objectContaining({ where: 'request', at: 'query.range.id' }));
    expect(violations).toContainEqual(expect.objectContaining({ where: 'request', at: 'query.filter.id' }));

    const res = await clientFor(server.file, server.url).GET('/matches', { params: { query: { range: { id: [1, 10] } } } });
    expect(res.error).toMatchObject({ kind: 'invalid_request', attempts: 0 });
    expect(res.error.message).toMatch(/^GET \/matches: query parameter "range" holds an array at "id"/);
  });

  it('with the actions lint --fix writes: one string each, which the client sends and Prism reads alike', async () => {
    dir = mkdtempSync(join(tmpdir(), 'capi-deep-'));
    const fixed = corrected(dir);
    expect(fixed.components.schemas.MatchRange.properties.id).toMatchObject({ type: 'string' });
    expect(fixed.paths['/matches'].get.parameters[0].example).toEqual({ id: '1,10' });
    server = await madeUpPrism(fixed);
    const client = clientFor(server.file, server.url);
    for (const query of [{}, { range: { id: '1,10', begin_at: 'x' }, filter: { id: '3,4', name: 'n' } }]) {
      const res = await client.GET('/matches', { params: { query }, headers: { accept: 'application/json' } });
      expect(res.error, JSON.stringify(query)).toBeUndefined();
      expect(res.response.status).toBe(200);
    }
  });
});

// the whole contract suite on the corrected document, through a provider's client
{
  const suiteDir = mkdtempSync(join(tmpdir(), 'capi-deep-suite-'));
  afterAll(() => rmSync(suiteDir, { recursive: true, force: true }));
  const file = join(suiteDir, 'effective.yaml');
  writeFileSync(file, stringify(corrected(suiteDir)));
  const asWritten = loadSpecModel(file, { schemas: 'as-written' });
  const facts = specFacts(asWritten.source, asWritten);
  providerSuite(
    { name: 'deep', effective: file },
    {
      client: (baseUrl, extra = {}) => createProviderClient({ name: 'deep', spec: facts }, { baseUrl, retry: false, ...extra }, {}),
      runs: 3,
    },
  );
}
