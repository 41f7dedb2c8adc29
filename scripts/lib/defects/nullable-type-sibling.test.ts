// nullable-type-sibling (Redocly's rule): given a spec fragment, want this finding and this action
// (moved from scripts/test/lint/defect-kinds.test.mjs).
import { expect } from 'vitest';
import { getBase, type LintCase, lintTable } from './testing.ts';

const cases: LintCase[] = [
  {
    name: 'OAS 3.0 nullable beside an allOf without a type (cpy.re peertube): what generation asks for',
    given: (d) => {
      d.openapi = '3.0.3';
      d.components.schemas.Thing.nullable = true;
    },
    findings: ['#/components/schemas/Thing/nullable'],
    actions: [{ target: '$..[?(@.nullable == true && !@.type)].nullable', remove: true }],
    fixed: (d) => expect(d.components.schemas.Thing.nullable).toBeUndefined(),
  },
];

lintTable('nullable-type-sibling', cases, getBase);
