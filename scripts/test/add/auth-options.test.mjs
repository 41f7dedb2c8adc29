// The client options provider:add derives from a spec's security: from every scheme any
// operation uses (its own `security`, else the document's), plus schemes defined but never
// required (optional); required only when every operation needs the scheme.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { authOptions, optionsSummary } from '../../lib/add/provider-add.ts';
import { repoRoot } from '../../lib/registry/registry.ts';

const op = (security) => ({ responses: { 200: { description: 'ok' } }, ...(security ? { security } : {}) });
const spec = (paths, securitySchemes, security) => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  ...(security ? { security } : {}),
  paths,
  components: { securitySchemes },
});

describe('authOptions', () => {
  it('security declared per operation only: the scheme every operation names is required', () => {
    const doc = spec({ '/a': { get: op([{ bearer: [] }]), post: op([{ bearer: [] }]) } }, { bearer: { type: 'http', scheme: 'bearer' } });
    expect(authOptions(doc, 'p')).toEqual([expect.objectContaining({ scheme: 'bearer', option: 'token', required: true })]);
  });

  it('OAuth2 with scopes per operation: a token or OAuth2 options, required when every operation needs it', () => {
    const doc = spec(
      { '/a': { get: op([{ oauth: ['read'] }]), put: op([{ oauth: ['write'] }]) } },
      { oauth: { type: 'oauth2', flows: {} } },
    );
    expect(authOptions(doc, 'p')).toEqual([expect.objectContaining({ kind: 'oauth2', option: 'token', required: true })]);
  });

  it('an anonymous operation makes the scheme optional', () => {
    const doc = spec({ '/a': { get: op([]), post: op([{ key: [] }]) } }, { key: { type: 'apiKey', in: 'header', name: 'X-Key' } });
    expect(authOptions(doc, 'p')).toEqual([expect.objectContaining({ option: 'apiKey', required: false })]);
  });

  it('a scheme defined but never required still gets an optional option', () => {
    const doc = spec(
      { '/a': { get: op() } },
      { key: { type: 'apiKey', in: 'query', name: 'api_key' }, basic: { type: 'http', scheme: 'basic' } },
      [{ basic: [] }],
    );
    const options = authOptions(doc, 'p');
    expect(options.map((o) => [o.scheme, o.option, o.required])).toEqual([
      ['basic', 'basic', true],
      ['key', 'key', false],
    ]);
  });

  it('the summary provider:add prints names each option once: how it is sent, and the scheme only where its name is not the option', () => {
    // one basic scheme named basic, used in two requirements: once, not `basic? (basic, basic)`
    const basic = spec(
      { '/a': { get: op([{ basic: [] }, { basic: [] }]) }, '/b': { get: op([]) } },
      { basic: { type: 'http', scheme: 'basic' } },
    );
    expect(optionsSummary(authOptions(basic, 'p'))).toBe('basic? (HTTP Basic)');
    const two = spec(
      { '/a': { get: op([{ Bearer: [] }, { api_key: [] }]) } },
      { Bearer: { type: 'http', scheme: 'bearer' }, api_key: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } },
    );
    expect(optionsSummary(authOptions(two, 'p'))).toBe('bearer? (bearer token, scheme Bearer), apiKey? (API key, scheme api_key)');
    expect(optionsSummary([])).toBe('none (no security)');
  });

  it('an API key the spec marks AWS Signature Version 4: an option still, with a warning and a doc saying to sign in a middleware', () => {
    const warnings = [];
    const hmac = { type: 'apiKey', in: 'header', name: 'Authorization', 'x-amazon-apigateway-authtype': 'awsSigv4' };
    const doc = spec({ '/graph': { post: op() } }, { hmac }, [{ hmac: [] }]);
    const [option] = authOptions(doc, 'p', (m) => warnings.push(m));
    expect(option).toEqual(expect.objectContaining({ scheme: 'hmac', option: 'apiKey', required: true }));
    expect(option.doc).toBe(
      'API key, sent as the Authorization header (scheme hmac); the spec marks it AWS Signature Version 4, computed per request: sign in a `middleware`.',
    );
    expect(warnings).toEqual([
      'security scheme hmac is AWS Signature Version 4 (x-amazon-apigateway-authtype): the client sends its option as the Authorization header as it is, and a signature is computed per request (method, path, headers, body); sign each request in a `middleware` of the client options',
    ]);
    // an API key without the mark: no warning
    warnings.length = 0;
    delete hmac['x-amazon-apigateway-authtype'];
    expect(authOptions(doc, 'p', (m) => warnings.push(m))[0].doc).toBe('API key, sent as the Authorization header (scheme hmac).');
    expect(warnings).toEqual([]);
  });

  it('a scheme the client cannot apply is left out with a warning, not a failure', () => {
    const warnings = [];
    const doc = spec(
      { '/a': { get: op([{ digest: [] }, { key: [] }]) } },
      { digest: { type: 'http', scheme: 'digest' }, key: { type: 'apiKey', in: 'header', name: 'X-Key' } },
    );
    expect(authOptions(doc, 'p', (m) => warnings.push(m)).map((o) => o.scheme)).toEqual(['key']);
    expect(warnings).toEqual([expect.stringMatching(/security scheme digest \(http digest\) has no option in the scaffold/)]);
  });

  it('names options in camel case with a leading acronym lowercased, and never twice nor as a client option', () => {
    const doc = spec(
      { '/a': { get: op([{ APIToken: [] }, { OAuth2: [] }, { api_key: [] }, { apiKey: [] }, { retry: [] }]) } },
      {
        APIToken: { type: 'apiKey', in: 'header', name: 'X-API-Token' },
        OAuth2: { type: 'oauth2', flows: {} },
        api_key: { type: 'apiKey', in: 'query', name: 'api_key' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Key' },
        retry: { type: 'http', scheme: 'basic' },
      },
    );
    expect(authOptions(doc, 'p').map((o) => `${o.scheme}=${o.option}`)).toEqual([
      'APIToken=apiToken',
      'OAuth2=oAuth2',
      'api_key=apiKey',
      'apiKey=apiKey2',
      'retry=retry2',
    ]);
  });
});

describe('the options every client has already', () => {
  // @capi/scripts does not depend on @capi/core (that would put core's build before every
  // scripts task), so the scaffold keeps its own list; this holds it to core's `baseOptionNames`,
  // read from core's source with TypeScript's parser
  const coreSource = readFileSync(join(repoRoot, 'packages/core/src/client.ts'), 'utf8');
  const file = ts.createSourceFile('client.ts', coreSource, ts.ScriptTarget.Latest);
  const names = [];
  const visit = (node) => {
    if (
      ts.isVariableDeclaration(node) &&
      node.name.getText(file) === 'baseOptionNames' &&
      node.initializer &&
      ts.isArrayLiteralExpression(node.initializer)
    )
      for (const e of node.initializer.elements) if (ts.isStringLiteral(e)) names.push(e.text);
    ts.forEachChild(node, visit);
  };
  visit(file);

  it("finds core's list", () => expect(names).toEqual(expect.arrayContaining(['baseUrl', 'fetch', 'validate'])));

  it.each(names)('no scheme option takes %s (a scheme of that name gets a number)', (name) => {
    const doc = spec(
      { '/a': { get: op([{ [name]: [] }, { other: [] }]) } },
      { [name]: { type: 'apiKey', in: 'header', name: 'x-a' }, other: { type: 'apiKey', in: 'header', name: 'x-b' } },
    );
    expect(authOptions(doc, 'p').map((o) => o.option)).toEqual([`${name}2`, 'other']);
  });
});
