import { describe, expect, it } from 'vitest';
import { ConfigError } from '@capi/core';
import { recordingFetch } from '@capi/core/testing';
import { createProfilesClient, spec, type Customer, type UpdateCustomerBody } from '../src/index.js';

const profile: Customer = { email: 'john.doe@example.com', slug: 'john-doe', address: { postal_code: 54321 } };

describe('createProfilesClient', () => {
  it('sends a bearer token to the spec server, keeping the documented trailing slash', async () => {
    const fetch = recordingFetch(() => Response.json(profile));
    const body: UpdateCustomerBody = { first_name: 'John', date_of_birth: '1990-01-15' };
    const { data } = await createProfilesClient({ token: 'tok-1', fetch }).PUT('/api/v1/customers/{id}/', {
      params: { path: { id: 123 } },
      body,
    });
    expect(data).toEqual(profile);
    const [req] = fetch.requests;
    expect(req!.url).toBe(`${spec.servers[0]}/api/v1/customers/123/`);
    expect(req!.headers.authorization).toBe('Bearer tok-1');
    expect(JSON.parse(req!.body)).toEqual(body);
  });

  it('honours a baseUrl override', async () => {
    const fetch = recordingFetch(() => Response.json(profile));
    await createProfilesClient({ token: 't', fetch, baseUrl: 'http://127.0.0.1:9' }).PUT('/api/v1/customers/{id}/', {
      params: { path: { id: 1 } },
      body: {},
    });
    expect(fetch.requests[0]!.url).toBe('http://127.0.0.1:9/api/v1/customers/1/');
  });

  it('refuses to start without a token', () => {
    expect(() => createProfilesClient({} as never)).toThrow(ConfigError);
    expect(() => createProfilesClient({} as never)).toThrow(/profiles: option "token" is required/);
  });
});

describe('profiles errors', () => {
  it('maps the assumed { detail } body of a 403 (another customer’s profile)', async () => {
    const fetch = recordingFetch(() => Response.json({ detail: 'You do not have permission to perform this action.' }, { status: 403 }));
    const { error } = await createProfilesClient({ token: 't', fetch }).PUT('/api/v1/customers/{id}/', {
      params: { path: { id: 2 } },
      body: {},
    });
    expect(error).toMatchObject({
      kind: 'forbidden',
      status: 403,
      documented: true,
      message: 'You do not have permission to perform this action.',
    });
  });
});
