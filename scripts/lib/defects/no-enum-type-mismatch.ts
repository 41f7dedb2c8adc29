// no-enum-type-mismatch (Redocly's built-in rule, found by Redocly; the contract tests find the
// same schema admits no value at all): a schema whose `enum` holds values its `type` refuses.
import { formatPointer, getAt, parsePointer } from '../spec/json-pointer.ts';
import { schemaTarget } from './schema-target.ts';
import type { DefectKind, OverlayAction } from './types.ts';

/** Whether `value` is of the JSON Schema `type` (as Redocly's no-enum-type-mismatch reads it; null where `nullable`). */
function ofType(value: unknown, type: unknown, nullable: boolean): boolean {
  if (nullable && value === null) return true;
  switch (type) {
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'null':
      return value === null;
    case 'integer':
      return Number.isInteger(value);
    default:
      return typeof value === type;
  }
}

/** An enum value written as the text of a value of `type` (`"1"` for an integer), as that value; undefined when it is none. */
function asType(value: unknown, type: unknown): unknown {
  if (type === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return String(value);
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t)) {
    const n = Number(t);
    return type === 'integer' && !Number.isInteger(n) ? undefined : n;
  }
  if (type === 'boolean' && (t === 'true' || t === 'false')) return t === 'true';
  return undefined;
}

/**
 * The overlay actions for a schema whose `enum` holds values its `type` refuses (Redocly's
 * no-enum-type-mismatch; the contract tests find the same schema admits no value at all):
 * - an array whose `enum` lists item values (`type: array, enum: [a, b]`: what the provider
 *   means is an array of those): the enum moves into `items`;
 * - else each value written as the text of a value of the type (`"1"` for an integer, `1` for a
 *   string) becomes that value, and a value that can be none is dropped (the enum goes when
 *   none is left: no value matched it).
 * Empty when the schema at `schemaPointer` has no such enum. Overlay updates append to a list,
 * so a list is removed before it is written again.
 * @param where for people: where the finding is (file, line, pointer)
 */
export function enumTypeFix(doc: unknown, schemaPointer: string, where: string): OverlayAction[] {
  const node = getAt(doc, schemaPointer) as { type?: unknown; enum?: unknown; items?: unknown; nullable?: unknown } | undefined;
  if (!node || typeof node !== 'object' || !Array.isArray(node.enum) || node.type === undefined) return [];
  const types = Array.isArray(node.type) ? node.type : [node.type];
  const nullable = node.nullable === true;
  const values = node.enum as unknown[];
  const bad = values.filter((v) => !types.some((t) => ofType(v, t, nullable)));
  if (!bad.length) return [];
  const target = schemaTarget(schemaPointer);
  const fixes = ['no-enum-type-mismatch'];
  const shown = JSON.stringify(values).slice(0, 80);
  if (types.includes('array') && values.every((v) => !Array.isArray(v))) {
    const items = node.items as { enum?: unknown; $ref?: unknown } | undefined;
    const ownEnum = !!items && typeof items === 'object' && Array.isArray(items.enum);
    const referenced = !!items && typeof items === 'object' && typeof items.$ref === 'string';
    const steps = ownEnum ? 1 : referenced ? 3 : 2;
    const removeEnum: OverlayAction = {
      target: `${target}.enum`,
      description: `Upstream lists item values (${shown}) as the \`enum\` of an array (${where}): no array equals a ${typeof bad[0]}, so no value is valid; ${
        ownEnum ? 'its items list their own enum already: removed.' : `the enum belongs to \`items\` (step 1 of ${steps}: remove it here).`
      }`,
      remove: true,
      'x-fixes': fixes,
    };
    if (ownEnum) return [removeEnum];
    if (!referenced)
      return [
        removeEnum,
        {
          target,
          description: '...(step 2 of 2) the same values as the enum of each item.',
          update: { items: { enum: values } },
          'x-fixes': fixes,
        },
      ];
    // beside a $ref (OAS 3.0 ignores siblings of $ref): the referenced schema and the enum, both in force
    return [
      removeEnum,
      { target: `${target}.items`, description: '...(step 2 of 3) the item $ref moves into an allOf.', remove: true, 'x-fixes': fixes },
      {
        target,
        description: '...(step 3 of 3) each item: the referenced schema and one of the enum values.',
        update: { items: { allOf: [items], enum: values } },
        'x-fixes': fixes,
      },
    ];
  }
  const kept: unknown[] = [];
  for (const v of values) {
    const meant = types.some((t) => ofType(v, t, nullable)) ? v : types.map((t) => asType(v, t)).find((x) => x !== undefined);
    if (meant !== undefined && !kept.some((k) => JSON.stringify(k) === JSON.stringify(meant))) kept.push(meant);
  }
  const removeEnum: OverlayAction = {
    target: `${target}.enum`,
    description: kept.length
      ? `Upstream \`enum\` ${shown} holds values its type (${types.join(', ')}) refuses (${where}), so a value sent or answered as written is invalid; each value as the type writes it, those that are none dropped (step 1 of 2: remove it).`
      : `Upstream \`enum\` ${shown} holds no value of its type (${types.join(', ')}) (${where}): no value is valid; removed, so the schema admits what its type says.`,
    remove: true,
    'x-fixes': fixes,
  };
  if (!kept.length) return [removeEnum];
  return [
    removeEnum,
    {
      target,
      description: `...(step 2 of 2) the enum as values of its type: ${JSON.stringify(kept).slice(0, 80)}.`,
      update: { enum: kept },
      'x-fixes': fixes,
    },
  ];
}

export const kind: DefectKind = {
  id: 'no-enum-type-mismatch',
  severity: 'error',
  stage: 'lint',
  docs: 'Redocly\'s no-enum-type-mismatch: an `enum` whose values its `type` refuses, so no value is valid (the contract tests find the same). The action moves an enum of item values on an array into its `items`, or writes each value as a value of its type (`"1"` for an integer becomes 1) and drops those that can be none (the enum goes when none is left). One correction per schema.',
  fix(findings, ctx) {
    let treatment: 'accept' | undefined;
    const done = new Set<string>(); // one correction per schema, however many of its values mismatch
    for (const f of findings) {
      const segs = parsePointer(f.pointer ?? '');
      const cut = segs.lastIndexOf('enum');
      const schema = cut > 0 ? formatPointer(segs.slice(0, cut)) : undefined;
      if (!schema || done.has(schema)) continue;
      done.add(schema);
      const fix = enumTypeFix(ctx.doc, schema, ctx.where(f));
      if (!fix.length) {
        treatment = 'accept';
        continue;
      }
      for (const a of fix) ctx.push(f, a);
    }
    return treatment;
  },
};
