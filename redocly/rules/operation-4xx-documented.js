// The 4xx an operation can return must be documented: 400 (or 422) when it takes a request body
// or parameters that can be invalid, 404 when it addresses a resource by path parameter.
export default function operation4xxDocumented() {
  return {
    Operation: {
      enter(operation, ctx) {
        const responses = operation.responses ?? {};
        const has = (...codes) => codes.some((c) => c in responses) || '4XX' in responses;
        const params = [...(operation.parameters ?? []), ...(ctx.parentPathItem?.parameters ?? [])];
        const pathParam = params.some((p) => p.in === 'path') || /\{[^}]+\}/.test(ctx.key ?? '');
        const missing = [];
        if (operation.requestBody && !has('400', '422')) missing.push('400 (invalid request body)');
        if (pathParam && !has('404')) missing.push('404 (no resource at the path)');
        if (missing.length) {
          ctx.report({
            message: `Operation does not document ${missing.join(' or ')}.`,
            location: ctx.location.child('responses').key(),
          });
        }
      },
    },
  };
}
