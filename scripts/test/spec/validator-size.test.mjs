// The spec model compiles one validator function per schema it is asked about, and V8 compiles
// (and later optimises, on a background thread) all of it: a schema whose function would be
// megabytes of code is refused by name before it reaches V8 (spec-model.ts, MAX_VALIDATOR_CODE).
// A 25 MB one (a subschema repeated inline at every level of an 8-level tree) grew a vitest worker
// to 23 GB while Node 24's Maglev compiler optimised it.
import { describe, expect, it } from 'vitest';
import { specModel } from '../../lib/spec/spec-model.ts';

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
      /^the schema at #\/components\/schemas\/Big cannot be compiled: its validator would be \d+ characters of code, over the limit of 4000000/,
    );
    expect(model.validate('#/components/schemas/Small', {}).errors).toEqual(["/ must have required property 'a'"]);
    expect(model.validate('#/components/schemas/Small', { a: 'x' }).ok).toBe(true);
  });
});
