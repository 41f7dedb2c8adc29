// Scenarios: each provider's fake, behind Prism (proxy mode, errors on), driven through the
// provider's own client. The same scenarios for every provider (seeded customer updated, read
// back through a second update, conflict, not found, auth failure), then the rules that only
// one provider has. Every answer goes through update() in helpers.mjs, which fails when the fake
// drifts from the effective spec. Each test carries meta.scenario for the conformance report.
import { describe, expect, it } from 'vitest';
import { selectedProviders } from '@capi/conformance/cases.mjs';
import { fakes } from '../src/providers.mjs';
import { customerIn, unknownId, update, useFake } from './helpers.mjs';

// Two independent changes per provider: fields without side effects on other fields.
const changes = {
  bitbybit: [{ firstName: 'Augusta' }, { lastName: 'King' }],
  teamcrm: [{ customer: 'Acme Widgets plc' }, { status: 'inactive' }],
  imprint: [{ first_name: 'Joanna' }, { preferred_language: 'fr' }],
  profiles: [{ date_of_birth: '1991-02-16' }, { address: { street_address: '1 Elm Street', city: 'Denver', postal_code: '80202' } }],
  salesive: [{ name: 'Ada Obi-Lawal' }, { active: false }],
};

// Rules of one provider only (see the issue and each spec's description).
const special = {
  teamcrm: {
    'null or an empty string removes website and mainPhone': async (env, seed) => {
      const { data } = await update(env, { id: seed[0].uuid, body: { website: null, mainPhone: '' } });
      expect(data.data).toMatchObject({ website: null, mainPhone: null, customer: seed[0].customer });
    },
    'null removes an address, a sent address replaces it whole, an omitted one is kept': async (env, seed) => {
      const { data } = await update(env, { id: seed[0].uuid, body: { shippingAddress: null } });
      expect(data.data.shippingAddress).toBeNull();
      expect(data.data.billingAddress).toEqual(seed[0].billingAddress);
      const whole = { line1: '2 Quay Side', city: 'Newcastle' };
      const next = await update(env, { id: seed[0].uuid, body: { billingAddress: whole } });
      expect(next.data.data.billingAddress).toEqual(whole);
      expect(next.data.data.shippingAddress).toBeNull();
    },
    'contacts are accepted but cannot be changed here': async (env, seed) => {
      const { data } = await update(env, { id: seed[0].uuid, body: { contacts: [], customer: 'Acme Two' } });
      expect(data.data.contacts).toEqual(seed[0].contacts);
    },
  },
  imprint: {
    'flat address fields update the nested address and keep its other fields': async (env, seed) => {
      const { data } = await update(env, { id: seed[0].id, body: { city: 'Oakland', postal_code: '94607' } });
      expect(data.address).toEqual({ ...seed[0].address, city: 'Oakland', postal_code: '94607' });
    },
  },
  profiles: {
    'the slug is regenerated from the new name': async (env, seed) => {
      const { data } = await update(env, { id: seed[0].id, body: { first_name: 'Jane', last_name: 'Smith-Jones' } });
      expect(data.slug).toBe('jane-smith-jones');
      const second = await update(env, { id: seed[0].id, body: { last_name: 'Ö Brien' } });
      expect(second.data.slug).toBe('jane-o-brien');
    },
    "another customer's profile gives 403 and stays unchanged": async (env, seed) => {
      const res = await update(env, { id: seed[1].id, body: { first_name: 'Mallory' } });
      expect(res.status).toBe(403);
      expect(res.error.detail).toMatch(/permission/);
      const own = await env.clientWith(env.config.clients.valid[1].options);
      const after = await update(env, { id: seed[1].id, body: { date_of_birth: '1985-07-03' }, client: own });
      expect(after.data.first_name).toBe(seed[1].first_name);
    },
  },
  salesive: {
    'the id may be the linked user id': async (env, seed) => {
      const { status, data } = await update(env, { id: seed[0].user._id, body: { phone: null } });
      expect(status).toBe(200);
      expect(data.data).toMatchObject({ _id: seed[0]._id, id: seed[0]._id, phone: null });
    },
    'a body with no known field gives 400 (at least one field must be supplied)': async (env, seed) => {
      const res = await update(env, { id: seed[0]._id, body: { shopId: 'never-send-a-shop-id' } });
      expect(res.status).toBe(400);
      expect(res.error).toMatchObject({ success: false, message: 'At least one field must be supplied' });
    },
    'a token without the WRITE_CUSTOMERS scope gives 403': async (env, seed) => {
      const res = await update(env, {
        id: seed[0]._id,
        body: { active: false },
        client: await env.clientWith(env.config.clients.readOnly),
      });
      expect(res.status).toBe(403);
      expect(res.error).toMatchObject({ status: 403, success: false });
    },
  },
};

