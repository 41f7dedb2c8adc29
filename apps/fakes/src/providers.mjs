// Per-provider part of the fakes: credentials, seeded customers, response and error bodies (the
// shapes of each effective spec), and only the update rules that differ from the shared ones in
// fake.mjs (omitted fields unchanged, a sent field replaces the stored one, unique email,
// updatedAt moved forward on a change).
//
// `clients.valid` / `clients.invalid` are options for the provider's own client factory
// (create<Name>Client): the first are accepted by the fake, the second are well-formed but
// refused with the provider's 401 body.

const bearer = (headers) => /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1];
const now = () => new Date().toISOString();

/** Error bodies of providers whose errors share one envelope: `(status, ctx) => body`. */
const errorsFrom = (envelope, messages) =>
  Object.fromEntries(
    Object.entries(messages).map(([kind, [status, message]]) => [
      kind,
      (ctx) => ({ status, body: envelope(status, typeof message === 'function' ? message(ctx) : message, ctx) }),
    ]),
  );

const bitbybitKey = 'fake-bitbybit-key';
const bitbybitCode = { 400: 'VALIDATION_ERROR', 401: 'UNAUTHORIZED', 404: 'NOT_FOUND' };
export const bitbybit = {
  clients: { valid: [{ label: 'API key', options: { apiKey: bitbybitKey } }], invalid: { apiKey: 'fake-bitbybit-revoked-key' } },
  authenticate: (h) => (h['x-api-key'] === bitbybitKey ? {} : null),
  idField: 'id',
  updatedAt: 'updatedAt',
  seed: [
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
  render: (c) => ({ data: c }),
  // no conflict response is documented: a duplicate email is the documented 400
  errors: errorsFrom((status, message) => ({ error: { code: bitbybitCode[status], message } }), {
    unauthorized: [401, 'Invalid API key'],
    notFound: [404, 'Resource not found'],
    conflict: [400, 'email is already used by another customer'],
    invalid: [400, (ctx) => ctx.message],
  }),
};

const teamcrmCredentials = { clientId: 'fake-teamcrm-client', accessToken: 'fake-teamcrm-token' };
const teamcrmCode = { 400: 'VALIDATION_ERROR', 401: 'UNAUTHORIZED', 404: 'CUSTOMER_NOT_FOUND', 409: 'EMAIL_ALREADY_EXISTS' };
const clearable = (field) => (record, value) => {
  record[field] = value === '' ? null : value; // null or an empty string removes it
};
export const teamcrm = {
  clients: {
    // the signing algorithm is not documented, so the fake accepts any non-empty x-signature
    valid: [{ label: 'client id + access token + any signer', options: { ...teamcrmCredentials, signer: () => 'fake-signature' } }],
    invalid: { ...teamcrmCredentials, accessToken: 'fake-teamcrm-expired-token', signer: () => 'fake-signature' },
  },
  authenticate: (h) =>
    h['x-client-id'] === teamcrmCredentials.clientId && bearer(h) === teamcrmCredentials.accessToken && h['x-signature'] ? {} : null,
  idField: 'uuid',
  updatedAt: 'updatedAt',
  seed: [
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
  set: {
    website: clearable('website'),
    mainPhone: clearable('mainPhone'),
    contacts: () => {}, // "Contacts cannot be updated via this endpoint": accepted, no effect
  },
  render: (c) => ({ status: 'success', message: 'Customer updated successfully', data: c }),
  errors: errorsFrom(
    (status, message, ctx) => ({
      status: 'error',
      message,
      code: teamcrmCode[status],
      ...(status === 404 ? { details: { uuid: ctx.id } } : status === 409 ? { details: { email: ctx.email } } : {}),
    }),
    {
      unauthorized: [401, 'Invalid client id, access token or signature'],
      notFound: [404, 'Customer not found'],
      conflict: [409, 'A customer with this email already exists'],
      invalid: [400, (ctx) => ctx.message],
    },
  ),
};

const imprintBasic = { username: 'fake-imprint-user', password: 'fake-imprint-password' };
const imprintKey = 'fake-imprint-key';
const imprintError = { 400: 'Bad Request', 401: 'Unauthorized' };
const addressField = (field) => (record, value) => {
  record.address = { ...record.address, [field]: value };
};
export const imprint = {
  clients: {
    valid: [
      { label: 'bearer API key', options: { auth: { type: 'bearer', token: imprintKey } } },
      { label: 'HTTP Basic', options: { auth: { type: 'basic', ...imprintBasic } } },
    ],
    invalid: { auth: { type: 'bearer', token: 'fake-imprint-revoked-key' } },
  },
  authenticate: (h) => {
    const basic = Buffer.from(`${imprintBasic.username}:${imprintBasic.password}`).toString('base64');
    return bearer(h) === imprintKey || h.authorization === `Basic ${basic}` ? {} : null;
  },
  idField: 'id',
  updatedAt: 'updated_at',
  seed: [
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
  // the body carries the address flat (street_line1, city, ...); the customer nests it
  set: {
    ...Object.fromEntries(['street_line1', 'street_line2', 'city', 'state', 'postal_code'].map((f) => [f, addressField(f)])),
    customer_history: () => {}, // the partner's account history: accepted, not part of the customer
  },
  render: (c) => c,
  errors: {
    ...errorsFrom(
      (status, message, ctx) => ({ path: ctx.path, details: [message], error: imprintError[status], status, timestamp: now() }),
      {
        unauthorized: [401, 'invalid credentials'],
        conflict: [400, 'email: already used by another customer'], // no 409 documented
        invalid: [400, (ctx) => ctx.message],
      },
    ),
    notFound: (ctx) => ({
      status: 404,
      body: { type: 'CUSTOMER_NOT_FOUND_ERROR', message: `Customer not found for provided ID: ${ctx.id}`, param: 'customer_id' },
    }),
  },
};

// profiles: a customer may update only their own profile, so the fake needs to know who calls.
// Each seeded customer has its own bearer token: token -> customer id.
const profilesTokens = new Map([
  ['fake-profiles-token-101', 101],
  ['fake-profiles-token-102', 102],
]);
const slugify = (...parts) =>
  parts
    .filter(Boolean)
    .join(' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
export const profiles = {
  clients: {
    valid: [...profilesTokens].map(([token, id]) => ({ label: `customer ${id}`, options: { token } })),
    invalid: { token: 'fake-profiles-unknown-token' },
  },
  authenticate: (h) => {
    const id = profilesTokens.get(bearer(h));
    return id ? { customerId: id } : null;
  },
  authorize: (caller, record) => (caller.customerId === record.id ? null : 'You do not have permission to perform this action.'),
  idField: 'id',
  seed: [
    {
      id: 101,
      email: 'john.doe@example.com',
      first_name: 'John',
      last_name: 'Doe',
      slug: 'john-doe',
      date_of_birth: '1990-01-15',
      address: { street_address: '456 Oak Avenue', postal_code: 54321, city: 'Los Angeles', state: 'California', country: 'United States' },
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
  derive: (c) => {
    c.slug = slugify(c.first_name, c.last_name); // regenerated from the (new) full name
  },
  render: ({ id, ...profile }) => profile, // the profile body carries no id
  errors: errorsFrom((_status, detail) => ({ detail }), {
    unauthorized: [401, 'Invalid token.'],
    notFound: [404, 'Not found.'],
    forbidden: [403, (ctx) => ctx.message],
    conflict: [400, 'A customer with this email already exists.'],
    invalid: [400, (ctx) => ctx.message],
  }),
};

// salesive: the id in the path may be the customer record id or the linked user's id. A token
// without the WRITE_CUSTOMERS scope gets the documented 403.
// Look-ups by what a request sends are Maps (own keys only): `Bearer constructor` or a user id
// "__proto__" is just an unknown key, never something inherited from Object.prototype.
const salesiveTokens = new Map([
  ['app_fake_salesive_write', ['READ_CUSTOMERS', 'WRITE_CUSTOMERS']],
  ['app_fake_salesive_readonly', ['READ_CUSTOMERS']],
]);
const salesiveUsers = new Map([
  [
    '6650aa11bb22cc33dd44ee55',
    { _id: '6650aa11bb22cc33dd44ee55', name: 'Ada Obi', email: 'ada@example.com', avatar: 'https://cdn.example.com/u/ada.png' },
  ],
  ['6650aa11bb22cc33dd44ee66', { _id: '6650aa11bb22cc33dd44ee66', name: 'Tunde Bello', email: 'tunde@example.com', avatar: null }],
]);
const shop = '664f0e2a1c2b3d4e5f6a7b8c';
export const salesive = {
  clients: {
    valid: [{ label: 'installed-app token (WRITE_CUSTOMERS)', options: { token: 'app_fake_salesive_write' } }],
    invalid: { token: 'app_fake_salesive_revoked' },
    readOnly: { token: 'app_fake_salesive_readonly' },
  },
  authenticate: (h) => {
    const scopes = salesiveTokens.get(bearer(h));
    return scopes ? { scopes } : null;
  },
  permit: (caller) => (caller.scopes.includes('WRITE_CUSTOMERS') ? null : 'Insufficient scope'),
  idField: '_id',
  updatedAt: 'updatedAt',
  atLeastOneField: true,
  find: (all, id) => all.find((c) => c._id === id) ?? all.find((c) => c.user?._id === id),
  seed: [
    {
      _id: '665a1f2c9b1e4a0012ab34cd',
      user: salesiveUsers.get('6650aa11bb22cc33dd44ee55'),
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
  set: {
    // the body links a user by id (or unlinks with null); the customer carries the user profile
    user: (c, id) => {
      c.user = id === null ? null : structuredClone(salesiveUsers.get(id) ?? { _id: String(id) });
    },
  },
  render: (c) => ({ status: 200, success: true, message: 'Customer updated successfully', data: { ...c, id: c._id } }),
  // no conflict response is documented: a duplicate email is the documented 400 (overlay action 1)
  errors: errorsFrom((status, message) => ({ status, success: false, message, data: null }), {
    unauthorized: [401, 'Authentication required'],
    forbidden: [403, (ctx) => ctx.message],
    notFound: [404, 'Customer not found'],
    conflict: [400, 'Email already in use in this store'],
    invalid: [400, (ctx) => ctx.message],
  }),
};

export const fakes = { bitbybit, teamcrm, imprint, profiles, salesive };
