// End-to-end tier. `npm run provider:add` (scripts/commands/add.ts) on a git copy of the repository, with specs
// written for the purpose: a valid OAS 3.1 YAML spec passes conformance, typecheck and its
// package tests with no hand edit; an OAS 3.0 JSON spec that lint rejects gets the overlay
// actions that fix it, and passes once they are pasted in.
import { run } from '../helpers.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { repoRoot } from '../../lib/registry/registry.ts';
import { insideWorkspaceCopy, workspaceCopy } from '../../lib/shared/workspace-copy.ts';

const op = (extra = {}) => ({
  summary: 'Update a customer',
  operationId: 'updateCustomer',
  parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, example: 'cus_123' }],
  requestBody: {
    required: true,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/CustomerUpdate' }, example: { name: 'Ada' } } },
  },
  responses: {
    200: {
      description: 'The updated customer.',
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/Customer' }, example: { id: 'cus_123', name: 'Ada', tier: 'gold' } },
      },
    },
    400: {
      description: 'Invalid body.',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, example: { message: 'name must not be empty' } } },
    },
    401: {
      description: 'Missing or invalid token.',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, example: { message: 'unauthorized' } } },
    },
    404: {
      description: 'No such customer.',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, example: { message: 'not found' } } },
    },
  },
  ...extra,
});
const schemas = {
  CustomerUpdate: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, tier: { type: 'string', enum: ['gold', 'silver'] } },
  },
  Customer: {
    type: 'object',
    required: ['id', 'name'],
    properties: { id: { type: 'string' }, name: { type: 'string' }, tier: { type: 'string', enum: ['gold', 'silver'] } },
  },
  Error: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } },
};

// OAS 3.1, YAML, bearer auth, everything documented: lint-clean as it is.
const NORTHWIND = stringify({
  openapi: '3.1.0',
  info: { title: 'Northwind Customers API', version: '1.0.0', description: 'Written for the provider:add test.' },
  servers: [{ url: 'https://api.northwind.test/v1' }],
  security: [{ bearerAuth: [] }],
  paths: { '/customers/{id}': { patch: op() } },
  components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } }, schemas },
});

// OAS 3.0, JSON, an API key or HTTP Basic, no 401 and no 404 documented: lint rejects it.
const legacyOp = op();
delete legacyOp.responses[401];
delete legacyOp.responses[404];
const LEGACY = JSON.stringify(
  {
    openapi: '3.0.3',
    info: { title: 'Legacy CRM', version: '2.0', description: 'Written for the provider:add test.' },
    servers: [{ url: 'https://legacy.test/api' }],
    security: [{ ApiKey: [] }, { Basic: [] }],
    paths: { '/contacts/{id}': { put: legacyOp } },
    components: {
      securitySchemes: { ApiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' }, Basic: { type: 'http', scheme: 'basic' } },
      schemas: {
        ...schemas,
        CustomerUpdate: {
          ...schemas.CustomerUpdate,
          properties: { ...schemas.CustomerUpdate.properties, phone: { type: 'string', nullable: true } },
        },
      },
    },
  },
  null,
  2,
);

// OAS 3.0, YAML: six schemes defined, none required anywhere, no 401 documented, and an array
// whose `enum` lists item values (no array is a string: no answer is valid).
const OPENBOX_SCHEMES = {
  HeaderKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
  QueryKey: { type: 'apiKey', in: 'query', name: 'api_key' },
  CookieKey: { type: 'apiKey', in: 'cookie', name: 'session' },
  Bearer: { type: 'http', scheme: 'bearer' },
  Basic: { type: 'http', scheme: 'basic' },
  OAuth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://api.openbox.test/token', scopes: {} } } },
};
const OPENBOX = stringify({
  openapi: '3.0.3',
  info: { title: 'Openbox', version: '1.0.0', description: 'Written for the provider:add test.' },
  servers: [{ url: 'https://api.openbox.test/v1' }],
  paths: {
    '/widgets/{id}': {
      get: {
        operationId: 'getWidget',
        summary: 'Get a widget',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: { description: 'The widget.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Widget' } } } },
          400: { description: 'Invalid id.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          404: { description: 'No such widget.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      },
    },
  },
  components: {
    securitySchemes: OPENBOX_SCHEMES,
    schemas: {
      Widget: {
        type: 'object',
        required: ['id', 'colors'],
        properties: { id: { type: 'string' }, colors: { type: 'array', enum: ['red', 'green'], items: { type: 'string' } } },
      },
      Error: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } },
    },
  },
});

