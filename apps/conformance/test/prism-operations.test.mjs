// Prism's operations of a spec, read in time linear in the spec (src/prism-operations.ts): the same
// operations as Prism's own reader (getHttpOperationsFromSpec) on every spec it can read, and on a
// spec whose schemas refer to each other widely (which Prism's reader writes out as a tree of
// 2^40 nodes and never finishes) operations a Prism serves and judges by every schema.
import { afterAll, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { isDeepStrictEqual, promisify } from 'node:util';
import { getHttpOperationsFromSpec } from '@stoplight/prism-http';
import { selectProviders } from '@capi/scripts/lib/registry/registry.ts';
import { EXPANDED_LIMIT, readHttpOperations } from '../src/prism-operations.ts';
import { wideLevels, withMadeUpPrism } from './made-up-prism.ts';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'capi-prism-operations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plain = (value) => JSON.parse(JSON.stringify(value));

it("reads the same operations as Prism's own reader: every registered spec and every fixture", async () => {
  const files = [
    ...selectProviders([]).map((p) => p.effective),
    ...readdirSync(fixtures)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join(fixtures, f)),
  ];
  // the fixture of shared schemas, cycles, $refs with siblings, shared bodies and parameters is among them
  expect(files.some((f) => f.endsWith('prism-sharing.yaml'))).toBe(true);
  for (const file of files) {
    const ours = plain(await readHttpOperations(file));
    const prisms = plain(await getHttpOperationsFromSpec(file));
    expect(isDeepStrictEqual(ours, prisms), file).toBe(true);
  }
});

/** A spec of `depth` schemas, each with two fields of the next one: written out, 2^depth copies of the last. */
function widelyShared(depth) {
  const schemas = wideLevels(depth, {
    type: 'object',
    required: ['code'],
    properties: { code: { type: 'string', pattern: '^[A-Z]{3}$' } },
  });
  return {
    openapi: '3.0.3',
    info: { title: 'widely shared', version: '1.0.0' },
    // two operations of the same schemas: Prism bundles what each refers to into its own __bundled__
    paths: Object.fromEntries(
      ['/trees', '/forests'].map((path) => [
        path,
        {
          post: {
            operationId: `create${path.slice(1)}`,
            requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Level0' } } } },
            responses: {
              201: {
                description: 'created',
                content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } },
              },
              422: { description: 'invalid' },
              default: {
                description: 'any other error',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } },
              },
            },
          },
        },
      ]),
    ),
    // an error body with a cycle (its cause is one too), the same on both operations
    components: {
      schemas: {
        ...schemas,
        Problem: {
          type: 'object',
          required: ['title'],
          properties: { title: { type: 'string' }, cause: { $ref: '#/components/schemas/Problem' } },
        },
      },
    },
  };
}

it('reads a spec whose schemas Prism would write out in 2^40 copies, and a Prism of it judges every level', async () => {
  const depth = 40;
  await withMadeUpPrism(
    widelyShared(depth),
    async (prism) => {
      const ops = await readHttpOperations(prism.file);
      expect(ops).toHaveLength(2);
      // what an operation holds is about the size of the spec, not of its schemas written out
      for (const op of ops) expect(JSON.stringify(op).length).toBeLessThan(EXPANDED_LIMIT);
      // a body `depth` levels deep: the last level's field is checked there
      const nest = (code) => {
        let body = { code };
        for (let i = depth - 2; i >= 0; i--) body = { left: body };
        return body;
      };
      for (const path of ['/trees', '/forests']) {
        const post = (body) =>
          fetch(`${prism.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        const valid = await post(nest('ABC'));
        expect(valid.status, path).toBe(201);
        const invalid = await post(nest('abc'));
        expect(invalid.status, path).toBe(422);
        // named in Prism's violations: the last level's pattern
        expect(invalid.headers.get('sl-violations'), path).toMatch(/pattern/);
      }
    },
    { name: 'shared.json' },
  );
});

it("reading a spec prints no warning of Node's (DEP0169, url.parse) in a process of its own", async () => {
  // Node warns once per process, so the reading runs in a fresh one, as `npm run fake` and each contract worker do
  const source = fileURLToPath(new URL('../src/prism-operations.ts', import.meta.url));
  const script = `const { readHttpOperations } = await import(${JSON.stringify(source)});
const ops = await readHttpOperations(${JSON.stringify(join(fixtures, 'prism-sharing.yaml'))});
console.log(ops.length);`;
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 60_000 });
  expect(Number(stdout.trim())).toBeGreaterThan(0);
  expect(stderr).not.toMatch(/DEP0169|DeprecationWarning/);
});

it("gives the operations of such a spec one bundle and one object of a schema they share, so Prism's validator compiles it once", async () => {
  const file = join(dir, 'shared-once.json');
  writeFileSync(file, JSON.stringify(widelyShared(40)));
  const [trees, forests] = await readHttpOperations(file);
  const schema = (op, code) => op.responses.find((r) => r.code === code).contents[0].schema;
  // Prism keeps a compiled validator by the schema object and the bundle object
  expect(trees.__bundled__).toBe(forests.__bundled__);
  expect(schema(trees, 'default')).toBe(schema(forests, 'default'));
  expect(schema(trees, '201')).toBe(schema(forests, '201'));
  expect(trees.request.body.contents[0].schema).toBe(forests.request.body.contents[0].schema);
  // a cycle through a component refers to the component, not to where one operation wrote it out
  const refs = [];
  JSON.stringify([trees, forests], (key, value) => {
    if (key === '$ref') refs.push(value);
    return value;
  });
  expect(refs).toContain('#/__bundled__/Problem');
  expect(refs.filter((r) => r.startsWith('#/__bundled__/paths'))).toEqual([]);
  // what the operations share is only what they refer to: components, by their names
  expect(Object.keys(trees.__bundled__)).toEqual(expect.arrayContaining(['Problem', 'Level39']));
  expect(Object.keys(trees.__bundled__).filter((k) => !/^(Level\d+|Problem)$/.test(k))).toEqual([]);
});
