// capi/pattern-syntax: given a spec fragment, want these findings (moved from apps/conformance lint-rules.test.mjs).
import { type LintCase, lintTable } from './testing.ts';

const cases: LintCase[] = [
  {
    // an identity escape JavaScript forgives without the u flag, and validators do not (anchore.io)
    name: 'an identity escape (`\\:`)',
    given: (d) => (d.components.schemas.Thing.properties.name.pattern = '^\\d{2}(?:\\:\\d+)?$'),
    findings: ['#/components/schemas/Thing/properties/name/pattern'],
    actions: [{ target: '$.components.schemas.Thing.properties.name', update: { pattern: '^\\d{2}(?::\\d+)?$' } }],
  },
];

lintTable('capi/pattern-syntax', cases);
