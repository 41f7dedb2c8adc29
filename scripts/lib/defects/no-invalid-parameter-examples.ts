// no-invalid-parameter-examples (Redocly's rule, found by Redocly): a parameter's example that
// contradicts its schema. The action is the one of no-invalid-media-type-examples.
import { removeInvalidExamples } from './no-invalid-media-type-examples.ts';
import type { DefectKind } from './types.ts';

export const kind: DefectKind = {
  id: 'no-invalid-parameter-examples',
  severity: 'error',
  stage: 'lint',
  docs: "Redocly's no-invalid-parameter-examples: a parameter's `example` that contradicts its schema. The contract tests would send it; the action removes it, so requests are made from the schema.",
  fix: removeInvalidExamples,
};
