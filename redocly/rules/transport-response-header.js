// A response that documents a transport-level header (Transfer-Encoding, Content-Length,
// Connection, Keep-Alive, Content-Encoding, ...: copied from a captured exchange) describes how
// one answer travelled, not data a client reads; fetch handles them before any code sees the
// answer. Prism's mock sends them back as documented, and the answer stops being valid HTTP/1.1
// ("Content-Length can't be present with Transfer-Encoding", a gzip Content-Encoding over a
// plain body): every case of the operation fails as a network error. The fix (lint --fix)
// removes them from the contract.
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

export default function transportResponseHeader() {
  return {
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
  };
}
