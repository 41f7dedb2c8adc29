// The response validators codegen writes (lib/codegen/validators-codegen.ts): standalone ESM with no eval,
// no new Function and no require; the run-time helpers imported from one module; and the same
// verdicts as the contract tests' validation (spec-model.ts validate) on the same bodies, for an
// OAS 3.0 and an OAS 3.1 document.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { writeAjvRuntime } from './ajv-runtime.mjs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { validatorsModule } from '../../lib/codegen/validators-codegen.ts';
import { ajvDocument, importHelpers, schemaCompiler, VALIDATORS_RUNTIME } from '../../lib/codegen/ajv-standalone.ts';
import { specModel, stripForAjv } from '../../lib/spec/spec-model.ts';
import { UserError } from '../../lib/shared/errors.ts';

const thing = (nullable) => ({
  type: 'object',
  required: ['id', 'status'],
  properties: {
    id: { type: 'string', minLength: 2 },
    status: { type: 'string', enum: ['active', 'archived'] },
    owner: nullable,
    at: { type: 'string', format: 'date-time' },
    tags: { type: 'array', items: { type: 'string' }, uniqueItems: true },
    kind: { const: { a: 1 } },
    meta: { type: 'object', additionalProperties: false, properties: { tag: { type: 'string' } } },
    // annotations are dropped from the compiled schemas, names and data that look like them are not
    description: { type: 'string', description: 'a property named description' },
    label: { enum: [{ description: 'x' }, 'plain'], title: 'Label' },
  },
});
const doc = (openapi, nullable) => ({
  openapi,
  info: { title: 't', version: '1' },
  paths: {
    '/things/{id}': {
      get: {
        responses: {
          200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          '4XX': { description: 'err', content: { 'application/problem+json': { schema: { type: 'object', required: ['title'] } } } },
          204: { description: 'none' },
        },
      },
    },
    '/text': { get: { responses: { 200: { description: 'text', content: { 'text/plain': { schema: { type: 'string' } } } } } } },
  },
  components: { schemas: { Thing: thing(nullable) } },
});
const docs = {
  '3.0': doc('3.0.3', { type: 'string', nullable: true }),
  3.1: doc('3.1.0', { type: ['string', 'null'] }),
};

const ok = { id: 't1', status: 'active', owner: null, at: '2024-01-02T03:04:05Z', tags: ['a'], kind: { a: 1 }, meta: { tag: 'x' } };
const bodies = [
  ok,
  { ...ok, owner: 'ada' },
  { ...ok, owner: 5 },
  { ...ok, status: 'deleted' },
  { status: 'active' },
  { ...ok, meta: { tag: 'x', extra: true } },
  { ...ok, id: 'x' },
  { ...ok, id: '😀😀' }, // two code points: minLength 2 holds (four UTF-16 units)
  { ...ok, id: '😀' },
  { ...ok, at: 'yesterday' },
  { ...ok, tags: ['a', 'a'] },
  { ...ok, kind: { a: 2 } },
  { ...ok, description: 'fine', label: { description: 'x' } },
  { ...ok, description: 5 },
  { ...ok, label: {} },
  'not an object',
  null,
];

let dir;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'capi-validators-'));
  writeAjvRuntime(dir);
});
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

async function load(name, source) {
  // the type-only import is the one line that is not JavaScript
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, source.replace(/^import type .*$/m, '').replace(/^export const validators: \w+ =/m, 'export const validators ='));
  return (await import(pathToFileURL(file).href)).validators;
}

