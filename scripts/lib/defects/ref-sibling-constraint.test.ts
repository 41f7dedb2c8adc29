// capi/ref-sibling-constraint: given a spec fragment, want these findings and these actions.
import { expect } from 'vitest';
import { type LintCase, lintTable, putBase, putOp } from './testing.ts';

/** The base as OAS 3.0 (the kind is about 3.0's rule that siblings of $ref are ignored). */
const base30 = () => ({ ...putBase(), openapi: '3.0.3' });
const bodySchema = (d: ReturnType<typeof putBase>) => putOp(d).requestBody.content['application/json'];

const cases: LintCase[] = [
  {
    // britbox.co.uk: `type: string` beside a $ref to an object: no body is valid
    name: 'type: string beside a $ref to an object schema',
    given: (d) => (bodySchema(d).schema = { $ref: '#/components/schemas/Thing', type: 'string' }),
    findings: ['#/paths/~1things~1{id}/put/requestBody/content/application~1json/schema/type'],
    actions: [{ target: "$.paths['/things/{id}'].put.requestBody.content['application/json'].schema.type", remove: true }],
    fixed: (d) => expect(bodySchema(d).schema).toEqual({ $ref: '#/components/schemas/Thing' }),
  },
  {
    name: 'a description and nullable beside a $ref are no finding',
    given: (d) => (bodySchema(d).schema = { $ref: '#/components/schemas/Thing', description: 'the thing', nullable: true }),
    findings: [],
  },
];

lintTable('capi/ref-sibling-constraint', cases, base30);
