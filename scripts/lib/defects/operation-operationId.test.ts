// operation-operationId (Redocly's rule): given an operation without an operationId, want the
// action that names it after its method and path, unique in the document.
import { expect } from 'vitest';
import { finding, type LintCase, lintTable, putBase, putOp, type SuggestCase, suggestTable } from './testing.ts';

const cases: LintCase[] = [
  {
    name: 'an operation without an operationId is named after its method and path (a parameter as By<Name>)',
    given: (d) => {
      delete putOp(d).operationId;
    },
    findings: ['#/paths/~1things~1{id}/put/operationId'],
    actions: [{ target: "$.paths['/things/{id}'].put", update: { operationId: 'putThingsById' } }],
    fixed: (d) => expect(putOp(d).operationId).toBe('putThingsById'),
  },
  {
    name: 'a name another operation holds already gets a number: every operationId stays unique',
    given: (d) => {
      delete putOp(d).operationId;
      d.paths['/things-by-id'] = { put: { ...structuredClone(putOp(d)), operationId: 'putThingsById', parameters: [] } };
    },
    findings: ['#/paths/~1things~1{id}/put/operationId'],
    actions: [{ target: "$.paths['/things/{id}'].put", update: { operationId: 'putThingsById2' } }],
    fixed: (d) => expect(putOp(d).operationId).toBe('putThingsById2'),
  },
  {
    name: 'an operation with its operationId: no finding',
    given: () => {},
    findings: [],
  },
];

lintTable('operation-operationId', cases);

const many: SuggestCase[] = [
  {
    name: 'more than 25 operations without one: accepting the rule is suggested instead of 26 names',
    doc: () => putBase(),
    findings: Array.from({ length: 26 }, (_, i) => finding('operation-operationId', `#/paths/~1extra${i}/get/operationId`)),
    check: (s) => {
      expect(s.actions).toEqual([]);
      expect(s.accept).toEqual([expect.objectContaining({ rule: 'operation-operationId', count: 26 })]);
    },
  },
];

suggestTable('operation-operationId', many);
