// OAS 3.0 schema keywords mean nothing in an OAS 3.1 (JSON Schema 2020-12) document: `nullable`
// is ignored, so null is rejected where the author meant to allow it; boolean
// exclusiveMinimum/exclusiveMaximum are invalid. Use type: [T, 'null'] and numeric exclusives.
export default function noOas30Keywords() {
  let is31 = false;
  return {
    Root: {
      enter(root) {
        is31 = /^3\.[1-9]/.test(String(root.openapi ?? ''));
      },
    },
    // a schema that is a `$ref` with siblings (3.1 allows them): Redocly visits the target, not
    // the node beside it, so `nullable` there is caught here (Ajv refuses it: "nullable" cannot
    // be used without "type"; codat.io has 13)
    ref: {
      enter(node, ctx) {
        if (!is31 || !node || typeof node !== 'object' || !('nullable' in node)) return;
        ctx.report({
          message: "OAS 3.0 keyword `nullable` beside a `$ref` in an OAS 3.1 document: use `anyOf: [{ $ref }, { type: 'null' }]`.",
          location: ctx.location.child('nullable').key(),
        });
      },
    },
    Schema: {
      enter(schema, ctx) {
        if (!is31 || !schema || typeof schema !== 'object') return;
        if ('nullable' in schema) {
          ctx.report({
            message: "OAS 3.0 keyword `nullable` in an OAS 3.1 document: use `type: [<type>, 'null']`.",
            location: ctx.location.child('nullable').key(),
          });
        }
        for (const k of ['exclusiveMinimum', 'exclusiveMaximum']) {
          if (typeof schema[k] === 'boolean') {
            ctx.report({
              message: `OAS 3.0 boolean \`${k}\` in an OAS 3.1 document: give the bound as a number.`,
              location: ctx.location.child(k).key(),
            });
          }
        }
      },
    },
  };
}
