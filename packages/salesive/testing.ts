// What the conformance job and the fakes need of salesive, typed by the client's own options
// (@capi/salesive/testing; never published). Types: @capi/scripts/lib/registry/provider-testing.ts.
import assert from 'node:assert/strict';
import { bearer, type ProviderTesting } from '@capi/scripts/provider-testing';
import type { SalesiveClientOptions, UpdateCustomerBody } from './src/index.js';

// Its fake is the one inferred from the spec plus salesive's own rules: the id in the path may be
// the customer record id or the linked user's id; a token without the WRITE_CUSTOMERS scope gets
// the documented 403; an email is unique in the store (case-insensitive); `id` mirrors `_id`; a
// body must send a known field. Look-ups by what a request sends are Maps (own keys only):
// `Bearer constructor` or a user id "__proto__" is just an unknown key, never something
// inherited from Object.prototype.
const tokens = new Map([
  ['app_fake_salesive_write', ['READ_CUSTOMERS', 'WRITE_CUSTOMERS']],
  ['app_fake_salesive_readonly', ['READ_CUSTOMERS']],
]);
const readOnly = { token: 'app_fake_salesive_readonly' };
const users = new Map([
  [
    '6650aa11bb22cc33dd44ee55',
    { _id: '6650aa11bb22cc33dd44ee55', name: 'Ada Obi', email: 'ada@example.com', avatar: 'https://cdn.example.com/u/ada.png' },
  ],
  ['6650aa11bb22cc33dd44ee66', { _id: '6650aa11bb22cc33dd44ee66', name: 'Tunde Bello', email: 'tunde@example.com', avatar: null }],
]);
const shop = '664f0e2a1c2b3d4e5f6a7b8c';

export default {
  conformance: { options: { token: 'app_conformance' } },
  verify: { env: { token: 'SALESIVE_APP_TOKEN' } },
  fake: {
    clients: {
      valid: [{ label: 'installed-app token (WRITE_CUSTOMERS)', options: { token: 'app_fake_salesive_write' } }],
      invalid: { token: 'app_fake_salesive_revoked' },
    },
    authenticate: (h) => {
      const scopes = tokens.get(bearer(h) ?? '');
      return scopes ? { scopes } : null;
    },
    permit: (caller: { scopes: string[] }) => (caller.scopes.includes('WRITE_CUSTOMERS') ? null : 'Insufficient scope'),
    records: {
      customers: [
        {
          _id: '665a1f2c9b1e4a0012ab34cd',
          user: users.get('6650aa11bb22cc33dd44ee55'),
          shop,
          name: 'Ada Obi',
          phone: '+2348012345678',
          email: 'ada@example.com',
          lastActive: '2026-06-27T14:05:00.000Z',
          online: false,
          active: true,
          avatar: 'https://cdn.example.com/u/ada.png',
          createdAt: '2026-05-01T09:00:00.000Z',
          updatedAt: '2026-05-01T09:00:00.000Z',
        },
        {
          _id: '665a1f2c9b1e4a0012ab34ce',
          user: null,
          shop,
          name: 'Chidi Okafor',
          phone: null,
          email: 'chidi@example.com',
          lastActive: '2026-06-20T10:00:00.000Z',
          online: false,
          active: true,
          avatar: null,
          createdAt: '2026-05-02T09:00:00.000Z',
          updatedAt: '2026-05-02T09:00:00.000Z',
        },
      ],
    },
    resources: {
      customers: {
        // the representation has both; `id` is a virtual alias of the record id `_id`
        idField: '_id',
        derive: (c) => {
          c.id = c._id;
        },
        lookup: ['user._id'],
        // no conflict response is documented: a duplicate email is the documented 400 (overlay action 1)
        unique: [{ field: 'email', ignoreCase: true }],
        atLeastOneField: true,
        set: {
          // the body links a user by id (or unlinks with null); the customer carries the user profile
          user: (c, id) => {
            c.user = id === null ? null : structuredClone(users.get(String(id)) ?? { _id: String(id) });
          },
        },
      },
    },
    changes: [{ name: 'Ada Obi-Lawal' }, { active: false }],
    scenarios: {
      'the id may be the linked user id': async ({ seed, update }) => {
        const { status, data } = await update({ id: seed[0]?.user._id, body: { phone: null } });
        assert.equal(status, 200);
        assert.deepEqual([data.data._id, data.data.id, data.data.phone], [seed[0]?._id, seed[0]?._id, null]);
      },
      'a body with no known field gives 400 (at least one field must be supplied)': async ({ seed, update }) => {
        const res = await update({ id: seed[0]?._id, body: { shopId: 'never-send-a-shop-id' } });
        assert.equal(res.status, 400);
        assert.deepEqual([res.error.success, res.error.message], [false, 'At least one field must be supplied']);
      },
      'a token without the WRITE_CUSTOMERS scope gives 403': async ({ seed, update }) => {
        const res = await update({ id: seed[0]?._id, body: { active: false }, options: readOnly });
        assert.equal(res.status, 403);
        assert.deepEqual([res.error.status, res.error.success], [403, false]);
      },
    },
  },
} satisfies ProviderTesting<SalesiveClientOptions, UpdateCustomerBody>;
