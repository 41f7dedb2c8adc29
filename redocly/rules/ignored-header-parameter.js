// A header parameter named Accept, Content-Type or Authorization: OpenAPI says such a definition
// SHALL be ignored (the media types and the security requirements say those), yet a client that
// sends it as documented collides with what it sends anyway; Prism then refuses the credentials
// (npr.org's token revocation documents its bearer token as an `Authorization` parameter:
// "Invalid security scheme used"). The fix (lint --fix): the parameter removed; for
// Authorization, the operation requires the document's one scheme that sends that header.
export const IGNORED_HEADERS = ['accept', 'content-type', 'authorization'];

function check(node, ctx) {
  const params = node?.parameters;
  if (!Array.isArray(params)) return;
  params.forEach((raw, i) => {
    const { node: p } = ctx.resolve(raw);
    if (p?.in !== 'header' || typeof p.name !== 'string' || !IGNORED_HEADERS.includes(p.name.toLowerCase())) return;
    ctx.report({
      message: `The header parameter \`${p.name}\` is one OpenAPI ignores (${p.name.toLowerCase() === 'authorization' ? 'security requirements say how credentials are sent' : 'the media types say it'}); a client sending it as documented collides with what it sends anyway. Remove it${p.name.toLowerCase() === 'authorization' ? ' and name the security scheme instead' : ''}.`,
      location: ctx.location.child(['parameters', i]),
    });
  });
}

export default function ignoredHeaderParameter() {
  return {
    PathItem: { enter: check },
    Operation: { enter: check },
  };
}
