// capi/content-media-type: given a spec fragment, want these findings (moved from apps/conformance lint-rules.test.mjs).
import { expect } from 'vitest';
import { type LintCase, lintTable, putOp } from './testing.ts';

const cases: LintCase[] = [
  {
    name: '`code:` put under `content`',
    given: (d) => (putOp(d).responses[400].content = { code: { examples: { response: { value: 400 } } } }),
    findings: ['#/paths/~1things~1{id}/put/responses/400/content/code'],
    actions: [{ target: "$.paths['/things/{id}'].put.responses['400'].content.code", remove: true }],
    fixed: (d) => expect(putOp(d).responses[400].content).toEqual({}),
  },
];

lintTable('capi/content-media-type', cases);
