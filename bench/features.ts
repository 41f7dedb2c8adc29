// What the optional client features cost: CPU per call of the client process with each feature
// off and on (the same update call, 16 in flight, against the keep-alive server in another
// process), and the bundle size each adds when used (tree-shaken away when it is not).
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createProviderClient, oauth2Option, rateLimiter, ReplayCache, signWebhook, telemetry, verifyWebhook } from '@capi/core';
import type { BaseClientOptions, Credential, SpecFacts, WebhookScheme } from '@capi/core';
/** the page GET /customers answers in pagingAndWebhooks: ten customers */
type Customer = { id: string; name: string };
type CustomerPaths = {
  '/customers': {
    get: {
      parameters: { query?: { page?: number } };
      responses: { 200: { headers: Record<string, unknown>; content: { 'application/json': Customer[] } } };
    };
  };
};
type CustomerPages = { 'GET /customers': { page: { id: string; name: string }[]; item: { id: string; name: string }; params: object } };
import { closeDefaultTransport } from '@capi/core/node';
import { spec as salesive } from '@capi/salesive';
import { repoRoot } from '@capi/scripts/lib/registry/registry.ts';
import { bundleModule, consumerModule, FEATURES, MARKERS } from '@capi/scripts/lib/dev/feature-bundles.ts';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { log, measureCalls, median, spread, table } from './lib.ts';

const CONCURRENCY = 16;

/** CPU (user + system) of this process per call, in µs, for each feature off and on. */
export async function featureCpu({ requests = 4000, rounds = 5 } = {}) {
  const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), { stdio: 'ignore' });
  const { port } = await new Promise<{ port: number }>((resolve) => child.once('message', (m) => resolve(m as { port: number })));
  const base = `http://127.0.0.1:${port}/api/v1`;
  // a token endpoint in this process: asked once (the token is cached for an hour)
  let tokenRequests = 0;
  const tokens = createServer((req, res) => {
    req.resume();
    tokenRequests++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ access_token: 'bench-access-token', token_type: 'Bearer', expires_in: 3600 }));
  });
  await new Promise<void>((resolve) => tokens.listen(0, '127.0.0.1', resolve));
  const tokenUrl = `http://127.0.0.1:${(tokens.address() as AddressInfo).port}/token`;
  // salesive's facts with its scheme as an oauth2 client-credentials one
  const scheme = Object.keys(salesive.securitySchemes)[0];
  const spec: SpecFacts = {
    ...salesive,
    securitySchemes: { [scheme]: { type: 'oauth2', flows: { clientCredentials: { tokenUrl, scopes: [] } } } },
  };
  const make = (cred: Credential | undefined, options: Partial<BaseClientOptions> = {}) =>
    createProviderClient({ name: 'bench', spec }, { baseUrl: base, ...options }, { [scheme]: cred });
  const variants = {
    off: { label: 'no optional feature (a fixed bearer token)', client: make('bench-fixed-token') },
    oauth: {
      label: 'OAuth2 client credentials, token cached',
      client: make(oauth2Option({ clientId: 'bench', clientSecret: 'bench-secret' })),
    },
    limit: {
      label: 'rate limit on (rateLimiter, never waiting; headers read)',
      client: make('bench-fixed-token', { rateLimit: rateLimiter({ requests: 1_000_000, perMs: 60_000 }) }),
    },
    telemetry: {
      label: 'telemetry on (the plain onEvent hook, a no-op)',
      client: make('bench-fixed-token', { telemetry: telemetry({ onEvent: () => {} }) }),
    },
    validate: {
      label: "validate: 'warn' (salesive's validators, the body checked; a no-op hook)",
      client: make('bench-fixed-token', { validate: 'warn', onContractViolation: () => {} }),
    },
  };
  // the same three with an in-process fetch that answers at once: the client's own work only
  const instant = async (req: Request) =>
    req.url === tokenUrl ? Response.json({ access_token: 'bench-access-token', expires_in: 3600 }) : Response.json({ success: true });
  const local = {
    off: make('bench-fixed-token', { fetch: instant }),
    oauth: make(oauth2Option({ clientId: 'bench', clientSecret: 'bench-secret' }), { fetch: instant }),
    limit: make('bench-fixed-token', { fetch: instant, rateLimit: rateLimiter({ requests: 1_000_000, perMs: 60_000 }) }),
    telemetry: make('bench-fixed-token', { fetch: instant, telemetry: telemetry({ onEvent: () => {} }) }),
    validate: make('bench-fixed-token', { fetch: instant, validate: 'warn', onContractViolation: () => {} }),
  };
  const args = { params: { path: { id: 'c1' } }, body: { name: 'Ada Obi', active: false } };
  type Key = keyof typeof variants;
  const keys = Object.keys(variants) as Key[];
  const cpu = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<Key, number[]>;
  const cpuLocal = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<Key, number[]>;
  const once = async (client: (typeof local)[Key], n: number) => {
    const call = async () => {
      const { error } = await client.PUT('/customers/{id}', args);
      if (error) throw new Error(`bench call failed: ${error.message}`);
    };
    return (await measureCalls(call, { calls: n, inFlight: CONCURRENCY })).cpu;
  };
  try {
    for (const v of Object.values(variants)) await once(v.client, 500); // warm up
    for (const c of Object.values(local)) await once(c, 500);
    for (let r = 0; r < rounds; r++) {
      const order = [...keys.slice(r % keys.length), ...keys.slice(0, r % keys.length)];
      for (const k of order) cpu[k].push(await once(variants[k].client, requests));
      for (const k of order) cpuLocal[k].push(await once(local[k], requests));
      log(`feature cpu: round ${r + 1}/${rounds} done`);
    }
  } finally {
    await closeDefaultTransport();
    child.disconnect();
    await new Promise((resolve) => tokens.close(resolve));
  }
  const extra = await pagingAndWebhooks({ spec, scheme, requests, rounds });
  const off = median(cpu.off);
  const load = loadavg()[0];
  const busy = load > cpus().length;
  const offLocal = median(cpuLocal.off);
  const delta = (xs: number[], base: number) => `${median(xs) - base >= 0 ? '+' : ''}${(median(xs) - base).toFixed(1)}`;
  const rows = keys
    .map((k) => [variants[k], k] as const)
    .map(([v, k]) => [
      v.label,
      spread(cpu[k], 1),
      k === 'off' ? '' : delta(cpu[k], off),
      spread(cpuLocal[k], 1),
      k === 'off' ? '' : delta(cpuLocal[k], offLocal),
    ]);
  return {
    md: [
      `Optional features: CPU of the client process per call (user + system, µs), ${requests} calls per variant per round, ${rounds} rounds, ${CONCURRENCY} in flight; median (min–max) over rounds. "Node transport": to the server in another process; "in-process": a fetch that answers at once, so the figure is the client's own work and a feature's cost stands out of the transport's noise. Token requests made in all: ${tokenRequests}.`,
      '',
      table(['features', 'CPU µs per call, Node transport', 'vs none', 'CPU µs per call, in-process', 'vs none'], rows),
      '',
      '',
      ...extra,
      '',
      `- Load average when measured: ${load.toFixed(1)} on ${cpus().length} cores.${busy ? ' The machine was loaded (other processes competing for the cores): differences smaller than the spread are noise, a negative one included.' : ''}`,
    ].join('\n'),
  };
}

