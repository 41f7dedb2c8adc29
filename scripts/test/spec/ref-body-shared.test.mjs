// A request or response body whose schema is only a reference (`{ $ref: '#/components/schemas/A' }`)
// is validated by its component's function (spec-model.ts validate, as ajv-standalone.ts shares it
// for the generated validators): not compiled again as a schema of its own. The verdicts and the
// errors (their places too) are the component's. Compilations are counted at Ajv's own compiler
// (`compileSchema` of ajv/dist/compile, which Ajv reads from its module at each call).
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { specModel } from '../../lib/spec/spec-model.ts';

const require = createRequire(import.meta.url);
const compile = require('ajv/dist/compile/index.js');

const body = (name) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } });
const doc = {
  openapi: '3.1.0',
  info: { title: 'shared', version: '1' },
  paths: {
    '/things': {
      post: {
        requestBody: body('Thing'),
        responses: { 201: { description: 'made', ...body('Thing') }, 200: { description: 'alias', ...body('Alias') } },
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        required: ['name', 'size'],
        properties: { name: { type: 'string', minLength: 2 }, size: { type: 'integer', maximum: 9 } },
      },
      // a reference to a reference
      Alias: { $ref: '#/components/schemas/Thing' },
    },
  },
};
const request = '#/paths/~1things/post/requestBody/content/application~1json/schema';
const made = '#/paths/~1things/post/responses/201/content/application~1json/schema';
const alias = '#/paths/~1things/post/responses/200/content/application~1json/schema';
const thing = '#/components/schemas/Thing';

let compiled;
let original;
beforeEach(() => {
  compiled = [];
  original = compile.compileSchema;
  compile.compileSchema = function (env) {
    compiled.push(env.baseId ?? '');
    return original.call(this, env);
  };
});
afterEach(() => {
  compile.compileSchema = original;
});

const values = [{ name: 'ab', size: 3 }, { name: 'a', size: 30 }, { size: 'x' }, 'text'];

describe("a body that is only a $ref is validated by its component's function", () => {
  it('compiles the component once for every body that refers to it (through a reference to a reference too)', () => {
    const model = specModel(structuredClone(doc));
    model.validate(request, values[0]);
    const first = compiled.length;
    expect(first).toBeGreaterThan(0);
    for (const p of [made, alias, thing]) model.validate(p, values[1]);
    expect(compiled.length).toBe(first);
    // a coercing validator is another Ajv: compiled once there too, then shared
    model.validate(request, values[0], { coerce: true });
    const coerced = compiled.length;
    model.validate(thing, values[0], { coerce: true });
    expect(compiled.length).toBe(coerced);
  });

  it('answers as the component does: the same verdicts, errors and places', () => {
    const model = specModel(structuredClone(doc));
    for (const value of values) {
      const own = model.validate(thing, value);
      for (const p of [request, made, alias]) expect(model.validate(p, value), `${p} ${JSON.stringify(value)}`).toEqual(own);
    }
    expect(model.validate(request, values[1])).toEqual({
      ok: false,
      errors: ['/name must NOT have fewer than 2 characters', '/size must be <= 9'],
      schemaPaths: [`${thing}/properties/name/minLength`, `${thing}/properties/size/maximum`],
    });
  });
});
