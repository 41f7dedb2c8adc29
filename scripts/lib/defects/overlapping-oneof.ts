// contract-tests/overlapping-oneof (found by the contract tests, apps/conformance cases.mjs): a
// `oneOf` whose alternatives overlap: a value matches several, so none is valid (Prism's contract
// tests find it when a response cannot be made valid).
import { schemaTarget } from './schema-target.ts';
import type { DefectKind, OverlayAction } from './types.ts';

/** `anyOf`, which is what such a spec means. @param pointer JSON pointer of the schema node */
export function oneOfToAnyOf(pointer: string, node: { oneOf?: unknown }): OverlayAction[] {
  const target = schemaTarget(pointer);
  const description = `Upstream \`oneOf\` alternatives overlap here: a value matches several of them, so none is valid; \`anyOf\` says what the provider means (found by the contract tests).`;
  return [
    { target, description, update: { anyOf: node.oneOf }, 'x-fixes': ['contract-tests'] },
    { target: `${target}.oneOf`, description: 'Remove the oneOf that anyOf replaces.', remove: true, 'x-fixes': ['contract-tests'] },
  ];
}

export const kind: DefectKind = {
  id: 'contract-tests/overlapping-oneof',
  severity: 'error',
  stage: 'harness',
  docs: 'A `oneOf` whose alternatives overlap, found by the contract tests when a response cannot be made valid: a value matches several alternatives, so none is valid. The action says `anyOf`, which is what such a spec means.',
};
