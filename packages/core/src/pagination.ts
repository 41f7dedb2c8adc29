/**
 * Pagination: how an operation pages (declared per operation in the provider's overlay as
 * `x-capi-pagination`, generated into `spec.pagination`), and a typed async iterator over its
 * pages and items. See docs/clients.md, "Pagination".
 */
import { ConfigError, type NormalizedError } from './errors.js';
import { pointerSegments } from './json-pointer.js';

export { pointerSegments };

/** How one operation pages, as the overlay declares it (`x-capi-pagination`) and codegen writes it. */
export type PaginationFact =
  /** the response carries a cursor (at `response.next`), sent back in query parameter `request.cursor` */
  | {
      readonly style: 'cursor';
      readonly request: { readonly cursor: string };
      readonly response: { readonly items: string; readonly next: string };
    }
  /** query parameters `request.offset` (and `request.limit`): the next offset is the last one plus the items received */
  | {
      readonly style: 'offset';
      readonly request: { readonly offset: string; readonly limit?: string };
      readonly response: { readonly items: string };
    }
  /** query parameter `request.page`, counted from `start` (default 1) */
  | {
      readonly style: 'page';
      readonly request: { readonly page: string };
      readonly start?: number;
      readonly response: { readonly items: string };
    }
  /** the `Link` response header's `rel="next"` URL */
  | { readonly style: 'link'; readonly response: { readonly items: string } }
  /** a next URL in the body (at `response.next`) */
  | { readonly style: 'next-url'; readonly response: { readonly items: string; readonly next: string } };

/** The types codegen writes per paging operation (`Pages` in api.gen.ts). */
export interface PageTypes {
  page: unknown;
  item: unknown;
  params: unknown;
}

/**
 * The bound of an iteration without `maxPages`: a server that hands out a new cursor or next URL
 * on every page (by mistake or on purpose) would otherwise keep the loop going for ever. Reaching
 * it is a PaginationError (`page_limit`), not a silent end; a `maxPages` of the caller's replaces it.
 */
export const DEFAULT_MAX_PAGES = 1000;

/**
 * The longest next cursor or next URL a pagination follows (characters). Each one is kept to spot
 * a loop, so a server answering a new 10 MiB cursor on every page would hold 10 GB by the default
 * bound of 1000 pages; no server reads a URL this long (Node's limit for a request's headers and
 * target is 16 KiB, most servers' 8 KiB). A longer one is a PaginationError (`bad_page`).
 */
export const MAX_NEXT_LENGTH = 64 * 1024;

export interface PaginateOptions {
  /** Stop after this many pages (requests). Without it, more than 1000 pages is a PaginationError (`page_limit`). */
  maxPages?: number;
  /** Stop after this many items (`items()` yields no more; page iteration stops once they are reached). */
  maxItems?: number;
  /** Cancels the iteration: the request in flight and any wait between attempts. */
  signal?: AbortSignal;
}

/** An async iterator over an operation's pages (the response bodies), with `items()` over their items. */
export interface Pager<Page, Item> extends AsyncIterable<Page> {
  items(): AsyncIterable<Item>;
}

/**
 * Why a pagination stopped with an error: the operation declares no pagination, or the next page's
 * URL is on another origin or another path than the operation's (refused: the client's
 * credentials would go there), or a response does not have the declared shape. Never quotes the
 * URL (it may carry a token). `page_limit`: more pages than the default bound (DEFAULT_MAX_PAGES)
 * without a `maxPages` of the caller's. `bad_page` also for a next cursor or URL longer than
 * MAX_NEXT_LENGTH.
 */
export class PaginationError extends Error {
  override readonly name = 'PaginationError';
  constructor(
    readonly provider: string,
    readonly operation: string,
    readonly reason: 'not_paginated' | 'other_origin' | 'other_path' | 'bad_page' | 'page_limit',
    message: string,
  ) {
    super(`${provider}: ${operation}: ${message}`);
  }
}

export type Init = { params?: { query?: Record<string, unknown>; path?: Record<string, unknown>; header?: unknown }; [k: string]: unknown };
export type Caller = (
  method: string,
  path: string,
  init: Record<string, unknown>,
) => Promise<{ data?: unknown; error?: NormalizedError; response?: Response }>;

