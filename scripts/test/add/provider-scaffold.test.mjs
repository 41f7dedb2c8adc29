// What provider:add writes into a new client package (src/index.ts, its test, testing.ts) is in
// the repository's own format and passes its lint (biome.json), for every shape of options the
// spec's security gives: so `npm run lint` and `npm test` pass with a new provider as written.
// The end-to-end proof on a copy of the repository is in provider-add.e2e.test.mjs.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  authOptions,
  biomeFormat,
  clientSource,
  packageTsconfigs,
  testingSource,
  testSource,
  workspaceLinks,
} from '../../lib/add/provider-add.ts';
import { repoRoot } from '../../lib/registry/registry.ts';
import { runCommand } from '../helpers.mjs';
import ts from 'typescript';

const ok = { responses: { 200: { description: 'ok' } } };
const spec = (securitySchemes, security) => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  ...(security ? { security } : {}),
  paths: { '/a': { get: ok } },
  ...(securitySchemes ? { components: { securitySchemes } } : {}),
});
const SPECS = {
  none: spec(),
  bearer: spec({ b: { type: 'http', scheme: 'bearer' } }, [{ b: [] }]),
  basic: spec({ Basic: { type: 'http', scheme: 'basic' } }, [{ Basic: [] }]),
  either: spec({ ApiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' }, Basic: { type: 'http', scheme: 'basic' } }, [
    { ApiKey: [] },
    { Basic: [] },
  ]),
  // required oauth2: a token or OAuth2 options, through requireOAuth2
  oauth2: spec({ oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://a.test/token', scopes: { read: 'r' } } } } }, [
    { oauth: ['read'] },
  ]),
  // defined, required nowhere; names a formatter would rewrite (quotes, long lines)
  many: spec({
    'api-key-in-a-header-with-a-rather-long-scheme-name': { type: 'apiKey', in: 'header', name: 'X-Key' },
    api_key_query: { type: 'apiKey', in: 'query', name: 'key' },
    session: { type: 'apiKey', in: 'cookie', name: 'sid' },
    oauth: { type: 'oauth2', flows: {} },
    Basic: { type: 'http', scheme: 'basic' },
  }),
};

const dir = mkdtempSync(join(tmpdir(), 'capi-scaffold-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Biome over `dir` with the repository's biome.json (outside git: its ignore file does not apply). */
const biomeCheck = (cwd) =>
  runCommand(
    join(repoRoot, 'node_modules/.bin/biome'),
    ['check', `--config-path=${join(repoRoot, 'biome.json')}`, '--vcs-enabled=false', '.'],
    {
      cwd,
    },
  );

/** The scaffold's three sources for `name`, as provider:add writes them (formatted or not). */
async function scaffold(root, name, doc, format) {
  const options = authOptions(doc, name);
  for (const [file, source] of [
    ['src/index.ts', clientSource(name, options)],
    ['test/client.test.ts', testSource(name, options)],
    ['testing.ts', testingSource(name, options)],
  ]) {
    const path = join(root, 'packages', name, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, format ? await biomeFormat(repoRoot, `packages/${name}/${file}`, source) : source);
  }
}

describe('the client package provider:add writes', () => {
  it('passes biome check (format and lint) for every shape of security', async () => {
    const root = join(dir, 'formatted');
    for (const [name, doc] of Object.entries(SPECS)) await scaffold(root, name, doc, true);
    const res = await biomeCheck(root);
    expect(res.status, res.out).toBe(0);
    expect(res.out).toMatch(/Checked 18 files/);
  }, 60_000);

  it('as the templates alone write it, biome refuses it (what the formatting is for)', async () => {
    const root = join(dir, 'raw');
    for (const [name, doc] of Object.entries(SPECS)) await scaffold(root, name, doc, false);
    const res = await biomeCheck(root);
    expect(res.status).not.toBe(0);
    expect(res.out).toMatch(/Formatter would have printed/);
  }, 60_000);

  it('comes back as it is, with a warning naming the command, when Biome is not there', async () => {
    const warnings = [];
    const source = 'const a = {"b":\'c\'}\n';
    expect(await biomeFormat(dir, 'packages/x/src/index.ts', source, (m) => warnings.push(m))).toBe(source);
    expect(warnings).toEqual([
      expect.stringMatching(/^packages\/x\/src\/index\.ts is not formatted \(no node_modules\/\.bin\/biome\): run npm run format$/),
    ]);
  });
});

describe('spec text in the scaffold (a */ in a scheme or header name ends no comment)', () => {
  it('src/index.ts parses, with the names inside its doc comments, and no bidi override raw', () => {
    const inject = '*/ globalThis.pwned = 1; /*';
    const doc = spec(
      {
        [`key${inject}\u202e`]: { type: 'apiKey', in: 'header', name: `X-Key${inject}` },
        oauth: { type: 'oauth2', flows: { [`clientCredentials${inject}`]: { tokenUrl: 'https://a.test/token', scopes: {} } } },
      },
      [{ [`key${inject}\u202e`]: [] }],
    );
    const source = clientSource('acme', authOptions(doc, 'acme'));
    const { diagnostics } = ts.transpileModule(source, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext } });
    expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
    expect(source).toContain(
      '/** API key, sent as the X-Key*\\/ globalThis.pwned = 1; /* header (scheme key*\\/ globalThis.pwned = 1; /*\\u202e). */',
    );
    expect(source).toMatch(/flows: clientCredentials\*\\\/ globalThis/);
    expect(source).not.toContain('\u202e');
  });
});

