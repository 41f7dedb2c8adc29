// walkSchemaAt: the spec model's schema walk from one schema (the contract harness judges a
// response's schema with it): every schema inside, local $refs followed to their targets, each
// location once, cycles ended, values (examples, enums) never entered.
import { describe, expect, it } from 'vitest';
import { formatPointer } from '../../lib/spec/json-pointer.ts';
import { walkSchemaAt } from '../../lib/spec/schema-walk.ts';

const doc = {
  components: {
    schemas: {
      Node: {
        type: 'object',
        properties: { child: { $ref: '#/components/schemas/Node' }, tags: { type: 'array', items: { type: 'string', pattern: '^a' } } },
        allOf: [{ $ref: '#/components/schemas/Base' }],
        example: { properties: { not: 'a schema' } },
      },
      Base: { type: 'object', additionalProperties: { enum: [1] } },
      Other: { type: 'string' },
    },
  },
};

describe('walkSchemaAt', () => {
  it('visits the schema at the pointer and every schema inside it, following $refs, once per location', () => {
    const seen = [];
    walkSchemaAt(doc, '#/components/schemas/Node', (_node, at) => seen.push(formatPointer(at)));
    expect(seen.sort()).toEqual(
      [
        '#/components/schemas/Node',
        '#/components/schemas/Node/properties/child',
        '#/components/schemas/Node/properties/tags',
        '#/components/schemas/Node/properties/tags/items',
        '#/components/schemas/Node/allOf/0',
        '#/components/schemas/Base',
        '#/components/schemas/Base/additionalProperties',
      ].sort(),
    );
  });

  it('visits nothing where the pointer names no schema', () => {
    const seen = [];
    walkSchemaAt(doc, '#/components/schemas/Missing', (_node, at) => seen.push(at));
    expect(seen).toEqual([]);
  });
});
