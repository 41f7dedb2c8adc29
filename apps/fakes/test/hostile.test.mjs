// Nothing a request sends can break a fake: credentials, ids and body values that are names of
// Object.prototype members (constructor, __proto__, toString, ...) are unknown keys like any
// other. Real HTTP requests straight to each fake (no Prism in front, so nothing is filtered
// out before it reaches the fake), on 127.0.0.1, port 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectProviders } from '@capi/scripts/lib/registry.ts';
import { loadSpecModel } from '@capi/scripts/lib/spec-model.ts';
import { repoRoot } from '@capi/conformance/cases.mjs';
import { createFake } from '../src/fake.mjs';
import { fakeOperation } from '../src/serve.mjs';
import { fakes } from '../src/providers.mjs';

const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];

// headers the fake accepts, and a change each one applies to its first seeded customer
const valid = {
  bitbybit: { headers: { 'x-api-key': 'fake-bitbybit-key' }, change: { firstName: 'Augusta' } },
  teamcrm: {
    headers: { 'x-client-id': 'fake-teamcrm-client', authorization: 'Bearer fake-teamcrm-token', 'x-signature': 'any' },
    change: { customer: 'Acme Two' },
  },
  imprint: { headers: { authorization: 'Bearer fake-imprint-key' }, change: { first_name: 'Joanna' } },
  profiles: { headers: { authorization: 'Bearer fake-profiles-token-101' }, change: { first_name: 'Jane' } },
  salesive: { headers: { authorization: 'Bearer app_fake_salesive_write' }, change: { name: 'Ada Obi-Lawal' } },
};

/** Each credential header of the provider set to `value` in turn (the others valid); for imprint also as Basic. */
const hostileHeaders = (name, value) => {
  const all = valid[name].headers;
  const variants = Object.keys(all)
    .filter((k) => k !== 'x-signature') // teamcrm accepts any signature
    .map((k) => ({ ...all, [k]: k === 'authorization' ? `Bearer ${value}` : value }));
  if (name === 'imprint') variants.push({ authorization: `Basic ${Buffer.from(`${value}:${value}`).toString('base64')}` });
  return variants;
};
/** A documented body without its volatile timestamp. */
const stable = ({ timestamp: _t, ...rest }) => rest;

describe.each(Object.keys(valid))('the %s fake', (name) => {
  const config = fakes[name];
  let fake;
  let url;
  let op;
  beforeAll(async () => {
    const [provider] = selectProviders([name], repoRoot);
    op = fakeOperation(loadSpecModel(provider.effective, { provider: name }));
    fake = createFake(config, op);
    url = await fake.listen(0);
  });
  afterAll(() => fake?.close());

  const seededId = () => String(config.seed[0][config.idField]);
  const pathFor = (id) => op.path.replace(`{${op.pathParams[0].name}}`, id);
  async function send({ id = encodeURIComponent(seededId()), headers = valid[name].headers, body = valid[name].change } = {}) {
    const res = await fetch(`${url}${pathFor(id)}`, {
      method: op.method,
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }

  it.each(PROTO_NAMES)('a credential "%s" gets the documented 401', async (value) => {
    const documented = config.errors.unauthorized({ id: seededId(), path: pathFor(seededId()) });
    for (const headers of hostileHeaders(name, value)) {
      const res = await send({ headers });
      expect(res.status).toBe(401);
      expect(stable(res.body)).toEqual(stable(documented.body));
    }
  });

  it.each([...PROTO_NAMES, '%E0%A4%A'])('an id "%s" gets the documented 404', async (id) => {
    const res = await send({ id: id.startsWith('%') ? id : encodeURIComponent(id) });
    expect(res.status).toBe(404);
  });

  it('body keys and values named like Object.prototype members change nothing they should not, and every later update works', async () => {
    const hostile = `{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "toString": "x", ${JSON.stringify(valid[name].change).slice(1, -1)}}`;
    const first = await send({ body: hostile });
    expect(first.status).toBe(200);
    expect({}.polluted).toBeUndefined();
    const after = await send();
    expect(after.status).toBe(200);
    expect(fake.get(seededId())).toMatchObject(valid[name].change);
  });

  if (name === 'salesive') {
    it.each(PROTO_NAMES)('a user id "%s" links an unknown user and leaves the customer updatable', async (user) => {
      const linked = await send({ body: { user } });
      expect(linked.status).toBe(200);
      expect(linked.body.data.user).toEqual({ _id: user });
      for (let i = 0; i < 2; i++) expect((await send({ body: { name: `Ada ${i}` } })).status).toBe(200);
    });
  }
});
