// The spec model (scripts/lib/spec/spec-model.ts) is the one place that reads an OpenAPI document's
// operations: effective security and servers, merged parameters, every request and response
// media type with its schema, security schemes, and a 2020-12 validator. Specs built in memory.
import { describe, expect, it } from 'vitest';
import { HTTP_METHODS, isBinarySchema, mediaKind, specModel } from '../../lib/spec/spec-model.ts';

const ok = { 200: { description: 'ok' } };
const doc = () => ({
  openapi: '3.1.0',
  info: { title: 'model', version: '1' },
  servers: [{ url: 'https://api.example/v1' }],
  security: [{ key: [] }],
  paths: {
    '/things/{id}': {
      servers: [{ url: 'https://things.example' }],
      parameters: [
        { $ref: '#/components/parameters/Id' },
        { name: 'verbose', in: 'query', schema: { type: 'boolean' } },
        { name: 'X-Trace', in: 'header', required: true, schema: { type: 'string' } },
      ],
      get: { operationId: 'getThing', responses: { 200: { $ref: '#/components/responses/Thing' } } },
      put: {
        operationId: 'putThing',
        security: [],
        servers: [{ url: 'https://write.example' }],
        parameters: [{ name: 'verbose', in: 'query', required: true, schema: { type: 'integer' } }],
        requestBody: { $ref: '#/components/requestBodies/Thing' },
        responses: {
          204: { description: 'stored' },
          400: { description: 'bad', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
        },
      },
      post: {
        security: [{}, { bearer: ['write'] }],
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': { schema: { type: 'object' }, encoding: { file: { contentType: 'image/png' } } },
            'application/vnd.things.v2+json': { schema: { type: 'object' }, example: { a: 1 } },
          },
        },
        responses: ok,
      },
      trace: { responses: ok },
    },
    '/blobs': {
      put: {
        operationId: 'putBlob',
        security: [{ bearer: [] }, { key: [], bearer: [] }],
        requestBody: {
          content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } }, 'text/plain; charset=utf-8': {} },
        },
        responses: ok,
      },
    },
    '/shared': { $ref: '#/components/pathItems/Shared' },
  },
  components: {
    parameters: { Id: { name: 'id', in: 'path', required: true, schema: { type: 'string' }, examples: { a: { value: 't_1' } } } },
    requestBodies: {
      Thing: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': { schema: { $ref: '#/components/schemas/Thing' } },
          'application/json; charset=utf-8': {
            schema: { $ref: '#/components/schemas/Thing' },
            examples: { one: { $ref: '#/components/examples/One' } },
          },
        },
      },
    },
    responses: { Thing: { description: 'a thing', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } },
    examples: { One: { value: { name: 'one', size: 1 } } },
    schemas: {
      Thing: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, size: { type: 'integer', minimum: 0 } } },
      Problem: { type: 'object' },
    },
    securitySchemes: {
      key: { type: 'apiKey', in: 'header', name: 'X-Key' },
      bearer: { $ref: '#/components/securitySchemes/Bearer' },
      Bearer: { type: 'http', scheme: 'bearer' },
      unused: { type: 'http', scheme: 'basic' },
    },
    pathItems: { Shared: { delete: { operationId: 'deleteShared', responses: ok } } },
  },
});

