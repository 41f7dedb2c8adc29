// capi/operation-4xx-documented: given a spec fragment, want these findings (moved from apps/conformance lint-rules.test.mjs).
import { type LintCase, lintTable, putOp } from './testing.ts';

const cases: LintCase[] = [
  { name: 'an operation addressed by path parameter documents no 404', given: (d) => delete putOp(d).responses[404], findings: 'some' },
  {
    name: 'a 404 to document (its description a placeholder a person writes)',
    given: (d) => delete putOp(d).responses[404],
    findings: ['#/paths/~1things~1{id}/put/responses'],
    actions: [{ target: "$.paths['/things/{id}'].put.responses", update: { 404: { description: 'No such resource.' } } }],
  },
  { name: 'the same operation with its 404 has none', given: () => {}, findings: [] },
];

lintTable('capi/operation-4xx-documented', cases);
