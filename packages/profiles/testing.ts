// What the conformance job and the fakes need of profiles, typed by the client's own options
// (@capi/profiles/testing; never published). Types: @capi/scripts/lib/registry/provider-testing.ts.
import assert from 'node:assert/strict';
import { bearer, type ProviderTesting } from '@capi/scripts/provider-testing';
import type { ProfilesClientOptions, UpdateCustomerBody } from './src/index.js';

// A customer may update only their own profile, so the fake needs to know who calls: each
// seeded customer has its own bearer token (token -> customer id).
const tokens = new Map([
  ['fake-profiles-token-101', 101],
  ['fake-profiles-token-102', 102],
]);
const slugify = (...parts: unknown[]) =>
  parts
    .filter(Boolean)
    .join(' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

export default {
  conformance: { options: { token: 'conformance-token' } },
  verify: { env: { token: 'PROFILES_TOKEN' } },
  fake: {
    clients: {
      valid: [...tokens].map(([token, id]) => ({ label: `customer ${id}`, options: { token } })),
      invalid: { token: 'fake-profiles-unknown-token' },
    },
    authenticate: (h) => {
      const id = tokens.get(bearer(h) ?? '');
      return id ? { customerId: id } : null;
    },
    authorize: (caller: { customerId: number }, record) =>
      caller.customerId === record.id ? null : 'You do not have permission to perform this action.',
    records: {
      customers: [
        {
          id: 101,
          email: 'john.doe@example.com',
          first_name: 'John',
          last_name: 'Doe',
          slug: 'john-doe',
          date_of_birth: '1990-01-15',
          address: {
            street_address: '456 Oak Avenue',
            postal_code: 54321,
            city: 'Los Angeles',
            state: 'California',
            country: 'United States',
          },
        },
        {
          id: 102,
          email: 'amelie.durand@example.com',
          first_name: 'Amélie',
          last_name: 'Durand',
          slug: 'amelie-durand',
          date_of_birth: '1985-07-02',
          address: { street_address: '8 Rue Oberkampf', postal_code: '75011', city: 'Paris', country: 'France' },
        },
      ],
    },
    resources: {
      customers: {
        // the profile body carries no id: the fake keeps it as `id` (the path parameter) and does not show it
        idField: 'id',
        hidden: ['id'],
        unique: [{ field: 'email', ignoreCase: true }], // no 409 documented: the documented 400
        derive: (c) => {
          c.slug = slugify(c.first_name, c.last_name); // regenerated from the (new) full name
        },
      },
    },
    changes: [{ date_of_birth: '1991-02-16' }, { address: { street_address: '1 Elm Street', city: 'Denver', postal_code: '80202' } }],
    scenarios: {
      'the slug is regenerated from the new name': async ({ seed, update }) => {
        const { data } = await update({ id: seed[0]?.id, body: { first_name: 'Jane', last_name: 'Smith-Jones' } });
        assert.equal(data.slug, 'jane-smith-jones');
        const second = await update({ id: seed[0]?.id, body: { last_name: 'Ö Brien' } });
        assert.equal(second.data.slug, 'jane-o-brien');
      },
      "another customer's profile gives 403 and stays unchanged": async ({ seed, update }) => {
        const res = await update({ id: seed[1]?.id, body: { first_name: 'Mallory' } });
        assert.equal(res.status, 403);
        assert.match(res.error.detail, /permission/);
        const after = await update({
          id: seed[1]?.id,
          body: { date_of_birth: '1985-07-03' },
          options: { token: 'fake-profiles-token-102' },
        });
        assert.equal(after.data.first_name, seed[1]?.first_name);
      },
    },
  },
} satisfies ProviderTesting<ProfilesClientOptions, UpdateCustomerBody>;
