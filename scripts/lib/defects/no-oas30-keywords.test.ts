// capi/no-oas30-keywords: given a spec fragment, want these findings (moved from apps/conformance lint-rules.test.mjs).
import { expect } from 'vitest';
import { type LintCase, lintTable, putOp } from './testing.ts';

const cases: LintCase[] = [
  {
    name: '`nullable` in an OAS 3.1 schema',
    given: (d) => (d.components.schemas.Thing.properties.name.nullable = true),
    findings: ['#/components/schemas/Thing/properties/name/nullable'],
    actions: [
      { target: '$.components.schemas.Thing.properties.name.type', remove: true },
      { target: '$.components.schemas.Thing.properties.name', update: { type: ['string', 'null'] } },
      { target: '$.components.schemas.Thing.properties.name.nullable', remove: true },
    ],
    fixed: (d) => expect(d.components.schemas.Thing.properties.name).toEqual({ type: ['string', 'null'] }),
  },
  {
    name: '`nullable` beside a $ref',
    given: (d) => (putOp(d).responses[200].content['application/json'].schema.nullable = true),
    findings: ['#/paths/~1things~1{id}/put/responses/200/content/application~1json/schema/nullable'],
    actions: [
      {
        target: "$.paths['/things/{id}'].put.responses['200'].content['application/json'].schema",
        update: { anyOf: [{ $ref: '#/components/schemas/Thing' }, { type: 'null' }] },
      },
      { target: "$.paths['/things/{id}'].put.responses['200'].content['application/json'].schema['$ref']", remove: true },
      { target: "$.paths['/things/{id}'].put.responses['200'].content['application/json'].schema.nullable", remove: true },
    ],
  },
];

lintTable('capi/no-oas30-keywords', cases);