/** What arrives at the server when the scheme's credential is sent, per scheme of OPENBOX. */
const WIRE = {
  HeaderKey: ["'key-1'", "(r) => r.headers['x-api-key'] === 'key-1'"],
  QueryKey: ["'key-2'", "(r) => new URL(r.url ?? '', 'http://x').searchParams.get('api_key') === 'key-2'"],
  CookieKey: ["'key-3'", "(r) => /(^|;\\s*)session=key-3(;|$)/.test(r.headers.cookie ?? '')"],
  Bearer: ["'token-4'", "(r) => r.headers.authorization === 'Bearer token-4'"],
  Basic: ["{ username: 'u5', password: 'p5' }", "(r) => r.headers.authorization === 'Basic dTU6cDU='"], // base64 of u5:p5
  OAuth: ["'token-6'", "(r) => r.headers.authorization === 'Bearer token-6'"],
};

/** A test of the generated factory: each option alone, one request to a node:http server on 127.0.0.1, the credential where its scheme says. */
const wireTest = (options) => `// Written by provider-add.e2e.test.mjs: each credential option of the factory reaches the wire.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createOpenboxClient } from '../src/index.js';

const seen: IncomingMessage[] = [];
const server = createServer((req, res) => {
  seen.push(req);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ id: 'w1', colors: ['red'] }));
});
let baseUrl = '';
beforeAll(async () => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  baseUrl = \`http://127.0.0.1:\${(server.address() as AddressInfo).port}\`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const cases: [string, unknown, (r: IncomingMessage) => boolean][] = [
${options.map(([option, scheme]) => `  ['${option}', ${WIRE[scheme][0]}, ${WIRE[scheme][1]}],`).join('\n')}
];
it.each(cases)('%s reaches the wire', async (option, value, arrived) => {
  const client = createOpenboxClient({ baseUrl, [option]: value } as Parameters<typeof createOpenboxClient>[0]);
  seen.length = 0;
  const { data } = await client.GET('/widgets/{id}', { params: { path: { id: 'w1' } } });
  expect(data).toEqual({ id: 'w1', colors: ['red'] });
  expect(seen).toHaveLength(1);
  expect(arrived(seen[0])).toBe(true);
});
`;

