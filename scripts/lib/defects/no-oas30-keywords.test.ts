// capi/no-oas30-keywords: given a spec fragment, want these findings (moved from apps/conformance lint-rules.test.mjs).
import { type LintCase, lintTable, putOp } from './testing.ts';

const cases: LintCase[] = [
  {
    name: '`nullable` in an OAS 3.1 schema',
    given: (d) => (d.components.schemas.Thing.properties.name.nullable = true),
    findings: 'some',
  },
  {
    name: '`nullable` beside a $ref',
    given: (d) => (putOp(d).responses[200].content['application/json'].schema.nullable = true),
    findings: 'some',
  },
];

lintTable('capi/no-oas30-keywords', cases);
