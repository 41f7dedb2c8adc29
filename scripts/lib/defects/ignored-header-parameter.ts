// capi/ignored-header-parameter: a header parameter named Accept, Content-Type or Authorization.
// OpenAPI says such a definition SHALL be ignored (the media types and the security requirements
// say those), yet a client that sends it as documented collides with what it sends anyway; Prism
// then refuses the credentials (npr.org's token revocation documents its bearer token as an
// `Authorization` parameter: "Invalid security scheme used"). The action removes the parameter;
// for Authorization, the operation requires the document's one scheme that sends that header.
import { getAt, jsonPathOf, parsePointer, resolveLocal } from '../spec/json-pointer.ts';
import { typedPath } from '../build/defect-actions.ts';
import { perFinding } from './per-finding.ts';
import type { DefectKind, OverlayAction, RuleContext, SpecNode } from './types.ts';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

const IGNORED_HEADERS = ['accept', 'content-type', 'authorization'];

function check(node: SpecNode, ctx: RuleContext): void {
  const params = node?.parameters;
  if (!Array.isArray(params)) return;
  params.forEach((raw, i) => {
    const p = ctx.resolve(raw).node as { in?: unknown; name?: unknown } | undefined;
    if (p?.in !== 'header' || typeof p.name !== 'string' || !IGNORED_HEADERS.includes(p.name.toLowerCase())) return;
    const auth = p.name.toLowerCase() === 'authorization';
    ctx.report({
      message: `The header parameter \`${p.name}\` is one OpenAPI ignores (${auth ? 'security requirements say how credentials are sent' : 'the media types say it'}); a client sending it as documented collides with what it sends anyway. Remove it${auth ? ' and name the security scheme instead' : ''}.`,
      location: ctx.location.child(['parameters', i]),
    });
  });
}

// --- a header parameter OpenAPI ignores (Accept, Content-Type, Authorization) ---------------------

/**
 * capi/ignored-header-parameter, reported at `.../parameters/<i>`: the parameter removed. For an
 * operation's `Authorization` without security of its own, when the document has exactly one
 * scheme that sends that header (http, oauth2, openIdConnect), the operation requires it: what
 * the parameter was saying.
 */
function ignoredHeaderParameterActions(doc: unknown, pointer: string, where: string, rule: string): OverlayAction[] {
  const segs = typedPath(doc, parsePointer(pointer));
  if (segs.at(-2) !== 'parameters' || typeof segs.at(-1) !== 'number') return [];
  const param = resolveLocal(doc, getAt(doc, segs));
  const name = isObject(param) ? String(param.name) : '?';
  const actions: OverlayAction[] = [
    {
      target: jsonPathOf(segs),
      description: `Upstream documents \`${name}\` as a header parameter (${where}), which OpenAPI ignores (${name.toLowerCase() === 'authorization' ? 'security requirements say how credentials go' : 'the media types say it'}), and a client sending it as documented collides with what it sends anyway; removed.`,
      remove: true,
      'x-fixes': [rule],
    },
  ];
  const op = segs.slice(0, -2);
  const operation = getAt(doc, op);
  const schemes =
    isObject(doc) && isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  const senders = Object.entries(schemes).filter(
    ([, s]) => isObject(s) && (s.type === 'http' || s.type === 'oauth2' || s.type === 'openIdConnect'),
  );
  const isOperation = op.length === 3 && op[0] === 'paths';
  if (
    name.toLowerCase() === 'authorization' &&
    isOperation &&
    isObject(operation) &&
    operation.security === undefined &&
    senders.length === 1
  ) {
    actions.push({
      target: jsonPathOf(op),
      description: `...and the operation requires ${senders[0][0]}, the document's one scheme that sends an Authorization header (what the parameter said).`,
      update: { security: [{ [senders[0][0]]: [] }] },
      'x-fixes': [rule],
    });
  }
  return actions;
}

export const kind: DefectKind = {
  id: 'capi/ignored-header-parameter',
  severity: 'error',
  stage: 'lint',
  docs: "A header parameter named Accept, Content-Type or Authorization, which OpenAPI says is ignored: a client sending it as documented collides with what it sends anyway, and Prism refuses the credentials (npr.org documents its bearer token so). The action removes the parameter; for Authorization the operation then requires the document's one scheme that sends that header.",
  visitor: () => ({
    PathItem: { enter: check },
    Operation: { enter: check },
  }),
  fix: perFinding(ignoredHeaderParameterActions),
};
