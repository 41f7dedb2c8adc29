// nullable-type-sibling (Redocly's built-in rule, found by Redocly): OAS 3.0 `nullable` beside an
// allOf or $ref and no `type`. The action is the correction generation asks for when it refuses
// the schema (generation-checks.ts), so lint --fix corrects it instead of accepting the rule and
// leaving generation to stop (cpy.re peertube: lint passed, generate failed on the six of them).
import { structKind } from '../codegen/generation-checks.ts';
import { perFinding } from './per-finding.ts';
import type { DefectKind, OverlayAction } from './types.ts';

function nullableTypeSiblingActions(doc: unknown, pointer: string, _where: string, rule: string): OverlayAction[] {
  const kind = structKind({ rule: 'struct', message: 'The `type` field must be defined when the `nullable` field is used.', pointer }, doc);
  return (kind.fix ?? []).map((a) => ({ ...a, 'x-fixes': [rule, ...(a['x-fixes'] ?? [])] }));
}

export const kind: DefectKind = {
  id: 'nullable-type-sibling',
  severity: 'error',
  stage: 'lint',
  docs: "Redocly's nullable-type-sibling: OAS 3.0 `nullable` beside an allOf or a $ref with no `type` (cpy.re peertube has six). Generation refuses the schema; the action is the one generation asks for (drop the keyword there), so lint --fix corrects it instead of leaving generation to stop.",
  fix: perFinding(nullableTypeSiblingActions),
};
