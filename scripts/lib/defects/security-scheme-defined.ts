// capi/security-scheme-defined: every security requirement (document-wide or per operation) must
// name a scheme defined under components.securitySchemes: the clients apply credentials by the
// scheme's definition. No mechanical correction: which scheme was meant is for a person to say.
import type { DefectKind, RuleLocation, SpecNode } from './types.ts';

export const kind: DefectKind = {
  id: 'capi/security-scheme-defined',
  severity: 'error',
  stage: 'lint',
  docs: "A security requirement that names a scheme not defined under components.securitySchemes: the clients apply credentials by the scheme's definition. No action: which scheme was meant is for a person to say (define it in the overlay, or accept the rule with a reason).",
  visitor: () => {
    const used: { req: SpecNode; location: RuleLocation }[] = [];
    let defined: Record<string, unknown> = {};
    return {
      Root: {
        enter(root, ctx) {
          defined = root?.components?.securitySchemes ?? {};
          for (const [i, req] of (root?.security ?? []).entries()) used.push({ req, location: ctx.location.child(['security', i]) });
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
          for (const [i, req] of (operation?.security ?? []).entries()) used.push({ req, location: ctx.location.child(['security', i]) });
        },
      },
    };
  },
};
