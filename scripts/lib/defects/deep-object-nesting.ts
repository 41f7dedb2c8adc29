// capi/deep-object-nesting: a `style: deepObject` query parameter whose object holds an array or
// an object (pandascore.co's `range[id]`, two items, and `filter[id]`). OpenAPI defines deepObject
// for an object of primitive values only (`range[id]=1`); how a value nested deeper is written is
// undefined. openapi-fetch refuses to serialise one (the client refuses the call), and Prism 5.16
// reads the property as an array whether it was sent or not (an absent parameter as `[]`, so with
// `minItems` every request to the operation is refused) and reads only the indexed form
// `range[id][0]=1`, which no standard names. The action describes the nested value as one string
// (its description says what it held): both sides read `range[id]=1,10` alike, and the caller
// writes the items the way the API's docs say (pandascore: comma-separated).
import { getAt, jsonPathOf, parsePointer, resolveLocal } from '../spec/json-pointer.ts';
import { typedPath } from '../build/defect-actions.ts';
import { perFinding } from './per-finding.ts';
import type { DefectKind, OverlayAction, RuleContext, RuleLocation, SpecNode } from './types.ts';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** 'array' or 'object' when a schema describes one (by its type, or by items/properties without a type), else undefined. */
function nestedShape(schema: unknown): 'array' | 'object' | undefined {
  if (!isObject(schema)) return undefined;
  const types = [schema.type ?? []].flat();
  if (types.includes('array') || (!types.length && schema.items !== undefined)) return 'array';
  if (types.includes('object') || (!types.length && (isObject(schema.properties) || isObject(schema.additionalProperties))))
    return 'object';
  return undefined;
}

/** What a nested value held, for the replacing string's description: "an array of integer (2 to 2 items)". */
function heldValue(doc: unknown, schema: Obj, shape: 'array' | 'object'): string {
  if (shape === 'object') return 'an object';
  const items = resolveLocal(doc, schema.items);
  const itemType =
    isObject(items) && items.type !== undefined
      ? `${[items.type].flat().join(' or ')}${typeof items.format === 'string' ? ` (${items.format})` : ''}`
      : 'values';
  const min = typeof schema.minItems === 'number' ? schema.minItems : undefined;
  const max = typeof schema.maxItems === 'number' ? schema.maxItems : undefined;
  const count =
    min !== undefined && max !== undefined
      ? ` (${min === max ? min : `${min} to ${max}`} items)`
      : min !== undefined
        ? ` (at least ${min})`
        : max !== undefined
          ? ` (at most ${max})`
          : '';
  return `an array of ${itemType}${count}`;
}

// --- the nested value described as one string --------------------------------------------------

/**
 * capi/deep-object-nesting, reported at `.../properties/<name>` or `.../additionalProperties` of
 * the parameter's schema (where it really lives): that entry removed and written again as a
 * string, in two actions (an update alone would merge into a `$ref` or keep `items`).
 */
function deepObjectNestingActions(doc: unknown, pointer: string, where: string, rule: string): OverlayAction[] {
  const segs = typedPath(doc, parsePointer(pointer));
  const key = segs.at(-1);
  if (segs.at(-2) === 'example') return exampleActions(doc, segs, where, rule);
  const inProperties = segs.at(-2) === 'properties';
  if (typeof key !== 'string' || (!inProperties && key !== 'additionalProperties')) return [];
  const entry = getAt(doc, segs);
  const schema = resolveLocal(doc, entry);
  const shape = nestedShape(schema);
  if (!shape || !isObject(schema)) return [];
  const name = inProperties ? `\`${key}\`` : 'each value';
  const text = typeof schema.description === 'string' && schema.description.trim() ? `${schema.description.trim()} ` : '';
  const replacement = {
    type: 'string',
    description: `${text}(Upstream: ${heldValue(doc, schema, shape)}. OpenAPI leaves undefined how a value nested in a deepObject parameter is written: give it as one string, the way the API's docs say, such as items separated by commas.)`,
  };
  return [
    {
      target: jsonPathOf(segs),
      description: `Upstream's deepObject query parameter holds ${heldValue(doc, schema, shape)} at ${name} (${where}); OpenAPI defines deepObject for primitive values only, so how it is written is undefined: openapi-fetch refuses to send it and Prism reads it otherwise (an absent parameter as an empty array). Removed (step 1 of 2)...`,
      remove: true,
      'x-fixes': [rule],
    },
    {
      target: jsonPathOf(segs.slice(0, -1)),
      description:
        '...(step 2 of 2) and written again as one string, which the client sends and Prism reads alike (`name[key]=value`); the caller writes the items the way the API reads them.',
      update: { [key]: replacement },
      'x-fixes': [rule],
    },
  ];
}

