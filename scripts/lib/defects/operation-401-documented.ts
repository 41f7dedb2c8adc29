// capi/operation-401-documented: an operation that requires credentials must document 401:
// clients type the error branch from the documented responses, and the contract tests send
// requests without credentials.
import { documentStatuses } from './operation-4xx-documented.ts';
import type { DefectKind, SpecNode } from './types.ts';

export const kind: DefectKind = {
  id: 'capi/operation-401-documented',
  severity: 'error',
  stage: 'lint',
  docs: 'An operation that requires credentials and does not document 401: clients type the error branch from the documented responses, and the contract tests send requests without credentials. The action documents 401 with a description to write (a placeholder lint refuses); beyond 25 findings, accepting the rule is suggested instead.',
  visitor: () => {
    let rootSecurity: SpecNode[] = [];
    return {
      Root: {
        enter(root) {
          rootSecurity = root?.security ?? [];
        },
      },
      Operation: {
        enter(operation, ctx) {
          const security: SpecNode[] = operation?.security ?? rootSecurity;
          const requiresAuth = security.length > 0 && !security.some((req) => Object.keys(req).length === 0);
          const responses = operation?.responses ?? {};
          if (requiresAuth && !('401' in responses) && !('4XX' in responses)) {
            ctx.report({
              message: 'Operation requires credentials but does not document a 401 response.',
              location: ctx.location.child('responses').key(),
            });
          }
        },
      },
    };
  },
  fix: documentStatuses,
};
