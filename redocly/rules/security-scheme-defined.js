// Every security requirement (document-wide or per operation) must name a scheme defined under
// components.securitySchemes: the clients apply credentials by the scheme's definition.
export default function securitySchemeDefined() {
  const used = [];
  let defined = {};
  return {
    Root: {
      enter(root, ctx) {
        defined = root.components?.securitySchemes ?? {};
        for (const [i, req] of (root.security ?? []).entries()) used.push({ req, location: ctx.location.child(['security', i]) });
      },
      leave(_root, ctx) {
        for (const { req, location } of used) {
          for (const name of Object.keys(req ?? {})) {
            if (!(name in defined)) {
              ctx.report({
                message: `Security requirement names "${name}", which is not defined in components.securitySchemes.`,
                location: location.child(name).key(),
              });
            }
          }
        }
        used.length = 0;
      },
    },
    Operation: {
      enter(operation, ctx) {
        for (const [i, req] of (operation.security ?? []).entries()) used.push({ req, location: ctx.location.child(['security', i]) });
      },
    },
  };
}
