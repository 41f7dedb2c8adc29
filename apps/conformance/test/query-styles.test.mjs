// Query parameters with a declared style (just-eat.co.uk's `latlong`: an array of two numbers,
// `explode: false`): the facts codegen writes name exactly the parameters openapi-fetch would
// write otherwise, and the client writes them as declared, so real Prism reads them as the spec
// says. Before, the array went out exploded (`latlong=51.4&latlong=-2.1`), Prism read one item
// under its minItems and refused every contract case of the operation.
// A parameter described by `content: { application/json: ... }` is sent as its value's JSON text in
// one `name=<json>` pair; openapi-fetch exploded an object into its keys, and Prism answered every
// case of the operation 400 for the missing parameter. Prism 5.16 reads such a parameter only as
// present: it never checks the JSON against the content's schema (docs/conformance.md).
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createProviderClient } from '@capi/core';
import { specFacts } from '@capi/scripts/lib/codegen/codegen.ts';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { prismViolations } from '../src/prism.ts';
import { madeUpPrism } from './made-up-prism.ts';
import { providerSuite } from './contract-suite.ts';

const pair = { type: 'array', minItems: 2, maxItems: 2, items: { type: 'number' } };
const spec = {
  openapi: '3.0.3',
  info: { title: 'query styles', version: '1' },
  paths: {
    '/near': {
      get: {
        operationId: 'near',
        parameters: [
          { name: 'latlong', in: 'query', required: true, explode: false, schema: pair, example: [51.38, -2.08] },
          {
            name: 'tags',
            in: 'query',
            style: 'pipeDelimited',
            explode: false,
            schema: { type: 'array', minItems: 2, items: { type: 'string', enum: ['a', 'b', 'c'] } },
          },
          { name: 'ids', in: 'query', schema: { type: 'array', items: { type: 'integer' } } },
          { name: 'window', in: 'query', schema: { $ref: '#/components/schemas/Window' } },
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
    '/find': {
      get: {
        operationId: 'find',
        parameters: [
          {
            name: 'window',
            in: 'query',
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Window' } } },
          },
          { name: 'sort', in: 'query', content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } } },
          { name: 'note', in: 'query', content: { 'text/plain': { schema: { type: 'string' } } } },
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
  components: {
    schemas: {
      Window: { type: 'object', required: ['from', 'to'], properties: { from: { type: 'integer' }, to: { type: 'integer' } } },
    },
  },
};

let dir;
let server;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const factsOf = (file) => {
  const asWritten = loadSpecModel(file, { schemas: 'as-written' });
  return specFacts(asWritten.source, asWritten);
};

describe('query parameters with a declared style', () => {
  it('codegen names the parameters openapi-fetch would write otherwise, OpenAPI defaults filled in', () => {
    dir = mkdtempSync(join(tmpdir(), 'capi-styles-'));
    const file = join(dir, 'effective.yaml');
    writeFileSync(file, stringify(spec));
    const facts = factsOf(file);
    expect(facts.queryStyles).toEqual({
      'GET /near': {
        latlong: { style: 'form', explode: false },
        tags: { style: 'pipeDelimited', explode: false },
        window: { style: 'form', explode: true },
      },
      // described by JSON content: its JSON text; a text/plain one as openapi-fetch writes it
      'GET /find': { window: { json: true }, sort: { json: true } },
    });
  });

  it('the client writes them as declared, and Prism reads them so', async () => {
    server = await madeUpPrism(spec);
    const facts = factsOf(server.file);
    const raw = await fetch(`${server.url}/near?latlong=51.38&latlong=-2.08`, { headers: { accept: 'application/json' } });
    expect(prismViolations(raw, await raw.json())).toContainEqual(expect.objectContaining({ where: 'request', at: 'query.latlong' }));

    const client = createProviderClient({ name: 'styles', spec: facts }, { baseUrl: server.url, retry: false }, {});
    const res = await client.GET('/near', {
      params: { query: { latlong: [51.38, -2.08], tags: ['a', 'c'], ids: [1, 2], window: { from: 1, to: 2 } } },
    });
    expect(res.error).toBeUndefined();
    expect(res.response.status).toBe(200);
    expect(prismViolations(res.response, res.data)).toEqual([]);
  });

  it('the client sends a parameter described by JSON content as its JSON text, and Prism reads it (only as present)', async () => {
    server = await madeUpPrism(spec);
    const facts = factsOf(server.file);
    const ask = async (query) => {
      const raw = await fetch(`${server.url}/find?${query}`, { headers: { accept: 'application/json' } });
      return prismViolations(raw, await raw.json());
    };
    const missing = expect.objectContaining({ where: 'request', code: 'required', message: expect.stringMatching(/'window'/) });
    // as openapi-fetch wrote it (exploded, or deepObject): Prism finds no `window`
    expect(await ask('from=1&to=2')).toContainEqual(missing);
    expect(await ask('window[from]=1&window[to]=2')).toContainEqual(missing);
    expect(await ask(`window=${encodeURIComponent('{"from":1,"to":2}')}`)).toEqual([]);
    // Prism's limit: it never checks the JSON against the content's schema
    expect(await ask(`window=${encodeURIComponent('{"from":"x"}')}`)).toEqual([]);

    const seen = [];
    const client = createProviderClient(
      { name: 'styles', spec: facts },
      {
        baseUrl: server.url,
        retry: false,
        fetch: (request) => {
          seen.push(new URL(request.url).search);
          return fetch(request);
        },
      },
      {},
    );
    const res = await client.GET('/find', { params: { query: { window: { from: 1, to: 2 }, sort: ['a', 'b'], note: 'n' } } });
    expect(res.error).toBeUndefined();
    expect(res.response.status).toBe(200);
    expect(seen).toEqual([`?window=${encodeURIComponent('{"from":1,"to":2}')}&sort=${encodeURIComponent('["a","b"]')}&note=n`]);
  });
});

// the whole contract suite through a client made from the facts
{
  const suiteDir = mkdtempSync(join(tmpdir(), 'capi-styles-suite-'));
  afterAll(() => rmSync(suiteDir, { recursive: true, force: true }));
  const file = join(suiteDir, 'effective.yaml');
  writeFileSync(file, stringify(spec));
  const asWritten = loadSpecModel(file, { schemas: 'as-written' });
  const facts = specFacts(asWritten.source, asWritten);
  providerSuite(
    { name: 'styles', effective: file },
    {
      client: (baseUrl, extra = {}) => createProviderClient({ name: 'styles', spec: facts }, { baseUrl, retry: false, ...extra }, {}),
      runs: 3,
    },
  );
}
