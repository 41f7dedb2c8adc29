// contract-tests/read-only-request-body (found by the contract tests, apps/conformance
// cases.mjs): a request body schema that is `readOnly` as a whole: no value of it may be sent,
// and Prism drops the whole schema from request validation.
import { schemaTarget } from './schema-target.ts';
import type { DefectKind, OverlayAction } from './types.ts';

/**
 * The keyword removed there: that changes no response (a response may hold read-only values
 * either way); properties keep their own `readOnly`.
 */
export function removeReadOnlyRoot(schemaPointer: string, where: string): OverlayAction[] {
  return [
    {
      target: `${schemaTarget(schemaPointer)}.readOnly`,
      description: `Upstream marks the request body schema of ${where} readOnly as a whole: a body no client may send, which the operation asks for, and Prism then validates no request body (found by the contract tests); its properties keep their own readOnly.`,
      remove: true,
      'x-fixes': ['contract-tests'],
    },
  ];
}

export const kind: DefectKind = {
  id: 'contract-tests/read-only-request-body',
  severity: 'error',
  stage: 'harness',
  docs: 'A request body schema that is `readOnly` as a whole, found by the contract tests: a body no client may send, which the operation asks for, and Prism then validates no request body. The action removes that `readOnly` (its properties keep their own).',
};
