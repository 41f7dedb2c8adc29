// A real HTTP server on 127.0.0.1 (port 0) that reads each request body to the end without
// keeping it, and answers 200 with the number of bytes it received. It records the headers and
// the client's port (which connection carried the request) of each request.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DiscardServer {
  url: string;
  seen: { headers: IncomingHttpHeaders; bytes: number; port: number | undefined }[];
  close(): Promise<void>;
}

export async function startDiscardServer(): Promise<DiscardServer> {
  const seen: DiscardServer['seen'] = [];
  const server = createServer((req, res) => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    req.on('end', () => {
      seen.push({ headers: req.headers, bytes, port: req.socket.remotePort });
      const text = JSON.stringify({ received: bytes });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
