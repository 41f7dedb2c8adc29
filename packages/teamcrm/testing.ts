// What the conformance job and the fakes need of teamcrm, typed by the client's own options
// (@capi/teamcrm/testing; never published). Types: @capi/scripts/lib/registry/provider-testing.ts.
import assert from 'node:assert/strict';
import { bearer, type FakeRecord, type ProviderTesting } from '@capi/scripts/provider-testing';
import type { TeamcrmClientOptions, UpdateCustomerBody } from './src/index.js';

const credentials = { clientId: 'fake-teamcrm-client', accessToken: 'fake-teamcrm-token' };
const clearable = (field: string) => (record: FakeRecord, value: unknown) => {
  record[field] = value === '' ? null : value; // null or an empty string removes it
};

// No `verify` entry: every request needs an x-signature computed per request by an algorithm
// teamcrm does not document (the `signer` option), which no environment variable can hold; verify
// refuses teamcrm and says so (`npm run verify -- --help`). Add one when the signing is known.
export default {
  conformance: {
    options: { clientId: 'conformance-client', accessToken: 'conformance-token', signer: () => 'conformance-signature' },
  },
  fake: {
    clients: {
      // the signing algorithm is not documented, so the fake accepts any non-empty x-signature
      valid: [{ label: 'client id + access token + any signer', options: { ...credentials, signer: () => 'fake-signature' } }],
      invalid: { ...credentials, accessToken: 'fake-teamcrm-expired-token', signer: () => 'fake-signature' },
    },
    authenticate: (h) =>
      h['x-client-id'] === credentials.clientId && bearer(h) === credentials.accessToken && h['x-signature'] ? {} : null,
    records: {
      customers: [
        {
          uuid: '3f1c2a9e-7b4d-4c1e-9a2f-5d6e7f8a9b0c',
          customer: 'Acme Widgets Ltd',
          email: 'billing@acme-widgets.example.com',
          mainPhone: '+44 20 7946 0000',
          website: 'https://acme-widgets.example.com',
          status: 'active',
          billingAddress: { line1: '1 Market Street', city: 'Leeds', postcode: 'LS1 6DT', country: 'GB' },
          shippingAddress: { line1: 'Unit 4, Dock Road', city: 'Hull', postcode: 'HU1 1AA', country: 'GB' },
          contacts: [{ name: 'Mo Patel', email: 'mo@acme-widgets.example.com' }],
          createdAt: '2024-01-15T09:30:00Z',
          updatedAt: '2024-06-03T14:05:12Z',
        },
        {
          uuid: '8d2b6f10-4c3e-4a7b-b1d9-0e5f6a7b8c9d',
          customer: 'Bright Lamps GmbH',
          email: 'accounts@bright-lamps.example.com',
          mainPhone: null,
          website: null,
          status: 'active',
          billingAddress: null,
          shippingAddress: null,
          contacts: [],
          createdAt: '2024-02-20T11:00:00Z',
          updatedAt: '2024-02-20T11:00:00Z',
        },
      ],
    },
    resources: {
      customers: {
        unique: [{ field: 'email', ignoreCase: true }], // unique within the team: the documented 409
        set: {
          website: clearable('website'),
          mainPhone: clearable('mainPhone'),
          contacts: () => {}, // "Contacts cannot be updated via this endpoint": accepted, no effect
        },
      },
    },
    changes: [{ customer: 'Acme Widgets plc' }, { status: 'inactive' }],
    scenarios: {
      'null or an empty string removes website and mainPhone': async ({ seed, update }) => {
        const { data } = await update({ id: seed[0]?.uuid, body: { website: null, mainPhone: '' } });
        assert.deepEqual([data.data.website, data.data.mainPhone, data.data.customer], [null, null, seed[0]?.customer]);
      },
      'null removes an address, a sent address replaces it whole, an omitted one is kept': async ({ seed, update }) => {
        const { data } = await update({ id: seed[0]?.uuid, body: { shippingAddress: null } });
        assert.equal(data.data.shippingAddress, null);
        assert.deepEqual(data.data.billingAddress, seed[0]?.billingAddress);
        const whole = { line1: '2 Quay Side', city: 'Newcastle' };
        const next = await update({ id: seed[0]?.uuid, body: { billingAddress: whole } });
        assert.deepEqual(next.data.data.billingAddress, whole);
        assert.equal(next.data.data.shippingAddress, null);
      },
      'contacts are accepted but cannot be changed here': async ({ seed, update }) => {
        const { data } = await update({ id: seed[0]?.uuid, body: { contacts: [], customer: 'Acme Two' } });
        assert.deepEqual(data.data.contacts, seed[0]?.contacts);
      },
    },
  },
} satisfies ProviderTesting<TeamcrmClientOptions, UpdateCustomerBody>;
