// End-to-end tier. `npm run provider:add` on specs with what stopped real public specs at
// generation in the corpus run (bench/corpus.md): paths with `#` (amazonaws, azure, box) or a
// query string (weatherbit.io), a
// schema that loops on itself, a `type` that holds a schema and references into other schemas'
// `definitions` (codat.io), recursion through arrays, `nullable: false` without `type` (box),
// unknown keywords (3.0) and annotation keywords (3.1, discourse). On a git copy of the
// repository: the scaffold names each problem that stops generation with its overlay action
// (printed, unless there are too many to read, and in overlay.suggested.yaml) and leaves out
// what changes no type; `--fix` applies
// them, the types are generated and typechecked, and lint passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { repoRoot } from '../../lib/registry/registry.ts';
import { run } from '../helpers.mjs';
import { insideWorkspaceCopy, workspaceCopy } from '../../lib/shared/workspace-copy.ts';

const json = (schema) => ({ 'application/json': { schema } });
const op = (operationId, extra = {}) => ({
  operationId,
  summary: operationId,
  responses: {
    200: { description: 'ok', content: json({ $ref: '#/components/schemas/Account' }) },
    400: { description: 'bad' },
    401: { description: 'no key' },
    404: { description: 'none' },
  },
  ...extra,
});
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

const BLOCKED = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'Blocked', version: '1', description: 'Written for the provider:add generation test.' },
  servers: [{ url: 'https://api.blocked.test' }],
  security: [{ key: [] }],
  paths: {
    '/accounts/{id}': { parameters: [idParam], get: op('getAccount'), put: op('updateAccount') },
    // moved to GET /accounts/{id}/tags with a required query parameter kind=user
    '/accounts/{id}/tags#kind=user': { parameters: [idParam], get: op('listUserTags') },
    // PUT /accounts/{id} exists with another request body: removed
    '/accounts/{id}#add_link': {
      parameters: [idParam],
      put: op('addLink', { requestBody: { content: json({ type: 'object', properties: { link: { type: 'string' } } }) } }),
    },
    // query strings in the template (weatherbit.io): one GET /accounts/{id}/events with both
    '/accounts/{id}/events?since={since}': {
      get: op('eventsSince', {
        parameters: [idParam, { name: 'since', in: 'path', required: true, schema: { type: 'string', format: 'date' } }],
      }),
    },
    '/accounts/{id}/events?kind=login': { parameters: [idParam], get: op('loginEvents') },
  },
  components: {
    securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'x-key' } },
    schemas: {
      Account: {
        type: 'object',
        properties: {
          id: { type: 'string', 'x-ok': true },
          kind: { $ref: '#/components/schemas/Account/definitions/kind' },
          lines: { type: 'array', items: { $ref: '#/components/schemas/Account/definitions/line' } },
          tree: { $ref: '#/components/schemas/Tree' },
          wrap: { $ref: '#/components/schemas/Wrap' },
          note: { allOf: [{ type: 'string' }, { nullable: false }] },
          code: { type: 'string', regex: '^[a-z]+$' },
        },
        definitions: {
          kind: { type: { type: 'string', enum: ['user', 'org'] } },
          line: { type: 'object', properties: { account: { $ref: '#/components/schemas/Account' } } },
        },
      },
      Tree: { type: 'array', items: { $ref: '#/components/schemas/Tree' } },
      Wrap: { allOf: [{ $ref: '#/components/schemas/Wrap' }, { type: 'object', properties: { a: { type: 'string' } } }] },
    },
  },
});

// OAS 3.1 with keywords JSON Schema 2020-12 reads as annotations: nothing to correct
const ANNOTATED = stringify({
  openapi: '3.1.0',
  info: { title: 'Annotated', version: '1', description: 'Written for the provider:add generation test.' },
  servers: [{ url: 'https://api.annotated.test' }],
  security: [{ key: [] }],
  paths: { '/accounts/{id}': { parameters: [idParam], get: op('getAccount') } },
  components: {
    securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'x-key' } },
    schemas: { Account: { type: 'object', properties: { id: { type: 'string', name: 'id', regex: '^[a-z]+$' } } } },
  },
});

