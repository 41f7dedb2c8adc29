// The document Ajv compiles the generated modules' validators from, cut to what their body schemas
// reach (lib/codegen/ajv-standalone.ts reachedDocument): the schemas nothing uses and the rest of
// the document are left out; validators.gen.ts and fake.gen.ts are the modules compiled from the
// whole document, and their validators give the same verdicts and errors on valid and invalid
// bodies made from the schemas, for a spec with shared, recursive and nested components and
// references into arrays and into paths; what cannot be told reached (an anchor, a dynamic or
// dangling reference) compiles from the whole document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeAjvRuntime } from './ajv-runtime.mjs';
import { ajvDocument, bodySchemaPointers, reachedDocument, schemaCompiler } from '../../lib/codegen/ajv-standalone.ts';
import { fakeModule } from '../../lib/codegen/fake-model.ts';
import { validatorsModule } from '../../lib/codegen/validators-codegen.ts';
import { getAt, parsePointer } from '../../lib/spec/json-pointer.ts';
import { specModel } from '../../lib/spec/spec-model.ts';

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

/** Bodies made from `value`: it, and each place of it replaced, removed or added to (mostly invalid). */
function variants(value) {
  const out = [value, null, 'text', [], {}];
  const places = [];
  const walk = (v, path) => {
    places.push(path);
    if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) walk(v[k], [...path, k]);
  };
  walk(value, []);
  const edit = (path, fn) => {
    const copy = structuredClone(value);
    if (!path.length) return fn(undefined, undefined, copy);
    const parent = path.slice(0, -1).reduce((o, k) => o[k], copy);
    fn(parent, path[path.length - 1], copy);
    return copy;
  };
  for (const path of places.filter((p) => p.length)) {
    for (const other of [null, 'Zz!', 'a', -1, 1.5, true, {}, [], 'eur']) {
      out.push(
        edit(path, (parent, key) => {
          parent[key] = other;
        }),
      );
    }
    out.push(
      edit(path, (parent, key) => {
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
      }),
    );
    out.push(
      edit(path, (parent, key) => {
        if (parent[key] !== null && typeof parent[key] === 'object' && !Array.isArray(parent[key])) parent[key].extra = 1;
        else if (Array.isArray(parent[key])) parent[key].push(parent[key][0] ?? 1, {});
      }),
    );
  }
  return out;
}

let dir;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'capi-ajv-reached-'));
  writeAjvRuntime(dir);
});
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

/** validators.gen.ts's text as a module of this directory (its type-only lines removed). */
async function load(name, source) {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, source.replace(/^import type .*$/m, '').replace(/^export const validators: \w+ =/m, 'export const validators ='));
  return (await import(pathToFileURL(file).href)).validators;
}

/** Both modules from a compiler over the whole document and one over what the bodies reach. */
function bothWays(doc) {
  const model = specModel(doc);
  const whole = schemaCompiler(ajvDocument(model));
  const reached = schemaCompiler(ajvDocument(model, bodySchemaPointers(model)));
  const modules = (compiler) => ({
    validators: validatorsModule(doc, { model, compiler, runtime: './runtime.mjs' }),
    fake: fakeModule(doc, { model, compiler }),
  });
  return { model, whole: modules(whole), reached: modules(reached), compiled: [whole.compiled, reached.compiled] };
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

  it('the modules are those compiled from the whole document, and their validators agree on every body', async () => {
    const { model, whole, reached, compiled } = bothWays(spec);
    expect(reached).toEqual(whole);
    expect(compiled[1]).toBe(compiled[0]); // the same functions (nothing unused was compiled before either)
    const before = await load('whole', whole.validators);
    const after = await load('reached', reached.validators);
    let checked = 0;
    let rejected = 0;
    for (const op of model.operations) {
      for (const res of op.responses) {
        const media = res.json;
        if (!media?.schemaPointer) continue;
        const a = before[op.key][res.status]['application/json'];
        const b = after[op.key][res.status]['application/json'];
        for (const body of variants(sample(model.doc, model.at(media.schemaPointer)))) {
          const verdict = a(body);
          expect(b(body), `${op.key} ${res.status} ${JSON.stringify(body)}`).toBe(verdict);
          expect(b.errors).toEqual(a.errors);
          expect(verdict).toBe(model.validate(media.schemaPointer, body).ok);
          checked++;
          if (!verdict) rejected++;
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
    expect(rejected).toBeGreaterThan(checked / 3);
    expect(checked - rejected).toBeGreaterThan(5);
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
