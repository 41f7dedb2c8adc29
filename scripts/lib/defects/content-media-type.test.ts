// capi/content-media-type: given a spec fragment, want these findings (moved from apps/conformance lint-rules.test.mjs).
import { type LintCase, lintTable, putOp } from './testing.ts';

const cases: LintCase[] = [
  {
    name: '`code:` put under `content`',
    given: (d) => (putOp(d).responses[400].content = { code: { examples: { response: { value: 400 } } } }),
    findings: 'some',
  },
];

lintTable('capi/content-media-type', cases);
