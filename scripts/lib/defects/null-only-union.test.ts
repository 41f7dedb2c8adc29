// capi/null-only-union: given a spec fragment, want these findings (moved from apps/conformance lint-rules.test.mjs).
import { type LintCase, lintTable } from './testing.ts';

const cases: LintCase[] = [
  {
    // a nullable union written with `type: 'null'` beside it (vercel.com): null only
    name: "`type: 'null'` beside a oneOf of string and number",
    given: (d) => (d.components.schemas.Thing.properties.name = { type: 'null', oneOf: [{ type: 'string' }, { type: 'number' }] }),
    findings: 'some',
  },
];

lintTable('capi/null-only-union', cases);
