// capi/transport-response-header: a response that documents a transport-level header
// (Transfer-Encoding, Content-Length, Connection, Keep-Alive, Content-Encoding, ...: copied from a
// captured exchange) describes how one answer travelled, not data a client reads; fetch handles
// them before any code sees the answer. Prism's mock sends them back as documented, and the
// answer stops being valid HTTP/1.1 ("Content-Length can't be present with Transfer-Encoding", a
// gzip Content-Encoding over a plain body): every case of the operation fails as a network error.
import { getAt, jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import { typedPath } from '../build/defect-actions.ts';
import { perFinding } from './per-finding.ts';
import type { DefectKind, OverlayAction } from './types.ts';

export const TRANSPORT_HEADERS = [
  'connection',
  'content-encoding',
  'content-length',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

/** The header's entry removed from the response's `headers`. */
function transportHeaderActions(doc: unknown, pointer: string, where: string, rule: string): OverlayAction[] {
  const segs = typedPath(doc, parsePointer(pointer));
  if (segs.at(-2) !== 'headers' || getAt(doc, segs) === undefined) return [];
  return [
    {
      target: jsonPathOf(segs),
      description: `Upstream documents the transport-level header \`${String(segs.at(-1))}\` on a response (${where}), copied from one exchange: no client reads it as data, and a mock that sends it back as documented makes the answer invalid HTTP/1.1; removed from the contract.`,
      remove: true,
      'x-fixes': [rule],
    },
  ];
}

export const kind: DefectKind = {
  id: 'capi/transport-response-header',
  severity: 'error',
  stage: 'lint',
  docs: 'A response that documents a transport-level header (Transfer-Encoding, Content-Length, Connection, Keep-Alive, Content-Encoding, ...), copied from one captured exchange: no client reads it as data, and Prism sends it back as documented, which makes the answer invalid HTTP/1.1 (every case of the operation fails). The action removes the header from the contract.',
  visitor: () => ({
    Response: {
      enter(response, ctx) {
        const headers = response?.headers;
        if (!headers || typeof headers !== 'object') return;
        for (const name of Object.keys(headers)) {
          if (!TRANSPORT_HEADERS.includes(name.toLowerCase())) continue;
          ctx.report({
            message: `The response documents the transport-level header \`${name}\`: it says how one answer travelled, no client reads it as data, and a mock that sends it back as documented breaks the answer (HTTP/1.1 framing). Remove it from the contract.`,
            location: ctx.location.child(['headers', name]).key(),
          });
        }
      },
    },
  }),
  fix: perFinding(transportHeaderActions),
};
