/**
 * The page loop of `client.paginate` (pagination.ts): requests the pages one after the other and
 * yields each with its items, until an empty page, a repeated cursor or URL, the end the response
 * says, or a limit. A module of its own so that a client loads it only when it pages.
 */
import { ApiError } from './errors.js';
import { at, DEFAULT_MAX_PAGES, MAX_NEXT_LENGTH, nextLink, type PageRun, type PaginationError } from './pagination.js';

export async function* pageLoop(run: PageRun): AsyncGenerator<{ page: unknown; items: unknown[] }> {
  const { baseUrl, fact, init, maxPages, maxItems, call, fail } = run;
  const options = { signal: run.signal };
  const [method, ...rest] = run.operation.split(' ');
  const path = rest.join(' ');
  let query: Record<string, unknown> = { ...(init.params?.query ?? {}) };
  const seen = new Set<string>();
  let count = 0;
  let itemCount = 0;
  let start = fact.style === 'page' ? Number(query[fact.request.page] ?? fact.start ?? 1) : 0;
  if (fact.style === 'offset') start = Number(query[fact.request.offset] ?? 0);
  let base: URL | undefined;
  for (;;) {
    if (maxPages !== undefined && count >= maxPages) return;
    if (maxPages === undefined && count >= DEFAULT_MAX_PAGES) {
      throw fail(
        'page_limit',
        `more than ${DEFAULT_MAX_PAGES} pages and still a next one (a server that never ends?): pass maxPages to page further`,
      );
    }
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
      throw fail('bad_page', `the page has no array of items at ${fact.response.items || '(the body)'} (x-capi-pagination response.items)`);
    }
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
        tooLong(String(next), fail);
        query = { ...query, [fact.request.cursor]: next };
        break;
      case 'offset':
      case 'page':
        start += fact.style === 'page' ? 1 : items.length;
        next = String(start);
        break;
      case 'link':
      case 'next-url': {
        // `response` only here: on the fast path reading it builds a WHATWG Response (call.ts, withResponse)
        next = fact.style === 'link' ? nextLink(result.response?.headers.get('link')) : at(page, fact.response.next);
        if (next === undefined || next === null || next === '') return;
        if (typeof next !== 'string') throw fail('bad_page', 'the next URL is not a string');
        tooLong(next, fail);
        base ??= new URL(result.response?.url || `${baseUrl}${filled(path, init.params?.path)}`);
        query = sameOperationQuery(next, base, baseUrl, fail);
        break;
      }
    }
    const key = String(next);
    if (seen.has(key)) return; // a repeated cursor or URL would loop for ever
    seen.add(key);
  }
}

/** Refuses a next cursor or URL longer than MAX_NEXT_LENGTH: it would be sent, and kept (`seen`) for the rest of the pagination. */
function tooLong(next: string, fail: PageRun['fail']): void {
  if (next.length > MAX_NEXT_LENGTH) {
    throw fail(
      'bad_page',
      `the next cursor or URL is longer than ${MAX_NEXT_LENGTH} characters: refused (no server reads a URL that long)`,
    );
  }
}

/** A path template with its path parameters filled in (as openapi-fetch does for simple ones). */
function filled(template: string, values: Record<string, unknown> | undefined): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(String(values?.[name] ?? '')));
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
