// capi/null-only-union: given a spec fragment, want these findings (moved from apps/conformance lint-rules.test.mjs).
import { expect } from 'vitest';
import { type LintCase, lintTable } from './testing.ts';

const cases: LintCase[] = [
  {
    // a nullable union written with `type: 'null'` beside it (vercel.com): null only
    name: "`type: 'null'` beside a oneOf of string and number",
    given: (d) => (d.components.schemas.Thing.properties.name = { type: 'null', oneOf: [{ type: 'string' }, { type: 'number' }] }),
    findings: ['#/components/schemas/Thing/properties/name/type'],
    actions: [
      { target: '$.components.schemas.Thing.properties.name.type', remove: true },
      { target: '$.components.schemas.Thing.properties.name', update: { oneOf: [{ type: 'null' }] } },
    ],
    fixed: (d) =>
      expect(d.components.schemas.Thing.properties.name).toEqual({ oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'null' }] }),
  },
];

lintTable('capi/null-only-union', cases);
