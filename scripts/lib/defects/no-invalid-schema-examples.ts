// no-invalid-schema-examples (Redocly's rule, found by Redocly): a schema's example that
// contradicts the schema. The action is the one of no-invalid-media-type-examples.
import { removeInvalidExamples } from './no-invalid-media-type-examples.ts';
import type { DefectKind } from './types.ts';

export const kind: DefectKind = {
  id: 'no-invalid-schema-examples',
  severity: 'error',
  stage: 'lint',
  docs: "Redocly's no-invalid-schema-examples: a schema's `example` that contradicts the schema. Mocks answer it; the action removes it, so mocks and tests use the schema.",
  fix: removeInvalidExamples,
};
