// A schema may name a property `constructor`, `toString` or `hasOwnProperty` (members of every
// JavaScript object). A validator must look such a property up on the value itself: Ajv's code
// read `data.constructor`, found Object's function on a body without one, and a valid answer was
// a contract violation ("must be string"), in the generated validators and in the spec model
// (contract tests, verify, the fakes) alike (AJV_OPTIONS ownProperties).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatorsModule } from '../../lib/codegen/validators-codegen.ts';
import { specModel } from '../../lib/spec/spec-model.ts';
import { writeAjvRuntime } from './ajv-runtime.mjs';

const doc = {
  openapi: '3.1.0',
  info: { title: 'prototype names', version: '1' },
  paths: {
    '/things': {
      get: {
        responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } },
      },
    },
  },
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
    },
  },
};
const valid = [{ id: 'a' }, { id: 'a', constructor: 'Brawn GP', toString: 1, hasOwnProperty: true }];
const invalid = [{ id: 'a', constructor: 7 }, { id: 'a', toString: 'x' }, { constructor: 'x' }];

let dir;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'capi-prototype-names-'));
  writeAjvRuntime(dir);
});
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('a schema property named like a member of every object (constructor, toString, hasOwnProperty)', () => {
  it('the generated validator checks it only where the body has it', async () => {
    const file = join(dir, 'validators.mjs');
    const text = validatorsModule(doc, { runtime: './runtime.mjs' });
    writeFileSync(file, text.replace(/^import type .*$/m, '').replace(/^export const validators: \w+ =/m, 'export const validators ='));
    const check = (await import(pathToFileURL(file).href)).validators['GET /things']['200']['application/json'];
    for (const body of valid) expect(check(body), JSON.stringify(check.errors)).toBe(true);
    for (const body of invalid) expect(check(body), JSON.stringify(body)).toBe(false);
  });

  it('the spec model reads it the same way', () => {
    const model = specModel(doc);
    for (const body of valid) expect(model.validate('#/components/schemas/Thing', body)).toMatchObject({ ok: true, errors: [] });
    for (const body of invalid) expect(model.validate('#/components/schemas/Thing', body).ok, JSON.stringify(body)).toBe(false);
  });
});
