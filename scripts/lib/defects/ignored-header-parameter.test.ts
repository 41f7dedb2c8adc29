// capi/ignored-header-parameter: given a spec fragment, want these findings and these actions
// (moved from apps/conformance lint-rules.test.mjs and scripts/test/lint/defect-kinds.test.mjs).
import { expect } from 'vitest';
import { getBase, getOp, type LintCase, lintTable } from './testing.ts';

const cases: LintCase[] = [
  {
    name: 'a bearer token documented as an Authorization header parameter (npr.org): removed, the scheme required',
    given: (d) => {
      d.components.securitySchemes = {
        oauth2: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://t.invalid/token', scopes: {} } } },
      };
      d.security = [{}];
      getOp(d).parameters.push({ name: 'Authorization', in: 'header', required: true, schema: { type: 'string' } });
    },
    findings: ['#/paths/~1things~1{id}/get/parameters/1'],
    actions: [
      { target: "$.paths['/things/{id}'].get.parameters[1]", remove: true },
      { target: "$.paths['/things/{id}'].get", update: { security: [{ oauth2: [] }] } },
    ],
    fixed: (d) => {
      expect(getOp(d).parameters.map((p: { name: string }) => p.name)).toEqual(['id']);
      expect(getOp(d).security).toEqual([{ oauth2: [] }]);
    },
  },
  {
    name: 'an ordinary header parameter: no finding',
    given: (d) => getOp(d).parameters.push({ name: 'X-Trace', in: 'header', schema: { type: 'string' } }),
    findings: [],
  },
];

lintTable('capi/ignored-header-parameter', cases, getBase);