describe('the testing entry provider:add writes', () => {
  it('has a verify entry: each credential option read from a variable named after the provider and the option', () => {
    expect(testingSource('acme-shop', authOptions(SPECS.bearer, 'acme-shop'))).toMatch(
      /^ {2}verify: \{ env: \{ token: 'ACME_SHOP_TOKEN' \} \},$/m,
    );
    expect(testingSource('acme', authOptions(SPECS.basic, 'acme'))).toMatch(
      /^ {2}verify: \{ env: \{ 'basic\.username': 'ACME_BASIC_USERNAME', 'basic\.password': 'ACME_BASIC_PASSWORD' \} \},$/m,
    );
    // a spec that asks for no credentials: verify runs without any
    expect(testingSource('acme', authOptions(SPECS.none, 'acme'))).toMatch(/^ {2}verify: \{ env: \{\} \},$/m);
  });

  it('says the provider has the fake inferred from its spec, not that it has none', () => {
    const source = testingSource('acme', authOptions(SPECS.bearer, 'acme'));
    expect(source).toContain('`npm run fake -- acme` serves the fake inferred from its spec');
    expect(source).not.toMatch(/no `fake` yet/);
  });
});

describe('where the new package points (packages/<p>/ and node_modules/@capi/, two levels below the root)', () => {
  // a new provider's tsconfig extended ../../../tsconfig.base.json (outside the repository) and its
  // links pointed above the root: its typecheck and its contract tests could not find @capi/core
  it("its tsconfig files extend the root's tsconfig.base.json", () => {
    const pkg = join(repoRoot, 'packages', 'acme');
    for (const [file, text] of Object.entries(packageTsconfigs())) {
      expect(resolve(pkg, JSON.parse(text).extends), file).toBe(join(repoRoot, 'tsconfig.base.json'));
    }
  });

  it('its workspace links resolve to the client package and the spec package', () => {
    const at = join(repoRoot, 'node_modules', '@capi');
    expect(workspaceLinks('acme').map(([link, target]) => [link, resolve(at, target)])).toEqual([
      ['@capi/acme', join(repoRoot, 'packages', 'acme')],
      ['@capi/spec-acme', join(repoRoot, 'specs', 'acme')],
    ]);
  });
});
