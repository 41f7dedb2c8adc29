// A list that names its next page in the body (test/fixtures/next-link.yaml): by URL, `nextLink`
// as Azure's lists do, or by token, `nextPageToken`, or AWS's `NextToken` asked back as `nextToken`,
// or in an object beside the items (`meta: { total, next_cursor }`). The fake writes the URL or token of its own
// next page there, and leaves the field out on the last page. Before, the field held a string
// generated from its schema on every page (iotdps' empty list answered
// `"nextLink": "listnextLink-55d03777"`): a client paging by it followed a link to nowhere, and
// lookoutvision's empty list answered `"NextToken": "l"`, which the fake did not read back either:
// a client paging by it asked for the first page again, for ever; wiremock's empty list answered
// `"meta": { "total": 4 }`, and Azure policy insights' `"@odata.count": 800`.
// Behind real Prism, as `npm run fake` serves it.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { servedFixture } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/next-link.yaml');

describe('a list paged by a next link or token in its body', () => {
  const env = servedFixture(SPEC, 'next-link');
  /** One request to the served fake: a documented status, nothing Prism flags, the JSON body. */
  const send = async (method, target, status, body) => {
    const res = await fetch(new URL(target, env.served.url), {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await res.text();
    expect([res.status, res.headers.get('sl-violations')], text).toEqual([status, null]);
    return JSON.parse(text);
  };
  const get = (target) => send('GET', target, 200);

  /**
   * Each way of naming the next page: the collection and its items' field, a body per item, the
   * first page asked (two of three items), where the page names the next one and how it is asked
   * (`follow`), with what an empty list answers and what the first and the last page say besides.
   */
  const LISTS = [
    {
      named: 'a next link (`nextLink`, as Azure writes it)',
      path: '/widgets',
      items: 'value',
      body: (i) => ({ name: 'abc'[i] }),
      page: 'limit=2',
      empty: { value: [] },
      next: (page) => page.nextLink,
      follow: (link) => link,
      // the link is the fake's own URL of the next page; OData's count of them all (Azure's policy
      // insights answered `"@odata.count": 800` beside an empty list)
      first: (page) => {
        expect(page.nextLink).toBe('/widgets?limit=2&offset=2');
        expect(page['@odata.count']).toBe(3);
      },
      last: (page) => expect(Object.hasOwn(page, 'nextLink')).toBe(false),
    },
    {
      named: 'a next page token (`nextPageToken`)',
      path: '/gadgets',
      items: 'gadgets',
      body: (i) => ({ label: 'abc'[i] }),
      page: 'pageSize=2',
      empty: { gadgets: [] },
      next: (page) => page.nextPageToken,
      follow: (token) => `/gadgets?pageSize=2&pageToken=${encodeURIComponent(token)}`,
      last: (page) => expect(Object.hasOwn(page, 'nextPageToken')).toBe(false),
    },
    {
      named: "AWS's NextToken, asked back through the nextToken parameter",
      path: '/gizmos',
      items: 'Gizmos',
      body: (i) => ({ size: 'sml'[i] }),
      page: 'maxResults=2',
      empty: { Gizmos: [] },
      next: (page) => page.NextToken,
      follow: (token) => `/gizmos?maxResults=2&nextToken=${encodeURIComponent(token)}`,
      last: (page) => expect(Object.hasOwn(page, 'NextToken')).toBe(false),
    },
    {
      named: 'a total and a next cursor in a meta object beside the items',
      path: '/gears',
      items: 'gears',
      body: (i) => ({ teeth: [8, 16, 32][i] }),
      page: 'limit=2',
      empty: { gears: [], meta: { total: 0 } },
      next: (page) => page.meta.next_cursor,
      follow: (cursor) => `/gears?limit=2&cursor=${encodeURIComponent(cursor)}`,
      first: (page) => expect(page.meta.total).toBe(3),
      last: (page) => expect(page.meta).toEqual({ total: 3 }),
    },
  ];

  it.each(LISTS)('$named leads to the next page, and the last page has none', async (list) => {
    env.served.engine.reset();
    // an empty list names no next page, and no count its bounds refuse (widgets' `@odata.count`, at least 1)
    expect(await get(list.path)).toEqual(list.empty);
    const ids = [];
    for (const i of [0, 1, 2]) ids.push((await send('POST', list.path, 201, list.body(i))).id);
    const first = await get(`${list.path}?${list.page}`);
    expect(first[list.items].map((item) => item.id)).toEqual(ids.slice(0, 2));
    expect(typeof list.next(first)).toBe('string');
    list.first?.(first);
    const last = await get(list.follow(list.next(first)));
    expect(last[list.items].map((item) => item.id)).toEqual(ids.slice(2));
    list.last(last);
  });
});
