// Pagination (x-capi-pagination -> spec.pagination -> client.paginate): every style against a real
// server on 127.0.0.1 over both transports; stops on an empty page, a repeated cursor or URL and
// the caller's maximum; a next URL on another origin (a second server, another port) is refused
// and that server gets nothing, credentials least of all.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, createProviderClient, nextLink, PaginationError, type SpecFacts } from '../src/index.js';
import { nodeTransport, type NodeTransport } from '../src/node.js';
import { throughRequests } from './paths.js';

type Item = { id: number };
type Ok<Body, Query> = {
  parameters: { query?: Query; header?: never; path?: never; cookie?: never };
  requestBody?: never;
  responses: { 200: { headers: Record<string, unknown>; content: { 'application/json': Body } } };
};
type Paths = {
  '/cursor': { get: Ok<{ data: Item[]; next_cursor?: string | null }, { cursor?: string }> };
  '/offset': { get: Ok<{ results: Item[] }, { offset?: number; limit?: number }> };
  '/pages': { get: Ok<{ items: Item[] }, { page?: number }> };
  '/link': { get: Ok<Item[], { after?: string }> };
  '/next': { get: Ok<{ data: Item[]; next?: string | null }, { p?: string }> };
};
type P<K extends keyof Paths, I> = {
  page: Paths[K]['get']['responses'][200]['content']['application/json'];
  item: I;
  params: Paths[K]['get']['parameters'];
};
type Pages = {
  'GET /cursor': P<'/cursor', Item>;
  'GET /offset': P<'/offset', Item>;
  'GET /pages': P<'/pages', Item>;
  'GET /link': P<'/link', Item>;
  'GET /next': P<'/next', Item>;
};

const all: Item[] = Array.from({ length: 5 }, (_, i) => ({ id: i + 1 }));
let millionText: string | undefined;
/** A page of 10^6 items (numbers: about 6.9 MB, under the client's 10 MiB body limit), with a next cursor. */
const million = () => (millionText ??= JSON.stringify({ data: Array.from({ length: 1_000_000 }, (_, i) => i + 1), next_cursor: 'more' }));
const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
const elsewhere: IncomingHttpHeaders[] = [];
let server: Server;
let other: Server;
let baseUrl: string;
let otherUrl: string;
let transport: NodeTransport;