/**
 * In-process (a fetch that answers at once): CPU per page through `client.paginate` against the
 * same GET called directly, and per delivery checked by `verifyWebhook` (HMAC-SHA256 over
 * timestamp and a 1 kB body; a feature that costs nothing per call when unused).
 */
async function pagingAndWebhooks({
  spec,
  scheme,
  requests,
  rounds,
}: {
  spec: SpecFacts;
  scheme: string;
  requests: number;
  rounds: number;
}) {
  const page = JSON.stringify(Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, name: 'Ada Obi' })));
  const fetch = async () => new Response(page, { headers: { 'content-type': 'application/json' } });
  const paged: SpecFacts = {
    ...spec,
    operations: { ...spec.operations, 'GET /customers': ['200'] },
    pagination: { 'GET /customers': { style: 'page', request: { page: 'page' }, response: { items: '' } } },
  };
  const client = createProviderClient<CustomerPaths, BaseClientOptions, CustomerPages>(
    { name: 'bench', spec: paged },
    { baseUrl: 'http://127.0.0.1:1', fetch },
    { [scheme]: 't' },
  );
  // one at a time
  const perCall = async (fn: () => Promise<unknown>, n: number) => (await measureCalls(fn, { calls: n })).cpu;
  const get = () => client.GET('/customers', { params: { query: { page: 1 } } });
  const paginate = async () => {
    for await (const p of client.paginate('GET /customers', {}, { maxPages: 1 })) if (!p.length) throw new Error('empty page');
  };
  const hook: WebhookScheme = {
    algorithm: 'hmac-sha256',
    header: 'X-Sig',
    timestampHeader: 'X-Ts',
    payload: 'timestamp.body',
    encoding: 'hex',
    tolerance: 300,
  };
  const secret = 'bench-webhook-secret';
  const n = Math.min(requests, 2000);
  const deliveries: { body: string; headers: Record<string, string> }[] = [];
  for (let i = 0; i < n * (rounds + 1); i++) {
    const body = JSON.stringify({ type: 'order.created', id: i, pad: 'x'.repeat(1000) });
    deliveries.push({ body, headers: await signWebhook({ scheme: hook, secret, body }) });
  }
  let d = 0;
  const verify = async () => {
    const { body, headers } = deliveries[d++];
    const r = await verifyWebhook({ scheme: hook, secret, body, headers, replay });
    if (!r.ok) throw new Error(`bench delivery refused: ${r.error.kind}`);
  };
  const replay = new ReplayCache(n * (rounds + 1));
  const cpu: Record<'get' | 'paginate' | 'verify', number[]> = { get: [], paginate: [], verify: [] };
  await perCall(get, 200);
  await perCall(paginate, 200);
  await perCall(verify, n);
  for (let r = 0; r < rounds; r++) {
    cpu.get.push(await perCall(get, n));
    cpu.paginate.push(await perCall(paginate, n));
    cpu.verify.push(await perCall(verify, n));
  }
  const plus = (x: number[], base: number[]) => `${median(x) - median(base) >= 0 ? '+' : ''}${(median(x) - median(base)).toFixed(1)}`;
  return [
    `Pagination and webhooks, in-process, one at a time (${n} per round, ${rounds} rounds; CPU µs, median (min–max)):`,
    '',
    table(
      ['what', 'CPU µs', 'vs off'],
      [
        ['a page of 10 by a plain GET (pagination off)', spread(cpu.get, 1), ''],
        ['the same page through client.paginate (pagination on)', spread(cpu.paginate, 1), plus(cpu.paginate, cpu.get)],
        [
          'verifyWebhook: one delivery, HMAC-SHA256 over timestamp and a 1 kB body (no cost per call when unused)',
          spread(cpu.verify, 1),
          '',
        ],
      ],
    ),
  ];
}

