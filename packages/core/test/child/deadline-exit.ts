// Child of deadlines.test.ts: one call on the fast path (the default Node transport) with a
// ten-minute attempt timeout, answered at once by a server in this process, which then closes.
// The process must then exit on its own: the shared deadline timer keeps no process alive once
// no attempt is in flight (as a cleared timer would not).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// the Node entry: a client given no `fetch` is on the default Node transport, the fast path
const core = await import('../../src/index.node.js');
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
});
await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
const spec = { servers: [], security: [], securitySchemes: {} };
type Loose = { request(method: string, path: string, init: object): Promise<{ data?: unknown; error?: unknown }> };
const client = core.createProviderClient(
  { name: 'child', spec },
  { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, timeoutMs: 600_000, totalTimeoutMs: 1_200_000 },
  {},
) as unknown as Loose;
const r = await client.request('get', '/things', {});
server.closeAllConnections();
server.close();
console.log(JSON.stringify({ data: r.data, error: r.error ?? null }));
