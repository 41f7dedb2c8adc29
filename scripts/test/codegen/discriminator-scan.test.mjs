// discriminatorsOf (codegen/discriminator-scan.ts) runs openapi-typescript's scanDiscriminators on
// a skeleton of the document: its result, and what it patches in the document, must be those of
// the scan of the whole document.
import { describe, expect, it } from 'vitest';
import { scanDiscriminators } from 'openapi-typescript';
import { discriminatorsOf } from '../../lib/codegen/discriminator-scan.ts';

const obj = (properties, extra = {}) => ({ type: 'object', properties, ...extra });
const pet = (extra = {}) => ({
  discriminator: { propertyName: 'kind', mapping: { dog: '#/components/schemas/Dog', robot: '#/components/schemas/Alias' }, ...extra },
  oneOf: [{ $ref: '#/components/schemas/Dog' }, { $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Alias' }],
});

/** A made-up document: inferred and mapped members, an allOf member, a member reached through a $ref chain, examples, paths. */
function document(extra = {}) {
  return {
    openapi: '3.0.3',
    info: { title: 'zoo', version: '1' },
    paths: {
      '/pets/{id}': {
        get: {
          responses: {
            200: {
              description: 'a pet',
              content: {
                'application/json': {
                  schema: pet(),
                  // a discriminator inside an example value: the scan walks it too
                  example: { discriminator: { propertyName: 'note' }, oneOf: [{ $ref: '#/components/schemas/Cat' }] },
                },
              },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        Pet: pet(),
        Dog: obj({ bark: { type: 'boolean' } }),
        Cat: { allOf: [{ $ref: '#/components/schemas/Base' }, obj({ lives: { type: 'integer' } })] },
        Alias: { $ref: '#/components/schemas/Robot' },
        Robot: obj({ model: { type: 'string' } }, { required: ['model'] }),
        Base: {
          type: 'object',
          discriminator: { propertyName: 'family', mapping: { feline: '#/components/schemas/Cat', tiger: '#/components/schemas/Tiger' } },
          properties: { family: { type: 'string' } },
        },
        Tiger: { allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object' }] },
        Many: { type: 'array', items: [{ allOf: [{ $ref: '#/components/schemas/Base' }] }] },
        '': { allOf: [{ $ref: '#/components/schemas/Base' }] },
        'a/b~c': { allOf: [{ $ref: '#/components/schemas/Base' }], description: 'a name to escape' },
      },
    },
    ...extra,
  };
}

/** Both scans on copies of `doc`: their results (or errors) and the documents after. */
function both(doc) {
  const run = (scan) => {
    const copy = structuredClone(doc);
    try {
      return { result: scan(copy, { silent: true }), doc: copy };
    } catch (err) {
      return { error: String(err) };
    }
  };
  return { theirs: run(scanDiscriminators), ours: run(discriminatorsOf) };
}

describe('discriminatorsOf', () => {
  it("gives scanDiscriminators' result and patches the document as it does", () => {
    const { theirs, ours } = both(document());
    // the document exercises the scan: discriminators found, members patched
    expect(Object.keys(theirs.result.objects).length).toBeGreaterThan(3);
    expect(theirs.result.refsHandled.length).toBeGreaterThan(2);
    expect(JSON.stringify(theirs.doc)).not.toBe(JSON.stringify(document()));
    expect(ours.result).toEqual(theirs.result);
    expect(JSON.stringify(ours.doc)).toBe(JSON.stringify(theirs.doc));
  });

  it('as scanDiscriminators when the document has what the skeleton does not model (a list item that is not an object)', () => {
    for (const odd of [
      { schemas: { Odd: { discriminator: { propertyName: 'k' }, oneOf: [null] } } },
      { schemas: { Odd: { allOf: ['text'] } } },
      { schemas: { Odd: { discriminator: { propertyName: 'k', mapping: 'text' }, oneOf: [] } } },
    ]) {
      const doc = document();
      Object.assign(doc.components.schemas, odd.schemas);
      const { theirs, ours } = both(doc);
      expect(ours).toEqual(theirs);
    }
  });

  it('on a document without a discriminator: nothing, the document unchanged', () => {
    const doc = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      components: { schemas: { A: { allOf: [{ $ref: '#/components/schemas/B' }] }, B: obj({}) } },
    };
    const { theirs, ours } = both(doc);
    expect(ours).toEqual(theirs);
    expect(ours.doc).toEqual(doc);
  });
});