describe.skipIf(insideWorkspaceCopy())('npm run provider:add', () => {
  let repo;
  let specs;
  const add = (...args) => run(repo.dir, [join(repoRoot, 'scripts/commands/add.ts'), '--root', repo.dir, ...args]);
  // the copy's own conformance app, so it reads the copy's registry and packages
  // GitHub's ~8000 contract cases take minutes on a CI machine: fewer property runs, a longer limit
  const conformance = (name, runs = 10) =>
    run(join(repo.dir, 'apps/conformance'), ['src/cli.ts', '--runs', String(runs), '--seed', '5', name], {}, 1_200_000);
  const turbo = (...args) => run(repo.dir, [join(repo.dir, 'node_modules/turbo/bin/turbo'), ...args], { TURBO_TELEMETRY_DISABLED: '1' });
  beforeAll(async () => {
    repo = await workspaceCopy();
    specs = mkdtempSync(join(tmpdir(), 'capi-new-specs-'));
    writeFileSync(join(specs, 'northwind.yaml'), NORTHWIND);
    writeFileSync(join(specs, 'legacy.json'), LEGACY);
    writeFileSync(join(specs, 'swagger.json'), JSON.stringify({ swagger: '2.0', info: { title: 'x', version: '1' }, paths: {} }));
  }, 120_000);
  afterAll(() => {
    repo?.cleanup();
    if (specs) rmSync(specs, { recursive: true, force: true });
  });

  it('adds a valid OAS 3.1 provider that passes conformance, typecheck and its tests with no hand edit', async () => {
    const res = await add('northwind', join(specs, 'northwind.yaml'));
    expect(res.status, res.out).toBe(0);
    expect(res.out).toMatch(/\[northwind\] client options: token \(bearer token, scheme bearerAuth\)/);
    expect(res.out).toMatch(/\[northwind\] lint ok\. Next: npm run conformance -- northwind && npm test/);
    expect(repo.read('specs/northwind/upstream.yaml')).toBe(NORTHWIND); // verbatim
    expect(repo.read('specs/northwind/overlay.yaml')).toMatch(/^actions: \[\]$/m);
    expect(repo.read('redocly.yaml')).toMatch(
      /\n {2}northwind:\n {4}root: specs\/northwind\/upstream\.yaml\n {4}overlays:\n {6}- specs\/northwind\/overlay\.yaml\n {4}output: specs\/northwind\/effective\.yaml\n/,
    );
    expect(repo.read('redocly.yaml')).toMatch(
      /^ {2}info-license: Providers publish no license for their API descriptions; we cannot invent one\.$/m,
    ); // untouched lines stay as they were
    // it wrote only the provider's two folders, its registry entry and the lockfile: nothing
    // else in the repository lists providers
    const changed = [
      ...(await repo.git('diff', '--name-only', 'HEAD')).split('\n'),
      ...(await repo.git('ls-files', '--others', '--exclude-standard')).split('\n'),
    ].filter(Boolean);
    expect(
      changed.filter(
        (f) => !/^(specs\/northwind\/|packages\/northwind\/|redocly\.yaml$|package-lock\.json$|\.github\/workflows\/verify\.yml$)/.test(f),
      ),
    ).toEqual([]);
    expect(changed).toEqual(
      expect.arrayContaining([
        'redocly.yaml',
        'package-lock.json',
        'specs/northwind/upstream.yaml',
        'packages/northwind/testing.ts',
        '.github/workflows/verify.yml',
      ]),
    );
    // its verify entry, and its variable in the scheduled reality check (from the secret of that name)
    expect(repo.read('packages/northwind/testing.ts')).toMatch(/^ {2}verify: \{ env: \{ token: 'NORTHWIND_TOKEN' \} \},$/m);
    expect(repo.read('.github/workflows/verify.yml')).toMatch(/^ {10}NORTHWIND_TOKEN: \$\{\{ secrets\.NORTHWIND_TOKEN \}\}$/m);
    // its testing entry: the contract tests' credentials, shaped by the security scheme; no fake yet
    expect(repo.read('packages/northwind/testing.ts')).toMatch(/^ {2}conformance: \{ options: \{ token: 'conformance-token' \} \},$/m);
    expect(repo.read('packages/northwind/testing.ts')).toMatch(/satisfies ProviderTesting<NorthwindClientOptions>;/);
    expect(repo.read('package-lock.json')).toMatch(/"packages\/northwind": \{/);
    expect(existsSync(join(repo.dir, 'node_modules/@capi/northwind/src/index.ts'))).toBe(true);
    // a publishable package, like the other clients: the pipeline through the capi bin, built on pack
    const pkg = JSON.parse(repo.read('packages/northwind/package.json'));
    expect(pkg).toMatchObject({ license: 'MIT', files: ['dist', 'src'], dependencies: { '@capi/core': expect.stringMatching(/^\^/) } });
    expect(pkg.exports['./testing']).toEqual({ 'capi-testing': './testing.ts' }); // not published: not in `files`
    expect(pkg.scripts).toMatchObject({
      generate: 'capi build-and-codegen .',
      prepack: 'turbo run build --filter=@capi/northwind',
      // its own conformance tasks
      'lint:spec': 'capi conformance-stage lint .',
      contract: 'capi conformance-stage contract .',
      scenarios: 'capi conformance-stage scenarios .',
    });
    expect(pkg.repository).toMatchObject({ directory: 'packages/northwind' });
    expect(repo.read('packages/northwind/LICENSE')).toBe(repo.read('LICENSE'));
    expect(repo.read('packages/northwind/README.md')).toMatch(/^<!-- GENERATED FILE[\s\S]*# @capi\/northwind[\s\S]*\| `token` \| yes \|/);
    // one generate task builds its spec and generates it: the spec package has none, the package's turbo.json names the spec folder
    expect(JSON.parse(repo.read('specs/northwind/package.json')).scripts).toBeUndefined();
    expect(JSON.parse(repo.read('packages/northwind/turbo.json')).tasks.generate.outputs).toContain(
      '$TURBO_ROOT$/specs/northwind/effective.yaml',
    );

    const conf = await conformance('northwind');
    expect(conf.out).toMatch(/^northwind +1 +4\/4 +\d+\/\d+ +0\/0 .* no workflows +no recordings +passed$/m);
    expect(conf.out).toMatch(/conformance passed: 1 of 1 provider\(s\) passed/);
    // through its own turbo tasks, which ran (nothing of it was cached)
    expect(JSON.parse(repo.read('apps/conformance/report/conformance.json')).providers.find((p) => p.name === 'northwind').tasks).toEqual({
      'lint:spec': 'ran',
      contract: 'ran',
      scenarios: 'ran',
    });

    const tasks = await turbo('run', 'typecheck', 'test', '--filter=@capi/northwind', '--output-logs=errors-only');
    expect(tasks.status, tasks.out).toBe(0);
    expect(JSON.parse(repo.read('packages/northwind/reports/test-results.json')).numPassedTests).toBe(2);
  }, 600_000);

  it('adds an OAS 3.0 JSON provider that lint rejects, says what to put in the overlay, and passes with it', async () => {
    const res = await add('legacy', join(specs, 'legacy.json'));
    expect(res.status).toBe(1);
    expect(res.out).toMatch(/\[legacy\] client options: apiKey\? \(API key, scheme ApiKey\), basic\? \(HTTP Basic, scheme Basic\)/);
    expect(res.out).toMatch(
      /\[legacy\] lint rejects the spec \(2 error\(s\), 2 upstream finding\(s\) not handled\)\. The provider is added; what would make it pass, rule by rule:\n {2}capi\/operation-401-documented +1 finding\(s\) +overlay: 1 action\(s\)\n/,
    );
    expect(res.out).toMatch(
      /\[legacy\] add these under `actions:` in specs\/legacy\/overlay\.yaml \(replace `actions: \[\]`; also in specs\/legacy\/overlay\.suggested\.yaml\)/,
    );
    expect(res.out).toMatch(/# capi\/operation-401-documented at specs\/legacy\/upstream\.json:\d+ #\/paths\/\S+: /);
    expect(res.out).toMatch(/# capi\/operation-4xx-documented at specs\/legacy\/upstream\.json:\d+ #\/paths\/\S+: .*404/);
    expect(repo.read('specs/legacy/upstream.json')).toBe(LEGACY);
    expect(repo.read('packages/legacy/src/index.ts')).toMatch(
      /apiKey\?: string;\n[\s\S]*basic\?: \{ username: string; password: string \};/,
    );

    // paste the suggested actions into the overlay: lint and conformance pass
    const actions = res.out
      .split('\n# ')
      .slice(1)
      .map((block) => block.split('\n').slice(1).join('\n').trimEnd())
      .join('\n');
    repo.edit('specs/legacy/overlay.yaml', (t) => t.replace('actions: []', `actions:\n${actions}`));
    // the descriptions of the documented statuses are for a person to write: lint refuses them until then
    const refused = await run(repo.dir, [join(repo.dir, 'apps/conformance/src/lint-cli.ts'), 'legacy']);
    expect(refused.status).toBe(1);
    expect(refused.out).toMatch(
      /specs\/legacy\/overlay\.yaml:\d+ action 1 \(.*\): its description is still a placeholder \("TODO: why you document 401 here/,
    );
    repo.edit('specs/legacy/overlay.yaml', (t) =>
      t.replace(
        /description: "?TODO: why you document (\d+) here.*$/gm,
        'description: Legacy CRM answers $1 here (its API reference, errors section).',
      ),
    );
    const lint = await run(repo.dir, [join(repo.dir, 'apps/conformance/src/lint-cli.ts'), 'legacy']);
    expect(lint.status, lint.out).toBe(0);
    const conf = await conformance('legacy');
    expect(conf.out).toMatch(/conformance passed: 1 of 1 provider\(s\) passed/);
    const tasks = await turbo('run', 'typecheck', 'test', '--filter=@capi/legacy', '--output-logs=errors-only');
    expect(tasks.status, tasks.out).toBe(0);
  }, 600_000);

  it('with --fix writes what the tool can correct into the overlay and leaves the reasons only a person can give; with them, lint passes', async () => {
    const res = await add('legacyfix', join(specs, 'legacy.json'), '--fix');
    expect(res.status, res.out).toBe(1);
    expect(res.out).toMatch(/\[legacyfix\] --fix wrote \d+ overlay action\(s\) and accepted 0 rule\(s\)/);
    expect(res.out).toMatch(
      /\[legacyfix\] 2 of those action\(s\) state what only you can vouch for: write each description that says TODO/,
    );
    expect(res.out).toMatch(
      /\[legacyfix\] left for a person \(2\):\n {2}specs\/legacyfix\/overlay\.yaml:\d+ action \d \(.*\): its description is still a placeholder/,
    );
    const overlay = repo.read('specs/legacyfix/overlay.yaml');
    expect(overlay).toMatch(/^actions:\n {2}- target: /m);
    expect(overlay).toMatch(/x-fixes:\n\s+- capi\/operation-401-documented/);
    repo.edit('specs/legacyfix/overlay.yaml', (t) =>
      t.replace(
        /description: "?TODO: why you document (\d+) here.*$/gm,
        'description: Legacy CRM answers $1 here (its API reference, errors section).',
      ),
    );
    const lint = await run(repo.dir, [join(repo.dir, 'apps/conformance/src/lint-cli.ts'), 'legacyfix']);
    expect(lint.status, lint.out).toBe(0);
  }, 600_000);

  it('with --fix --accept-all: applies the schemes a spec defines but requires nowhere, moves an enum of item values into items, and every credential option reaches the wire; the result passes conformance, biome, typecheck and its tests', async () => {
    writeFileSync(join(specs, 'openbox.yaml'), OPENBOX);
    const res = await add('openbox', join(specs, 'openbox.yaml'), '--fix', '--accept-all');
    expect(res.status, res.out).toBe(0);
    expect(res.out).toMatch(/\[openbox\] lint ok after --fix\. Next: npm run conformance -- openbox/);
    const overlay = parse(repo.read('specs/openbox/overlay.yaml'));
    expect(overlay.actions).toContainEqual(
      expect.objectContaining({ target: '$', update: { security: Object.keys(OPENBOX_SCHEMES).map((s) => ({ [s]: [] })) } }),
    );
    expect(overlay.actions).toContainEqual(expect.objectContaining({ update: { items: { enum: ['red', 'green'] } } }));
    // nothing anonymous, and no rule accepted where an action exists
    expect(JSON.stringify(overlay.actions)).not.toMatch(/"security":\[\{\}\]/);
    expect(parse(repo.read('redocly.yaml')).apis.openbox.rules ?? {}).not.toHaveProperty('no-enum-type-mismatch');
    for (const a of overlay.actions) expect(a.description).not.toMatch(/^TODO/);

    // the options the scaffold offers, one per scheme, each documented as sent
    const options = [...res.out.match(/\[openbox\] client options: (.*)/)[1].matchAll(/(\w+)\? \([^,)]+, scheme (\w+)\)/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(options.map(([, scheme]) => scheme).sort()).toEqual(Object.keys(OPENBOX_SCHEMES).sort());

    const conf = await conformance('openbox');
    expect(conf.out).toMatch(/conformance passed: 1 of 1 provider\(s\) passed/);
    const biome = await run(repo.dir, [join(repo.dir, 'node_modules/@biomejs/biome/bin/biome'), 'check', '--max-diagnostics=20', '.']);
    expect(biome.status, biome.out).toBe(0);
    const tasks = await turbo('run', 'typecheck', 'test', '--filter=@capi/openbox', '--output-logs=errors-only');
    expect(tasks.status, tasks.out).toBe(0);

    // every option alone, against a real server: what its scheme names arrives
    writeFileSync(join(repo.dir, 'packages/openbox/test/wire.test.ts'), wireTest(options));
    const wire = await run(join(repo.dir, 'packages/openbox'), [
      join(repo.dir, 'node_modules/vitest/vitest.mjs'),
      'run',
      'test/wire.test.ts',
    ]);
    expect(wire.status, wire.out).toBe(0);
    expect(wire.out).toMatch(new RegExp(`${options.length} passed`));
  }, 900_000);

  it('gives the contract tests credentials for every scheme when operations each require another (security per operation)', async () => {
    const spec = stringify({
      openapi: '3.1.0',
      info: { title: 'Split', version: '1', description: 'Written for the provider:add test.' },
      servers: [{ url: 'https://api.split.test' }],
      paths: {
        '/tokens/{id}': { get: op({ operationId: 'getToken', summary: 'Get a token', requestBody: undefined, security: [{ Basic: [] }] }) },
        '/customers/{id}': { patch: op({ security: [{ ApiToken: [] }] }) },
      },
      components: {
        securitySchemes: { ApiToken: { type: 'apiKey', in: 'header', name: 'X-API-Token' }, Basic: { type: 'http', scheme: 'basic' } },
        schemas,
      },
    });
    writeFileSync(join(specs, 'split.yaml'), spec);
    const res = await add('split', join(specs, 'split.yaml'));
    expect(res.status, res.out).toBe(0);
    const testing = repo.read('packages/split/testing.ts');
    expect(testing).toMatch(/^ {2}conformance: \{ options: \{ .*apiToken: 'conformance-apiToken'.* \} \},$/m);
    expect(testing).toMatch(/^ {2}conformance: \{ options: \{ .*basic: \{ username: 'conformance', password: 'conformance' \}.* \} \},$/m);
    const conf = await conformance('split');
    expect(conf.out).toMatch(/conformance passed: 1 of 1 provider\(s\) passed/);
    const report = JSON.parse(repo.read('apps/conformance/report/conformance.json')).providers.find((p) => p.name === 'split');
    expect(report.operations.flatMap((o) => o.responses).filter((r) => r.result !== 'passed')).toEqual([]);
  }, 600_000);

  it.each([
    ['an existing provider', ['salesive', 'northwind.yaml'], /provider "salesive" exists already/],
    ['a bad name', ['Bad_Name', 'northwind.yaml'], /provider name "Bad_Name": use 2-31 lowercase letters/],
    ['a Swagger 2.0 file', ['oldie', 'swagger.json'], /not an OpenAPI document \(no top-level `openapi:`\); it is Swagger 2\.0/],
    ['a missing file', ['ghost', 'nope.yaml'], /cannot read .*nope\.yaml \(ENOENT\)/],
  ])('refuses %s and writes nothing', async (_n, [name, file], message) => {
    const before = repo.read('redocly.yaml');
    const res = await add(name, join(specs, file));
    expect(res.status).toBe(1);
    expect(res.out).toMatch(message);
    expect(repo.read('redocly.yaml')).toBe(before);
    if (name !== 'salesive') expect(existsSync(join(repo.dir, 'specs', name))).toBe(false);
  });

  it('a provider with no fake runs the CRUD workflows generated from its resources as its scenarios task, through its own client', async () => {
    // two resources: customers with every operation, notes with create and read only
    const crm = join(specs, 'crmwork.yaml');
    writeFileSync(crm, readFileSync(join(repoRoot, 'apps/fakes/test/fixtures/two-resources.yaml')));
    const res = await add('crmwork', crm);
    expect(res.status, res.out).toBe(0);
    // the documented task, in the provider's package
    const task = await run(join(repo.dir, 'packages/crmwork'), [join(repo.dir, 'scripts/capi.mjs'), 'conformance-stage', 'scenarios', '.']);
    expect(task.status, task.out).toBe(0);
    expect(task.out).toMatch(
      /^scenarios crmwork: no scenarios of its own \(packages\/crmwork\/testing\.ts declares no fake rules\): 2\/2 generated workflow\(s\) passed$/m,
    );
    const report = JSON.parse(repo.read('packages/crmwork/reports/scenarios.json'));
    expect(report).toMatchObject({ result: 'passed', data: { fake: false } });
    const byResource = Object.fromEntries(report.data.tests.filter((t) => t.workflow).map((t) => [t.workflow, t]));
    expect(byResource.customers).toMatchObject({
      result: 'passed',
      skipped: [],
      links: [
        expect.objectContaining({ link: 'GetCustomer', follows: true }),
        expect.objectContaining({ link: 'DeleteCustomer', follows: false }),
      ],
    });
    expect(byResource.notes).toMatchObject({ result: 'passed', skipped: expect.arrayContaining(['list: no list operation']) });
  }, 600_000);

  it('the repository tests that read every spec pass with the new providers', async () => {
    // the copy's own test files, against the copy (registry, overlays, codegen, lint stage)
    const scripts = await run(join(repo.dir, 'scripts'), [
      join(repo.dir, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--reporter=verbose',
      'test/registry/specs.test.mjs',
      'test/codegen/codegen.test.mjs',
    ]);
    expect(scripts.status, scripts.out).toBe(0);
    expect(scripts.out).toMatch(/northwind: effective\.yaml is marked generated/);
    const lint = await run(join(repo.dir, 'apps/conformance'), [
      join(repo.dir, 'node_modules/vitest/vitest.mjs'),
      'run',
      'test/lint-cli.test.mjs',
    ]);
    expect(lint.status, lint.out).toBe(0);
    expect(readFileSync(join(repo.dir, 'redocly.yaml'), 'utf8').match(/^ {2}(northwind|legacy):$/gm)).toHaveLength(2);
  }, 300_000);
});
