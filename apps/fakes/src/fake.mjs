// The one implementation behind every provider fake: an in-memory store of seeded customers and
// a node:http server on 127.0.0.1 that answers the provider's update operation. The operation
// (method, path, path parameter) and the updatable fields (properties of the request body) come
// from the effective spec; a provider's fake definition (the `fake` of its testing entry,
// packages/<provider>/testing.ts, typed as FakeDefinition in @capi/scripts/provider-testing)
// supplies only what differs: credentials, seed, response and error bodies, and a few field rules.
import { createServer } from 'node:http';
import { isDeepStrictEqual } from 'node:util';

/** The largest request body a fake reads (bytes); a larger one gets the provider's documented 400. */
export const MAX_BODY_BYTES = 64 * 1024;
/** The largest customer a fake stores (bytes of its JSON); an update past it gets the documented 400. */
export const MAX_RECORD_BYTES = 128 * 1024;
/** Pending connections the kernel may queue for a fake's listener (capped by net.core.somaxconn). */
export const LISTEN_BACKLOG = 4096;

/**
 * @typedef {{ status: number, body: unknown }} Answer
 * @typedef {object} FakeConfig
 * @property {string} idField        the record field that is the id in the path
 * @property {object[]} seed         seeded customers, in the provider's own shape
 * @property {(headers: import('node:http').IncomingHttpHeaders) => object | null} authenticate
 *           the caller for valid credentials, else null (401)
 * @property {(record: object) => unknown} render   the 200 body for a stored customer
 * @property {Record<'unauthorized'|'notFound'|'conflict'|'invalid'|'forbidden', (ctx: object) => Answer>} errors
 * @property {string} [updatedAt]    timestamp field moved forward on every change
 * @property {string} [emailField]   field that must be unique (default `email`)
 * @property {boolean} [atLeastOneField] a body with no known field is invalid
 * @property {Record<string, (record: object, value: unknown) => void>} [set] field rules (default: copy the value)
 * @property {(record: object) => void} [derive] recomputes derived fields after an update
 * @property {(records: object[], id: string) => object | undefined} [find] lookup (default: by idField)
 * @property {(caller: object) => string | null} [permit] a reason to refuse the caller (403), checked before the lookup
 * @property {(caller: object, record: object) => string | null} [authorize] a reason to refuse this caller this customer (403)
 */

/**
 * @param {FakeConfig} config
 * @param {{ method: string, path: string, pathParams: { name: string }[], requestFields: string[] }} operation
 */
export function createFake(config, operation) {
  const route = routeMatcher(operation);
  const records = new Map();
  let received = 0;
  const reset = () => {
    received = 0;
    records.clear();
    for (const r of config.seed) records.set(String(r[config.idField]), structuredClone(r));
  };
  reset();
  const emailField = config.emailField ?? 'email';
  const find = config.find ?? ((all, id) => all.find((r) => String(r[config.idField]) === id));

  /**
   * The answer to one request. `refusal`: why its body is refused as it is (larger than
   * MAX_BODY_BYTES, a charset other than UTF-8): the documented invalid-request answer, once the
   * path and the credentials are known good.
   * @returns {Answer}
   */
  function answer({ method, url, headers, text, refusal: bodyRefused }) {
    const id = route(method, url);
    const ctx = { id, path: pathOf(url), body: undefined };
    if (id === undefined) return config.errors.notFound(ctx);
    const caller = config.authenticate(headers);
    if (!caller) return config.errors.unauthorized(ctx);
    if (bodyRefused) return config.errors.invalid({ ...ctx, message: bodyRefused });
    try {
      ctx.body = text ? JSON.parse(text) : undefined;
    } catch {
      return config.errors.invalid({ ...ctx, message: 'the request body is not valid JSON' });
    }
    const body = ctx.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return config.errors.invalid({ ...ctx, message: 'the request body must be a JSON object' });
    }
    const denied = config.permit?.(caller);
    if (denied) return config.errors.forbidden({ ...ctx, message: denied });
    const current = find([...records.values()], id);
    if (!current) return config.errors.notFound(ctx);
    const refusal = config.authorize?.(caller, current);
    if (refusal) return config.errors.forbidden({ ...ctx, message: refusal });
    const fields = Object.keys(body).filter((k) => operation.requestFields.includes(k));
    if (config.atLeastOneField && fields.length === 0) {
      return config.errors.invalid({ ...ctx, message: 'At least one field must be supplied' });
    }
    const email = ownValue(body, emailField);
    if (typeof email === 'string') {
      const taken = [...records.values()].some(
        (r) => r !== current && typeof r[emailField] === 'string' && r[emailField].toLowerCase() === email.toLowerCase(),
      );
      if (taken) return config.errors.conflict({ ...ctx, email });
    }
    const next = structuredClone(current);
    for (const field of fields) (ownValue(config.set, field) ?? copy(field))(next, body[field]);
    config.derive?.(next);
    if (Buffer.byteLength(JSON.stringify(next)) > MAX_RECORD_BYTES) {
      return config.errors.invalid({ ...ctx, message: `the customer would be larger than ${MAX_RECORD_BYTES} bytes` });
    }
    if (config.updatedAt && !isDeepStrictEqual(next, current)) next[config.updatedAt] = later(current[config.updatedAt]);
    records.set(String(current[config.idField]), next);
    return { status: 200, body: config.render(next) };
  }

  /** The answer to a request whose body was read with readBody() (`refusal`: see answer()); counted in `received`. */
  function respond(req, { text, refusal }) {
    received += 1;
    try {
      return answer({ method: req.method, url: req.url, headers: req.headers, text, refusal });
    } catch (err) {
      return { status: 500, body: { message: `fake crashed: ${err.message}` } };
    }
  }

  // keepAliveTimeout 0: the fake never closes an idle keep-alive connection itself; the client
  // that reuses it (Prism's agent) closes it. With Node's default (5 s, plus 1 s), the fake's
  // timer starts when it has written a response, Prism's agent's (announced 5 s less 1 s) only
  // when Prism has read it; both run on one event loop, which under many concurrent requests
  // reads that response seconds later, so Prism reused connections the fake was closing, the
  // fake reset them with the next request unread (ECONNRESET) and Prism answered 500.
  const server = createServer({ keepAliveTimeout: 0 }, async (req, res) => {
    sendAnswer(res, respond(req, await readBody(req)));
  });

  return {
    /** Starts listening on 127.0.0.1 (port 0: a free one). */
    async listen(port = 0) {
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port, host: '127.0.0.1', backlog: LISTEN_BACKLOG }, resolve);
      });
      return `http://127.0.0.1:${server.address().port}`;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
    /** The answer to a request read with readBody(), without HTTP (the front answers some itself). */
    respond,
    /** Puts the seeded customers back, dropping every change (and zeroes `received`). */
    reset,
    /** The stored customer (a copy), by its id. */
    get: (id) => structuredClone(records.get(String(id))),
    /** How many requests reached the fake since the last reset (Prism answers some by itself). */
    get received() {
      return received;
    },
  };
}

