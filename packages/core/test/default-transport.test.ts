// Which transport a client uses when it is given no `fetch`: on Node (the "node" condition of
// @capi/core's exports: src/index.node.ts) the Node transport's shared pool, elsewhere the global
// fetch; without changing any global state; and streaming a large file-backed Blob. Every case
// talks to a real server on 127.0.0.1 (port 0, closed afterwards).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { open, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProviderClient as createOnNode } from '../src/index.node.js';
import { createProviderClient as createElsewhere, type BaseClientOptions, type SpecFacts } from '../src/index.js';
import { closeDefaultTransport } from '../src/node.js';
import { recordingFetch } from '../src/testing.js';
import { report, runChild } from './child.js';
import { startDiscardServer, type DiscardServer } from './discard-server.js';

const spec: SpecFacts = { servers: [], security: [], securitySchemes: {}, requestMedia: { 'PUT /upload': ['application/octet-stream'] } };
type Loose = { request(method: string, path: string, init: object): Promise<{ data?: { received: number }; error?: { kind: string } }> };
const TWO_MIB = 2 * 1024 * 1024;

let server: DiscardServer;
beforeAll(async () => {
  server = await startDiscardServer();
});
afterAll(async () => {
  await closeDefaultTransport();
  await server.close();
});

function upload(create: typeof createOnNode, options: BaseClientOptions = {}) {
  const client = create<Record<string, any>>(
    { name: 'transport', spec },
    { baseUrl: server.url, retry: false, ...options },
    {},
  ) as unknown as Loose;
  return client.request('put', '/upload', { body: new Blob([new Uint8Array(TWO_MIB)]) });
}

describe('the default transport', () => {
  it('on Node, a client given no fetch uses the Node transport, not the global fetch', async () => {
    // the global fetch adds Sec-Fetch-Mode and sends a Blob with its length; the Node transport
    // sends only the request's own headers and streams a body over 1 MiB (chunked)
    const res = await upload(createOnNode);
    expect(res.error).toBeUndefined();
    expect(res.data?.received).toBe(TWO_MIB);
    const seen = server.seen.at(-1)!;
    expect(seen.headers['sec-fetch-mode']).toBeUndefined();
    expect(seen.headers['transfer-encoding']).toBe('chunked');
    expect(seen.headers['content-length']).toBeUndefined();
  });

  it('a fetch the caller gives still wins: the global fetch, or one of their own', async () => {
    const res = await upload(createOnNode, { fetch: globalThis.fetch });
    expect(res.data?.received).toBe(TWO_MIB);
    const seen = server.seen.at(-1)!;
    expect(seen.headers['sec-fetch-mode']).toBe('cors');
    expect(seen.headers['content-length']).toBe(String(TWO_MIB));

    const count = server.seen.length;
    const fetch = recordingFetch(() => Response.json({ received: 1 }));
    expect((await upload(createOnNode, { fetch })).data).toEqual({ received: 1 });
    expect(fetch.requests).toHaveLength(1);
    expect(server.seen).toHaveLength(count);
  });

  it('outside Node (the main entry, index.ts), a client given no fetch uses the global fetch', async () => {
    await upload(createElsewhere);
    expect(server.seen.at(-1)!.headers['sec-fetch-mode']).toBe('cors');
  });

  it('is one pool for every client of the process, opened on first use; closeDefaultTransport closes it', async () => {
    const get = async () => {
      const client = createOnNode<Record<string, any>>({ name: 'transport', spec }, { baseUrl: server.url }, {}) as unknown as Loose;
      expect((await client.request('get', '/pool', {})).error).toBeUndefined();
      await new Promise((resolve) => setImmediate(resolve)); // the connection is back in the pool
      return server.seen.at(-1)!;
    };
    await closeDefaultTransport();
    const first = await get();
    const second = await get(); // another client: the same keep-alive connection
    expect(second.port).toBe(first.port);
    await closeDefaultTransport();
    const third = await get(); // a new pool, a new connection
    expect(third.port).not.toBe(first.port);
    expect(third.headers['sec-fetch-mode']).toBeUndefined();
  });

  it.each(['fresh', 'undici-first'])(
    'changes no global state (%s process): the global fetch, undici global dispatcher, globalThis',
    async (variant) => {
      const res = report<Record<string, unknown>>(await runChild('global-state.ts', [server.url, variant]));
      expect(res).toEqual({
        errors: 0,
        // importing @capi/core and @capi/core/node adds nothing to globalThis (undici's main
        // entry would install its Agent as the process-wide dispatcher here)
        onImport: { newSymbols: [], newNames: [], sameFetch: true },
        // after calls on both transports: the global fetch and the dispatcher are the ones the
        // process had, or in a fresh process the one Node installs itself, not undici's
        afterCalls: {
          newNames: [],
          sameFetch: true,
          dispatcherFromUndiciPackage: variant === 'undici-first',
          sameGlobalDispatcher: variant === 'undici-first' ? true : null,
        },
        // an idle pooled connection does not keep the process alive (no TCPSocketWrap)
        keepingAlive: expect.not.arrayContaining(['TCPSocketWrap']),
      });
    },
    120_000,
  );

  it('streams a 400 MB file-backed Blob: the process grows by well under its size', async () => {
    // a sparse file: 400 MB to read, no disk space taken
    const dir = await mkdtemp(join(tmpdir(), 'capi-upload-'));
    const file = join(dir, 'large.bin');
    const size = 400 * 1024 * 1024;
    try {
      const handle = await open(file, 'w');
      await handle.truncate(size);
      await handle.close();
      const res = report<{ size: number; received: number; error: unknown; growth: number }>(
        await runChild('upload-memory.ts', [server.url, file], 300_000),
      );
      expect(res).toMatchObject({ size, received: size, error: null });
      // a generous bound (buffered, the process would grow by the size; streamed, by the chunks in
      // flight and garbage not yet collected): a memory claim, not a measurement
      expect(res.growth).toBeLessThan(size / 2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

describe('the package', () => {
  it('exports the Node entry under the "node" condition, ahead of the entry for every other runtime', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const dot = pkg.exports['.'];
    expect(dot).toEqual({ types: './dist/index.d.ts', node: './dist/index.node.js', default: './dist/index.js' });
    expect(Object.keys(dot).indexOf('node')).toBeLessThan(Object.keys(dot).indexOf('default'));
    expect(pkg.dependencies.undici).toMatch(/^\^8\./);
  });

  it('the main entry (index.ts) and what it imports use no Node API and no undici', () => {
    const src = new URL('../src/', import.meta.url);
    const imports = (file: string) =>
      [...readFileSync(new URL(file, src), 'utf8').matchAll(/^\s*(?:import|export)\b[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
    const seen = new Set<string>();
    const external = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of imports(file)) {
        if (spec.startsWith('./')) walk(spec.slice(2).replace(/\.js$/, '.ts'));
        else external.add(spec);
      }
    };
    walk('index.ts');
    expect([...seen]).not.toContain('node.ts');
    expect([...external].sort()).toEqual(['openapi-fetch', 'openapi-typescript-helpers']);
    // and the Node entry exports exactly the same names
    const names = (file: string) => Object.keys(file === 'node' ? nodeEntry : mainEntry).sort();
    expect(names('node')).toEqual(names('main'));
    expect(readdirSync(src)).toContain('index.node.ts');
  });
});

const mainEntry = await import('../src/index.js');
const nodeEntry = await import('../src/index.node.js');
