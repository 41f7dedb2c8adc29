// capi/null-only-union: `type: 'null'` beside a `oneOf`/`anyOf` whose branches each declare
// another type admits null only: every branch refuses null and `type` refuses everything else. It
// is a nullable union written wrong (OAS 3.0 `nullable: true` beside a union, converted to 3.1 by
// setting `type`; vercel.com has 17), and a mock answering the documented non-null value is then
// "invalid".
import { getAt, jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import { typedPath } from '../build/defect-actions.ts';
import type { DefectKind, SpecNode } from './types.ts';

const types = (s: SpecNode): unknown[] | null => (typeof s?.type === 'string' ? [s.type] : Array.isArray(s?.type) ? s.type : null);

export const kind: DefectKind = {
  id: 'capi/null-only-union',
  severity: 'error',
  stage: 'lint',
  docs: "`type: 'null'` beside a `oneOf`/`anyOf` whose branches each declare another type (vercel.com has 17): the schema admits null only, so a mock answering the documented non-null value is invalid. The action writes the nullable union: null becomes one more branch, and the `type` beside it goes.",
  visitor: () => ({
    Schema: {
      enter(schema, ctx) {
        if (!schema || typeof schema !== 'object' || schema.type !== 'null') return;
        const key = Array.isArray(schema.oneOf) ? 'oneOf' : Array.isArray(schema.anyOf) ? 'anyOf' : null;
        if (!key || !schema[key].length) return;
        // only where every branch says its type (a $ref or an untyped branch may admit null)
        const all = (schema[key] as unknown[]).map((b) => types(b));
        if (all.some((t) => !t || t.includes('null'))) return;
        ctx.report({
          message: `\`type: 'null'\` beside a \`${key}\` whose branches are ${[...new Set(all.flat())].join(', ')}: the schema admits null only. A nullable ${key} is written with \`{ type: 'null' }\` as one more branch (and no \`type\` beside it).`,
          location: ctx.location.child('type'),
        });
      },
    },
  }),
  fix(findings, ctx) {
    for (const f of findings) {
      const segs = typedPath(ctx.doc, parsePointer(f.pointer ?? '')).slice(0, -1); // the schema, not its `type`
      const node = getAt(ctx.doc, segs) as { oneOf?: unknown[]; anyOf?: unknown[] } | undefined;
      const key = Array.isArray(node?.oneOf) ? 'oneOf' : 'anyOf';
      ctx.push(f, {
        target: jsonPathOf([...segs, 'type']),
        description: `Upstream's \`type: 'null'\` beside a ${key} (${ctx.where(f)}) admits null only; the union with null as one more branch instead (step 1 of 2: remove the type).`,
        remove: true,
      });
      ctx.push(f, {
        target: jsonPathOf(segs),
        description: `Upstream's ${key} (${ctx.where(f)}) is nullable: null is one more branch (step 2 of 2).`,
        update: { [key]: [{ type: 'null' }] },
      });
    }
    return undefined;
  },
};