describe('validatorsModule', () => {
  it.each(Object.keys(docs))('OAS %s: standalone ESM, no eval, no require, helpers from @capi/core', (version) => {
    const text = validatorsModule(docs[version]);
    expect(text).not.toMatch(/\beval\(|new Function|require\(/);
    expect(text).toMatch(new RegExp(`^import \\{ equal, fullFormats, ucs2length \\} from '${VALIDATORS_RUNTIME}';$`, 'm'));
    expect(text).toContain('export const validators: ResponseValidators = {');
    // JSON bodies with a schema only: no 204, no text/plain operation
    expect(text).toContain(`"GET /things/{id}": { "200": { "application/json": v0 }, "4XX": { "application/problem+json": v1 } },`);
    expect(text).not.toContain('/text');
  });

  it.each(Object.keys(docs))('OAS %s: the same verdicts as the contract tests (spec-model validate)', async (version) => {
    const validators = await load(`v${version.replace('.', '')}`, validatorsModule(docs[version], { runtime: './runtime.mjs' }));
    const model = specModel(docs[version]);
    const pointer = model.operation('GET /things/{id}').responses[0].schemaPointer;
    for (const body of bodies) {
      const expected = model.validate(pointer, body);
      const check = validators['GET /things/{id}']['200']['application/json'];
      expect(check(body), JSON.stringify(body)).toBe(expected.ok);
      expect((check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`)).toEqual(expected.errors);
    }
  });

  it("Ajv's functions of the document are compiled for their standalone code only: never made runnable, the module the same", () => {
    const model = specModel(docs['3.0']);
    const compiler = schemaCompiler(ajvDocument(model));
    const text = validatorsModule(docs['3.0'], { model, compiler });
    expect(text).toBe(validatorsModule(docs['3.0']));
    const fn = compiler.ajv.getSchema('spec#/components/schemas/Thing');
    expect(typeof fn).toBe('function');
    // V8 was not given the code of the schemas (on GitHub's spec about 7 MB) to parse
    expect(() => fn({ id: 'ab', status: 'active' })).toThrow(/compiled for its standalone code only/);
    // Ajv's own (the meta-schema the document is checked against when added) still run
    expect(compiler.ajv.validateSchema({ type: 'string' })).toBe(true);
  });

  it("the document Ajv compiles is stripForAjv's copy without annotations, made in one walk", () => {
    const doc = {
      openapi: '3.1.0',
      info: { title: 't', version: '1', 'x-logo': 'l' },
      paths: {},
      components: {
        schemas: {
          // a schema's $id and discriminator go wherever they are (data and property names too), as stripForAjv drops them
          Pet: {
            $id: 'https://example.test/pet',
            description: 'prose',
            discriminator: { propertyName: 'kind' },
            properties: { discriminator: { type: 'string' }, description: { type: 'string', title: 'T' }, 'x-name': { type: 'string' } },
            enum: [{ $id: 1, description: 'data, kept', keep: [1, Number.POSITIVE_INFINITY] }],
            maximum: Number.POSITIVE_INFINITY,
            default: { discriminator: 1, a: 'b' },
            'x-extension': true,
          },
        },
      },
    };
    const model = specModel(doc);
    const reference = (node, isMap) => {
      if (Array.isArray(node)) return node.map((n) => reference(n, false));
      if (node === null || typeof node !== 'object') return node;
      const out = {};
      for (const [k, v] of Object.entries(node)) {
        if (isMap) out[k] = reference(v, false);
        else if (['description', 'title', 'example', 'examples', 'deprecated', 'readOnly', 'writeOnly'].includes(k) || k.startsWith('x-'))
          continue;
        else out[k] = ['enum', 'const', 'default'].includes(k) ? v : reference(v, ['properties', 'schemas', 'paths'].includes(k));
      }
      return out;
    };
    expect(ajvDocument(model)).toEqual(reference(stripForAjv(model.doc), false));
    expect(ajvDocument(model).components.schemas.Pet).toEqual({
      properties: { description: { type: 'string' }, 'x-name': { type: 'string' } },
      enum: [{ description: 'data, kept', keep: [1, null] }],
      maximum: null,
      default: { a: 'b' },
    });
  });

  it('a body that is only a reference to a component shares its function with the schemas that reference it, and still rejects a bad nested value', async () => {
    const json = (schema) => ({ description: 'ok', content: { 'application/json': { schema } } });
    const shared = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        // Team is compiled first, Owner as the target of its $ref; then asked for as a body of its own
        '/teams': { get: { responses: { 200: json({ type: 'array', items: { $ref: '#/components/schemas/Team' } }) } } },
        '/owners/{id}': { get: { responses: { 200: json({ $ref: '#/components/schemas/Owner' }) } } },
        '/owners/{id}/alias': { get: { responses: { 200: json({ $ref: '#/components/schemas/OwnerAlias' }) } } },
      },
      components: {
        schemas: {
          Team: { type: 'object', required: ['owner'], properties: { owner: { $ref: '#/components/schemas/Owner' } } },
          Owner: { type: 'object', required: ['login'], properties: { login: { type: 'string', minLength: 2 } } },
          OwnerAlias: { $ref: '#/components/schemas/Owner' },
        },
      },
    };
    const text = validatorsModule(shared, { runtime: './runtime.mjs' });
    // one function each for the /teams body, Team and Owner: Owner's is not compiled again per body
    // (written by own-validators.ts: these keywords are all ours)
    expect(text.match(/function (?:own)?[vV]alidate\d+\(/g)).toHaveLength(3);
    const validators = await load('shared', text);
    const model = specModel(shared);
    const cases = [
      [
        'GET /teams',
        [{ owner: { login: 'ada' } }, { owner: { login: 'a' } }, { owner: {} }, [{ owner: 5 }], [{ owner: { login: 'ada' } }]],
      ],
      ['GET /owners/{id}', [{ login: 'ada' }, { login: 'a' }, { login: 5 }, {}]],
      ['GET /owners/{id}/alias', [{ login: 'ada' }, { login: 'a' }]],
    ];
    const verdicts = [];
    for (const [op, bodies] of cases) {
      const pointer = model.operation(op).responses[0].schemaPointer;
      const check = validators[op]['200']['application/json'];
      for (const body of bodies) {
        const expected = model.validate(pointer, body);
        expect(check(body), `${op} ${JSON.stringify(body)}`).toBe(expected.ok);
        expect((check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`)).toEqual(expected.errors);
        verdicts.push(expected.ok);
      }
    }
    expect(verdicts).toEqual([false, false, false, false, true, true, false, false, false, true, false]);
    // the bad nested value is named where it is
    validators['GET /teams']['200']['application/json']([{ owner: { login: 'a' } }]);
    expect(validators['GET /teams']['200']['application/json'].errors.map((e) => e.instancePath)).toEqual(['/0/owner/login']);
  });

  it('a body that is only a $ref to another body’s schema (in paths), left to Ajv, is that body’s function, written once', async () => {
    const json = (schema) => ({ description: 'ok', content: { 'application/json': { schema } } });
    const doc = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        // propertyNames: a keyword own-validators.ts leaves to Ajv
        '/pairs': {
          get: { responses: { 200: json({ type: 'object', propertyNames: { maxLength: 3 }, properties: { a: { type: 'string' } } }) } },
        },
        '/again': { get: { responses: { 200: json({ $ref: '#/paths/~1pairs/get/responses/200/content/application~1json/schema' }) } } },
      },
    };
    const text = validatorsModule(doc, { runtime: './runtime.mjs' });
    expect(text.match(/function validate\d+\(/g)).toHaveLength(1);
    const validators = await load('again', text);
    for (const op of ['GET /pairs', 'GET /again']) {
      const check = validators[op]['200']['application/json'];
      expect(check({ a: 'x' })).toBe(true);
      expect(check({ long: 'x' })).toBe(false);
      expect(check({ a: 1 })).toBe(false);
    }
  });

  it('a document without JSON response schemas gives an empty table and imports nothing', () => {
    const text = validatorsModule({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} });
    expect(text).toContain('export const validators: ResponseValidators = {\n};');
    expect(text).not.toContain(VALIDATORS_RUNTIME);
  });

  it('a format Ajv does not know is ignored without a console line per schema (gsmtasks.com has 156)', () => {
    const schema = { type: 'object', properties: { total: { type: 'string', format: 'decimal' } } };
    const doc = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: { '/a': { get: { responses: { 200: { description: 'ok', content: { 'application/json': { schema } } } } } } },
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(validatorsModule(doc)).toContain('export const validators');
      const pointer = '#/paths/~1a/get/responses/200/content/application~1json/schema';
      expect(specModel(doc).validate(pointer, { total: '1.5' }).ok).toBe(true);
      expect([...warn.mock.calls, ...log.mock.calls].map((c) => String(c[0]))).toEqual([]);
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
  });

  it('a response schema Ajv cannot compile is left unchecked and named; generation goes on', () => {
    const bad = structuredClone(docs['3.1']);
    bad.paths['/things/{id}'].get.responses[200].content['application/json'].schema = { type: 'string', pattern: '[' };
    const text = validatorsModule(bad);
    expect(text).toMatch(
      /^\/\/ Not checked \(its schema cannot be compiled\): GET \/things\/\{id\} 200 application\/json: #\/paths\/.*Invalid regular expression/m,
    );
    expect(text).toContain(`"GET /things/{id}": { "4XX": { "application/problem+json": v0 } },`);
  });

  it('a helper the client runtime does not provide stops generation, naming it; known ones become imports', () => {
    const raw =
      '"use strict";export const v0 = validate1;const f = require("ajv/dist/runtime/equal").default;const s = {"d":"require(\\"x\\")"};';
    const { code, used } = importHelpers(raw);
    expect(code).toBe('const v0 = validate1;const f = equal;const s = {"d":"require(\\"x\\")"};');
    expect([...used]).toEqual(['equal']);
    expect(() => importHelpers('const t = require("ajv/dist/runtime/timestamp").default;')).toThrow(UserError);
    expect(() => importHelpers('const t = require("ajv/dist/runtime/timestamp").default;')).toThrow(
      /run-time helper "ajv\/dist\/runtime\/timestamp"/,
    );
  });
});
