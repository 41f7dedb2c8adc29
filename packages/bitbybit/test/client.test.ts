import { describe, expect, it } from 'vitest';
import { ConfigError } from '@capi/core';
import { recordingFetch } from '@capi/core/testing';
import { createBitbybitClient, spec, type Customer, type UpdateCustomerBody } from '../src/index.js';

const customer: Customer = { id: 'c1', email: null, tags: [] };

describe('createBitbybitClient', () => {
  it('sends the API key as x-api-key to the spec server by default', async () => {
    const fetch = recordingFetch(() => Response.json({ data: customer }));
    const client = createBitbybitClient({ apiKey: 'bbb-key', fetch });
    const body: UpdateCustomerBody = { firstName: 'Ada' };
    const { data, error } = await client.PUT('/customers/{id}', { params: { path: { id: 'c1' } }, body });
    expect(error).toBeUndefined();
    expect(data?.data).toEqual(customer);
    const [req] = fetch.requests;
    expect(req!.url).toBe(`${spec.servers[0]}/customers/c1`);
    expect(req!.headers['x-api-key']).toBe('bbb-key');
    expect(req!.headers.authorization).toBeUndefined();
    expect(JSON.parse(req!.body)).toEqual(body);
  });

  it('honours a baseUrl override', async () => {
    const fetch = recordingFetch(() => Response.json({ data: customer }));
    await createBitbybitClient({ apiKey: 'k', fetch, baseUrl: 'http://127.0.0.1:9/x' }).PUT('/customers/{id}', {
      params: { path: { id: 'c1' } },
      body: {},
    });
    expect(fetch.requests[0]!.url).toBe('http://127.0.0.1:9/x/customers/c1');
  });

  it('refuses to start without an API key', () => {
    expect(() => createBitbybitClient({ apiKey: '' })).toThrow(ConfigError);
    expect(() => createBitbybitClient({} as never)).toThrow(/bitbybit: option "apiKey" is required/);
  });
});

describe('bitbybit errors', () => {
  it('maps its { error: { code, message } } envelope, typed by the documented status', async () => {
    const body = { error: { code: 'NOT_FOUND', message: 'Resource not found' } };
    const fetch = recordingFetch(() => Response.json(body, { status: 404 }));
    const { error } = await createBitbybitClient({ apiKey: 'k', fetch }).PUT('/customers/{id}', {
      params: { path: { id: 'x' } },
      body: {},
    });
    expect(error).toMatchObject({
      kind: 'not_found',
      status: 404,
      documented: true,
      code: 'NOT_FOUND',
      message: 'Resource not found',
      body,
    });
    if (error?.documented && error.status === 404) expect(error.body.error?.code).toBe('NOT_FOUND');
  });
});
