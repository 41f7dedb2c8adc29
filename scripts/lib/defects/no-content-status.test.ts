// capi/no-content-status: given a spec fragment, want these findings (moved from apps/conformance lint-rules.test.mjs).
import { expect } from 'vitest';
import { type LintCase, lintTable, putOp } from './testing.ts';

const cases: LintCase[] = [
  {
    // a 205 that documents a body (gitea.io): no client ever receives one
    name: 'a 205 that documents a body',
    given: (d) => (putOp(d).responses[205] = { description: 'reset', content: { 'application/json': { schema: { type: 'object' } } } }),
    findings: ['#/paths/~1things~1{id}/put/responses/205/content'],
    actions: [{ target: "$.paths['/things/{id}'].put.responses['205'].content", remove: true }],
    fixed: (d) => expect(putOp(d).responses[205]).toEqual({ description: 'reset' }),
  },
];

lintTable('capi/no-content-status', cases);
