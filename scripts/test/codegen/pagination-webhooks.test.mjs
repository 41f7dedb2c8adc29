// Pagination and webhooks from the overlay to the client: x-capi-pagination and
// x-capi-webhook-signature (fixtures/hooks: an OAS 3.1 spec with webhooks and its overlay; a 3.0
// spec with callbacks) become spec facts (checked, a malformed extension named by its pointer)
// and the `Pages` and `Webhooks` types of api.gen.ts, which a consumer's calls are typechecked
// against (@capi/core read from its sources).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { apiModule } from '../../lib/codegen/codegen.ts';
import { checkOverlay } from '../../lib/overlay/overlay.ts';
import { typecheckUse, writeGenerated } from './consumer-project.mjs';
import { VALIDATORS_LOADER } from '../../lib/codegen/validators-codegen.ts';

const fixture = (name) => fileURLToPath(new URL(`../fixtures/hooks/${name}`, import.meta.url));
const upstream = () => parse(readFileSync(fixture('upstream.yaml'), 'utf8'));
const effective = () => checkOverlay(fixture('overlay.yaml'), upstream()).document;
const callbacks30 = () => parse(readFileSync(fixture('callbacks-30.yaml'), 'utf8'));
/** The `spec` object of a rendered api.gen.ts. */
const factsOf = (ts) =>
  JSON.parse(/export const spec = (\{[\s\S]*?\n\}) as const;/.exec(ts)[1].replace(`,\n  ${VALIDATORS_LOADER},\n}`, '\n}'));

describe('spec facts: pagination and webhook signature from the overlay', () => {
  it('emits each operation’s pagination and the document’s signature scheme', () => {
    const facts = factsOf(apiModule(effective()));
    expect(facts.pagination).toEqual({
      'GET /orders': { style: 'cursor', request: { cursor: 'cursor' }, response: { items: '/data', next: '/meta/next_cursor' } },
      'GET /customers': { style: 'link', response: { items: '' } },
    });
    expect(facts.webhookSignature).toMatchObject({ algorithm: 'hmac-sha256', header: 'X-Hooks-Signature', payload: 'timestamp.body' });
  });

  it('emits neither for a spec that declares none, and an empty Pages (a factory passes it whatever the spec says)', () => {
    const ts = apiModule(upstream());
    expect(factsOf(ts)).not.toHaveProperty('pagination');
    expect(factsOf(ts)).not.toHaveProperty('webhookSignature');
    expect(ts).toContain('export type Pages = {};');
  });

  const cursor = (over) => ({
    style: 'cursor',
    request: { cursor: 'cursor' },
    response: { items: '/data', next: '/meta/next_cursor' },
    ...over,
  });
  it.each([
    ['an unknown style', cursor({ style: 'seek' }), /style must be one of cursor, offset, page, link, next-url/],
    [
      'a request parameter the operation lacks',
      cursor({ request: { cursor: 'after' } }),
      /request.cursor: the operation has no query parameter "after"/,
    ],
    ['no items pointer', cursor({ response: { next: '/x' } }), /response.items must be a JSON pointer/],
    [
      'a cursor without a next pointer',
      cursor({ response: { items: '/data' } }),
      /response.next must be a JSON pointer to the next cursor/,
    ],
    ['offset without its parameter', { style: 'offset', response: { items: '/data' } }, /request.offset must name the query parameter/],
    ['start on a cursor style', cursor({ start: 0 }), /start is an integer, for style page only/],
  ])('refuses x-capi-pagination with %s, naming its pointer', (_what, ext, message) => {
    const doc = upstream();
    doc.paths['/orders'].get['x-capi-pagination'] = ext;
    expect(() => apiModule(doc)).toThrow(message);
    expect(() => apiModule(doc)).toThrow('#/paths/~1orders/get/x-capi-pagination');
  });

  const scheme = { algorithm: 'hmac-sha256', header: 'X-Sig', payload: 'body', encoding: 'hex' };
  it.each([
    ['another algorithm', { ...scheme, algorithm: 'sha1' }, /algorithm must be hmac-sha256/],
    ['a header that is not a header name', { ...scheme, header: 'X Sig' }, /header must be a header name/],
    ['timestamp.body without a timestamp header', { ...scheme, payload: 'timestamp.body' }, /needs timestampHeader/],
    ['another encoding', { ...scheme, encoding: 'base32' }, /encoding must be hex or base64/],
    ['a tolerance that is not seconds', { ...scheme, tolerance: -1 }, /tolerance must be a positive whole number/],
    ['an event that is neither header nor pointer', { ...scheme, event: { field: 'type' } }, /event must be/],
  ])('refuses x-capi-webhook-signature with %s', (_what, ext, message) => {
    const doc = upstream();
    doc['x-capi-webhook-signature'] = ext;
    expect(() => apiModule(doc)).toThrow(message);
  });

  it('types OAS 3.0 callbacks as inbound events by their name', () => {
    const ts = apiModule(callbacks30());
    expect(ts).toContain(`'invoicePaid': components['schemas']['Invoice'];`);
    expect(ts).toContain(`export const webhookNames = ['invoicePaid'] as const;`);
  });
});

const use = `
import { createProviderClient, verifyWebhook } from '@capi/core';
import { spec, webhookNames, type Pages, type Webhooks } from './api.gen.js';
import type { components, paths } from './schema.gen.js';
import { spec as spec30, type Webhooks as Webhooks30 } from './cb/api.gen.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Order = components['schemas']['Order'];
type Customer = components['schemas']['Customer'];
const client = createProviderClient<paths, { baseUrl: string }, Pages>({ name: 'hooks', spec }, { baseUrl: 'http://127.0.0.1:1' }, { token: 't' });

export async function run(body: string, headers: Record<string, string>) {
  for await (const order of client.paginate('GET /orders', { params: { query: { limit: 50 } } }, { maxItems: 10 }).items()) {
    const o: true = {} as Equal<typeof order, Order>;
    void [o, order.total.toFixed()];
  }
  for await (const page of client.paginate('GET /customers')) {
    const p: true = {} as Equal<typeof page, Customer[]>;
    void p;
  }
  // @ts-expect-error: a query parameter GET /orders does not have
  client.paginate('GET /orders', { params: { query: { page: 2 } } });
  // @ts-expect-error: an operation that declares no pagination
  client.paginate('GET /nowhere');

  const result = await verifyWebhook<Webhooks>({ scheme: spec.webhookSignature, secret: 's', body, headers, events: webhookNames });
  if (result.ok) {
    if (result.event.name === 'order.created') {
      const e: true = {} as Equal<typeof result.event.payload, Order>;
      void e;
    } else {
      const n: true = {} as Equal<typeof result.event.name, 'customer.deleted'>;
      void [n, result.event.payload.id.toUpperCase()];
    }
  } else {
    const k: true = {} as Equal<typeof result.error.kind, 'signature' | 'stale' | 'replayed' | 'malformed' | 'too_large'>;
    void k;
  }
  const invoice: true = {} as Equal<Webhooks30['invoicePaid'], { id: string; amount: number }>;
  void [invoice, spec30];
}
`;

describe('the generated Pages and Webhooks types, used by a consumer', () => {
  let dir;
  let result;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'capi-hooks-types-'));
    const where = { provider: 'hooks', file: 'hooks.yaml' };
    await writeGenerated(dir, effective(), where);
    await writeGenerated(join(dir, 'cb'), callbacks30(), where);
    result = await typecheckUse(dir, use);
  }, 120_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('types paginate’s pages and items, verifyWebhook’s events and 3.0 callbacks by the spec', () => {
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });
});
