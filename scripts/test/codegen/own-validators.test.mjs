// Our validator code generator (lib/codegen/own-validators.ts) against Ajv's standalone code, as
// the generated modules compiled every body before: for each body schema of made-up specs (shared,
// recursive, nested, allOf/anyOf/oneOf/not, nullable, pattern, format, additionalProperties
// schemas...), both are compiled and run on bodies made from the schema and mutations of them: the
// same verdict and the same errors (instancePath, schemaPath, keyword, params, message, in order).
// A schema using a keyword it does not write, or reaching one that does, is left to Ajv.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { writeAjvRuntime } from './ajv-runtime.mjs';
import { mutations } from './mutations.mjs';
import { ajvDocument, bodySchemaPointers, schemaCompiler, standaloneValidators } from '../../lib/codegen/ajv-standalone.ts';
import { NOT_OURS, OURS } from '../../lib/codegen/own-validators.ts';
import { getAt, parsePointer } from '../../lib/spec/json-pointer.ts';
import { AJV_OPTIONS, specModel } from '../../lib/spec/spec-model.ts';

const ref = (to) => ({ $ref: `#/components/schemas/${to}` });
const json = (schema) => ({ description: 'a body', content: { 'application/json': { schema } } });

/** An OAS 3.0 document (nullable, boolean exclusive bounds: converted by the spec model) using every keyword we write. */
const spec30 = {
  openapi: '3.0.3',
  info: { title: 'made up', version: '1' },
  paths: {
    '/items': {
      get: { responses: { 200: json({ type: 'array', maxItems: 4, items: ref('Item') }), default: json(ref('Problem')) } },
      post: {
        requestBody: { content: { 'application/json': { schema: ref('NewItem') } } },
        responses: { 201: json(ref('Item')), 422: json(ref('Problem')) },
      },
    },
    '/tree': { get: { responses: { 200: json(ref('Node')) } } },
    '/shapes': {
      get: { responses: { 200: json({ type: 'object', additionalProperties: ref('Shape'), minProperties: 1, maxProperties: 3 }) } },
    },
  },
  components: {
    schemas: {
      Id: { type: 'string', pattern: '^[a-z][a-z0-9-]*$', minLength: 2, maxLength: 12 },
      Money: {
        type: 'object',
        required: ['amount', 'currency'],
        additionalProperties: false,
        properties: {
          amount: { type: 'number', minimum: 0, exclusiveMaximum: true, maximum: 1000, multipleOf: 0.5 },
          currency: { type: 'string', enum: ['usd', 'eur'] },
        },
      },
      Item: {
        allOf: [
          ref('NewItem'),
          {
            type: 'object',
            required: ['id', 'created'],
            properties: {
              id: ref('Id'),
              created: { type: 'string', format: 'date-time' },
              owner: { type: 'string', format: 'email', nullable: true },
              uuid: { type: 'string', format: 'uuid' },
              count: { type: 'integer', format: 'int32', minimum: 1, exclusiveMinimum: true },
            },
          },
        ],
      },
      NewItem: {
        type: 'object',
        required: ['name', 'price'],
        properties: {
          name: { type: 'string', minLength: 1, pattern: '^\\p{L}[\\p{L} ]*$' },
          price: ref('Money'),
          tags: { type: 'array', items: { type: 'string' }, uniqueItems: true, minItems: 1 },
          codes: { type: 'array', items: { type: ['string', 'integer'] }, uniqueItems: true },
          points: { type: 'array', items: { type: 'object' }, uniqueItems: true },
          'a/b~c': { type: 'boolean' },
          kind: { enum: ['a', { x: 1 }, null, 2] },
          fixed: { type: 'object', properties: { k: { type: 'string' } }, additionalProperties: { type: 'integer', maximum: 9 } },
          note: { type: 'string', nullable: true, not: { type: 'string', maxLength: 0 } },
        },
      },
      Node: {
        type: 'object',
        required: ['id'],
        properties: {
          id: ref('Id'),
          children: { type: 'array', items: ref('Node') },
          parent: { oneOf: [ref('Node'), { type: 'string' }], nullable: true },
        },
      },
      Shape: {
        oneOf: [
          { type: 'object', required: ['r'], properties: { r: { type: 'number' } } },
          { type: 'object', required: ['w', 'h'], properties: { w: { type: 'number' }, h: { type: 'number' } } },
          { type: 'object', properties: { label: { type: 'string' } } },
        ],
      },
      Problem: {
        type: 'object',
        required: ['title'],
        properties: {
          title: { type: 'string' },
          status: { type: 'integer', minimum: 100, maximum: 599 },
          detail: { anyOf: [{ type: 'string', maxLength: 5 }, { type: 'integer' }, { type: 'array', maxItems: 1 }] },
        },
      },
    },
  },
};

