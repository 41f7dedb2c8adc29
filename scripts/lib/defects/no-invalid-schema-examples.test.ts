// no-invalid-schema-examples (Redocly's rule): given a spec fragment, want this finding and this action.
import { expect } from 'vitest';
import { type LintCase, lintTable } from './testing.ts';

const cases: LintCase[] = [
  {
    name: "a schema's example of the wrong type",
    given: (d) => (d.components.schemas.Thing.properties.name.example = 5),
    findings: 'some',
    actions: [{ target: '$.components.schemas.Thing.properties.name.example', remove: true }],
    fixed: (d) => expect(d.components.schemas.Thing.properties.name).toEqual({ type: 'string' }),
  },
];

lintTable('no-invalid-schema-examples', cases);
