// What the optional client features cost: CPU per call of the client process with each feature
// off and on (the same update call, 16 in flight, against the keep-alive server in another
// process), and the bundle size each adds when used (tree-shaken away when it is not).
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { createProviderClient, oauth2Option, rateLimiter } from '@capi/core';
import { closeDefaultTransport } from '@capi/core/node';
import { spec as salesive } from '@capi/salesive';
import { repoRoot } from '@capi/scripts/lib/registry/registry.ts';
import { log, median, spread, table } from './lib.mjs';

const CONCURRENCY = 16;

/** CPU (user + system) of this process per call, in µs, for each feature off and on. */
export async function featureCpu({ requests = 4000, rounds = 5 } = {}) {
  const child = fork(fileURLToPath(new URL('./server.mjs', import.meta.url)), { stdio: 'ignore' });
  const { port } = await new Promise((resolve) => child.once('message', resolve));
  const base = `http://127.0.0.1:${port}/api/v1`;
  // a token endpoint in this process: asked once (the token is cached for an hour)
  let tokenRequests = 0;
  const tokens = createServer((req, res) => {
    req.resume();
    tokenRequests++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ access_token: 'bench-access-token', token_type: 'Bearer', expires_in: 3600 }));
  });
  await new Promise((resolve) => tokens.listen(0, '127.0.0.1', resolve));
  const tokenUrl = `http://127.0.0.1:${tokens.address().port}/token`;
  // salesive's facts with its scheme as an oauth2 client-credentials one
  const scheme = Object.keys(salesive.securitySchemes)[0];
  const spec = {
    ...salesive,
    securitySchemes: { [scheme]: { type: 'oauth2', flows: { clientCredentials: { tokenUrl, scopes: [] } } } },
  };
  const make = (cred, options = {}) => createProviderClient({ name: 'bench', spec }, { baseUrl: base, ...options }, { [scheme]: cred });
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
  };
  // the same three with an in-process fetch that answers at once: the client's own work only
  const instant = async (req) =>
    req.url === tokenUrl ? Response.json({ access_token: 'bench-access-token', expires_in: 3600 }) : Response.json({ success: true });
  const local = {
    off: make('bench-fixed-token', { fetch: instant }),
    oauth: make(oauth2Option({ clientId: 'bench', clientSecret: 'bench-secret' }), { fetch: instant }),
    limit: make('bench-fixed-token', { fetch: instant, rateLimit: rateLimiter({ requests: 1_000_000, perMs: 60_000 }) }),
  };
  const args = { params: { path: { id: 'c1' } }, body: { name: 'Ada Obi', active: false } };
  const cpu = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  const cpuLocal = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  const once = async (client, n) => {
    let next = 0;
    const before = process.cpuUsage();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next++ < n) {
          const { error } = await client.PUT('/customers/{id}', args);
          if (error) throw new Error(`bench call failed: ${error.message}`);
        }
      }),
    );
    const used = process.cpuUsage(before);
    return (used.user + used.system) / n;
  };
  try {
    for (const v of Object.values(variants)) await once(v.client, 500); // warm up
    for (const c of Object.values(local)) await once(c, 500);
    for (let r = 0; r < rounds; r++) {
      const keys = Object.keys(variants);
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
  const off = median(cpu.off);
  const load = loadavg()[0];
  const busy = load > cpus().length;
  const offLocal = median(cpuLocal.off);
  const delta = (xs, base) => `${median(xs) - base >= 0 ? '+' : ''}${(median(xs) - base).toFixed(1)}`;
  const rows = Object.entries(variants).map(([k, v]) => [
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
      `- Load average when measured: ${load.toFixed(1)} on ${cpus().length} cores.${busy ? ' The machine was loaded (other processes competing for the cores): differences smaller than the spread are noise, a negative one included.' : ''}`,
    ].join('\n'),
  };
}

/** Minified and gzipped bytes of a bundle of `code` (importing the built @capi/core), openapi-fetch left out. */
async function bundle(code) {
  const out = await build({
    stdin: { contents: code, resolveDir: join(repoRoot, 'bench'), loader: 'js' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    external: ['openapi-fetch'],
    logLevel: 'silent',
  });
  const bytes = out.outputFiles[0].contents;
  return { min: bytes.byteLength, gz: gzipSync(bytes).byteLength, text: out.outputFiles[0].text };
}

/** What each optional feature adds to a bundle that uses it, over one that does not (tree-shaken away then). */
export async function featureSizes() {
  const core = join(repoRoot, 'packages/core/dist/index.js');
  if (!existsSync(core)) throw new Error('packages are not built: run `npm run build` first');
  const entry = (imports, cred, options) =>
    `import { createProviderClient${imports} } from ${JSON.stringify(core)};\n` +
    `export const make = (spec) => createProviderClient({ name: 'x', spec }, ${options}, { s: ${cred} });\n`;
  const none = await bundle(entry('', "'t'", '{}'));
  // the proof it is tree-shaken: a string only each feature's module has is not in the bundle
  for (const marker of ['refresh_token', 'ratelimit-remaining'])
    if (none.text.includes(marker)) throw new Error(`a client without optional features carries ${marker}: not tree-shaken`);
  const rows = [['createProviderClient, no optional feature', (none.min / 1024).toFixed(1), (none.gz / 1024).toFixed(1), '']];
  for (const [label, code] of [
    ['+ OAuth2 (oauth2Option)', entry(', oauth2Option', "oauth2Option({ clientId: 'a', clientSecret: 'b' })", '{}')],
    ['+ rate limit (rateLimiter)', entry(', rateLimiter', "'t'", '{ rateLimit: rateLimiter({ requests: 1, perMs: 1 }) }')],
  ]) {
    const s = await bundle(code);
    rows.push([label, (s.min / 1024).toFixed(1), (s.gz / 1024).toFixed(1), `+${((s.gz - none.gz) / 1024).toFixed(1)}`]);
  }
  return {
    md: [
      'A bundle of an application module that creates a client (esbuild, minified, openapi-fetch left out), without and with each optional feature; a feature not imported is tree-shaken away (the first row has none of its code).',
      '',
      table(['bundle', 'minified kB', 'gzipped kB', 'gzipped kB added'], rows),
    ].join('\n'),
  };
}
