// operation-4xx-response (Redocly's built-in rule, found by Redocly): an operation that documents
// no 4xx at all. The action is the one of capi/operation-4xx-documented.
import { documentStatuses } from './operation-4xx-documented.ts';
import type { DefectKind } from './types.ts';

export const kind: DefectKind = {
  id: 'operation-4xx-response',
  severity: 'error',
  stage: 'lint',
  docs: "Redocly's operation-4xx-response: an operation that documents no 4xx response at all. The action documents the status the finding names (400 by default) with a description to write (a placeholder lint refuses); beyond 25 findings, accepting the rule is suggested instead.",
  fix: documentStatuses,
};
