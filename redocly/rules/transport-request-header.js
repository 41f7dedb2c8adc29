// A header parameter named after a transport-level header (Content-Length, Transfer-Encoding,
// Connection, Keep-Alive, ...: copied from a captured exchange) asks the client to set what the
// HTTP stack itself writes from the body it sends: fetch refuses or overrides them, so a
// required one can never be sent as documented (cpy.re peertube requires `Content-Length`, and
// Prism then refuses every call). The fix (lint --fix) removes the parameter from the contract.
import { TRANSPORT_HEADERS } from './transport-response-header.js';

/** Content-Encoding is the client's to choose on a request (a body it compressed): not here. */
const REQUEST_TRANSPORT = TRANSPORT_HEADERS.filter((h) => h !== 'content-encoding');

function check(node, ctx) {
  const params = node?.parameters;
  if (!Array.isArray(params)) return;
  params.forEach((raw, i) => {
    const { node: p } = ctx.resolve(raw);
    if (p?.in !== 'header' || typeof p.name !== 'string' || !REQUEST_TRANSPORT.includes(p.name.toLowerCase())) return;
    ctx.report({
      message: `The header parameter \`${p.name}\` is a transport-level header: the HTTP stack writes it from the body it sends, and a client cannot set it as documented (fetch refuses or overrides it). Remove it from the contract.`,
      location: ctx.location.child(['parameters', i]),
    });
  });
}

export default function transportRequestHeader() {
  return {
    PathItem: { enter: check },
    Operation: { enter: check },
  };
}
