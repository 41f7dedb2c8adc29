// A schema may name a property `constructor`, `toString`, `hasOwnProperty` or `__proto__` (members
// of every JavaScript object). A validator must look such a property up on the value itself
// (Ajv's `ownProperties`, in AJV_OPTIONS): Ajv's code read `data.constructor`, found Object's
// function on a body without one, and a valid answer was a contract violation ("must be string"),
// while a body missing a required `constructor` passed. The spec model (contract tests, verify)
// and the validators generated into the clients and the fakes share the options.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatorsModule } from '../../lib/codegen/validators-codegen.ts';
import { specModel } from '../../lib/spec/spec-model.ts';
import { writeAjvRuntime } from './ajv-runtime.mjs';

const answer = (name) => ({
  get: { responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } } } },
});
// JSON text, as a spec is read: `__proto__` is then a key like any other (in an object literal it
// would set the prototype)
const doc = JSON.parse(
  JSON.stringify({
    openapi: '3.1.0',
    info: { title: 'prototype names', version: '1' },
    paths: { '/things': answer('Thing'), '/cars': answer('Car'), '/protos': answer('Proto') },
    components: {
      schemas: {
        Thing: {
          type: 'object',
          required: ['id'],
          properties: {
            id: { type: 'string' },
            constructor: { type: 'string' },
            toString: { type: 'integer' },
            hasOwnProperty: { type: 'boolean' },
          },
        },
        // a Formula 1 car: its constructor is required
        Car: { type: 'object', required: ['constructor', 'toString'], properties: { constructor: { type: 'string' } } },
        Proto: { type: 'object', required: ['PROTO'], properties: { PROTO: { type: 'string' } } },
      },
    },
  }).replaceAll('PROTO', '__proto__'),
);
// the bodies as a server's JSON text gives them
const bodies = (list) => list.map((b) => JSON.parse(JSON.stringify(b).replaceAll('PROTO', '__proto__')));
const cases = {
  Thing: {
    valid: bodies([{ id: 'a' }, { id: 'a', constructor: 'Brawn GP', toString: 1, hasOwnProperty: true }]),
    invalid: bodies([{ id: 'a', constructor: 7 }, { id: 'a', toString: 'x' }, { constructor: 'x' }]),
  },
  Car: {
    valid: bodies([{ constructor: 'Brawn GP', toString: 'x' }]),
    invalid: bodies([{}, { toString: 'x' }, { constructor: 'Brawn GP' }]),
  },
  // Ajv leaves a `__proto__` out of `properties` on purpose (vocabularies/code.js,
  // allSchemaProperties), so its type is not checked ({ __proto__: 1 } passes); `required` is
  Proto: { valid: bodies([{ PROTO: 'x' }]), invalid: bodies([{}, { other: 'x' }]) },
};

let dir;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'capi-prototype-names-'));
  writeAjvRuntime(dir);
});
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('a schema property named like a member of every object (constructor, toString, hasOwnProperty, __proto__)', () => {
  it('the bodies are what the cases say: __proto__ is an own key of the parsed JSON', () => {
    expect(Object.hasOwn(cases.Proto.valid[0], '__proto__')).toBe(true);
    expect(Object.hasOwn(doc.components.schemas.Proto.properties, '__proto__')).toBe(true);
  });

  it('the generated validator checks it only where the body has it, and a required one must be there', async () => {
    const file = join(dir, 'validators.mjs');
    const text = validatorsModule(doc, { runtime: './runtime.mjs' });
    writeFileSync(file, text.replace(/^import type .*$/m, '').replace(/^export const validators: \w+ =/m, 'export const validators ='));
    const { validators } = await import(pathToFileURL(file).href);
    for (const [name, path] of [
      ['Thing', '/things'],
      ['Car', '/cars'],
      ['Proto', '/protos'],
    ]) {
      const check = validators[`GET ${path}`]['200']['application/json'];
      for (const body of cases[name].valid) expect(check(body), `${name} ${JSON.stringify(check.errors)}`).toBe(true);
      for (const body of cases[name].invalid) expect(check(body), `${name} ${JSON.stringify(body)}`).toBe(false);
    }
  });

  it('the spec model reads it the same way, for answers and requests', () => {
    const model = specModel(doc);
    for (const [name, { valid, invalid }] of Object.entries(cases)) {
      const at = `#/components/schemas/${name}`;
      for (const request of [false, true]) {
        for (const body of valid) expect(model.validate(at, body, { request }), name).toMatchObject({ ok: true, errors: [] });
        for (const body of invalid) expect(model.validate(at, body, { request }).ok, `${name} ${JSON.stringify(body)}`).toBe(false);
      }
    }
    expect(model.validate('#/components/schemas/Car', {}).errors).toEqual([
      "/ must have required property 'constructor'",
      "/ must have required property 'toString'",
    ]);
  });
});
