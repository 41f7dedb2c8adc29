// capi/transport-response-header: given a spec fragment, want these findings and these actions
// (moved from apps/conformance lint-rules.test.mjs and scripts/test/lint/defect-kinds.test.mjs).
import { expect } from 'vitest';
import { getBase, getOp, type LintCase, lintTable } from './testing.ts';

const ok200 = (d: ReturnType<typeof getBase>) => getOp(d).responses[200];

const cases: LintCase[] = [
  {
    // transport-level headers copied from a captured exchange: a mock sending them back breaks the answer
    name: 'Transfer-Encoding beside a header a client reads',
    given: (d) => (ok200(d).headers = { 'Transfer-Encoding': { schema: { type: 'string' } }, 'X-Id': { schema: { type: 'string' } } }),
    findings: 'some',
  },
  {
    name: 'Transfer-Encoding and Content-Length copied from a captured exchange',
    given: (d) =>
      Object.assign(ok200(d).headers, {
        'Transfer-Encoding': { schema: { type: 'string' } },
        'Content-Length': { schema: { type: 'integer' } },
      }),
    findings: ['#/paths/~1things~1{id}/get/responses/200/headers/Transfer-Encoding'],
    actions: [
      { target: "$.paths['/things/{id}'].get.responses['200'].headers['Transfer-Encoding']", remove: true },
      { target: "$.paths['/things/{id}'].get.responses['200'].headers['Content-Length']", remove: true },
    ],
    fixed: (d) => expect(Object.keys(ok200(d).headers)).toEqual(['X-Request-Id']),
  },
  {
    name: 'connection and keep-alive (any case) on a shared response',
    given: (d) => {
      d.components.responses = { Gone: { description: 'gone', headers: { connection: { schema: { type: 'string' } } } } };
      getOp(d).responses[410] = { $ref: '#/components/responses/Gone' };
    },
    findings: ['#/components/responses/Gone/headers/connection'],
    actions: [{ target: '$.components.responses.Gone.headers.connection', remove: true }],
    fixed: (d) => expect(d.components.responses.Gone.headers).toEqual({}),
  },
];

lintTable('capi/transport-response-header', cases, getBase);
