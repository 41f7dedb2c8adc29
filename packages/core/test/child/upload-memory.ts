// Child of default-transport.test.ts: uploads a file-backed Blob (fs.openAsBlob) through a client
// given no fetch (on Node: the default transport) and reports how far the process's memory grew.
// argv: server URL, file path, and optionally 'global' to pass the global fetch instead (for
// comparison by hand: `node --experimental-transform-types --import ../ts-source-hooks.mjs ...`).
import { openAsBlob } from 'node:fs';

const [url, file, transport] = process.argv.slice(2) as [string, string, string | undefined];
const { createProviderClient } = await import('../../src/index.node.js');
type Loose = { request(method: string, path: string, init: object): Promise<{ data?: { received: number }; error?: unknown }> };
const client = createProviderClient<Record<string, any>>(
  {
    name: 'upload',
    spec: { servers: [], security: [], securitySchemes: {}, requestMedia: { 'PUT /upload': ['application/octet-stream'] } },
  },
  {
    baseUrl: url,
    retry: false,
    timeoutMs: 600_000,
    totalTimeoutMs: 600_000,
    ...(transport === 'global' ? { fetch: globalThis.fetch } : {}),
  },
  {},
) as unknown as Loose;

// warm-up: every module and code path of a streamed upload (over 1 MiB) is loaded before measuring
const warm = await client.request('put', '/upload', { body: new Blob([new Uint8Array(2 * 1024 * 1024)]) });
if (warm.error) throw new Error(`warm-up failed: ${JSON.stringify(warm.error)}`);

const blob = await openAsBlob(file);
const before = process.memoryUsage.rss();
const res = await client.request('put', '/upload', { body: blob });
// the high-water mark of the whole process (kB), against the resident size just before the upload
const peak = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ size: blob.size, received: res.data?.received, error: res.error ?? null, growth: peak - before }));
