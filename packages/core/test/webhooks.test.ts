// Webhooks: verifyWebhook checks the signature (WebCrypto HMAC-SHA256, compared in constant time
// by crypto.subtle.verify), refuses stale and replayed deliveries, returns a typed event or a
// typed error, never echoing the secret; signWebhook signs; deliverWebhook (the testing entry)
// delivers a signed event to a consumer's real handler on 127.0.0.1, end to end.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReplayCache, signWebhook, verifyWebhook, type WebhookScheme } from '../src/index.js';
import { deliverWebhook } from '../src/testing.js';
import { nodeTransport } from '../src/node.js';

type Events = { 'order.created': { id: string; total: number }; 'order.cancelled': { id: string; reason?: string } };
const secret = 'whsec_TOP-SECRET-value';
const stripeLike: WebhookScheme = {
  algorithm: 'hmac-sha256',
  header: 'X-Signature',
  timestampHeader: 'X-Timestamp',
  payload: 'timestamp.body',
  encoding: 'hex',
  prefix: 'v1=',
  tolerance: 300,
  event: { header: 'X-Event' },
};
const githubLike: WebhookScheme = {
  algorithm: 'hmac-sha256',
  header: 'X-Hub-Signature-256',
  payload: 'body',
  encoding: 'hex',
  prefix: 'sha256=',
};
const base64Body: WebhookScheme = {
  algorithm: 'hmac-sha256',
  header: 'Webhook-Signature',
  payload: 'body',
  encoding: 'base64',
  event: { pointer: '/type' },
};

const now = 1_800_000_000_000;
const body = JSON.stringify({ id: 'o1', total: 42 });