for (const provider of selectedProviders()) {
  const name = provider.name;
  const config = fakes[name];
  describe(name, () => {
    const scenario = (title, fn) => it(title, { meta: { scenario: { provider: name } } }, fn);
    if (!config || !changes[name]) {
      scenario('has a fake', (ctx) => ctx.skip(`no fake configured for ${name} in apps/fakes/src/providers.mjs`));
      return;
    }
    const env = useFake(name);
    const seed = config.seed;
    const idOf = (c) => c[config.idField];
    const before = (i = 0) => customerIn(config.render(seed[i]));
    const stamp = config.updatedAt;
    const [first, second] = changes[name];

    scenario('updates a seeded customer: change applied, other fields unchanged, updatedAt moved forward', async () => {
      const { status, data } = await update(env, { id: idOf(seed[0]), body: first });
      expect(status).toBe(200);
      const after = customerIn(data);
      expect(after).toEqual({ ...before(), ...first, ...(stamp ? { [stamp]: expect.any(String) } : {}) });
      if (stamp) expect(Date.parse(after[stamp])).toBeGreaterThan(Date.parse(before()[stamp]));
    });

    scenario('a second update reads back the first one and moves updatedAt again', async () => {
      const one = customerIn((await update(env, { id: idOf(seed[0]), body: first })).data);
      const two = customerIn((await update(env, { id: idOf(seed[0]), body: second })).data);
      expect(two).toEqual({ ...before(), ...first, ...second, ...(stamp ? { [stamp]: expect.any(String) } : {}) });
      if (stamp) expect(Date.parse(two[stamp])).toBeGreaterThan(Date.parse(one[stamp]));
    });

    scenario("another customer's email gives the documented conflict response and changes nothing", async () => {
      const documents409 = env.operation.responses.some((r) => r.status === '409');
      const res = await update(env, { id: idOf(seed[0]), body: { ...first, email: seed[1].email } });
      expect(res.status).toBe(documents409 ? 409 : 400);
      expect(res.data).toBeUndefined();
      const after = customerIn((await update(env, { id: idOf(seed[0]), body: second })).data);
      expect(after.email).toBe(seed[0].email);
      expect(after).toMatchObject(Object.fromEntries(Object.keys(first).map((k) => [k, before()[k]])));
    });

    scenario('an unknown id gives the documented 404 body', async () => {
      const res = await update(env, { id: unknownId(env), body: first });
      expect(res.status).toBe(404);
      expect(res.error).toBeDefined();
    });

    scenario('credentials the provider does not know give its 401 body', async () => {
      const res = await update(env, { id: idOf(seed[0]), body: first, client: await env.clientWith(config.clients.invalid) });
      expect(res.status).toBe(401);
      expect(res.error).toBeDefined();
      expect(env.fake.get(idOf(seed[0]))).toEqual(seed[0]);
    });

    scenario('every documented way to authenticate is accepted', async () => {
      for (const [i, { options }] of config.clients.valid.entries()) {
        const res = await update(env, { id: idOf(seed[i % seed.length]), body: second, client: await env.clientWith(options) });
        expect(res.status).toBe(200);
      }
    });

    for (const [title, fn] of Object.entries(special[name] ?? {})) scenario(title, () => fn(env, seed));
  });
}
