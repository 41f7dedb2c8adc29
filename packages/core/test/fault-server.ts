// A real HTTP server on 127.0.0.1 that misbehaves on command: the path names the fault.
// Every request is recorded (method, path, headers) so tests can count attempts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzip, gzipSync, zstdCompressSync } from 'node:zlib';
import { promisify } from 'node:util';
import { StringDecoder } from 'node:string_decoder';
import { afterAll, beforeAll } from 'vitest';
import type { NodeTransport } from '../src/node.js';

export interface FaultServer {
  url: string;
  /**
   * `raw`: the request target exactly as received (before any URL normalization); `body` the
   * request body as UTF-8 text, `bytes` as received.
   */
  hits: { method: string; path: string; raw: string; headers: IncomingMessage['headers']; body: string; bytes: Buffer }[];
  count(path: string): number;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, attempt: number) => void;

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
};

const encoded = (res: ServerResponse, coding: string, bytes: Buffer) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding, 'content-length': bytes.length });
  res.end(bytes);
};
const OK_BODY = Buffer.from(JSON.stringify({ id: 'c1', note: 'decoded' }));
let bomb: Promise<Buffer> | undefined;
/** 20 MiB of JSON that gzip makes about 20 kB: twice the client's default limit, decoded (compressed off the main thread, once). */
const gzipBomb = () =>
  (bomb ??= promisify(gzip)(Buffer.concat([Buffer.from('{"pad":"'), Buffer.alloc(20 * 1024 * 1024, 97), Buffer.from('"}')])));

/**
 * The faults by name. `echo`: what an echoing server reflects of a request; `elsewhere`: the
 * origin the redirect faults point to (another server).
 */
export function faults(
  echo: (req: IncomingMessage) => unknown,
  elsewhere: () => string = () => 'http://127.0.0.1:9',
): Record<string, Handler> {
  const redirect =
    (status: number, sameOrigin = false) =>
    (req: IncomingMessage, res: ServerResponse) => {
      const to = sameOrigin ? '/customers/ok' : `${elsewhere()}${req.url}`;
      res.writeHead(status, { location: to, 'content-length': '0' });
      res.end();
    };
  return {
    'redirect-301': redirect(301),
    'redirect-302': redirect(302),
    'redirect-303': redirect(303),
    'redirect-307': redirect(307),
    'redirect-308': redirect(308),
    'redirect-same-origin': redirect(307, true),
    // reads the whole request body, then drops the connection without answering
    'read-then-reset': (_req, res) => res.socket?.destroy(),
    'gzip-ok': (_req, res) => encoded(res, 'gzip', gzipSync(OK_BODY)),
    'deflate-ok': (_req, res) => encoded(res, 'deflate', deflateSync(OK_BODY)),
    'br-ok': (_req, res) => encoded(res, 'br', brotliCompressSync(OK_BODY)),
    'zstd-ok': (_req, res) => encoded(res, 'zstd', zstdCompressSync(OK_BODY)),
    'raw-deflate-ok': (_req, res) => encoded(res, 'deflate', deflateRawSync(OK_BODY)),
    'gzip-then-br-ok': (_req, res) => encoded(res, 'gzip, br', brotliCompressSync(gzipSync(OK_BODY))),
    'corrupt-gzip': (_req, res) => encoded(res, 'gzip', Buffer.from('this is not gzip at all')),
    'gzip-bomb': (_req, res) => void gzipBomb().then((bytes) => encoded(res, 'gzip', bytes)),
    ok: (_req, res) => json(res, 200, { id: 'c1' }),
    'reset-mid-body': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"id": "c1", "pad": "');
      setTimeout(() => res.socket?.destroy(), 20);
    },
    'no-headers': () => {
      /* never answers: the client's attempt timeout must fire */
    },
    trickle: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id": "');
      const timer = setInterval(() => res.write('x'), 50);
      res.on('close', () => clearInterval(timer));
    },
    'status-500': (_req, res) => json(res, 500, { error: { code: 'INTERNAL', message: 'boom' } }),
    'status-502': (_req, res) => json(res, 502, { error: { code: 'BAD_GATEWAY', message: 'upstream down' } }),
    'status-503': (_req, res) => json(res, 503, { error: { code: 'UNAVAILABLE', message: 'try later' } }),
    'status-504': (_req, res) => json(res, 504, { error: { code: 'GATEWAY_TIMEOUT', message: 'slow upstream' } }),
    'flaky-503': (_req, res, attempt) =>
      attempt < 2 ? json(res, 503, { error: { message: 'warming up' } }) : json(res, 200, { id: 'c1' }),
    '429-seconds': (_req, res, attempt) =>
      attempt < 2
        ? json(res, 429, { error: { code: 'RATE', message: 'slow down' } }, { 'retry-after': '1' })
        : json(res, 200, { id: 'c1' }),
    '429-date': (_req, res, attempt) =>
      attempt < 2
        ? json(res, 429, { error: { code: 'RATE', message: 'slow down' } }, { 'retry-after': new Date(Date.now() + 1500).toUTCString() })
        : json(res, 200, { id: 'c1' }),
    '429-too-long': (_req, res) => json(res, 429, { error: { code: 'RATE', message: 'come back tomorrow' } }, { 'retry-after': '86400' }),
    'malformed-json': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '9' });
      res.end('{"id": "c');
    },
    // 205 Reset Content with a Content-Length and the bytes it announces (Prism answers a
    // documented 205 like this): fetch gives a 205 no body, whatever the header says
    'reset-205': (_req, res) => {
      const body = JSON.stringify({ id: 'c1', note: 'a 205 carries no content' });
      res.writeHead(205, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    },
    'html-200': (_req, res) => {
      const page = '<p>Hello <strong>world</strong></p>';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page) });
      res.end(page);
    },
    'binary-200': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '4' });
      res.end(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    },
    'empty-500': (_req, res) => {
      res.writeHead(500, { 'content-length': '0' });
      res.end();
    },
    'html-502': (_req, res) => {
      const page = '<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>';
      res.writeHead(502, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(page) });
      res.end(page);
    },
    'big-declared': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) });
      res.write('{"pad":"');
      // never sends the rest: the client must refuse by the declared length alone
    },
    'big-chunked': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 97);
      let sent = 0;
      const pump = () => {
        while (sent < 50 && res.write(chunk)) sent++;
        if (sent < 50) res.once('drain', pump);
        else res.end();
      };
      res.write('{"pad":"');
      pump();
    },
    'echo-401': (req, res) =>
      json(res, 401, { error: { code: 'UNAUTHORIZED', message: `bad credentials: ${JSON.stringify(echo(req))}` }, received: echo(req) }),
    // the echo nested 30 levels deep ({ detail: { detail: ... { received } } }): past any depth a redaction may stop at
    'echo-deep-401': (req, res) => {
      let nested: unknown = { received: echo(req), note: `bad credentials: ${JSON.stringify(echo(req))}` };
      for (let i = 0; i < 30; i++) nested = { detail: nested };
      json(res, 401, { error: { code: 'UNAUTHORIZED', message: 'bad credentials' }, nested });
    },
    // the credentials echoed where the client reads its own fields: the error code and the request id
    'echo-code-401': (req, res) => {
      const sent = echo(req) as Record<string, unknown>;
      const first = String(Object.values(sent).find((v) => typeof v === 'string') ?? '');
      json(res, 401, { error: { code: first, message: 'bad credentials' } }, { 'x-request-id': first });
    },
    // terminal escapes in the code and message a client puts into its error (and so into a log line)
    'escapes-400': (_req, res) =>
      json(
        res,
        400,
        { error: { code: 'E\u001b[31mRED', message: 'bad \u001b]0;pwned\u0007 input\u009b2J \u202eesrever' } },
        // C1 controls (CSI, OSC, ST) are bytes HTTP lets a header carry (obs-text, read as Latin-1)
        { 'x-request-id': 'req\u009b2J\u009d0;pwned\u009c-1' },
      ),
    'echo-html-500': (req, res) => {
      const page = `<html><body>debug: ${JSON.stringify(echo(req))}</body></html>`;
      res.writeHead(500, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(page) });
      res.end(page);
    },
    'request-id': (_req, res) =>
      json(res, 404, { error: { code: 'NOT_FOUND', message: 'no such customer' } }, { 'x-request-id': 'req-42' }),
  };
}