describe('signWebhook / verifyWebhook', () => {
  it('signs as an independent HMAC-SHA256 implementation does (node:crypto)', async () => {
    const headers = await signWebhook({ scheme: stripeLike, secret, body, timestamp: now / 1000 });
    const expected = createHmac('sha256', secret)
      .update(`${now / 1000}.${body}`)
      .digest('hex');
    expect(headers).toEqual({ 'X-Signature': `v1=${expected}`, 'X-Timestamp': String(now / 1000) });
    const gh = await signWebhook({ scheme: githubLike, secret, body });
    expect(gh['X-Hub-Signature-256']).toBe(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
    const b64 = await signWebhook({ scheme: base64Body, secret, body });
    expect(b64['Webhook-Signature']).toBe(createHmac('sha256', secret).update(body).digest('base64'));
  });

  it('accepts a good delivery and returns the typed event', async () => {
    const headers = { ...(await signWebhook({ scheme: stripeLike, secret, body, timestamp: now / 1000 })), 'x-event': 'order.created' };
    const result = await verifyWebhook<Events>({ scheme: stripeLike, secret, body, headers, now, replay: new ReplayCache() });
    expect(result).toEqual({ ok: true, event: { name: 'order.created', payload: { id: 'o1', total: 42 } } });
    if (result.ok && result.event.name === 'order.created') expectTypeOf(result.event.payload).toEqualTypeOf<Events['order.created']>();
  });

  it('reads the event name at a JSON pointer, from a Uint8Array body and a Headers object', async () => {
    const raw = new TextEncoder().encode(JSON.stringify({ type: 'order.cancelled', id: 'o2' }));
    const headers = new Headers(await signWebhook({ scheme: base64Body, secret, body: raw }));
    const result = await verifyWebhook<Events>({ scheme: base64Body, secret, body: raw, headers, replay: new ReplayCache() });
    expect(result).toMatchObject({ ok: true, event: { name: 'order.cancelled', payload: { id: 'o2' } } });
  });

  const signed = async (scheme = stripeLike, b = body, ts = now / 1000): Promise<Record<string, string>> => ({
    ...(await signWebhook({ scheme, secret, body: b, timestamp: ts })),
    'X-Event': 'order.created',
  });

  it.each([
    ['a wrong secret', async () => ({ headers: await signed(), secret: 'other-secret' }), 'signature'],
    ['a changed body', async () => ({ headers: await signed(), body: body.replace('42', '43') }), 'signature'],
    ['a changed timestamp', async () => ({ headers: { ...(await signed()), 'X-Timestamp': String(now / 1000 + 1) } }), 'signature'],
    ['no signature header', async () => ({ headers: { 'X-Timestamp': String(now / 1000) } }), 'signature'],
    ['a signature without its prefix', async () => ({ headers: { ...(await signed()), 'X-Signature': 'abcd' } }), 'signature'],
    ['a truncated signature', async () => ({ headers: { ...(await signed()), 'X-Signature': 'v1=abcd' } }), 'signature'],
    ['a timestamp 301 s old', async () => ({ headers: await signed(stripeLike, body, now / 1000 - 301) }), 'stale'],
    ['a timestamp 301 s ahead', async () => ({ headers: await signed(stripeLike, body, now / 1000 + 301) }), 'stale'],
    ['no timestamp', async () => ({ headers: { 'X-Signature': (await signed())['X-Signature'] } }), 'malformed'],
    ['a body that is not JSON', async () => ({ headers: await signed(stripeLike, 'not json'), body: 'not json' }), 'malformed'],
    [
      'a header of 1000 signatures, the good one among them',
      async () => {
        const good = (await signed())['X-Signature'];
        const others = Array.from({ length: 999 }, (_, i) => `v1=${i.toString(16).padStart(64, '0')}`);
        return { headers: { ...(await signed()), 'X-Signature': [...others, good].join(',') } };
      },
      'signature',
    ],
    [
      'the signature header given twice (an array), the good one first',
      async () => {
        const good = (await signed())['X-Signature'];
        return { headers: { ...(await signed()), 'X-Signature': [String(good), `v1=${'0'.repeat(64)}`] } };
      },
      'signature',
    ],
    [
      'a signature that is not hex',
      async () => ({ headers: { ...(await signed()), 'X-Signature': `v1=${'zz'.repeat(32)}` } }),
      'signature',
    ],
    ['the secret itself as the signature', async () => ({ headers: { ...(await signed()), 'X-Signature': `v1=${secret}` } }), 'signature'],
    [
      'a signed timestamp far in the future (year 33658)',
      async () => ({ headers: await signed(stripeLike, body, 999_999_999_999) }),
      'stale',
    ],
    ['a timestamp of 13 digits', async () => ({ headers: { ...(await signed()), 'X-Timestamp': '1800000000000' } }), 'malformed'],
    [
      'an event this provider does not document',
      async () => ({ headers: { ...(await signed()), 'X-Event': 'user.deleted' } }),
      'malformed',
    ],
  ] as const)('refuses %s, as kind $2, without echoing the secret', async (_what, make, kind) => {
    const input = await make();
    const result = await verifyWebhook<Events>({
      scheme: stripeLike,
      secret,
      body,
      now,
      events: ['order.created', 'order.cancelled'],
      replay: new ReplayCache(),
      ...input,
    });
    expect(result).toMatchObject({ ok: false, error: { kind } });
    const text = JSON.stringify(result);
    expect(text).not.toContain(secret);
    expect(text).not.toContain('TOP-SECRET');
    const sig = (input.headers as Record<string, string | undefined>)['X-Signature'];
    if (sig) expect(text).not.toContain(sig);
  });

  it('refuses a body of 50 MB as too_large before checking its signature; maxBytes raises the limit', async () => {
    const big = `{"id":"o1","pad":"${'x'.repeat(50 * 1024 * 1024)}"}`;
    const headers = await signed(stripeLike, big);
    const check = (input: object) =>
      verifyWebhook<Events>({ scheme: stripeLike, secret, body: big, headers, now, replay: new ReplayCache(), ...input });
    // a wrong secret too: the size is checked first, no HMAC over 50 MB for a stranger
    for (const input of [{}, { secret: 'other-secret' }, { body: new TextEncoder().encode(big) }]) {
      const result = await check(input);
      expect(result).toMatchObject({ ok: false, error: { kind: 'too_large' } });
      expect(JSON.stringify(result)).toMatch(/more than 26214400 bytes.*maxBytes/);
      expect(JSON.stringify(result)).not.toContain(secret);
    }
    expect(await check({ maxBytes: 64 * 1024 * 1024 })).toMatchObject({ ok: true, event: { name: 'order.created' } });
    // a string of 25 MiB characters that encodes to more bytes is refused as well
    const wide = `"${'é'.repeat(13 * 1024 * 1024)}"`;
    expect(await check({ body: wide, headers: await signed(stripeLike, wide) })).toMatchObject({ ok: false, error: { kind: 'too_large' } });
    await expect(verifyWebhook({ scheme: stripeLike, secret, body, headers, maxBytes: 0 })).rejects.toThrow(/maxBytes/);
  }, 60_000);

  it('refuses a replayed delivery within the tolerance window, also with a shared cache', async () => {
    const replay = new ReplayCache();
    const headers = await signed();
    expect((await verifyWebhook({ scheme: stripeLike, secret, body, headers, now, replay })).ok).toBe(true);
    expect(await verifyWebhook({ scheme: stripeLike, secret, body, headers, now: now + 1000, replay })).toMatchObject({
      ok: false,
      error: { kind: 'replayed' },
    });
    // a new delivery of the same event (new timestamp) is a new signature
    const again = await signed(stripeLike, body, now / 1000 + 1);
    expect((await verifyWebhook({ scheme: stripeLike, secret, body, headers: again, now, replay })).ok).toBe(true);
  });

  it.each([
    ['NaN (Number() of an unset variable)', Number.NaN],
    ['negative', -300],
    ['zero', 0],
    ['infinite', Number.POSITIVE_INFINITY],
    ['a string', '300'],
  ])('a tolerance that is %s is the caller’s mistake: a TypeError, never a check turned off', async (_what, tolerance) => {
    // NaN compared false both ways: a day-old delivery was fresh and its replay was new, every time
    const scheme = { ...stripeLike, tolerance } as unknown as WebhookScheme;
    const dayOld = await signed(stripeLike, body, now / 1000 - 86_400);
    const replay = new ReplayCache();
    for (let i = 0; i < 2; i++) {
      await expect(verifyWebhook({ scheme, secret, body, headers: dayOld, now, replay })).rejects.toThrow(
        /tolerance must be a positive number of seconds/,
      );
    }
    await expect(signWebhook({ scheme, secret, body })).rejects.toThrow(TypeError);
  });

  it('an empty secret is the caller’s mistake: a TypeError, for signing and verifying', async () => {
    await expect(signWebhook({ scheme: githubLike, secret: '', body })).rejects.toThrow(/secret must be a non-empty/);
    const headers = await signWebhook({ scheme: githubLike, secret, body });
    await expect(verifyWebhook({ scheme: githubLike, secret: new Uint8Array(), body, headers })).rejects.toThrow(TypeError);
  });

  it('the replay cache forgets expired entries before evicting a fresh one', () => {
    const cache = new ReplayCache(3);
    expect(cache.seen('a', 0, 10)).toBe(false);
    expect(cache.seen('b', 0, 20)).toBe(false);
    expect(cache.seen('c', 0, 30)).toBe(false);
    // at 25, a and b have expired: d takes their room, c (fresh) stays
    expect(cache.seen('d', 25, 40)).toBe(false);
    expect(cache.seen('c', 26, 30)).toBe(true);
    expect(cache.seen('d', 26, 40)).toBe(true);
    expect(cache.seen('a', 26, 40)).toBe(false); // forgotten: expired
  });

  it('the replay cache is bounded: the oldest entries go first', () => {
    const cache = new ReplayCache(3);
    for (const k of ['a', 'b', 'c', 'd']) expect(cache.seen(k, 0, Number.POSITIVE_INFINITY)).toBe(false);
    expect(cache.seen('d', 0, Number.POSITIVE_INFINITY)).toBe(true);
    expect(cache.seen('a', 0, Number.POSITIVE_INFINITY)).toBe(false); // evicted
  });
});

describe('deliverWebhook to a real handler on 127.0.0.1', () => {
  let server: Server;
  let url: string;
  const received: unknown[] = [];
  const replay = new ReplayCache();
  beforeAll(async () => {
    // the consumer's handler: the raw body and headers go to verifyWebhook, as a real one would do
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const result = await verifyWebhook<Events>({
        scheme: stripeLike,
        secret,
        body: new Uint8Array(Buffer.concat(chunks)),
        headers: req.headers as Record<string, string>,
        events: ['order.created', 'order.cancelled'],
        replay,
      });
      if (!result.ok) return res.writeHead(result.error.kind === 'replayed' ? 409 : 400).end(result.error.kind);
      received.push(result.event);
      res.writeHead(204).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  });
  afterAll(() => new Promise((done) => server?.close(done)));

  it('a signed delivery is accepted, a wrong secret and a stale one are refused, a repeat is a replay', async () => {
    const ok = await deliverWebhook({ url, scheme: stripeLike, secret, event: 'order.created', payload: { id: 'o9', total: 1 } });
    expect(ok.status).toBe(204);
    expect(received).toEqual([{ name: 'order.created', payload: { id: 'o9', total: 1 } }]);
    const wrong = await deliverWebhook({ url, scheme: stripeLike, secret: 'nope', event: 'order.created', payload: {} });
    expect([wrong.status, await wrong.text()]).toEqual([400, 'signature']);
    const old = Math.floor(Date.now() / 1000) - 3600;
    const stale = await deliverWebhook({ url, scheme: stripeLike, secret, event: 'order.created', payload: {}, timestamp: old });
    expect([stale.status, await stale.text()]).toEqual([400, 'stale']);
    const ts = Math.floor(Date.now() / 1000);
    const first = await deliverWebhook({ url, scheme: stripeLike, secret, event: 'order.cancelled', payload: { id: 'o9' }, timestamp: ts });
    const repeat = await deliverWebhook({
      url,
      scheme: stripeLike,
      secret,
      event: 'order.cancelled',
      payload: { id: 'o9' },
      timestamp: ts,
    });
    expect([first.status, repeat.status]).toEqual([204, 409]);
  });

  it('delivers over the Node transport too', async () => {
    const transport = nodeTransport();
    try {
      const res = await deliverWebhook({
        url,
        scheme: stripeLike,
        secret,
        event: 'order.created',
        payload: { id: 'n1', total: 2 },
        fetch: transport,
      });
      expect(res.status).toBe(204);
      expect(received.at(-1)).toEqual({ name: 'order.created', payload: { id: 'n1', total: 2 } });
    } finally {
      await transport.close();
    }
  });
});
