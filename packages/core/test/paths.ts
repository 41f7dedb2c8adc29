// The two ways a call can go on Node (docs/clients.md, "The fast path"): the suites that run on
// the Node transport run on both. `nodeTransport()` given as `fetch` takes the fast path; the
// same pool reached only through a fetch function taking Requests (as any custom fetch, or a
// user middleware, makes it) takes the Request way.
import type { NodeTransport } from '../src/node.js';

/** The Node transport as a plain fetch function: every call builds a Request (the Request way). */
export function throughRequests(transport: NodeTransport): NodeTransport {
  return Object.assign((request: Request) => transport(request), { close: () => transport.close() }) as unknown as NodeTransport;
}
