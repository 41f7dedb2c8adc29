// capi/operation-401-documented: given a spec fragment, want these findings (moved from apps/conformance lint-rules.test.mjs).
import { type LintCase, lintTable, putOp } from './testing.ts';

const cases: LintCase[] = [
  { name: 'an operation that requires credentials documents no 401', given: (d) => delete putOp(d).responses[401], findings: 'some' },
  {
    name: 'a 401 to document (its description a placeholder a person writes)',
    given: (d) => delete putOp(d).responses[401],
    findings: ['#/paths/~1things~1{id}/put/responses'],
    actions: [{ target: "$.paths['/things/{id}'].put.responses", update: { 401: { description: 'Missing or invalid credentials.' } } }],
  },
  { name: 'the same operation with its 401 has none', given: () => {}, findings: [] },
];

lintTable('capi/operation-401-documented', cases);
