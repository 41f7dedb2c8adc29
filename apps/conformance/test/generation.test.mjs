// The harness makes valid requests, or says it cannot: values generated from real schema shapes
// are checked by the same JSON Schema 2020-12 validator the contract tests use (Ajv), and what
// it cannot make valid is reported as its own limit with the schema location.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadSpecModel } from '@capi/scripts/lib/spec-model.ts';
import { constraintViolations, validArbitrary } from '../src/arbitraries.mjs';
import { paramsFor, requestProblem, validBodyFor } from '../src/cases.mjs';

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
    '/impossible': { post: op({ type: 'object', required: ['a'], properties: { a: { type: 'string', minLength: 5, maxLength: 2 } } }) },
    '/array-param': {
      post: op({ type: 'object' }, [{ name: 'ids', in: 'query', required: true, schema: { type: 'array', items: { type: 'integer' } } }]),
    },
  },
  components: {
    schemas: {
      Tier: { type: 'string', enum: ['gold', 'silver'] },
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

  it('says when it cannot make a valid body, with the schema location and why', () => {
    const op = byPath('/impossible');
    validBodyFor(op, model);
    expect(requestProblem(op, model)).toMatch(
      /no valid request body .* at #\/paths\/~1impossible\/post\/requestBody\/content\/application~1json\/schema \(first candidate: .*\)/,
    );
  });

  it('a required array query parameter gets at least one item (an empty one would be left out)', () => {
    const op = byPath('/array-param');
    const { query } = paramsFor(op, model);
    expect(Array.isArray(query.ids) && query.ids.length > 0).toBe(true);
    expect(requestProblem(op, model)).toBeNull();
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
