// The runtime suite: the same few real calls of a published client (@capi/salesive on
// @capi/core), run in each runtime the packages claim (Node, a browser page, workerd) against
// server.mjs on 127.0.0.1. Bundled per runtime by bundle.mjs; returns what each call gave, for
// runtimes.test.mjs / runtimes.e2e.test.mjs to check. Runtime-neutral: no Node API here.
// 'capi-suite-client' is @capi/salesive's source, by bundle.mjs's alias: a name of its own, since
// @capi/scripts cannot depend on a client package (each client depends on @capi/scripts), and
// 'capi-suite-core' is @capi/core's entry for the runtime, the one the client's own imports get.
// No published client has an oauth2 scheme, paged operations or signed webhooks yet, so those
// calls go through a provider client put together here with @capi/core's createProviderClient,
// as a generated factory does (the same code path: auth, the page loop, WebCrypto).
import { createProviderClient, oauth2Option, verifyWebhook, ReplayCache } from 'capi-suite-core';
import { createSalesiveClient } from 'capi-suite-client';
import { SUITE_CLIENT, SUITE_WEBHOOK_SECRET } from './values.mjs';

/** The suite's provider: an oauth2 client-credentials scheme, a cursor-paged and a Link-paged list. */
const spec = {
  servers: [],
  security: [{ oauth: ['read'] }],
  securitySchemes: { oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: '/oauth/token', scopes: ['read'] } } } },
  operations: { 'GET /items': ['200', '401'], 'GET /events': ['200', '401'] },
  pagination: {
    'GET /items': { style: 'cursor', request: { cursor: 'cursor' }, response: { items: '/data', next: '/next_cursor' } },
    'GET /events': { style: 'link', response: { items: '' } },
  },
};

/** The suite's webhook scheme: HMAC-SHA256 over "<timestamp>.<body>", hex after "sha256=". */
const scheme = {
  algorithm: 'hmac-sha256',
  header: 'x-suite-signature',
  timestampHeader: 'x-suite-timestamp',
  payload: 'timestamp.body',
  encoding: 'hex',
  prefix: 'sha256=',
  event: { pointer: '/type' },
};

export async function runSuite(baseUrl) {
  const client = createSalesiveClient({ token: 'app_runtime_suite', baseUrl, retry: { baseDelay: 1, maxDelay: 5 } });
  const put = (id, init = {}) => client.PUT('/customers/{id}', { params: { path: { id } }, body: { name: 'Ada' }, ...init });
  const out = { runtime: runtimeName() };
  const ok = await put('ok');
  out.success = { id: ok.data?.data?.id, name: ok.data?.data?.name, error: ok.error?.kind ?? null };
  const missing = await put('missing');
  out.documented = { kind: missing.error?.kind, status: missing.error?.status, documented: missing.error?.documented };
  const flaky = await put(`flaky-${Math.random().toString(36).slice(2)}`);
  out.retry = { id: flaky.data?.data?.id, attempt: flaky.data?.data?.attempt, error: flaky.error?.kind ?? null };
  const slow = await put('slow', { timeoutMs: 300, retry: false });
  out.timeout = { kind: slow.error?.kind, timeout: slow.error?.timeout };
  out.oauth2 = await oauth2Calls(baseUrl);
  out.pagination = await pagination(baseUrl);
  out.webhook = await webhook(baseUrl);
  return out;
}

const pagedClient = (baseUrl, clientSecret = SUITE_CLIENT.secret) =>
  createProviderClient(
    { name: 'suite', spec, optionNames: { oauth: 'token' } },
    { baseUrl, retry: false },
    { oauth: oauth2Option({ clientId: SUITE_CLIENT.id, clientSecret }) },
  );

/** Client credentials: five concurrent calls share one token request; a wrong secret is an auth error without it. */
async function oauth2Calls(baseUrl) {
  const results = await Promise.all(Array.from({ length: 5 }, () => pagedClient(baseUrl).GET('/items')));
  const shared = pagedClient(baseUrl);
  const concurrent = await Promise.all(Array.from({ length: 5 }, () => shared.GET('/items')));
  const wrong = await pagedClient(baseUrl, 'not-the-suite-secret').GET('/items');
  return {
    separate: results.every((r) => r.data?.data?.length === 2),
    concurrent: concurrent.every((r) => r.data?.data?.length === 2),
    wrongSecret: {
      kind: wrong.error?.kind,
      named: /scheme "oauth", clientCredentials flow/.test(wrong.error?.message ?? ''),
      leaks: JSON.stringify(wrong.error).includes('not-the-suite-secret') || String(wrong.error?.message).includes('not-the-suite-secret'),
    },
  };
}

/** Pages and items of a cursor-paged list, a Link-paged one (the header read across origins), and maxItems. */
async function pagination(baseUrl) {
  const c = pagedClient(baseUrl);
  const ids = async (iterable) => {
    const got = [];
    for await (const item of iterable) got.push(item.id);
    return got;
  };
  let pages = 0;
  for await (const _page of c.paginate('GET /items')) pages++;
  return {
    cursor: await ids(c.paginate('GET /items').items()),
    pages,
    link: await ids(c.paginate('GET /events').items()),
    maxItems: await ids(c.paginate('GET /items', {}, { maxItems: 3 }).items()),
  };
}

/** A delivery signed by the server (node:crypto) verified here (WebCrypto); tampered and replayed ones refused. */
async function webhook(baseUrl) {
  const delivery = await (await fetch(`${baseUrl}/webhook`)).json();
  const replay = new ReplayCache();
  const check = (body) => verifyWebhook({ scheme, secret: SUITE_WEBHOOK_SECRET, body, headers: delivery.headers, replay });
  const tampered = await check(delivery.body.replace('"ok"', '"other"'));
  const good = await check(delivery.body);
  const again = await check(delivery.body);
  return {
    name: good.ok ? good.event.name : good.error.kind,
    payloadId: good.ok ? good.event.payload?.data?.id : null,
    tampered: tampered.ok ? 'accepted' : tampered.error.kind,
    replayed: again.ok ? 'accepted' : again.error.kind,
  };
}

function runtimeName() {
  // workerd has a `process` too (Node compatibility): its user agent says what it is
  const g = globalThis;
  if (g.navigator?.userAgent) return g.navigator.userAgent;
  if (g.process?.versions?.node) return `node ${g.process.versions.node}`;
  return 'unknown';
}
