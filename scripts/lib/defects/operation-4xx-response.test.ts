// operation-4xx-response (Redocly's rule): given the findings, want these actions.
import { expect } from 'vitest';
import { MAX_PER_OPERATION_ACTIONS } from './operation-4xx-documented.ts';
import { type Doc, finding, type SuggestCase, suggestTable } from './testing.ts';

const doc = (): Doc => ({ openapi: '3.1.0', paths: { '/customers/{id}': { put: { responses: { 200: { description: 'ok' } } } } } });
const NONE = 'Operation must have at least one `4XX` response.';
const ptr = '#/paths/~1customers~1{id}/put/responses';

const cases: SuggestCase[] = [
  {
    name: 'an operation without any 4xx gets a 400 whose description a person writes',
    doc,
    findings: [finding('operation-4xx-response', ptr, NONE)],
    actions: [{ target: "$.paths['/customers/{id}'].put.responses", update: { 400: { description: 'Invalid request.' } } }],
    check: (s, fixed) => {
      expect(s.actions[0].description).toMatch(/^TODO: why you document 400 here/);
      expect(Object.keys(fixed.paths['/customers/{id}'].put.responses)).toEqual(['200', '400']);
    },
  },
  {
    name: `more than ${MAX_PER_OPERATION_ACTIONS} findings: accepting the rule is suggested instead`,
    doc,
    findings: Array.from({ length: MAX_PER_OPERATION_ACTIONS + 1 }, () => finding('operation-4xx-response', ptr, NONE)),
    actions: [],
    check: (s) =>
      expect(s.accept).toEqual([expect.objectContaining({ rule: 'operation-4xx-response', count: MAX_PER_OPERATION_ACTIONS + 1 })]),
  },
];

suggestTable('operation-4xx-response', cases);