const LABELS = {
  none: 'createProviderClient, no optional feature',
  oauth2: '+ OAuth2 (oauth2Option)',
  rateLimit: '+ rate limit (rateLimiter)',
  telemetry: '+ telemetry (telemetry({ onEvent }))',
  webhooks: '+ webhooks (verifyWebhook)',
  pagination: '+ pagination (client.paginate)',
  validate: "+ validate: 'warn' (salesive's validators)",
};

/**
 * What each optional feature adds to a bundle that uses it, over one that does not (tree-shaken
 * away then): the application modules of scripts/lib/dev/feature-bundles.ts, bundled from
 * the built @capi/core, a client of salesive's facts. A feature's code found in the bundle
 * without it fails the section.
 */
export async function featureSizes() {
  const core = join(repoRoot, 'packages/core/dist/index.js');
  const spec = join(repoRoot, 'packages/salesive/dist/generated/api.gen.js');
  if (!existsSync(core) || !existsSync(spec)) throw new Error('packages are not built: run `npm run build` first');
  const sizes = {} as Record<(typeof FEATURES)[number], Awaited<ReturnType<typeof bundleModule>>>;
  for (const f of FEATURES) sizes[f] = await bundleModule(consumerModule(f, core, spec));
  const none = sizes.none;
  for (const f of ['oauth2', 'rateLimit', 'telemetry', 'webhooks', 'pagination', 'validate'] as const)
    if (none.text.includes(MARKERS[f])) throw new Error(`a client without ${f} carries its code (${MARKERS[f]}): not tree-shaken`);
  const kb = (n: number) => (n / 1024).toFixed(1);
  // pagination.js alone (its imports of the rest of @capi/core left out): what every client carries
  // of it (the method's checks; the page loop is pages.js, loaded by import() on the first page)
  const pagination = await build({
    entryPoints: [join(repoRoot, 'packages/core/dist/pagination.js')],
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    external: ['./*'],
    logLevel: 'silent',
  });
  const paginationGz = gzipSync(pagination.outputFiles[0].contents).byteLength;
  const rows = FEATURES.map((f) => {
    const s = sizes[f];
    const own = f === 'none' ? '' : `+${kb(s.gz - none.gz)}`;
    const shaken =
      f === 'none'
        ? ''
        : f === 'pagination'
          ? 'the page loop: a chunk loaded by import() on the first page'
          : f === 'validate'
            ? 'the validators: a chunk loaded by import() only when on'
            : none.text.includes(MARKERS[f])
              ? 'NO'
              : 'yes';
    return [LABELS[f], kb(s.min), kb(s.gz), own, f === 'validate' ? kb(s.lazy.gz) : '', shaken];
  });
  return {
    md: [
      "Optional features: the size each adds. One application module per feature (scripts/lib/dev/feature-bundles.ts: a client of salesive's generated facts, with the feature in use), bundled by esbuild (minified, ESM, code splitting, openapi-fetch left out as shared); gzipped kB at start, and of what `import()` loads later. \"Tree-shaken when unused\": none of the feature's code (a string only its module holds) is in the first row's bundle; `scripts/test/dev/tree-shaking.test.mjs` asserts the same on the sources.",
      '',
      table(
        ['bundle', 'minified kB', 'gzipped kB', 'gzipped kB added', 'loaded later (import()), gzipped kB', 'tree-shaken when unused'],
        rows,
      ),
      '',
      `- Pagination: \`client.paginate\` is a method of every client, but it only checks the operation and the limits; the page loop (\`pages.js\`) is a chunk \`import()\` loads on the first page (\`pagination.js\` on its own: ${kb(paginationGz)} kB gzipped). \`validate\` adds nothing at start either (the checker, validate.js, is small and in every client): what it costs is the provider's validators, a chunk of their own loaded by \`import()\` the first time a client with \`validate\` on checks a body (for salesive the size in that row; a bundle without \`validate\` has the chunk and never loads it).`,
    ].join('\n'),
  };
}