/**
 * The parameter's example at `.../example/<key>`, an array or an object: written again as the
 * string the corrected schema takes (an array's items joined with commas, as its description
 * suggests), or removed (an object).
 */
function exampleActions(doc: unknown, segs: (string | number)[], where: string, rule: string): OverlayAction[] {
  const key = segs.at(-1);
  const value = getAt(doc, segs);
  if (typeof key !== 'string' || value === null || typeof value !== 'object') return [];
  const joined = Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object') ? value.join(',') : undefined;
  const remove: OverlayAction = {
    target: jsonPathOf(segs),
    description: `Upstream's example of a deepObject query parameter holds ${Array.isArray(value) ? 'an array' : 'an object'} at \`${key}\` (${where}), which no client can send as such: ${joined === undefined ? 'removed.' : 'removed (step 1 of 2)...'}`,
    remove: true,
    'x-fixes': [rule],
  };
  if (joined === undefined) return [remove];
  return [
    remove,
    {
      target: jsonPathOf(segs.slice(0, -1)),
      description: '...(step 2 of 2) and written again as one string, its items separated by commas.',
      update: { [key]: joined },
      'x-fixes': [rule],
    },
  ];
}

/** Reports each nested entry of a deepObject parameter's schema, where it lives. */
function check(param: SpecNode, ctx: RuleContext): void {
  if (param?.in !== 'query' || param.style !== 'deepObject' || !param.schema) return;
  const { node: schema, location } = ctx.resolve(param.schema) as { node: unknown; location?: RuleLocation };
  if (!isObject(schema)) return;
  // a $ref'd schema where it is defined; an inline one under the parameter
  const at = typeof param.schema.$ref === 'string' && location ? location : ctx.location.child('schema');
  const report = (path: (string | number)[], entry: unknown, label: string) => {
    const shape = nestedShape(ctx.resolve(entry).node);
    if (!shape) return;
    ctx.report({
      message: `The deepObject query parameter \`${param.name}\` holds an ${shape} at ${label}: OpenAPI defines deepObject for primitive values only, so how the ${shape}'s ${shape === 'array' ? 'items are' : 'members are'} written is undefined (openapi-fetch refuses to send it; Prism reads it otherwise). Describe it as one string in the form the API reads (lint --fix does).`,
      location: at.child(path),
    });
  };
  if (isObject(schema.properties))
    for (const [k, v] of Object.entries(schema.properties)) report(['properties', k], v, `\`${param.name}[${k}]\``);
  if (isObject(schema.additionalProperties)) report(['additionalProperties'], schema.additionalProperties, `\`${param.name}[*]\``);
  // its example, where it holds such a value
  if (!isObject(param.example)) return;
  for (const [k, v] of Object.entries(param.example)) {
    if (v === null || typeof v !== 'object') continue;
    ctx.report({
      message: `The example of the deepObject query parameter \`${param.name}\` holds ${Array.isArray(v) ? 'an array' : 'an object'} at \`${k}\`, which no client can send as such: write it as one string (lint --fix does).`,
      location: ctx.location.child(['example', k]),
    });
  }
}

export const kind: DefectKind = {
  id: 'capi/deep-object-nesting',
  severity: 'error',
  stage: 'lint',
  docs: "A `style: deepObject` query parameter whose object holds an array or an object (pandascore.co's `range[id]`, two items): OpenAPI defines deepObject for primitive values only, so how the nested value is written is undefined; openapi-fetch refuses to serialise it (the client refuses the call, naming the parameter) and Prism 5.16 reads the property as an empty array when the parameter is absent (every request refused where `minItems` is set). The action describes the nested value as one string, which the client sends and Prism reads alike (`range[id]=1,10`); its description says what upstream held, and the caller writes the items as the API's docs say.",
  visitor: () => ({ Parameter: { enter: check } }),
  fix: perFinding(deepObjectNestingActions),
};
