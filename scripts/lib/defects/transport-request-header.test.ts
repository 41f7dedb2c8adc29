// capi/transport-request-header: given a spec fragment, want these findings and these actions
// (moved from apps/conformance lint-rules.test.mjs and scripts/test/lint/defect-kinds.test.mjs).
import { expect } from 'vitest';
import { getBase, getOp, type LintCase, lintTable } from './testing.ts';

const cases: LintCase[] = [
  {
    // a transport-level header as a request header parameter: no client can send it as documented
    name: 'a required Content-Length request header',
    given: (d) => getOp(d).parameters.push({ name: 'Content-Length', in: 'header', required: true, schema: { type: 'integer' } }),
    findings: 'some',
  },
  {
    name: 'Content-Length documented as a required request header parameter (cpy.re peertube)',
    given: (d) => {
      const get = getOp(d);
      get.parameters.push({ $ref: '#/components/parameters/Length' }, { name: 'X-Trace', in: 'header', schema: { type: 'string' } });
      d.components.parameters = { Length: { name: 'Content-Length', in: 'header', required: true, schema: { type: 'integer' } } };
      d.paths['/things/{id}'].parameters = [{ name: 'transfer-encoding', in: 'header', schema: { type: 'string' } }];
    },
    findings: ['#/paths/~1things~1{id}/get/parameters/1'],
    actions: [
      { target: "$.paths['/things/{id}'].parameters[0]", remove: true },
      { target: "$.paths['/things/{id}'].get.parameters[1]", remove: true },
    ],
    fixed: (d) => {
      expect(getOp(d).parameters.map((p: { name: string }) => p.name)).toEqual(['id', 'X-Trace']);
      expect(d.paths['/things/{id}'].parameters).toEqual([]);
    },
  },
];

lintTable('capi/transport-request-header', cases, getBase);
