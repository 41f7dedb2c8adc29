// capi/bodiless-method-request-body: given a spec fragment, want these findings and these actions.
import { expect } from 'vitest';
import { getBase, getOp, type LintCase, lintTable } from './testing.ts';

const body = { required: true, content: { 'application/json': { schema: { type: 'object', properties: { q: { type: 'string' } } } } } };

const cases: LintCase[] = [
  {
    // azure.com/mysql-QueryPerformanceInsights: a required body on a GET list operation
    name: 'a required request body on GET',
    given: (d) => (getOp(d).requestBody = structuredClone(body)),
    findings: ['#/paths/~1things~1{id}/get/requestBody'],
    actions: [{ target: "$.paths['/things/{id}'].get.requestBody", remove: true }],
    fixed: (d) => expect(getOp(d).requestBody).toBeUndefined(),
  },
  {
    name: 'a shared request body on HEAD: the reference removed, the shared body stays',
    given: (d) => {
      d.components.requestBodies = { Query: structuredClone(body) };
      d.paths['/things/{id}'].head = {
        operationId: 'headThing',
        summary: 'Head',
        parameters: getOp(d).parameters,
        requestBody: { $ref: '#/components/requestBodies/Query' },
        responses: { 200: { description: 'exists' }, 401: { description: 'no auth' }, 404: { description: 'none' } },
      };
    },
    findings: ['#/paths/~1things~1{id}/head/requestBody'],
    actions: [{ target: "$.paths['/things/{id}'].head.requestBody", remove: true }],
    fixed: (d) => {
      expect(d.paths['/things/{id}'].head.requestBody).toBeUndefined();
      expect(d.components.requestBodies.Query).toBeDefined();
    },
  },
  {
    name: 'a GET without a body',
    given: () => {},
    findings: [],
  },
];

lintTable('capi/bodiless-method-request-body', cases, getBase);
