// The run-time facts of an oauth2 scheme (specFacts, `spec` in api.gen.ts): each known flow's
// token URL, refresh URL and scope names, which the client's OAuth2 token sources read.
import { describe, expect, it } from 'vitest';
import { specFacts } from '../../lib/codegen/codegen.ts';

const doc = (schemes) => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: { '/a': { get: { responses: { 200: { description: 'ok' } } } } },
  components: { securitySchemes: schemes },
});

describe('specFacts of security schemes', () => {
  it('an oauth2 scheme carries its flows: token and refresh URLs, scope names, no descriptions', () => {
    const facts = specFacts(
      doc({
        oauth: {
          type: 'oauth2',
          description: 'not needed at run time',
          flows: {
            clientCredentials: { tokenUrl: '/oauth/token', scopes: { read: 'Read things', write: 'Write things' } },
            authorizationCode: {
              authorizationUrl: 'https://a.test/authorize',
              tokenUrl: 'https://a.test/token',
              refreshUrl: 'https://a.test/refresh',
              scopes: {},
            },
            'x-vendor': { tokenUrl: 'https://a.test/other' },
          },
        },
      }),
    );
    expect(facts.securitySchemes).toEqual({
      oauth: {
        type: 'oauth2',
        flows: {
          clientCredentials: { tokenUrl: '/oauth/token', scopes: ['read', 'write'] },
          authorizationCode: { tokenUrl: 'https://a.test/token', refreshUrl: 'https://a.test/refresh', scopes: [] },
        },
      },
    });
  });

  it('other schemes keep type, scheme, in and name only', () => {
    const facts = specFacts(
      doc({
        key: { type: 'apiKey', in: 'header', name: 'X-Key', description: 'd' },
        oidc: { type: 'openIdConnect', openIdConnectUrl: 'https://a.test/.well-known' },
      }),
    );
    expect(facts.securitySchemes).toEqual({ key: { type: 'apiKey', in: 'header', name: 'X-Key' }, oidc: { type: 'openIdConnect' } });
  });
});
