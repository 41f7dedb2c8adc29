// Client overhead: the same update call through twelve stacks, interleaved in rounds against a
// keep-alive server in another process, 16 requests in flight. Per stack: throughput, latency
// and the client process's CPU time per call (the server's is not counted).
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { createClient as heyApiGenerate } from '@hey-api/openapi-ts';
import createClient from 'openapi-fetch';
import { Pool } from 'undici';
import * as otel from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createSalesiveClient, type paths } from '@capi/salesive';
import { telemetry } from '@capi/core';
import { closeDefaultTransport, nodeTransport } from '@capi/core/node';
import { log, measureCalls, median, percentile, spread, table, verdict } from './lib.ts';

const CONCURRENCY = 16;

/**
 * The Hey API SDK (@hey-api/openapi-ts with its fetch client and SDK plugins) generated from
 * salesive's effective spec into a temporary folder, bundled by esbuild (the generated modules
 * import each other as `.js`) and loaded.
 */
async function heyApiSdk() {
  const dir = mkdtempSync(join(tmpdir(), 'capi-bench-heyapi-'));
  try {
    const spec = fileURLToPath(new URL('../specs/salesive/effective.yaml', import.meta.url));
    await heyApiGenerate({
      input: spec,
      output: { path: join(dir, 'src') },
      plugins: ['@hey-api/client-fetch', '@hey-api/sdk'],
      logs: { level: 'silent' },
    });
    const outfile = join(dir, 'sdk.mjs');
    const entry = join(dir, 'entry.ts');
    writeFileSync(entry, "export * from './src/sdk.gen.ts';\nexport { client } from './src/client.gen.ts';\n");
    await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', outfile, logLevel: 'error' });
    return { ...(await import(pathToFileURL(outfile).href)), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export async function clientOverhead({ requests = 4000, rounds = 5 } = {}) {
  const load = loadavg()[0];
  const hey = await heyApiSdk();
  const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), { stdio: 'ignore' });
  const { port } = await new Promise<{ port: number }>((resolve) => child.once('message', (m) => resolve(m as { port: number })));
  const base = `http://127.0.0.1:${port}`;
  const token = 'app_bench_token';
  const body = { name: 'Ada Obi', active: false };
  const pool = new Pool(base, { connections: CONCURRENCY });
  const transport = nodeTransport({ connections: CONCURRENCY });
  const bare = createClient<paths>({ baseUrl: `${base}/api/v1`, headers: { authorization: `Bearer ${token}` } });
  const bareNode = createClient<paths>({ baseUrl: `${base}/api/v1`, headers: { authorization: `Bearer ${token}` }, fetch: transport });
  // (c) on the global fetch, as (b); (d) given no fetch: on Node, the default Node transport (16
  // connections per origin, as `transport`)
  const ours = createSalesiveClient({ token, baseUrl: `${base}/api/v1`, fetch: globalThis.fetch });
  const oursNode = createSalesiveClient({ token, baseUrl: `${base}/api/v1` });
  // (g), (h): (d) with telemetry on: OpenTelemetry's SDK (spans to an in-memory exporter, emptied
  // after each run), or the plain hook alone
  const exporter = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('bench');
  const oursTraced = createSalesiveClient({ token, baseUrl: `${base}/api/v1`, telemetry: telemetry({ otel, tracer }) });
  // (m): (d) with a user middleware that does nothing: every call goes the Request way
  const oursMiddleware = createSalesiveClient({ token, baseUrl: `${base}/api/v1`, middleware: [{ onRequest: () => undefined }] });
  let events = 0;
  const oursHooked = createSalesiveClient({ token, baseUrl: `${base}/api/v1`, telemetry: telemetry({ onEvent: () => void events++ }) });
  const args = { params: { path: { id: 'c1' } }, body };
  // the SDK's own client, given the server and the token as a header (as (b) is)
  hey.client.setConfig({ baseUrl: `${base}/api/v1`, headers: { authorization: `Bearer ${token}` } });
  const variants = {
    a: {
      label: '(a) global fetch, request built by hand',
      run: async () => {
        const r = await fetch(`${base}/api/v1/customers/c1`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        await r.json();
      },
    },
    b: {
      label: '(b) bare openapi-fetch, generated types',
      run: async () => {
        await bare.PUT('/customers/{id}', args);
      },
    },
    k: {
      label: '(k) as (b), with a timeout per call (an AbortController, its signal on the request, a timer), as every attempt of (c) has',
      run: async () => {
        const ctl = new AbortController();
        const timer = setTimeout(() => ctl.abort(), 30_000);
        try {
          await bare.PUT('/customers/{id}', { ...args, signal: ctl.signal });
        } finally {
          clearTimeout(timer);
        }
      },
    },
    c: {
      label: '(c) our client, full middleware, global fetch',
      run: async () => {
        await ours.PUT('/customers/{id}', args);
      },
    },
    d: {
      label: '(d) our client on the Node transport (the default on Node: the fast path)',
      run: async () => {
        await oursNode.PUT('/customers/{id}', args);
      },
    },
    m: {
      label: '(m) as (d), with a user middleware (the Request way: Request, Response, openapi-fetch)',
      run: async () => {
        await oursMiddleware.PUT('/customers/{id}', args);
      },
    },
    g: {
      label: '(g) as (d), telemetry on: OpenTelemetry SDK, in-memory exporter',
      run: async () => {
        await oursTraced.PUT('/customers/{id}', args);
      },
    },
    h: {
      label: '(h) as (d), telemetry on: the plain onEvent hook',
      run: async () => {
        await oursHooked.PUT('/customers/{id}', args);
      },
    },
    f: {
      label: '(f) bare openapi-fetch on the Node transport (ceiling for d)',
      run: async () => {
        await bareNode.PUT('/customers/{id}', args);
      },
    },
    i: {
      label: '(i) Hey API SDK (@hey-api/openapi-ts fetch client), global fetch',
      run: async () => {
        const r = await hey.updateCustomer({ path: { id: 'c1' }, body });
        if (r.error !== undefined) throw new Error(`Hey API SDK call failed: ${r.response?.status}`);
      },
    },
    j: {
      label: '(j) Hey API SDK on the Node transport (`fetch: nodeTransport()`)',
      run: async () => {
        const r = await hey.updateCustomer({ path: { id: 'c1' }, body, fetch: transport });
        if (r.error !== undefined) throw new Error(`Hey API SDK call failed: ${r.response?.status}`);
      },
    },
    e: {
      label: '(e) undici Pool.request directly (floor)',
      run: async () => {
        const r = await pool.request({
          path: '/api/v1/customers/c1',
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        await r.body.json();
      },
    },
  };
  type Variant = { label: string; run: () => Promise<void> };
  type Figure = 'rps' | 'p50' | 'p99' | 'cpu';
  const byKey: Record<string, Variant> = variants;
  const results: Record<string, Record<Figure, number[]>> = Object.fromEntries(
    Object.keys(variants).map((k) => [k, { rps: [], p50: [], p99: [], cpu: [] }]),
  );
  const once = async (v: Variant, n: number): Promise<Record<Figure, number>> => {
    const m = await measureCalls(v.run, { calls: n, inFlight: CONCURRENCY, latencies: true });
    exporter.reset();
    return { rps: m.rps, p50: percentile(m.latencies, 50), p99: percentile(m.latencies, 99), cpu: m.cpu };
  };
  try {
    for (const v of Object.values(variants)) await once(v, 500); // warm up JIT and connections
    for (let r = 0; r < rounds; r++) {
      // interleaved, and the order rotates each round, so drift in machine load hits every stack alike
      const keys = Object.keys(variants);
      const order = [...keys.slice(r % keys.length), ...keys.slice(0, r % keys.length)];
      for (const k of order) {
        const m = await once(byKey[k], requests);
        for (const f of ['rps', 'p50', 'p99', 'cpu'] as const) results[k][f].push(m[f]);
      }
      log(`client overhead: round ${r + 1}/${rounds} done`);
    }
  } finally {
    await transport.close();
    await closeDefaultTransport();
    await pool.close();
    child.disconnect();
    hey.cleanup();
  }
  const rps = (k: string) => median(results[k].rps);
  const ratio = (k: string) => (rps(k) / rps('a')).toFixed(2);
  const rows = Object.entries(variants).map(([k, v]) => [
    v.label,
    spread(results[k].rps),
    spread(results[k].cpu),
    spread(results[k].p50, 2),
    spread(results[k].p99, 2),
    `${ratio(k)}x`,
  ]);
  const cVsB = rps('c') / rps('b');
  const dVsA = rps('d') / rps('a');
  const p99ok = median(results.d.p99) <= median(results.a.p99);
  const cpu = (k: string) => median(results[k].cpu);
  const more = (k: string) => `${cpu(k) >= cpu('d') ? '+' : ''}${(((cpu(k) - cpu('d')) / cpu('d')) * 100).toFixed(0)}%`;
  const peers = ['b', 'f', 'i', 'j'];
  const ahead = peers.filter((k) => rps('d') > rps(k) && cpu('d') < cpu(k));
  const md = [
    `${requests} requests per stack per round, ${rounds} rounds, ${CONCURRENCY} in flight; median (min–max) over rounds. Load average at the start: ${load.toFixed(1)} on ${cpus().length} cores${load > cpus().length ? ' (a loaded machine: other processes took most of the CPU, so absolute figures are low and noisy; compare stacks within this run only)' : ''}.`,
    '',
    table(['stack', 'requests/s', 'CPU µs per call', 'p50 ms', 'p99 ms', 'vs (a)'], rows),
    '',
    `- ${verdict(cVsB >= 0.97, `(c) within 3% of (b): (c)/(b) = ${cVsB.toFixed(3)}`)}${cVsB >= 0.97 ? '' : ` — what limits it: the timeouts, by design, then the client's own checks. (c) arms a timeout for every attempt (\`timeoutMs\`, \`totalTimeoutMs\`), which bare openapi-fetch (b) does not: an AbortController, a timer, and the signal on the Request, which fetch's Request follows through a WeakRef and a FinalizationRegistry, once for the Request the client builds and once for the one fetch makes of it. (k) is (b) with only that: (k)/(b) = ${(rps('k') / rps('b')).toFixed(3)} in requests/s, ${cpu('k') - cpu('b') >= 0 ? '+' : ''}${(cpu('k') - cpu('b')).toFixed(0)} µs of CPU per call. The rest, (c)/(k) = ${(rps('c') / rps('k')).toFixed(3)} (${cpu('c') - cpu('k') >= 0 ? '+' : ''}${(cpu('c') - cpu('k')).toFixed(0)} µs), is the client's own work per call: the path, header and idempotency checks, the body serialised for the operation's declared media type, the auth step and openapi-fetch's middleware loop around it, the attempt loop's bookkeeping, the response's length and status checks and its body read by its Content-Type. The Request the client builds is sent as it is, not copied (a middleware's own is still copied: a copy of a Request with a body pipes the body through a TransformStream).`}`,
    `- ${verdict(dVsA >= 3, `(d), the fast path, at least 3x (a): ${dVsA.toFixed(2)}x`)}`,
    `- ${verdict(p99ok, `(d) p99 no worse than (a): ${median(results.d.p99).toFixed(2)} ms vs ${median(results.a.p99).toFixed(2)} ms`)}`,
    `- ${verdict(cpu('d') <= 2 * cpu('e'), `(d) CPU per call within 2x of undici's Pool.request (e): ${cpu('d').toFixed(0)} µs vs ${cpu('e').toFixed(0)} µs (${(cpu('d') / cpu('e')).toFixed(2)}x)`)}`,
    `- ${verdict(ahead.length === peers.length, `(d) ahead of bare openapi-fetch and the Hey API SDK on either transport (more requests/s and less CPU per call than each of (b), (f), (i), (j)): ahead of ${ahead.length ? ahead.map((k) => `(${k})`).join(', ') : 'none'}; (d)/(f) ${(rps('d') / rps('f')).toFixed(2)}x requests/s, ${(cpu('d') / cpu('f')).toFixed(2)}x CPU; (d)/(j) ${(rps('d') / rps('j')).toFixed(2)}x requests/s, ${(cpu('d') / cpu('j')).toFixed(2)}x CPU`)}`,
    `- The Request way on the same transport, (m) (any user middleware, a custom \`fetch\`): ${cpu('m').toFixed(0)} µs per call, ${(cpu('m') / cpu('d')).toFixed(2)}x the fast path's CPU: a WHATWG Request, Headers both ways, a Response around the body and openapi-fetch's own per-call work, which the fast path does not build.`,
    `- Telemetry, CPU per call of the client process (median over rounds): off (d) ${spread(results.d.cpu, 0)} µs; OpenTelemetry (g) ${spread(results.g.cpu, 0)} µs (${more('g')}: two spans, their attributes and events per call); onEvent (h) ${spread(results.h.cpu, 0)} µs (${more('h')}). Off, it costs one branch per attempt: a client without \`telemetry\` makes no span and no event.`,
    `- CPU per call (this process, user + system, µs): (c) ${cpu('c').toFixed(0)} against (b) ${cpu('b').toFixed(0)} and the Hey API SDK (i) ${cpu('i').toFixed(0)}; the floor (e) ${cpu('e').toFixed(0)}. (i)/(b) throughput ${(rps('i') / rps('b')).toFixed(2)}x, (c)/(i) ${(rps('c') / rps('i')).toFixed(2)}x: on the global fetch every stack builds a WHATWG Request per call and goes through fetch's algorithm.`,
    `- Gap of (d) to the floor (e): (d) reaches ${((rps('d') / rps('e')) * 100).toFixed(0)}% of (e)'s requests/s. What (d) does per call beyond (e): the option and header checks, the body serialised by its media type, the URL built from the operation's compiled path template, the auth step, the attempt on the shared deadline timer (the timeouts), the result object; and an Agent that finds the origin's pool per request, where (e) holds one origin's Pool. What (e) does that (d) does not: undici's request() wrapper and a body stream per response, which (d)'s own dispatch handler leaves out (it keeps the body's chunks as they arrive).`,
  ];
  return { md: md.join('\n'), raw: results };
}
