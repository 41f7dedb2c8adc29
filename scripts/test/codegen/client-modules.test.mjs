// validators.gen.ts and fake.gen.ts of a large spec (lib/codegen/client-modules.ts): made in a
// worker thread while generateProvider validates the spec and renders its types, and the same
// files as in one thread; an error of the thread arrives as the same UserError (provider, file,
// message), and a failed validation still wins over the thread.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateProvider, THREAD_BYTES, useThread } from '../../lib/codegen/codegen.ts';
import { clientModules, collectGarbage } from '../../lib/codegen/client-modules.ts';
import { UserError } from '../../lib/shared/errors.ts';

const order = {
  type: 'object',
  required: ['id', 'status'],
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['open', 'cancelled'] },
    lines: { type: 'array', items: { $ref: '#/components/schemas/Line' } },
    note: { type: 'string', nullable: true },
  },
};
/** An OAS 3.0 document of a few operations, made larger than THREAD_BYTES by its prose (which the modules do not carry). */
const bigDoc = (body = { $ref: '#/components/schemas/Order' }) => ({
  openapi: '3.0.3',
  info: { title: 'shop', version: '1', description: 'a shop. '.repeat(Math.ceil(THREAD_BYTES / 8) + 1) },
  servers: [{ url: 'https://api.shop.test' }],
  paths: {
    '/orders': {
      post: {
        operationId: 'createOrder',
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } },
        responses: { 201: { description: 'made', content: { 'application/json': { schema: body } } } },
      },
    },
    '/orders/{id}': {
      get: {
        operationId: 'getOrder',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: { description: 'one', content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } },
          404: {
            description: 'none',
            content: { 'application/json': { schema: { type: 'object', properties: { message: { type: 'string' } } } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Order: order,
      Line: {
        type: 'object',
        required: ['sku'],
        properties: { sku: { type: 'string', pattern: '^[A-Z]+$' }, n: { type: 'integer', minimum: 1 } },
      },
    },
  },
});

let dir;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'capi-client-modules-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A provider `shop` in `dir` whose effective spec is `doc` (JSON, as a bundled spec may be). */
function provider(doc) {
  const specDir = join(dir, 'specs', 'shop');
  const packageDir = join(dir, 'packages', 'shop');
  mkdirSync(specDir, { recursive: true });
  mkdirSync(packageDir, { recursive: true });
  const effective = join(specDir, 'effective.yaml');
  writeFileSync(effective, JSON.stringify(doc));
  return { name: 'shop', specDir, packageDir, root: effective, overlays: [], effective, upstream: false };
}

const generatedFile = (name) => readFileSync(join(dir, 'packages', 'shop', 'src', 'generated', name), 'utf8');
const quiet = (_label, fn) => fn();

describe('validators.gen.ts and fake.gen.ts of a large spec', () => {
  it('are made in a worker thread, alongside the types, and are the files one thread makes', async () => {
    const doc = bigDoc();
    const p = provider(doc);
    let threadStages;
    const stages = [];
    await generateProvider(p, dir, {
      thread: true,
      stage: (label, fn) => {
        stages.push(label);
        return fn();
      },
      threadStages: (s) => {
        threadStages = s;
      },
    });
    // the thread's own stages, timed there; the main thread only waited for them
    expect(Object.keys(threadStages)).toEqual([
      'worker thread: starting (its modules loaded)',
      'worker thread: reading specs/shop/effective.yaml',
      'compiling response validators',
      'writing the fake model',
    ]);
    expect(stages).not.toContain('compiling response validators (own-validators.ts, Ajv for the rest)');
    expect(stages).toContain('waiting for validators.gen.ts and fake.gen.ts (worker thread)');
    const one = clientModules(structuredClone(doc), { provider: 'shop', file: 'specs/shop/effective.yaml' }, quiet);
    const body = (text) => text.slice(text.indexOf('\n', text.indexOf('\n') + 1) + 1); // without the two header lines
    expect(body(generatedFile('validators.gen.ts'))).toBe(one.validatorsTs);
    expect(body(generatedFile('fake.gen.ts'))).toBe(one.fakeTs);
    expect(one.validatorsTs).toContain('"POST /orders": { "201": { "application/json": ');
    expect(generatedFile('schema.gen.ts')).toContain('createOrder');
  });

  it('by default: a worker thread for a spec of THREAD_BYTES or more on 4 CPUs or more, else this thread', () => {
    expect(useThread(THREAD_BYTES, 4)).toBe(true);
    expect(useThread(THREAD_BYTES - 1, 8)).toBe(false);
    expect(useThread(20 * THREAD_BYTES, 2)).toBe(false);
  });

  it('a smaller spec: both made in this thread (no worker started)', async () => {
    const doc = bigDoc();
    doc.info.description = 'a shop';
    let threadStages;
    const stages = [];
    await generateProvider(provider(doc), dir, {
      stage: (label, fn) => {
        stages.push(label);
        return fn();
      },
      threadStages: (s) => {
        threadStages = s;
      },
    });
    expect(threadStages).toBeUndefined();
    expect(stages).toContain('compiling response validators (own-validators.ts, Ajv for the rest)');
    expect(generatedFile('validators.gen.ts')).toContain('"GET /orders/{id}": { "200": ');
  });

  it("a large spec in this thread: Ajv's garbage is collected after both modules, before the types are rendered on top of it", async () => {
    const stages = [];
    const record = (label, fn) => {
      stages.push(label);
      return fn();
    };
    await generateProvider(provider(bigDoc()), dir, { thread: false, stage: record });
    const from = stages.indexOf('compiling response validators (own-validators.ts, Ajv for the rest)');
    expect(stages.slice(from)).toEqual([
      'compiling response validators (own-validators.ts, Ajv for the rest)',
      'writing the fake model (@capi/shop/fake)',
      "collecting Ajv's garbage",
      'rendering types (openapi-typescript)',
    ]);
    // a small spec: no full collection (its cost is not worth it there)
    const small = bigDoc();
    small.info.description = 'a shop';
    stages.length = 0;
    await generateProvider(provider(small), dir, { stage: record });
    expect(stages).toContain('rendering types (openapi-typescript)');
    expect(stages).not.toContain("collecting Ajv's garbage");
  });

  it('collectGarbage frees what nothing reaches any more, at once', async () => {
    const made = () => new WeakRef({ code: 'x'.repeat(1024) });
    const ref = made();
    await new Promise((resolve) => setImmediate(resolve)); // a WeakRef's target is kept for the job that made it
    collectGarbage();
    expect(ref.deref()).toBeUndefined();
  });

  it("the thread's error arrives as the UserError one thread throws (provider, file, what to do), and nothing is written", async () => {
    // `$async` makes Ajv's code require a helper @capi/core/validators-runtime does not provide
    const doc = { ...bigDoc({ $async: true, type: 'object' }), openapi: '3.1.0' };
    doc.components.schemas.Order = { ...order, properties: { ...order.properties, note: { type: ['string', 'null'] } } };
    const p = provider(doc);
    const err = await generateProvider(p, dir, { thread: true, stage: quiet }).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.provider).toBe('shop');
    expect(err.file).toBe('specs/shop/effective.yaml');
    expect(err.message).toMatch(/run-time helper "ajv\/dist\/runtime\/validation_error".*simplify that schema in the overlay/);
    expect(() => generatedFile('validators.gen.ts')).toThrow(/ENOENT/);
  });

  it('a spec that fails validation fails with the validation error, whatever the thread does', async () => {
    const doc = bigDoc({ $ref: '#/components/schemas/Ordr' });
    const err = await generateProvider(provider(doc), dir, { thread: true, stage: quiet }).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/^invalid OpenAPI document \(1 problem\(s\)\):\n.*Can't resolve \$ref/);
    expect(() => generatedFile('schema.gen.ts')).toThrow(/ENOENT/);
  });
});
