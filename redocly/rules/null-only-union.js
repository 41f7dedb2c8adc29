// `type: 'null'` beside a `oneOf`/`anyOf` whose branches each declare another type admits null
// only: every branch refuses null and `type` refuses everything else. It is a nullable union
// written wrong (OAS 3.0 `nullable: true` beside a union, converted to 3.1 by setting `type`;
// vercel.com has 17), and a mock answering the documented non-null value is then "invalid".
// The fix (lint --fix): null becomes one more branch of the union, and `type` goes.
const types = (s) => (typeof s?.type === 'string' ? [s.type] : Array.isArray(s?.type) ? s.type : null);

export default function nullOnlyUnion() {
  return {
    Schema: {
      enter(schema, ctx) {
        if (!schema || typeof schema !== 'object' || schema.type !== 'null') return;
        const key = Array.isArray(schema.oneOf) ? 'oneOf' : Array.isArray(schema.anyOf) ? 'anyOf' : null;
        if (!key || !schema[key].length) return;
        // only where every branch says its type (a $ref or an untyped branch may admit null)
        const all = schema[key].map((b) => types(b));
        if (all.some((t) => !t || t.includes('null'))) return;
        ctx.report({
          message: `\`type: 'null'\` beside a \`${key}\` whose branches are ${[...new Set(all.flat())].join(', ')}: the schema admits null only. A nullable ${key} is written with \`{ type: 'null' }\` as one more branch (and no \`type\` beside it).`,
          location: ctx.location.child('type'),
        });
      },
    },
  };
}
