// capi/null-in-allof: `{ type: 'null' }` as a member of an `allOf` whose other members refuse
// null. Every member must hold, so the schema admits nothing at all: not the documented value
// (null is refused by the others) and not null (refused by their types). It is a nullable
// reference written wrong: codat.io's accounting spec writes a bill's `currency` as
// `allOf: [{ $ref }, { type: 'null' }]`, so Prism refuses every bill sent with a currency
// ("must be null"), and its fake's workflow for bills could not start. The action writes what was meant, the members or
// null: `anyOf: [<the one other member>, { type: 'null' }]` (several others stay an allOf, as
// the first branch), and removes the allOf.
import { getAt, jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import { typedPath } from '../build/defect-actions.ts';
import type { DefectKind, SpecNode } from './types.ts';

type Resolve = (node: unknown) => unknown;

/** A member that is only `{ type: 'null' }` (a description or title beside it allowed). */
function nullOnly(member: unknown): boolean {
  if (!member || typeof member !== 'object' || Array.isArray(member)) return false;
  const m = member as Record<string, unknown>;
  return m.type === 'null' && Object.keys(m).every((k) => k === 'type' || k === 'description' || k === 'title');
}

/** Whether a member surely refuses null: it (behind `$ref`s, bounded) declares types and null is none of them. */
function refusesNull(member: unknown, resolve: Resolve, depth = 0): boolean {
  if (depth > 8 || !member || typeof member !== 'object' || Array.isArray(member)) return false;
  const m = member as Record<string, unknown>;
  if (typeof m.$ref === 'string') return refusesNull(resolve(m), resolve, depth + 1);
  if (m.nullable === true) return false;
  if (typeof m.type === 'string') return m.type !== 'null';
  if (Array.isArray(m.type)) return m.type.length > 0 && !m.type.includes('null');
  if (Array.isArray(m.enum)) return m.enum.length > 0 && !m.enum.includes(null);
  if (Array.isArray(m.allOf)) return m.allOf.some((x) => refusesNull(x, resolve, depth + 1));
  return false;
}

/** The `allOf` members of a finding's schema, split into the null member and the others; undefined when it no longer reads so. */
function split(schema: unknown): { others: unknown[] } | undefined {
  const all = (schema as { allOf?: unknown })?.allOf;
  if (!Array.isArray(all) || all.length < 2) return undefined;
  const nulls = all.filter(nullOnly);
  if (nulls.length !== 1) return undefined;
  return { others: all.filter((m) => !nullOnly(m)) };
}

export const kind: DefectKind = {
  id: 'capi/null-in-allof',
  severity: 'error',
  stage: 'lint',
  docs: "`{ type: 'null' }` as a member of an `allOf` whose other members refuse null (codat.io's accounting spec writes a bill's `currency` `allOf: [{ $ref }, { type: 'null' }]`): every member must hold, so the schema admits no value at all and Prism refuses every body that has the field. The action writes the nullable reference that was meant, `anyOf: [<the other member>, { type: 'null' }]`, and removes the allOf.",
  visitor: () => ({
    Schema: {
      enter(schema: SpecNode, ctx) {
        const parts = split(schema);
        if (!parts) return;
        const resolve: Resolve = (node) => ctx.resolve(node).node;
        if (!parts.others.some((m) => refusesNull(m, resolve))) return;
        ctx.report({
          message:
            "`{ type: 'null' }` in an `allOf` whose other members refuse null: every member must hold, so no value is valid. A nullable reference is written `anyOf: [<schema>, { type: 'null' }]`.",
          location: ctx.location.child('allOf'),
        });
      },
    },
  }),
  fix(findings, ctx) {
    for (const f of findings) {
      const segs = typedPath(ctx.doc, parsePointer(f.pointer ?? '')).slice(0, -1); // the schema, not its `allOf`
      const parts = split(getAt(ctx.doc, segs));
      if (!parts) continue;
      const first = parts.others.length === 1 ? parts.others[0] : { allOf: parts.others };
      ctx.push(f, {
        target: jsonPathOf(segs),
        description: `Upstream's allOf (${ctx.where(f)}) holds \`{ type: 'null' }\` beside members that refuse null, so no value is valid: the nullable schema that was meant, the members or null (step 1 of 2).`,
        update: { anyOf: [first, { type: 'null' }] },
      });
      ctx.push(f, {
        target: jsonPathOf([...segs, 'allOf']),
        description: 'Remove the allOf the anyOf replaces (step 2 of 2).',
        remove: true,
      });
    }
    return undefined;
  },
};
