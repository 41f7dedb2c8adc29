// A path parameter whose `enum` admits '', '.' or '..': sent as a path segment, such a value
// changes the path (an empty segment, or one URL resolution removes), so the client refuses to
// send it (packages/core) and no server route can read it (cpy.re peertube documents '' as "no
// filter" for /api/v1/jobs/{state}). The fix (lint --fix): those values out of the enum.
const BAD = ['', '.', '..'];

/** The values of a path parameter's enum that would change the path. */
export const pathChangingValues = (schema) => (Array.isArray(schema?.enum) ? schema.enum.filter((v) => BAD.includes(v)) : []);

export default function pathParamEmptyValue() {
  return {
    Parameter: {
      enter(param, ctx) {
        if (param?.in !== 'path' || !param.schema) return;
        const { node: schema, location } = ctx.resolve(param.schema);
        const bad = pathChangingValues(schema);
        if (!bad.length) return;
        ctx.report({
          message: `The path parameter \`${param.name}\` admits ${bad.map((v) => JSON.stringify(v)).join(', ')}: as a path segment it would change the path, so no client can send it. Take it out of the enum.`,
          // a $ref'd schema where it is defined; an inline one under the parameter
          location: (typeof param.schema.$ref === 'string' && location ? location : ctx.location.child('schema')).child('enum'),
        });
      },
    },
  };
}
