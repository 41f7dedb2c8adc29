// capi/required-not-allowed: a closed object schema (`additionalProperties: false`) whose
// `required` names a property it does not list: the property must be there and may not be, so no
// value is valid, and every answer of a response using it fails (britbox.co.uk requires
// `validationStatus` beside `pinValid`). The action takes that name out of `required`; the schema
// keeps its shape.
import { getAt, jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import { typedPath } from '../build/defect-actions.ts';
import { perFinding } from './per-finding.ts';
import type { DefectKind, OverlayAction, RuleContext, SpecNode } from './types.ts';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The names `required` lists that the closed schema forbids; [] where it is not closed or composes others. */
function forbiddenRequired(schema: unknown): string[] {
  if (!isObject(schema) || schema.additionalProperties !== false || !Array.isArray(schema.required)) return [];
  // a composition may add properties the closed-allof-part kind is about
  if (['allOf', 'anyOf', 'oneOf', 'patternProperties', '$ref'].some((k) => k in schema)) return [];
  const listed = isObject(schema.properties) ? schema.properties : {};
  return schema.required.filter((n): n is string => typeof n === 'string' && !Object.hasOwn(listed, n));
}

// --- a closed schema that requires a property it forbids ----------------------------------------

/**
 * capi/required-not-allowed, reported at `.../required`: the names the closed schema does not
 * list taken out of `required` (an overlay update appends to a list, so the list is removed and
 * written again, or left out when nothing is left).
 */
function requiredNotAllowedActions(doc: unknown, pointer: string, where: string, rule: string): OverlayAction[] {
  const segs = typedPath(doc, parsePointer(pointer));
  if (segs.at(-1) !== 'required') return [];
  const at = segs.slice(0, -1);
  const schema = getAt(doc, at);
  if (!isObject(schema) || schema.additionalProperties !== false || !Array.isArray(schema.required)) return [];
  const listed = isObject(schema.properties) ? schema.properties : {};
  const kept = schema.required.filter((n) => typeof n === 'string' && Object.hasOwn(listed, n));
  const dropped = schema.required.filter((n) => !kept.includes(n));
  if (!dropped.length) return [];
  const why = `Upstream's schema (${where}) requires ${dropped.map((n) => `\`${String(n)}\``).join(', ')}, which its \`additionalProperties: false\` forbids (not under \`properties\`), so no value is valid`;
  return [
    {
      target: jsonPathOf(segs),
      description: `${why}; the name is taken out of \`required\`${kept.length ? ' (step 1 of 2)' : ''}.`,
      remove: true,
      'x-fixes': [rule],
    },
    ...(kept.length
      ? [
          {
            target: jsonPathOf(at),
            description: '...(step 2 of 2) the names it lists stay required.',
            update: { required: kept },
            'x-fixes': [rule],
          },
        ]
      : []),
  ];
}

export const kind: DefectKind = {
  id: 'capi/required-not-allowed',
  severity: 'error',
  stage: 'lint',
  docs: 'A closed object schema (`additionalProperties: false`) whose `required` names a property it does not list under `properties`: no value is valid, so every answer of a response using it fails (britbox.co.uk). The action takes the names it does not list out of `required` (the list is removed and written again with the names it lists, since an overlay update appends to a list).',
  visitor: () => ({
    Schema: {
      enter(schema: SpecNode, ctx: RuleContext) {
        const names = forbiddenRequired(schema);
        if (!names.length) return;
        ctx.report({
          message: `\`required\` names ${names.map((n) => `\`${n}\``).join(', ')}, which this schema's \`additionalProperties: false\` forbids (not under \`properties\`): no value is valid. Take the name out of \`required\`, or document the property.`,
          location: ctx.location.child('required'),
        });
      },
    },
  }),
  fix: perFinding(requiredNotAllowedActions),
};
