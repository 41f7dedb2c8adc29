// Child of default-transport.test.ts: imports @capi/core as Node resolves it (index.node.ts) and
// @capi/core/node, makes calls on the default transport and on a nodeTransport() of its own, and
// reports what changed in the process-wide state. argv: server URL, then 'fresh' (nothing loaded
// before) or 'undici-first' (the application imported undici and uses its global dispatcher).
import { createRequire } from 'node:module';

const [url, variant] = process.argv.slice(2);
const DISPATCHER = Symbol.for('undici.globalDispatcher.2');
const g = globalThis as unknown as Record<symbol, unknown>;

let getGlobalDispatcher: (() => unknown) | undefined;
if (variant === 'undici-first') ({ getGlobalDispatcher } = await import('undici'));
const symbols = Object.getOwnPropertySymbols(globalThis).map(String);
const names = Object.getOwnPropertyNames(globalThis);
const fetch = globalThis.fetch;
const global = getGlobalDispatcher?.();
const changes = () => ({
  newSymbols: Object.getOwnPropertySymbols(globalThis)
    .map(String)
    .filter((s) => !symbols.includes(s)),
  newNames: Object.getOwnPropertyNames(globalThis).filter((n) => !names.includes(n)),
  sameFetch: globalThis.fetch === fetch,
});

const core = await import('../../src/index.node.js');
const node = await import('../../src/node.js');
const onImport = changes();

const spec = { servers: [], security: [], securitySchemes: {} };
type Loose = { request(method: string, path: string, init: object): Promise<{ data?: unknown; error?: unknown }> };
const byDefault = core.createProviderClient<Record<string, any>>({ name: 'state', spec }, { baseUrl: url }, {}) as unknown as Loose;
const own = node.nodeTransport();
const withOwn = core.createProviderClient<Record<string, any>>(
  { name: 'state', spec },
  { baseUrl: url, fetch: own },
  {},
) as unknown as Loose;
const results = [
  await byDefault.request('put', '/a', { body: { n: 1 } }),
  await withOwn.request('put', '/b', { body: { n: 2 } }),
  await byDefault.request('get', '/c', {}),
];
await own.close();
// the Request and Headers of the calls made Node install its own dispatcher (in a fresh process);
// undici's Agent class, loaded by path (which installs nothing), tells the two apart
const UndiciAgent = createRequire(import.meta.url)('undici/lib/dispatcher/agent.js');
const { newNames, sameFetch } = changes();
const afterCalls = {
  newNames,
  sameFetch,
  dispatcherFromUndiciPackage: g[DISPATCHER] instanceof UndiciAgent,
  sameGlobalDispatcher: getGlobalDispatcher ? getGlobalDispatcher() === global : null,
};
// the default transport's idle connection stays open: it must not keep the process alive
await new Promise((resolve) => setImmediate(resolve));

console.log(
  JSON.stringify({
    errors: results.filter((r) => r.error !== undefined).length,
    onImport,
    afterCalls,
    keepingAlive: process.getActiveResourcesInfo(),
  }),
);
