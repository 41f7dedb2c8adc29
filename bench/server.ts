// The benchmark's server, in its own process so it does not share the client's event loop:
// keep-alive HTTP on 127.0.0.1, answering every request with one fixed JSON body.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const body = JSON.stringify({
  status: 200,
  success: true,
  message: 'Customer updated successfully',
  data: { _id: '665a1f2c9b1e4a0012ab34cd', name: 'Ada Obi', phone: '+2348099998888', email: 'ada@example.com', active: false, user: null },
});
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
process.on('disconnect', () => server.close(() => process.exit(0)));
