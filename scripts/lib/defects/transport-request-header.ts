// capi/transport-request-header: a header parameter named after a transport-level header
// (Content-Length, Transfer-Encoding, Connection, Keep-Alive, ...: copied from a captured
// exchange) asks the client to set what the HTTP stack itself writes from the body it sends: fetch
// refuses or overrides them, so a required one can never be sent as documented (cpy.re peertube
// requires `Content-Length`, and Prism then refuses every call).
import { getAt, jsonPathOf, parsePointer, resolveLocal } from '../spec/json-pointer.ts';
import { typedPath } from '../build/defect-actions.ts';
import { perFinding } from './per-finding.ts';
import { TRANSPORT_HEADERS } from './transport-response-header.ts';
import type { DefectKind, OverlayAction, RuleContext, SpecNode } from './types.ts';

/** Content-Encoding is the client's to choose on a request (a body it compressed): not here. */
const REQUEST_TRANSPORT = TRANSPORT_HEADERS.filter((h) => h !== 'content-encoding');

function check(node: SpecNode, ctx: RuleContext): void {
  const params = node?.parameters;
  if (!Array.isArray(params)) return;
  params.forEach((raw, i) => {
    const p = ctx.resolve(raw).node as { in?: unknown; name?: unknown } | undefined;
    if (p?.in !== 'header' || typeof p.name !== 'string' || !REQUEST_TRANSPORT.includes(p.name.toLowerCase())) return;
    ctx.report({
      message: `The header parameter \`${p.name}\` is a transport-level header: the HTTP stack writes it from the body it sends, and a client cannot set it as documented (fetch refuses or overrides it). Remove it from the contract.`,
      location: ctx.location.child(['parameters', i]),
    });
  });
}

/** Reported at `.../parameters/<i>`: that parameter removed (from this list; a shared definition stays for its other uses). */
function transportRequestHeaderActions(doc: unknown, pointer: string, where: string, rule: string): OverlayAction[] {
  const segs = typedPath(doc, parsePointer(pointer));
  if (segs.at(-2) !== 'parameters' || typeof segs.at(-1) !== 'number') return [];
  const param = resolveLocal(doc, getAt(doc, segs)) as { name?: unknown } | null | undefined;
  const name = param && typeof param === 'object' && !Array.isArray(param) ? String(param.name) : '?';
  return [
    {
      target: jsonPathOf(segs),
      description: `Upstream documents the transport-level header \`${name}\` as a header parameter (${where}), copied from one exchange: the HTTP stack writes it from the body, and no client can send it as documented; removed from the contract.`,
      remove: true,
      'x-fixes': [rule],
    },
  ];
}

export const kind: DefectKind = {
  id: 'capi/transport-request-header',
  severity: 'error',
  stage: 'lint',
  docs: 'A header parameter named after a transport-level header (Content-Length, Transfer-Encoding, Connection, ...), copied from a captured exchange: the HTTP stack writes it from the body, so no client can send it as documented (cpy.re peertube requires Content-Length, and Prism refused every call). The action removes the parameter from the contract (from that list; a shared definition stays for its other uses).',
  visitor: () => ({
    PathItem: { enter: check },
    Operation: { enter: check },
  }),
  fix: perFinding(transportRequestHeaderActions),
};
