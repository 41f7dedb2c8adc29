// Which names are credential-like (packages/core/src/redact.ts): the short, common credential
// words (`key`, `session`, `sig`, ...) count as a whole last segment of a name, so `access_key`
// and `X-Session` are redacted and `keyword`, `monkey` and `sessionCount` are not. Checked on the
// rule itself and end to end: a real server on 127.0.0.1 echoes them in an error body.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProviderClient, type SpecFacts } from '../src/index.js';
import { isSensitiveKey, REDACTED } from '../src/redact.js';

const credentialLike = [
  'key',
  'Key',
  'keys',
  'access_key',
  'accessKey',
  'AccessKey',
  'private_key',
  'privateKey',
  'secret_key',
  'signingKey',
  'apikey',
  'APIKEY',
  'api_key',
  'x-api-key',
  'X-API-Key',
  'client_secret',
  'session',
  'X-Session',
  'session_id',
  'sessionId',
  'x-session-id',
  'sessionid',
  'sig',
  'url_sig',
  'X-Sig',
  'signature',
  'x-signature',
  'token',
  'access_token',
  'refreshToken',
  'id_token',
  'jwt',
  'x-auth',
  'basic_auth',
  'pwd',
  'otp',
  'passphrase',
  'password',
  'Set-Cookie',
];
const ordinary = [
  'keyword',
  'keywords',
  'monkey',
  'hockey',
  'keyName',
  'key_count',
  'sessionCount',
  'session_count',
  'sessions_total',
  'signal',
  'sight',
  'design',
  'author',
  'authority',
  'oauth_scopes',
  'id',
  'name',
  'client_id',
  'access_level',
  'Idempotency-Key',
  'idempotency_key',
  'sortKey',
  'public_key',
  'partition-key',
  'private',
  'description',
];

describe('credential-like names', () => {
  it.each(credentialLike)('%s is credential-like', (name) => {
    expect(isSensitiveKey(name)).toBe(true);
  });
  it.each(ordinary)('%s is not', (name) => {
    expect(isSensitiveKey(name)).toBe(false);
  });
});

describe('an error body a server echoes them in', () => {
  let server: Server;
  let url: string;
  const echoed = {
    access_key: 'AKIAEXAMPLEVALUE1',
    privateKey: 'pk-example-value-2',
    session: 'sess-example-value-3',
    url_sig: 'sig-example-value-4',
    keyword: 'shoes',
    monkey: 'capuchin',
    sessionCount: 3,
  };
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'bad', message: 'bad input' }, echoed }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('redacts the credential-like fields and keeps the ordinary ones', async () => {
    const spec: SpecFacts = { servers: [url], security: [], securitySchemes: {}, operations: { 'GET /things': ['200', '400'] } };
    type Paths = {
      '/things': { get: { parameters: Record<string, never>; responses: { 200: { content: { 'application/json': unknown } } } } };
    };
    const client = createProviderClient<Paths>({ name: 'names', spec, optionNames: {} }, { baseUrl: url, retry: false }, {});
    const res = await client.GET('/things', {});
    expect(res.error).toMatchObject({ kind: 'validation', status: 400 });
    const body = res.error?.body as { echoed: Record<string, unknown> };
    expect(body.echoed).toEqual({
      access_key: REDACTED,
      privateKey: REDACTED,
      session: REDACTED,
      url_sig: REDACTED,
      keyword: 'shoes',
      monkey: 'capuchin',
      sessionCount: 3,
    });
  });
});