describe('spec model', () => {
  const model = specModel(doc());
  const op = (key) => model.operation(key);

  it('lists every operation in document order, keyed "METHOD /path", path item $refs followed', () => {
    expect(model.operations.map((o) => o.key)).toEqual([
      'GET /things/{id}',
      'PUT /things/{id}',
      'POST /things/{id}',
      'TRACE /things/{id}',
      'PUT /blobs',
      'DELETE /shared',
    ]);
    expect(op('POST /things/{id}')).toMatchObject({ method: 'POST', operationId: undefined, id: 'POST /things/{id}' });
    expect(op('DELETE /shared')).toMatchObject({ operationId: 'deleteShared', pointer: '#/components/pathItems/Shared/delete' });
    expect(HTTP_METHODS).toContain('trace');
  });

  it('gives each operation its effective security: its own, else the document’s; [] and {} are anonymous', () => {
    expect(op('GET /things/{id}')).toMatchObject({ security: [{ key: [] }], ownSecurity: undefined, anonymous: false });
    expect(op('PUT /things/{id}')).toMatchObject({ security: [], ownSecurity: [], anonymous: true });
    expect(op('POST /things/{id}')).toMatchObject({ anonymous: true });
    expect(op('PUT /blobs').anonymous).toBe(false);
    expect(model.usedSchemes).toEqual(['key', 'bearer']);
    expect(Object.keys(model.securitySchemes)).toEqual(['key', 'bearer', 'Bearer', 'unused']);
    expect(model.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' }); // $ref followed
  });

  it('gives each operation its servers: its own, else its path item’s, else the document’s', () => {
    expect(op('PUT /things/{id}').servers).toEqual([{ url: 'https://write.example' }]);
    expect(op('GET /things/{id}').servers).toEqual([{ url: 'https://things.example' }]);
    expect(op('GET /things/{id}').ownServers).toEqual([{ url: 'https://things.example' }]);
    expect(op('PUT /blobs')).toMatchObject({ servers: [{ url: 'https://api.example/v1' }], ownServers: undefined });
  });

  it('merges path-level parameters with the operation’s (the operation wins by name and location), $refs followed', () => {
    const get = op('GET /things/{id}');
    expect(get.parameters.map((p) => `${p.in} ${p.name}`)).toEqual(['path id', 'query verbose', 'header X-Trace']);
    expect(get.pathParams[0]).toMatchObject({ name: 'id', required: true, pointer: '#/components/parameters/Id', examples: ['t_1'] });
    expect(get.pathParams[0].schemaPointer).toBe('#/components/parameters/Id/schema');
    expect(get.requiredParams.map((p) => p.name)).toEqual(['X-Trace']);
    const put = op('PUT /things/{id}');
    expect(put.parameters.map((p) => `${p.in} ${p.name}`)).toEqual(['path id', 'header X-Trace', 'query verbose']);
    expect(put.parameters.find((p) => p.name === 'verbose')).toMatchObject({ required: true, schema: { type: 'integer' } });
    expect(put.requiredParams.map((p) => p.name)).toEqual(['X-Trace', 'verbose']);
  });

  it('reads every request media type, in order, with its schema, kind and example; JSON first is the preferred one', () => {
    const put = op('PUT /things/{id}').requestBody;
    expect(put).toMatchObject({ required: true, pointer: '#/components/requestBodies/Thing' });
    expect(put.media.map((m) => [m.type, m.kind, m.essence])).toEqual([
      ['application/x-www-form-urlencoded', 'form', 'application/x-www-form-urlencoded'],
      ['application/json; charset=utf-8', 'json', 'application/json'],
    ]);
    expect(put.preferred.type).toBe('application/json; charset=utf-8');
    expect(put.preferred.schemaPointer).toBe('#/components/requestBodies/Thing/content/application~1json; charset=utf-8/schema');
    expect(put.preferred.example).toEqual({ name: 'one', size: 1 });

    const post = op('POST /things/{id}').requestBody;
    expect(post.media.map((m) => m.kind)).toEqual(['multipart', 'json']);
    expect(post.preferred.type).toBe('application/vnd.things.v2+json');
    expect(post.media[0].encoding).toEqual({ file: { contentType: 'image/png' } });

    const blob = op('PUT /blobs').requestBody;
    expect(blob).toMatchObject({ required: false });
    expect(blob.media.map((m) => [m.kind, m.schemaPointer])).toEqual([
      ['binary', '#/paths/~1blobs/put/requestBody/content/application~1octet-stream/schema'],
      ['text', null],
    ]);
    expect(blob.preferred.type).toBe('application/octet-stream'); // no JSON: the first declared
    expect(op('GET /things/{id}').requestBody).toBeNull();
  });

  it('reads responses by status with their media types; the JSON one (any +json) carries the schema pointer', () => {
    const get = op('GET /things/{id}').responses[0];
    expect(get).toMatchObject({ status: '200', description: 'a thing', pointer: '#/components/responses/Thing' });
    expect(get.json.type).toBe('application/json');
    expect(get.schemaPointer).toBe('#/components/responses/Thing/content/application~1json/schema');
    const [noContent, problem] = op('PUT /things/{id}').responses;
    expect(noContent).toMatchObject({ status: '204', media: [], json: undefined, schemaPointer: null });
    expect(problem.json.type).toBe('application/problem+json');
    expect(model.validate(problem.schemaPointer, { title: 'x' }).ok).toBe(true);
  });

  it('validates against any schema of the document (2020-12), and reads strings as the schema’s types when asked (form fields)', () => {
    const at = op('PUT /things/{id}').requestBody.preferred.schemaPointer;
    expect(model.validate(at, { name: 'a', size: 2 })).toEqual({ ok: true, errors: [], schemaPaths: [] });
    expect(model.validate(at, { size: -1 }).errors).toEqual(["/ must have required property 'name'", '/size must be >= 0']);
    // the schema place of each error, a pointer into the document (through the $ref), in the same order
    expect(model.validate(at, { size: -1 }).schemaPaths).toEqual([
      '#/components/schemas/Thing/required',
      '#/components/schemas/Thing/properties/size/minimum',
    ]);
    const form = { name: 'a', size: '3' };
    expect(model.validate(at, form).ok).toBe(false);
    expect(model.validate(at, form, { coerce: true }).ok).toBe(true);
    expect(form.size).toBe('3'); // the caller's value is not coerced in place
    expect(model.validateNode({ $ref: '#/components/schemas/Thing' }, { name: 'x' })).toBe(true);
  });

  it("reads a pattern with Unicode property escapes as Prism and the contract tests' generator do (the u flag)", () => {
    // AWS tags: `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`. Read without the u flag, `\p{L}` is the characters
    // p, {, L and }: lookoutvision's tag key "a", generated and accepted by Prism, was refused here,
    // so a body the contract tests sent as invalid was answered 202 and the case failed
    const tag = { type: 'string', pattern: '^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$' };
    const m = specModel({ openapi: '3.1.0', info: { title: 'tags', version: '1' }, paths: {} });
    expect(['a', 'Ünïcode 42', ''].map((v) => m.validateNode(tag, v))).toEqual([true, true, true]);
    expect(['{', 'a}', '#'].map((v) => m.validateNode(tag, v))).toEqual([false, false, false]);
    // a pattern that compiles only without the flag is still read as before (`\:`)
    expect(m.validateNode({ type: 'string', pattern: '^\\d+\\:\\d+$' }, '10:30')).toBe(true);
  });

  it('answers for a document in memory without changing it, and an external $ref resolves to nothing', () => {
    const d = doc();
    d.paths['/ext'] = { get: { parameters: [{ $ref: 'other.yaml#/p' }], requestBody: { $ref: 'other.yaml#/b' }, responses: ok } };
    const before = structuredClone(d);
    const m = specModel(d);
    expect(m.operation('GET /ext')).toMatchObject({ parameters: [], requestBody: null });
    m.validate(m.operation('PUT /things/{id}').requestBody.preferred.schemaPointer, { name: 'x' });
    expect(d).toEqual(before);
  });

  it('finds the schema of an instance path through properties, items and allOf parts ($refs followed, parts of parts too)', () => {
    const m = specModel({
      openapi: '3.1.0',
      info: { title: 'at', version: '1' },
      paths: {},
      components: {
        schemas: {
          File: { allOf: [{ $ref: '#/components/schemas/Base' }, { properties: { owner: { $ref: '#/components/schemas/User' } } }] },
          Base: { allOf: [{ properties: { tags: { type: 'array', items: { type: 'string' } } } }] },
          User: { type: 'object', properties: { name: { type: 'string' } } },
        },
      },
    });
    expect(m.schemaAt('#/components/schemas/File', ['owner', 'name'])).toMatchObject({
      pointer: '#/components/schemas/User/properties/name',
      rest: [],
    });
    expect(m.schemaAt('#/components/schemas/File', ['tags', '0'])).toMatchObject({
      pointer: '#/components/schemas/Base/allOf/0/properties/tags/items',
      rest: [],
    });
    expect(m.schemaAt('#/components/schemas/File', ['nowhere']).rest).toEqual(['nowhere']);
  });
});

describe('OAS 3.0 documents', () => {
  const d30 = {
    openapi: '3.0.3',
    info: { title: 'old', version: '1' },
    paths: {
      '/a': {
        post: {
          requestBody: {
            content: {
              'application/json': {
                schema: { type: 'object', properties: { n: { type: 'integer', minimum: 1, exclusiveMinimum: true, nullable: true } } },
              },
            },
          },
          responses: ok,
        },
      },
    },
  };

  it('reads schemas in their JSON Schema 2020-12 form by default, as written on request; validation is 2020-12 either way', () => {
    for (const schemas of ['json-schema', 'as-written']) {
      const m = specModel(d30, { schemas });
      const body = m.operations[0].requestBody.preferred;
      expect(m.validate(body.schemaPointer, { n: null }).ok, schemas).toBe(true);
      expect(m.validate(body.schemaPointer, { n: 1 }).ok, schemas).toBe(false);
      expect(m.validate(body.schemaPointer, { n: 2 }).ok, schemas).toBe(true);
      expect(m.source).toBe(d30);
    }
    expect(specModel(d30).operations[0].requestBody.preferred.schema.properties.n).toEqual({
      type: ['integer', 'null'],
      exclusiveMinimum: 1,
    });
    expect(specModel(d30, { schemas: 'as-written' }).operations[0].requestBody.preferred.schema.properties.n.nullable).toBe(true);
    expect(d30.paths['/a'].post.requestBody.content['application/json'].schema.properties.n.nullable).toBe(true);
  });
});

describe('media types and binary schemas', () => {
  it.each([
    ['application/json', 'json'],
    ['application/json; charset=utf-8', 'json'],
    ['Application/Merge-Patch+JSON', 'json'],
    // nonstandard but common (.NET APIs: hetras-certification.net), with parameters and in any case
    ['text/json', 'json'],
    ['Text/JSON; charset=utf-8', 'json'],
    ['application/vnd.api+json; ext=bulk', 'json'],
    ['text/vnd.example+json', 'json'],
    ['+json', 'binary'],
    ['text/jsonx', 'text'],
    ['application/x-www-form-urlencoded', 'form'],
    ['multipart/form-data', 'multipart'],
    ['text/plain; charset=utf-8', 'text'],
    ['text/csv', 'text'],
    ['application/octet-stream', 'binary'],
    ['image/png', 'binary'],
    ['application/xml', 'binary'],
  ])('%s is %s', (type, kind) => expect(mediaKind(type)).toBe(kind));

  it.each([
    [{ type: 'string', format: 'binary' }, true],
    [{ type: ['string', 'null'], format: 'binary' }, true],
    [{ type: 'string', contentMediaType: 'image/png' }, true],
    [{ type: 'string', contentEncoding: 'binary' }, true],
    [{ type: 'string', contentMediaType: 'image/png', contentEncoding: 'base64' }, false],
    [{ type: 'string', contentMediaType: 'application/json' }, false],
    [{ type: 'string', contentMediaType: 'text/html' }, false],
    [{ type: 'string', format: 'byte' }, false],
    [{ type: 'integer', format: 'binary' }, false],
    [{ $ref: '#/components/schemas/File' }, false],
  ])('%j binary: %s', (schema, binary) => expect(isBinarySchema(schema)).toBe(binary));
});