const json = (res: import('node:http').ServerResponse, body: unknown, headers: Record<string, string> = {}) => {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    seen.push({ path: url.pathname + url.search, headers: req.headers });
    const q = url.searchParams;
    const mode = q.get('mode');
    switch (url.pathname) {
      case '/cursor': {
        const at = Number(q.get('cursor') ?? 0);
        if (mode === 'repeat') return json(res, { data: [all[0]], next_cursor: 'same' });
        // a hostile server: a new cursor of 70 000 characters every time (each one kept to spot a loop)
        if (mode === 'huge') return json(res, { data: [all[0]], next_cursor: `${at + 1}`.padEnd(70_000, 'c') });
        // a hostile server: a new cursor every time, never an end
        if (mode === 'endless') return json(res, { data: [{ id: at + 1 }], next_cursor: String(at + 1) });
        if (mode === 'million') {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(million()) });
          return res.end(million());
        }
        if (mode === 'error' && at > 0) return res.writeHead(500, { 'content-type': 'text/plain' }).end('down');
        return json(res, { data: all.slice(at, at + 2), next_cursor: at + 2 < all.length ? String(at + 2) : null });
      }
      case '/offset': {
        const off = Number(q.get('offset') ?? 0);
        return json(res, { results: all.slice(off, off + Number(q.get('limit') ?? 2)) });
      }
      case '/pages': {
        const page = Number(q.get('page'));
        return json(res, { items: all.slice((page - 1) * 2, page * 2) });
      }
      case '/link': {
        const after = Number(q.get('after') ?? 0);
        const rest = all.slice(after, after + 2);
        const target =
          mode === 'away'
            ? `${otherUrl}/link?after=2`
            : mode === 'path'
              ? `${baseUrl}/cursor?after=2`
              : `/link?after=${after + 2}${mode ? `&mode=${mode}` : ''}`;
        const more = after + 2 < all.length || mode === 'away' || mode === 'path';
        return json(res, rest, more ? { link: `<${target}>; rel="next", <${baseUrl}/link>; rel="first"` } : {});
      }
      case '/next': {
        const p = Number(q.get('p') ?? 0);
        if (mode === 'away') return json(res, { data: [all[p]], next: `${otherUrl}/next?p=1` });
        if (mode === 'loop') return json(res, { data: [all[0]], next: `${baseUrl}/next?p=0&mode=loop` });
        if (mode === 'userinfo' && p === 0)
          return json(res, { data: [all[0]], next: baseUrl.replace('//', '//user:pw-in-next-url@') + '/next?p=1&mode=userinfo' });
        if (mode === 'userinfo') return json(res, { data: [all[p]], next: null });
        if (mode?.startsWith('scheme:')) return json(res, { data: [all[0]], next: mode.slice('scheme:'.length) });
        if (mode === 'huge') return json(res, { data: [all[0]], next: `${baseUrl}/next?mode=huge&p=${'1'.repeat(70_000)}` });
        return json(res, { data: all.slice(p, p + 2), next: p + 2 < all.length ? `${baseUrl}/next?p=${p + 2}` : null });
      }
    }
    res.writeHead(404).end();
  });
  other = createServer((req, res) => {
    elsewhere.push(req.headers);
    json(res, { data: [{ id: 99 }], next: null });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // another port: another origin
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  transport = nodeTransport();
});
afterAll(async () => {
  await transport?.close();
  await new Promise((done) => server?.close(done));
  await new Promise((done) => other?.close(done));
});

const spec: SpecFacts = {
  servers: [],
  security: [{ bearer: [] }],
  securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
  operations: { 'GET /cursor': ['200'], 'GET /offset': ['200'], 'GET /pages': ['200'], 'GET /link': ['200'], 'GET /next': ['200'] },
  pagination: {
    'GET /cursor': { style: 'cursor', request: { cursor: 'cursor' }, response: { items: '/data', next: '/next_cursor' } },
    'GET /offset': { style: 'offset', request: { offset: 'offset', limit: 'limit' }, response: { items: '/results' } },
    'GET /pages': { style: 'page', request: { page: 'page' }, response: { items: '/items' } },
    'GET /link': { style: 'link', response: { items: '' } },
    'GET /next': { style: 'next-url', response: { items: '/data', next: '/next' } },
  },
};
const client = (fetch: NodeTransport | undefined) =>
  createProviderClient<Paths, { baseUrl: string; retry: false }, Pages>(
    { name: 'pager', spec },
    { baseUrl, retry: false, ...(fetch ? { fetch } : {}) },
    { bearer: 'secret-token' },
  );
const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};
const ids = (items: Item[]) => items.map((i) => i.id);

