// capi/path-param-empty-value: given a spec fragment, want these findings and these actions
// (moved from apps/conformance lint-rules.test.mjs and scripts/test/lint/defect-kinds.test.mjs).
import { expect } from 'vitest';
import { getBase, getOp, type LintCase, lintTable } from './testing.ts';

const cases: LintCase[] = [
  {
    name: "a path parameter whose enum admits '' (cpy.re peertube: '' for no filter)",
    given: (d) => {
      getOp(d).parameters[0].schema = { type: 'string', enum: ['', 'active', '..'] };
    },
    findings: ['#/paths/~1things~1{id}/get/parameters/0/schema/enum'],
    actions: [
      { target: "$.paths['/things/{id}'].get.parameters[0].schema.enum", remove: true },
      { target: "$.paths['/things/{id}'].get.parameters[0].schema", update: { enum: ['active'] } },
    ],
    fixed: (d) => expect(getOp(d).parameters[0].schema.enum).toEqual(['active']),
  },
  {
    name: 'a path parameter whose enum has no value that changes the path: no finding',
    given: (d) => {
      getOp(d).parameters[0].schema = { type: 'string', enum: ['active', 'done'] };
    },
    findings: [],
  },
];

lintTable('capi/path-param-empty-value', cases, getBase);
