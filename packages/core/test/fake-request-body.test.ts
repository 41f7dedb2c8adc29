// The fake's own request body check, as a published provider package runs it (`fakeModel` over
// the document and Ajv's validators of the request bodies): OAS reads a request body so that a
// required `readOnly` property is not required (the server sets it), and the engine asks its
// model's `validate(pointer, body, { request: true })` for that, the same reading as the spec
// model's in this repository. A body that breaks any other rule still gets the documented 422.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { createFake, type FakeModelData, fakeModel, type SchemaValidator } from '../src/fake/index.ts';

const error = { type: 'object', required: ['message'], properties: { message: { type: 'string' } } };
const doc = {
  openapi: '3.1.0',
  info: { title: 'readOnly', version: '1' },
  paths: {},
  components: {
    schemas: {
      Id: { type: 'integer', readOnly: true },
      // `id` required and readOnly; `created` readOnly beside its `$ref`, in an allOf part
      Thing: {
        allOf: [
          {
            type: 'object',
            required: ['id', 'created'],
            properties: { id: { $ref: '#/components/schemas/Id' }, created: { $ref: '#/components/schemas/Stamp', readOnly: true } },
          },
          {
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string', minLength: 1 }, parts: { type: 'array', items: { $ref: '#/components/schemas/Part' } } },
          },
        ],
      },
      Stamp: { type: 'string' },
      Part: {
        type: 'object',
        required: ['id', 'label'],
        properties: { id: { $ref: '#/components/schemas/Id' }, label: { type: 'string' } },
      },
      Error: error,
    },
  },
};
const ref = (name: string) => `#/components/schemas/${name}`;
const json = (schemaPointer: string) => ({ type: 'application/json', json: true, schemaPointer });
const response = (status: string, name: string) => ({ status, pointer: `#/x/${status}`, json: json(ref(name)), schemaPointer: ref(name) });
const operation = (method: string, path: string, extra: object) => ({
  key: `${method} ${path}`,
  method,
  path,
  operationId: undefined,
  security: [],
  anonymous: true,
  parameters: path.includes('{') ? [{ name: 'thingId', in: 'path' }] : [],
  requestBody: null,
  responses: [],
  ...extra,
});
const data: FakeModelData = {
  doc,
  securitySchemes: {},
  operations: [
    operation('POST', '/things', {
      requestBody: { required: true, preferred: json(ref('Thing')) },
      responses: [response('201', 'Thing'), response('422', 'Error')],
    }),
    operation('GET', '/things/{thingId}', { responses: [response('200', 'Thing'), response('404', 'Error')] }),
  ],
};

/** The fake as a published package builds it. */
const publishedFake = () => createFake(fakeModel(data, { [ref('Thing')]: publishedValidator() }), { seed: 'readOnly' });

async function post(body: unknown) {
  const fake = publishedFake();
  const res = await fake.fetch('https://x.test/things', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("the fake's request body check (fakeModel, { request: true })", () => {
  it('accepts a create whose body leaves out the required readOnly id (and a readOnly field beside its $ref, in an allOf part, and in list items)', async () => {
    const created = await post({ name: 'a', parts: [{ label: 'p' }] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'a', parts: [{ label: 'p' }] });
    expect(created.body.id).toBeDefined();
  });

  it('refuses a body that breaks a rule that is not readOnly with the documented 422, naming it', async () => {
    const missing = await post({ parts: [] });
    expect(missing.status).toBe(422);
    expect(missing.body.message).toMatch(/^the request body does not match the schema: .*must have required property 'name'/);
    // the readOnly id is still not asked for beside it
    expect(missing.body.message).not.toMatch(/'id'|'created'/);
    const short = await post({ name: '' });
    expect(short.status).toBe(422);
    expect(short.body.message).toMatch(/\/name must NOT have fewer than 1 characters/);
    const item = await post({ name: 'a', parts: [{ id: 1 }] });
    expect(item.status).toBe(422);
    expect(item.body.message).toMatch(/\/parts\/0 must have required property 'label'/);
  });

  it('refuses a body nested deeper than 256 levels with the documented 422, in-process, without parsing it', async () => {
    const deep = await post(JSON.parse(`{"name":"a","parts":[${'['.repeat(300)}${']'.repeat(300)}]}`));
    expect(deep.status).toBe(422);
    expect(deep.body.message).toBe('the request body nests deeper than 256 levels');
    // brackets inside a string are text, not nesting
    expect((await post({ name: '['.repeat(500) })).status).toBe(201);
  });

  it('leaves the readOnly ones out of what is required of a request only: an answer (no `request`) must have them', () => {
    const model = fakeModel(data, { [ref('Thing')]: publishedValidator() });
    expect(model.validate(ref('Thing'), { name: 'a' }, { request: true })).toEqual({ ok: true, errors: [] });
    const answer = model.validate(ref('Thing'), { name: 'a' });
    expect(answer.ok).toBe(false);
    expect(answer.errors).toEqual(
      expect.arrayContaining(["/ must have required property 'id'", "/ must have required property 'created'"]),
    );
  });
});

/** The request body's validator as a published package carries it: Ajv's, compiled over the document (the project's options). */
function publishedValidator(): SchemaValidator {
  // AJV_OPTIONS of @capi/scripts (spec-model.ts), which @capi/core cannot import
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false, logger: false, ownProperties: true });
  ajv.addSchema(doc, 'spec');
  return ajv.getSchema(`spec${ref('Thing')}`) as SchemaValidator;
}

describe('the in-process fake reads a request body only so far', () => {
  it('refuses a body that never ends with the documented 422, having read just past the limit', async () => {
    const fake = publishedFake();
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
      },
    });
    const res = await fake.fetch('https://x.test/things', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: endless,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { message: string }).message).toMatch(/larger than 65536 bytes/);
    // 64 KiB in 16 KiB chunks: five reads (and what the stream queued ahead), not an endless loop
    expect(pulled).toBeLessThan(16);
  });
});
