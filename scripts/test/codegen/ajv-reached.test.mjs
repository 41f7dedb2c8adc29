// The validators of the generated modules (validators.gen.ts, fake.gen.ts) as lib/codegen/
// ajv-standalone.ts compiles them, against the way they were compiled before (Ajv2020 as it comes,
// over the whole document): Ajv is given only what the body schemas reach (reachedDocument: the
// schemas nothing uses and the rest of the document left out), and, when the document uses no
// unevaluated*/dynamic keyword, writes no evaluated-property tracking nor dynamic anchors. Every
// body schema's validator gives the same verdict and the same errors as before on valid and
// invalid bodies made from the schemas, for a spec with shared, recursive and nested components and
// references into arrays and into paths, and for one using unevaluatedProperties (which keeps the
// tracking); what cannot be told reached (an anchor, a dynamic or dangling reference) compiles
// from the whole document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { writeAjvRuntime } from './ajv-runtime.mjs';
import { mutations } from './mutations.mjs';
import {
  ajvDocument,
  bodySchemaPointers,
  reachedDocument,
  schemaCompiler,
  standaloneValidators,
} from '../../lib/codegen/ajv-standalone.ts';
import { fakeModule } from '../../lib/codegen/fake-model.ts';
import { validatorsModule } from '../../lib/codegen/validators-codegen.ts';
import { getAt, parsePointer } from '../../lib/spec/json-pointer.ts';
import { AJV_OPTIONS, specModel } from '../../lib/spec/spec-model.ts';

const ref = (to) => ({ $ref: `#/components/schemas/${to}` });
const json = (schema, description = 'a body') => ({ description, content: { 'application/json': { schema } } });

const spec = {
  openapi: '3.1.0',
  info: { title: 'made up', version: '1', description: 'left out of what Ajv compiles' },
  paths: {
    '/orders': {
      parameters: [{ name: 'q', in: 'query', description: 'a parameter', schema: { type: 'string' } }],
      post: {
        requestBody: { $ref: '#/components/requestBodies/NewOrder' },
        responses: {
          201: json(ref('Order')),
          400: json({
            type: 'object',
            required: ['message'],
            properties: {
              message: { type: 'string', maxLength: 20 },
              // a reference into paths: the 201 body
              order: { $ref: '#/paths/~1orders/post/responses/201/content/application~1json/schema' },
            },
          }),
        },
      },
    },
    '/tree': { get: { responses: { 200: { $ref: '#/components/responses/Tree' } } } },
    '/money': { get: { responses: { 200: json({ type: 'array', maxItems: 3, items: ref('Money') }) } } },
  },
  components: {
    schemas: {
      Id: { type: 'string', minLength: 2, pattern: '^[a-z0-9]+$', description: 'shared by most' },
      Money: {
        type: 'object',
        required: ['amount', 'currency'],
        properties: { amount: { type: 'integer', minimum: 0 }, currency: { enum: ['usd', 'eur'] } },
        additionalProperties: false,
      },
      // recursive, directly and through oneOf
      Node: {
        type: 'object',
        required: ['id'],
        properties: {
          id: ref('Id'),
          children: { type: 'array', items: ref('Node') },
          parent: { oneOf: [ref('Node'), { type: 'null' }] },
        },
      },
      // a nested place of a component (Money's amount)
      Base: {
        type: 'object',
        required: ['id'],
        properties: {
          id: ref('Id'),
          weight: { $ref: '#/components/schemas/Money/properties/amount' },
          // places of components no body reaches whole: inside an object, inside an array
          max: { $ref: '#/components/schemas/Limits/properties/max' },
          code: { $ref: '#/components/schemas/Shapes/anyOf/0' },
        },
      },
      Limits: { type: 'object', description: 'left out', properties: { max: { type: 'integer', maximum: 100 }, min: { type: 'integer' } } },
      Shapes: { anyOf: [{ type: 'string', maxLength: 3 }, { type: 'integer' }] },
      // a place inside an array (its allOf) reached from within
      Order: {
        allOf: [
          ref('Base'),
          {
            type: 'object',
            required: ['total'],
            properties: {
              total: ref('Money'),
              lines: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['sku'],
                  properties: { sku: ref('Id'), price: { $ref: '#/components/schemas/Order/allOf/1/properties/total' } },
                },
              },
            },
          },
        ],
      },
      Unused: { type: 'object', properties: { other: ref('AlsoUnused') } },
      AlsoUnused: { type: 'string', format: 'email' },
    },
    requestBodies: { NewOrder: { required: true, content: { 'application/json': { schema: ref('Order') } } } },
    responses: { Tree: json(ref('Node'), 'a tree') },
  },
};

