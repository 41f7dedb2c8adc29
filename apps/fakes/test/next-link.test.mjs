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

  it('an empty list has no next link, and no count where its bounds allow none (at least 1)', async () => {
    env.served.engine.reset();
    expect(await get('/widgets')).toEqual({ value: [] });
  });

  it('a next link leads to the next page, and the last page has none', async () => {
    env.served.engine.reset();
    const ids = [];
    for (const name of ['a', 'b', 'c']) ids.push((await send('POST', '/widgets', 201, { name })).id);
    const first = await get('/widgets?limit=2');
    expect(first.value.map((w) => w.id)).toEqual(ids.slice(0, 2));
    expect(first.nextLink).toBe('/widgets?limit=2&offset=2');
    // OData's count of them all (Azure's policy insights answered `"@odata.count": 800` beside an empty list)
    expect(first['@odata.count']).toBe(3);
    const last = await get(first.nextLink);
    expect(last.value.map((w) => w.id)).toEqual(ids.slice(2));
    expect(Object.hasOwn(last, 'nextLink')).toBe(false);
  });

  it('a next page token leads to the next page, and the last page has none', async () => {
    env.served.engine.reset();
    const ids = [];
    for (const label of ['a', 'b', 'c']) ids.push((await send('POST', '/gadgets', 201, { label })).id);
    const first = await get('/gadgets?pageSize=2');
    expect(first.gadgets.map((g) => g.id)).toEqual(ids.slice(0, 2));
    expect(typeof first.nextPageToken).toBe('string');
    const last = await get(`/gadgets?pageSize=2&pageToken=${encodeURIComponent(first.nextPageToken)}`);
    expect(last.gadgets.map((g) => g.id)).toEqual(ids.slice(2));
    expect(Object.hasOwn(last, 'nextPageToken')).toBe(false);
  });

  it("AWS's NextToken leads to the next page through the nextToken parameter, and the last page has none", async () => {
    env.served.engine.reset();
    expect(await get('/gizmos')).toEqual({ Gizmos: [] });
    const ids = [];
    for (const size of ['s', 'm', 'l']) ids.push((await send('POST', '/gizmos', 201, { size })).id);
    const first = await get('/gizmos?maxResults=2');
    expect(first.Gizmos.map((g) => g.id)).toEqual(ids.slice(0, 2));
    expect(typeof first.NextToken).toBe('string');
    const last = await get(`/gizmos?maxResults=2&nextToken=${encodeURIComponent(first.NextToken)}`);
    expect(last.Gizmos.map((g) => g.id)).toEqual(ids.slice(2));
    expect(Object.hasOwn(last, 'NextToken')).toBe(false);
  });

  it('a total and next cursor in a meta object say where the list is', async () => {
    env.served.engine.reset();
    expect(await get('/gears')).toEqual({ gears: [], meta: { total: 0 } });
    const ids = [];
    for (const teeth of [8, 16, 32]) ids.push((await send('POST', '/gears', 201, { teeth })).id);
    const first = await get('/gears?limit=2');
    expect(first.gears.map((g) => g.id)).toEqual(ids.slice(0, 2));
    expect(first.meta.total).toBe(3);
    expect(typeof first.meta.next_cursor).toBe('string');
    const last = await get(`/gears?limit=2&cursor=${encodeURIComponent(first.meta.next_cursor)}`);
    expect(last.gears.map((g) => g.id)).toEqual(ids.slice(2));
    expect(last.meta).toEqual({ total: 3 });
  });
});
