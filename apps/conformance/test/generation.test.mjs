// The harness makes valid requests, or says it cannot: values generated from real schema shapes
// are checked by the same JSON Schema 2020-12 validator the contract tests use (Ajv), and what
// it cannot make valid is reported as its own limit with the schema location.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadSpecModel, specModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { constraintViolations, validArbitrary } from '../src/request/arbitraries.ts';
import { bodyPlan } from '../src/request/bodies.ts';
import { paramsFor, requestLimitation, requestProblem, validBodyFor } from '../src/request/cases.ts';

const op = (body, params = []) => ({
  operationId: 'op',
  parameters: params,
  requestBody: { required: true, content: { 'application/json': { schema: body } } },
  responses: { 200: { description: 'ok' } },
});
const spec = {
  openapi: '3.1.0',
  info: { title: 'generation', version: '1' },
  paths: {
    '/enum': { post: op({ allOf: [{ $ref: '#/components/schemas/Tier' }] }) },
    '/merged': {
      post: op({
        allOf: [
          { $ref: '#/components/schemas/Named' },
          {
            type: 'object',
            required: ['code'],
            properties: { code: { type: 'string', format: 'uuid' }, name: { maxLength: 5 }, tier: { $ref: '#/components/schemas/Tier' } },
          },
        ],
      }),
    },
    '/closed': {
      post: op({
        type: 'object',
        additionalProperties: false,
        properties: { id: { type: 'integer', minimum: 1 } },
        allOf: [{ $ref: '#/components/schemas/Closed' }],
      }),
    },
    // one schema for the body and the answer, closed, its server-set fields readOnly and
    // required (apideck's accounting resources): required of the answer only
    '/noted': { post: op({ $ref: '#/components/schemas/Note' }) },
    '/impossible': { post: op({ type: 'object', required: ['a'], properties: { a: { type: 'string', minLength: 5, maxLength: 2 } } }) },
    '/array-param': {
      post: op({ type: 'object' }, [{ name: 'ids', in: 'query', required: true, schema: { type: 'array', items: { type: 'integer' } } }]),
    },
  },
  components: {
    schemas: {
      Tier: { type: 'string', enum: ['gold', 'silver'] },
      Id: { type: 'string' },
      Note: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'text', 'audit'],
        properties: {
          id: { $ref: '#/components/schemas/Id', readOnly: true },
          text: { type: 'string', minLength: 1 },
          audit: {
            type: 'object',
            required: ['by', 'at'],
            properties: { by: { type: 'string' }, at: { type: 'string', format: 'date-time', readOnly: true } },
          },
        },
      },
      Named: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 2 } } },
      Closed: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 2 } }, additionalProperties: false },
    },
  },
};

