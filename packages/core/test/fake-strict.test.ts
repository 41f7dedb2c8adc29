// The in-process fake in strict mode (createFake's default) refuses an answer the spec does not
// document: through a client (`fetch: fake.fetch`) that refusal is its own kind, `transport_refused`,
// never retried, never a `network` failure (which a GET retries, hiding the bug and tripling
// what the fake saw). Made-up spec, no port.
import { describe, expect, it } from 'vitest';
import { createProviderClient, type SpecFacts } from '../src/index.js';
import { createFake, type FakeModelData, fakeModel } from '../src/fake/index.ts';

const thing = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } };
const doc = { openapi: '3.1.0', info: { title: 'strict', version: '1' }, paths: {}, components: { schemas: { Thing: thing } } };
const ref = '#/components/schemas/Thing';
const json = { type: 'application/json', json: true, schemaPointer: ref };
const data: FakeModelData = {
  doc,
  securitySchemes: {},
  operations: [
    // documents only its 200: the fake's answer to an unknown id (404) is one it does not document
    {
      key: 'GET /things/{thingId}',
      method: 'GET',
      path: '/things/{thingId}',
      operationId: undefined,
      security: [],
      anonymous: true,
      parameters: [{ name: 'thingId', in: 'path' }],
      requestBody: null,
      responses: [{ status: '200', pointer: '#/x/200', json, schemaPointer: ref }],
    },
  ],
} as never;
const spec: SpecFacts = {
  servers: ['https://api.strict.test'],
  security: [],
  securitySchemes: {},
  operations: { 'GET /things/{thingId}': ['200'] },
};

type Loose = { GET(path: string, init: object): Promise<{ error?: { kind: string; message: string; attempts: number } }> };

describe('a strict fake behind a client', () => {
  it('fails an undocumented answer with kind transport_refused, once (not retried as a network failure)', async () => {
    const fake = createFake(fakeModel(data, {}), { seed: 'strict' });
    const client = createProviderClient(
      { name: 'strict', spec, optionNames: {} },
      { baseUrl: 'https://api.strict.test', fetch: fake.fetch, retry: { maxAttempts: 3, baseDelay: 1 } } as never,
      {},
    ) as unknown as Loose;
    const { error } = await client.GET('/things/{thingId}', { params: { path: { thingId: 'nope' } } });
    expect(error?.kind).toBe('transport_refused');
    expect(error?.message).toMatch(/does not document/);
    expect(error?.attempts).toBe(1);
    expect(fake.requests()).toHaveLength(1);
  });
});
