// The generated upstream (src/upstream.ts): a token answers one request, and the answers it
// keeps stay bounded in a long run (one registered per proxied case).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_HEADER, PENDING_ANSWERS, startUpstream } from '../src/upstream.ts';

describe('generated upstream', () => {
  /** @type {import('../src/upstream.ts').Upstream} */
  let upstream;
  beforeAll(async () => {
    upstream = await startUpstream();
  });
  afterAll(() => upstream?.close());

  const ask = (token) => fetch(`${upstream.url}/x`, { headers: { [ANSWER_HEADER]: token } });

  it('listens on 127.0.0.1 and answers a registered token once', async () => {
    expect(upstream.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const token = upstream.register({ status: 201, headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    const first = await ask(token);
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ a: 1 });
    // served: its answer is dropped, so the same token is no longer known
    const again = await ask(token);
    expect(again.status).toBe(501);
    await again.text();
  });

  it(`keeps at most ${PENDING_ANSWERS} answers never asked for, dropping the oldest`, async () => {
    const tokens = Array.from({ length: PENDING_ANSWERS + 1 }, (_, i) => upstream.register({ status: 200, headers: {}, body: `n${i}` }));
    const oldest = await ask(tokens[0]);
    expect(oldest.status).toBe(501);
    await oldest.text();
    const second = await ask(tokens[1]);
    expect(second.status).toBe(200);
    expect(await second.text()).toBe('n1');
    const newest = await ask(tokens.at(-1));
    expect(await newest.text()).toBe(`n${PENDING_ANSWERS}`);
  });
});