/** A valid value of `schema` (of the model's document), references followed; shallow past `depth`. */
function sample(doc, schema, depth = 0) {
  if (schema.$ref) return sample(doc, getAt(doc, parsePointer(schema.$ref)), depth);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => sample(doc, s, depth)));
  if (schema.oneOf) return sample(doc, schema.oneOf[depth > 1 ? schema.oneOf.length - 1 : 0], depth + 1);
  if (schema.enum) return schema.enum[depth % schema.enum.length];
  if (schema.type === 'null') return null;
  if (schema.type === 'string') return `ab${depth}`;
  if (schema.type === 'integer') return depth + 1;
  if (schema.type === 'array') return depth > 2 ? [] : [sample(doc, schema.items, depth + 1)];
  const out = {};
  for (const [name, s] of Object.entries(schema.properties ?? {})) {
    if (depth < 3 || schema.required?.includes(name)) out[name] = sample(doc, s, depth + 1);
  }
  return out;
}

/** Bodies made from `value` (mutations.mjs): it, and each place of it replaced, removed or added to (mostly invalid). */
const variants = (value) =>
  mutations(value, {
    wholes: [null, 'text', [], {}],
    others: [null, 'Zz!', 'a', -1, 1.5, true, {}, [], 'eur'],
    added: { extra: 1 },
    appended: (list) => [list[0] ?? 1, {}],
  });

let dir;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'capi-ajv-reached-'));
  writeAjvRuntime(dir);
});
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

/** Standalone validators' code (standaloneValidators: `used`, the helpers it imports) as a module of this directory exporting `names`. */
let loaded = 0;
async function load(body, names, used) {
  const file = join(dir, `m${loaded++}.mjs`);
  const imports = used.size ? `import { ${[...used].join(', ')} } from './runtime.mjs';\n` : '';
  writeFileSync(file, `${imports}${body}\nexport { ${names.join(', ')} };\n`);
  return import(pathToFileURL(file).href);
}

/**
 * Each body schema's validator compiled as before (Ajv2020 as it comes, over the whole document
 * without annotations, through the same standaloneValidators) and as the generated modules
 * compile it now (schemaCompiler over what the bodies reach), loaded.
 */
async function beforeAndNow(doc) {
  const model = specModel(doc);
  const pointers = bodySchemaPointers(model);
  const ajv = new Ajv2020({ ...AJV_OPTIONS, inlineRefs: false, code: { source: true, esm: true } });
  addFormats.default(ajv);
  ajv.addSchema(ajvDocument(model), 'spec');
  const old = standaloneValidators({ ajv, compiled: 0 });
  const then = pointers.map((p) => old.add(p, model.at(p)));
  const { code: oldCode, used: oldUsed } = old.code('the test');
  const before = await load(oldCode, [...new Set(then)], oldUsed);
  const validators = standaloneValidators(schemaCompiler(ajvDocument(model, pointers)));
  const now = pointers.map((p) => validators.add(p, model.at(p)));
  const { code, used } = validators.code('the test');
  const after = await load(code, [...new Set(now)], used);
  return { model, pointers, before: then.map((n) => before[n]), now: now.map((n) => after[n]), code };
}

/** Checks every body schema's validators on bodies made from it: the same verdicts and errors. */
function agree({ model, pointers, before, now }) {
  let checked = 0;
  let rejected = 0;
  for (const [i, pointer] of pointers.entries()) {
    const [a, b] = [before[i], now[i]];
    for (const body of variants(sample(model.doc, model.at(pointer)))) {
      const verdict = a(body);
      expect(b(body), `${pointer} ${JSON.stringify(body)}`).toBe(verdict);
      expect(b.errors).toEqual(a.errors);
      expect(verdict).toBe(model.validate(pointer, body).ok);
      checked++;
      if (!verdict) rejected++;
    }
  }
  return { checked, rejected };
}

