// The runtime suite: the same few real calls of a published client (@capi/salesive on
// @capi/core), run in each runtime the packages claim (Node, a browser page, workerd) against
// server.mjs on 127.0.0.1. Bundled per runtime by bundle.mjs; returns what each call gave, for
// runtimes.test.mjs / runtimes.e2e.test.mjs to check. Runtime-neutral: no Node API here.
// 'capi-suite-client' is @capi/salesive's source, by bundle.mjs's alias: a name of its own, since
// @capi/scripts cannot depend on a client package (each client depends on @capi/scripts).
import { createSalesiveClient } from 'capi-suite-client';

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
  return out;
}

function runtimeName() {
  // workerd has a `process` too (Node compatibility): its user agent says what it is
  const g = globalThis;
  if (g.navigator?.userAgent) return g.navigator.userAgent;
  if (g.process?.versions?.node) return `node ${g.process.versions.node}`;
  return 'unknown';
}
