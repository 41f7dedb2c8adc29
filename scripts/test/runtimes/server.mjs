// The runtime suite's servers on 127.0.0.1: the API (CORS open, since the browser page calls it
// from another origin) and a static server for the page and the bundles. Both close with every
// socket destroyed (the 'slow' answer never comes). Besides salesive's PUT, the API has an OAuth2
// token endpoint (client credentials), two paged lists behind its tokens (a cursor in the body, a
// `Link` header) and a webhook delivery signed here with node:crypto, for the suite to verify.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { SUITE_CLIENT, SUITE_WEBHOOK_SECRET } from './values.mjs';

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, PUT, POST, PATCH, DELETE',
  'access-control-allow-headers': 'authorization, content-type, idempotency-key',
  'access-control-max-age': '600',
  // the page reads the Link header of a paged list (a browser hides it otherwise)
  'access-control-expose-headers': 'link',
};

const ITEMS = [1, 2, 3, 4, 5].map((id) => ({ id }));

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

/**
 * The API: PUT /customers/{ok|missing|flaky-*|slow} (salesive's token), POST /oauth/token, GET
 * /items?cursor= and /events?after= (an issued token), GET /webhook (a signed delivery); `hits`
 * counts requests by path, preflights apart.
 */
export async function startApi() {
  const hits = { preflight: 0 };
  const issued = new Set();
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
      const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      const query = new URL(req.url ?? '/', 'http://x').searchParams;
      if (path === '/oauth/token') {
        const basic = `Basic ${Buffer.from(`${SUITE_CLIENT.id}:${SUITE_CLIENT.secret}`).toString('base64')}`;
        const form = new URLSearchParams(body);
        if (req.method !== 'POST' || req.headers.authorization !== basic) return send(401, { error: 'invalid_client' });
        if (form.get('grant_type') !== 'client_credentials') return send(400, { error: 'unsupported_grant_type' });
        const token = `suite-access-${issued.size + 1}`;
        issued.add(token);
        return send(200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
      }
      if (path === '/items' || path === '/events') {
        if (req.method !== 'GET' || !issued.has(bearer)) return send(401, { error: 'unauthorized' });
        if (path === '/items') {
          const at = Number(query.get('cursor') ?? 0);
          return send(200, { data: ITEMS.slice(at, at + 2), next_cursor: at + 2 < ITEMS.length ? String(at + 2) : null });
        }
        const after = Number(query.get('after') ?? 0);
        if (after + 2 < ITEMS.length) res.setHeader('link', `</events?after=${after + 2}>; rel="next"`);
        return send(200, ITEMS.slice(after, after + 2));
      }
      if (path === '/webhook') {
        // signed as the suite's scheme says: HMAC-SHA256 over "<timestamp>.<body>", hex, prefixed
        const text = JSON.stringify({ type: 'customer.updated', data: { id: 'ok' } });
        const timestamp = String(Math.floor(Date.now() / 1000));
        const sig = createHmac('sha256', SUITE_WEBHOOK_SECRET).update(`${timestamp}.${text}`).digest('hex');
        return send(200, { body: text, headers: { 'x-suite-signature': `sha256=${sig}`, 'x-suite-timestamp': timestamp } });
      }
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
