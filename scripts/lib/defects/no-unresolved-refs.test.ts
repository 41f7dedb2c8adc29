// no-unresolved-refs at a discriminator mapping entry: given the finding, want this action. (The
// entries that name missing files are found before bundling: scripts/test/lint/defect-kinds.test.mjs.)
import { expect } from 'vitest';
import { type Doc, finding, type SuggestCase, suggestTable } from './testing.ts';

const doc = (): Doc => ({
  openapi: '3.1.0',
  paths: {},
  components: {
    schemas: {
      Pet: {
        type: 'object',
        discriminator: { propertyName: 'kind', mapping: { cat: '#/components/schemas/Cat', fish: 'Fish', dog: 'dog' } },
        oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
      },
      Cat: { type: 'object' },
      Dog: { type: 'object' },
    },
  },
});
const at = (key: string) => `#/components/schemas/Pet/discriminator/mapping/${key}`;
const MESSAGE = "Discriminator mapping value 'Fish' does not point to an existing schema component.";

const cases: SuggestCase[] = [
  {
    name: 'a schema name the document does not have: the entry removed',
    doc,
    findings: [finding('no-unresolved-refs', at('fish'), MESSAGE)],
    actions: [{ target: '$.components.schemas.Pet.discriminator.mapping.fish', remove: true }],
    check: (s, fixed) => {
      expect(s.actions[0]['x-fixes']).toEqual(['no-unresolved-refs']);
      expect(Object.keys(fixed.components.schemas.Pet.discriminator.mapping)).toEqual(['cat', 'dog']);
    },
  },
  {
    name: 'a name that denotes a schema in another case: rewritten to that component',
    doc,
    findings: [finding('no-unresolved-refs', at('dog'), MESSAGE)],
    actions: [{ target: '$.components.schemas.Pet.discriminator.mapping', update: { dog: '#/components/schemas/Dog' } }],
  },
  {
    name: 'any other unresolved reference gets no action (the rule is accepted)',
    doc,
    findings: [finding('no-unresolved-refs', '#/components/schemas/Cat/properties/x', "Can't resolve $ref")],
    actions: [],
    check: (s) => expect(s.accept).toEqual([expect.objectContaining({ rule: 'no-unresolved-refs', count: 1 })]),
  },
];

suggestTable('no-unresolved-refs', cases);
