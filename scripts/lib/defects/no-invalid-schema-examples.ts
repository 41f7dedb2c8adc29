// no-invalid-schema-examples (Redocly's rule, found by Redocly): a schema's example that
// contradicts the schema. The action is the one of no-invalid-media-type-examples (which also
// collapses the allOf of one member that removing a schema's example can leave).
import { removeInvalidExamples } from './no-invalid-media-type-examples.ts';
import type { DefectKind } from './types.ts';

export const kind: DefectKind = {
  id: 'no-invalid-schema-examples',
  severity: 'error',
  stage: 'lint',
  docs: "Redocly's no-invalid-schema-examples: a schema's `example` that contradicts the schema. Mocks answer it; the action removes it, so mocks and tests use the schema. Where that would leave an `allOf` of one member and nothing else (wowza.com's `{ allOf: [{ $ref }], example }`, which lint then calls illogical), the member is written in the allOf's place.",
  fix: removeInvalidExamples,
};
