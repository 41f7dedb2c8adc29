import { describe, expect, it } from 'vitest';
import { ConfigError } from '@capi/core';
import { recordingFetch } from '@capi/core/testing';
import { createSalesiveClient, spec, type Customer, type CustomerUpdate } from '../src/index.js';

const customer: Customer = { _id: 'c1', name: 'Ada Obi', phone: null, user: null };

describe('createSalesiveClient', () => {
  it('sends the installed-app token as a bearer token to the spec server', async () => {
    const fetch = recordingFetch(() => Response.json({ status: 200, success: true, message: 'ok', data: customer }));
    const body: CustomerUpdate = { phone: null, active: false };
    const { data } = await createSalesiveClient({ token: 'app_live_123', fetch }).PUT('/customers/{id}', {
      params: { path: { id: 'c1' } },
      body,
    });
    expect(data?.data).toEqual(customer);
    const [req] = fetch.requests;
    expect(req!.url).toBe(`${spec.servers[0]}/customers/c1`);
    expect(req!.headers.authorization).toBe('Bearer app_live_123');
    expect(JSON.parse(req!.body)).toEqual(body);
  });

  it('rejects a token without the app_ prefix before any request, without echoing it', () => {
    const fetch = recordingFetch();
    const secret = 'sk_live_do_not_print_me';
    let err: unknown;
    try {
      createSalesiveClient({ token: secret, fetch });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).option).toBe('token');
    expect(String(err)).toMatch(/salesive: token must be an installed-app access token starting with "app_"/);
    expect(JSON.stringify({ message: String(err), stack: (err as Error).stack })).not.toContain(secret);
    expect(fetch.requests).toHaveLength(0);
  });

  it('honours a baseUrl override and requires a token', async () => {
    const fetch = recordingFetch(() => Response.json({ status: 200, success: true, message: 'ok' }));
    await createSalesiveClient({ token: 'app_1', fetch, baseUrl: 'http://127.0.0.1:9/api/v1' }).PUT('/customers/{id}', {
      params: { path: { id: 'u1' } },
      body: { name: 'x' },
    });
    expect(fetch.requests[0]!.url).toBe('http://127.0.0.1:9/api/v1/customers/u1');
    expect(() => createSalesiveClient({} as never)).toThrow(/option "token" is required/);
  });

  it('refuses a misspelled option (a type error too) before any request, naming the closest option, never the value', () => {
    const fetch = recordingFetch();
    const fails = (make: () => unknown) => {
      try {
        make();
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('no ConfigError');
    };
    // @ts-expect-error baseURL is not an option: the call would otherwise go to the production host
    const e = fails(() => createSalesiveClient({ token: 'app_1', fetch, baseURL: 'http://127.0.0.1:4010/app_secret' }));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.option).toBe('baseURL');
    expect(e.message).toMatch(/^salesive: unknown option "baseURL" \(did you mean "baseUrl"\?\): the options are baseUrl, .*, token$/);
    expect(e.message).not.toContain('127.0.0.1');
    // a misspelled credential is reported as such, not as a missing one
    // @ts-expect-error tokn is not an option
    expect(fails(() => createSalesiveClient({ tokn: 'app_1', fetch })).message).toContain('unknown option "tokn" (did you mean "token"?)');
    expect(fetch.requests).toHaveLength(0);
  });
});

describe('salesive errors', () => {
  it('maps its { status, success, message, data } envelope', async () => {
    const body = { status: 403, success: false, message: 'Insufficient scope', data: null };
    const fetch = recordingFetch(() => Response.json(body, { status: 403 }));
    const { error } = await createSalesiveClient({ token: 'app_1', fetch }).PUT('/customers/{id}', {
      params: { path: { id: 'c1' } },
      body: { name: 'x' },
    });
    expect(error).toMatchObject({ kind: 'forbidden', status: 403, documented: true, message: 'Insufficient scope', body });
  });

  it('never yields an undefined error on a failed response, even with an empty body', async () => {
    const fetch = recordingFetch(() => new Response(null, { status: 500 }));
    const { data, error } = await createSalesiveClient({ token: 'app_1', fetch }).PUT('/customers/{id}', {
      params: { path: { id: 'c1' } },
      body: { name: 'x' },
    });
    expect(data).toBeUndefined();
    expect(error).toMatchObject({ kind: 'server', status: 500, documented: false, body: '' });
  });
});
