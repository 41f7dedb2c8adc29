// An operation that requires credentials must document 401: clients type the error branch from
// the documented responses, and the contract tests send requests without credentials.
export default function operation401Documented() {
  let rootSecurity = [];
  return {
    Root: {
      enter(root) {
        rootSecurity = root.security ?? [];
      },
    },
    Operation: {
      enter(operation, ctx) {
        const security = operation.security ?? rootSecurity;
        const requiresAuth = security.length > 0 && !security.some((req) => Object.keys(req).length === 0);
        const responses = operation.responses ?? {};
        if (requiresAuth && !('401' in responses) && !('4XX' in responses)) {
          ctx.report({
            message: 'Operation requires credentials but does not document a 401 response.',
            location: ctx.location.child('responses').key(),
          });
        }
      },
    },
  };
}
