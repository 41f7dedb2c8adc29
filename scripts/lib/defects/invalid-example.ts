// contract-tests/invalid-example (found by the contract tests, apps/conformance cases.mjs): an
// `example` or `default` that its own schema refuses. Prism's static mock answers it as it is,
// so the answer is "invalid" against the very spec it came from.
import { schemaTarget } from './schema-target.ts';
import type { DefectKind, OverlayAction } from './types.ts';

/**
 * The value the schema means when the written one is its text (`"false"` for a boolean), else
 * its removal. Either documents only.
 */
export function correctInvalidValue(
  schemaPointer: string,
  keyword: 'example' | 'default',
  problem: string,
  replacement?: unknown,
): OverlayAction[] {
  const target = schemaTarget(schemaPointer);
  const description = `Upstream ${keyword} is invalid against the schema it belongs to (${problem}), and Prism's mock answers it as it is (found by the contract tests)`;
  return [
    replacement === undefined
      ? { target: `${target}.${keyword}`, description: `${description}; removed.`, remove: true, 'x-fixes': ['contract-tests'] }
      : {
          target,
          description: `${description}; ${JSON.stringify(replacement)} is what it writes as text.`,
          update: { [keyword]: replacement },
          'x-fixes': ['contract-tests'],
        },
  ];
}

export const kind: DefectKind = {
  id: 'contract-tests/invalid-example',
  severity: 'error',
  stage: 'harness',
  docs: 'An `example` or `default` that its own schema refuses, found by the contract tests when Prism\'s static mock answers it as it is. The action writes the value the schema means where the written one is its text (`"false"` for a boolean), else removes it; either changes documentation only.',
};
