// The generated package README lists the optional features: telemetry and rate limits for every
// provider, OAuth2, pagination and webhooks only where the spec (with its overlay) has them; its
// example call passes baseUrl where the spec gives the client no default.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { authOptions, clientSource } from '../../lib/add/provider-add.ts';
import { checkOverlay } from '../../lib/overlay/overlay.ts';
import { packageReadme } from '../../lib/codegen/package-readme.ts';
import { specModel } from '../../lib/spec/spec-model.ts';

const fixture = (name) => fileURLToPath(new URL(`../fixtures/hooks/${name}`, import.meta.url));
const upstream = () => parse(readFileSync(fixture('upstream.yaml'), 'utf8'));
const readme = (doc) =>
  packageReadme({
    provider: 'hooks',
    packageName: '@capi/hooks',
    model: specModel(doc, { schemas: 'as-written' }),
    specFile: 'specs/hooks/effective.yaml',
    packageDir: '/nonexistent',
    header: '<!-- GENERATED FILE -->',
  });
const section = (md) => md.slice(md.indexOf('## Optional features'), md.indexOf('## Authentication'));

describe('package README: optional features', () => {
  it('a spec with webhooks, a signature scheme, paged operations and an oauth2 scheme: each listed', () => {
    const doc = checkOverlay(fixture('overlay.yaml'), upstream()).document;
    doc.components = {
      ...doc.components,
      securitySchemes: { oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: '/token', scopes: {} } } } },
    };
    const md = section(readme(doc));
    expect(md).toMatch(/\*\*Telemetry\*\*: `telemetry: telemetry\(\{ otel \}\)`/);
    expect(md).toMatch(/\*\*Rate limits\*\*: `rateLimit: rateLimiter\(\{ requests, perMs \}\)`/);
    expect(md).toMatch(/\*\*OAuth2\*\* \(`oauth`\): .*never logged nor put in an error/);
    expect(md).toMatch(/\*\*Pagination\*\*: .* of `GET \/orders` \(cursor\), `GET \/customers` \(link\);/);
    expect(md).toMatch(/\*\*Webhooks\*\*: inbound events `order\.created`.*verifyWebhook\(\{ scheme: spec\.webhookSignature/);
  });

  it('a spec without them: telemetry and rate limits only', () => {
    const md = section(readme(upstream()));
    expect(md).toMatch(/\*\*Telemetry\*\*/);
    expect(md).toMatch(/\*\*Rate limits\*\*/);
    expect(md).not.toMatch(/\*\*OAuth2\*\*|\*\*Pagination\*\*/);
    // the upstream has webhooks but no signature scheme yet: said so
    expect(md).toMatch(/\*\*Webhooks\*\*: .*declares no signature scheme/);
  });
});

describe('package README: text from the spec', () => {
  it('writes no control character, line separator or bidi override raw: a spec title and operationId with escape sequences', () => {
    const doc = upstream();
    doc.info = { ...doc.info, title: 'Shop \u001b]0;owned\u0007 \u001b[2J\r\u009b31m API \u202eevil\u2066', version: '1\u2028\u001b[8m' };
    const [path, item] = Object.entries(doc.paths)[0];
    const [method] = Object.keys(item).filter((k) => ['get', 'post', 'put', 'patch', 'delete'].includes(k));
    doc.paths[path][method].operationId = 'list\u001b]8;;https://evil.example/\u001b\\Orders\u001b]8;;\u001b\\\u200f';
    const md = readme(doc);
    expect(md.match(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g)).toBeNull();
    expect(md).toContain('Contract: Shop \\u001b]0;owned\\u0007 \\u001b[2J');
    expect(md).toContain('\\u202eevil\\u2066');
    expect(md).toContain('list\\u001b]8;;https://evil.example/\\u001b\\Orders');
  });
});

describe('package README: which Node', () => {
  it("names the Node of the package's own engines (22.19 and up), never a floor of its own", () => {
    const dir = mkdtempSync(join(tmpdir(), 'capi-readme-'));
    try {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@capi/hooks', engines: { node: '^22.19.0 || ^24.0.0' } }));
      const md = packageReadme({
        provider: 'hooks',
        packageName: '@capi/hooks',
        model: specModel(upstream(), { schemas: 'as-written' }),
        specFile: 'specs/hooks/effective.yaml',
        packageDir: dir,
        header: '<!-- GENERATED FILE -->',
      });
      expect(md).toContain('Node `^22.19.0 || ^24.0.0` (its `engines`) or any runtime with `fetch`');
      expect(md).not.toMatch(/Node 24\+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('package README: the example call', () => {
  /** The README of a made-up spec without security, its factory as provider:add writes it. */
  const readmeWith = (servers) => {
    const dir = mkdtempSync(join(tmpdir(), 'capi-readme-'));
    try {
      const doc = {
        openapi: '3.0.3',
        info: { title: 'Serverless', version: '1' },
        ...(servers ? { servers } : {}),
        paths: { '/ping': { get: { operationId: 'ping', responses: { 200: { description: 'ok' } } } } },
      };
      mkdirSync(join(dir, 'src'));
      writeFileSync(join(dir, 'src', 'index.ts'), clientSource('nohost', authOptions(doc, 'nohost')));
      return packageReadme({
        provider: 'nohost',
        packageName: '@capi/nohost',
        model: specModel(doc, { schemas: 'as-written' }),
        specFile: 'specs/nohost/effective.yaml',
        packageDir: dir,
        header: '<!-- GENERATED FILE -->',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const NOTE = '`baseUrl` is required: the spec names no absolute http(s) server URL';

  it.each([
    ['no servers', undefined],
    ['a relative server URL', [{ url: '/api/v1' }]],
  ])(
    '%s: the example passes baseUrl and the options say it is required (the client has no default and throws ConfigError)',
    (_what, servers) => {
      const md = readmeWith(servers);
      expect(md).toContain(
        'const client = createNohostClient({\n  baseUrl: process.env.NOHOST_BASE_URL!, // the spec names no server URL\n});',
      );
      expect(md.slice(md.indexOf('## Options'))).toContain(NOTE);
    },
  );

  it('an absolute server URL and no option of its own: the call on one line, nothing required', () => {
    const md = readmeWith([{ url: 'https://api.nohost.test/v1' }]);
    expect(md).toContain('const client = createNohostClient({});');
    expect(md).not.toContain(NOTE);
    expect(md).not.toContain('baseUrl: process.env');
  });
});
