// capi/head-response-content: given a spec fragment, want these findings and these actions.
import { expect } from 'vitest';
import { getBase, getOp, type LintCase, lintTable } from './testing.ts';

const errorBody = {
  description: 'error',
  content: { 'application/json': { schema: { type: 'object', properties: { code: { type: 'string' } } } } },
};
/** The base's GET as a HEAD too (same responses), given `responses`. */
const head = (d: ReturnType<typeof getBase>, responses: Record<string, unknown>) =>
  (d.paths['/things/{id}'].head = { operationId: 'headThing', summary: 'Head', parameters: getOp(d).parameters, responses });

const cases: LintCase[] = [
  {
    // Azure: a HEAD whose default error documents a body
    name: 'a default error body on HEAD',
    given: (d) =>
      head(d, {
        200: { description: 'exists' },
        401: { description: 'no auth' },
        404: { description: 'none' },
        default: structuredClone(errorBody),
      }),
    findings: ['#/paths/~1things~1{id}/head/responses/default/content'],
    actions: [{ target: "$.paths['/things/{id}'].head.responses.default.content", remove: true }],
    fixed: (d) => expect(d.paths['/things/{id}'].head.responses.default).toEqual({ description: 'error' }),
  },
  {
    // the same response shared with the GET (through a $ref): only the HEAD's changes
    name: 'a shared response: the HEAD gets its own without content, the GET keeps its body',
    given: (d) => {
      d.components.responses = { Error: { ...structuredClone(errorBody), headers: { 'X-Request-Id': { schema: { type: 'string' } } } } };
      getOp(d).responses.default = { $ref: '#/components/responses/Error' };
      head(d, {
        200: { description: 'exists' },
        401: { description: 'no auth' },
        404: { description: 'none' },
        default: { $ref: '#/components/responses/Error' },
      });
    },
    findings: ['#/paths/~1things~1{id}/head/responses/default'],
    actions: [
      { target: "$.paths['/things/{id}'].head.responses.default['$ref']", remove: true },
      {
        target: "$.paths['/things/{id}'].head.responses.default",
        update: { description: 'error', headers: { 'X-Request-Id': { schema: { type: 'string' } } } },
      },
    ],
    fixed: (d) => {
      expect(d.paths['/things/{id}'].head.responses.default).toEqual({
        description: 'error',
        headers: { 'X-Request-Id': { schema: { type: 'string' } } },
      });
      expect(getOp(d).responses.default).toEqual({ $ref: '#/components/responses/Error' });
    },
  },
  {
    name: 'a GET with the same body is no finding',
    given: (d) => (getOp(d).responses.default = structuredClone(errorBody)),
    findings: [],
  },
];

lintTable('capi/head-response-content', cases, getBase);