describe.each([
  ['global fetch', () => undefined],
  ['node transport', () => transport],
  ['node transport, Request way', () => throughRequests(transport)],
])('client.paginate on %s', (_name, fetch) => {
  it('cursor: follows next_cursor until it is null, over pages and over items', async () => {
    const pages = await collect(client(fetch()).paginate('GET /cursor'));
    expect(pages.map((p) => ids(p.data))).toEqual([[1, 2], [3, 4], [5]]);
    expect(ids(await collect(client(fetch()).paginate('GET /cursor').items()))).toEqual([1, 2, 3, 4, 5]);
  });

  it('cursor: stops on a repeated cursor instead of looping', async () => {
    const pages = await collect(client(fetch()).paginate('GET /cursor', { params: { query: { mode: 'repeat' } as { cursor?: string } } }));
    expect(pages).toHaveLength(2);
  });

  it('offset: advances by the items received and stops on an empty page', async () => {
    const before = seen.length;
    const items = await collect(
      client(fetch())
        .paginate('GET /offset', { params: { query: { limit: 2 } } })
        .items(),
    );
    expect(ids(items)).toEqual([1, 2, 3, 4, 5]);
    expect(seen.slice(before).map((s) => s.path)).toEqual([
      '/offset?limit=2&offset=0',
      '/offset?limit=2&offset=2',
      '/offset?limit=2&offset=4',
      '/offset?limit=2&offset=5',
    ]);
  });

  it('page: counts pages from 1 and stops on an empty page', async () => {
    const pages = await collect(client(fetch()).paginate('GET /pages'));
    expect(pages.map((p) => ids(p.items))).toEqual([[1, 2], [3, 4], [5], []]);
  });

  it('the iterator: iterable itself, return() ends it (before the first page: nothing sent), breaking out sends no more', async () => {
    const before = seen.length;
    const pager = client(fetch()).paginate('GET /pages');
    const closed = pager[Symbol.asyncIterator]();
    expect(await closed.return?.()).toEqual({ done: true, value: undefined });
    expect(seen.length).toBe(before);
    const it = pager[Symbol.asyncIterator]();
    expect((it as unknown as AsyncIterable<unknown>)[Symbol.asyncIterator]()).toBe(it);
    const first = await it.next();
    expect(first.done).toBe(false);
    expect(ids((first.value as { items: Item[] }).items)).toEqual([1, 2]);
    expect(await it.return?.()).toEqual({ done: true, value: undefined });
    expect(await it.next()).toEqual({ done: true, value: undefined });
    expect(seen.length - before).toBe(1);
    for await (const page of pager) if (page.items.length) break;
    expect(seen.length - before).toBe(2);
  });

  it('maxPages and maxItems bound the iteration', async () => {
    expect(await collect(client(fetch()).paginate('GET /pages', {}, { maxPages: 2 }))).toHaveLength(2);
    const before = seen.length;
    expect(ids(await collect(client(fetch()).paginate('GET /pages', {}, { maxItems: 3 }).items()))).toEqual([1, 2, 3]);
    expect(seen.length - before).toBe(2); // the third item is on page 2: no third request
  });

  it('link: follows rel="next" on the same origin, with credentials', async () => {
    const before = seen.length;
    expect(ids(await collect(client(fetch()).paginate('GET /link').items()))).toEqual([1, 2, 3, 4, 5]);
    const calls = seen.slice(before);
    expect(calls.map((s) => s.path)).toEqual(['/link', '/link?after=2', '/link?after=4']);
    for (const c of calls) expect(c.headers.authorization).toBe('Bearer secret-token');
  });

  it('next-url: follows the body URL and stops on a URL seen before', async () => {
    expect(ids(await collect(client(fetch()).paginate('GET /next').items()))).toEqual([1, 2, 3, 4, 5]);
    const pages = await collect(client(fetch()).paginate('GET /next', { params: { query: { mode: 'loop' } as { p?: string } } }));
    expect(pages).toHaveLength(2);
  });

  it.each([
    ['GET /next', 'a next URL in the body'],
    ['GET /link', 'a Link header'],
  ] as const)('%s: a next URL on another origin (%s) is refused and that origin gets no request', async (op, _how) => {
    const before = elsewhere.length;
    const got: unknown[] = [];
    const err = await (async () => {
      for await (const page of client(fetch()).paginate(op, { params: { query: { mode: 'away' } as never } })) got.push(page);
    })().catch((e: unknown) => e);
    expect(got).toHaveLength(1);
    expect(err).toBeInstanceOf(PaginationError);
    expect(err).toMatchObject({ reason: 'other_origin' });
    expect(String((err as Error).message)).not.toContain(otherUrl);
    expect(elsewhere.length).toBe(before);
  });

  it('a server that hands out a new cursor for ever: the default bound of 1000 pages ends it with a PaginationError', async () => {
    const before = seen.length;
    const query = { params: { query: { mode: 'endless' } as { cursor?: string } } };
    let pages = 0;
    const err = await (async () => {
      for await (const _page of client(fetch()).paginate('GET /cursor', query)) pages++;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaginationError);
    expect(err).toMatchObject({ reason: 'page_limit' });
    expect((err as Error).message).toMatch(/more than 1000 pages.*maxPages/);
    expect(pages).toBe(1000);
    expect(seen.length - before).toBe(1000);
    // a maxPages of the caller's is its own bound, above the default too: a plain stop
    expect(await collect(client(fetch()).paginate('GET /cursor', query, { maxPages: 1001 }))).toHaveLength(1001);
  }, 60_000);

  it.each([
    ['a cursor', 'GET /cursor'],
    ['a next URL', 'GET /next'],
  ] as const)('%s of 70 000 characters is refused as bad_page before it is sent or kept', async (_what, operation) => {
    // each page's cursor or URL is kept to spot a loop: 1000 pages of a 10 MiB one would hold 10 GB
    const before = seen.length;
    let pages = 0;
    const err = await (async () => {
      for await (const _page of client(fetch()).paginate(operation, { params: { query: { mode: 'huge' } as never } })) pages++;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaginationError);
    expect(err).toMatchObject({ reason: 'bad_page' });
    expect((err as Error).message).toMatch(/longer than 65536 characters/);
    expect([pages, seen.length - before]).toEqual([1, 1]);
  });

  it('a page of 10^6 items with maxItems: the items stop at maxItems, after one request', async () => {
    const before = seen.length;
    const query = { params: { query: { mode: 'million' } as { cursor?: string } } };
    expect(await collect(client(fetch()).paginate('GET /cursor', query, { maxItems: 5 }).items())).toEqual([1, 2, 3, 4, 5]);
    expect(seen.length - before).toBe(1);
  }, 60_000);

  it('a next URL with user info on the same origin: its query followed, the user info never sent', async () => {
    const before = seen.length;
    const items = await collect(
      client(fetch())
        .paginate('GET /next', { params: { query: { mode: 'userinfo' } as never } })
        .items(),
    );
    expect(ids(items)).toEqual([1, 2]);
    const calls = seen.slice(before);
    expect(calls).toHaveLength(2);
    for (const c of calls) {
      expect(c.headers.authorization).toBe('Bearer secret-token');
      expect(JSON.stringify(c)).not.toContain('pw-in-next-url');
    }
  });

  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:application/json,{}',
    '//evil.example.test/next?p=1',
    'http://127.0.0.1.evil.example.test/next?p=1',
  ])('a next URL %s is refused as another origin, quoted nowhere', async (next) => {
    const err = await collect(client(fetch()).paginate('GET /next', { params: { query: { mode: `scheme:${next}` } as never } })).catch(
      (e) => e,
    );
    expect(err).toMatchObject({ name: 'PaginationError', reason: 'other_origin' });
    expect((err as Error).message).not.toContain(next);
  });

  it('a next URL to another path of the same origin is refused', async () => {
    const err = await collect(client(fetch()).paginate('GET /link', { params: { query: { mode: 'path' } as never } })).catch((e) => e);
    expect(err).toMatchObject({ name: 'PaginationError', reason: 'other_path' });
  });

  it('a failed page throws ApiError; an operation without pagination is refused', async () => {
    const err = await collect(client(fetch()).paginate('GET /cursor', { params: { query: { mode: 'error' } as never } })).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ kind: 'server', status: 500 });
    expect(() => (client(fetch()) as any).paginate('GET /nowhere')).toThrow(/declares no pagination/);
    expect(() => client(fetch()).paginate('GET /pages', {}, { maxPages: 0 })).toThrow(/maxPages must be a positive integer/);
  });
});

