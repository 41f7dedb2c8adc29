// End-to-end tier. A new spec whose list operations take `range` and `filter` as deepObject query
// parameters holding arrays (the shape of pandascore.co's API, written here from scratch), through
// the three commands a user runs, as npm scripts on a git copy of the repository:
// `npm run provider:add`, `npm run lint:specs -- <p> --fix --accept-all`, `npm run conformance --
// <p>`. Before the fix real Prism refuses every request to those operations (it reads an absent
// deepObject parameter's arrays as empty ones, under their minItems) and the contract tests fail;
// lint names capi/deep-object-nesting with a JSON pointer, --fix writes its overlay actions, and
// conformance then passes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCommand } from '../helpers.mjs';
import { insideWorkspaceCopy, workspaceCopy } from '../../lib/shared/workspace-copy.ts';

const pairOf = (type, format) => ({ type: 'array', minItems: 2, maxItems: 2, items: { type, ...(format ? { format } : {}) } });
const listOf = (type) => ({ type: 'array', minItems: 1, items: { type } });
const deepObject = (name, schema, extra = {}) => ({ name, in: 'query', style: 'deepObject', explode: true, schema, ...extra });
const list = (operationId, item) => ({
  operationId,
  summary: operationId,
  parameters: [
    deepObject('range', { $ref: `#/components/schemas/${item}Range` }, { example: { id: [1, 10] } }),
    deepObject('filter', { $ref: `#/components/schemas/${item}Filter` }),
    { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 } },
  ],
  responses: {
    200: {
      description: 'ok',
      content: { 'application/json': { schema: { type: 'array', items: { $ref: `#/components/schemas/${item}` } } } },
    },
    400: { description: 'bad', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    401: { description: 'no key', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
  },
});
const record = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } };

const ARENA = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'Arena', version: '1', description: 'Written for the deepObject end-to-end test.' },
  servers: [{ url: 'https://api.arena.test' }],
  security: [{ key: [] }],
  paths: { '/matches': { get: list('listMatches', 'Match') }, '/teams': { get: list('listTeams', 'Team') } },
  components: {
    securitySchemes: { key: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Match: record,
      Team: record,
      MatchRange: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: { id: pairOf('integer'), begin_at: pairOf('string', 'date-time') },
      },
      MatchFilter: { type: 'object', additionalProperties: false, properties: { id: listOf('integer'), name: listOf('string') } },
      TeamRange: { type: 'object', additionalProperties: false, properties: { id: pairOf('integer') } },
      TeamFilter: { type: 'object', additionalProperties: false, properties: { id: listOf('integer'), acronym: { type: 'string' } } },
      Error: { type: 'object', properties: { error: { type: 'string' } } },
    },
  },
});

describe.skipIf(insideWorkspaceCopy())('a deepObject query parameter holding arrays, from provider:add to conformance', () => {
  let repo;
  let specs;
  const npm = (...args) => runCommand('npm', ['run', ...args], { cwd: repo.dir, timeoutMs: 900_000 });
  beforeAll(async () => {
    repo = await workspaceCopy();
    specs = mkdtempSync(join(tmpdir(), 'capi-arena-'));
    writeFileSync(join(specs, 'arena.json'), ARENA);
  }, 600_000);
  afterAll(() => {
    repo?.cleanup();
    if (specs) rmSync(specs, { recursive: true, force: true });
  });

  it('fails conformance as published; lint names the defect, --fix writes its actions, and conformance passes', async () => {
    const add = await npm('provider:add', '--', 'arena', join(specs, 'arena.json'));
    expect(add.out).toMatch(/\[arena\] created:/);

    // as published: Prism reads the absent arrays as empty ones, so every request to a list is refused
    const before = await npm('conformance', '--', 'arena', '--runs', '5');
    expect(before.status, before.out).toBe(1);
    expect(before.out).toMatch(/Request query parameter range\.id must NOT have fewer than 2 items/);

    const lint = await npm('lint:specs', '--', 'arena');
    expect(lint.status).toBe(1);
    expect(lint.out).toMatch(/capi\/deep-object-nesting/);
    expect(lint.out).toMatch(/#\/components\/schemas\/MatchRange\/properties\/id/);

    const fix = await npm('lint:specs', '--', 'arena', '--fix', '--accept-all');
    expect(fix.status, fix.out).toBe(0);
    expect(fix.out).toMatch(/^arena: ok {2}0 error\(s\), 0 warning\(s\)/m);
    const actions = parse(repo.read('specs/arena/overlay.yaml')).actions.filter((a) => a['x-fixes']?.includes('capi/deep-object-nesting'));
    expect(actions.map((a) => a.target)).toEqual(
      expect.arrayContaining([
        '$.components.schemas.MatchRange.properties.id',
        '$.components.schemas.MatchFilter.properties.name',
        '$.components.schemas.TeamFilter.properties.id',
        "$.paths['/matches'].get.parameters[0].example",
      ]),
    );
    // the scalar member is kept as it was
    expect(actions.map((a) => a.target)).not.toContain('$.components.schemas.TeamFilter.properties.acronym');
    const effective = parse(repo.read('specs/arena/effective.yaml'));
    expect(effective.components.schemas.MatchRange.properties.id).toMatchObject({ type: 'string' });
    expect(effective.paths['/matches'].get.parameters[0].example).toEqual({ id: '1,10' });

    const after = await npm('conformance', '--', 'arena', '--runs', '5');
    expect(after.status, after.out).toBe(0);
    expect(after.out).toMatch(/conformance passed: 1 of 1 provider\(s\) passed/);
    // the types conformance generated take the string the API reads
    expect(repo.read('packages/arena/src/generated/schema.gen.ts')).toMatch(/MatchRange: \{\n(\s+\/\*\*.*\*\/\n)?\s+id\?: string;/);
  }, 1_800_000);
});
