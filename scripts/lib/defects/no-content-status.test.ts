// capi/no-content-status: given a spec fragment, want these findings (moved from apps/conformance lint-rules.test.mjs).
import { type LintCase, lintTable, putOp } from './testing.ts';

const cases: LintCase[] = [
  {
    // a 205 that documents a body (gitea.io): no client ever receives one
    name: 'a 205 that documents a body',
    given: (d) => (putOp(d).responses[205] = { description: 'reset', content: { 'application/json': { schema: { type: 'object' } } } }),
    findings: 'some',
  },
];

lintTable('capi/no-content-status', cases);
