import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { ConfigError } from '@capi/core';
import { recordingFetch } from '@capi/core/testing';
import { createTeamcrmClient, spec, type SignInput, type UpdateCustomerBody } from '../src/index.js';

const uuid = '3f1c2b9e-8a4d-4f6e-9c2a-1b5d7e9f0a12';

describe('createTeamcrmClient', () => {
  it('sends x-client-id, a bearer token and a fresh x-signature computed by the signer', async () => {
    const fetch = recordingFetch(() => Response.json({ status: 'success', message: 'ok', data: { uuid } }));
    const seen: SignInput[] = [];
    let n = 0;
    const client = createTeamcrmClient({
      clientId: 'client-1',
      accessToken: 'tok-1',
      fetch,
      signer: (input) => {
        seen.push(input);
        n += 1;
        return createHmac('sha256', 'signing-key').update(`${n}:${input.method}:${input.body}`).digest('hex');
      },
    });
    const body: UpdateCustomerBody = { website: null, status: 'inactive' };
    await client.PUT('/customers/{uuid}', { params: { path: { uuid } }, body });
    await client.PUT('/customers/{uuid}', { params: { path: { uuid } }, body });
    const [first, second] = fetch.requests;
    expect(first!.url).toBe(`${spec.servers[0]}/customers/${uuid}`);
    expect(first!.headers['x-client-id']).toBe('client-1');
    expect(first!.headers.authorization).toBe('Bearer tok-1');
    expect(seen[0]!.body).toBe(JSON.stringify(body));
    expect(seen[0]!.method).toBe('PUT');
    expect(first!.headers['x-signature']).toMatch(/^[0-9a-f]{64}$/);
    expect(second!.headers['x-signature']).not.toBe(first!.headers['x-signature']);
    expect(JSON.parse(first!.body)).toEqual(body);
  });

  it.each([
    ['clientId', { accessToken: 't', signer: (): string => 's' }, /option "clientId" is required/],
    ['accessToken', { clientId: 'c', signer: (): string => 's' }, /option "accessToken" is required/],
    ['signer', { clientId: 'c', accessToken: 't' }, /option "signer" is required/],
  ])('refuses to start without %s', (_n, options, msg) => {
    expect(() => createTeamcrmClient(options as never)).toThrow(ConfigError);
    expect(() => createTeamcrmClient(options as never)).toThrow(msg);
  });
});

describe('teamcrm errors', () => {
  it('maps its { status, message, code, details, errors } envelope; 409 is a typed conflict', async () => {
    const body = { status: 'error', message: 'Email already exists', code: 'EMAIL_TAKEN', details: { field: 'email' } };
    const fetch = recordingFetch(() => Response.json(body, { status: 409 }));
    const client = createTeamcrmClient({ clientId: 'c', accessToken: 't', signer: () => 'sig-1234', fetch });
    const { error } = await client.PUT('/customers/{uuid}', { params: { path: { uuid } }, body: { email: 'a@b.co' } });
    expect(error).toMatchObject({ kind: 'conflict', status: 409, documented: true, code: 'EMAIL_TAKEN', message: 'Email already exists' });
    if (error?.documented && error.status === 409) expect(error.body.code).toBe('EMAIL_TAKEN');
    else throw new Error('expected a documented 409');
  });
});