/**
 * Reads a request body, keeping at most MAX_BODY_BYTES: past that it drains the rest (so the
 * client still gets its answer), keeps nothing and says why (`refusal`). Node's requestTimeout
 * bounds a body that never ends.
 * @returns {Promise<{ buffer?: Buffer, text?: string, refusal?: string }>}
 */
export function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    const declared = Number(req.headers['content-length']);
    let oversize = declared > MAX_BODY_BYTES;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) oversize = true;
      if (oversize) chunks.length = 0;
      else chunks.push(c);
    });
    const tooLarge = `the request body is larger than ${MAX_BODY_BYTES} bytes`;
    req.on('end', () => {
      if (oversize) return resolve({ refusal: tooLarge });
      const buffer = Buffer.concat(chunks);
      resolve({ buffer, text: buffer.toString('utf8') });
    });
    req.on('error', () => resolve({ refusal: oversize ? tooLarge : 'the request body did not arrive whole' }));
  });
}

/**
 * Writes an Answer as JSON (no body when `body` is undefined), with its extra `headers`.
 * @param {import('node:http').ServerResponse} res
 * @param {{ status: number, body?: unknown, headers?: Record<string, string> }} answer
 */
export function sendAnswer(res, { status, body, headers = {} }) {
  if (body === undefined) {
    res.writeHead(status, { ...headers, 'content-length': 0 });
    res.end();
    return;
  }
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/** The path of a request target (no query), as it was sent. */
const pathOf = (url) => {
  try {
    return new URL(url, 'http://fake').pathname;
  } catch {
    return String(url).split('?')[0];
  }
};

/** `object[key]` when it is the object's own property: nothing inherited (constructor, __proto__). */
const ownValue = (object, key) => (object && Object.hasOwn(object, key) ? object[key] : undefined);

const copy = (field) => (record, value) => {
  record[field] = value;
};

/** An ISO timestamp after `previous` (at least 1 ms later), so updatedAt always moves forward. */
export function later(previous) {
  const before = Date.parse(previous ?? '') || 0;
  return new Date(Math.max(Date.now(), before + 1)).toISOString();
}

/** (method, url) -> the decoded path parameter, or undefined when the request is not the operation. */
function routeMatcher({ method, path, pathParams }) {
  const names = [];
  const source = path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const m = /^\{(.+)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(m[1]);
      return '([^/]+)';
    })
    .join('');
  const re = new RegExp(`^${source}$`);
  const param = pathParams[0]?.name;
  return (reqMethod, url) => {
    if (reqMethod !== method) return undefined;
    const m = re.exec(pathOf(url));
    if (!m) return undefined;
    try {
      return decodeURIComponent(m[names.indexOf(param) + 1] ?? '');
    } catch {
      return undefined; // a malformed %-escape names no customer: the documented 404
    }
  };
}
