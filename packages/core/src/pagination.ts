/**
 * Pagination: how an operation pages (declared per operation in the provider's overlay as
 * `x-capi-pagination`, generated into `spec.pagination`), and a typed async iterator over its
 * pages and items. See docs/clients.md, "Pagination".
 */
import { ApiError, ConfigError, type NormalizedError } from './errors.js';
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

export interface PaginateOptions {
  /** Stop after this many pages (requests). */
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
 * URL (it may carry a token).
 */
export class PaginationError extends Error {
  override readonly name = 'PaginationError';
  constructor(
    readonly provider: string,
    readonly operation: string,
    readonly reason: 'not_paginated' | 'other_origin' | 'other_path' | 'bad_page',
    message: string,
  ) {
    super(`${provider}: ${operation}: ${message}`);
  }
}

type Init = { params?: { query?: Record<string, unknown>; path?: Record<string, unknown>; header?: unknown }; [k: string]: unknown };
type Caller = (
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
    const maxPages = limit(provider, operation, 'maxPages', options.maxPages);
    const maxItems = limit(provider, operation, 'maxItems', options.maxItems);
    const [method, ...rest] = operation.split(' ');
    const path = rest.join(' ');
    const pages = async function* (): AsyncGenerator<{ page: unknown; items: unknown[] }> {
      let query: Record<string, unknown> = { ...(init.params?.query ?? {}) };
      const seen = new Set<string>();
      let count = 0;
      let itemCount = 0;
      let start = fact.style === 'page' ? Number(query[fact.request.page] ?? fact.start ?? 1) : 0;
      if (fact.style === 'offset') start = Number(query[fact.request.offset] ?? 0);
      let base: URL | undefined;
      for (;;) {
        if (maxPages !== undefined && count >= maxPages) return;
        if (maxItems !== undefined && itemCount >= maxItems) return;
        if (fact.style === 'page') query = { ...query, [fact.request.page]: start };
        if (fact.style === 'offset') query = { ...query, [fact.request.offset]: start };
        const result = await call(method!, path, {
          ...init,
          ...(options.signal ? { signal: options.signal } : {}),
          params: { ...(init.params ?? {}), query },
        });
        if (result.error) throw result.error instanceof ApiError ? result.error : new ApiError(result.error);
        count++;
        const page = result.data;
        const items = at(page, fact.response.items);
        if (!Array.isArray(items)) {
          throw fail(
            'bad_page',
            `the page has no array of items at ${fact.response.items || '(the body)'} (x-capi-pagination response.items)`,
          );
        }
        base ??= new URL(result.response?.url || `${baseUrl}${filled(path, init.params?.path)}`);
        yield { page, items };
        itemCount += items.length;
        if (items.length === 0) return;
        let next: unknown;
        switch (fact.style) {
          case 'cursor':
            next = at(page, fact.response.next);
            if (next === undefined || next === null || next === '') return;
            if (typeof next !== 'string' && typeof next !== 'number') {
              throw fail('bad_page', `the next cursor at ${fact.response.next} is not a string or number`);
            }
            query = { ...query, [fact.request.cursor]: next };
            break;
          case 'offset':
          case 'page':
            start += fact.style === 'page' ? 1 : items.length;
            next = String(start);
            break;
          case 'link':
          case 'next-url': {
            next = fact.style === 'link' ? nextLink(result.response?.headers.get('link')) : at(page, fact.response.next);
            if (next === undefined || next === null || next === '') return;
            if (typeof next !== 'string') throw fail('bad_page', 'the next URL is not a string');
            query = sameOperationQuery(next, base, baseUrl, fail);
            break;
          }
        }
        const key = String(next);
        if (seen.has(key)) return; // a repeated cursor or URL would loop for ever
        seen.add(key);
      }
    };
    return {
      async *[Symbol.asyncIterator]() {
        for await (const { page } of pages()) yield page;
      },
      async *items() {
        let n = 0;
        for await (const { items } of pages()) {
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

function limit(provider: string, operation: string, name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(provider, name, `${operation}: ${name} must be a positive integer`);
  return value;
}

/** A path template with its path parameters filled in (as openapi-fetch does for simple ones). */
function filled(template: string, values: Record<string, unknown> | undefined): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(String(values?.[name] ?? '')));
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

/** The `rel="next"` URL of a `Link` header (RFC 8288), or undefined. */
export function nextLink(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  for (const m of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(m[2] ?? '');
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (rels.includes('next')) return m[1];
  }
  return undefined;
}

/**
 * The query of a next URL, when it addresses the same operation: same origin as the client's base
 * URL and the same path as the page it came from. Anything else is refused: the call would carry
 * the client's credentials to it.
 */
function sameOperationQuery(
  next: string,
  current: URL,
  baseUrl: string,
  fail: (reason: PaginationError['reason'], message: string) => PaginationError,
): Record<string, unknown> {
  let url: URL;
  try {
    url = new URL(next, current);
  } catch {
    throw fail('bad_page', 'the next URL is not a URL');
  }
  if (url.origin !== new URL(baseUrl).origin) {
    throw fail(
      'other_origin',
      `the next page's URL is on another origin than the client's base URL: refused (the credentials would go there)`,
    );
  }
  if (url.pathname !== current.pathname) {
    throw fail('other_path', `the next page's URL has another path than the operation's: refused`);
  }
  const query: Record<string, unknown> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    query[key] = all.length === 1 ? all[0] : all;
  }
  return query;
}
