// no-invalid-media-type-examples (Redocly's rule): given a spec fragment, want this finding and
// this action (moved from apps/conformance lint-rules.test.mjs; the shapes of the removal, shared
// examples with their uses included: scripts/test/lint/lint-hints.test.mjs).
import { expect } from 'vitest';
import { type LintCase, lintTable, putOp } from './testing.ts';

const cases: LintCase[] = [
  {
    name: 'a request body example whose property has the wrong type',
    given: (d) => (putOp(d).requestBody.content['application/json'].example = { name: 42 }),
    findings: 'some',
    actions: [{ target: "$.paths['/things/{id}'].put.requestBody.content['application/json'].example", remove: true }],
    fixed: (d) => expect(putOp(d).requestBody.content['application/json'].example).toBeUndefined(),
  },
  {
    name: 'an example with a property its open schema does not list is valid (only a schema that forbids it makes it invalid)',
    given: (d) => (putOp(d).requestBody.content['application/json'].example = { name: 'n', nickname: 'extra' }),
    findings: [],
  },
];

lintTable('no-invalid-media-type-examples', cases);
