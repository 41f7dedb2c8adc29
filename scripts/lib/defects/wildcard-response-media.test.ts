// capi/wildcard-response-media: given a spec fragment, want these findings and these actions.
import { expect } from 'vitest';
import { getBase, getOp, type LintCase, lintTable } from './testing.ts';

const thing = { $ref: '#/components/schemas/Thing' };
const at = "$.paths['/things/{id}'].get.responses['200'].content";

const cases: LintCase[] = [
  {
    // googleapis.com/servicebroker: every response documented as */* with an object schema
    name: 'an object schema under */* only',
    given: (d) => (getOp(d).responses[200].content = { '*/*': { schema: thing } }),
    findings: ['#/paths/~1things~1{id}/get/responses/200/content/*~1*'],
    actions: [
      { target: at, update: { 'application/json': { schema: thing } } },
      { target: `${at}['*/*']`, remove: true },
    ],
    fixed: (d) => expect(getOp(d).responses[200].content).toEqual({ 'application/json': { schema: thing } }),
  },
  {
    name: 'an array under application/* only',
    given: (d) => (getOp(d).responses[200].content = { 'application/*': { schema: { type: 'array', items: thing } } }),
    findings: ['#/paths/~1things~1{id}/get/responses/200/content/application~1*'],
    actions: [
      { target: at, update: { 'application/json': { schema: { type: 'array', items: thing } } } },
      { target: `${at}['application/*']`, remove: true },
    ],
    fixed: (d) => expect(Object.keys(getOp(d).responses[200].content)).toEqual(['application/json']),
  },
  {
    name: 'a string under */* is no finding (text or bytes: the range may be what the API means)',
    given: (d) => (getOp(d).responses[200].content = { '*/*': { schema: { type: 'string' } } }),
    findings: [],
  },
  {
    name: '*/* beside application/json is no finding (JSON is documented)',
    given: (d) => (getOp(d).responses[200].content = { 'application/json': { schema: thing }, '*/*': { schema: thing } }),
    findings: [],
  },
];

lintTable('capi/wildcard-response-media', cases, getBase);
