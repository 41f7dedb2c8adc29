// capi/informational-response: given a spec fragment, want these findings and these actions.
import { expect } from 'vitest';
import { getBase, getOp, type LintCase, lintTable } from './testing.ts';

const cases: LintCase[] = [
  {
    // edrv.io's /v1/realtime: a WebSocket endpoint documented by its 101 alone
    name: 'an operation that documents only 101 Switching Protocols is removed',
    given: (d) =>
      (d.paths['/realtime'] = {
        get: { operationId: 'getRealtime', summary: 'Realtime', responses: { 101: { description: 'Upgrade connection' } } },
      }),
    findings: ['#/paths/~1realtime/get/responses'],
    actions: [{ target: "$.paths['/realtime'].get", remove: true }],
    fixed: (d) => {
      expect(d.paths['/realtime']).toEqual({});
      expect(getOp(d).responses[200]).toBeDefined();
    },
  },
  {
    name: 'a 100 beside the final responses: only the 100 is removed',
    given: (d) => (getOp(d).responses[100] = { description: 'continue' }),
    findings: ['#/paths/~1things~1{id}/get/responses/100'],
    actions: [{ target: "$.paths['/things/{id}'].get.responses['100']", remove: true }],
    fixed: (d) => expect(Object.keys(getOp(d).responses)).toEqual(['200', '400', '401', '404']),
  },
  {
    name: 'final statuses only: no finding',
    given: () => {},
    findings: [],
  },
];

lintTable('capi/informational-response', cases, getBase);
