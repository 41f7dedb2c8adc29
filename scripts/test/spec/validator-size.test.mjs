// The spec model compiles one validator function per schema it is asked about, and V8 compiles
// (and later optimises, on a background thread) all of it: a schema whose function would be
// megabytes of code is refused by name before it reaches V8 (spec-model.ts, MAX_VALIDATOR_CODE).
// A 25 MB one (a subschema repeated inline at every level of an 8-level tree) grew a vitest worker
// to 23 GB while Node 24's Maglev compiler optimised it. Codegen's standalone validators
// (validators.gen.ts, fake.gen.ts: lib/codegen/ajv-standalone.ts) have the same bound: generation
// stops naming the schema and the overlay action, rather than write megabytes into the module.
import { describe, expect, it } from 'vitest';
import { MAX_VALIDATOR_CODE, specModel } from '../../lib/spec/spec-model.ts';
import { validatorsModule } from '../../lib/codegen/validators-codegen.ts';
import { UserError } from '../../lib/shared/errors.ts';

// Property names are written into the code at each check: eight names of 100 000 characters make
// a validator of some 7 million characters, in milliseconds (a nested tree that size takes Ajv
// half a minute to write)
const names = Array.from({ length: 8 }, (_, i) => `p${i}${'x'.repeat(100_000)}`);
const doc = {
  openapi: '3.1.0',
  info: { title: 'validator size', version: '1' },
  paths: {},
  components: {
    schemas: {
      Big: { type: 'object', required: names, properties: Object.fromEntries(names.map((n) => [n, { type: 'string' }])) },
      Small: { type: 'object', required: ['a'], properties: { a: { type: 'string' } } },
    },
  },
};

describe('a schema whose validator would be too much code', () => {
  it('is refused by its pointer, and the model still validates the others', () => {
    const model = specModel(doc);
    expect(() => model.validate('#/components/schemas/Big', {})).toThrow(
      /^the schema at #\/components\/schemas\/Big cannot be compiled: the validator of the schema at #\/components\/schemas\/Big would be \d+ characters of code, over the limit of 4000000: .*replace its inline copies with a \$ref/,
    );
    // asked about the node itself (no pointer given): named by where it sits in the document
    expect(() => model.validateNode(model.resolve({ $ref: '#/components/schemas/Big' }), {})).toThrow(
      /^the validator of the schema at #\/components\/schemas\/Big would be \d+ characters of code/,
    );
    expect(model.validate('#/components/schemas/Small', {}).errors).toEqual(["/ must have required property 'a'"]);
    expect(model.validate('#/components/schemas/Small', { a: 'x' }).ok).toBe(true);
  });
});

// A made-up spec whose answer writes one subschema out inline three times: some 1.8 million
// characters of code each (two property names of 100 000 characters, written into the code at
// each check), 5.4 million together in the answer's one function.
const longNames = Array.from({ length: 2 }, (_, i) => `q${i}${'y'.repeat(100_000)}`);
const part = () => ({ type: 'object', required: longNames, properties: Object.fromEntries(longNames.map((n) => [n, { type: 'string' }])) });
const withAnswer = (parts, components = {}) => ({
  openapi: '3.1.0',
  info: { title: 'validator size', version: '1' },
  paths: {
    '/report': {
      get: {
        responses: {
          200: {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'object', properties: { a: parts(), b: parts(), c: parts() } } } },
          },
        },
      },
    },
  },
  components: { schemas: components },
});

describe("codegen's standalone validators", () => {
  it('stop generation at a function over the bound, naming the schema and the overlay that replaces the inline copies with a $ref', () => {
    let error;
    try {
      validatorsModule(withAnswer(part));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toMatch(
      /^the body schema at #\/paths\/~1report\/get\/responses\/200\/content\/application~1json\/schema cannot be compiled into a generated validator: the validator of the schema at #\/paths\/~1report\/get\/responses\/200\/content\/application~1json\/schema would be \d+ characters of code, over the limit of 4000000: .*in an overlay, put the repeated subschema in components\/schemas and replace its inline copies with a \$ref to it$/,
    );
    expect(error.message.length).toBeLessThan(1000);
  });

  it('with the copies replaced by a $ref, as that overlay does, the subschema is one function and the module is generated', () => {
    const code = validatorsModule(withAnswer(() => ({ $ref: '#/components/schemas/Part' }), { Part: part() }));
    expect(code.length).toBeLessThan(MAX_VALIDATOR_CODE);
    expect(code).toMatch(/"GET \/report": \{ "200": \{ "application\/json": v0 \} \}/);
  });
});
