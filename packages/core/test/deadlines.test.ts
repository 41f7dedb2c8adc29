// The fast path's attempt timeouts (src/fast.ts, `arm`): one timer per duration for every attempt
// in flight, armed for the earliest deadline, instead of a timer and an AbortController per
// attempt. Against a real server on 127.0.0.1 that answers some requests at once and never
// answers others: an attempt still times out when the attempt the timer was armed for has been
// answered in the meantime; attempts of different durations each time out by their own; the
// caller's signal still ends one; and an idle process is not kept alive by the timer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProviderClient, type SpecFacts } from '../src/index.js';
import { nodeTransport, type NodeTransport } from '../src/node.js';
import { report, runChild } from './child.js';

let server: Server;
let baseUrl: string;
let transport: NodeTransport;
/** The paths the server received, in order. */
const seen: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    req.resume();
    // /hang is never answered (the test ends the connections); anything else at once
    if (req.url?.startsWith('/hang')) return;
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  transport = nodeTransport({ connections: 8 });
});
afterAll(async () => {
  server?.closeAllConnections();
  await transport?.close();
  await new Promise((done) => server?.close(done));
});

const spec: SpecFacts = { servers: [], security: [], securitySchemes: {} };
type Result = { data?: unknown; error?: { kind: string; timeout?: string; attempts: number } };
type Loose = { request(method: string, path: string, init?: object): Promise<Result> };
const client = (more: Record<string, unknown> = {}) =>
  createProviderClient<any>({ name: 'deadlines', spec }, { baseUrl, fetch: transport, retry: false, ...more }, {}) as unknown as Loose;

describe('attempt timeouts on the fast path share one timer per duration', () => {
  it('an attempt armed after one that was answered still times out (the timer waits for the new head)', async () => {
    const c = client({ timeoutMs: 300 });
    // the first attempt on this duration sets the timer for its deadline, then is answered
    const answered = c.request('get', '/ok');
    const hanging = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return c.request('get', '/hang/1');
    })();
    expect((await answered).data).toEqual({ ok: true });
    const r = await hanging;
    expect(r.error).toMatchObject({ kind: 'timeout', timeout: 'attempt', attempts: 1 });
  });

  it('attempts of different durations each end by their own; the caller still ends one with its signal', async () => {
    const c = client();
    const ended: string[] = [];
    const ctl = new AbortController();
    const long = c.request('get', '/hang/long', { timeoutMs: 600_000, signal: ctl.signal }).then(
      () => ended.push('long answered'),
      (err: Error) => ended.push(`long: ${err.message}`),
    );
    const short = c.request('get', '/hang/short', { timeoutMs: 200 }).then((r) => {
      ended.push(`short: ${r.error?.kind} ${r.error?.timeout}`);
      ctl.abort(new Error('caller gave up'));
    });
    await Promise.all([long, short]);
    expect(ended).toEqual(['short: timeout attempt', 'long: caller gave up']);
  });

  it('a total timeout shorter than the attempt timeout ends the call as an overall timeout', async () => {
    const r = await client({ timeoutMs: 600_000, totalTimeoutMs: 250 }).request('get', '/hang/total');
    expect(r.error).toMatchObject({ kind: 'timeout', timeout: 'overall' });
  });

  it('a request still waiting for a connection when it times out is never sent', async () => {
    const one = nodeTransport({ connections: 1 });
    try {
      const c = createProviderClient<any>({ name: 'deadlines', spec }, { baseUrl, fetch: one, retry: false }, {}) as unknown as Loose;
      const ctl = new AbortController();
      // holds the only connection until the caller gives up on it
      const holding = c.request('get', '/hang/holding', { timeoutMs: 600_000, signal: ctl.signal }).catch((err: Error) => err.message);
      const queued = await c.request('get', '/ok/queued', { timeoutMs: 200 });
      expect(queued.error).toMatchObject({ kind: 'timeout', timeout: 'attempt' });
      ctl.abort(new Error('caller gave up'));
      expect(await holding).toBe('caller gave up');
      // the connection is free again: the next call goes out, the one that timed out in the queue never did
      expect((await c.request('get', '/ok/after')).data).toEqual({ ok: true });
      expect(seen.filter((p) => p.endsWith('holding') || p.startsWith('/ok/'))).toEqual(['/hang/holding', '/ok/after']);
    } finally {
      await one.close();
    }
  });

  it('keeps no process alive once no attempt is in flight', async () => {
    // bounded far below the ten minutes the child's attempt timeout would hold a timer
    const res = await runChild('deadline-exit.ts', [], 60_000);
    expect(res.stderr).toBe('');
    expect(report<{ data: unknown; error: unknown }>(res)).toEqual({ data: { ok: true }, error: null });
    expect(res.code).toBe(0);
  }, 90_000);
});
