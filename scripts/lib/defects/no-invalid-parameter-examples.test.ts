// no-invalid-parameter-examples (Redocly's rule): given the finding, want this action.
import { expect } from 'vitest';
import { type Doc, finding, type SuggestCase, suggestTable } from './testing.ts';

const doc = (): Doc => ({
  openapi: '3.1.0',
  paths: { '/customers/{id}': { put: { parameters: [{ name: 'id', in: 'path', schema: { type: 'integer' }, example: 'abc' }] } } },
});

const cases: SuggestCase[] = [
  {
    name: 'a path parameter whose example is no integer',
    doc,
    findings: [finding('no-invalid-parameter-examples', '#/paths/~1customers~1{id}/put/parameters/0/example')],
    actions: [{ target: "$.paths['/customers/{id}'].put.parameters[0].example", remove: true }],
    check: (_, fixed) =>
      expect(fixed.paths['/customers/{id}'].put.parameters[0]).toEqual({ name: 'id', in: 'path', schema: { type: 'integer' } }),
  },
  {
    name: 'a finding that names no example is left to a person',
    doc,
    findings: [finding('no-invalid-parameter-examples', '#/paths/~1customers~1{id}/put/parameters/0')],
    actions: [],
    check: (s) => expect(s.accept).toEqual([expect.objectContaining({ rule: 'no-invalid-parameter-examples', count: 1 })]),
  },
];

suggestTable('no-invalid-parameter-examples', cases);
