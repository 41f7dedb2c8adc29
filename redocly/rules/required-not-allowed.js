// A closed object schema (`additionalProperties: false`) whose `required` names a property it
// does not list: the property must be there and may not be, so no value is valid, and every
// answer of a response using it fails (britbox.co.uk requires `validationStatus` beside
// `pinValid`). The fix (lint --fix): that name out of `required`; the schema keeps its shape.
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The names `required` lists that the closed schema forbids; [] where it is not closed or composes others. */
export function forbiddenRequired(schema) {
  if (!isObject(schema) || schema.additionalProperties !== false || !Array.isArray(schema.required)) return [];
  // a composition may add properties the closed-allof-part rule is about
  if (['allOf', 'anyOf', 'oneOf', 'patternProperties', '$ref'].some((k) => k in schema)) return [];
  const listed = isObject(schema.properties) ? schema.properties : {};
  return schema.required.filter((n) => typeof n === 'string' && !Object.hasOwn(listed, n));
}

export default function requiredNotAllowed() {
  return {
    Schema: {
      enter(schema, ctx) {
        const names = forbiddenRequired(schema);
        if (!names.length) return;
        ctx.report({
          message: `\`required\` names ${names.map((n) => `\`${n}\``).join(', ')}, which this schema's \`additionalProperties: false\` forbids (not under \`properties\`): no value is valid. Take the name out of \`required\`, or document the property.`,
          location: ctx.location.child('required'),
        });
      },
    },
  };
}