// a query-style API (amazonaws' `/#Action=X`): twenty paths with `#`, one action each and one
// long merge into GET /: too many to read in a terminal
const ACTIONS = Array.from({ length: 20 }, (_, i) => `Act${i}`);
const QUERY_STYLE = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'Query style', version: '1', description: 'Written for the provider:add generation test.' },
  servers: [{ url: 'https://api.query.test' }],
  security: [{ key: [] }],
  paths: Object.fromEntries(ACTIONS.map((a) => [`/#Action=${a}`, { get: op(`get${a}`) }])),
  components: {
    securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'x-key' } },
    schemas: { Account: { type: 'object', properties: { id: { type: 'string' } } } },
  },
});

describe.skipIf(insideWorkspaceCopy())('provider:add on specs that do not generate as published', () => {
  let repo;
  let specs;
  const add = (...args) => run(repo.dir, [join(repoRoot, 'scripts/commands/add.ts'), '--root', repo.dir, '--no-install', ...args]);
  beforeAll(async () => {
    repo = await workspaceCopy();
    specs = mkdtempSync(join(tmpdir(), 'capi-gen-specs-'));
    writeFileSync(join(specs, 'blocked.json'), BLOCKED);
    writeFileSync(join(specs, 'annotated.yaml'), ANNOTATED);
    writeFileSync(join(specs, 'query.json'), QUERY_STYLE);
  }, 120_000);
  afterAll(() => {
    repo?.cleanup();
    if (specs) rmSync(specs, { recursive: true, force: true });
  });

  it('names what stops generation with the actions that fix it, and leaves out what changes no type', async () => {
    const res = await add('blocked', join(specs, 'blocked.json'));
    expect(res.status).toBe(1);
    expect(res.out).toMatch(/\[blocked\] the spec does not generate as published:/);
    expect(res.out).toMatch(/invalid OpenAPI document \(6 problem\(s\)\)/);
    expect(res.out).toMatch(/`type` can be one of the following only/);
    expect(res.out).toMatch(/Wrap → Wrap: the schema refers to itself through allOf/);
    expect(res.out).toMatch(/path \/accounts\/\{id\}\/tags#kind=user: .* moved to GET \/accounts\/\{id\}\/tags/);
    expect(res.out).toMatch(
      /path \/accounts\/\{id\}#add_link: .* PUT \/accounts\/\{id\} is also updateAccount, with another request body; removed/,
    );
    expect(res.out).toMatch(
      /path \/accounts\/\{id\}\/events\?since=\{since\}: a query string is not part of a path template .* one operation with GET \/accounts\/\{id\}\/events\?kind=login \(loginEvents\) at GET \/accounts\/\{id\}\/events/,
    );
    expect(res.out).toMatch(/or let npm run lint:specs -- --fix blocked write them/);
    expect(res.out).not.toMatch(/nullable|`regex`|x-ok/); // change no type: not stopping generation
    const suggested = parse(repo.read('specs/blocked/overlay.suggested.yaml')).actions;
    expect(suggested.length).toBeGreaterThanOrEqual(5);
    expect(res.out).toMatch(/\n {2}- target: /);
  }, 300_000);

  it('npm run lint:specs -- --fix writes the actions add left in overlay.suggested.yaml, and the spec then generates', async () => {
    const lint = await run(repo.dir, [
      join(repoRoot, 'apps/conformance/src/lint-cli.ts'),
      '--root',
      repo.dir,
      '--fix',
      '--accept-all',
      'blocked',
    ]);
    expect(lint.out).toMatch(
      /blocked: --fix wrote \d+ suggested overlay action\(s\) from specs\/blocked\/overlay\.suggested\.yaml into specs\/blocked\/overlay\.yaml/,
    );
    expect(existsSync(join(repo.dir, 'specs/blocked/overlay.suggested.yaml'))).toBe(false);
    expect(lint.out).not.toMatch(/path-not-include-query/); // the moves name Redocly's rule: fixed, not accepted
    expect(lint.status, lint.out).toBe(0);
    const gen = await run(repo.dir, [join(repoRoot, 'scripts/commands/codegen.ts'), '--root', repo.dir, 'blocked']);
    expect(gen.status, gen.out).toBe(0);
    const effective = parse(repo.read('specs/blocked/effective.yaml'));
    const events = effective.paths['/accounts/{id}/events'].get;
    expect(events.operationId).toBe('eventsSince');
    expect(events.parameters.map((p) => `${p.in} ${p.name} ${p.required}`).sort()).toEqual([
      'path id true',
      'query kind false',
      'query since false',
    ]);
  }, 300_000);

  it('--fix applies them, generates types that compile, and passes lint', async () => {
    const res = await add('fixed', join(specs, 'blocked.json'), '--fix', '--accept-all');
    expect(res.out).toMatch(/\[fixed\] --fix wrote \d+ action\(s\) that make the spec generate/);
    expect(res.out).not.toMatch(/do not compile/);
    expect(res.out).toMatch(/\[fixed\] lint ok after --fix/);
    expect(res.status, res.out).toBe(0);
    const effective = parse(repo.read('specs/fixed/effective.yaml'));
    expect(Object.keys(effective.paths).sort()).toEqual(['/accounts/{id}', '/accounts/{id}/events', '/accounts/{id}/tags']);
    expect(effective.paths['/accounts/{id}/tags'].get.parameters).toContainEqual(
      expect.objectContaining({ name: 'kind', in: 'query', required: true, schema: { type: 'string', enum: ['user'] } }),
    );
    expect(effective.components.schemas.Wrap.allOf).toHaveLength(1);
    expect(effective.components.schemas.Account.definitions.kind).toEqual({ type: 'string', enum: ['user', 'org'] });
    const types = repo.read('packages/fixed/src/generated/schema.gen.ts');
    expect(types).toMatch(/"Account\/definitions\/line": \{/);
    expect(types).toMatch(/export type Recursive_schemas_Tree = Recursive_schemas_Tree\[\];/);
    expect(existsSync(join(repo.dir, 'specs/fixed/overlay.suggested.yaml'))).toBe(false);
  }, 600_000);

  it('more actions than a terminal shows stay in overlay.suggested.yaml, named by count, not printed', async () => {
    const res = await add('query', join(specs, 'query.json'));
    expect(res.status).toBe(1);
    expect(res.out).toMatch(/invalid OpenAPI document \(20 problem\(s\)\)/);
    const suggested = parse(repo.read('specs/query/overlay.suggested.yaml')).actions;
    expect(suggested).toHaveLength(21); // the merge into GET /, then each `#` path removed
    expect(res.out).toMatch(
      /\[query\] 21 overlay action\(s\), \d+ lines, are in specs\/query\/overlay\.suggested\.yaml \(not printed here\)/,
    );
    expect(res.out).toMatch(/or let npm run lint:specs -- --fix query write them/);
    expect(res.out).not.toMatch(/- target: /);
  }, 300_000);

  it('an OAS 3.1 spec with annotation keywords generates and lints as published', async () => {
    const res = await add('annotated', join(specs, 'annotated.yaml'));
    // said after the typecheck, with its result (the progress lines are on stderr, the rest on stdout)
    expect(res.out).toMatch(/\[annotated\] effective spec and types generated, and the types typecheck\n/);
    expect(res.out.indexOf('[annotated] effective spec and types generated')).toBeGreaterThan(
      res.out.indexOf('[annotated] typechecking the generated types: done'),
    );
    expect(res.out.indexOf('[annotated] typechecking the generated types: done')).toBeGreaterThan(-1);
    expect(res.out).toMatch(/\[annotated\] lint ok\. Next:/);
    expect(res.status, res.out).toBe(0);
  }, 300_000);
});
