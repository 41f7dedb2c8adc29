// capi/pattern-backtracking: given a spec fragment, want these findings (moved from apps/conformance lint-rules.test.mjs).
import { type LintCase, lintTable } from './testing.ts';

const cases: LintCase[] = [
  {
    // with an example that does not match: the rule names the pattern, and the lint still ends
    // (the lint stage lints with the linear pattern; see the lint tests)
    name: 'a nested repetition, with an example that does not match',
    given: (d) => Object.assign(d.components.schemas.Thing.properties.name, { pattern: '^([a-z]*)*$', example: 'abc1' }),
    findings: ['#/components/schemas/Thing/properties/name/pattern'],
    actions: [{ target: '$.components.schemas.Thing.properties.name', update: { pattern: '^[a-z]*$' } }],
  },
];

lintTable('capi/pattern-backtracking', cases);
