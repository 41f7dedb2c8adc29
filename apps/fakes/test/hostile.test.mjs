// Nothing a request sends can break a fake: credentials, ids and body values that are names of
// Object.prototype members (constructor, __proto__, toString, ...) are unknown keys like any
// other. Real HTTP requests straight to each fake (no Prism in front, so nothing is filtered
// out before it reaches the fake), on 127.0.0.1, port 0. Every provider with a fake; its
// credentials are recorded from its own client with the options its testing entry gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectProviders } from '@capi/scripts/lib/registry/registry.ts';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { stripCredentials } from '@capi/conformance/request/cases.ts';
import { repoRoot } from '@capi/conformance/selected.ts';
import { createClient } from '@capi/conformance/clients.ts';
import { createEngine } from '@capi/core/fake';
import { engineOptions, scenarioTarget } from '../src/serve.ts';
import { fakes } from '../src/providers.ts';

const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];

/** A documented body without its volatile timestamp. */
const stable = ({ timestamp: _t, ...rest }) => rest;

/**
 * The credential headers the provider's client sends with `options` (those its security schemes
 * carry: what the "no credentials" middleware removes), recorded from the update call itself.
 */
async function credentialHeaders(name, options, { model, op, id, body }) {
  const record = async (extra = {}) => {
    const seen = [];
    const fetch = async (request) => {
      seen.push(Object.fromEntries(request.headers));
      return Response.json({}, { status: 200 });
    };
    const client = await createClient(name, 'http://127.0.0.1:9', { ...options, fetch, ...extra });
    await client.request(op.method.toLowerCase(), op.path, { params: { path: { [op.pathParams[0].name]: id } }, body });
    return seen[0];
  };
  const [all, without] = [await record(), await record({ middleware: [stripCredentials(model)] })];
  return Object.fromEntries(Object.entries(all).filter(([k, v]) => without[k] !== v));
}

/** `value` in the form of the header it replaces (a bearer token, Basic credentials, or as is). */
const shaped = (original, value) =>
  /^Bearer /i.test(original)
    ? `Bearer ${value}`
    : /^Basic /i.test(original)
      ? `Basic ${Buffer.from(`${value}:${value}`).toString('base64')}`
      : value;

// every provider that has a fake (its testing entry), with the credentials and the first change it gives
describe.each(Object.keys(fakes))('the %s fake', (name) => {
  const config = fakes[name];
  const change = config.changes[0];
  let fake;
  let url;
  let op;
  let target;
  /** Per way to authenticate: the credential headers, and those of them whose value the fake checks. */
  let credentials;
  beforeAll(async () => {
    const [provider] = selectProviders([name], repoRoot);
    const model = loadSpecModel(provider.effective, { provider: name });
    fake = createEngine(model, engineOptions(config));
    target = scenarioTarget(fake, model, config);
    op = target.operation;
    url = await fake.listen(0);
    credentials = [];
    for (const { options } of config.clients.valid) {
      const headers = await credentialHeaders(name, options, { model, op, id: seededId(), body: change });
      // a header whose value the fake does not check (teamcrm's signature: any) is not a credential to attack
      const checked = [];
      for (const key of Object.keys(headers))
        if ((await send({ headers: { ...headers, [key]: shaped(headers[key], 'fake-unknown-value') } })).status === 401) checked.push(key);
      credentials.push({ headers, checked });
    }
    expect(credentials.flatMap((c) => c.checked).length, 'credentials the fake checks').toBeGreaterThan(0);
  });
  afterAll(() => fake?.close());

  /** Each checked credential header set to `value` in turn (the others valid), for every way to authenticate. */
  const hostileHeaders = (value) =>
    credentials.flatMap(({ headers, checked }) => checked.map((k) => ({ ...headers, [k]: shaped(headers[k], value) })));

  const seededId = () => target.idOf(target.records[0]);
  const pathFor = (id) => op.path.replace(`{${op.pathParams[0].name}}`, id);
  async function send({ id = encodeURIComponent(seededId()), headers = credentials[0].headers, body = change } = {}) {
    const res = await fetch(`${url}${pathFor(id)}`, {
      method: op.method,
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }

  it.each(PROTO_NAMES)('a credential "%s" gets the documented 401', async (value) => {
    // the documented 401, as an ordinary unknown credential gets it
    const documented = await send({ headers: hostileHeaders('fake-unknown-value')[0] });
    expect(documented.status).toBe(401);
    for (const headers of hostileHeaders(value)) {
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
    const hostile = `{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "toString": "x", ${JSON.stringify(change).slice(1, -1)}}`;
    const first = await send({ body: hostile });
    expect(first.status).toBe(200);
    expect({}.polluted).toBeUndefined();
    const after = await send();
    expect(after.status).toBe(200);
    expect(fake.get(target.resource.name, seededId())).toMatchObject(change);
  });

  // salesive's own rule: a user is linked by the id the body sends
  if (name === 'salesive') {
    it.each(PROTO_NAMES)('a user id "%s" links an unknown user and leaves the customer updatable', async (user) => {
      const linked = await send({ body: { user } });
      expect(linked.status).toBe(200);
      expect(linked.body.data.user).toEqual({ _id: user });
      for (let i = 0; i < 2; i++) expect((await send({ body: { name: `Ada ${i}` } })).status).toBe(200);
    });
  }
});
