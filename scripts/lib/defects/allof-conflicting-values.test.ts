// capi/allof-conflicting-values: given a spec fragment, want these findings and these actions.
import { expect } from 'vitest';
import { type LintCase, lintTable } from './testing.ts';

const status = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['success', 'error'] }, note: { type: 'string' } },
};

const cases: LintCase[] = [
  {
    // motaword.com: a shared OperationStatus narrowed in an allOf to a value it does not allow
    name: 'a shared enum narrowed to a value outside it: the shared member copied in without that property',
    given: (d) => {
      d.components.schemas.OperationStatus = status;
      d.components.schemas.Thing.properties.outcome = {
        allOf: [
          { $ref: '#/components/schemas/OperationStatus' },
          { type: 'object', properties: { status: { type: 'string', enum: ['already_confirmed'] } } },
        ],
      };
    },
    findings: ['#/components/schemas/Thing/properties/outcome/allOf'],
    actions: [
      { target: '$.components.schemas.Thing.properties.outcome.allOf', remove: true },
      {
        target: '$.components.schemas.Thing.properties.outcome',
        update: {
          allOf: [
            { type: 'object', required: ['status'], properties: { note: { type: 'string' } } },
            { type: 'object', properties: { status: { type: 'string', enum: ['already_confirmed'] } } },
          ],
        },
      },
    ],
    fixed: (d) => {
      expect(d.components.schemas.Thing.properties.outcome.allOf[0].properties).toEqual({ note: { type: 'string' } });
      expect(d.components.schemas.OperationStatus, 'the shared component stays as it is').toEqual(status);
    },
  },
  {
    name: 'a const against another const, and a string against an integer: both found in one allOf',
    given: (d) =>
      (d.components.schemas.Thing.properties.pair = {
        allOf: [
          { type: 'object', properties: { kind: { const: 'a' }, size: { type: 'string' } } },
          { type: 'object', properties: { kind: { const: 'b' }, size: { type: 'integer' } } },
        ],
      }),
    findings: ['#/components/schemas/Thing/properties/pair/allOf'],
    actions: [
      { target: '$.components.schemas.Thing.properties.pair.allOf', remove: true },
      {
        target: '$.components.schemas.Thing.properties.pair',
        update: {
          allOf: [
            { type: 'object', properties: {} },
            { type: 'object', properties: { kind: { const: 'b' }, size: { type: 'integer' } } },
          ],
        },
      },
    ],
  },
  {
    name: 'members that narrow without conflict (an enum within the other, an integer within a number, an untyped one) are no finding',
    given: (d) => {
      d.components.schemas.OperationStatus = status;
      d.components.schemas.Thing.properties.fine = {
        allOf: [
          { $ref: '#/components/schemas/OperationStatus' },
          { type: 'object', properties: { status: { enum: ['success'] }, note: { description: 'any' } } },
          { type: 'object', properties: { count: { type: 'number' } } },
          { type: 'object', properties: { count: { type: 'integer' } } },
        ],
      };
    },
    findings: [],
  },
];

lintTable('capi/allof-conflicting-values', cases);
