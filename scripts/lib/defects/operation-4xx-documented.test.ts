// capi/operation-4xx-documented: given a spec fragment, want these findings (moved from apps/conformance lint-rules.test.mjs).
import { type LintCase, lintTable, putOp } from './testing.ts';

const cases: LintCase[] = [
  { name: 'an operation addressed by path parameter documents no 404', given: (d) => delete putOp(d).responses[404], findings: 'some' },
  { name: 'the same operation with its 404 has none', given: () => {}, findings: [] },
];

lintTable('capi/operation-4xx-documented', cases);
