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
  {
    // a response shared with a 200 (gitea.io's NotificationThreadList): only the 204 changes, its headers kept
    name: 'a shared response: the 204 gets its own without content, the 200 keeps its body',
    given: (d) => {
      d.components = {
        ...d.components,
        responses: {
          Thing: {
            description: 'the thing',
            headers: { 'X-Request-Id': { schema: { type: 'string' } } },
            content: { 'application/json': { schema: { type: 'object' } } },
          },
        },
      };
      putOp(d).responses[200] = { $ref: '#/components/responses/Thing' };
      putOp(d).responses[204] = { $ref: '#/components/responses/Thing' };
    },
    findings: ['#/paths/~1things~1{id}/put/responses/204'],
    actions: [
      { target: "$.paths['/things/{id}'].put.responses['204']['$ref']", remove: true },
      {
        target: "$.paths['/things/{id}'].put.responses['204']",
        update: { description: 'the thing', headers: { 'X-Request-Id': { schema: { type: 'string' } } } },
      },
    ],
    fixed: (d) => {
      expect(putOp(d).responses[204]).toEqual({ description: 'the thing', headers: { 'X-Request-Id': { schema: { type: 'string' } } } });
      expect(putOp(d).responses[200]).toEqual({ $ref: '#/components/responses/Thing' });
    },
  },
];

lintTable('capi/no-content-status', cases);
