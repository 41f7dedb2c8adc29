// The runtime suite's servers on 127.0.0.1: the API (CORS open, since the browser page calls it
// from another origin) and a static server for the page and the bundles. Both close with every
// socket destroyed (the 'slow' answer never comes).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, PUT, POST, PATCH, DELETE',
  'access-control-allow-headers': 'authorization, content-type, idempotency-key',
  'access-control-max-age': '600',
};

function listen(handler) {
  const sockets = new Set();
  const server = createServer(handler);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        close: () =>
          new Promise((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      }),
    ),
  );
}

/** The API: PUT /customers/{ok|missing|flaky-*|slow}; `hits` counts requests by path, preflights apart. */
export async function startApi() {
  const hits = { preflight: 0 };
  const api = await listen((req, res) => {
    const send = (status, body) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { ...CORS, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (req.method === 'OPTIONS') {
      hits.preflight++;
      res.writeHead(204, CORS);
      return res.end();
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits[path] = (hits[path] ?? 0) + 1;
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const id = path.split('/').pop() ?? '';
      const auth = req.headers.authorization === 'Bearer app_runtime_suite';
      if (req.method !== 'PUT' || !path.startsWith('/customers/') || !auth)
        return send(400, { status: 400, success: false, message: 'bad request' });
      const name = JSON.parse(body || '{}').name;
      if (id === 'ok') return send(200, { status: 200, success: true, message: 'updated', data: { id: 'ok', name } });
      if (id === 'missing') return send(404, { status: 404, success: false, message: 'Customer not found' });
      if (id.startsWith('flaky-')) {
        if (hits[path] < 2) return send(503, { status: 503, success: false, message: 'warming up' });
        return send(200, { status: 200, success: true, message: 'updated', data: { id: 'flaky', name, attempt: hits[path] } });
      }
      if (id === 'slow') return; // never answers: the client's timeout ends the call
      send(400, { status: 400, success: false, message: 'unknown id' });
    });
  });
  return { ...api, hits };
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

/** Serves the files of `dir` (the page and its bundle): another origin than the API. */
export function startStatic(dir) {
  return listen(async (req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').pathname.slice(1) || 'index.html';
    if (!/^[\w.-]+$/.test(name)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const bytes = await readFile(join(dir, name));
      res.writeHead(200, { 'content-type': TYPES[extname(name)] ?? 'application/octet-stream' });
      res.end(bytes);
    } catch {
      res.writeHead(404).end();
    }
  });
}
