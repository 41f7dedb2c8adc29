// Why Prism answered 500 (FetchError ... ECONNRESET) under many concurrent updates, replayed
// step by step against a real fake on 127.0.0.1 (port 0): Prism forwards to the fake through
// Node's global agent (keep-alive, free connections closed after 5 s, or 1 s before the
// `Keep-Alive: timeout=N` the server announces), and Prism and the fake share one event loop.
// A server with Node's default idle timer (5 s, plus 1 s) starts it once it has written an
// answer; the agent starts its own only once Prism has read that answer, which a loop busy with
// hundreds of other answers does seconds later. Prism then reuses a connection the fake is about
// to close: the fake's timer runs before it reads the new request, it closes the connection with
// the request unread, the kernel resets it, and Prism answers 500. The fake must not close an
// idle connection before the client's own idle timer does (its idle life: 65 s, SERVER_LIMITS).
import dc from 'node:diagnostics_channel';
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { selectProviders } from '@capi/scripts/lib/registry/registry.ts';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { repoRoot } from '@capi/conformance/selected.ts';
import { createEngine } from '@capi/core/fake';
import { engineOptions, scenarioTarget } from '../src/serve.ts';
import { fakes } from '../src/providers.ts';
import { clientRequest } from './helpers.ts';

/** Keeps the event loop busy for `ms`, as a loop validating many answers is. */
const busy = (ms) => {
  const end = Date.now() + ms;
  while (Date.now() < end);
};

const name = 'salesive';
const config = fakes[name];
let fake;
let url;
let sent;
beforeAll(async () => {
  const [provider] = selectProviders([name], repoRoot);
  const model = loadSpecModel(provider.effective, { provider: name });
  fake = createEngine(model, engineOptions(config));
  const target = scenarioTarget(fake, model, config);
  url = new URL(await fake.listen(0));
  sent = await clientRequest(name, config.clients.valid[0].options, target.operation, {
    id: target.idOf(target.records[0]),
    body: config.changes[0],
  });
});
afterAll(() => fake?.close());

/** The update on `agent`; `onSent` runs once the request is written. */
function update(agent, onSent = () => {}) {
  const body = JSON.stringify(config.changes[0]);
  return new Promise((resolve) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: sent.method,
        path: sent.target,
        agent,
        headers: { ...sent.headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, reused: req.reusedSocket, keepAlive: res.headers['keep-alive'] }));
      },
    );
    req.on('finish', onSent);
    req.on('error', (err) => resolve({ error: err.code ?? err.message, reused: req.reusedSocket }));
    req.end(body);
  });
}

it('a kept-alive connection that Prism reuses after its event loop was busy is not closed under it by the fake', async () => {
  // as the agent Prism's forwarder uses (Node's global one: keep-alive, a free connection kept
  // 5 s, or 1 s less than the server announces); 60 s rather than 5 only so that a slow machine
  // cannot make it drop the connection before the second request
  const agent = new Agent({ keepAlive: true, timeout: 60_000 });
  let answeredAt;
  // right after the fake wrote its answer, the loop is busy for 2.5 s before Prism reads it
  const onFinish = () => {
    answeredAt ??= Date.now();
    process.nextTick(() => busy(2_500));
  };
  dc.subscribe('http.server.response.finish', onFinish);
  let first;
  try {
    first = await update(agent);
  } finally {
    dc.unsubscribe('http.server.response.finish', onFinish);
  }
  expect(first.status).toBe(200);
  try {
    // Prism's next request on that connection, 5.9 s after the answer (within the 4 s the agent
    // keeps it from when it read the answer, with Node's default announced 5 s), sent from an I/O callback as Prism sends it (here: the check
    // phase), and the loop busy for a moment after: the loop's next turn runs due timers before
    // it reads the request that arrived
    await sleep(Math.max(0, answeredAt + 5_900 - Date.now()));
    await new Promise((resolve) => setImmediate(resolve));
    const second = await update(agent, () => busy(300));
    expect(second).toMatchObject({ reused: true, status: 200 });
  } finally {
    agent.destroy();
  }
});
