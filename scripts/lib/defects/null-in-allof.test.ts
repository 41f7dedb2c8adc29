// capi/null-in-allof: given a spec fragment, want these findings and these actions.
import { expect } from 'vitest';
import { type LintCase, lintTable } from './testing.ts';

const cases: LintCase[] = [
  {
    // codat.io/accounting: a nullable reference written as an allOf with null
    name: "`allOf: [{ $ref }, { type: 'null' }]` becomes the reference or null",
    given: (d) => {
      d.components.schemas.Currency = { type: 'string', description: 'ISO 4217' };
      d.components.schemas.Thing.properties.currency = { allOf: [{ $ref: '#/components/schemas/Currency' }, { type: 'null' }] };
    },
    findings: ['#/components/schemas/Thing/properties/currency/allOf'],
    actions: [
      {
        target: '$.components.schemas.Thing.properties.currency',
        update: { anyOf: [{ $ref: '#/components/schemas/Currency' }, { type: 'null' }] },
      },
      { target: '$.components.schemas.Thing.properties.currency.allOf', remove: true },
    ],
    fixed: (d) =>
      expect(d.components.schemas.Thing.properties.currency).toEqual({
        anyOf: [{ $ref: '#/components/schemas/Currency' }, { type: 'null' }],
      }),
  },
  {
    name: 'several other members stay an allOf, as the first branch',
    given: (d) =>
      (d.components.schemas.Thing.properties.due = {
        allOf: [{ description: 'when it is due' }, { type: 'string', format: 'date' }, { type: 'null' }],
      }),
    findings: ['#/components/schemas/Thing/properties/due/allOf'],
    actions: [
      {
        target: '$.components.schemas.Thing.properties.due',
        update: { anyOf: [{ allOf: [{ description: 'when it is due' }, { type: 'string', format: 'date' }] }, { type: 'null' }] },
      },
      { target: '$.components.schemas.Thing.properties.due.allOf', remove: true },
    ],
    fixed: (d) =>
      expect(d.components.schemas.Thing.properties.due).toEqual({
        anyOf: [{ allOf: [{ description: 'when it is due' }, { type: 'string', format: 'date' }] }, { type: 'null' }],
      }),
  },
  {
    name: 'an allOf with null whose other members admit null (untyped, nullable, or typed with null) is no finding',
    given: (d) => {
      d.components.schemas.Loose = { description: 'anything' };
      d.components.schemas.Thing.properties.a = { allOf: [{ $ref: '#/components/schemas/Loose' }, { type: 'null' }] };
      d.components.schemas.Thing.properties.b = { allOf: [{ type: ['string', 'null'] }, { type: 'null' }] };
      d.components.schemas.Thing.properties.c = { allOf: [{ type: 'string' }, { type: 'null', minLength: 1 }] };
    },
    findings: [],
  },
];

lintTable('capi/null-in-allof', cases);
