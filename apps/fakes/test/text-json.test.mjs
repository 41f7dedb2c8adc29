// `text/json` bodies and answers (test/fixtures/text-json.yaml) through the fake as `npm run fake`
// serves it: the front, real Prism in proxy mode, the engine on 127.0.0.1. Prism 5.16 reads only
// application/json as JSON; the fakes' Prism is the conformance harness's (startPrism in
// @capi/conformance/prism.ts, textJsonAsJson), which reads text/json as JSON too, as the clients do.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { servedFixture } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/text-json.yaml');

describe('a text/json API behind the fake', () => {
  const env = servedFixture(SPEC, 'text-json');
  const post = (body) =>
    fetch(`${env.served.url}/bookings`, { method: 'POST', headers: { 'content-type': 'text/json' }, body: JSON.stringify(body) });

  it('takes a valid body as JSON, stores it and answers it as text/json, which Prism finds valid', async () => {
    env.served.engine.reset();
    const created = await post({ hotel_id: 3, nights: 2 });
    expect([created.status, created.headers.get('content-type'), created.headers.get('sl-violations')]).toEqual([201, 'text/json', null]);
    const booking = await created.json();
    expect(booking).toMatchObject({ hotel_id: 3, nights: 2 });
    expect(env.served.engine.records('bookings')).toEqual([booking]);
    const read = await fetch(`${env.served.url}/bookings/${encodeURIComponent(booking.id)}`);
    expect([read.status, read.headers.get('content-type'), await read.json()]).toEqual([200, 'text/json', booking]);
  });

  it('refuses an invalid one with the JSON fields Prism names (read as text, every body would be "not an object")', async () => {
    env.served.engine.reset();
    const refused = await post({ hotel_id: 0 });
    expect(refused.status).toBe(422);
    const messages = JSON.stringify(await refused.json());
    expect(messages).toMatch(/must have required property 'nights'/);
    expect(messages).toMatch(/hotel_id must be >= 1/);
    expect(env.served.engine.records('bookings')).toEqual([]);
  });
});
