// security-defined (Redocly's rule): given the findings on a spec, want these actions (moved from
// scripts/test/lint/lint-hints.test.mjs).
import { expect } from 'vitest';
import { type Doc, finding, type SuggestCase, suggestTable } from './testing.ts';

const doc = (securitySchemes?: Record<string, unknown>): Doc => ({
  openapi: '3.1.0',
  paths: { '/customers/{id}': { put: { responses: {} } }, "/it's": { get: { responses: {} } } },
  components: { schemas: {}, ...(securitySchemes ? { securitySchemes } : {}) },
});

const cases: SuggestCase[] = [
  {
    name: 'states anonymous calls once for a spec without any security requirement',
    doc: () => doc(),
    findings: [finding('security-defined', '#/paths/~1customers~1{id}/put'), finding('security-defined', "#/paths/~1it's/get")],
    check: (s, fixed) => {
      expect(s.actions).toHaveLength(1);
      expect(fixed.security).toEqual([{}]);
    },
  },
  {
    name: 'applies the schemes a spec defines but requires nowhere, one alternative each, instead of making its calls anonymous',
    doc: () =>
      doc({
        ApiKey: { type: 'apiKey', in: 'header', name: 'X-Key' },
        Digest: { type: 'http', scheme: 'digest' },
        Basic: { type: 'http', scheme: 'basic' },
      }),
    findings: [
      finding(
        'security-defined',
        '#/paths/~1customers~1{id}/put',
        'Every operation should have security defined on it or on the root level.',
      ),
    ],
    check: (s, fixed) => {
      expect(s.actions).toHaveLength(1);
      // the client cannot send HTTP digest: not an alternative it could never satisfy
      expect(fixed.security).toEqual([{ ApiKey: [] }, { Basic: [] }]);
      expect(s.actions[0].description).toMatch(/^Upstream defines the security schemes ApiKey, Basic but requires none; we apply them/);
      expect(s.accept).toEqual([]);
    },
  },
  {
    name: 'leaves a spec whose only schemes the client cannot send to a person (accept with a reason), never anonymous',
    doc: () => doc({ Digest: { type: 'http', scheme: 'digest' } }),
    findings: [finding('security-defined', '#/paths/~1customers~1{id}/put')],
    check: (s) => {
      expect(s.actions).toEqual([]);
      expect(s.accept).toEqual([expect.objectContaining({ rule: 'security-defined', count: 1 })]);
    },
  },
];

suggestTable('security-defined', cases);
