// What the conformance job and the fakes need of bitbybit, typed by the client's own options
// (@capi/bitbybit/testing; never published). Types: @capi/scripts/lib/registry/provider-testing.ts.
import type { ProviderTesting } from '@capi/scripts/provider-testing';
import type { BitbybitClientOptions, UpdateCustomerBody } from './src/index.js';

const key = 'fake-bitbybit-key';

export default {
  conformance: { options: { apiKey: 'conformance-api-key' } },
  verify: { env: { apiKey: 'BITBYBIT_API_KEY' } },
  fake: {
    clients: { valid: [{ label: 'API key', options: { apiKey: key } }], invalid: { apiKey: 'fake-bitbybit-revoked-key' } },
    authenticate: (h) => (h['x-api-key'] === key ? {} : null),
    records: {
      customers: [
        {
          id: 'cus_7HQ2LMA1',
          email: 'ada@example.com',
          phoneNumber: '+447700900001',
          firstName: 'Ada',
          lastName: 'Lovelace',
          imageUrl: null,
          tags: ['vip'],
          addresses: [
            {
              id: 'adr_1',
              firstName: 'Ada',
              lastName: 'Lovelace',
              phone: null,
              address1: '12 St James Square',
              address2: null,
              city: 'London',
              province: null,
              country: 'GB',
              zip: 'SW1Y 4JH',
            },
          ],
          createdAt: '2024-01-15T09:30:00.000Z',
          updatedAt: '2024-03-01T10:00:00.000Z',
        },
        {
          id: 'cus_9KX4PZB2',
          email: 'grace@example.com',
          phoneNumber: null,
          firstName: 'Grace',
          lastName: 'Hopper',
          imageUrl: 'https://cdn.example.com/grace.png',
          tags: [],
          addresses: [],
          createdAt: '2024-02-01T08:00:00.000Z',
          updatedAt: '2024-02-01T08:00:00.000Z',
        },
      ],
    },
    // no conflict response is documented: a duplicate email is the documented 400
    resources: { customers: { unique: [{ field: 'email', ignoreCase: true }] } },
    changes: [{ firstName: 'Augusta' }, { lastName: 'King' }],
  },
} satisfies ProviderTesting<BitbybitClientOptions, UpdateCustomerBody>;
