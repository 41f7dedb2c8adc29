// capi/closed-allof-part: given a spec fragment, want these findings and these actions (moved
// from apps/conformance lint-rules.test.mjs and scripts/test/lint/defect-kinds.test.mjs).
import { expect } from 'vitest';
import { type Doc, getBase, getOp, type LintCase, lintTable } from './testing.ts';

const schemas = (d: Doc) => d.components.schemas;

const cases: LintCase[] = [
  {
    // a closed allOf part whose sibling adds a property: no value with it is valid
    name: 'a closed part and a sibling that adds a property',
    given: (d) =>
      (schemas(d).Thing = {
        allOf: [
          { type: 'object', additionalProperties: false, properties: { name: { type: 'string' } } },
          { type: 'object', properties: { id: { type: 'string' } } },
        ],
      }),
    findings: 'some',
  },
  {
    name: 'an inline closed allOf part: the siblings\u2019 properties merged into it',
    given: (d) => {
      schemas(d).Thing.allOf[1] = { type: 'object', additionalProperties: false, properties: { name: { type: 'string' } } };
      schemas(d).Thing.allOf[0] = { $ref: '#/components/schemas/Base' };
    },
    findings: ['#/components/schemas/Thing/allOf/1'],
    actions: [{ target: '$.components.schemas.Thing.allOf[1]', update: { properties: { id: { type: 'string' } } } }],
    fixed: (d) => expect(schemas(d).Thing.allOf[1]).toMatchObject({ additionalProperties: false, properties: { name: {}, id: {} } }),
  },
  {
    name: 'a closed part referred to once: merged where it is defined',
    given: (d) => {
      schemas(d).Base.additionalProperties = false;
    },
    findings: ['#/components/schemas/Thing/allOf/0'],
    actions: [{ target: '$.components.schemas.Base', update: { properties: { name: { type: 'string' } } } }],
    fixed: (d) => expect(Object.keys(schemas(d).Base.properties)).toEqual(['id', 'name']),
  },
  {
    name: 'a shared closed part: this allOf gets its own merged copy, the other use keeps its shape',
    given: (d) => {
      schemas(d).Base.additionalProperties = false;
      getOp(d).responses[400] = {
        description: 'bad',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Base' } } },
      };
    },
    findings: ['#/components/schemas/Thing/allOf/0'],
    actions: [
      { target: "$.components.schemas.Thing.allOf[0]['$ref']", remove: true },
      {
        target: '$.components.schemas.Thing.allOf[0]',
        update: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } }, additionalProperties: false },
      },
    ],
    fixed: (d) => {
      expect(Object.keys(schemas(d).Base.properties)).toEqual(['id']);
      expect(schemas(d).Thing.allOf[0].$ref).toBeUndefined();
    },
  },
  {
    name: 'a sibling that admits unnamed properties: the closed part is opened',
    given: (d) => {
      schemas(d).Thing.allOf[1] = { type: 'object', properties: { name: { type: 'string' } }, additionalProperties: { type: 'string' } };
      schemas(d).Thing.allOf.push({ type: 'object', additionalProperties: false, properties: { id: { type: 'string' } } });
      schemas(d).Thing.allOf.shift();
    },
    findings: ['#/components/schemas/Thing/allOf/1'],
    actions: [{ target: '$.components.schemas.Thing.allOf[1].additionalProperties', remove: true }],
    fixed: (d) => expect(schemas(d).Thing.allOf[1].additionalProperties).toBeUndefined(),
  },
];

lintTable('capi/closed-allof-part', cases, getBase);
