// What the conformance job and the fakes need of imprint, typed by the client's own options
// (@capi/imprint/testing; never published). Types: @capi/scripts/lib/registry/provider-testing.ts.
import assert from 'node:assert/strict';
import { bearer, type FakeRecord, type ProviderTesting } from '@capi/scripts/provider-testing';
import type { ImprintClientOptions, UpdateCustomerBody } from './src/index.js';

const basic = { username: 'fake-imprint-user', password: 'fake-imprint-password' };
const key = 'fake-imprint-key';
const addressField = (field: string) => (record: FakeRecord, value: unknown) => {
  record.address = { ...record.address, [field]: value };
};

export default {
  conformance: { options: { auth: { type: 'bearer', token: 'conformance-token' } } },
  verify: { env: { 'auth.token': 'IMPRINT_API_KEY' }, options: { auth: { type: 'bearer' } } },
  fake: {
    clients: {
      valid: [
        { label: 'bearer API key', options: { auth: { type: 'bearer', token: key } } },
        { label: 'HTTP Basic', options: { auth: { type: 'basic', ...basic } } },
      ],
      invalid: { auth: { type: 'bearer', token: 'fake-imprint-revoked-key' } },
    },
    authenticate: (h) => {
      const encoded = Buffer.from(`${basic.username}:${basic.password}`).toString('base64');
      return bearer(h) === key || h.authorization === `Basic ${encoded}` ? {} : null;
    },
    records: {
      customers: [
        {
          id: 'BBB815E9-F654-438D-9AD3-3F7BB8136FC0',
          email: 'jo@example.com',
          phone: '+14155552671',
          statuses: { 'Travel Card': 'OPEN' },
          first_name: 'Jo',
          last_name: 'Rivera',
          preferred_language: 'en',
          ssn4: '1234',
          date_of_birth: { year: 1990, month: 1, day: 15 },
          address: {
            street_line1: '123 Main St',
            street_line2: 'Apt 4B',
            city: 'San Francisco',
            state: 'CA',
            postal_code: '94105',
            country: 'USA',
          },
          partner_customer_id: 'PARTNER_USER_456',
          metadata: { segment: 'gold' },
          created_at: '2025-02-13T19:08:07.000Z',
          updated_at: '2025-02-13T19:08:07.000Z',
        },
        {
          id: '9B5E1EE0-2E1C-46E7-81B9-3C3917204BE4',
          email: 'sam@example.com',
          phone: '+14155550199',
          statuses: {},
          first_name: 'Sam',
          last_name: 'Lee',
          preferred_language: 'es',
          address: { street_line1: '9 Pine Ave', city: 'Austin', state: 'TX', postal_code: '73301', country: 'USA' },
          partner_customer_id: 'PARTNER_USER_789',
          metadata: {},
          created_at: '2025-03-01T12:00:00.000Z',
          updated_at: '2025-03-01T12:00:00.000Z',
        },
      ],
    },
    resources: {
      customers: {
        unique: [{ field: 'email', ignoreCase: true }], // no 409 documented: the documented 400
        // the body carries the address flat (street_line1, city, ...); the customer nests it
        set: {
          ...Object.fromEntries(['street_line1', 'street_line2', 'city', 'state', 'postal_code'].map((f) => [f, addressField(f)])),
          customer_history: () => {}, // the partner's account history: accepted, not part of the customer
        },
      },
    },
    changes: [{ first_name: 'Joanna' }, { preferred_language: 'fr' }],
    scenarios: {
      'flat address fields update the nested address and keep its other fields': async ({ seed, update }) => {
        const { data } = await update({ id: seed[0]?.id, body: { city: 'Oakland', postal_code: '94607' } });
        assert.deepEqual(data.address, { ...seed[0]?.address, city: 'Oakland', postal_code: '94607' });
      },
    },
  },
} satisfies ProviderTesting<ImprintClientOptions, UpdateCustomerBody>;
