// capi/ref-sibling-constraint: in an OAS 3.0 document, the keywords beside a `$ref` SHALL be
// ignored (3.0.3, Reference Object), but JSON Schema validators (Ajv: the client's runtime
// validators and the contract tests) apply them as well. When one contradicts the target
// (britbox.co.uk: `{ $ref: ItvChangeEmailRequest, type: string }`, an object), no value is valid:
// every request body of the operation is refused. The action removes the ignored constraint,
// which is what the document means.
import { getAt, jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import { typedPath } from '../build/defect-actions.ts';
import { perFinding } from './per-finding.ts';
import type { DefectKind, OverlayAction } from './types.ts';

/** The keywords that constrain a value (a description, an example or `nullable` beside a $ref are left alone). */
const CONSTRAINTS = [
  'type',
  'format',
  'enum',
  'const',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'items',
  'properties',
  'required',
  'additionalProperties',
  'minProperties',
  'maxProperties',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
];

/** The ignored keyword removed from beside the `$ref`. */
function refSiblingActions(doc: unknown, pointer: string, where: string, rule: string): OverlayAction[] {
  const segs = typedPath(doc, parsePointer(pointer));
  const holder = getAt(doc, segs.slice(0, -1)) as { $ref?: unknown } | undefined;
  if (typeof holder?.$ref !== 'string' || getAt(doc, segs) === undefined) return [];
  return [
    {
      target: jsonPathOf(segs),
      description: `Upstream writes \`${String(segs.at(-1))}\` beside \`$ref: ${holder.$ref}\` (${where}); OAS 3.0 ignores it there, but validators apply it too, and it contradicts the schema it sits beside; removed, as the document means.`,
      remove: true,
      'x-fixes': [rule],
    },
  ];
}

export const kind: DefectKind = {
  id: 'capi/ref-sibling-constraint',
  severity: 'error',
  stage: 'lint',
  docs: 'In an OAS 3.0 document, a constraint beside a `$ref` (`type`, `format`, `enum`, `properties`, ...): OAS 3.0 ignores it, JSON Schema validators apply it, and where it contradicts the target (britbox.co.uk: `type: string` beside an object schema) no value is valid and every request body is refused. The action removes the ignored keyword.',
  visitor: () => {
    let is30 = false;
    return {
      Root: {
        enter(root) {
          is30 = /^3\.0\./.test(String(root?.openapi ?? ''));
        },
      },
      // Redocly visits the target of a $ref, not the node beside it: the siblings are read here
      ref: {
        enter(node, ctx) {
          if (!is30 || !node || typeof node !== 'object') return;
          for (const k of CONSTRAINTS) {
            if (!Object.hasOwn(node, k)) continue;
            ctx.report({
              message: `\`${k}\` beside a \`$ref\` in an OAS 3.0 document: OAS 3.0 ignores it, validators apply it (no value may satisfy both); remove it.`,
              location: ctx.location.child(k).key(),
            });
          }
        },
      },
    };
  },
  fix: perFinding(refSiblingActions),
};