let dir;
let model;
const byPath = (path) => model.operations.find((o) => o.path === path);
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'capi-generation-'));
  writeFileSync(join(dir, 'spec.yaml'), stringify(spec));
  model = loadSpecModel(join(dir, 'spec.yaml'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const samples = (path) => fc.sample(validArbitrary(byPath(path).requestBody.preferred.schema, model.resolve), { numRuns: 100, seed: 7 });

describe('generated request bodies', () => {
  it('objects have the Object prototype, so the validator can compare them (uniqueItems threw on null-prototype ones: slack.com)', () => {
    const schema = { type: 'array', uniqueItems: true, minItems: 2, items: { type: 'object', properties: { a: { type: 'integer' } } } };
    const model = specModel({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {}, components: { schemas: { L: schema } } });
    const values = fc.sample(validArbitrary(schema, model.resolve), { numRuns: 60, seed: 7 });
    for (const v of values) {
      for (const o of v) expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
      expect(() => model.validate('#/components/schemas/L', v)).not.toThrow();
    }
  });

  it('a property readOnly beside its $ref (googleapis.com) is left out of request bodies and their negative cases, as Prism strips it', () => {
    const schemas = {
      Window: { type: 'object', required: ['day'], properties: { day: { type: 'string', enum: ['MONDAY'] } } },
      Instance: {
        type: 'object',
        properties: { name: { type: 'string' }, window: { $ref: '#/components/schemas/Window', readOnly: true } },
      },
    };
    const model = specModel({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {}, components: { schemas } });
    const ref = { $ref: '#/components/schemas/Instance' };
    for (const v of fc.sample(validArbitrary(ref, model.resolve), { numRuns: 30, seed: 1 })) expect(v).not.toHaveProperty('window');
    const cases = constraintViolations(ref, model.resolve, { name: 'n' }).map((c) => c.name);
    expect(cases.filter((n) => n.includes('window'))).toEqual([]);
    // in a response it is there
    const answers = fc.sample(validArbitrary(ref, model.resolve, 0, 'response'), { numRuns: 30, seed: 1 });
    expect(answers.some((v) => 'window' in v)).toBe(true);
  });

  it('a deep schema gets valid values: past a few levels only what is required, before the generator gives up (beezup.com link maps)', () => {
    // beezup.com's catalogIndex: maps of links, each link with info lists of error objects whose
    // properties are strings; values reaching the depth limit were null, none valid, so its
    // mock answers were not told apart from spec defects
    // each level a component referring to the one below, as a spec writes it (the same object
    // written inline at every use was a 25 MB validator: spec-model.ts, MAX_VALIDATOR_CODE)
    const inner = (i) => ({ $ref: `#/components/schemas/L${i}` });
    const level = (i) => ({
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string' },
        more: inner(i),
        list: { type: 'array', items: inner(i) },
        map: { type: 'object', additionalProperties: inner(i) },
      },
    });
    const schemas = { L0: { type: 'object', required: ['code'], properties: { code: { type: 'string' } } } };
    for (let i = 1; i <= 8; i++) schemas[`L${i}`] = level(i - 1);
    const model = specModel({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {}, components: { schemas } });
    const values = fc.sample(validArbitrary(inner(8), model.resolve, 0, 'response'), { numRuns: 50, seed: 42 });
    for (const v of values) expect(model.validate('#/components/schemas/L8', v).errors).toEqual([]);
    expect(values.some((v) => v.more !== undefined || v.list?.length || Object.keys(v.map ?? {}).length)).toBe(true);
  });

  it('an allOf wrapper of an enum generates only its values', () => {
    for (const v of samples('/enum')) expect(['gold', 'silver']).toContain(v);
  });

  it('allOf keeps every keyword of every part (formats, lengths, required from both)', () => {
    const op = byPath('/merged');
    const values = samples('/merged');
    for (const v of values) expect(model.validate(op.requestBody.preferred.schemaPointer, v).errors).toEqual([]);
    expect(values.some((v) => v.tier !== undefined)).toBe(true);
    expect(requestProblem(op, model)).toBeNull();
  });

  it('an outer additionalProperties: false admits only the outer properties, as the validator does', () => {
    // Closed (in allOf) requires "name", which the outer schema does not admit: no body is valid
    const op = byPath('/closed');
    for (const v of samples('/closed')) expect(Object.keys(v).filter((k) => k !== 'id')).toEqual([]);
    expect(requestProblem(op, model)).toMatch(
      /no valid request body among \d+ generated for the schema at #\/paths\/~1closed\/post\/requestBody\/content\/application~1json\/schema/,
    );
  });

  it('a required readOnly property (beside its $ref, or nested) is not required of a request body: a valid body is found without it', () => {
    const op = byPath('/noted');
    const body = validBodyFor(op, model);
    expect(requestProblem(op, model)).toBeNull();
    expect(Object.keys(body).sort()).toEqual(['audit', 'text']);
    expect(Object.keys(body.audit)).toEqual(['by']);
    // as a response (no request option) the same value lacks what the server sets
    const pointer = op.requestBody.preferred.schemaPointer;
    expect(model.validate(pointer, body).errors).toEqual(["/ must have required property 'id'", "/audit must have required property 'at'"]);
    expect(model.validate(pointer, body, { request: true })).toMatchObject({ ok: true, errors: [] });
    // a required property that is not readOnly is still required
    expect(model.validate(pointer, { audit: {} }, { request: true }).errors).toEqual([
      "/ must have required property 'text'",
      "/audit must have required property 'by'",
    ]);
  });

  it('says when it cannot make a valid body, with the schema location and why', () => {
    const op = byPath('/impossible');
    validBodyFor(op, model);
    expect(requestProblem(op, model)).toMatch(
      /no valid request body .* at #\/paths\/~1impossible\/post\/requestBody\/content\/application~1json\/schema \(first candidate: .*\)/,
    );
  });

  it('minProperties is met by making optional properties required; a schema that cannot meet it is reported, not retried for ever', () => {
    const m = specModel({
      openapi: '3.1.0',
      info: { title: 'min', version: '1' },
      paths: {
        // three optional properties, at least two of them: every body has two
        '/some': {
          post: op({
            type: 'object',
            minProperties: 2,
            properties: { a: { type: 'string' }, b: { type: 'integer' }, c: { type: 'boolean' } },
          }),
        },
        // one property and no other admitted, at least three asked: no body can exist (fast-check's
        // filter behind minProperties drew candidates here without end)
        '/none': { post: op({ type: 'object', minProperties: 3, additionalProperties: false, properties: { a: { type: 'string' } } }) },
      },
    });
    const some = m.operation('POST /some');
    for (const v of fc.sample(validArbitrary(some.requestBody.preferred.schema, m.resolve), { numRuns: 30, seed: 3 }))
      expect(Object.keys(v).length).toBeGreaterThanOrEqual(2);
    expect(requestProblem(some, m)).toBeNull();
    const none = m.operation('POST /none');
    expect(validBodyFor(none, m)).toBeDefined();
    expect(requestProblem(none, m)).toMatch(
      /^no valid request body among \d+ generated for the schema at #\/paths\/~1none\/post\/requestBody\/content\/application~1json\/schema \(first candidate: .*must NOT have fewer than 3 properties/,
    );
  });

  it('a required array query parameter gets at least one item (an empty one would be left out)', () => {
    const op = byPath('/array-param');
    const { query } = paramsFor(op, model);
    expect(Array.isArray(query.ids) && query.ids.length > 0).toBe(true);
    expect(requestProblem(op, model)).toBeNull();
  });

  it('a property readOnly in one of its allOf parts (digitalocean.com) is left out of request bodies and their negative cases', () => {
    const schema = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        connection: { allOf: [{ type: 'object', properties: { uri: { type: 'string' } } }, { readOnly: true }] },
      },
    };
    const bodies = fc.sample(
      validArbitrary(schema, (n) => n, 0, 'request'),
      { numRuns: 50, seed: 1 },
    );
    expect(bodies.some((b) => 'connection' in b)).toBe(false);
    expect(constraintViolations(schema, (n) => n, { name: 'n' }).filter((c) => c.name.startsWith('connection'))).toEqual([]);
    // a response has it
    const answers = fc.sample(
      validArbitrary({ ...schema, required: ['connection'] }, (n) => n, 0, 'response'),
      { numRuns: 5, seed: 1 },
    );
    expect(answers.every((b) => 'connection' in b)).toBe(true);
  });

  it('no "longer than maxLength" case for a huge maxLength (iotsitewise: 104857600; no mock reads such a body)', () => {
    const schema = {
      type: 'object',
      properties: { big: { type: 'string', maxLength: 104857600 }, small: { type: 'string', maxLength: 3 } },
    };
    const names = constraintViolations(schema, (n) => n, { big: 'x', small: 'y' })
      .filter((c) => c.constraint === 'maxLength')
      .map((c) => c.name);
    expect(names).toEqual(['small: longer than maxLength 3']);
  });

  it('a pattern case is only built with a value that breaks the pattern (an unanchored one matches almost anything)', () => {
    const schema = { type: 'object', properties: { ruleName: { type: 'string', pattern: '[A-Za-z][A-Za-z0-9_.-]*' } } };
    const cases = constraintViolations(schema, (n) => n, { ruleName: 'ok' }).filter((c) => c.constraint === 'pattern');
    expect(cases).toHaveLength(1);
    expect(/[A-Za-z][A-Za-z0-9_.-]*/u.test(cases[0].body.ruleName)).toBe(false);
  });
});

