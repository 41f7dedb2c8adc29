// End-to-end tier. `npm run provider:remove` (scripts/commands/remove.ts) on a git copy of the
// repository: it refuses a provider redocly.yaml does not register and folders with uncommitted
// changes; a provider added by `npm run provider:add` and then removed leaves `git status` clean
// (redocly.yaml byte for byte as it was, package-lock.json too), no workspace link, and no
// section in the conformance report.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { repoRoot } from '../../lib/registry/registry.ts';
import { run } from '../helpers.mjs';
import { insideWorkspaceCopy, workspaceCopy } from '../../lib/shared/workspace-copy.ts';

// OAS 3.1, lint-clean as it is (the same shape as provider-add.e2e.test.mjs's)
const error = (description) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, example: { message: description } } },
});
const SPEC = stringify({
  openapi: '3.1.0',
  info: { title: 'Northwind Customers API', version: '1.0.0', description: 'Written for the provider:remove test.' },
  servers: [{ url: 'https://api.northwind.test/v1' }],
  security: [{ bearerAuth: [] }],
  paths: {
    '/customers/{id}': {
      get: {
        summary: 'Get a customer',
        operationId: 'getCustomer',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, example: 'cus_123' }],
        responses: {
          200: {
            description: 'The customer.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Customer' }, example: { id: 'cus_123' } } },
          },
          401: error('Missing or invalid token.'),
          404: error('No such customer.'),
        },
      },
    },
  },
  components: {
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Customer: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
      Error: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } },
    },
  },
});

/** A conformance report section as the job writes one (the page renders it). */
const section = (name) => ({
  name,
  ranAt: '2026-01-01T10:00:00.000Z',
  effectiveSpec: `specs/${name}/effective.yaml`,
  result: 'passed',
  operations: [],
  lint: null,
  property: { valid: 0, invalid: 0, runs: 5, seed: 1 },
  fake: null,
  scenarios: [],
  tasks: {},
  failures: [],
  contractFixes: [],
});

describe.skipIf(insideWorkspaceCopy())('npm run provider:remove', () => {
  let repo;
  let specs;
  const command = (file, ...args) => run(repo.dir, [join(repoRoot, 'scripts/commands', file), '--root', repo.dir, ...args]);
  const status = () => repo.git('status', '--porcelain', '--untracked-files=all');
  beforeAll(async () => {
    repo = await workspaceCopy();
    specs = mkdtempSync(join(tmpdir(), 'capi-remove-specs-'));
    writeFileSync(join(specs, 'northwind.yaml'), SPEC);
  }, 120_000);
  afterAll(() => {
    repo?.cleanup();
    if (specs) rmSync(specs, { recursive: true, force: true });
  });

  it('refuses a provider redocly.yaml does not register, and changes nothing', async () => {
    const res = await command('remove.ts', 'nosuch');
    expect(res.status).toBe(1);
    expect(res.out).toMatch(
      /error: .*unknown provider "nosuch": redocly\.yaml has no apis\.nosuch entry \(registered: .*salesive.*\); nothing was removed/,
    );
    expect(await status()).toBe('');
  });

  it('refuses a provider whose folder holds uncommitted changes, naming them; --force is the way past', async () => {
    repo.edit('packages/salesive/README.md', (t) => `${t}\nmy note\n`);
    const res = await command('remove.ts', 'salesive');
    expect(res.status).toBe(1);
    expect(res.out).toMatch(
      /specs\/salesive and packages\/salesive hold changes git has not committed, which removing would lose:\n {2} M packages\/salesive\/README\.md\n/,
    );
    expect(res.out).toMatch(/pass --force to remove salesive with them; nothing was removed/);
    expect(existsSync(join(repo.dir, 'specs/salesive/overlay.yaml'))).toBe(true);
    await repo.git('checkout', '--', 'packages/salesive/README.md');
    expect(await status()).toBe('');
  });

  it('undoes exactly what provider:add did: git status is clean again, the link and the report section are gone', async () => {
    const added = await command('add.ts', 'northwind', join(specs, 'northwind.yaml'));
    expect(added.status, added.out).toBe(0);
    const dirty = await status();
    for (const f of [
      'redocly.yaml',
      'package-lock.json',
      'packages/northwind/testing.ts',
      'specs/northwind/upstream.yaml',
      '.github/workflows/verify.yml',
    ])
      expect(dirty).toContain(f);
    expect(lstatSync(join(repo.dir, 'node_modules/@capi/northwind')).isSymbolicLink()).toBe(true);
    // a report with its section (as a conformance run of it would leave) and a changeset of it
    mkdirSync(join(repo.dir, 'apps/conformance/report'), { recursive: true });
    const report = {
      generatedAt: '2026-01-01T10:00:00.000Z',
      ok: true,
      seed: 1,
      runs: 5,
      timingsMs: {},
      providers: [section('salesive'), section('northwind')],
    };
    repo.write('apps/conformance/report/conformance.json', `${JSON.stringify(report, null, 2)}\n`);
    repo.write('apps/conformance/report/index.html', 'northwind\n');
    repo.write('.changeset/contract-northwind.md', '---\n"@capi/northwind": minor\n---\n\nContract change of northwind.\n');

    // all of it is new, so uncommitted: removing it needs --force
    const refused = await command('remove.ts', 'northwind');
    expect(refused.status).toBe(1);
    expect(refused.out).toMatch(/\?\? packages\/northwind\//);

    const res = await command('remove.ts', 'northwind', '--force');
    expect(res.status, res.out).toBe(0);
    expect(res.out).toMatch(
      /\[northwind\] removed:\n {2}redocly\.yaml\n {2}specs\/northwind\/\n {2}packages\/northwind\/\n {2}\.github\/workflows\/verify\.yml\n {2}\.changeset\/contract-northwind\.md\n {2}package-lock\.json\n {2}apps\/conformance\/report\//,
    );
    expect(await status()).toBe('');
    expect(existsSync(join(repo.dir, 'node_modules/@capi/northwind'))).toBe(false);
    expect(existsSync(join(repo.dir, 'node_modules/@capi/spec-northwind'))).toBe(false);
    const after = JSON.parse(repo.read('apps/conformance/report/conformance.json'));
    expect(after.providers.map((p) => p.name)).toEqual(['salesive']);
    expect(repo.read('apps/conformance/report/index.html')).not.toMatch(/northwind/);
    expect(repo.read('apps/conformance/report/index.html')).toMatch(/salesive/);
  }, 600_000);

  it('is a capi command with its own --help', async () => {
    const res = await run(repo.dir, [join(repo.dir, 'scripts/capi.mjs'), 'remove', '--help']);
    expect(res.status, res.out).toBe(0);
    expect(res.out).toMatch(/^usage: npm run provider:remove -- <name> \[--force\]/);
    const list = await run(repo.dir, [join(repo.dir, 'scripts/capi.mjs'), '--help']);
    expect(list.out).toMatch(/^ {2}remove +remove a provider: undo what add did/m);
  });
});
