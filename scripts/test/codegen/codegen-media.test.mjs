// What codegen generates for request bodies that are not JSON: the facts name every request
// media type per operation (`requestMedia`, in the spec's order: the client serialises a body by
// them), the body alias names the media type a call sends by default (JSON first, else the first
// declared), and binary content is typed as Blob. From the spec model, on a spec built in memory.
import { describe, expect, it } from 'vitest';
import { apiModule, renderTypes, specFacts } from '../../lib/codegen/codegen.ts';

const ok = { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } };
const body = (content) => ({ required: true, content });
const spec = () => ({
  openapi: '3.1.0',
  info: { title: 'media', version: '1' },
  paths: {
    '/files/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      put: {
        operationId: 'putFile',
        security: [{ token: [] }],
        requestBody: body({
          'multipart/form-data': {
            schema: {
              type: 'object',
              properties: {
                file: { type: 'string', format: 'binary' },
                thumbnail: { type: ['string', 'null'], contentMediaType: 'image/png' },
                encoded: { type: 'string', contentMediaType: 'image/png', contentEncoding: 'base64' },
                note: { type: 'string' },
              },
            },
          },
          'application/octet-stream': { schema: { $ref: '#/components/schemas/Bytes' } },
        }),
        responses: { 200: ok },
      },
      post: {
        operationId: 'postForm',
        requestBody: body({
          'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { q: { type: 'string' } } } },
          'application/json; charset=utf-8': { schema: { type: 'object', properties: { q: { type: 'string' } } } },
        }),
        responses: { 201: { description: 'made', content: { 'application/vnd.media.v1+json': { schema: { type: 'object' } } } } },
      },
      get: { operationId: 'getFile', responses: { 200: ok } },
    },
  },
  components: {
    schemas: { Bytes: { type: 'string', format: 'binary' } },
    securitySchemes: { token: { type: 'http', scheme: 'bearer' } },
  },
});

describe('codegen: request media types', () => {
  it('states every request media type per operation in the facts, in the spec’s order, and only for operations with a body', () => {
    const facts = specFacts(spec());
    expect(facts.requestMedia).toEqual({
      'PUT /files/{id}': ['multipart/form-data', 'application/octet-stream'],
      'POST /files/{id}': ['application/x-www-form-urlencoded', 'application/json; charset=utf-8'],
    });
    expect(facts.operationSecurity).toEqual({ 'PUT /files/{id}': [{ token: [] }] });
    const text = apiModule(spec());
    // the facts as JSON, then the loader of the response validators (a function, not data)
    const literal = /export const spec = (\{[\s\S]*?\n\}) as const;/.exec(text)[1];
    const loader = ",\n  validators: () => import('./validators.gen.js'),\n}";
    expect(literal.endsWith(loader)).toBe(true);
    expect(JSON.parse(`${literal.slice(0, -loader.length)}\n}`)).toEqual(JSON.parse(JSON.stringify(facts)));
  });

  it('names the body a call sends by default (JSON first, else the first declared) and the JSON response of any +json type', () => {
    const text = apiModule(spec());
    expect(text).toContain(
      "export type PutFileBody = NonNullable<operations['putFile']['requestBody']>['content']['multipart/form-data'];",
    );
    expect(text).toContain(
      "export type PostFormBody = NonNullable<operations['postForm']['requestBody']>['content']['application/json; charset=utf-8'];",
    );
    expect(text).toContain(
      "export type PostFormResponse201 = operations['postForm']['responses'][201]['content']['application/vnd.media.v1+json'];",
    );
    // path parameters declared on the path item count too
    expect(text).toContain("export type GetFilePathParams = operations['getFile']['parameters']['path'];");
  });

  it('types binary content as Blob (format binary, and OAS 3.1 content without an encoding)', async () => {
    const { schemaTs } = await renderTypes(spec(), { provider: 'media', file: 'media.yaml' });
    expect(schemaTs).toMatch(/file\?: Blob;/);
    expect(schemaTs).toMatch(/thumbnail\?: Blob \| null;/);
    expect(schemaTs).toMatch(/encoded\?: string;/);
    expect(schemaTs).toMatch(/note\?: string;/);
    expect(schemaTs).toMatch(/Bytes: Blob;/);
  });
});