/** validators.gen.ts and fake.gen.ts from a compiler over the whole document and one over what the bodies reach. */
function bothWays(doc) {
  const model = specModel(doc);
  const modules = (compiler) => ({
    validators: validatorsModule(doc, { model, compiler }),
    fake: fakeModule(doc, { model, compiler }),
  });
  return {
    whole: modules(schemaCompiler(ajvDocument(model))),
    reached: modules(schemaCompiler(ajvDocument(model, bodySchemaPointers(model)))),
  };
}

describe('reachedDocument', () => {
  it('leaves out what no body schema reaches, keeps what they reach at its place', () => {
    const model = specModel(spec);
    const cut = reachedDocument(model.doc, bodySchemaPointers(model));
    expect(cut).toBeDefined();
    const schemas = cut.components.schemas;
    expect(Object.keys(schemas).sort()).toEqual(['Base', 'Id', 'Limits', 'Money', 'Node', 'Order', 'Shapes']);
    for (const name of ['Base', 'Id', 'Money', 'Node', 'Order']) expect(schemas[name]).toBe(model.doc.components.schemas[name]);
    // the object holding the array a reached place is in, whole; a reached property alone
    expect(schemas.Shapes).toBe(model.doc.components.schemas.Shapes);
    expect(schemas.Limits).toEqual({ properties: { max: { type: 'integer', maximum: 100 } } });
    expect(cut.info).toBeUndefined();
    expect(cut.paths['/orders'].parameters).toBeUndefined();
    expect(cut.paths['/orders'].post.requestBody).toBeUndefined(); // its schema is reached through components
    expect(cut.components.requestBodies.NewOrder.content['application/json'].schema).toEqual(ref('Order'));
    expect(cut.openapi).toBe('3.1.0');
    const text = JSON.stringify(ajvDocument(model, bodySchemaPointers(model)));
    expect(text).not.toContain('Unused');
    expect(JSON.stringify(ajvDocument(model))).toContain('Unused');
  });

  it('the modules are those compiled from the whole document', () => {
    const { whole, reached } = bothWays(spec);
    expect(reached).toEqual(whole);
  });

  it('every body schema, response and request, gives the verdicts and errors it gave before', async () => {
    const compiled = await beforeAndNow(spec);
    expect(compiled.pointers.length).toBe(5); // four responses, one request body
    // no evaluated-property tracking, no dynamic anchors: the document uses no such keyword
    expect(compiled.code).not.toMatch(/evaluated|dynamicAnchors/);
    const { checked, rejected } = agree(compiled);
    expect(checked).toBeGreaterThan(300);
    expect(rejected).toBeGreaterThan(checked / 3);
    expect(checked - rejected).toBeGreaterThan(5);
  });

  it('a document using unevaluatedProperties keeps the tracking, and its verdicts', async () => {
    const doc = structuredClone(spec);
    doc.components.schemas.Order.unevaluatedProperties = false;
    const compiled = await beforeAndNow(doc);
    expect(compiled.code).toMatch(/evaluated/);
    const order = compiled.pointers.findIndex((p) => p.startsWith('#/components/requestBodies/NewOrder/'));
    const valid = sample(compiled.model.doc, doc.components.schemas.Order);
    expect(compiled.now[order](valid)).toBe(true);
    expect(compiled.now[order]({ ...valid, other: 1 })).toBe(false);
    expect(agree(compiled).checked).toBeGreaterThan(300);
  });

  it.each([
    [
      'an anchor',
      (d) =>
        Object.assign(d.components.schemas.Money, { $anchor: 'cash' }) && (d.components.schemas.Base.properties.w2 = { $ref: '#cash' }),
    ],
    ['a dynamic reference', (d) => (d.components.schemas.Node.properties.d = { $dynamicRef: '#/components/schemas/Id' })],
    ['a reference that leads nowhere', (d) => (d.components.schemas.Id.not = { $ref: '#/components/schemas/Nothing' })],
    ['a reference to the root', (d) => (d.components.schemas.Id.not = { $ref: '#' })],
  ])('compiles from the whole document when a body reaches %s', (_what, change) => {
    const doc = structuredClone(spec);
    change(doc);
    const model = specModel(doc);
    expect(reachedDocument(model.doc, bodySchemaPointers(model))).toBeUndefined();
    expect(ajvDocument(model, bodySchemaPointers(model))).toEqual(ajvDocument(model));
  });
});