/** An OAS 3.1 document: const, prefixItems, items false, false subschemas, type arrays, $ref beside keywords, a reference into paths. */
const spec31 = {
  openapi: '3.1.0',
  info: { title: 'made up', version: '1' },
  paths: {
    '/pairs': {
      get: {
        responses: {
          200: json({
            type: 'object',
            required: ['pair', 'version'],
            properties: {
              pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false, minItems: 1 },
              rest: { type: 'array', prefixItems: [{ const: 'head' }], items: { type: 'number' } },
              version: { const: { major: 1, tags: ['a'] } },
              never: false,
              maybe: { type: ['string', 'null'], maxLength: 3 },
              limited: { $ref: '#/components/schemas/Limited', type: 'object', required: ['n'] },
              either: { type: ['object', 'array', 'null'], minItems: 2, minProperties: 1 },
            },
          }),
        },
      },
    },
    '/again': {
      get: {
        responses: {
          200: json({
            type: 'object',
            properties: { inner: { $ref: '#/paths/~1pairs/get/responses/200/content/application~1json/schema' } },
          }),
        },
      },
    },
  },
  components: {
    schemas: {
      Limited: { properties: { n: { type: 'integer', multipleOf: 3 } }, not: { required: ['forbidden'] } },
    },
  },
};

/** A valid-looking value of `schema`, references followed; shallow past `depth`. */
function sample(doc, schema, depth = 0) {
  if (schema === true || schema === undefined) return 'x';
  if (schema === false) return undefined;
  if (schema.$ref) return sample(doc, getAt(doc, parsePointer(schema.$ref)), depth);
  if (schema.const !== undefined) return structuredClone(schema.const);
  if (schema.enum) return structuredClone(schema.enum[depth % schema.enum.length]);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => sample(doc, s, depth)));
  if (schema.oneOf) return sample(doc, schema.oneOf[depth % schema.oneOf.length], depth + 1);
  if (schema.anyOf) return sample(doc, schema.anyOf[depth % schema.anyOf.length], depth + 1);
  const type = [schema.type].flat()[0] ?? (schema.properties ? 'object' : 'string');
  if (type === 'null') return null;
  if (type === 'boolean') return true;
  if (type === 'integer') return 6;
  if (type === 'number') return 1.5;
  if (type === 'string') {
    return (
      { 'date-time': '2020-01-02T03:04:05Z', email: 'a@b.co', uuid: '123e4567-e89b-12d3-a456-426614174000' }[schema.format] ?? `ab${depth}`
    );
  }
  if (type === 'array') {
    if (schema.prefixItems) return schema.prefixItems.map((s) => sample(doc, s, depth + 1));
    return depth > 2 ? [] : [sample(doc, schema.items, depth + 1)];
  }
  const out = {};
  for (const [name, s] of Object.entries(schema.properties ?? {})) {
    if (s !== false && (depth < 3 || schema.required?.includes(name))) out[name] = sample(doc, s, depth + 1);
  }
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
    out.more = sample(doc, schema.additionalProperties, depth + 1);
  return out;
}

/** Bodies made from `value` (mutations.mjs): it, and each place of it replaced, removed or added to (mostly invalid). */
const variants = (value) =>
  mutations(value, {
    wholes: [null, 'text', [], {}, 7],
    others: [
      null,
      'Zz!',
      '',
      'é',
      -1,
      0,
      1.5,
      2,
      1000,
      true,
      {},
      [],
      ['a', 'a'],
      [1, '1'],
      [{ a: 1 }, { a: 1 }],
      'a'.repeat(20),
      // lengths count code points: 2 and 12, in 4 and 18 UTF-16 units
      '\u{1F600}'.repeat(2),
      'a\u{1F600}'.repeat(6),
    ],
    added: { extra: 1, forbidden: true, r: 1, w: 2, h: 3 },
    appended: (list) => [list[0] ?? 1, list[0] ?? 1, {}],
  });

let dir;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'capi-own-validators-'));
  writeAjvRuntime(dir);
});
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

