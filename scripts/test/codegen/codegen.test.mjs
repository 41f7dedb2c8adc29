// scripts/commands/codegen.ts on broken specs: a clear message (provider, file, line, problem), a
// non-zero exit, and the previous generated output left exactly as it was.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoCopy, runScript } from '../helpers.mjs';
import { loadProviders } from '../../lib/registry/registry.ts';

// One built copy of the repository's specs; each test works on a fresh copy of it.
let base;
let repo;
beforeAll(async () => {
  base = repoCopy();
  expect((await runScript('commands/build-spec.ts', ['--root', base.dir, 'salesive', 'bitbybit'])).status).toBe(0);
  expect((await runScript('commands/codegen.ts', ['--root', base.dir, 'salesive', 'bitbybit'])).status).toBe(0);
});
afterAll(() => base.cleanup());
beforeEach(() => {
  const dir = mkdtempSync(join(tmpdir(), 'capi-codegen-'));
  cpSync(base.dir, dir, { recursive: true });
  repo = { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
});
afterEach(() => repo.cleanup());

const effective = () => join(repo.dir, 'specs/salesive/effective.yaml');
const generated = () => join(repo.dir, 'packages/salesive/src/generated');
const snapshot = () => Object.fromEntries(readdirSync(generated()).map((f) => [f, readFileSync(join(generated(), f), 'utf8')]));

/** Replaces the first occurrence of `from` in the effective spec; returns the 1-based line of the change. */
function breakSpec(from, to) {
  const text = readFileSync(effective(), 'utf8');
  const at = text.indexOf(from);
  expect(at).toBeGreaterThan(-1);
  writeFileSync(effective(), text.slice(0, at) + to + text.slice(at + from.length));
  return text.slice(0, at).split('\n').length;
}

describe('commands/codegen.ts', () => {
  it('writes marked, typed output for a valid spec', () => {
    const files = snapshot();
    expect(Object.keys(files).sort()).toEqual(['api.gen.ts', 'fake.gen.ts', 'schema.gen.ts', 'validators.gen.ts']);
    for (const text of Object.values(files)) expect(text.startsWith('// GENERATED FILE - do not edit.')).toBe(true);
    expect(files['schema.gen.ts']).toMatch(/"\/customers\/\{id\}": \{/);
    expect(files['api.gen.ts']).toMatch(/export type CustomerUpdate = components\['schemas'\]\['CustomerUpdate'\];/);
    expect(files['api.gen.ts']).toMatch(/"servers": \[\s*"https:\/\/api\.salesive\.com\/api\/v1"/);
    // the response validators: loaded by `spec` only when asked for (a dynamic import)
    expect(files['api.gen.ts']).toContain(`  validators: () => import('./validators.gen.js'),\n} as const;`);
    expect(files['validators.gen.ts']).toMatch(
      /^export const validators: ResponseValidators = \{\n {2}"PUT \/customers\/\{id\}": \{ "200": /m,
    );
  });

  it('generates when only a vendor extension is off the structure Redocly expects (x-logo as a string)', async () => {
    breakSpec('\ninfo:\n', '\ninfo:\n  x-logo: https://example.com/logo.png\n');
    const res = await runScript('commands/codegen.ts', ['--root', repo.dir, 'salesive']);
    expect(res.status, res.stderr).toBe(0);
  });

  it.each([
    ['malformed YAML', 'minProperties: 1', 'minProperties: one: 1', /malformed YAML: Nested mappings/],
    ['a dangling $ref', "$ref: '#/components/schemas/CustomerUpdate'", "$ref: '#/components/schemas/CustomerUpdat'", /Can't resolve \$ref/],
    ['an invalid schema', 'minProperties: 1', 'minProperties: lots', /minProperties|Expected type/],
  ])('fails on %s with provider, file and line, and keeps the previous output', async (_name, from, to, problem) => {
    const before = snapshot();
    const line = breakSpec(from, to);
    const res = await runScript('commands/codegen.ts', ['--root', repo.dir, 'salesive', 'bitbybit']);
    expect(res.status).toBe(1);
    const first = res.stderr.split('\n').find((l) => l.startsWith('error:'));
    expect(first).toMatch(new RegExp(`^error: \\[salesive\\] specs/salesive/effective\\.yaml:${line}(:\\d+)?: `));
    expect(res.stderr).toMatch(problem);
    expect(res.stderr).toMatch(/1 of 2 provider\(s\) failed; their previous generated files were kept/);
    expect(res.stderr).not.toMatch(/\n\s+at /); // a user error, not a stack trace
    expect(snapshot()).toEqual(before);
    // the other provider was still generated
    expect(res.stdout).toMatch(/types bitbybit:/);
    expect(readdirSync(generated()).some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('names an unknown provider and lists the known ones', async () => {
    const res = await runScript('commands/codegen.ts', ['--root', repo.dir, 'nosuch']);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(
      `unknown provider "nosuch". Known: ${loadProviders(repo.dir)
        .map((p) => p.name)
        .join(', ')}.`,
    );
    expect(res.stderr).toMatch(/Known: bitbybit, teamcrm, imprint, profiles, salesive\b/);
  });

  it('reports a missing effective spec with the command that builds it', async () => {
    const res = await runScript('commands/codegen.ts', ['--root', repo.dir, 'imprint']);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(
      /\[imprint\] specs\/imprint\/effective\.yaml: cannot read file \(ENOENT\): build it first: npm run capi -- build-spec imprint/,
    );
    expect(existsSync(join(repo.dir, 'packages/imprint/src/generated'))).toBe(false);
  });
});
