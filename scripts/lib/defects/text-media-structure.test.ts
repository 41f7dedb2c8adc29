// capi/text-media-structure: given a spec fragment, want these findings and these actions.
import { expect } from 'vitest';
import { getBase, getOp, type LintCase, lintTable } from './testing.ts';

const errorObject = {
  description: 'Error response',
  type: 'object',
  properties: { code: { type: 'string' }, message: { type: 'string' } },
};

const cases: LintCase[] = [
  {
    // azure.com/automation-runbook: the runbook content's default error, an object as text/powershell
    name: 'a response documented only as a text media type, with an object schema',
    given: (d) =>
      (getOp(d).responses.default = { description: 'error', content: { 'text/powershell': { schema: structuredClone(errorObject) } } }),
    findings: ['#/paths/~1things~1{id}/get/responses/default/content/text~1powershell'],
    actions: [
      { target: "$.paths['/things/{id}'].get.responses.default.content['text/powershell'].schema", remove: true },
      {
        target: "$.paths['/things/{id}'].get.responses.default.content['text/powershell']",
        update: { schema: { type: 'string', description: 'Error response' } },
      },
    ],
    fixed: (d) =>
      expect(getOp(d).responses.default.content['text/powershell']).toEqual({ schema: { type: 'string', description: 'Error response' } }),
  },
  {
    name: 'an array by $ref as text/csv',
    given: (d) => {
      d.components.schemas.Rows = { type: 'array', items: { type: 'string' } };
      getOp(d).responses[200].content = { 'text/csv': { schema: { $ref: '#/components/schemas/Rows' } } };
    },
    findings: ['#/paths/~1things~1{id}/get/responses/200/content/text~1csv'],
    actions: [
      { target: "$.paths['/things/{id}'].get.responses['200'].content['text/csv'].schema", remove: true },
      { target: "$.paths['/things/{id}'].get.responses['200'].content['text/csv']", update: { schema: { type: 'string' } } },
    ],
  },
  {
    name: 'text beside JSON (.NET: text/plain, application/json, text/json), XML, an event stream and a string schema are no finding',
    given: (d) => {
      getOp(d).responses[401].content = { 'text/event-stream': { schema: structuredClone(errorObject) } };
      getOp(d).responses[200].content['text/plain'] = { schema: { $ref: '#/components/schemas/Thing' } };
      getOp(d).responses[400].content = { 'text/xml': { schema: structuredClone(errorObject) } };
      getOp(d).responses[404].content = { 'text/plain': { schema: { type: 'string' } } };
    },
    findings: [],
  },
];

lintTable('capi/text-media-structure', cases, getBase);