let loaded = 0;
async function load(body, names, used) {
  const file = join(dir, `m${loaded++}.mjs`);
  const imports = used.size ? `import { ${[...used].join(', ')} } from './runtime.mjs';\n` : '';
  writeFileSync(file, `${imports}${body}\nexport { ${[...new Set(names)].join(', ')} };\n`);
  return import(pathToFileURL(file).href);
}

/** Each body schema's validator by Ajv alone (as before) and as the generated modules compile it now, loaded. */
async function bothWays(spec) {
  const model = specModel(spec);
  const pointers = bodySchemaPointers(model);
  const doc = ajvDocument(model, pointers);
  const ajv = new Ajv2020({ ...AJV_OPTIONS, inlineRefs: false, code: { source: true, esm: true } });
  addFormats.default(ajv);
  ajv.addSchema(ajvDocument(model, pointers), 'spec');
  const byAjv = standaloneValidators({ ajv, compiled: 0 }); // no document: every body Ajv's
  const compiler = schemaCompiler(doc);
  const now = standaloneValidators(compiler);
  const a = pointers.map((p) => byAjv.add(p, model.at(p)));
  const b = pointers.map((p) => now.add(p, model.at(p)));
  const [codeA, codeB] = [byAjv.code('ajv'), now.code('ours')];
  const [modA, modB] = [await load(codeA.code, a, codeA.used), await load(codeB.code, b, codeB.used)];
  return { model, doc, pointers, code: codeB.code, compiler, ajvs: a.map((n) => modA[n]), ours: b.map((n) => modB[n]) };
}

/** Every body schema's two validators on bodies made from it: the same verdicts and errors. */
function agree({ model, doc, pointers, ajvs, ours }) {
  let checked = 0;
  let rejected = 0;
  for (const [i, pointer] of pointers.entries()) {
    for (const body of variants(sample(doc, model.at(pointer)))) {
      const verdict = ajvs[i](body);
      expect(ours[i](body), `${pointer} ${JSON.stringify(body)}`).toBe(verdict);
      expect(ours[i].errors, `${pointer} ${JSON.stringify(body)}`).toEqual(ajvs[i].errors);
      checked++;
      if (!verdict) rejected++;
    }
  }
  return { checked, rejected };
}

describe('own validators', () => {
  it.each([
    ['OAS 3.0', spec30],
    ['OAS 3.1', spec31],
  ])('%s: every body is ours, with Ajv’s verdicts and errors, and Ajv is never made', async (_name, spec) => {
    const both = await bothWays(spec);
    expect(both.code).toMatch(/function ownValidate\d+\(/);
    expect(both.code).not.toMatch(/function validate\d+\(/);
    expect(both.compiler.compiled).toBe(0);
    const { checked, rejected } = agree(both);
    expect(checked).toBeGreaterThan(300);
    expect(rejected).toBeGreaterThan(checked / 3);
    expect(checked - rejected).toBeGreaterThan(10);
  });

  it('a schema using a keyword we do not write, or reaching one, is Ajv’s; the others stay ours', async () => {
    const spec = structuredClone(spec30);
    spec.components.schemas.Money.propertyNames = { maxLength: 8 };
    const both = await bothWays(spec);
    // Money is reached by every items body (NewItem, Item): those are Ajv's; the tree and shapes stay ours
    expect(both.code).toMatch(/function validate\d+\(/);
    const ours = (p) => both.code.includes(`const v${both.pointers.indexOf(p)} = ownValidate`);
    const tree = both.pointers.find((p) => p.startsWith('#/paths/~1tree/'));
    const items = both.pointers.find((p) => p.startsWith('#/paths/~1items/get/responses/200/'));
    expect(ours(tree)).toBe(true);
    expect(ours(items)).toBe(false);
    expect(both.compiler.compiled).toBeGreaterThan(0);
    expect(agree(both).checked).toBeGreaterThan(500);
  });

  it('every keyword Ajv validates with is either written here or left to Ajv', () => {
    const ajv = new Ajv2020({ ...AJV_OPTIONS });
    addFormats.default(ajv);
    // $comment has code only with Ajv's $comment option
    const keywords = Object.keys(ajv.RULES.all).filter((k) => k !== '$comment');
    expect(keywords.filter((k) => !OURS.has(k) && !NOT_OURS.has(k))).toEqual([]);
    expect([...OURS].filter((k) => NOT_OURS.has(k))).toEqual([]);
  });
});