describe('the validator reads specs as they are written', () => {
  it('patterns with escapes unicode mode refuses, and a $id several schemas share', () => {
    const d = mkdtempSync(join(tmpdir(), 'capi-ajv-'));
    try {
      const file = join(d, 'spec.yaml');
      const schema = (extra) => ({ $id: 'https://example.com/product', type: 'object', ...extra });
      writeFileSync(
        file,
        stringify({
          openapi: '3.1.0',
          info: { title: 't', version: '1' },
          paths: { '/a': { post: op({ $ref: '#/components/schemas/A' }) } },
          components: { schemas: { A: schema({ properties: { at: { type: 'string', pattern: '^\\d{2}\\:\\d{2}$' } } }), B: schema({}) } },
        }),
      );
      const m = loadSpecModel(file);
      const o = m.operations[0];
      expect(m.validate(o.requestBody.preferred.schemaPointer, { at: '12:30' }).ok).toBe(true);
      expect(m.validate(o.requestBody.preferred.schemaPointer, { at: 'noon' }).ok).toBe(false);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('request bodies by media type (as a server reads them)', () => {
  const form = (schema, encoding) => ({
    post: {
      requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema, encoding } } },
      responses: { 200: { description: 'ok' } },
    },
  });
  const fields = {
    type: 'object',
    required: ['name'],
    properties: {
      name: { type: 'string', maxLength: 5 },
      age: { type: 'integer', minimum: 0 },
      tags: { type: 'array', items: { type: 'string' } },
    },
  };
  const m = specModel({
    openapi: '3.1.0',
    info: { title: 'forms', version: '1' },
    paths: {
      '/styled': form(fields, { tags: { style: 'form', explode: true } }),
      '/plain': form(fields),
      '/required-list': form({ ...fields, required: ['tags'] }),
      '/upload': {
        put: {
          requestBody: {
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['file'],
                  properties: { file: { type: 'string', format: 'binary' }, n: { type: 'integer' } },
                },
              },
              'text/plain': { schema: { type: 'string', maxLength: 3 } },
              'application/octet-stream': {},
            },
          },
          responses: { 200: { description: 'ok' } },
        },
      },
    },
  });
  const media = (key, i = 0) => m.operation(key).requestBody.media[i];

  it('a form field is a string to the server: 123 is a valid string field, "x" no integer, a single value a list of one', () => {
    const plan = bodyPlan(m, media('POST /styled'));
    expect(plan.check({ name: 123 }).ok).toBe(true);
    expect(plan.check({ name: 'ok', age: 'x' }).ok).toBe(false);
    expect(plan.check({ name: 'ok', age: '3' }).ok).toBe(true);
    expect(plan.wire({ name: 'a', age: 3, tags: 'x', gone: null, none: [] })).toEqual({ name: 'a', age: '3', tags: ['x'] });
    // a constraint case survives only if it is still invalid once read as a form
    const cases = plan.cases({ name: 'a' }).filter((c) => !plan.check(c.body).ok);
    expect(cases.map((c) => c.name)).not.toContain('name: wrong type (integer for string)');
    expect(cases.map((c) => c.name)).toEqual(
      expect.arrayContaining(['body: required name missing', 'age: wrong type (string for integer)']),
    );
  });

  it('sends only what Prism 5.16 reads as sent: one value per list field, and a list field only with an encoding style', () => {
    const styled = bodyPlan(m, media('POST /styled'));
    expect(styled.readable({ name: 'a', tags: ['x'] })).toBeNull();
    expect(styled.readable({ name: 'a', tags: ['x', 'y'] })).toMatch(/reads only the last one/);
    expect(styled.readable({ name: 'a', tags: ['x y'] })).toMatch(/reserved character/);
    expect(bodyPlan(m, media('POST /plain')).readable({ name: 'a', tags: ['x'] })).toMatch(/without an encoding style/);
    for (const v of fc.sample(styled.valid(), { numRuns: 50, seed: 3 })) expect(v.tags === undefined || v.tags.length <= 1).toBe(true);
    for (const v of fc.sample(bodyPlan(m, media('POST /plain')).valid(), { numRuns: 50, seed: 3 })) expect(v.tags).toBeUndefined();
    const required = m.operation('POST /required-list');
    expect(requestLimitation(required, m)).toEqual({
      limitation: 'mock',
      reason: expect.stringMatching(/^Prism 5\.16 cannot read the required field "tags", an array field without an encoding style/),
    });
  });

  it('multipart files are Blobs, text is a non-empty string, octet-stream is bytes', () => {
    const upload = m.operation('PUT /upload');
    const multipart = validBodyFor(upload, m, media('PUT /upload', 0));
    expect(multipart.file).toBeInstanceOf(Blob);
    expect(bodyPlan(m, media('PUT /upload', 0)).check({ n: 1 }).ok).toBe(false); // the file is required
    const text = validBodyFor(upload, m, media('PUT /upload', 1));
    expect(typeof text === 'string' && text.length > 0 && text.length <= 3).toBe(true);
    expect(bodyPlan(m, media('PUT /upload', 1)).check('').ok).toBe(false);
    expect(validBodyFor(upload, m, media('PUT /upload', 2))).toBeInstanceOf(Uint8Array);
    expect(requestProblem(upload, m)).toBeNull();
  });
});