/** The `paginate` method of a client (client.ts attaches it). */
export function pager(
  provider: string,
  baseUrl: string,
  facts: Readonly<Record<string, PaginationFact>>,
  call: Caller,
): (operation: string, init?: Init, options?: PaginateOptions) => Pager<unknown, unknown> {
  return (operation, init = {}, options = {}) => {
    const fact = Object.hasOwn(facts, operation) ? facts[operation] : undefined;
    const fail = (reason: PaginationError['reason'], message: string) => new PaginationError(provider, operation, reason, message);
    if (!fact) {
      throw fail('not_paginated', `the operation declares no pagination (x-capi-pagination in the provider's overlay)`);
    }
    const run: PageRun = {
      baseUrl,
      operation,
      fact,
      init,
      signal: options.signal,
      maxPages: limit(provider, operation, 'maxPages', options.maxPages),
      maxItems: limit(provider, operation, 'maxItems', options.maxItems),
      call,
      fail,
    };
    // The page loop is a module of its own, loaded once, on the first page: a client that never
    // pages carries none of it at start (bundlers split it off; docs/clients.md, "Pagination").
    // Its generator is driven directly, not wrapped in more async generators: each wrapper cost
    // a few promise turns per page, and an `import()` per pagination a trip through the module
    // loader (bench/results.md, "Optional features").
    const pages = (): AsyncIterator<Page> => {
      let loop: AsyncGenerator<Page> | undefined;
      return {
        next: async () => {
          loop ??= (await pageLoopModule()).pageLoop(run);
          return loop.next();
        },
        return: async (value?: unknown) => (loop ? loop.return(value) : { done: true, value }),
      };
    };
    const maxItems = run.maxItems;
    return {
      [Symbol.asyncIterator]() {
        const it = pages();
        return {
          next: async () => {
            const r = await it.next();
            return r.done ? r : { done: false, value: r.value.page };
          },
          return: (value?: unknown) => it.return!(value),
          // iterable itself, as a generator is
          [Symbol.asyncIterator]() {
            return this;
          },
        };
      },
      async *items() {
        let n = 0;
        for await (const { items } of { [Symbol.asyncIterator]: pages }) {
          for (const item of items) {
            if (maxItems !== undefined && n >= maxItems) return;
            n++;
            yield item;
          }
        }
      },
    };
  };
}

type Page = { page: unknown; items: unknown[] };

/** The page loop's module, imported once (forgotten if that fails, so a later pagination tries again). */
let pagesModule: Promise<typeof import('./pages.js')> | undefined;
const pageLoopModule = () =>
  (pagesModule ??= import('./pages.js').catch((err: unknown) => {
    pagesModule = undefined;
    throw err;
  }));

/** One pagination as the page loop (pages.ts) runs it. */
export interface PageRun {
  baseUrl: string;
  operation: string;
  fact: PaginationFact;
  init: Init;
  signal: AbortSignal | undefined;
  maxPages: number | undefined;
  maxItems: number | undefined;
  call: Caller;
  fail: (reason: PaginationError['reason'], message: string) => PaginationError;
}

function limit(provider: string, operation: string, name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(provider, name, `${operation}: ${name} must be a positive integer`);
  return value;
}

/** The value at a JSON pointer ('' = the whole value), or undefined. */
export function at(value: unknown, pointer: string): unknown {
  let here = value;
  for (const key of pointerSegments(pointer)) {
    if (here === null || typeof here !== 'object' || !Object.hasOwn(here, key)) return undefined;
    here = (here as Record<string, unknown>)[key];
  }
  return here;
}

/** A run of whitespace (as `\s` reads it), from `lastIndex`. */
const SPACES = /\s*/y;
/** The rest of a parameter, from `lastIndex`: up to the next `;` or `,`. */
const PARAM = /[^;,]*/y;
/** The first `rel` parameter of a link's parameters (each attempt scans at most one `;`'s whitespace, or succeeds). */
const REL = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i;

/** Where a sticky regex's match from `from` ends. */
const runEnd = (re: RegExp, text: string, from: number): number => {
  re.lastIndex = from;
  re.exec(text);
  return re.lastIndex;
};

/**
 * The `rel="next"` URL of a `Link` header (RFC 8288), or undefined. One pass: each link is the
 * text from a `<` to the first `>` after it, then its parameters, each a `;` and a non-empty run
 * up to the next `;` or `,`; the next link is looked for after them. As one regex
 * (`<([^>]*)>((?:\s*;\s*[^;,]+)*)`, matched all over) a header of many `<` and no `>` was
 * quadratic (each `<` read the rest of the header looking for its `>`): a 16 KB one took 0.39 s.
 * With no `>` after a `<` there is none after any later `<` either: it stops there.
 */
export function nextLink(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  let from = 0;
  for (;;) {
    const open = header.indexOf('<', from);
    if (open < 0) return undefined;
    const close = header.indexOf('>', open + 1);
    if (close < 0) return undefined;
    let end = close + 1;
    for (;;) {
      const semi = runEnd(SPACES, header, end);
      if (header[semi] !== ';') break;
      const after = runEnd(PARAM, header, semi + 1);
      if (after === semi + 1) break; // an empty parameter ends the link before its `;`
      end = after;
    }
    const rel = REL.exec(header.slice(close + 1, end));
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (rels.includes('next')) return header.slice(open + 1, close);
    from = end;
  }
}
