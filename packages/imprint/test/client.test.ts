import { describe, expect, it } from 'vitest';
import { ConfigError } from '@capi/core';
import { recordingFetch } from '@capi/core/testing';
import { createImprintClient, spec, type Customer, type CustomerNotFoundError, type ImprintAuth } from '../src/index.js';

const customer: Customer = { id: '9B5E1EE0-2E1C-46E7-81B9-3C3917204BE4', email: 'customer@example.com' };

async function call(auth: ImprintAuth, baseUrl?: string) {
  const fetch = recordingFetch(() => Response.json(customer));
  const client = createImprintClient({ auth, fetch, ...(baseUrl ? { baseUrl } : {}) });
  const res = await client.POST('/v2/customers/{customer_id}', {
    params: { path: { customer_id: customer.id } },
    body: { first_name: 'John' },
  });
  return { res, req: fetch.requests[0]! };
}

describe('createImprintClient', () => {
  it('sends a bearer API key', async () => {
    const { res, req } = await call({ type: 'bearer', token: 'imp-key' });
    expect(res.data).toEqual(customer);
    expect(req.method).toBe('POST');
    expect(req.url).toBe(`${spec.servers[0]}/v2/customers/${customer.id}`);
    expect(req.headers.authorization).toBe('Bearer imp-key');
  });

  it('sends HTTP Basic, the scheme our overlay defines', async () => {
    const { req } = await call({ type: 'basic', username: 'partner', password: 's3cret' });
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from('partner:s3cret').toString('base64')}`);
    expect(spec.securitySchemes.basicAuth).toEqual({ type: 'http', scheme: 'basic' });
  });

  it('returns the documented 404 as a typed, normalized error', async () => {
    const notFound: CustomerNotFoundError = { type: 'CUSTOMER_NOT_FOUND_ERROR', message: 'Customer not found' };
    const fetch = recordingFetch(() => Response.json(notFound, { status: 404, headers: { 'x-request-id': 'req-1' } }));
    const { data, error, response } = await createImprintClient({ auth: { type: 'bearer', token: 't' }, fetch }).POST(
      '/v2/customers/{customer_id}',
      { params: { path: { customer_id: 'x' } }, body: {} },
    );
    expect(data).toBeUndefined();
    expect(response?.status).toBe(404);
    expect(error).toMatchObject({
      provider: 'imprint',
      kind: 'not_found',
      status: 404,
      documented: true,
      code: 'CUSTOMER_NOT_FOUND_ERROR',
      message: 'Customer not found',
      requestId: 'req-1',
      attempts: 1,
    });
    if (error?.documented && error.status === 404) {
      // narrowed by status: body is the documented CustomerNotFoundError
      const body: CustomerNotFoundError = error.body;
      expect(body).toEqual(notFound);
    } else throw new Error('expected a documented 404');
  });

  it('honours a baseUrl override and rejects missing auth', async () => {
    const { req } = await call({ type: 'bearer', token: 't' }, 'http://127.0.0.1:9');
    expect(req.url).toBe(`http://127.0.0.1:9/v2/customers/${customer.id}`);
    expect(() => createImprintClient({} as never)).toThrow(ConfigError);
    expect(() => createImprintClient({ auth: { type: 'basic', username: '', password: 'p' } })).toThrow(/needs a username/);
  });
});

describe('imprint errors', () => {
  it('maps InvalidRequestError: category as code, details as message', async () => {
    const body = { path: '/v2/customers', details: ['email: must be a well-formed email address'], error: 'Bad Request', status: 400 };
    const fetch = recordingFetch(() => Response.json(body, { status: 400 }));
    const { error } = await createImprintClient({ auth: { type: 'bearer', token: 't' }, fetch }).POST('/v2/customers/{customer_id}', {
      params: { path: { customer_id: 'x' } },
      body: {},
    });
    expect(error).toMatchObject({
      kind: 'validation',
      status: 400,
      code: 'Bad Request',
      message: 'email: must be a well-formed email address',
    });
  });

  it('does not retry its POST update on 502 unless asked to', async () => {
    const fetch = recordingFetch(() => Response.json({}, { status: 502 }));
    const client = createImprintClient({ auth: { type: 'bearer', token: 't' }, fetch, retry: { baseDelay: 1 } });
    const once = await client.POST('/v2/customers/{customer_id}', { params: { path: { customer_id: 'x' } }, body: {} });
    expect(once.error).toMatchObject({ kind: 'server', attempts: 1 });
    const optIn = await client.POST('/v2/customers/{customer_id}', {
      params: { path: { customer_id: 'x' } },
      body: {},
      retry: { retryNonIdempotent: true },
    });
    expect(optIn.error).toMatchObject({ kind: 'server', attempts: 3 });
    expect(fetch.requests).toHaveLength(4);
  });
});