export async function startFaultServer(handlers: Record<string, Handler>): Promise<FaultServer> {
  const hits: FaultServer['hits'] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const hit = { method: req.method ?? '', path, raw: req.url ?? '', headers: req.headers, body: '', bytes: Buffer.alloc(0) };
    hits.push(hit);
    // `/customers/<fault>~<n>`: the fault to play; the suffix keeps each case's attempt count apart
    const mode = (path.split('/').pop() ?? '').split('~')[0] ?? '';
    const handler = Object.hasOwn(handlers, mode) ? handlers[mode] : undefined;
    // read the request body before answering
    const text = new StringDecoder('utf8');
    req.on('data', (chunk: Buffer) => {
      hit.bytes = Buffer.concat([hit.bytes, chunk]);
      hit.body += text.write(chunk);
    });
    req.on('end', () => {
      if (handler) handler(req, res, hits.filter((h) => h.path === path).length);
      else json(res, 404, { error: { message: `no fault named ${mode}` } });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    count: (p) => hits.filter((h) => h.path.endsWith(`/${p}`)).length,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * For a suite run once per transport (`describe.each`): before its tests, the transport made and
 * a fault server (no fault of the suite's own) started, handed to `use`; after them, both closed.
 */
export function faultServerPerSuite(
  makeTransport: () => NodeTransport | undefined,
  use: (server: FaultServer, transport: NodeTransport | undefined) => void,
): void {
  let server: FaultServer | undefined;
  let transport: NodeTransport | undefined;
  beforeAll(async () => {
    transport = makeTransport();
    server = await startFaultServer(faults(() => ({})));
    use(server, transport);
  });
  afterAll(async () => {
    await server?.close();
    await transport?.close();
  });
}

/** A port that refuses connections: bind, note the port, close. */
export async function refusedUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return `http://127.0.0.1:${port}`;
}