describe('pagination, typed and parsed', () => {
  it('types pages and items by the operation', () => {
    const c = client(undefined);
    expectTypeOf(c.paginate('GET /cursor')).toExtend<AsyncIterable<{ data: Item[]; next_cursor?: string | null }>>();
    expectTypeOf(c.paginate('GET /offset').items()).toEqualTypeOf<AsyncIterable<Item>>();
    // @ts-expect-error: an operation that does not page
    void (() => c.paginate('GET /other'));
    // @ts-expect-error: a parameter the operation does not have
    void (() => c.paginate('GET /offset', { params: { query: { offst: 1 } } }));
  });

  it.each([
    ['<https://a/x?page=2>; rel="next", <https://a/x?page=9>; rel="last"', 'https://a/x?page=2'],
    ['<https://a/x?page=9>; rel="last", <https://a/x?page=2>; rel=next', 'https://a/x?page=2'],
    ['<https://a/x?page=2>; rel="prev next"', 'https://a/x?page=2'],
    ['<https://a/x?page=1>; rel="prev"', undefined],
    ['', undefined],
  ])('nextLink(%j) is %j', (header, url) => {
    expect(nextLink(header)).toBe(url);
  });

  // The one-regex parser nextLink was (quadratic on a header of many `<`): the reference its
  // one-pass rewrite must agree with on every input.
  const reference = (header: string): string | undefined => {
    for (const m of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
      const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(m[2] ?? '');
      if ((rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/).includes('next')) return m[1];
    }
    return undefined;
  };

  it('agrees with the one-regex parser on random headers, well formed and not', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pick = <T>(xs: readonly T[]): T => xs[random(xs.length)]!;
    const pieces = ['<', '>', ';', ',', '=', '"', ' ', '\t', 'rel', 'REL', 'next', 'prev', 'a', 'x', '\u00a0'];
    const params = [
      '; rel="next"',
      ';rel=next',
      '; rel="prev next"',
      '; rel=last',
      ' ; title="a;b"',
      '; rel="x, next"',
      ';',
      '; ',
      ' ;rel = "next" ',
    ];
    let nexts = 0;
    for (let i = 0; i < 20_000; i++) {
      let header = '';
      if (i % 2 === 0) for (let k = random(40); k > 0; k--) header += pick(pieces);
      else
        for (let k = 1 + random(4); k > 0; k--) {
          header += `${k < 4 && random(2) ? ', ' : ''}<https://a/${random(9)}>`;
          for (let p = random(3); p > 0; p--) header += pick(params);
        }
      const expected = reference(header);
      if (expected !== undefined) nexts++;
      expect([header, nextLink(header)]).toEqual([header, expected]);
    }
    expect(nexts).toBeGreaterThan(2_000); // the agreement is not only on headers with no next link
  });

  // A bound, not a timing claim: the one-regex parser took 0.39 s on 16 KB of `<` and grows with
  // the square of the length (64 KB took 2.5 s of CPU at commit 07d1c40, load 16, 2026-12-07: about ten minutes on 1 MB); a linear one reads 1 MB well within the
  // test's default timeout, and a quadratic one cannot.
  it.each([
    ['`<` only', '<'.repeat(1 << 20)],
    ['`<` and spaces', '< '.repeat(1 << 19)],
    ['one link, then `;` parameters', `<a>${'; rel'.repeat(1 << 18)}`],
    ['one link, then unclosed quoted rels', `<a>${'; rel="x'.repeat(1 << 17)}`],
    ['one link, then spaces and `;`', `<a>${`;${' '.repeat(64)}`.repeat(1 << 14)}`],
    ['many links, none next', '<a>; rel=prev,'.repeat(1 << 16)],
  ])('reads a hostile 1 MB header (%s) in one pass', (_name, header) => {
    expect(nextLink(header)).toBeUndefined();
  });
});
