// End-to-end tier: the client packages as a team outside this repository gets them. `npm pack`
// in a clean checkout (a git copy of HEAD: nothing generated, nothing built, so `prepack` has to
// build), then the tarballs installed into a scratch project outside the repository: ESM import,
// a real call against a local server (the default transport, which on Node is the Node transport,
// the global fetch and @capi/core/node), and TypeScript with
// `moduleResolution` bundler and nodenext. Also checks each published package.json and tarball.
// And the testing kit as a consumer uses it: application code tested with vitest against
// `@capi/salesive/fake` (in-process as the client's fetch, and served on 127.0.0.1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProviders, repoRoot } from '../../lib/registry/registry.ts';
import { runCommand } from '../helpers.mjs';
import { insideWorkspaceCopy, workspaceCopy } from '../../lib/shared/workspace-copy.ts';

const rootPkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
// the core and every registered provider's client
const CLIENTS = ['core', ...loadProviders().map((p) => p.name)];
const env = () => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TURBO_') && !k.startsWith('npm_'))),
  TURBO_TELEMETRY_DISABLED: '1',
});
const npm = (cwd, args, timeoutMs = 600_000) => runCommand('npm', args, { cwd, env: env(), timeoutMs });

describe.skipIf(insideWorkspaceCopy())('published client packages', () => {
  let repo;
  let out;
  let scratch;
  /** npm pack --json entries by package name */
  let packed;

  beforeAll(async () => {
    repo = await workspaceCopy();
    out = mkdtempSync(join(tmpdir(), 'capi-tarballs-'));
    scratch = mkdtempSync(join(tmpdir(), 'capi-consumer-'));
    const res = await npm(repo.dir, ['pack', '--json', '--pack-destination', out, ...CLIENTS.map((c) => `--workspace=@capi/${c}`)]);
    expect(res.status, res.out).toBe(0);
    packed = Object.fromEntries(JSON.parse(res.stdout.slice(res.stdout.indexOf('['))).map((p) => [p.name, p]));
  }, 900_000);
  afterAll(() => {
    repo?.cleanup();
    for (const d of [out, scratch]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('packs every client from a clean checkout: prepack built dist/, the README and license are in', () => {
    expect(Object.keys(packed).sort()).toEqual(CLIENTS.map((c) => `@capi/${c}`).sort());
    for (const [name, p] of Object.entries(packed)) {
      const files = new Set(p.files.map((f) => f.path));
      for (const f of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts'])
        expect(files.has(f), `${name}: ${f}`).toBe(true);
      // no tests, no reports, and no testing entry (test credentials, fakes: this repository's only)
      expect(
        [...files].filter((f) => f.startsWith('test/') || f.includes('reports/') || f === 'testing.ts'),
        name,
      ).toEqual([]);
      // every source map points at files the tarball ships
      for (const map of [...files].filter((f) => f.endsWith('.map'))) {
        const { sources } = JSON.parse(readFileSync(join(repo.dir, 'packages', name.split('/')[1], map), 'utf8'));
        for (const s of sources) expect(files.has(join(map, '..', s)), `${name}: ${map} -> ${s}`).toBe(true);
      }
    }
    expect([...new Set(packed['@capi/salesive'].files.map((f) => f.path))]).toEqual(
      expect.arrayContaining(['dist/generated/schema.gen.d.ts', 'dist/generated/fake.gen.js', 'dist/generated/fake.gen.d.ts']),
    );
    expect(packed['@capi/core'].files.map((f) => f.path)).toEqual(expect.arrayContaining(['dist/fake/index.js', 'dist/fake/index.d.ts']));
  });

  it('publishes manifests a registry user can depend on', () => {
    for (const c of CLIENTS) {
      const pkg = JSON.parse(readFileSync(join(repo.dir, 'packages', c, 'package.json'), 'utf8'));
      expect(pkg.private, c).toBeUndefined();
      expect(pkg.license, c).toBe('MIT');
      expect(pkg.repository, c).toMatchObject({ type: 'git', directory: `packages/${c}` });
      expect(pkg.repository.url, c).toBe(rootPkg.repository.url);
      expect(pkg.exports['.'], c).toMatchObject({ types: './dist/index.d.ts', default: './dist/index.js' });
      // a provider's testing entry resolves only under this repository's own condition
      if (c !== 'core') expect(pkg.exports['./testing'], c).toEqual({ 'capi-testing': './testing.ts' });
      // the fake for consumers' tests is published: its generated module, built
      if (c !== 'core')
        expect(pkg.exports['./fake'], c).toEqual({ types: './dist/generated/fake.gen.d.ts', default: './dist/generated/fake.gen.js' });
      expect(pkg.files, c).toEqual(['dist', 'src']);
      expect(pkg.scripts.prepack, c).toMatch(/^turbo run build --filter=@capi\//);
      for (const [k, v] of Object.entries(pkg.scripts)) expect(v, `${c}: script ${k}`).not.toMatch(/\.\.\//);
      for (const [dep, range] of Object.entries(pkg.dependencies ?? {})) expect(range, `${c}: ${dep}`).toMatch(/^\^/);
      if (c !== 'core') expect(Object.keys(pkg.dependencies ?? {}), c).not.toContain('undici');
    }
    // the Node transport is the default on Node: undici is a dependency, the Node entry is chosen
    // by the "node" condition
    const core = JSON.parse(readFileSync(join(repo.dir, 'packages/core/package.json'), 'utf8'));
    expect(Object.keys(core.dependencies)).toContain('undici');
    expect(core.exports['.']).toEqual({ types: './dist/index.d.ts', node: './dist/index.node.js', default: './dist/index.js' });
    // the fake engine: built for consumers; its sources only under this repository's own condition
    expect(core.exports['./fake']).toEqual({
      'capi-source': './src/fake/index.ts',
      types: './dist/fake/index.d.ts',
      default: './dist/fake/index.js',
    });
  });

  it('installs into a project outside the repository and makes a real call, on both transports (the Node one by default)', async () => {
    const tarballs = Object.values(packed).map((p) => join(out, p.filename));
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const ts = rootPkg.devDependencies.typescript;
    const install = await npm(scratch, [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      ...tarballs,
      `typescript@${ts}`,
      `@types/node@${rootPkg.devDependencies['@types/node']}`,
      `vitest@${rootPkg.devDependencies.vitest}`,
    ]);
    expect(install.status, install.out).toBe(0);
    writeFileSync(
      join(scratch, 'call.mjs'),
      `
import { createServer } from 'node:http';
import { createSalesiveClient } from '@capi/salesive';
import { nodeTransport } from '@capi/core/node';
const seen = [];
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    // the global fetch adds Sec-Fetch-Mode, the Node transport sends only the request's headers
    seen.push({ method: req.method, url: req.url, auth: req.headers.authorization === 'Bearer app_test_1', body: JSON.parse(body), fetchMode: req.headers['sec-fetch-mode'] ?? null });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ status: 200, success: true, message: 'ok', data: { _id: 'c1', name: 'Ada', phone: null, user: null } }));
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const baseUrl = 'http://127.0.0.1:' + server.address().port;
const transport = nodeTransport();
const results = [];
const dispatcher = Symbol.for('undici.globalDispatcher.2');
const before = { fetch: globalThis.fetch, dispatcher: globalThis[dispatcher] };
for (const fetch of [undefined, transport, globalThis.fetch]) {
  const client = createSalesiveClient({ token: 'app_test_1', baseUrl, ...(fetch ? { fetch } : {}) });
  const { data, error } = await client.PUT('/customers/{id}', { params: { path: { id: 'c1' } }, body: { name: 'Ada' } });
  results.push({ name: data?.data?.name, error: error?.kind });
}
// a misspelled option: a ConfigError naming it and the closest option, never its value, and nothing sent
let misspelled;
try {
  createSalesiveClient({ token: 'app_test_1', baseURL: baseUrl });
} catch (err) {
  misspelled = { name: err.name, option: err.option, message: err.message };
}
await transport.close();
server.close();
// the testing entry is this repository's only: outside it, the subpath is not exported
const testing = await import('@capi/salesive/testing').then(() => 'resolved', (err) => err.code);
const untouched = globalThis.fetch === before.fetch && !(await import('undici/lib/dispatcher/agent.js').then((m) => globalThis[dispatcher] instanceof m.default));
console.log(JSON.stringify({ results, seen, testing, untouched, misspelled, port: baseUrl.split(':').pop() }));
`,
    );
    const call = await runCommand(process.execPath, ['call.mjs'], { cwd: scratch, timeoutMs: 60_000 });
    expect(call.status, call.out).toBe(0);
    const { results, seen, testing, untouched, misspelled, port } = JSON.parse(call.stdout);
    expect(testing).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
    expect(misspelled).toMatchObject({ name: 'ConfigError', option: 'baseURL' });
    expect(misspelled.message).toMatch(/^salesive: unknown option "baseURL" \(did you mean "baseUrl"\?\)/);
    expect(misspelled.message).not.toContain(String(port));
    expect(results).toEqual([{ name: 'Ada' }, { name: 'Ada' }, { name: 'Ada' }]);
    // by default (the "node" condition), with a nodeTransport() of its own, with the global fetch;
    // the misspelled client sent nothing
    expect(seen).toEqual(
      [null, null, 'cors'].map((fetchMode) => ({ method: 'PUT', url: '/customers/c1', auth: true, body: { name: 'Ada' }, fetchMode })),
    );
    // neither the global fetch nor the process-wide dispatcher was replaced (Node's own is in place)
    expect(untouched).toBe(true);
  }, 600_000);

  it.each([
    ['bundler', { module: 'esnext', moduleResolution: 'bundler' }],
    ['nodenext', { module: 'nodenext', moduleResolution: 'nodenext' }],
  ])(
    'typechecks a consumer with moduleResolution %s, and refuses a misspelled field and a misspelled client option',
    async (name, options) => {
      expect(existsSync(join(scratch, 'node_modules/@capi/core')), 'the install test ran first').toBe(true);
      writeFileSync(
        join(scratch, 'use.ts'),
        `
import { createTeamcrmClient } from '@capi/teamcrm';
import { createImprintClient, type ImprintClientOptions } from '@capi/imprint';
import { ApiError, ConfigError, type NormalizedError } from '@capi/core';
import { nodeTransport } from '@capi/core/node';

const teamcrm = createTeamcrmClient({ clientId: 'id', accessToken: 't', signer: () => 'sig', fetch: nodeTransport() });
export async function rename(uuid: string): Promise<string | undefined> {
  const { data, error } = await teamcrm.PUT('/customers/{uuid}', { params: { path: { uuid } }, body: { customer: 'Ada' } });
  if (error) {
    const e: NormalizedError = error;
    return e.kind;
  }
  return data ? 'ok' : undefined;
}
import { createFake, type Fake } from '@capi/salesive/fake';
export const fake: Fake = createFake({ records: { customers: [{ _id: 'c1', id: 'c1', name: 'Ada' }] }, seed: 'consumer' });
const opts: ImprintClientOptions = { auth: { type: 'bearer', token: 't' } };
createImprintClient(opts);
export const kinds = [ApiError, ConfigError];
// @ts-expect-error a misspelled body field is a type error
void teamcrm.PUT('/customers/{uuid}', { params: { path: { uuid: 'u' } }, body: { custmer: 'Ada' } });
`,
      );
      const tsconfig = `tsconfig.${name}.json`;
      writeFileSync(
        join(scratch, tsconfig),
        JSON.stringify({
          compilerOptions: {
            ...options,
            target: 'es2022',
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            types: ['node'],
            lib: ['es2023', 'dom'],
          },
          files: ['use.ts'],
        }),
      );
      const tsc = await runCommand(process.execPath, [join(scratch, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], { cwd: scratch });
      expect(tsc.status, tsc.out).toBe(0);

      // a misspelled client option in an object literal fails the consumer's compile, with the suggestion
      writeFileSync(
        join(scratch, 'typo.ts'),
        `import { createSalesiveClient } from '@capi/salesive';\nexport const client = createSalesiveClient({ token: 'app_x', baseURL: 'http://127.0.0.1:4010' });\n`,
      );
      const typoConfig = `tsconfig.${name}.typo.json`;
      writeFileSync(
        join(scratch, typoConfig),
        JSON.stringify({ ...JSON.parse(readFileSync(join(scratch, tsconfig), 'utf8')), files: ['typo.ts'] }),
      );
      const typo = await runCommand(process.execPath, [join(scratch, 'node_modules/typescript/bin/tsc'), '-p', typoConfig], {
        cwd: scratch,
      });
      expect(typo.status, typo.out).not.toBe(0);
      expect(typo.out).toMatch(/typo\.ts\(2,\d+\): error TS2561: .*'baseURL' does not exist.*Did you mean to write 'baseUrl'\?/);
    },
    300_000,
  );
  it("runs a consumer's vitest test of its own code against @capi/salesive/fake, in-process and on 127.0.0.1", async () => {
    expect(existsSync(join(scratch, 'node_modules/vitest')), 'the install test ran first').toBe(true);
    // the application code under test: it deactivates a customer and says what went wrong
    writeFileSync(
      join(scratch, 'customers.ts'),
      `
import type { createSalesiveClient } from '@capi/salesive';

export async function deactivate(client: ReturnType<typeof createSalesiveClient>, id: string) {
  const { data, error } = await client.PUT('/customers/{id}', { params: { path: { id } }, body: { active: false } });
  if (error) return { ok: false as const, reason: error.kind, retryAfter: error.retryAfter };
  return { ok: true as const, name: data?.data?.name };
}
`,
    );
    writeFileSync(
      join(scratch, 'customers.test.ts'),
      `
import { afterAll, afterEach, expect, it } from 'vitest';
import { createSalesiveClient } from '@capi/salesive';
import { createFake } from '@capi/salesive/fake';
import { deactivate } from './customers.ts';

const fake = createFake({ records: { customers: [{ _id: 'c1', id: 'c1', name: 'Ada', active: true }] } });
const client = createSalesiveClient({ token: 'app_test_1', fetch: fake.fetch, retry: false });
afterEach(() => fake.reset());
afterAll(() => fake.close());

it('deactivates a customer', async () => {
  expect(await deactivate(client, 'c1')).toEqual({ ok: true, name: 'Ada' });
  expect(fake.records('customers')[0].active).toBe(false);
  expect(fake.requests()).toMatchObject([{ method: 'PUT', operation: 'PUT /customers/{id}', body: { active: false } }]);
});

it('says when the customer does not exist', async () => {
  expect(await deactivate(client, 'nobody')).toMatchObject({ ok: false, reason: 'not_found' });
});

it('says when it is rate limited, and for how long', async () => {
  fake.fail({ kind: 'rate-limit', retryAfter: 30 });
  expect(await deactivate(client, 'c1')).toEqual({ ok: false, reason: 'rate_limited', retryAfter: 30 });
  expect(fake.records('customers')[0].active).toBe(true);
});

it('works against the fake served on 127.0.0.1', async () => {
  const baseUrl = await fake.listen(0);
  const served = createSalesiveClient({ token: 'app_test_1', baseUrl, retry: false });
  expect(await deactivate(served, 'c1')).toEqual({ ok: true, name: 'Ada' });
  fake.fail({ kind: 'drop' });
  expect(await deactivate(served, 'c1')).toMatchObject({ ok: false, reason: 'network' });
});
`,
    );
    const run = await runCommand(
      process.execPath,
      [join(scratch, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', '--outputFile.json=report.json'],
      { cwd: scratch, timeoutMs: 120_000 },
    );
    expect(run.status, run.out).toBe(0);
    const report = JSON.parse(readFileSync(join(scratch, 'report.json'), 'utf8'));
    expect([report.numPassedTests, report.numFailedTests], run.out).toEqual([4, 0]);
  }, 300_000);
});
