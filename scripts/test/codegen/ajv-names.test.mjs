// Ajv's optimizer with its names counted in one walk (lib/codegen/ajv-names.ts): the code Ajv
// writes is byte for byte the code it writes with its own counting, on every provider's spec and
// on a schema using the keywords whose code has branches, loops and nested functions; and the
// counting is Ajv's again once the compile is over.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import standalone from 'ajv/dist/standalone/index.js';
import { namesCountedOnce } from '../../lib/codegen/ajv-names.ts';
import { ajvDocument, schemaCompiler } from '../../lib/codegen/ajv-standalone.ts';
import { loadProviders } from '../../lib/registry/registry.ts';
import { specModel } from '../../lib/spec/spec-model.ts';
import { loadYamlSource } from '../../lib/spec/yaml-source.ts';

const require = createRequire(import.meta.url);
const { CodeGen, ValueScope } = require('ajv/dist/compile/codegen/index.js');
/** Ajv's own `names` getter of its code tree's parent nodes (the one namesCountedOnce replaces while it runs). */
const parentNames = () => {
  const root = new CodeGen(new ValueScope({ scope: {} }))._root;
  return Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Object.getPrototypeOf(root)), 'names').get;
};

/** Ajv's standalone code for every JSON body schema of `doc`, from a fresh compiler; `wrap` runs the compile. */
function bodiesCode(doc, wrap) {
  const model = specModel(doc);
  const { ajv } = schemaCompiler(ajvDocument(model));
  const pointers = [
    ...new Set(
      model.operations.flatMap((op) => [
        ...op.responses.flatMap((r) => r.media.filter((m) => m.json && m.schemaPointer).map((m) => m.schemaPointer)),
        ...(op.requestBody?.preferred?.json && op.requestBody.preferred.schemaPointer ? [op.requestBody.preferred.schemaPointer] : []),
      ]),
    ),
  ];
  const refs = Object.fromEntries(pointers.map((p, i) => [`v${i}`, `spec${encodeURI(p).replace(/%7B/g, '{').replace(/%7D/g, '}')}`]));
  return { code: wrap(() => standalone.default(ajv, refs)), count: pointers.length };
}

const everyKeyword = {
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {
    '/a': {
      post: {
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/A' } } } },
        responses: {
          200: {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/A' } } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      A: {
        type: 'object',
        required: ['id'],
        properties: {
          id: { type: 'string', minLength: 1, pattern: '^[a-z]+$' },
          kind: { enum: ['x', 'y', { z: 1 }] },
          tags: { type: 'array', items: { type: 'string' }, uniqueItems: true, minItems: 1, contains: { const: 'a' } },
          pair: { type: 'array', prefixItems: [{ type: 'integer' }, { type: 'string' }], items: false },
          shape: { oneOf: [{ $ref: '#/components/schemas/B' }, { type: 'null' }] },
          any: {
            anyOf: [
              { type: 'number', multipleOf: 0.5 },
              { type: 'string', format: 'date-time' },
            ],
          },
          // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else
          cond: { if: { properties: { k: { const: 1 } } }, then: { required: ['v'] }, else: { not: { required: ['v'] } } },
          map: { type: 'object', patternProperties: { '^x-': { type: 'integer' } }, additionalProperties: { type: 'string' } },
          deps: { type: 'object', dependentRequired: { a: ['b'] }, dependentSchemas: { c: { required: ['d'] } } },
          closed: { type: 'object', allOf: [{ properties: { p: { type: 'string' } } }], unevaluatedProperties: false },
          self: { $ref: '#/components/schemas/A' },
        },
        additionalProperties: false,
      },
      B: { type: 'object', properties: { n: { type: 'integer', minimum: 0, exclusiveMaximum: 10 } }, minProperties: 1 },
    },
  },
};

describe('namesCountedOnce', () => {
  it('replaces the counting while it runs, and puts Ajv’s back after (a throw included)', () => {
    const theirs = parentNames();
    expect(namesCountedOnce(() => parentNames())).not.toBe(theirs);
    expect(parentNames()).toBe(theirs);
    expect(() =>
      namesCountedOnce(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(parentNames()).toBe(theirs);
  });

  it('Ajv writes the same code with it, on a schema of branches, loops and nested functions', () => {
    const ours = bodiesCode(everyKeyword, namesCountedOnce);
    const theirs = bodiesCode(everyKeyword, (fn) => fn());
    expect(ours.count).toBe(2);
    expect(ours.code.length).toBeGreaterThan(5000);
    expect(ours.code).toBe(theirs.code);
  });

  it.each(loadProviders().map((p) => [p.name, p]))('Ajv writes the same code with it, on %s’s spec', (_name, provider) => {
    const doc = loadYamlSource(provider.effective).data;
    const ours = bodiesCode(doc, namesCountedOnce);
    expect(ours.count).toBeGreaterThan(0);
    expect(ours.code).toBe(bodiesCode(doc, (fn) => fn()).code);
  });
});
