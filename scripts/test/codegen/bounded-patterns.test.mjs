// A spec's `pattern` runs on untrusted input: the answers the generated validators (and verify,
// with the spec model) check, the request bodies the fakes read. One that backtracks
// catastrophically (`^(a+)+$`) took exponential time on a value of some 40 characters, and a
// JavaScript RegExp cannot be interrupted: a server could hang a client, a request a fake. Every
// validator runs such a pattern as its linear form (the same language), or, where none is known,
// does not check it (boundedPattern, scripts/lib/lint/patterns.ts). A pattern with a Unicode property
// escape (`\p{L}`) is read with the u flag by all of them, as Prism reads it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatorsModule } from '../../lib/codegen/validators-codegen.ts';
import { backtracks } from '../../lib/lint/patterns.ts';
import { specModel } from '../../lib/spec/spec-model.ts';
import { writeAjvRuntime } from './ajv-runtime.mjs';

const doc = {
  openapi: '3.1.0',
  info: { title: 'patterns', version: '1' },
  paths: {
    '/things': {
      get: {
        responses: {
          200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
        },
      },
    },
    '/others': {
      get: {
        responses: {
          200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Other' } } } },
        },
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        properties: {
          // a linear form exists: ^a+$
          code: { type: 'string', pattern: '^(a+)+$' },
          // none is known: not checked
          tag: { type: 'string', pattern: '^(a+b?)+$' },
          plain: { type: 'string', pattern: '^[a-z]{2}$' },
          // alternatives sharing every digit: none known either
          alt: { type: 'string', pattern: '^(\\w|\\d)+$' },
          // a Unicode property escape: letters with the u flag, as Prism reads it (not p, {, L, })
          label: { type: 'string', pattern: '^[\\p{L}_]+$' },
        },
        patternProperties: { '^(x+)+$': { type: 'integer' } },
      },
      // no linear form known for the name: it matches every name (as an empty pattern would)
      Other: { type: 'object', patternProperties: { '^(y+z?)+$': { type: 'integer' }, '^y+$': { minimum: 0 } } },
    },
  },
};
// a value each backtracking pattern takes about 2^40 steps to refuse
const hostile = `${'a'.repeat(40)}!`;

let dir;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'capi-bounded-patterns-'));
  writeAjvRuntime(dir);
});
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('a pattern that backtracks catastrophically', () => {
  it('the generated validators run its linear form, or do not check it: no backtracking RegExp in the module', async () => {
    const text = validatorsModule(doc, { runtime: './runtime.mjs' });
    const sources = [...text.matchAll(/new RegExp\(("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1]));
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.filter((s) => backtracks(s))).toEqual([]);
    expect(sources).toContain('^a+$');
    expect(sources).toContain('^[a-z]{2}$');
    expect(sources).toContain('^x+$');

    const file = join(dir, 'validators.mjs');
    writeFileSync(file, text.replace(/^import type .*$/m, '').replace(/^export const validators: \w+ =/m, 'export const validators ='));
    const { validators } = await import(pathToFileURL(file).href);
    const check = validators['GET /things']['200']['application/json'];
    const other = validators['GET /others']['200']['application/json'];
    // the same language where it has a linear form; the rest of the schema as before
    expect(check({ code: 'aaa', plain: 'ab', xx: 1 })).toBe(true);
    expect(check({ code: 'ab' })).toBe(false);
    expect(check({ plain: 'abc' })).toBe(false);
    expect([check({ label: 'Ünï_a' }), check({ label: '{L}' })]).toEqual([true, false]);
    expect(check({ xxx: 'not an integer' })).toBe(false);
    // no linear form: not checked (it was refused); a patternProperties name matches every name
    expect(check({ tag: 'zzz', alt: '!' })).toBe(true);
    expect(other({ yy: 1, zzz: 2 })).toBe(true);
    expect(other({ zzz: 'not an integer' })).toBe(false);
    expect(other({ yy: -1 })).toBe(false);
    // the values that took exponential time: answered
    expect(check({ code: hostile, tag: hostile, alt: hostile, [hostile.replaceAll('a', 'x')]: 1 })).toBe(false);
    expect(other({ [hostile.replaceAll('a', 'y')]: 1 })).toBe(true);
  });

  it('the spec model (contract tests, verify, the fakes) reads it the same way', () => {
    const model = specModel(doc);
    const pointer = '#/components/schemas/Thing';
    expect(model.validate(pointer, { code: 'aaa', plain: 'ab', xx: 1 }).ok).toBe(true);
    expect(model.validate(pointer, { code: 'ab' }).ok).toBe(false);
    expect([model.validate(pointer, { label: 'Ünï_a' }).ok, model.validate(pointer, { label: '{L}' }).ok]).toEqual([true, false]);
    expect(model.validate(pointer, { xxx: 'not an integer' }).ok).toBe(false);
    expect(model.validate(pointer, { tag: 'zzz' }).ok).toBe(true);
    expect(model.validate('#/components/schemas/Other', { yy: 1, zzz: 2 }).ok).toBe(true);
    expect(model.validate('#/components/schemas/Other', { zzz: 'not an integer' }).ok).toBe(false);
    expect(model.validate('#/components/schemas/Other', { [hostile.replaceAll('a', 'y')]: 1 }).ok).toBe(true);
    expect(model.validate(pointer, { code: hostile, tag: hostile }).errors).toEqual(['/code must match pattern "^(a+)+$"']);
  });
});
